"""The figures that show a cause, the family it belongs to, and its one-line summary."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from models.explain.cell import Cell
from models.explain.frame import Frame
from models.explain.funnel import (
    CLK,
    CONV,
    COST_FACTORS,
    GMV,
    GMV_FACTORS,
    IMP,
    ORD,
    SPEND,
)
from models.explain.moves import PairMoves
from models.explain.result import CauseKind, Evidence
from models.explain.types import AuctionRow, ExplainRequest

__all__ = ["cause_kind", "evidence_for", "summary_for"]

Array = npt.NDArray[np.float64]
_DIRECT: dict[str, CauseKind] = {
    "attribution": "tracking", "ctr": "creative", "cvr": "conversion", "order_value": "price",
    "other_cost": "cost", "cpm": "competition",
}


def _metrics(now: PairMoves, cell: Cell) -> tuple[Array, Array]:
    """The place's report metrics before and after, reconstructed from its decomposition."""
    d = now.shop_dec if cell.dim == "shop" else now.dims[cell.dim].dec
    i = 0 if cell.dim == "shop" else cell.index
    out = []
    for xg, xc, g in ((d.xg0, d.xc0, d.g0), (d.xg1, d.xc1, d.g1)):
        imp, ctr, cvr, other, _ = xg[i]
        m = np.zeros(7)
        m[IMP], m[CLK], m[CONV] = imp, imp * ctr, imp * ctr * cvr
        m[ORD] = m[CONV] + other
        m[GMV] = g[i]
        m[SPEND] = imp * xc[i, COST_FACTORS.index("cpm")] / 1000.0
        out.append(m)
    return out[0], out[1]


def _factor_values(now: PairMoves, dim: str, index: int, factor: str) -> tuple[float, float]:
    d = now.shop_dec if dim == "shop" else now.dims[dim].dec
    i = 0 if dim == "shop" else index
    if factor == "attribution":
        m0, m1 = d.xg0[i], d.xg1[i]
        a0 = m0[0] * m0[1] * m0[2]
        a1 = m1[0] * m1[1] * m1[2]
        return _share(a0, a0 + m0[3]), _share(a1, a1 + m1[3])
    if factor in GMV_FACTORS:
        j = GMV_FACTORS.index(factor)
        return float(d.xg0[i, j]), float(d.xg1[i, j])
    k = COST_FACTORS.index(factor)
    return float(d.xc0[i, k]), float(d.xc1[i, k])


def _share(a: float, b: float) -> float:
    return float(a / b) if b > 0 else 0.0


def _auction(frame: Frame, cell: Cell, rows: list[AuctionRow]) -> list[AuctionRow]:
    if cell.dim == "channel":
        return [r for r in rows if r.channel == cell.value]
    if cell.dim == "campaign":
        return [r for r in rows if r.bidder_id == cell.value]
    if cell.dim == "shop":
        return rows
    if "campaign" not in frame.keys or cell.members is None:
        return []
    j = frame.keys.index("campaign")
    ids = {str(frame.leaves[li][j]) for li in np.nonzero(cell.members)[0] if frame.leaves[li][j] is not None}
    return [r for r in rows if r.bidder_id in ids]


def _auction_figures(rows: list[AuctionRow]) -> tuple[float, float, float | None] | None:
    eligible = sum(r.eligible for r in rows)
    if eligible <= 0:
        return None
    shown = sum(r.shown for r in rows)
    priced = [(r.lwc_cpm_p50_fen, r.eligible) for r in rows if r.lwc_cpm_p50_fen is not None and r.eligible > 0]
    lwc = sum(v * w for v, w in priced) / sum(w for _, w in priced) if priced else None  # type: ignore[operator]
    return float(eligible), shown / eligible, lwc


def cause_kind(frame: Frame, now: PairMoves, cell: Cell, request: ExplainRequest) -> CauseKind:
    """The family of a cause, for the specialist that should look further."""
    if cell.factor in _DIRECT:
        return _DIRECT[cell.factor]
    m0, m1 = _metrics(now, cell)
    if m0[ORD] > 0 and m1[ORD] <= 0.1 * m0[ORD] and m1[IMP] <= 0.1 * m0[IMP]:
        return "availability"
    if cell.factor == "other_orders":
        return "organic"
    before = _auction_figures(_auction(frame, cell, list(request.auction_before)))
    after = _auction_figures(_auction(frame, cell, list(request.auction_after)))
    if before is not None and after is not None:
        win_drop = after[1] < 0.85 * before[1]
        dearer = before[2] is not None and after[2] is not None and after[2] > 1.15 * before[2]
        fewer_chances = after[0] < 0.85 * before[0]
        if (win_drop or dearer) and not fewer_chances:
            return "competition"
        return "traffic"
    cpm0, cpm1 = _factor_values(now, cell.dim, cell.index, "cpm")
    return "competition" if cell.eq < 0 and cpm0 > 0 and cpm1 > 1.15 * cpm0 else "traffic"


def evidence_for(frame: Frame, now: PairMoves, cell: Cell, request: ExplainRequest) -> list[Evidence]:
    """Before/after figures of the place, the same factor for the whole shop, and auction figures."""
    b, a = _factor_values(now, cell.dim, cell.index, cell.factor)
    out = [Evidence(metric=cell.factor if cell.factor != "attribution" else "attributed_share",
                    before=_r(b), after=_r(a))]
    if cell.dim != "shop":
        sb, sa = _factor_values(now, "shop", 0, cell.factor)
        out.append(Evidence(metric=f"shop {out[0].metric}", before=_r(sb), after=_r(sa)))
    m0, m1 = _metrics(now, cell)
    for name, k in (("gmv_fen", GMV), ("impressions", IMP), ("orders", ORD)):
        if name != cell.factor:
            out.append(Evidence(metric=name, before=_r(m0[k]), after=_r(m1[k])))
    if cell.factor in ("impressions", "cpm"):
        fb = _auction_figures(_auction(frame, cell, list(request.auction_before)))
        fa = _auction_figures(_auction(frame, cell, list(request.auction_after)))
        if fb is not None and fa is not None:
            out.append(Evidence(metric="eligible_auctions", before=fb[0], after=fa[0]))
            out.append(Evidence(metric="win_rate", before=_r(fb[1]), after=_r(fa[1])))
            if fb[2] is not None and fa[2] is not None:
                out.append(Evidence(metric="lwc_cpm_p50_fen", before=_r(fb[2]), after=_r(fa[2])))
    return out


def _r(x: float) -> float:
    return round(float(x), 6)


def _fmt(factor: str, x: float) -> str:
    if factor in ("ctr", "cvr", "attribution"):
        return f"{100 * x:.2f}%"
    if factor in ("order_value", "cpm", "other_cost"):
        return f"{x / 100:,.2f} yuan"
    return f"{x:,.0f}"


_WORDS: dict[CauseKind, tuple[str, str]] = {
    "traffic": ("less traffic reached it", "more traffic reached it"),
    "competition": ("rivals outbid it", "its auctions got cheaper"),
    "creative": ("its creatives drew fewer clicks", "its creatives drew more clicks"),
    "conversion": ("visitors bought less often", "visitors bought more often"),
    "availability": ("it stopped selling (stock-out or paused)", "it started selling"),
    "organic": ("sales outside ads fell", "sales outside ads rose"),
    "price": ("order value fell", "order value rose"),
    "cost": ("coupon / creator cost per order rose", "coupon / creator cost per order fell"),
    "tracking": ("the platform lost track of some of its ad orders (tracking)",
                 "the platform attributed more of its ad orders"),
}
"""Per family: (worse for the shop, better for the shop)."""


def summary_for(now: PairMoves, cell: Cell, kind: CauseKind, gmv_part: float) -> str:
    """One sentence: where, which factor from -> to, how much, and the likely family."""
    b, a = _factor_values(now, cell.dim, cell.index, cell.factor)
    where = "the whole shop" if cell.dim == "shop" else f"{cell.dim} {cell.value}"
    return (
        f"{where}: {cell.factor} {_fmt(cell.factor, b)} -> {_fmt(cell.factor, a)}, "
        f"{gmv_part / 100:+,.0f} yuan of GMV ({_WORDS[kind][1 if cell.eq > 0 else 0]})"
    )
