"""`recommend_coupons`: the coupon and target that add the most profit within the liability cap.

Fits the shop's demand (`models.coupons.demand`), prices every candidate with the response model
(`models.coupons.response`) and ranks those expected to add profit; when none does, it says so
and why. Deterministic: the same request gives the same plan.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from models.coupons.demand import DemandFit, fit_demand
from models.coupons.response import Evaluation, Market, evaluate, qty_distribution
from models.coupons.terms import candidate_grid, coupon_name, face_value
from models.coupons.types import (
    CouponPlan,
    CouponRecommendation,
    CouponRequest,
    CouponTerms,
    ElasticityEstimate,
    Outcome,
)
from models.errors import ModelInputError

__all__ = ["INTEREST_FLOOR", "MODEL_NAME", "MODEL_VERSION", "build_market", "recommend_coupons"]

MODEL_NAME = "coupon_optimizer"
MODEL_VERSION = "1"
INTEREST_FLOOR = 0.35
"""A segment with no stated interest in a category still buys it sometimes."""
_CAUTIOUS_Z = 1.2816
"""The cautious elasticities sit this many sds from their means (80% one-sided): orders answer less,
ad spend more."""
_LEARNED_WEIGHT = 0.25


def _check(request: CouponRequest) -> list[int]:
    """Refuse inconsistent input; return the indexes of the covered products."""
    ids = [p.product_id for p in request.products]
    dup = [k for k, n in Counter(ids).items() if n > 1]
    if dup:
        raise ModelInputError(f"product {dup[0]!r} is listed more than once", hint="pass each product once")
    keys = [s.key for s in request.segments]
    dup = [k for k, n in Counter(keys).items() if n > 1]
    if dup:
        raise ModelInputError(f"segment {dup[0]!r} is listed more than once", hint="pass each segment once")
    unknown = [pid for pid in request.product_ids if pid not in ids]
    if unknown:
        raise ModelInputError(f"product_ids names {unknown[0]!r}, which is not in products",
                              hint="list the product in products, or leave product_ids empty for every product")
    seen: set[tuple[int, str]] = set()
    for r in request.history:
        if (r.day, r.product_id) in seen:
            raise ModelInputError(f"history has two rows for day {r.day}, product {r.product_id!r}",
                                  hint="pass report rows grouped by day and product, one per pair")
        seen.add((r.day, r.product_id))
        if r.coupon_fen > r.gmv_fen:
            raise ModelInputError(f"history row day {r.day}, product {r.product_id!r}: coupon_fen {r.coupon_fen} "
                                  f"exceeds gmv_fen {r.gmv_fen}", hint="coupon_fen is the discount on that row's GMV")
    for t in request.candidates:
        if t.target_segment is not None and t.target_segment not in keys:
            raise ModelInputError(f"candidate targets segment {t.target_segment!r}, which is not in segments",
                                  hint=f"use one of: {', '.join(keys) or '(none given: pass segments)'}")
    scope = set(request.product_ids)
    return [i for i, p in enumerate(request.products) if not scope or p.product_id in scope]


def build_market(request: CouponRequest, fit: DemandFit, covered: list[int], *, cautious: bool = False) -> Market:
    """The covered products and the segments as the response model's arrays.

    cautious: every elasticity moved `_CAUTIOUS_Z` sds towards zero (the 80% one-sided bound).
    """
    products = [request.products[i] for i in covered]
    segs = request.segments
    if segs:
        share = np.array([s.share * s.propensity for s in segs])
        sens = np.array([s.price_sensitivity for s in segs])
        keys = [s.key for s in segs]
    else:
        share, sens, keys = np.ones(1), np.ones(1), []
    weight = np.empty((len(products), share.size))
    for i, p in enumerate(products):
        if segs and any(s.interest for s in segs):
            weight[i] = share * np.array([INTEREST_FLOOR + s.interest.get(p.category, 0.0) for s in segs])
        else:
            weight[i] = share
    weight /= weight.sum(axis=1, keepdims=True)
    rel = sens[None, :] / (weight * sens[None, :]).sum(axis=1, keepdims=True)
    cat = np.array([fit.categories.index(p.category) for p in products])
    eps = np.stack([np.minimum(c.elasticity + _CAUTIOUS_Z * c.sd, 0.0) if cautious else c.elasticity
                    for c in fit.components])[:, cat]
    spend = fit.spend if request.count_ad_spend else None
    # The cautious end has orders answering less and ad spend answering more.
    spend_eps = (np.zeros(len(products)) if spend is None else
                 (spend.elasticity - _CAUTIOUS_Z * spend.sd if cautious else spend.elasticity)[cat])
    return Market(
        price=np.array([p.price_fen for p in products], dtype=np.float64),
        unit_cost=np.array([p.unit_cost_fen for p in products], dtype=np.float64),
        stock=np.array([p.stock for p in products], dtype=np.float64),
        baseline=np.stack([c.daily_baseline[covered].sum(axis=1) for c in fit.components]),
        qty=qty_distribution(fit.mean_qty[covered]), mean_qty=fit.mean_qty[covered], elasticity=eps,
        seg_weight=weight, rel_sensitivity=rel, segment_keys=keys, refund_rate=fit.refund_rate, fee_rate=fit.fee_rate,
        spend_base=np.zeros(len(products)) if spend is None else spend.daily_baseline[covered].sum(axis=1),
        spend_elasticity=spend_eps,
    )


def _yuan(fen: float) -> str:
    return f"{fen / 100:,.0f}"


def _estimates(fit: DemandFit, categories: list[str]) -> list[ElasticityEstimate]:
    out = []
    for comp in [*fit.components, *([fit.spend] if fit.spend is not None else [])]:
        for c in categories:
            i = fit.categories.index(c)
            out.append(ElasticityEstimate(
                category=c, measure=comp.measure, elasticity=round(float(comp.elasticity[i]), 4),
                sd=round(float(comp.sd[i]), 4), prior=round(float(comp.prior[i]), 4),
                data_weight=round(float(comp.data_weight[i]), 4), product_days=int(fit.product_days[i])))
    return out


def _outcome(ev: Evaluation, cautious: Evaluation, k: int) -> Outcome:
    return Outcome(
        orders=round(float(ev.orders[k]), 2), incremental_orders=round(float(ev.incremental_orders[k]), 2),
        gmv_fen=int(round(ev.gmv[k])), incremental_gmv_fen=int(round(ev.incremental_gmv[k])),
        discount_cost_fen=int(round(ev.discount_cost[k])),
        discount_on_existing_fen=int(round(ev.discount_on_existing[k])),
        incremental_ad_spend_fen=int(round(ev.incremental_ad_spend[k])), incremental_profit_fen=int(round(ev.incremental_profit[k])),
        incremental_profit_low_fen=int(round(cautious.incremental_profit[k])), uses=round(float(ev.uses[k]), 2),
        coverage=round(float(ev.coverage[k]), 4),
    )


def _why_one(t: CouponTerms, o: Outcome, stock: int, horizon: int, base_orders: float) -> str:
    who = f"segment {t.target_segment}" if t.target_segment else "all buyers"
    pct = f" ({o.incremental_orders / base_orders:+.0%})" if base_orders > 0 else ""
    existing = o.discount_on_existing_fen / o.discount_cost_fen if o.discount_cost_fen > 0 else 0.0
    lasts = "lasts the whole horizon" if o.coverage >= 0.999 else f"runs out after about {o.coverage:.0%} of it"
    spend = f", extra ad spend {_yuan(o.incremental_ad_spend_fen)} yuan" if o.incremental_ad_spend_fen else ""
    caution = "" if o.incremental_profit_low_fen > 0 else "; at the cautious end of the elasticity it would not pay"
    return (f"{coupon_name(t)} for {who}: {o.incremental_orders:+.1f} orders{pct} over {horizon} days, "
            f"discount {_yuan(o.discount_cost_fen)} yuan ({existing:.0%} of it on orders that would have come "
            f"anyway){spend}, profit {_yuan(o.incremental_profit_fen)} yuan; stock {stock} {lasts}{caution}.")


def recommend_coupons(request: CouponRequest) -> CouponPlan:
    """Rank coupons by expected incremental profit over the horizon, within the liability cap."""
    covered = _check(request)
    fit = fit_demand(request.products, request.history, request.horizon_days,
                     prior=request.prior_elasticity, prior_sd=request.prior_sd)
    cats = sorted({request.products[i].category for i in covered})
    estimates = _estimates(fit, cats)
    learned = any(e.data_weight >= _LEARNED_WEIGHT for e in estimates)
    market = build_market(request, fit, covered)
    keys = market.segment_keys if request.segment_targeting and len(market.segment_keys) > 1 else []
    candidates = list(request.candidates) or candidate_grid(
        market.price.tolist(), (market.baseline.sum(axis=0) * market.price).tolist(), keys)
    ev = evaluate(candidates, market, request.liability_cap_fen)
    cautious = evaluate(candidates, build_market(request, fit, covered, cautious=True), request.liability_cap_fen,
                        stock=ev.stock)
    # A robust choice: a coupon is recommended only if it pays even at the cautious end of the
    # elasticities, and ranked by that cautious profit (choosing the best of many noisy estimates
    # by their means picks the most over-estimated one).
    pays = [k for k in range(len(candidates)) if ev.feasible[k] and cautious.incremental_profit[k] >= 1.0]
    liability = [int(ev.stock[k]) * face_value(candidates[k]) for k in range(len(candidates))]
    pays.sort(key=lambda k: (-round(float(cautious.incremental_profit[k])), liability[k], k))
    recs = []
    for rank, k in enumerate(pays[: request.top_k], start=1):
        t = candidates[k]
        o = _outcome(ev, cautious, k)
        recs.append(CouponRecommendation(
            **t.model_dump(), rank=rank, name=coupon_name(t), product_ids=list(request.product_ids),
            stock=int(ev.stock[k]), claim_days=request.horizon_days, liability_fen=liability[k], expected=o,
            why=_why_one(t, o, int(ev.stock[k]), request.horizon_days, ev.baseline_orders),
        ))
    basis = ("priors only (no usable history)" if fit.history_days == 0 else
             f"{fit.history_days} days of history" + ("" if learned else ", too little price variation to move the priors"))
    ranges = []
    for measure in dict.fromkeys(e.measure for e in estimates):
        vals = [e.elasticity for e in estimates if e.measure == measure]
        span = f"{min(vals):.2f}" if min(vals) == max(vals) else f"{min(vals):.2f} to {max(vals):.2f}"
        ranges.append(f"{measure.replace('_', ' ')} {span}")
    why = f"Elasticity from {basis}, over {len(cats)} categories: {'; '.join(ranges)}. "
    if recs:
        why += (f"Best of {len(candidates)} coupons: {recs[0].name}, expected profit "
                f"+{_yuan(recs[0].expected.incremental_profit_fen)} yuan (cautious "
                f"+{_yuan(recs[0].expected.incremental_profit_low_fen)}).")
    else:
        why += _why_none(request, ev, candidates)
    return CouponPlan(
        recommendations=recs, no_coupon=not recs, baseline_orders=round(ev.baseline_orders, 2),
        baseline_profit_fen=int(round(ev.baseline_profit)), elasticities=estimates,
        candidates_evaluated=len(candidates), model=MODEL_NAME, version=MODEL_VERSION, learned=learned, why=why,
    )


def _why_none(request: CouponRequest, ev: Evaluation, candidates: list[CouponTerms]) -> str:
    if ev.baseline_orders <= 0:
        return ("No coupon: the covered products have no expected orders (no sales history or no stock), so a "
                "coupon's effect cannot be sized; pass a week or more of report rows.")
    if not ev.feasible.any():
        return (f"No coupon: the liability cap of {_yuan(request.liability_cap_fen)} yuan is below the face value of "
                "every candidate; raise the cap or pass smaller candidates.")
    k = int(np.argmax(np.where(ev.feasible, ev.incremental_profit, -np.inf)))
    if ev.incremental_profit[k] >= 1.0:
        return (f"No coupon: the best of {len(candidates)} candidates, {coupon_name(candidates[k])}, would add "
                f"{_yuan(ev.incremental_profit[k])} yuan of profit if the elasticity estimate is right, but would "
                "lose money at its cautious end; more history with price variation would settle it.")
    spend = " and the extra ad spend" if ev.incremental_ad_spend[k] >= 1.0 else ""
    return (f"No coupon pays: the best of {len(candidates)} candidates, {coupon_name(candidates[k])}, would add "
            f"{ev.incremental_orders[k]:+.1f} orders but change profit by {_yuan(ev.incremental_profit[k])} yuan: "
            f"the discount on orders that would have come anyway{spend} outweigh the margin of the new ones.")
