"""Coupon optimizer on simulated shops whose true response is known.

Each shop runs three weeks of history in the simulator while its merchant tries a different coupon
every three days (none, 折扣, 立减, 满减, one for a single segment), so its report shows price
variation. The optimizer then sees only what the policy server can give it (report rows by day x
product, products, segments) and picks a coupon for the next 7 days under a liability cap.

The truth is the simulator's own response model with the world's true parameters: an ad-driven
order of product p from segment s converts in proportion to (price paid / list)^(elasticity of p's
category x price sensitivity of s), with the price paid lowered by the coupon's discount on one unit
(`Engine._expected_discount`); organic and creator orders do not answer to coupons but use them.
Each history order, put back at no coupon (its ad lift divided out), is replayed under every
candidate: true orders, true discount (the platform rule on its real basket), true profit
((paid) x (1 - platform fee) - cost of goods, times 1 - the category's return rate), true uses and
so how long the stock lasts. Incremental profit is the issue's: margin of the orders a coupon
creates minus the discount on all orders that use it. Not in the formula: the auction's answer (a
coupon raises bids on conversion rate: campaigns win more, or pricier, impressions and may spend
more), per-buyer limits (the benchmark's coupons allow 100 uses per buyer) and the cap of a
conversion rate at 1; `--counterfactual` measures how far the formula is from the simulator.

Two scenarios, two market worlds (five shops each) apiece:
- bidding: the merchants' campaigns as seeded (ROI goal, cost cap, max delivery); the optimizer
  runs with count_ad_spend=False, the same profit definition as the truth.
- budget_bound: budgets cut to a tenth (campaigns spend all of it every day, so a coupon cannot
  raise spend) and list prices 30% above the simulator's reference prices (先涨后降); the optimizer
  runs as deployed (count_ad_spend=True: it estimates from the history whether spend moves).
Smart coupons are off in every shop.

Figures, summed over shops, as ratios to the true optimum over the same candidate grid and cap:
the optimizer (elasticities estimated from the history), the same optimizer on its prior alone, and
a fixed rule (10% off for everyone, as much stock as the cap allows); also how many shops each loses
money in. Two caps: tight (5% of a week's GMV) and loose (50%). And the error of the estimated
order elasticities against the true ones (ad-driven orders: the order-weighted category x segment
exponent; other orders: 0), against the prior's error.

Usage: python benchmarks/coupons.py [--smoke] [--json] [--worlds DIR] [--counterfactual]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from market import STEPS_PER_DAY, SimMarket  # noqa: E402
from models.coupons import (  # noqa: E402
    CouponPlan,
    CouponProduct,
    CouponRequest,
    CouponSegment,
    CouponTerms,
    ProductDay,
    candidate_grid,
    discounts,
    face_value,
    recommend_coupons,
)

__all__ = ["World", "main", "measure"]


@dataclass(frozen=True)
class World:
    """A seeded world and how the merchants set it up before the history."""

    profile: str
    seed: int
    history_days: int
    block_days: int
    budget_share: float = 1.0
    """Campaign budgets are multiplied by this at the start (0.1: every campaign spends all of it daily)."""
    markup: float = 1.0
    """List prices are multiplied by this at the start (the simulator's demand keeps its reference price)."""
    overrides: tuple[tuple[str, int], ...] = ()

    @property
    def key(self) -> str:
        return f"coupons-{self.profile}-{self.seed}-{self.history_days}-{self.block_days}-b{self.budget_share}-m{self.markup}"


@dataclass(frozen=True)
class Scenario:
    name: str
    worlds: tuple[World, ...]
    count_ad_spend: bool
    """The optimizer's setting; the truth never charges extra ad spend (see the module docstring)."""


FULL = [
    Scenario("bidding", (World("market", 31, 21, 3), World("market", 32, 21, 3)), count_ad_spend=False),
    Scenario("budget_bound", (World("market", 31, 21, 3, 0.1, 1.3), World("market", 32, 21, 3, 0.1, 1.3)),
             count_ad_spend=True),
]
SMOKE = [Scenario("smoke", (World("tiny", 33, 4, 2, overrides=(("impressions_per_day", 20_000), ("n_creators", 10))),),
                  count_ad_spend=False)]
HORIZON = 7
CAPS = {"tight": 0.05, "loose": 0.5}
"""Liability cap as a share of the shop's GMV over the last week of history."""


def _yuan(fen: float) -> int:
    return max(100, int(round(fen / 100.0)) * 100)


def _explore_menu(prices: list[int], segments: list[str]) -> list[CouponTerms | None]:
    """What the merchant tries during the history, one per block."""
    med, p90 = float(np.median(prices)), float(np.quantile(prices, 0.9))
    return [
        None,
        CouponTerms(type="percent", percent_off=0.1, max_discount_fen=_yuan(0.1 * p90)),
        CouponTerms(type="percent", percent_off=0.2, max_discount_fen=_yuan(0.2 * p90)),
        CouponTerms(type="direct", discount_fen=_yuan(0.08 * med)),
        CouponTerms(type="threshold", threshold_fen=_yuan(med), discount_fen=_yuan(0.15 * med)),
        CouponTerms(type="percent", percent_off=0.15, max_discount_fen=_yuan(0.15 * p90), target="segment",
                    target_segment=segments[0]),
    ]


def _simulate(world: World, path: Path) -> tuple[SimMarket, dict[str, list[tuple[int, int, CouponTerms | None]]]]:
    """Seed the world and run its history with each shop's exploration schedule."""
    market = SimMarket.create(path, seed=world.seed, profile=world.profile, history_days=0, **dict(world.overrides))
    seg_keys = [s.key for s in market.list_segments()]
    schedule: dict[str, list[tuple[int, int, CouponTerms | None]]] = {}
    menus = {}
    for i, shop in enumerate(market.list_shops()):
        for c in market.list_coupons(shop.id, status="active"):
            market.end_coupon(shop.id, c.id)
        for camp in market.list_campaigns(shop.id, limit=200):
            # Smart coupons off: the shop's own coupons are what is measured. Budget-bound campaigns
            # (budget_share 0.1) spend the same whatever their conversion rate.
            market.update_campaign(shop.id, camp.id, {
                "smart_coupon": False, "daily_budget_fen": max(1_000, int(camp.daily_budget_fen * world.budget_share))})
        if world.markup != 1.0:
            for p in market.list_products(shop.id, limit=200):
                # List prices above the reference price (先涨后降): a coupon can bring the price paid back.
                market.update_product(shop.id, p.id, {"price_fen": int(round(p.price_fen * world.markup / 100)) * 100 - 10})
        prices = [p.price_fen for p in market.list_products(shop.id, limit=200)]
        rng = np.random.default_rng([world.seed, i])
        menu = _explore_menu(prices, list(rng.permutation(seg_keys)))
        blocks = world.history_days // world.block_days
        # Every block a different coupon, "none" among the first two so the start has a clean base.
        order = [0, *rng.permutation(np.arange(1, len(menu)))]
        order = [order[j % len(order)] for j in range(blocks)]
        if rng.random() < 0.5 and blocks > 1:
            order[0], order[1] = order[1], order[0]
        menus[shop.id] = [menu[j] for j in order]
        schedule[shop.id] = []
    for b in range(world.history_days // world.block_days):
        start = market.now().step
        end = start + world.block_days * STEPS_PER_DAY
        for shop_id, plan in menus.items():
            terms = plan[b]
            if terms is not None:
                spec = {**terms.model_dump(exclude={"target", "target_segment"}, exclude_none=True),
                        "target": terms.target, "target_segment": terms.target_segment}
                market.create_coupon(shop_id, {"name": f"explore {b}", "stock": 1_000_000, "per_buyer_limit": 100,
                                               "claim_days": world.block_days, "status": "active", **spec})
            schedule[shop_id].append((start, end, terms))
        market.advance(end - start)
    return market, schedule


@dataclass(frozen=True)
class Truth:
    """One shop's history orders, each weighted back to 'no coupon', ready to replay candidates."""

    price: np.ndarray
    total: np.ndarray
    cogs: np.ndarray
    exponent: np.ndarray
    """elasticity x price sensitivity for ad orders, 0 for orders that do not answer to price."""
    keep: np.ndarray
    """1 - the category's return rate."""
    segment: list[str]
    category: list[str]
    weight: np.ndarray
    fee: float

    def elasticity(self, category: str, measure: str) -> float:
        """True elasticity of the category's orders of one group at no coupon: the order-weighted exponent.

        ad_orders: the ad-driven orders (nan when the category had none); other_orders: the rest (0:
        they do not answer to coupons); orders: every order; ad_spend: not an order measure (nan).
        """
        mine = np.array([c == category for c in self.category])
        if measure == "ad_orders":
            mine &= self.exponent != 0
        elif measure == "other_orders":
            return 0.0
        elif measure == "ad_spend":
            return float("nan")
        w = self.weight[mine]
        return float((w * self.exponent[mine]).sum() / w.sum()) if w.sum() > 0 else float("nan")

    def outcome(self, terms: CouponTerms) -> tuple[float, float, float]:
        """Full-horizon (incremental profit, incremental orders, uses) if the stock never ran out."""
        elig = np.ones(self.price.size, bool)
        if terms.target == "segment":
            elig = np.array([s == terms.target_segment for s in self.segment])
        unit = np.where(elig, discounts(terms, self.price), 0.0)
        lift = (np.maximum(self.price - unit, 1.0) / self.price) ** self.exponent
        disc = np.where(elig, discounts(terms, self.total), 0.0)
        profit0 = self.keep * (self.total * (1 - self.fee) - self.cogs)
        profit = self.keep * ((self.total - disc) * (1 - self.fee) - self.cogs)
        w = self.weight
        return (float((w * lift * profit).sum() - (w * profit0).sum()), float((w * (lift - 1)).sum()),
                float((w * lift * (disc > 0)).sum()))

    def profit(self, terms: CouponTerms | None, stock: int) -> float:
        """True incremental profit of the coupon with this stock over the horizon (0 for no coupon)."""
        if terms is None or stock <= 0:
            return 0.0
        inc, _, uses = self.outcome(terms)
        return inc * (min(1.0, stock / uses) if uses > 0 else 1.0)


def _truth(market: SimMarket, shop_id: str, schedule: list[tuple[int, int, CouponTerms | None]],
           history_days: int) -> Truth:
    store = market.store
    eps = {c["key"]: c["elasticity"] for c in store.categories()}
    ret = {c["key"]: c["return_rate"] for c in store.categories()}
    sens = {s["key"]: s["price_sensitivity"] for s in store.segments()}
    rows = store.rows(
        "SELECT o.total_fen, o.cogs_fen, o.lever, o.created_step, l.unit_price_fen, l.product_id, b.segment, p.category "
        "FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN buyers b ON b.id = o.buyer_id "
        "JOIN products p ON p.id = l.product_id WHERE o.shop_id = ? ORDER BY o.id", (shop_id,))
    price = np.array([r["unit_price_fen"] for r in rows], dtype=np.float64)
    exponent = np.array([eps[r["category"]] * sens[r["segment"]] if r["lever"] == "ads" else 0.0 for r in rows])
    offered = np.zeros(len(rows))
    for i, r in enumerate(rows):
        for start, end, terms in schedule:
            if (start <= r["created_step"] < end and terms is not None
                    and (terms.target == "all" or terms.target_segment == r["segment"])):
                offered[i] = float(discounts(terms, np.array([price[i]]))[0])
    lift_then = (np.maximum(price - offered, 1.0) / price) ** exponent
    return Truth(price=price, total=np.array([r["total_fen"] for r in rows], dtype=np.float64),
                 cogs=np.array([r["cogs_fen"] for r in rows], dtype=np.float64), exponent=exponent,
                 keep=np.array([1.0 - ret[r["category"]] for r in rows]), segment=[r["segment"] for r in rows],
                 category=[r["category"] for r in rows], weight=(HORIZON / history_days) / lift_then, fee=market.config.platform_fee_rate)


def _request(market: SimMarket, shop_id: str, cap: int, candidates: list[CouponTerms], **kw: Any) -> CouponRequest:
    from market.types import CATEGORIES

    products = [CouponProduct(product_id=p.id, category=p.category, price_fen=p.price_fen,
                              unit_cost_fen=p.unit_cost_fen, stock=p.stock)
                for p in market.list_products(shop_id, limit=200)]
    segments = [CouponSegment(key=s.key, share=s.share, price_sensitivity=s.price_sensitivity,
                              propensity=s.base_propensity, interest=dict(zip(CATEGORIES, s.interests, strict=True))) for s in market.list_segments()]
    history = [ProductDay(day=int(r.group["day"]), product_id=str(r.group["product"]), orders=r.orders,  # type: ignore[arg-type]
                          conversions=r.conversions, ad_spend_fen=r.ad_spend_fen, gmv_fen=r.gmv_fen, coupon_fen=r.coupon_fen, refund_fen=r.refund_fen,
                          platform_fee_fen=r.platform_fee_fen)
               for r in market.report(shop_id, group_by=["day", "product"]) if r.group["product"] is not None]
    return CouponRequest(products=products, segments=segments, history=history, horizon_days=HORIZON,
                         liability_cap_fen=cap, candidates=candidates, **kw)


def _pick(plan: CouponPlan) -> tuple[CouponTerms | None, int, float]:
    if plan.no_coupon:
        return None, 0, 0.0
    r = plan.recommendations[0]
    terms = CouponTerms(**r.model_dump(include=set(CouponTerms.model_fields)))
    return terms, r.stock, float(r.expected.incremental_profit_fen)


def shop_grid(market: SimMarket, shop_id: str) -> list[CouponTerms]:
    """The candidates every method is scored on: the optimizer's grid, weighted by each product's GMV."""
    products = market.list_products(shop_id, limit=200)
    sold = {p.id: 0 for p in products}
    for r in market.report(shop_id, group_by=["product"]):
        if r.group["product"] in sold:
            sold[str(r.group["product"])] = r.gmv_fen
    return candidate_grid([p.price_fen for p in products], [float(sold[p.id]) for p in products],
                          [s.key for s in market.list_segments()])


def _shop_case(market: SimMarket, shop_id: str, schedule: list[tuple[int, int, CouponTerms | None]],
               world: World, count_ad_spend: bool) -> list[dict[str, Any]]:
    truth = _truth(market, shop_id, schedule, world.history_days)
    grid = shop_grid(market, shop_id)
    last_week = market.report(shop_id, start_step=max(0, (world.history_days - 7) * STEPS_PER_DAY),
                              group_by=["day"])
    week_gmv = sum(r.gmv_fen for r in last_week) * 7 / max(len(last_week), 1)
    rule = next(t for t in grid if t.type == "percent" and t.percent_off == 0.1 and t.target == "all")
    outcomes = [truth.outcome(t) for t in grid]
    out = []
    for cap_name, share in CAPS.items():
        cap = int(week_gmv * share)
        oracle, oracle_terms = 0.0, None
        for t, (inc, _, uses) in zip(grid, outcomes, strict=True):
            stock = min(math.ceil(uses), cap // face_value(t))
            value = inc * (min(1.0, stock / uses) if uses > 0 else 1.0)
            if stock >= 1 and value > oracle:
                oracle, oracle_terms = value, t
        plan = recommend_coupons(_request(market, shop_id, cap, grid, count_ad_spend=count_ad_spend))
        model_terms, model_stock, predicted = _pick(plan)
        prior_terms, prior_stock, _ = _pick(recommend_coupons(
            _request(market, shop_id, cap, grid, count_ad_spend=count_ad_spend, prior_sd=0.01)))
        errors = [(abs(e.elasticity - t), abs(e.prior - t)) for e in plan.elasticities
                  if math.isfinite(t := truth.elasticity(e.category, e.measure))]
        out.append({
            "cap": cap_name, "cap_fen": cap, "oracle_fen": oracle,
            "oracle_coupon": None if oracle_terms is None else _label(oracle_terms),
            "model_fen": truth.profit(model_terms, model_stock), "model_predicted_fen": predicted,
            "model_coupon": None if model_terms is None else _label(model_terms),
            "prior_only_fen": truth.profit(prior_terms, prior_stock),
            "rule_fen": truth.profit(rule, cap // face_value(rule)),
            "learned": plan.learned,
            "elasticity_abs_error": [e for e, _ in errors], "prior_abs_error": [p for _, p in errors],
        })
    return out


def _label(t: CouponTerms) -> str:
    from models.coupons import coupon_name

    return coupon_name(t)


def _world(w: World, folder: Path) -> tuple[SimMarket, dict[str, list[tuple[int, int, CouponTerms | None]]]]:
    """Simulate the world into `folder`, or reopen it if an earlier run left it there."""
    db = folder / f"{w.key}.db"
    saved = db.with_suffix(".schedule.json")
    if db.exists() and saved.exists():
        raw = json.loads(saved.read_text(encoding="utf-8"))
        return SimMarket.open(db), {shop: [(a, b, None if t is None else CouponTerms(**t)) for a, b, t in rows]
                                    for shop, rows in raw.items()}
    db.unlink(missing_ok=True)
    market, schedule = _simulate(w, db)
    saved.write_text(json.dumps({shop: [(a, b, None if t is None else t.model_dump()) for a, b, t in rows]
                                 for shop, rows in schedule.items()}), encoding="utf-8")
    return market, schedule


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total = {k: sum(c[f"{k}_fen"] for c in rows) for k in ("oracle", "model", "prior_only", "rule")}
    return {
        "shops": len(rows), **{f"{k}_fen": v for k, v in total.items()},
        **{f"{k}_vs_oracle": (v / total["oracle"] if total["oracle"] > 0 else None)
           for k, v in total.items() if k != "oracle"},
        "oracle_pays_in": sum(c["oracle_fen"] > 0 for c in rows),
        "model_no_coupon": sum(c["model_coupon"] is None for c in rows),
        "model_loses_in": sum(c["model_fen"] < 0 for c in rows),
        "prior_only_loses_in": sum(c["prior_only_fen"] < 0 for c in rows),
        "rule_loses_in": sum(c["rule_fen"] < 0 for c in rows),
        "learned_shops": sum(bool(c["learned"]) for c in rows),
    }


def counterfactual(world: World, folder: Path) -> list[dict[str, Any]]:
    """The formula truth against the simulator itself: 7 more days with the rule's coupon vs none.

    Copies the world twice, runs one copy with 10% off for everyone in every shop and one without,
    and compares each shop's change in profit (GMV - discount - fee - cost of goods - ad spend)
    with what the formula says. One run each: the figures carry the simulator's noise.
    """
    market, schedule = _world(world, folder)
    src = folder / f"{world.key}.db"
    shops = [s.id for s in market.list_shops()]
    rule = {sid: next(t for t in shop_grid(market, sid) if t.type == "percent" and t.percent_off == 0.1
                      and t.target == "all") for sid in shops}
    formula = {sid: _truth(market, sid, schedule[sid], world.history_days).outcome(rule[sid]) for sid in shops}
    market.close()
    sims: dict[str, dict[str, dict[str, int]]] = {}
    for arm in ("none", "rule"):
        dst = folder / f"{world.key}.cf-{arm}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{dst}{suffix}").unlink(missing_ok=True)
            if Path(f"{src}{suffix}").exists():
                shutil.copyfile(f"{src}{suffix}", f"{dst}{suffix}")
        m = SimMarket.open(dst)
        start = m.now().step
        if arm == "rule":
            for sid in shops:
                m.create_coupon(sid, {"name": "rule", "stock": 1_000_000, "per_buyer_limit": 100, "claim_days": HORIZON,
                                      "status": "active", **rule[sid].model_dump(exclude_none=True)})
        m.advance(HORIZON * STEPS_PER_DAY)
        for sid in shops:
            rows = m.report(sid, start_step=start, group_by=["lever"])
            sims.setdefault(sid, {})[arm] = {
                "orders": sum(r.orders for r in rows), "ad_spend": sum(r.ad_spend_fen for r in rows),
                "profit": sum(r.gmv_fen - r.coupon_fen - r.platform_fee_fen - r.cogs_fen - r.ad_spend_fen for r in rows)}
        m.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{dst}{suffix}").unlink(missing_ok=True)
    return [{"shop": sid, "formula_incremental_orders": formula[sid][1], "formula_incremental_profit_fen": formula[sid][0],
             "sim_incremental_orders": sims[sid]["rule"]["orders"] - sims[sid]["none"]["orders"],
             "sim_incremental_ad_spend_fen": sims[sid]["rule"]["ad_spend"] - sims[sid]["none"]["ad_spend"],
             "sim_incremental_profit_fen": sims[sid]["rule"]["profit"] - sims[sid]["none"]["profit"]} for sid in shops]


def measure(smoke: bool, worlds_dir: Path | None = None, check: bool = False) -> dict[str, Any]:
    """Run every scenario's worlds (kept in `worlds_dir` and reused when given) and sum the shops.

    check: also run the counterfactual check on the first world of each scenario (minutes).
    """
    scenarios = SMOKE if smoke else FULL
    cases: list[dict[str, Any]] = []
    checks: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = worlds_dir or Path(tmp)
        for sc in scenarios:
            for w in sc.worlds:
                market, schedule = _world(w, folder)
                for shop in market.list_shops():
                    for row in _shop_case(market, shop.id, schedule[shop.id], w, sc.count_ad_spend):
                        cases.append({"scenario": sc.name, "world": f"{w.profile}/{w.seed}", "shop": shop.id, **row})
                market.close()
            if check:
                checks[sc.name] = counterfactual(sc.worlds[0], folder)
    summary = {f"{sc.name}/{cap}": _summary([c for c in cases if c["scenario"] == sc.name and c["cap"] == cap])
               for sc in scenarios for cap in CAPS}
    errors = [e for c in cases if c["cap"] == "tight" for e in c["elasticity_abs_error"]]
    prior = [e for c in cases if c["cap"] == "tight" for e in c["prior_abs_error"]]
    elasticity: dict[str, Any] = {"pairs": len(errors), "mae_estimated": float(np.mean(errors)) if errors else None,
                                  "mae_prior": float(np.mean(prior)) if prior else None}
    return {"horizon_days": HORIZON, "scenarios": {sc.name: [f"{w.profile}/{w.seed} {w.history_days}d" for w in sc.worlds]
                                                   for sc in scenarios},
            "summary": summary, "elasticity": elasticity, "counterfactual": checks, "cases": cases}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="one tiny world, 4 days: check that it runs (used by the tests)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--worlds", type=Path, default=None,
                        help="keep the simulated worlds in this folder and reuse them on the next run")
    parser.add_argument("--counterfactual", action="store_true",
                        help="also check the formula truth against 7 simulated days with and without a coupon")
    args = parser.parse_args(argv)
    res = measure(args.smoke, args.worlds, args.counterfactual)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"coupon optimizer vs the true optimum over the same candidates, {res['horizon_days']}-day coupons")
    for name, worlds in res["scenarios"].items():
        print(f"  {name}: {', '.join(worlds)}")

    def ratio(v: float | None) -> str:
        return "   n/a" if v is None else f"{v:6.2f}"

    print(f"{'scenario/cap':<19} {'shops':>5} {'oracle pays':>11} {'oracle yuan':>11} {'model':>6} {'prior':>6} "
          f"{'rule':>6}   {'model yuan':>10} {'prior yuan':>10} {'rule yuan':>10}  {'no coupon':>9} "
          f"{'loses: model':>12} {'prior':>5} {'rule':>5}")
    for name, s in res["summary"].items():
        print(f"{name:<19} {s['shops']:>5} {s['oracle_pays_in']:>11} {s['oracle_fen'] / 100:>11,.0f} "
              f"{ratio(s['model_vs_oracle'])} {ratio(s['prior_only_vs_oracle'])} {ratio(s['rule_vs_oracle'])}   "
              f"{s['model_fen'] / 100:>10,.0f} {s['prior_only_fen'] / 100:>10,.0f} {s['rule_fen'] / 100:>10,.0f}  "
              f"{s['model_no_coupon']:>9} {s['model_loses_in']:>12} {s['prior_only_loses_in']:>5} {s['rule_loses_in']:>5}")
    print("model / prior / rule: true incremental profit of each method's coupon as a share of the oracle's "
          "(1.00 = optimal; n/a when no candidate pays); the yuan columns are the same sums")
    e = res["elasticity"]
    if e["mae_estimated"] is not None:
        print(f"order elasticities (shop x category x buyers, {e['pairs']} pairs): mean absolute error "
              f"{e['mae_estimated']:.2f} estimated vs {e['mae_prior']:.2f} for the prior alone")
    for name, rows in res["counterfactual"].items():
        f = sum(r["formula_incremental_profit_fen"] for r in rows) / 100
        sim = sum(r["sim_incremental_profit_fen"] for r in rows) / 100
        fo = sum(r["formula_incremental_orders"] for r in rows)
        so = sum(r["sim_incremental_orders"] for r in rows)
        sp = sum(r["sim_incremental_ad_spend_fen"] for r in rows) / 100
        print(f"counterfactual, {name}, 10% off for everyone in {len(rows)} shops: formula {fo:+,.0f} orders "
              f"{f:+,.0f} yuan; simulator {so:+,} orders {sim:+,.0f} yuan (ad spend {sp:+,.0f} yuan)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
