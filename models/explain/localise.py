"""Which places and factors moved unusually: every place x factor tested against the history.

A (place, factor) whose unusual move is both significant and material (at least `min_share` of
the shop's GMV) is a candidate. The false-alarm budget holds for the whole answer: half of it for
the shop-wide moves (Student t on the history's moves), half shared equally by the dimensions,
Bonferroni over each dimension's places x factors. A conversion drop offset by as many
unattributed orders in the same place is one candidate: attribution (tracking). Candidates are
then resolved into causes by models.explain.resolve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from models.explain.cell import Cell, signature, signed
from models.explain.frame import Frame
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
from models.explain.resolve import Tables, dedup, drill_down, shop_or_places

__all__ = ["Selection", "select_cells"]

_CVR, _OTHER = TESTED.index("cvr"), TESTED.index("other_orders")
_N = NormalDist()
_UNEVEN = 0.25
"""Share of a factor's shop-wide move that a place may deviate by on that day without being news."""


@dataclass(frozen=True, slots=True)
class Selection:
    """The resolved causes (as cells) and how they were tested."""

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
    # others): part of that factor's move, either way, is normal for any place that day.
    uneven = _UNEVEN * np.abs(now.rates)
    tables: Tables = {}

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
        sd = np.sqrt(sd**2 + (uneven[None, :] * moves.weight) ** 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(sd > 0, moves.unusual / np.where(sd > 0, sd, 1.0), 0.0)
        eq = moves.unusual * eq_sign[None, :]
        tables[name] = (z, eq, own_b)
        ok = (np.abs(z) >= z_dim) & (np.abs(eq) >= floor) & (moves.weight > 0)
        for e in range(len(dim.values)):
            share0 = float(moves.dec.g0[e]) / g0 if g0 > 0 else 0.0
            for parts, factor, j in _place_cells(ok[e], eq[e] * (moves.weight[e] > 0), moves.share[e]):
                val = signed(factor, float(eq[e, j]), moves.share[e])
                q = max(share0 * g0 + val, 0.0) / max(g0 + val, 1e-9) if g0 > 0 else 0.0
                p = min(1.0, _p(float(z[e, j])) * alpha / alpha_place)
                cells.append(Cell(name, e, dim.values[e], factor, parts, val, float(z[e, j]), p,
                                  js_surprise(share0, q), signature(factor, val), dim.members[e], j,
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

    kept = dedup(cells, still_unusual if frame.leaves else None)
    if frame.leaves:
        kept = [drill_down(c, frame, now, tables, still_unusual) for c in kept]
    kept = shop_or_places(shop_cells, kept, now, shop_still_unusual)
    return Selection(kept, tests, z_thr, fitted, len(history))


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
        val = signed(factor, float(eq[j]), raw)
        cells.append(Cell("shop", -1, "all", factor, parts, val, float(z[j]), p, float("inf"),
                          signature(factor, val), None, j, z_threshold=thr))
    return cells, sd, fitted
