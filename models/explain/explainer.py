"""`explain_change`: why the shop's GMV / overall ROI moved between two periods.

1. The shop's change is split exactly over the funnel factors (Shapley values on
   GMV = (impressions x CTR x CVR + other orders) x order value and
   cost = impressions x CPM + orders x other cost per order; see models.explain.funnel).
2. Every place of the report cube (channel, category, product, campaign, creative) gets the same
   split; its unusual move is what the shop-wide (robust common) move does not explain
   (models.explain.moves).
3. Normal noise comes from the history's period-to-period changes, pooled per dimension and
   factor and per place (volatile places are allowed their volatility); moves beyond it that are
   large enough to matter are candidates (models.explain.localise).
4. Candidates are resolved as in Adtributor (surprise), drilled down to the part that carries
   the move, and weighed against a shop-wide move (models.explain.resolve).
5. Causes are ranked by their unusual GMV-equivalent fen; none = "no significant change".
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from models.errors import ModelInputError
from models.explain.cell import Cell
from models.explain.evidence import cause_kind, evidence_for, summary_for
from models.explain.frame import Frame, build_frame
from models.explain.funnel import COST_FACTORS, GMV_FACTORS, roi_split
from models.explain.localise import select_cells
from models.explain.moves import COST_SIDE, TESTED, PairMoves, pair_moves
from models.explain.result import Cause, Explanation, FactorShare, KpiChange, NoiseInfo
from models.explain.types import ExplainRequest

__all__ = ["MODEL_NAME", "MODEL_VERSION", "SECONDARY", "explain_change"]

MODEL_NAME = "kpi_explainer"
MODEL_VERSION = "1.0.0"
SECONDARY = 0.2
"""A cause smaller than this share of the largest one is an echo of it (mix shifts, re-pacing), not news."""


def explain_change(request: ExplainRequest) -> Explanation:
    """Explain the change from `request.before` to `request.after` (see ExplainRequest)."""
    if not request.before.rows and not request.after.rows:
        raise ModelInputError(
            "both periods have no report rows",
            hint="pass Backend.report(shop_id, start_step, end_step, group_by=['channel', 'product', 'campaign']) rows",
        )
    periods = [*request.history, request.before, request.after]
    frame = build_frame(periods, request.product_categories)
    last = len(periods) - 1
    history = [pair_moves(frame, t, t + 1) for t in range(last - 1)]
    now = pair_moves(frame, last - 1, last)
    sel = select_cells(frame, now, history, alpha=request.false_alarm_rate, min_share=request.min_share)

    gmv_kpi, roi_kpi = _kpis(frame, last)
    split = roi_split(float(now.shop_dec.g0[0]), float(now.shop_dec.g1[0]),
                      float(now.shop_dec.c0[0]), float(now.shop_dec.c1[0]))
    causes = _causes(frame, now, sel.cells, split, request)
    status = "significant_change" if causes else "no_significant_change"
    noise = NoiseInfo(source="history" if sel.fitted else "prior", history_pairs=sel.history_pairs,
                      tests=sel.tests, z_threshold=round(sel.z_threshold, 3))
    return Explanation(
        model=MODEL_NAME,
        version=MODEL_VERSION,
        learned=sel.fitted,
        why=_why(gmv_kpi, roi_kpi, causes, noise),
        status=status,
        gmv=gmv_kpi,
        roi=roi_kpi,
        funnel=_funnel(now, split),
        causes=causes,
        noise=noise,
    )


def _kpis(frame: Frame, last: int) -> tuple[KpiChange, KpiChange]:
    total = frame.total
    g = total[:, 4]
    c = total[:, 6]
    roi = np.where(c > 0, g / np.where(c > 0, c, 1.0), np.nan)

    def normal(series: np.ndarray) -> float | None:
        # The history's typical log change (including the change into `before`).
        logs = [math.log(series[t + 1] / series[t]) for t in range(last - 1)
                if series[t] > 0 and series[t + 1] > 0 and np.isfinite(series[t]) and np.isfinite(series[t + 1])]
        return round(100.0 * math.sqrt(sum(x * x for x in logs) / len(logs)), 2) if len(logs) >= 2 else None

    def kpi(name: str, series: np.ndarray) -> KpiChange:
        b, a = series[last - 1], series[last]
        b_ok, a_ok = bool(np.isfinite(b)), bool(np.isfinite(a))
        change = float(a - b) if a_ok and b_ok else None
        pct = 100.0 * change / b if change is not None and b > 0 else None
        return KpiChange(name=name, before=_r(b) if b_ok else None, after=_r(a) if a_ok else None,  # type: ignore[arg-type]
                         change=_r(change), change_pct=_r(pct), normal_pct=normal(series))

    return kpi("gmv_fen", g), kpi("overall_roi", roi)


def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None else round(float(x), nd)


def _roi_points(split: tuple[float, float] | None, gmv_part: float, cost_part: float, d_gmv: float,
                d_cost: float) -> float | None:
    if split is None:
        return None
    pts = 0.0
    if d_gmv != 0:
        pts += split[0] * gmv_part / d_gmv
    if d_cost != 0:
        pts += split[1] * cost_part / d_cost
    return pts


def _funnel(now: PairMoves, split: tuple[float, float] | None) -> list[FactorShare]:
    dec = now.shop_dec
    d_gmv = float(dec.g1[0] - dec.g0[0])
    d_cost = float(dec.c1[0] - dec.c0[0])
    out = []
    for f in ("impressions", "ctr", "cvr", "other_orders", "order_value", "cpm", "other_cost"):
        gi = GMV_FACTORS.index(f) if f in GMV_FACTORS else None
        ci = COST_FACTORS.index(f) if f in COST_FACTORS else None
        gmv_part = float(dec.phi_g[0, gi]) if gi is not None else 0.0
        cost_part = float(dec.phi_c[0, ci]) if ci is not None else 0.0
        if gi is not None:
            before, after = dec.xg0[0, gi], dec.xg1[0, gi]
        else:
            before, after = dec.xc0[0, ci], dec.xc1[0, ci]  # type: ignore[index]
        pts = _roi_points(split, gmv_part, cost_part, d_gmv, d_cost)
        out.append(FactorShare(factor=f, before=_r(before, 6), after=_r(after, 6), gmv_fen=round(gmv_part, 2),  # type: ignore[arg-type]
                               roi_points=_r(pts)))
    return out


def _causes(frame: Frame, now: PairMoves, cells: list[Cell], split: tuple[float, float] | None,
            request: ExplainRequest) -> list[Cause]:
    dec = now.shop_dec
    d_gmv = float(dec.g1[0] - dec.g0[0])
    d_cost = float(dec.c1[0] - dec.c0[0])
    by_place: dict[tuple[str, int], list[Cell]] = defaultdict(list)
    for c in cells:
        by_place[(c.dim, c.index)].append(c)
    groups = sorted(by_place.values(), key=lambda cs: -max(abs(c.eq) for c in cs))
    top = max((abs(c.eq) for c in cells), default=0.0)
    out: list[Cause] = []
    for cs in groups[: request.max_causes]:
        if max(abs(c.eq) for c in cs) < SECONDARY * top:
            break
        # A place's headline factor: the largest GMV-side move (a cheaper CPM after a traffic wave
        # is a consequence), else its cost move.
        main = min(cs, key=lambda c: (bool(COST_SIDE[c.parts[0]]), -abs(c.eq)))
        also: list[str] = []
        for f in [*(TESTED[j] for j in main.parts[1:] if main.factor != "attribution"), *(c.factor for c in cs)]:
            if f != main.factor and f not in also:
                also.append(f)
        gmv_part, cost_part = _parts(now, main)
        pts = _roi_points(split, gmv_part, cost_part, d_gmv, d_cost)
        confidence = 1.0 - main.p
        kind = cause_kind(frame, now, main, request)
        out.append(Cause(
            rank=len(out) + 1,
            dimension=main.dim,  # type: ignore[arg-type]
            value=main.value,
            factor=main.factor,  # type: ignore[arg-type]
            kind=kind,
            also=also,  # type: ignore[arg-type]
            gmv_fen=round(gmv_part, 2),
            unusual_gmv_fen=round(main.eq, 2),
            roi_points=_r(pts),
            share_of_change=_r(gmv_part / d_gmv) if d_gmv != 0 else None,
            z=round(main.z, 3),
            confidence=round(confidence, 4),
            evidence=evidence_for(frame, now, main, request),
            summary=summary_for(now, main, kind, gmv_part),
        ))
    return out


def _parts(now: PairMoves, cell: Cell) -> tuple[float, float]:
    """The cell's exact shares of the GMV change and of the cost change (fen)."""
    dec = now.shop_dec if cell.dim == "shop" else now.dims[cell.dim].dec
    i = 0 if cell.dim == "shop" else cell.index
    gmv = cost = 0.0
    for j in cell.parts:
        f = TESTED[j]
        if f in GMV_FACTORS:
            gmv += float(dec.phi_g[i, GMV_FACTORS.index(f)])
        if f in COST_FACTORS:
            cost += float(dec.phi_c[i, COST_FACTORS.index(f)])
    return gmv, cost


def _why(gmv: KpiChange, roi: KpiChange, causes: list[Cause], noise: NoiseInfo) -> str:
    head = f"GMV {_pct(gmv.change_pct)}"
    if gmv.normal_pct is not None:
        head += f" (normal ±{gmv.normal_pct:.1f}%)"
    if roi.before is not None and roi.after is not None:
        head += f", ROI {roi.before:.2f}->{roi.after:.2f}"
    if not causes:
        return f"No significant change: {head}; nothing moved beyond normal variation ({noise.source} noise)."
    top = "; ".join(c.summary for c in causes[:3])
    return f"{head}. {len(causes)} cause(s): {top}"


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:+.1f}%"
