"""Which places and factors carry the change: tests against history, then Adtributor-style choice.

Every (place, factor) whose unusual move is both significant (|z| above a Bonferroni threshold
over all tests, so the false-alarm budget holds for the whole answer) and material (at least
`min_share` of the shop's GMV) is a candidate. A conversion drop offset by as many unattributed
orders in the same place is one candidate: attribution (tracking). Candidates that describe the
same move in two dimensions (their leaves overlap and they move the same factor the same way) are
resolved as in Adtributor (Bhagwan et al., NSDI 2014): the one with the larger Jensen-Shannon
surprise wins, i.e. the place where the move is most concentrated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from models.explain.frame import NONE_LABEL, Frame
from models.explain.funnel import GMV_FACTORS
from models.explain.moves import (
    COST_SIDE,
    GMV_TEST,
    TESTED,
    PairMoves,
    residual_moves,
    rest_of_shop_move,
)
from models.explain.noise import (
    PRIOR,
    VarianceModel,
    fit_variance,
    js_surprise,
    normal_quantile,
    t_quantile,
    t_sf,
)

__all__ = ["Cell", "Selection", "select_cells"]

_CVR, _OTHER = TESTED.index("cvr"), TESTED.index("other_orders")
_N = NormalDist()


@dataclass(frozen=True, slots=True)
class Cell:
    """One candidate cause: a place (or the shop) and a factor, with its unusual move and test."""

    dim: str
    index: int
    """Element index in the dimension; -1 for the shop."""
    value: str
    factor: str
    parts: tuple[int, ...]
    """Indexes into TESTED whose shares make up this cell (two for attribution)."""
    eq: float
    """Unusual move in GMV-equivalent fen."""
    z: float
    p: float
    """Two-sided p-value scaled by the Bonferroni correction: reported cells have p <= the false-alarm rate."""
    surprise: float
    signature: frozenset[tuple[str, int]]
    members: npt.NDArray[np.bool_] | None
    test: int = -1
    """The tested index (into TESTED) this cell passed."""
    noise: tuple[float, float] = (0.0, 0.0)
    """The (a, b) of the place's noise for that test, to re-test what is left of it."""
    z_threshold: float = 0.0


@dataclass(frozen=True, slots=True)
class Selection:
    cells: list[Cell]
    tests: int
    z_threshold: float
    """The largest |z| threshold over the dimensions (the one with the most places)."""
    fitted: bool
    history_pairs: int


def _models(history: Sequence[PairMoves], dim: str) -> list[VarianceModel]:
    if not history:
        return [PRIOR] * len(TESTED)
    out = []
    for j in range(len(TESTED)):
        dev = np.concatenate([h.dims[dim].unusual[:, j] for h in history])
        w = np.concatenate([h.dims[dim].weight[:, j] for h in history])
        c = np.concatenate([h.dims[dim].count[:, j] for h in history])
        out.append(fit_variance(dev, w, c))
    return out


def select_cells(
    frame: Frame, now: PairMoves, history: Sequence[PairMoves], *, alpha: float, min_share: float
) -> Selection:
    """Test every place x factor and the shop-wide moves; return the surviving candidates, deduplicated."""
    dec = now.shop_dec
    g0, g1, c0, c1 = float(dec.g0[0]), float(dec.g1[0]), float(dec.c0[0]), float(dec.c1[0])
    roi = (g0 + g1) / (c0 + c1) if c0 + c1 > 0 else 0.0
    eq_sign = np.where(COST_SIDE, -roi, 1.0)
    floor = max(min_share * 0.5 * (g0 + g1), 1e-9)
    n_places = sum(len(d.values) for d in frame.dims.values())
    tests = len(TESTED) * (1 + n_places)
    # Half the false-alarm budget for the shop-wide tests, half for the places: an equal share per
    # dimension (each is one question: where?), Bonferroni over its places x factors.
    alpha_shop = alpha / 2.0 if n_places else alpha
    alpha_dim = (alpha - alpha_shop) / max(len(frame.dims), 1)
    z_thr = 0.0
    fitted = False
    cells: list[Cell] = []
    # Places answer a big shop-wide move unevenly (a traffic wave cheapens some auctions more than
    # others): part of that move, either way, is normal for any place that day.
    uneven = _UNEVEN * float(np.max(np.abs(np.delete(now.rates, TESTED.index("other_cost")))))
    tables: dict[str, tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]] = {}

    for name, moves in now.dims.items():
        alpha_place = alpha_dim / max(len(TESTED) * len(frame.dims[name].values), 1)
        z_dim = normal_quantile(1.0 - alpha_place / 2.0)
        z_thr = max(z_thr, z_dim)
        models = _models(history, name)
        fitted |= any(m.fitted for m in models)
        dim = frame.dims[name]
        own = [_own_b(models[j], history, name, j) for j in range(len(TESTED))]
        own_b = np.stack([np.full(len(dim.values), models[j].b) if own[j] is None else own[j]  # type: ignore[index]
                          for j in range(len(TESTED))], axis=1)
        sd = np.stack([models[j].sd(moves.weight[:, j], moves.count[:, j], own_b[:, j]) for j in range(len(TESTED))],
                      axis=1)
        sd = np.sqrt(sd**2 + (uneven * moves.weight) ** 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(sd > 0, moves.unusual / np.where(sd > 0, sd, 1.0), 0.0)
        eq = moves.unusual * eq_sign[None, :]
        tables[name] = (z, eq, own_b)
        ok = (np.abs(z) >= z_dim) & (np.abs(eq) >= floor) & (moves.weight > 0)
        for e in range(len(dim.values)):
            share0 = float(moves.dec.g0[e]) / g0 if g0 > 0 else 0.0
            for parts, factor, j in _place_cells(ok[e], eq[e], moves.share[e]):
                val = _signed(factor, float(eq[e, j]), moves.share[e])
                q = max(share0 * g0 + val, 0.0) / max(g0 + val, 1e-9) if g0 > 0 else 0.0
                p = min(1.0, _p(float(z[e, j])) * alpha / alpha_place)
                cells.append(Cell(name, e, dim.values[e], factor, parts, val, float(z[e, j]), p,
                                  js_surprise(share0, q), _signature(factor, val), dim.members[e], j,
                                  (models[j].a, float(own_b[e, j])), z_dim))

    shop_cells, shop_sd, shop_fitted = _shop_cells(now, history, eq_sign, floor, alpha_shop / len(TESTED), alpha)
    fitted |= shop_fitted

    def shop_still_unusual(c: Cell, leaves: npt.NDArray[np.bool_]) -> bool:
        move, share = rest_of_shop_move(now, c.test, leaves)
        sd = shop_sd[c.test] * share
        return bool(sd > 0 and abs(move / sd) >= c.z_threshold and abs(move * eq_sign[c.test]) >= floor)

    def still_unusual(c: Cell, leaves: npt.NDArray[np.bool_]) -> bool:
        share, weight, count = residual_moves(frame, now, leaves)
        j = c.test
        unusual = share[j] - weight[j] * now.rates[j]
        sd = VarianceModel(c.noise[0], c.noise[1], True).sd(weight[j : j + 1], count[j : j + 1])[0]
        return bool(sd > 0 and abs(unusual / sd) >= c.z_threshold and abs(unusual * eq_sign[j]) >= floor)

    kept = _dedup(cells, still_unusual if frame.leaves else None)
    if frame.leaves:
        kept = [_drill_down(c, frame, now, tables, still_unusual) for c in kept]
    kept = _shop_or_places(shop_cells, kept, now, shop_still_unusual)
    return Selection(kept, tests, z_thr, fitted, len(history))


def _signed(factor: str, eq: float, share: npt.NDArray[np.float64]) -> float:
    """Attribution points the way the attributed conversions went (lost = negative)."""
    return float(np.copysign(abs(eq), share[_CVR])) if factor == "attribution" else eq


def _signature(factor: str, eq: float) -> frozenset[tuple[str, int]]:
    sign = 1 if eq > 0 else -1
    if factor == "attribution":
        return frozenset({("attribution", sign), ("cvr", sign), ("other_orders", -sign)})
    return frozenset({(factor, sign)})


def _own_b(model: VarianceModel, history: Sequence[PairMoves], dim: str, j: int) -> npt.NDArray[np.float64] | None:
    if not history or not model.fitted:
        return None
    dev = np.stack([h.dims[dim].unusual[:, j] for h in history])
    w = np.stack([h.dims[dim].weight[:, j] for h in history])
    c = np.stack([h.dims[dim].count[:, j] for h in history])
    return model.own_b(dev, w, c)


def _place_cells(ok: npt.NDArray[np.bool_], eq: npt.NDArray[np.float64], share: npt.NDArray[np.float64]
                 ) -> list[tuple[tuple[int, ...], str, int]]:
    """(parts, factor, tested index) of one place's passing tests.

    Attributed conversions that fell while as many orders showed up unattributed (their shares
    offset each other; judged on the shares themselves, since a tracking loss in the largest
    channel also moves the shop's common rate) are one move: attribution. A passing whole-GMV
    test is named after the GMV factor that moved most its way (the others moving that way are
    its parts).
    """
    out: list[tuple[tuple[int, ...], str, int]] = []
    cvr, other = share[_CVR], share[_OTHER]
    tracked = (bool(ok[_CVR]) or bool(ok[_OTHER])) and cvr * other < 0 and min(abs(cvr), abs(other)) >= 0.5 * max(
        abs(cvr), abs(other))
    lead = _CVR if ok[_CVR] else _OTHER
    for j, name in enumerate(TESTED):
        if not ok[j] or (tracked and j in (_CVR, _OTHER) and j != lead):
            continue
        if tracked and j == lead:
            out.append(((_CVR, _OTHER), "attribution", j))
        elif j == GMV_TEST:
            same = [f for f in range(len(GMV_FACTORS)) if eq[f] * eq[j] > 0]
            if not same:
                continue
            top = max(same, key=lambda f: abs(eq[f]))
            parts = tuple(sorted((f for f in same if abs(eq[f]) >= 0.25 * abs(eq[top])), key=lambda f: -abs(eq[f])))
            if not (tracked and top in (_CVR, _OTHER)):
                out.append((parts, TESTED[top], j))
        else:
            out.append(((j,), name, j))
    return out


def _p(z: float) -> float:
    return 2.0 * (1.0 - _N.cdf(abs(z)))


def _shop_cells(
    now: PairMoves, history: Sequence[PairMoves], eq_sign: npt.NDArray[np.float64], floor: float,
    alpha_each: float, alpha: float,
) -> tuple[list[Cell], npt.NDArray[np.float64], bool]:
    if len(history) >= 2:
        past = np.stack([h.shop for h in history])
        sd = np.sqrt(np.mean(past**2, axis=0))
        # The history's own size of the move, floored like the places' noise (2% of the weight).
        sd = np.maximum(sd, 0.02 * now.shop_weight)
        thr = t_quantile(1.0 - alpha_each / 2.0, len(history))
        fitted = True
    else:
        sd = np.sqrt(PRIOR.b) * now.shop_weight
        thr, fitted = normal_quantile(1.0 - alpha_each / 2.0), False
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, now.shop / np.where(sd > 0, sd, 1.0), 0.0)
    eq = now.shop * eq_sign
    ok = (np.abs(z) >= thr) & (np.abs(eq) >= floor)
    cells = []
    raw = np.concatenate([now.shop_dec.phi_g[0], np.zeros(len(TESTED) - len(GMV_FACTORS))])
    for parts, factor, j in _place_cells(ok, eq, raw):
        p = 2.0 * t_sf(abs(float(z[j])), len(history)) if fitted else _p(float(z[j]))
        p = min(1.0, p * alpha / alpha_each)
        val = _signed(factor, float(eq[j]), raw)
        cells.append(Cell("shop", -1, "all", factor, parts, val, float(z[j]), p, float("inf"),
                          _signature(factor, val), None, j, z_threshold=thr))
    return cells, sd, fitted


_UNEVEN = 0.25
"""Share of the shop-wide move (largest factor) a place may deviate by on that day without being news."""
_DRILL = ("category", "product", "campaign")
_DRILL_Z = 2.0
"""Inside a significant place, a part needs only this |z| (the place's test already paid for multiplicity)."""


def _drill_down(c: Cell, frame: Frame, now: PairMoves,
                tables: dict[str, tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]],
                still_unusual: Callable[[Cell, npt.NDArray[np.bool_]], bool]) -> Cell:
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
                            c.p, c.surprise, _signature(factor, val), dim.members[e], j,
                            (c.noise[0], float(own_b[e, j])), c.z_threshold)
    return best


_BROAD = 0.7
"""Places moving the same way that cover this share of the shop are one shop-wide move."""


def _shop_or_places(shop: list[Cell], places: list[Cell], now: PairMoves,
                    still_unusual: Callable[[Cell, npt.NDArray[np.bool_]], bool]) -> list[Cell]:
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


_SPECIFIC = {"shop": 0, "channel": 1, "category": 1, "product": 2, "campaign": 3, "creative": 4}
_CHILD_SHARE = 0.6
"""A creative that carries at least this share of an overlapping place's move is the cause."""


def _specific(c: Cell) -> float:
    # "(none)" gathers everything outside ads (organic, creators, unattributed): barely a place.
    return 0.5 if c.value == NONE_LABEL else _SPECIFIC[c.dim]


def _dedup(places: list[Cell], still_unusual: Callable[[Cell, npt.NDArray[np.bool_]], bool] | None) -> list[Cell]:
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

    def _child_wins(c: Cell, k: Cell, still: Callable[[Cell, npt.NDArray[np.bool_]], bool] | None) -> bool:
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
