"""`plan_budget`: the super plan (千策) from one budget, one ROI target, a horizon and the history.

Steps: fit the curves (`fit.fit_curves`), allocate on their posterior medians (`solve`), drop
shares too small to run, and check the plan against draws from the curves' posterior. When the
ROI target binds, the plan is re-solved against a slightly higher target until the target is met
with the requested probability (`roi_confidence`): a plan aimed exactly at the target would miss
it about half the time. Requests that cannot be met as asked (zero budget, a budget below the
smallest useful spend, a target above every achievable ROI) get an empty allocation, the reason,
and the best feasible alternatives.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import ValidationError

from models.errors import ModelInputError
from models.plan.curves import SatCurves
from models.plan.explain import (
    SATURATED,
    allocation_reason,
    fen,
    not_funded_reason,
    source_phrase,
)
from models.plan.fit import MODEL_NAME, MODEL_VERSION, FittedCurves, fit_curves
from models.plan.solve import Solution, solve_allocation
from models.plan.types import (
    NotFunded,
    PlanAllocation,
    PlanAlternative,
    PlanRequest,
    PlanResult,
    PlanStatus,
)

__all__ = ["DEFAULT_MARGIN", "plan_budget"]

DEFAULT_MARGIN = 0.5
"""Gross margin assumed for the profit objective when a product's unit cost is unknown."""
_DRAWS = 512
_MAX_SAFETY = 1.0  # plan against at most (1 + this) x the target: beyond that the plan says how likely it is
_SAFETY_RUNGS = 12
_SAFETY_BISECT = 6
_NEAR_BEST_P = 0.02  # probabilities this close are the same given 512 draws
_NOT_FUNDED_LISTED = 30


@dataclass
class _Ctx:
    req: PlanRequest
    fit: FittedCurves
    point: SatCurves
    weights: np.ndarray
    cost_weight: float
    margin: np.ndarray
    draws: SatCurves
    """(draws, n) curves drawn from the posterior."""


def _solve_runnable(ctx: _Ctx, budget_day: float, target: float | None) -> tuple[Solution, np.ndarray]:
    """Solve, then drop shares below the minimum daily spend and re-solve until none is left."""
    active = np.ones(ctx.fit.n, dtype=bool)
    dropped = np.zeros(ctx.fit.n, dtype=bool)
    while True:
        sol = solve_allocation(ctx.point, budget_day, target, ctx.weights, ctx.cost_weight, active)
        small = (sol.x > 0) & (sol.x < ctx.req.min_daily_spend_fen * (1 - 1e-9))
        if not small.any():
            return sol, dropped
        # Drop the smallest half of the too-small shares at a time: money they free may lift the others.
        cut = np.quantile(sol.x[small], 0.5)
        drop = small & (sol.x <= cut)
        active &= ~drop
        dropped |= drop


def _gmv_draws(ctx: _Ctx, x: np.ndarray) -> np.ndarray:
    """(draws, n) daily GMV at daily spend x under the posterior draws."""
    return ctx.draws.value(np.broadcast_to(x, ctx.draws.r0.shape))


def _p_meets(ctx: _Ctx, x: np.ndarray, target: float) -> float:
    spend = float(x.sum())
    if spend <= 0:
        return 0.0
    return float(np.mean(_gmv_draws(ctx, x).sum(axis=1) >= target * spend))


def _safe_plan(ctx: _Ctx, budget_day: float, target: float) -> tuple[Solution, np.ndarray, float]:
    """The plan for the lowest planning target >= target that meets target with roi_confidence.

    Raising the planning target lowers spend and raises the chance of meeting the real one, until
    too little is left to run: scan a geometric ladder, then bisect between the last rung that
    falls short and the first that is confident. With no confident rung, the largest plan about as
    likely to meet the target as the most likely one wins (the result reports its probability).
    """
    conf = ctx.req.roi_confidence
    first = _solve_runnable(ctx, budget_day, target)
    p_first = _p_meets(ctx, first[0].x, target)
    if p_first >= conf or not first[0].x.any():
        return first[0], first[1], target
    top = min(target * (1 + _MAX_SAFETY), float(ctx.point.r0.max()) * 0.999)
    if top <= target:
        return first[0], first[1], target
    tried = [(target, p_first, first)]
    lo = target
    for rung in np.geomspace(target, top, _SAFETY_RUNGS + 1)[1:]:
        cand = _solve_runnable(ctx, budget_day, float(rung))
        if not cand[0].x.any():
            break
        p = _p_meets(ctx, cand[0].x, target)
        if p >= conf:
            hi, best = float(rung), cand
            for _ in range(_SAFETY_BISECT):
                mid = math.sqrt(lo * hi)
                cand = _solve_runnable(ctx, budget_day, mid)
                if cand[0].x.any() and _p_meets(ctx, cand[0].x, target) >= conf:
                    hi, best = mid, cand
                else:
                    lo = mid
            return best[0], best[1], hi
        tried.append((float(rung), p, cand))
        lo = float(rung)
    # Nothing reaches the confidence: the largest plan that is about as likely as the most likely one.
    top_p = max(p for _, p, _ in tried)
    rung, _, best = next(t for t in tried if t[1] >= top_p - _NEAR_BEST_P)
    return best[0], best[1], rung


def _outcome(ctx: _Ctx, x: np.ndarray) -> tuple[float, float, float, float]:
    """Horizon (spend, expected GMV, GMV p10, GMV p90)."""
    h = ctx.req.horizon_days
    totals = _gmv_draws(ctx, x).sum(axis=1) * h
    return float(x.sum() * h), float(totals.mean()), float(np.quantile(totals, 0.1)), float(np.quantile(totals, 0.9))


def _alternative(ctx: _Ctx, kind: str, budget_day: float, target: float | None, text: str) -> PlanAlternative | None:
    """A variant of the request, planned like the request itself (same confidence for a target)."""
    if math.isinf(budget_day) and target is None and ctx.cost_weight <= 0:
        return None
    sol = _safe_plan(ctx, budget_day, target)[0] if target is not None else _solve_runnable(ctx, budget_day, None)[0]
    x = np.floor(sol.x)
    if not x.any():
        return None
    spend, gmv, _, _ = _outcome(ctx, x)
    roi = gmv / spend
    budget = spend if math.isinf(budget_day) else budget_day * ctx.req.horizon_days
    return PlanAlternative(
        kind=kind, budget_fen=round(budget), target_roi=target,  # type: ignore[arg-type]
        expected_gmv_fen=round(gmv), expected_roi=round(roi, 3),
        description=text.format(budget=fen(budget), gmv=fen(gmv), roi=f"{roi:.2f}"),
    )


def _empty(ctx: _Ctx, status: PlanStatus, reasons: list[str], alternatives: list[PlanAlternative | None], why: str) -> PlanResult:
    req = ctx.req
    return PlanResult(
        status=status, objective=req.objective, horizon_days=req.horizon_days, budget_fen=req.budget_fen,
        target_roi=req.target_roi, allocations=(), not_funded=(), spend_fen=0, spend_per_day_fen=0,
        expected_gmv_fen=0, gmv_interval_fen=(0, 0), expected_roi=None, roi_interval=None,
        roi_target_probability=None if req.target_roi is None else 0.0, expected_profit_fen=0,
        alternatives=tuple(a for a in alternatives if a is not None), reasons=tuple(reasons),
        model=MODEL_NAME, version=MODEL_VERSION, learned=bool(ctx.fit.learned.any()), why=why,
    )


def _context(req: PlanRequest) -> _Ctx:
    fit = fit_curves(req.products, req.history)
    by_id = {p.product_id: p for p in req.products}
    margin = np.array([
        1.0 - by_id[pid].unit_cost_fen / by_id[pid].price_fen  # type: ignore[operator]
        if by_id[pid].unit_cost_fen is not None else DEFAULT_MARGIN
        for pid, _ in fit.keys
    ])
    margin = np.clip(margin, 0.0, 1.0)
    profit = req.objective == "profit"
    draws = fit.draws(_DRAWS, np.random.default_rng(req.seed))
    return _Ctx(req, fit, fit.point(), margin if profit else np.ones(fit.n), 1.0 if profit else 0.0, margin, draws)


def _validated(request: PlanRequest | Mapping[str, Any]) -> PlanRequest:
    if isinstance(request, PlanRequest):
        return request
    try:
        return PlanRequest.model_validate(request)
    except ValidationError as exc:
        bad = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'request'}: {e['msg']}" for e in exc.errors())
        raise ModelInputError(f"invalid plan request: {bad}", hint="fix the named fields (see the PlanRequest schema)") from exc


def plan_budget(request: PlanRequest | Mapping[str, Any]) -> PlanResult:
    """Allocate one budget over products x levers for the most GMV (or profit) at the overall ROI target.

    Accepts a PlanRequest or its JSON-like dict; a malformed request raises ModelInputError.
    """
    req = _validated(request)
    ctx = _context(req)
    fit, point = ctx.fit, ctx.point
    h, target = req.horizon_days, req.target_roi
    budget_day = req.budget_fen / h
    learned = bool(fit.learned.any())
    src = (f"{int(fit.learned.sum())} of {fit.n} curves fitted from history" if learned
           else "category priors only (no usable history): treat the numbers as a first guess")
    best_r0 = float(point.r0.max()) if fit.n else 0.0

    def largest_budget_meeting_target(kind: str, text: str) -> PlanAlternative | None:
        if target is None:
            return _alternative(ctx, kind, math.inf, None, text) if req.objective == "profit" else None
        return _alternative(ctx, kind, math.inf, target, text)

    if req.budget_fen == 0:
        alt = largest_budget_meeting_target(
            "larger_budget", "Spend about {budget} over the horizon for about {gmv} of GMV (ROI {roi})."
        )
        return _empty(ctx, "zero_budget", ["The budget is zero: nothing can be spent.", src], [alt],
                      "Zero budget: nothing to allocate; see the alternative for a useful budget.")
    if budget_day < req.min_daily_spend_fen:
        alt = _alternative(
            ctx, "larger_budget", float(req.min_daily_spend_fen), target,
            "The smallest useful budget, {budget} over the horizon, would bring about {gmv} of GMV (ROI {roi}).",
        )
        return _empty(
            ctx, "budget_too_small",
            [(f"{fen(budget_day)} a day is below the {fen(req.min_daily_spend_fen)} a day worth running on any "
              "product x lever."), src],
            [alt], "The budget is too small to run anything; see the smallest useful budget.",
        )
    if target is not None and best_r0 <= target:
        alt = _alternative(
            ctx, "lower_target", budget_day, None,
            "Spending the whole budget well brings about {gmv} of GMV at an overall ROI of {roi}.",
        )
        return _empty(
            ctx, "target_unreachable",
            [(f"No spend reaches an overall ROI of {target:.2f}: even the best lever's first yuan returns only "
              f"{best_r0:.2f}" + ("." if learned else " by the category priors; history may show better levers.")),
             src],
            [alt], f"ROI target {target:.2f} is above anything this shop's levers achieve; see the alternative.",
        )

    if target is None:
        sol, dropped = _solve_runnable(ctx, budget_day, None)
        plan_target = None
    else:
        sol, dropped, plan_target = _safe_plan(ctx, budget_day, target)
    x = np.floor(sol.x)
    if not x.any():
        alt = _alternative(
            ctx, "lower_target", budget_day, None,
            "Spending the whole budget well brings about {gmv} of GMV at an overall ROI of {roi}.",
        )
        why = "No product x lever can be funded usefully at this target."
        return _empty(
            ctx, "target_unreachable",
            [f"Only a spend below {fen(req.min_daily_spend_fen)} a day would meet an ROI of {target:.2f}.", src],
            [alt], why,
        )
    return _result(ctx, sol, x, dropped, plan_target, src)


def _result(ctx: _Ctx, sol: Solution, x: np.ndarray, dropped: np.ndarray, plan_target: float | None, src: str) -> PlanResult:
    req, fit, point = ctx.req, ctx.fit, ctx.point
    h, target = req.horizon_days, req.target_roi
    budget_day = req.budget_fen / h
    spend, gmv, g10, g90 = _outcome(ctx, x)
    per_curve = _gmv_draws(ctx, x).mean(axis=0) * h
    marginal = point.marginal(x)
    saturation = point.spent_share(x)
    cutoff = sol.cutoff(ctx.weights)
    learned = fit.learned
    shop_learned = bool(learned.any())
    profit = req.objective == "profit"

    allocations = []
    for i in np.argsort(-x):
        if x[i] <= 0:
            break
        pid, lever = fit.keys[i]
        allocations.append(PlanAllocation(
            product_id=pid, lever=lever,  # type: ignore[arg-type]
            spend_fen=int(x[i]) * h, spend_per_day_fen=int(x[i]), expected_gmv_fen=round(per_curve[i]),
            expected_roi=round(float(per_curve[i] / (x[i] * h)), 3), marginal_roi=round(float(marginal[i]), 3),
            saturation=round(float(saturation[i]), 3), learned=bool(learned[i]),
            reason=allocation_reason(
                float(point.r0[i]), float(marginal[i]), float(saturation[i]),
                source_phrase(bool(learned[i]), int(fit.days_with_spend[i]), shop_learned), profit,
            ),
        ))
    idle = [i for i in np.argsort(-point.r0) if x[i] <= 0]
    not_funded = tuple(
        NotFunded(
            product_id=fit.keys[i][0], lever=fit.keys[i][1],  # type: ignore[arg-type]
            initial_roi=round(float(point.r0[i]), 3),
            reason=not_funded_reason(float(point.r0[i]), float(cutoff[i]), bool(dropped[i]), req.min_daily_spend_fen),
        )
        for i in idle[:_NOT_FUNDED_LISTED]
    )

    totals = _gmv_draws(ctx, x).sum(axis=1)
    roi_draws = totals / x.sum()
    p_meet = None if target is None else float(np.mean(roi_draws >= target))
    roi = gmv / spend
    profit_fen = float((per_curve * ctx.margin).sum() - spend)
    status: PlanStatus = "ok"
    reasons: list[str] = []
    alternatives: list[PlanAlternative | None] = []
    if target is not None and sol.target_binding and spend < 0.99 * req.budget_fen:
        status = "target_limits_spend"
        reasons.append(f"The ROI target {target:.2f} caps spend at {fen(spend)} of the {fen(req.budget_fen)} budget: "
                       "each further yuan would pull the overall ROI below it.")
        alternatives.append(_alternative(
            ctx, "lower_target", budget_day, None,
            "Spending the whole budget brings about {gmv} of GMV at an overall ROI of {roi}.",
        ))
    elif spend < 0.99 * req.budget_fen and profit:
        reasons.append(f"Only {fen(spend)} of the budget is spent: beyond it a yuan earns less margin than it costs.")
    elif target is not None:
        alternatives.append(_alternative(
            ctx, "larger_budget", math.inf, target,
            "Up to {budget} could be spent while still meeting the target, for about {gmv} of GMV (ROI {roi}).",
        ))
    if plan_target is not None and target is not None and plan_target > target * 1.001:
        reasons.append(f"Planned against an ROI of {plan_target:.2f} so that the target {target:.2f} holds with "
                       f"{p_meet:.0%} probability given how uncertain the curves are.")
    elif p_meet is not None and p_meet < req.roi_confidence:
        reasons.append(f"The target is met with only {p_meet:.0%} probability: the curves are uncertain.")
    top = allocations[: min(3, len(allocations))]
    share = sum(a.spend_fen for a in top) / spend
    reasons.append(f"{len(allocations)} product x levers funded; the top {len(top)} take {share:.0%} of the spend "
                   f"({', '.join(f'{a.product_id}/{a.lever}' for a in top)}).")
    capped = sum(1 for a in allocations if a.saturation >= SATURATED)
    if capped:
        reasons.append(f"{capped} funded levers are capped by saturation: more money there would add little.")
    if not profit and sol.budget_binding and float(cutoff.min()) < 1.0:
        reasons.append(f"The last yuan on the funded levers returns only {float(cutoff.min()):.2f}: "
                       "a higher ROI target or a smaller budget would waste less.")
    reasons.append(f"Curves: {src}.")
    kept = tuple(a for a in alternatives if a is not None and (a.kind == "lower_target" or a.budget_fen > spend * 1.05))
    why = (f"Spend {fen(spend)} over {h} days on {len(allocations)} product x levers for about {fen(gmv)} of GMV "
           f"(ROI {roi:.2f}, 80% interval {g10 / spend:.2f}-{g90 / spend:.2f}).")
    return PlanResult(
        status=status, objective=req.objective, horizon_days=h, budget_fen=req.budget_fen, target_roi=target,
        allocations=tuple(allocations), not_funded=not_funded, spend_fen=int(spend), spend_per_day_fen=int(x.sum()),
        expected_gmv_fen=round(gmv), gmv_interval_fen=(round(g10), round(g90)),
        expected_roi=round(roi, 3), roi_interval=(round(float(np.quantile(roi_draws, 0.1)), 3),
                                                  round(float(np.quantile(roi_draws, 0.9)), 3)),
        roi_target_probability=None if p_meet is None else round(p_meet, 3), expected_profit_fen=round(profit_fen),
        alternatives=kept, reasons=tuple(reasons),
        model=MODEL_NAME, version=MODEL_VERSION, learned=bool(learned.any()), why=why,
    )
