"""Creators (达人) in the simulation: collaboration lifecycle, content traffic, alliance sales.

A proposed collaboration is decided by the creator a few hours later (the offer against the asked
fee or commission, and whether the product fits the creator's vertical). An accepted one is
published one to three days later; its content then brings views that decay with a half-life of
1.5 days for a week, with clicks and orders that depend on how the creator's audience matches the
product. Open, targeted and exclusive commission plans bring a trickle of alliance sales whose
size grows with the commission rate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from market.clock import STEPS_PER_DAY, SimTime
from market.ids import stable_key
from market.sim.orders import OrderBook, Sale
from market.sim.traffic import DIURNAL

if TYPE_CHECKING:
    from market.sim.effects import StepEffects
    from market.sim.engine import Statics
    from market.store import Store

__all__ = ["CONTENT_DAYS", "audience_match", "expected_views", "simulate_creators"]

CONTENT_DAYS = 7
_HALF_LIFE_DAYS = 1.5
_VIEW_SHARE = 0.6
"""Lifetime views of one video per follower x engagement, before quality."""


def audience_match(statics: Statics, audience_mix: list[float], category: str) -> float:
    """How much the creator's audience likes the category (1.0 = an average buyer)."""
    c = statics.cat_idx[category]
    aff = 0.35 + statics.interests[:, c]
    mean = float((statics.seg_share * aff).sum())
    return float(np.dot(audience_mix, aff) / mean)


def expected_views(creator: dict[str, Any]) -> float:
    return creator["followers"] * creator["engagement_rate"] * _VIEW_SHARE * (0.5 + creator["content_quality"])


def _decay_share(age_steps: int) -> float:
    """Share of a video's lifetime views that arrive in step `age_steps` after publishing."""
    lam = np.log(2) / (_HALF_LIFE_DAYS * STEPS_PER_DAY)
    return float(np.exp(-lam * age_steps) * (1 - np.exp(-lam)))


def _content_ctr(creator: dict[str, Any], match: float) -> float:
    return 0.012 * (0.5 + creator["content_quality"]) * match


def simulate_creators(
    store: Store, st: Statics, step: int, products: dict[str, dict[str, Any]], fx: StepEffects, book: OrderBook
) -> None:
    seed = st.cfg.seed
    for col in store.collaborations_due(step):
        rng = np.random.default_rng([seed, step, 600, stable_key(col["id"])])
        creator = col["creator"]
        if col["status"] == "proposed":
            _decide(store, st, step, col, creator, products, rng)
        elif col["status"] == "accepted":
            fee = col["fee_fen"] if col["type"] in ("fixed_fee", "fee_plus_commission") else 0
            store.update_collaboration(col["id"], {"status": "published", "publish_step": step,
                                                   "end_step": step + CONTENT_DAYS * STEPS_PER_DAY,
                                                   "fee_paid_fen": fee})
            book.book(col["shop_id"], "creator_fee", "creator", fee, col["product_id"], None, None, col["id"])
        elif col["status"] == "published":
            if step >= col["end_step"]:
                store.update_collaboration(col["id"], {"status": "completed"})
                continue
            _content_step(store, st, step, col, creator, products, fx, book, rng)
    _alliance(store, st, step, products, fx, book)


def _decide(
    store: Store, st: Statics, step: int, col: dict[str, Any], creator: dict[str, Any],
    products: dict[str, dict[str, Any]], rng: np.random.Generator,
) -> None:
    t = col["type"]
    asked_fee, asked_rate = creator["fee_fen"], creator["commission_rate"]
    if t == "fixed_fee":
        offer = col["fee_fen"] / asked_fee
    elif t == "commission":
        offer = col["commission_rate"] / max(asked_rate, 1e-9) * 0.9
    elif t == "cpm":
        views = expected_views(creator)
        offer = col["cpm_fen"] * views / 1000.0 / asked_fee
    else:
        offer = 0.5 * col["fee_fen"] / asked_fee + 0.5 * col["commission_rate"] / max(asked_rate, 1e-9)
    fit = products[col["product_id"]]["category"] == creator["category"]
    p_accept = min(1.0, max(0.0, (offer - 0.6) / 0.5)) * (1.0 if fit else 0.55)
    if rng.random() < p_accept:
        publish = step + int(rng.integers(STEPS_PER_DAY, 3 * STEPS_PER_DAY))
        store.update_collaboration(col["id"], {"status": "accepted", "accepted_step": step, "publish_step": publish})
    else:
        store.update_collaboration(col["id"], {"status": "declined", "end_step": step})


def _content_step(
    store: Store, st: Statics, step: int, col: dict[str, Any], creator: dict[str, Any],
    products: dict[str, dict[str, Any]], fx: StepEffects, book: OrderBook, rng: np.random.Generator,
) -> None:
    p = products[col["product_id"]]
    age = step - col["publish_step"]
    slot_factor = DIURNAL[SimTime(step).slot]
    views = int(rng.poisson(expected_views(creator) * _decay_share(age) * slot_factor))
    if views == 0:
        return
    cat = p["category"]
    match = audience_match(st, creator["audience_mix"], cat)
    clicks = int(rng.binomial(views, min(_content_ctr(creator, match), 1.0)))
    in_stock = p["stock"] > 0 and p["status"] == "on_sale"
    price_factor = (p["price_fen"] / p["ref_price_fen"]) ** st.elasticity[cat]
    cvr = st.base_cvr[cat] * p["appeal"] * match * price_factor * fx.our_cvr[cat] * (0.8 + 0.4 * creator["content_quality"])
    n_orders = int(rng.binomial(clicks, min(cvr, 1.0))) if in_stock else 0
    cpm_fee = int(col["cpm_fen"] * views / 1000) if col["type"] == "cpm" else 0
    store.add_collaboration_traffic(col["id"], views, clicks, cpm_fee)
    book.book(col["shop_id"], "creator_fee", "creator", cpm_fee, p["id"], None, None, col["id"])
    rate = col["commission_rate"] if col["type"] in ("commission", "fee_plus_commission") else 0.0
    mix = np.asarray(creator["audience_mix"], dtype=np.float64)
    for s in rng.choice(len(mix), size=n_orders, p=mix / mix.sum()):
        book.sale(Sale(product_id=p["id"], segment=int(s), lever="creator", collaboration_id=col["id"],
                       commission_rate=rate))


def _alliance(
    store: Store, st: Statics, step: int, products: dict[str, dict[str, Any]], fx: StepEffects, book: OrderBook
) -> None:
    """Sales by alliance creators under the shop's commission plans."""
    t = SimTime(step)
    for plan in store.active_commission_plans():
        p = products.get(plan["product_id"])
        if p is None or p["stock"] <= 0 or p["status"] != "on_sale":
            continue
        rng = np.random.default_rng([st.cfg.seed, step, 700, stable_key(plan["id"])])
        pull = (plan["commission_rate"] / 0.2) ** 1.2
        reach = {"open": 1.0, "targeted": 0.6, "exclusive": 0.45}[plan["kind"]]
        if plan["kind"] != "open":
            reach *= min(3.0, 0.5 + plan["creator_followers"] / 1_000_000)
        price_factor = (p["price_fen"] / p["ref_price_fen"]) ** st.elasticity[p["category"]]
        lam = (st.cfg.alliance_orders_per_plan_day / STEPS_PER_DAY * DIURNAL[t.slot] * p["appeal"] * pull * reach
               * price_factor * fx.our_cvr[p["category"]])
        n = int(rng.poisson(lam))
        w = st.seg_share * (0.35 + st.interests[:, st.cat_idx[p["category"]]])
        for s in rng.choice(len(w), size=n, p=w / w.sum()):
            book.sale(Sale(product_id=p["id"], segment=int(s), lever="creator",
                           commission_rate=plan["commission_rate"], ref_id=plan["id"]))
