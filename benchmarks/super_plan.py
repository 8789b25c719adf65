"""Super-plan allocator (千策) on simulated shops whose true response curves are known.

Each shop: 8-30 products drawn from the market's catalog templates (category, price, unit cost),
six levers each (feed, live, search, mall, coupon, creator). Every product x lever gets a true
concave curve of one of three shapes (exponential saturation, Michaelis-Menten, logarithmic),
with initial ROI and scale drawn around lever x category levels calibrated to
shared/notes/market-calibration.md and to the simulated market (campaigns return an overall ROI
of about 1.5-5 at the spend they run; scales grow with price) plus shop-, lever- and
product-level variation. History: daily spend that varies around each lever's habitual level,
with GMV drawn as overdispersed order counts (CV >= 26% a day) on the truth times a shop-wide day
factor. Three conditions, each reported apart:
- shops with history: 14-28 days, 15-40% of product x levers (by lever) never tried;
- shops with rich history: 28 days, every product x lever tried;
- new shops: no history at all (category priors only).
The allocator fits, allocates, and the allocation is scored under the TRUE curves against:
- the oracle: the optimum under the true curves (same budget and ROI target, exact solver);
- an even split of the budget over every product x lever;
- pouring the whole budget into the product x lever with the best historical ROI.
Targets are drawn relative to R, the true ROI of the best full-budget allocation (the "system's
suggested ROI"): none (20%); suggested, 0.8-1.0 R (35%; practitioners start at about 90% of the
suggestion, see the calibration notes); ambitious, 1.0-1.3 R (35%: the target caps spend below the
budget); unreachable, above the best curve's first-yuan ROI (10%). A quarter of the runs maximize
profit instead of GMV. A target counts as feasible when the oracle meets it spending at least the
minimum useful daily spend; "met" means the true overall ROI of the plan is at least the target.
Baselines spend the whole budget whatever the target (their "met" column says what that costs).

Seeds: development and tuning used seeds below 100000 (--dev). Seeds 100000+ were evaluated once
as a checkpoint (rich-history ROI targets met in only 90.5%); the fixes that followed were tuned on
dev seeds, and the reported runs use seeds from 200000 on, evaluated once.
Usage: python benchmarks/super_plan.py [--smoke] [--json] [--runs N] [--dev] [--roi-confidence P]
Targets (issue 4): GMV >= 0.95 x oracle; ROI target met in >= 95% of feasible runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from market.catalog_data import PRODUCT_TEMPLATES
from models.plan import (
    LEVERS,
    HistoryRow,
    PlanProduct,
    PlanRequest,
    PlanResult,
    plan_budget,
)
from models.plan.fit import fit_curves
from models.plan.solve import solve_allocation

__all__ = ["TrueCurves", "main", "measure", "simulate_shop"]

HELD_OUT_SEED = 200_000
_DEFAULT_CONFIDENCE = float(PlanRequest.model_fields["roi_confidence"].default)
MIN_DAILY = 1000

# Lever levels of the simulated world (median initial ROI, median scale in prices per day).
_WORLD_R0 = {"feed": 5.0, "live": 5.5, "search": 7.0, "mall": 6.0, "coupon": 6.0, "creator": 5.5}
_WORLD_SCALE = {"feed": 20.0, "live": 16.0, "search": 8.0, "mall": 6.0, "coupon": 5.0, "creator": 12.0}
_WORLD_CATEGORY = {"beauty": 1.0, "apparel": 0.9, "food": 1.1, "home": 0.95, "baby": 1.05, "digital": 0.85,
                   "personal_care": 1.1, "sports": 0.95}
_DAY_SD = 0.1  # shop-wide day-to-day factor (weekday, weather)
_SPEND_SD = 0.45  # daily spend around the habitual level
_ORDERS_R = 15.0  # negative-binomial dispersion of daily orders: CV >= 26%
_USED_PROB = {"feed": 0.85, "live": 0.75, "search": 0.8, "mall": 0.7, "coupon": 0.7, "creator": 0.6}


@dataclass(frozen=True)
class TrueCurves:
    """Mixed concave families: 0 exponential, 1 Michaelis-Menten, 2 logarithmic; slope r0 at zero."""

    family: np.ndarray
    r0: np.ndarray
    h: np.ndarray

    @property
    def initial_roi(self) -> np.ndarray:
        return self.r0

    def value(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        u = x / self.h
        return self.r0 * self.h * np.select(
            [self.family == 0, self.family == 1], [-np.expm1(-u), u / (1.0 + u)], np.log1p(u)
        )

    def marginal(self, x: np.ndarray) -> np.ndarray:
        u = np.asarray(x, dtype=float) / self.h
        return self.r0 * np.select([self.family == 0, self.family == 1], [np.exp(-u), 1.0 / (1.0 + u) ** 2], 1.0 / (1.0 + u))

    def spend_at_marginal(self, t: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            q = self.r0 / np.asarray(t, dtype=float)
            x = self.h * np.select([self.family == 0, self.family == 1], [np.log(q), np.sqrt(q) - 1.0], q - 1.0)
        return np.where(q > 1.0, np.nan_to_num(x, nan=0.0, posinf=0.0), 0.0)


@dataclass
class Shop:
    products: list[PlanProduct]
    keys: list[tuple[str, str]]
    truth: TrueCurves
    margin: np.ndarray
    history: list[HistoryRow]


def simulate_shop(seed: int, n_products: int, days: int, tried_all: bool = False) -> Shop:
    """A shop with known true curves and `days` of noisy daily history (0 = a new shop).

    Some product x levers were never tried unless `tried_all`.
    """
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(PRODUCT_TEMPLATES), size=n_products, replace=n_products > len(PRODUCT_TEMPLATES))
    products, keys, fam, r0, h, margin = [], [], [], [], [], []
    shop_r0, shop_h = rng.normal(0, 0.3), rng.normal(0, 0.5)
    lever_r0 = {lv: rng.normal(0, 0.2) for lv in LEVERS}
    lever_h = {lv: rng.normal(0, 0.3) for lv in LEVERS}
    for j, i in enumerate(picks):
        t = PRODUCT_TEMPLATES[int(i)]
        price = int(t["price_fen"] * rng.uniform(0.8, 1.2))
        unit_cost = int(price * t["unit_cost_ratio"])
        pid = f"prd_{j:03d}"
        products.append(PlanProduct(product_id=pid, category=t["category"], price_fen=price, unit_cost_fen=unit_cost))
        prod_r0, appeal = rng.normal(0, 0.3), rng.normal(0, 0.35)
        for lv in LEVERS:
            keys.append((pid, lv))
            fam.append(int(rng.integers(3)))
            r0.append(_WORLD_R0[lv] * _WORLD_CATEGORY[t["category"]]
                      * np.exp(shop_r0 + lever_r0[lv] + prod_r0 + rng.normal(0, 0.25)))
            h.append(_WORLD_SCALE[lv] * price * np.exp(shop_h + lever_h[lv] + appeal + rng.normal(0, 0.4)))
            margin.append(1.0 - unit_cost / price)
    truth = TrueCurves(np.array(fam), np.array(r0), np.array(h))
    history: list[HistoryRow] = []
    if days:
        day_factor = np.exp(rng.normal(0, _DAY_SD, days))
        prices = {p.product_id: p.price_fen for p in products}
        for c, (pid, lv) in enumerate(keys):
            if rng.random() > (1.0 if tried_all else _USED_PROB[lv]):
                continue
            habit = truth.h[c] * np.exp(rng.normal(-0.5, 0.8))
            spend = habit * np.exp(rng.normal(0, _SPEND_SD, days)) * (rng.random(days) > 0.1)
            one = TrueCurves(truth.family[c:c + 1], truth.r0[c:c + 1], truth.h[c:c + 1])
            mean_gmv = one.value(spend[:, None])[:, 0]
            r = _ORDERS_R
            orders = rng.negative_binomial(r, r / (r + mean_gmv * day_factor / prices[pid]))
            gmv = orders * prices[pid] * rng.uniform(0.95, 1.05, days)
            for d in range(days):
                if spend[d] > 0 or gmv[d] > 0:
                    history.append(HistoryRow(day=d, product_id=pid, lever=lv,  # type: ignore[arg-type]
                                              spend_fen=int(spend[d]), gmv_fen=int(gmv[d])))
    return Shop(products, keys, truth, np.array(margin), history)


def _draw_target(rng: np.random.Generator, shop: Shop, budget_day: float) -> tuple[str, float | None]:
    free = solve_allocation(shop.truth, budget_day)
    roi_free = float(shop.truth.value(free.x).sum() / free.x.sum())
    top = float(shop.truth.r0.max())
    kind = str(rng.choice(["none", "suggested", "ambitious", "unreachable"], p=[0.2, 0.35, 0.35, 0.1]))
    if kind == "none":
        return kind, None
    if kind == "suggested":  # practitioners start at about 90% of the ROI the system suggests
        return kind, round(roi_free * rng.uniform(0.8, 1.0), 2)
    if kind == "ambitious":  # above what the budget allows at full spend: the target caps spend
        return kind, round(min(roi_free * rng.uniform(1.0, 1.3), 0.9 * top), 2)
    return kind, round(top * rng.uniform(1.1, 1.5), 2)


def _spend_vector(shop: Shop, result: PlanResult) -> np.ndarray:
    where = {k: i for i, k in enumerate(shop.keys)}
    x = np.zeros(len(shop.keys))
    for a in result.allocations:
        x[where[(a.product_id, a.lever)]] = a.spend_per_day_fen
    return x


def _hist_best(shop: Shop) -> int:
    """Index of the product x lever with the best historical ROI (the fitted prior's best for a new shop)."""
    spend: dict[tuple[str, str], float] = {}
    gmv: dict[tuple[str, str], float] = {}
    for r in shop.history:
        k = (r.product_id, r.lever)
        spend[k] = spend.get(k, 0.0) + r.spend_fen
        gmv[k] = gmv.get(k, 0.0) + r.gmv_fen
    rois = [gmv[k] / spend[k] if spend.get(k, 0) > 0 else -1.0 for k in shop.keys]
    if max(rois) > 0:
        return int(np.argmax(rois))
    return int(np.argmax(fit_curves(shop.products, []).point().r0))


def run_one(seed: int, n_products: int, days: int, confidence: float | None = None, tried_all: bool = False) -> dict[str, Any]:
    """One shop, one budget and target, one objective: every method scored under the truth."""
    rng = np.random.default_rng(seed + 7)
    shop = simulate_shop(seed, n_products, days, tried_all)
    horizon = int(rng.choice([7, 14]))
    budget_day = float(shop.truth.h.sum() * np.exp(rng.uniform(np.log(0.03), np.log(0.4))))
    kind, target = _draw_target(rng, shop, budget_day)
    objective = "profit" if rng.random() < 0.25 else "gmv"
    req = PlanRequest(products=shop.products, history=shop.history, budget_fen=int(budget_day * horizon),
                      target_roi=target, horizon_days=horizon, objective=objective, seed=seed,  # type: ignore[arg-type]
                      min_daily_spend_fen=MIN_DAILY,
                      roi_confidence=_DEFAULT_CONFIDENCE if confidence is None else confidence)
    t0 = time.perf_counter()
    res = plan_budget(req)
    plan_s = time.perf_counter() - t0
    budget_day = req.budget_fen / horizon
    profit = objective == "profit"
    w, c = (shop.margin, 1.0) if profit else (np.ones(len(shop.keys)), 0.0)
    oracle = solve_allocation(shop.truth, budget_day, target, w, c)
    n = len(shop.keys)
    even = np.full(n, budget_day / n)
    best = np.zeros(n)
    best[_hist_best(shop)] = budget_day

    def score(x: np.ndarray) -> dict[str, float]:
        g = shop.truth.value(x)
        spend = float(x.sum())
        return {"gmv": float(g.sum()) * horizon, "profit": float((g * shop.margin).sum() - spend) * horizon,
                "spend": spend * horizon, "roi": float(g.sum() / spend) if spend > 0 else 0.0}

    feasible = target is not None and oracle.feasible and float(oracle.x.sum()) >= MIN_DAILY
    out: dict[str, Any] = {
        "seed": seed, "kind": kind, "objective": objective, "target": target, "feasible": feasible,
        "status": res.status, "plan_s": plan_s, "budget": float(req.budget_fen),
        "ours": score(_spend_vector(shop, res)), "oracle": score(oracle.x), "even": score(even), "best": score(best),
    }
    if feasible:
        for m in ("ours", "even", "best"):
            out[m]["met"] = out[m]["roi"] >= target * (1 - 1e-9) and out[m]["spend"] > 0  # type: ignore[operator]
    return out


def solve_speed(seed: int, repeat: int) -> dict[str, float]:
    """Milliseconds to solve 30 products x 6 levers on fitted curves, with a binding ROI target."""
    shop = simulate_shop(seed, 30, 14)
    point = fit_curves(shop.products, shop.history).point()
    budget_day = float(point.b.sum() * 0.2)
    free = solve_allocation(point, budget_day)
    target = float(point.value(free.x).sum() / free.x.sum()) * 1.3
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        sol = solve_allocation(point, budget_day, target)
        times.append(time.perf_counter() - t)
    return {"curves": float(len(shop.keys)), "median_ms": float(np.median(times)) * 1000,
            "max_ms": float(np.max(times)) * 1000, "target_binding": float(sol.target_binding)}


METHODS = {"ours": "super plan (ours)", "even": "even split", "best": "best-ROI campaign"}


def _mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else float("nan")


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    gmv_runs = [r for r in runs if r["objective"] == "gmv" and r["oracle"]["gmv"] > 0]
    # Budget binds: the oracle spends the whole budget; target binds: the ROI floor stops it earlier.
    no_target = [r for r in gmv_runs if r["target"] is None]
    budget_bound = [r for r in gmv_runs if r["target"] is not None and r["oracle"]["spend"] >= 0.99 * r["budget"]]
    target_bound = [r for r in gmv_runs if r["oracle"]["spend"] < 0.99 * r["budget"]]
    profit_runs = [r for r in runs if r["objective"] == "profit" and r["oracle"]["profit"] > 0]
    feas = [r for r in runs if r["feasible"]]
    unreach = [r for r in runs if r["kind"] == "unreachable" and not r["feasible"]]
    out: dict[str, Any] = {
        "runs": len(runs), "gmv_runs": len(gmv_runs), "no_target_runs": len(no_target), "budget_bound_runs": len(budget_bound),
        "target_bound_runs": len(target_bound), "profit_runs": len(profit_runs),
        "feasible_target_runs": len(feas), "unreachable_runs": len(unreach),
    }
    for m in METHODS:
        out[f"{m}_gmv_vs_oracle"] = _mean([r[m]["gmv"] / r["oracle"]["gmv"] for r in gmv_runs])
        out[f"{m}_gmv_vs_oracle_no_target"] = _mean([r[m]["gmv"] / r["oracle"]["gmv"] for r in no_target])
        out[f"{m}_gmv_vs_oracle_budget_bound"] = _mean([r[m]["gmv"] / r["oracle"]["gmv"] for r in budget_bound])
        out[f"{m}_gmv_vs_oracle_target_bound"] = _mean([r[m]["gmv"] / r["oracle"]["gmv"] for r in target_bound])
        out[f"{m}_profit_vs_oracle"] = _mean([r[m]["profit"] / r["oracle"]["profit"] for r in profit_runs])
        out[f"{m}_target_met_share"] = _mean([float(r[m]["met"]) for r in feas])
        out[f"{m}_budget_use"] = _mean([r[m]["spend"] / r["budget"] for r in runs])
    for m in ("even", "best"):
        out[f"ours_vs_{m}_gmv"] = out["ours_gmv_vs_oracle"] / out[f"{m}_gmv_vs_oracle"]
        out[f"ours_vs_{m}_gmv_no_target"] = out["ours_gmv_vs_oracle_no_target"] / out[f"{m}_gmv_vs_oracle_no_target"]
    out["unreachable_detected_share"] = _mean([float(r["status"] == "target_unreachable") for r in unreach])
    out["feasible_declared_unreachable_share"] = _mean([float(r["status"] == "target_unreachable") for r in feas])
    out["plan_seconds_mean"] = _mean([r["plan_s"] for r in runs])
    return out


def measure(smoke: bool = False, runs: int | None = None, dev: bool = False, confidence: float | None = None) -> dict[str, Any]:
    n_runs = runs if runs is not None else (3 if smoke else 200)
    start = 0 if dev else HELD_OUT_SEED
    rng = np.random.default_rng(start)
    warm, rich, cold = [], [], []
    for k in range(n_runs):
        n_products = 6 if smoke else int(rng.integers(8, 31))
        days = 10 if smoke else int(rng.choice([14, 21, 28]))
        warm.append(run_one(start + k, n_products, days, confidence))
        if k % 2 == 0 or smoke:
            rich.append(run_one(start + 30_000 + k, n_products, 10 if smoke else 28, confidence, tried_all=True))
            cold.append(run_one(start + 50_000 + k, n_products, 0, confidence))
    return {
        "seeds": "dev" if dev else "held-out",
        "warm": _summary(warm),
        "rich": _summary(rich),
        "cold": _summary(cold),
        "solve_30x6": solve_speed(start + 99_999, 3 if smoke else 50),
    }


def _table(name: str, s: dict[str, Any]) -> str:
    lines = [
        (f"{name}: {s['runs']} runs; GMV objective {s['gmv_runs']} (no target {s['no_target_runs']}, target with the "
         f"oracle spending the budget {s['budget_bound_runs']}, target binding the oracle {s['target_bound_runs']}), "
         f"profit objective {s['profit_runs']}; feasible targets {s['feasible_target_runs']}, unreachable "
         f"{s['unreachable_runs']}"),
        f"  {'':<20}{'GMV / oracle GMV':^42}{'profit/':>9}{'target':>8}{'budget':>8}",
        f"  {'method':<20}{'all':>9}{'no target':>11}{'tgt:budget':>11}{'tgt:binds':>11}{'oracle':>9}{'met':>8}{'use':>8}",
    ]
    for m, label in METHODS.items():
        lines.append(
            f"  {label:<20}{s[f'{m}_gmv_vs_oracle']:>9.3f}{s[f'{m}_gmv_vs_oracle_no_target']:>11.3f}"
            f"{s[f'{m}_gmv_vs_oracle_budget_bound']:>11.3f}{s[f'{m}_gmv_vs_oracle_target_bound']:>11.3f}"
            f"{s[f'{m}_profit_vs_oracle']:>9.3f}{s[f'{m}_target_met_share']:>8.1%}{s[f'{m}_budget_use']:>8.1%}"
        )
    lines.append(
        f"  ours / even split GMV {s['ours_vs_even_gmv']:.2f}x (no target {s['ours_vs_even_gmv_no_target']:.2f}x); "
        f"ours / best-ROI campaign {s['ours_vs_best_gmv']:.2f}x (no target {s['ours_vs_best_gmv_no_target']:.2f}x)"
    )
    lines.append("  (tgt:budget = a target the oracle meets spending the whole budget; tgt:binds = the target stops "
                 "the oracle's spend earlier)")
    lines.append(
        f"  unreachable targets detected {s['unreachable_detected_share']:.0%}; feasible targets declared unreachable "
        f"{s['feasible_declared_unreachable_share']:.0%}; plan_budget {s['plan_seconds_mean']:.2f} s per call (fit included)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: check that it runs (used by the tests)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--runs", type=int, default=None, help="shops with history (half as many new shops)")
    parser.add_argument("--dev", action="store_true", help="use the development seeds instead of the held-out ones")
    parser.add_argument("--roi-confidence", type=float, default=None,
                        help="PlanRequest.roi_confidence of every plan (default: the model's default)")
    args = parser.parse_args(argv)
    res = measure(args.smoke, args.runs, args.dev, args.roi_confidence)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"super plan vs the oracle under the true curves ({res['seeds']} seeds)")
    print(_table("shops with history (14-28 days, some product x levers never tried)", res["warm"]))
    print(_table("shops with rich history (28 days, every product x lever tried)", res["rich"]))
    print(_table("new shops (cold start, category priors only)", res["cold"]))
    sp = res["solve_30x6"]
    print(f"solve, {sp['curves']:.0f} curves with a binding ROI target: median {sp['median_ms']:.2f} ms, "
          f"max {sp['max_ms']:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
