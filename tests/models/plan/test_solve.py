"""The allocator's solver: optimal against brute force, never over budget, never under the ROI floor."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from models.plan.curves import SatCurves
from models.plan.solve import solve_allocation


def _two(r0: tuple[float, float], half: tuple[float, float], s: tuple[float, float] = (0.0, 0.5)) -> SatCurves:
    return SatCurves(np.array(r0), np.array(half), np.array(s))


def _brute(c: SatCurves, budget: float, target: float | None) -> float:
    best = 0.0
    for x0 in np.linspace(0.0, budget, 401):
        x1 = np.linspace(0.0, budget - x0, 401)
        v = c.value(np.stack([np.full_like(x1, x0), x1], axis=1)).sum(axis=1)
        ok = np.ones_like(v, dtype=bool) if target is None else v >= target * (x0 + x1) - 1e-9
        if ok.any():
            best = max(best, float(v[ok].max()))
    return best


def test_matches_brute_force_with_and_without_a_binding_target() -> None:
    c = _two((6.0, 4.0), (1500.0, 4000.0))
    for budget, target in [(6000.0, None), (6000.0, 4.0), (20000.0, 4.5), (3000.0, 1.0)]:
        sol = solve_allocation(c, budget, target)
        got = float(c.value(sol.x).sum())
        assert got >= _brute(c, budget, target) * (1 - 1e-4)
        assert sol.x.sum() <= budget * (1 + 1e-12)
        if target is not None:
            assert got >= target * sol.x.sum() * (1 - 1e-9)


def test_funded_curves_share_one_marginal_roi() -> None:
    rng = np.random.default_rng(3)
    c = SatCurves(rng.uniform(2, 9, 40), rng.uniform(500, 5000, 40), rng.choice([0.0, 0.5, 1.0], 40))
    sol = solve_allocation(c, 30000.0)
    m = c.marginal(sol.x)[sol.x > 0]
    assert m.max() / m.min() < 1 + 1e-6
    assert np.all(c.initial_roi[sol.x == 0] <= m.max() * (1 + 1e-9))
    assert sol.budget_binding and not sol.target_binding


def test_target_binds_below_the_budget_and_is_met_exactly() -> None:
    c = _two((6.0, 4.0), (1500.0, 4000.0))
    free = solve_allocation(c, 20000.0)
    roi_free = float(c.value(free.x).sum() / free.x.sum())
    sol = solve_allocation(c, 20000.0, roi_free * 1.2)
    assert sol.target_binding and sol.feasible and 0 < sol.x.sum() < 20000.0
    assert math.isclose(float(c.value(sol.x).sum() / sol.x.sum()), roi_free * 1.2, rel_tol=1e-7)


def test_unreachable_target_zero_budget_and_inactive_curves_spend_nothing() -> None:
    c = _two((6.0, 4.0), (1500.0, 4000.0))
    sol = solve_allocation(c, 5000.0, 6.5)
    assert not sol.feasible and sol.x.sum() == 0
    assert solve_allocation(c, 0.0).x.sum() == 0
    only = solve_allocation(c, 5000.0, active=np.array([False, True]))
    assert only.x[0] == 0 and math.isclose(only.x[1], 5000.0, rel_tol=1e-9)


def test_profit_stops_where_a_fen_earns_its_cost_back() -> None:
    c = _two((6.0, 4.0), (1500.0, 4000.0))
    margin = np.array([0.5, 0.4])
    sol = solve_allocation(c, math.inf, None, weights=margin, cost_weight=1.0)
    assert np.allclose(c.marginal(sol.x) * margin, 1.0)


@dataclass(frozen=True)
class _Linearish:
    """A family the solver has never seen: gmv = r0 * h * log(1 + x / h) (any Responses works)."""

    r0: np.ndarray
    h: np.ndarray

    @property
    def initial_roi(self) -> np.ndarray:
        return self.r0

    def value(self, x: np.ndarray) -> np.ndarray:
        return self.r0 * self.h * np.log1p(x / self.h)

    def marginal(self, x: np.ndarray) -> np.ndarray:
        return self.r0 * self.h / (self.h + x)

    def spend_at_marginal(self, t: np.ndarray) -> np.ndarray:
        return np.maximum(0.0, self.h * (self.r0 / t - 1.0))


def test_other_families_are_solved_the_same_way() -> None:
    own = _Linearish(np.array([6.0, 4.0]), np.array([1500.0, 4000.0]))
    same = SatCurves(own.r0, own.h, np.array([1.0, 1.0]))
    a, b = solve_allocation(own, 9000.0, 4.2), solve_allocation(same, 9000.0, 4.2)
    assert np.allclose(a.x, b.x, rtol=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(1, 25),
    budget=st.floats(0.0, 1e6),
    target=st.one_of(st.none(), st.floats(0.5, 12.0)),
    profit=st.booleans(),
)
def test_never_over_budget_never_under_the_floor(seed: int, n: int, budget: float, target: float | None, profit: bool) -> None:
    rng = np.random.default_rng(seed)
    c = SatCurves(rng.uniform(1.0, 10.0, n), rng.uniform(100.0, 1e5, n), rng.choice([0.0, 0.25, 0.5, 0.75, 1.0], n))
    w = rng.uniform(0.2, 0.8, n) if profit else None
    sol = solve_allocation(c, budget, target, weights=w, cost_weight=1.0 if profit else 0.0)
    assert np.all(sol.x >= 0)
    assert sol.x.sum() <= budget * (1 + 1e-9) + 1e-9
    if target is not None and sol.x.sum() > 0:
        assert c.value(sol.x).sum() >= target * sol.x.sum() * (1 - 1e-9)
    if target is not None and not sol.feasible:
        assert c.initial_roi.max() <= target and sol.x.sum() == 0
