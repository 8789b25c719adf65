"""What a coupon does over the horizon: orders it adds, discount it pays, profit it adds.

For covered product p and segment s the coupon's expected discount per order u (over the units
per order: a 满减 only pays on orders that reach its threshold) lowers the price paid by the share
u / list price; orders answer with the category's elasticity scaled by the segment's relative
price sensitivity: orders x (1 - u / price)^(elasticity x sensitivity). Every order of an eligible
segment uses the coupon, new or would-have-happened, so the discount is paid on all of them.
Profit per order is (list value - discount) x (1 - platform fee) - cost of goods, kept only on
orders not refunded. Ad spend answers the same way with its own elasticity (campaigns that bid on
conversion rate bid more when a coupon lifts it; budget-bound ones cannot), and the extra spend is
charged to the coupon. Product stock caps the orders; coupon stock caps the uses: when it runs out
early, the coupon acts for that share of the horizon only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from models.coupons.terms import discounts, face_value
from models.coupons.types import CouponTerms

__all__ = ["MAX_QTY", "STOCK_MARGIN", "Evaluation", "Market", "evaluate", "qty_distribution"]

Array = npt.NDArray[np.float64]

MAX_QTY = 5
STOCK_MARGIN = 1.2
"""Stock issued = expected uses x this (demand is uncertain; unused stock costs nothing)."""
_CHUNK = 64


def qty_distribution(mean_qty: Array) -> Array:
    """[product, q-1]: units per order as 1 + Poisson(mean - 1), cut at MAX_QTY."""
    lam = np.clip(mean_qty - 1.0, 0.0, None)[:, None]
    q = np.arange(MAX_QTY)[None, :]
    logp = q * np.log(np.maximum(lam, 1e-12)) - lam - np.array([math.lgamma(k + 1) for k in range(MAX_QTY)])[None, :]
    p = np.where(lam > 0, np.exp(logp), (q == 0).astype(np.float64))
    return p / p.sum(axis=1, keepdims=True)


@dataclass(frozen=True, slots=True)
class Market:
    """The covered products and segments, as arrays."""

    price: Array
    """[product] unit list price, fen."""
    unit_cost: Array
    stock: Array
    baseline: Array
    """[component, product] expected orders over the horizon with no coupon (before the stock cap)."""
    qty: Array
    """[product, q-1] units-per-order distribution."""
    mean_qty: Array
    elasticity: Array
    """[component, product] the elasticity of the product's category for that group of buyers."""
    seg_weight: Array
    """[product, segment] share of the product's orders from each segment (rows sum to 1)."""
    rel_sensitivity: Array
    """[product, segment] segment price sensitivity over the product's order-weighted mean."""
    segment_keys: list[str]
    refund_rate: float
    fee_rate: float
    spend_base: Array
    """[product] expected ad spend over the horizon with no coupon, fen (0 when not counted)."""
    spend_elasticity: Array
    """[product] how ad spend answers to the price paid, like orders do."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Per candidate: the stock to issue and the expected outcome (arrays over candidates)."""

    stock: npt.NDArray[np.int64]
    feasible: npt.NDArray[np.bool_]
    orders: Array
    incremental_orders: Array
    gmv: Array
    incremental_gmv: Array
    discount_cost: Array
    discount_on_existing: Array
    """The part of discount_cost paid on orders that would have come without the coupon."""
    incremental_ad_spend: Array
    """The extra ad spend: campaigns that bid on conversion rate bid more when a coupon lifts it."""
    incremental_profit: Array
    uses: Array
    coverage: Array
    baseline_orders: float
    baseline_profit: float


def _profit_per_order(m: Market) -> Array:
    return (1.0 - m.refund_rate) * (m.price * m.mean_qty * (1.0 - m.fee_rate) - m.unit_cost * m.mean_qty)


def _capped(orders: Array, m: Market) -> Array:
    """Scale a [..., product] order count so that units never exceed product stock."""
    units = orders * m.mean_qty
    return orders * np.minimum(1.0, m.stock / np.maximum(units, 1e-12))


def _lift(elasticity: Array, m: Market, x: Array, elig: Array) -> Array:
    """[k, p, s]: the factor each candidate gives a measure answering with elasticity[p] (1 if not eligible)."""
    raw = np.exp((elasticity[:, None] * m.rel_sensitivity)[None] * x[:, :, None])
    return np.where(elig[:, None, :] > 0, raw, 1.0)


def evaluate(candidates: Sequence[CouponTerms], m: Market, liability_cap_fen: int,
             stock: npt.NDArray[np.int64] | None = None) -> Evaluation:
    """Expected outcome of each candidate: stock by the rule (or as given), scaled by how long it lasts."""
    eps = m.elasticity
    n_k = len(candidates)
    pi0 = _profit_per_order(m)
    baseline = m.baseline.sum(axis=0)
    base = _capped(baseline, m)
    base_orders, base_profit = float(base.sum()), float((base * pi0).sum())
    base_share = np.where(baseline > 0, base / np.maximum(baseline, 1e-12), 0.0)
    base_gmv = float((base * m.price * m.mean_qty).sum())
    base_spend = float(m.spend_base.sum())
    out = {k: np.zeros(n_k) for k in ("orders", "gmv", "discount", "existing", "profit", "uses", "spend")}
    seg_index = {k: i for i, k in enumerate(m.segment_keys)}
    amounts = m.price[:, None] * np.arange(1, MAX_QTY + 1)[None, :]
    for start in range(0, n_k, _CHUNK):
        chunk = candidates[start : start + _CHUNK]
        disc = np.stack([discounts(t, amounts) for t in chunk])  # [k, p, q]
        u = (disc * m.qty[None]).sum(axis=2)  # [k, p] discount per eligible order
        p_use = ((disc > 0) * m.qty[None]).sum(axis=2)
        x = np.log1p(-np.minimum(u / m.price[None, :], 0.9))
        elig = np.ones((len(chunk), m.seg_weight.shape[1]))
        for j, t in enumerate(chunk):
            if t.target == "segment":
                elig[j] = 0.0
                elig[j, seg_index[t.target_segment]] = 1.0  # type: ignore[index]
        # Per group of buyers: its orders times its lift, summed into [k, p, s].
        seg_orders = np.zeros((len(chunk), *m.seg_weight.shape))
        for g in range(m.baseline.shape[0]):
            seg_orders += m.baseline[g][None, :, None] * m.seg_weight[None] * _lift(eps[g], m, x, elig)
        spend = m.spend_base[None, :] * (m.seg_weight[None] * _lift(m.spend_elasticity, m, x, elig)).sum(axis=2)
        total = seg_orders.sum(axis=2)
        scale = np.where(total > 0, _capped(total, m) / np.maximum(total, 1e-12), 0.0)
        eligible = (seg_orders * elig[:, None, :]).sum(axis=2) * scale  # [k, p]
        total = total * scale
        sl = slice(start, start + len(chunk))
        out["orders"][sl] = total.sum(axis=1)
        out["gmv"][sl] = (total * m.price * m.mean_qty).sum(axis=1)
        out["discount"][sl] = (eligible * u).sum(axis=1)
        base_elig = baseline[None, :] * base_share[None, :] * (m.seg_weight[None] * elig[:, None, :]).sum(axis=2)
        out["existing"][sl] = (np.minimum(base_elig, eligible) * u).sum(axis=1)
        lost = (1.0 - m.refund_rate) * (1.0 - m.fee_rate) * (eligible * u).sum(axis=1)
        out["spend"][sl] = spend.sum(axis=1)
        out["profit"][sl] = (total * pi0).sum(axis=1) - lost - (out["spend"][sl] - base_spend)
        out["uses"][sl] = (eligible * p_use).sum(axis=1)
    faces = np.array([face_value(t) for t in candidates], dtype=np.float64)
    max_stock = np.floor(liability_cap_fen / np.maximum(faces, 1.0))
    if stock is None:
        issued = np.minimum(np.ceil(out["uses"] * STOCK_MARGIN), max_stock)
        issued = np.maximum(issued, np.where(max_stock >= 1, 1.0, 0.0))
    else:
        issued = np.minimum(stock.astype(np.float64), max_stock)
    feasible = (max_stock >= 1) & (faces > 0)
    coverage = np.where(out["uses"] > 0, np.minimum(1.0, issued / np.maximum(out["uses"], 1e-12)), 1.0)
    coverage = np.where(feasible, coverage, 0.0)
    # Past the stock the coupon is gone: outcomes move from "no coupon" by the covered share only.
    return Evaluation(
        stock=issued.astype(np.int64), feasible=feasible,
        orders=base_orders + coverage * (out["orders"] - base_orders),
        incremental_orders=coverage * (out["orders"] - base_orders),
        gmv=base_gmv + coverage * (out["gmv"] - base_gmv), incremental_gmv=coverage * (out["gmv"] - base_gmv),
        discount_cost=coverage * out["discount"], discount_on_existing=coverage * out["existing"],
        incremental_ad_spend=coverage * (out["spend"] - base_spend),
        incremental_profit=coverage * (out["profit"] - base_profit),
        uses=out["uses"], coverage=coverage, baseline_orders=base_orders, baseline_profit=base_profit,
    )
