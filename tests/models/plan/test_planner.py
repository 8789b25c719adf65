"""plan_budget end to end: budget and ROI kept, statuses and alternatives for requests that cannot be met."""

from __future__ import annotations

import numpy as np
import pytest

from models.errors import ModelInputError
from models.plan import PlanRequest, PlanResult, plan_budget
from models.plan.solve import solve_allocation

from .conftest import history_from, make_products, true_curves

PRODUCTS = make_products(5)
TRUTH = true_curves(PRODUCTS, seed=11)
HISTORY = tuple(history_from(PRODUCTS, TRUTH, days=21, seed=12))
DAILY = float(TRUTH.half.sum())  # about the spend at which the shop's curves are half used up


def _plan(**kw: object) -> PlanResult:
    args: dict[str, object] = {"products": PRODUCTS, "history": HISTORY, "budget_fen": int(DAILY * 7), "horizon_days": 7}
    args.update(kw)
    return plan_budget(PlanRequest.model_validate(args))


def _roi_free() -> float:
    sol = solve_allocation(TRUTH, DAILY)
    return float(TRUTH.value(sol.x).sum() / sol.x.sum())


def _consistent(r: PlanResult) -> None:
    assert r.spend_fen <= r.budget_fen
    assert r.spend_fen == sum(a.spend_fen for a in r.allocations)
    assert r.spend_per_day_fen == sum(a.spend_per_day_fen for a in r.allocations)
    assert all(a.spend_fen == a.spend_per_day_fen * r.horizon_days for a in r.allocations)
    assert r.gmv_interval_fen[0] <= r.expected_gmv_fen <= r.gmv_interval_fen[1]
    assert r.model == "super_plan" and r.version


def test_without_a_target_the_whole_budget_goes_out_with_an_interval() -> None:
    r = _plan()
    _consistent(r)
    assert r.status == "ok" and r.learned
    assert r.spend_fen >= 0.99 * r.budget_fen
    assert all(a.spend_per_day_fen >= 1000 for a in r.allocations)
    assert r.roi_interval is not None and r.roi_interval[0] < r.expected_roi < r.roi_interval[1]  # type: ignore[operator]
    # Under the true curves the plan is close to the best possible allocation.
    x = np.zeros(TRUTH.r0.size)
    keys = [(p.product_id, lv) for p in PRODUCTS for lv in ("feed", "live", "search", "mall", "coupon", "creator")]
    for a in r.allocations:
        x[keys.index((a.product_id, a.lever))] = a.spend_per_day_fen
    best = solve_allocation(TRUTH, r.budget_fen / 7)
    assert TRUTH.value(x).sum() / TRUTH.value(best.x).sum() > 0.9


def test_a_binding_target_limits_spend_and_is_met_with_the_asked_probability() -> None:
    target = round(_roi_free() * 1.15, 2)
    r = _plan(target_roi=target)
    _consistent(r)
    assert r.status == "target_limits_spend"
    assert r.spend_fen < r.budget_fen
    assert r.roi_target_probability is not None and r.roi_target_probability >= 0.95
    assert r.expected_roi is not None and r.expected_roi >= target
    lower = [a for a in r.alternatives if a.kind == "lower_target"]
    assert lower and lower[0].budget_fen > r.spend_fen and lower[0].expected_roi < target  # type: ignore[operator]
    looser = _plan(target_roi=target, roi_confidence=0.6)
    assert looser.spend_fen > r.spend_fen


def test_a_loose_target_leaves_room_and_says_how_far_the_budget_could_grow() -> None:
    r = _plan(target_roi=round(_roi_free() * 0.5, 2))
    assert r.status == "ok" and r.spend_fen >= 0.99 * r.budget_fen
    larger = [a for a in r.alternatives if a.kind == "larger_budget"]
    assert larger and larger[0].budget_fen > r.budget_fen and larger[0].expected_roi >= r.target_roi  # type: ignore[operator]


def test_an_unreachable_target_is_explained_with_the_best_alternative() -> None:
    r = _plan(target_roi=float(TRUTH.r0.max()) * 3)
    assert r.status == "target_unreachable"
    assert r.allocations == () and r.spend_fen == 0 and r.expected_roi is None
    alt = r.alternatives[0]
    assert alt.kind == "lower_target" and 0 < alt.budget_fen <= r.budget_fen and alt.expected_gmv_fen > 0


def test_zero_and_tiny_budgets() -> None:
    zero = _plan(budget_fen=0, target_roi=round(_roi_free(), 2))
    assert zero.status == "zero_budget" and zero.spend_fen == 0 and zero.allocations == ()
    assert zero.alternatives and zero.alternatives[0].kind == "larger_budget" and zero.alternatives[0].budget_fen > 0
    tiny = _plan(budget_fen=7 * 500)
    assert tiny.status == "budget_too_small" and tiny.spend_fen == 0
    assert tiny.alternatives[0].budget_fen == 7 * 1000


def test_profit_spends_only_while_a_yuan_earns_its_cost() -> None:
    gmv = _plan(budget_fen=int(DAILY * 7 * 50))
    profit = _plan(budget_fen=int(DAILY * 7 * 50), objective="profit")
    assert profit.spend_fen < gmv.spend_fen
    assert profit.expected_profit_fen > gmv.expected_profit_fen
    margins = {p.product_id: 1 - p.unit_cost_fen / p.price_fen for p in PRODUCTS}  # type: ignore[operator]
    assert all(a.marginal_roi * margins[a.product_id] >= 0.98 for a in profit.allocations)


def test_cold_start_uses_priors_and_says_so() -> None:
    r = _plan(history=())
    _consistent(r)
    assert not r.learned and r.status == "ok" and r.spend_fen > 0
    assert not any(a.learned for a in r.allocations)


def test_deterministic_per_seed() -> None:
    target = round(_roi_free() * 1.1, 2)
    assert _plan(target_roi=target, seed=3) == _plan(target_roi=target, seed=3)


def test_not_funded_lists_what_got_nothing() -> None:
    r = _plan(budget_fen=int(DAILY * 7 * 0.05))
    assert r.not_funded
    funded = {(a.product_id, a.lever) for a in r.allocations}
    assert all((n.product_id, n.lever) not in funded for n in r.not_funded)
    ranked = [n.initial_roi for n in r.not_funded]
    assert ranked == sorted(ranked, reverse=True)


def test_bad_input_is_a_model_input_error() -> None:
    with pytest.raises(ModelInputError, match="budget_fen") as err:
        plan_budget({"products": [p.model_dump() for p in PRODUCTS], "budget_fen": -5})
    assert err.value.hint
    with pytest.raises(ModelInputError, match="unknown product"):
        plan_budget({"products": [PRODUCTS[0].model_dump()], "budget_fen": 1000,
                     "history": [{"day": 0, "product_id": "prd_x", "lever": "feed", "spend_fen": 1, "gmv_fen": 1}]})
