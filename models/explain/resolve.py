"""Which candidates are causes: one answer per move, at the right level of the report cube.

Candidates that describe the same move in two dimensions (their leaves overlap and they move a
factor the same way) are resolved as in Adtributor (Bhagwan et al., NSDI 2014), by surprise, and
then by specificity: a part that carries the whole move of a wider place (the rest of that place
being ordinary without it) is the better answer; a place whose move is only an echo of a kept one
is dropped; a shop-wide move stands when it is broad, not when one big channel drags it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from models.explain.cell import Cell, signature
from models.explain.frame import NONE_LABEL, Frame
from models.explain.funnel import GMV_FACTORS
from models.explain.moves import GMV_TEST, TESTED, PairMoves

__all__ = ["Recheck", "Tables", "dedup", "drill_down", "shop_or_places"]

Recheck = Callable[[Cell, npt.NDArray[np.bool_]], bool]
"""Is this cell's move still unusual in just these leaves?"""
Tables = dict[str, tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]]
"""Per dimension: z, GMV-equivalent unusual move and own noise b, (places, tests) each."""


_SPECIFIC = {"shop": 0, "channel": 1, "category": 1, "product": 2, "campaign": 3, "creative": 4}
_CHILD_SHARE = 0.6
"""A creative that carries at least this share of an overlapping place's move is the cause (and a
drilled part at least this share of its place's)."""
_DRILL = ("category", "product", "campaign")
_DRILL_Z = 2.0
"""Inside a significant place, a part needs only this |z| (the place's test already paid for multiplicity)."""
_BROAD = 0.7
"""Places moving the same way that cover this share of the shop are one shop-wide move."""


def _specific(c: Cell) -> float:
    # "(none)" gathers everything outside ads (organic, creators, unattributed): barely a place.
    return 0.5 if c.value == NONE_LABEL else _SPECIFIC[c.dim]


def dedup(places: list[Cell], still_unusual: Recheck | None) -> list[Cell]:
    """Resolve places that describe the same move.

    Places are taken from the most general dimension to the most specific, each in order of
    surprise (Adtributor: where the share of the shop moved most). A place that moved the same
    factor the same way as a kept overlapping place is the same move: it replaces that place when
    it is more specific (a campaign inside a channel, a creative inside a campaign) and the rest of
    the wider place is ordinary without it (for creatives, whose rows are not part of the report
    cube: when it carries most of the move), else it is dropped. A place is also dropped when what
    is left of it outside the kept places is no longer unusual: a channel whose order value fell
    only because an expensive product inside it stopped selling is an echo, not a cause.
    """
    kept: list[Cell] = []

    def _child_wins(c: Cell, k: Cell, still: Recheck | None) -> bool:
        if k.members is None or c.members is None or _specific(c) <= _specific(k):
            return False
        if still is not None and "creative" not in (c.dim, k.dim):
            rest = k.members & ~c.members
            return not rest.any() or not still(k, rest)  # the rest of the wider place is ordinary
        return abs(c.eq) >= _CHILD_SHARE * abs(k.eq)

    for c in sorted(places, key=lambda c: (_specific(c), -c.surprise, -abs(c.eq), c.dim, c.value, c.factor)):
        assert c.members is not None
        clash = [k for k in kept if k.signature & c.signature and (k.dim, k.index) != (c.dim, c.index)
                 and (k.members is None or bool((k.members & c.members).any()))]
        if clash:
            if all(_child_wins(c, k, still_unusual) for k in clash):
                kept = [k for k in kept if all(k is not x for x in clash)] + [c]
            continue
        if still_unusual is not None and c.dim != "creative":
            inside = [k.members for k in kept if k.members is not None and k.dim != "creative"
                      and (k.dim, k.index) != (c.dim, c.index) and bool((k.members & c.members).any())]
            if inside:
                rest = c.members & ~np.logical_or.reduce(inside)
                if not rest.any() or not still_unusual(c, rest):
                    continue
        kept.append(c)
    return kept


def drill_down(c: Cell, frame: Frame, now: PairMoves, tables: Tables, still_unusual: Recheck) -> Cell:
    """Closed testing down the report cube: once a place is significant, the most specific part
    of it (a product of a category, a campaign of a channel) that carries the move -- the rest of
    the place being ordinary without it -- is the better answer (a category's order value falls
    because its priciest product stopped selling)."""
    if c.members is None or c.dim == "creative" or c.factor == "attribution":
        return c
    best = c
    for name in _DRILL:
        if name not in frame.dims or _SPECIFIC[name] <= _SPECIFIC[best.dim]:
            continue
        dim = frame.dims[name]
        z, eq, own_b = tables[name]
        j = c.test
        for e in range(len(dim.values)):
            inside = dim.members[e] & c.members
            if not inside.any() or (dim.members[e] & ~c.members).any() or dim.values[e] == NONE_LABEL:
                continue
            if eq[e, j] * c.eq <= 0 or abs(eq[e, j]) < _CHILD_SHARE * abs(c.eq) or abs(z[e, j]) < _DRILL_Z:
                continue
            rest = c.members & ~dim.members[e]
            if rest.any() and still_unusual(c, rest):
                continue
            factor, parts = c.factor, c.parts
            if j == GMV_TEST:
                same = [f for f in range(len(GMV_FACTORS)) if eq[e, f] * eq[e, j] > 0]
                if not same:
                    continue
                top = max(same, key=lambda f: abs(eq[e, f]))
                factor, parts = TESTED[top], (top,)
            val = float(eq[e, j])
            if _SPECIFIC[name] > _SPECIFIC[best.dim] or abs(val) > abs(best.eq):
                best = Cell(name, e, dim.values[e], factor, parts, val, float(z[e, j]),
                            c.p, c.surprise, signature(factor, val), dim.members[e], j,
                            (c.noise[0], float(own_b[e, j])), c.z_threshold)
    return best


def shop_or_places(shop: list[Cell], places: list[Cell], now: PairMoves, still_unusual: Recheck) -> list[Cell]:
    """Decide between a shop-wide move and the places that moved the same way.

    When those places cover most of the shop, they are the shop-wide move (one cause, not one per
    channel). Otherwise the shop-wide move stands only if the rest of the shop, without them,
    still moved unusually: a tracking loss in the largest channel also drags the shop's common
    rate, and that is the channel's story, not the shop's.
    """
    out = list(places)
    kept_shop: list[Cell] = []
    for c in shop:
        same = [k for k in out if k.members is not None and k.signature & c.signature]
        if not same:
            kept_shop.append(c)
            continue
        covered = np.logical_or.reduce([k.members for k in same])  # type: ignore[misc]
        w = now.leaf_weight[:, c.test]
        if w.sum() > 0 and float(w[covered].sum()) >= _BROAD * float(w.sum()):
            out = [k for k in out if all(k is not x for x in same)]
            kept_shop.append(c)
        elif still_unusual(c, ~covered):
            kept_shop.append(c)
    return kept_shop + out
