"""Turning a step's sales into orders, coupons, ledger entries, and moving orders through their life.

A sale becomes an order: a buyer of the sale's segment, a quantity, the best coupon the buyer may
use, the platform fee, the cost of goods and any creator commission. Ledger entries are summed per
(shop, kind, lever, product, channel, campaign, reference) for the step. The order's future is drawn
when it is paid (ship, transit and delivery steps; whether and when the buyer asks for a return or
an exchange), and `advance_lifecycle` carries out whatever falls due at the current step.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from market.clock import STEPS_PER_DAY
from market.types import Coupon

if TYPE_CHECKING:
    from market.sim.engine import Statics
    from market.store import Store

__all__ = ["CARRIERS", "OrderBook", "Sale", "refund_return"]

CARRIERS = ("中通快递", "圆通速递", "韵达快递", "顺丰速运", "京东快递")
_CARRIER_CODE = {"中通快递": "ZT", "圆通速递": "YT", "韵达快递": "YD", "顺丰速运": "SF", "京东快递": "JD"}
_WAREHOUSE = "杭州仓"
_HUBS = ("武汉转运中心", "郑州转运中心", "南京转运中心", "广州转运中心", "成都转运中心")
_QTY = (np.array([1, 2, 3]), np.array([0.85, 0.12, 0.03]))
_RETURN_REASONS = (("no_reason", "quality", "not_as_described", "damaged", "wrong_size"), (0.5, 0.2, 0.15, 0.05, 0.1))
_RECEIVE_STEPS = 3 * STEPS_PER_DAY
_COMPLETE_AFTER = 7 * STEPS_PER_DAY
LedgerKey = tuple[str, str, str, str | None, str | None, str | None, str | None]


@dataclass(slots=True)
class Sale:
    product_id: str
    segment: int
    lever: str
    channel: str | None = None
    campaign_id: str | None = None
    stats_key: tuple[str, str, str, str] | None = None
    attributed: bool = False
    collaboration_id: str | None = None
    commission_rate: float = 0.0
    ref_id: str | None = None
    smart_discount_fen: int = 0


class OrderBook:
    """Collects one step's sales and spend, then writes them as orders and ledger entries."""

    def __init__(
        self,
        store: Store,
        statics: Statics,
        step: int,
        products: dict[str, dict[str, Any]],
        coupons: list[Coupon],
    ) -> None:
        self.store = store
        self.st = statics
        self.step = step
        self.products = products
        self.coupons = [c for c in coupons if c.kind in ("shop", "service")]
        self.sales: list[Sale] = []
        self.spend: dict[tuple[str, str, str, str], float] = defaultdict(float)
        self.ledger: dict[LedgerKey, int] = defaultdict(int)

    def add_spend(self, key: tuple[str, str, str, str], amount_fen: float) -> None:
        self.spend[key] += amount_fen

    def sale(self, sale: Sale) -> None:
        self.sales.append(sale)

    def book(self, shop: str, kind: str, lever: str, amount: int, product: str | None = None,
             channel: str | None = None, campaign: str | None = None, ref: str | None = None) -> None:
        if amount:
            self.ledger[(shop, kind, lever, product, channel, campaign, ref)] += amount

    # ---- orders -----------------------------------------------------------------------------

    def flush(self, stats: dict[tuple[str, str, str, str], list[int]]) -> None:
        for key, amount in sorted(self.spend.items()):
            fen = int(math.floor(amount))
            stats[key][4] += fen
            bidder, ch, pid, _ = key
            self.book(self.products[pid]["shop_id"], "ad_spend", "ads", fen, pid, ch, bidder)
        rng = np.random.default_rng([self.st.cfg.seed, self.step, 500])
        orders, lines, events = [], [], []
        claims = []
        coupon_use: dict[str, int] = defaultdict(int)
        ids = self.store.new_ids("ord", len(self.sales)) if self.sales else []
        used_ids = 0
        for sale in self.sales:
            p = self.products[sale.product_id]
            qty = int(rng.choice(_QTY[0], p=_QTY[1]))
            qty = min(qty, p["stock"])
            if qty <= 0 or p["status"] != "on_sale":
                continue
            pool = self.st.buyers_by_seg[sale.segment]
            if not pool:
                continue
            buyer = pool[int(rng.integers(len(pool)))]
            order_id = ids[used_ids]
            used_ids += 1
            p["stock"] -= qty
            total = p["price_fen"] * qty
            coupon, discount = self._best_coupon(p, buyer, sale.segment, total, coupon_use)
            if coupon is not None:
                coupon_use[coupon.id] += 1
                claims.append({"coupon_id": coupon.id, "buyer_id": buyer, "step": self.step,
                               "order_id": order_id, "discount_fen": discount})
            if sale.smart_discount_fen and discount == 0:
                discount = min(sale.smart_discount_fen * qty, total)
            paid = total - discount
            fee = int(round(paid * self.st.cfg.platform_fee_rate))
            cogs = p["unit_cost_fen"] * qty
            commission = int(round(paid * sale.commission_rate))
            shop = p["shop_id"]
            plan = self._plan_future(rng, p, sale)
            carrier = CARRIERS[int(rng.integers(len(CARRIERS)))]
            variants = p["variants"]
            variant = variants[int(rng.integers(len(variants)))] if variants else None
            orders.append({
                "id": order_id, "shop_id": shop, "buyer_id": buyer, "total_fen": total,
                "discount_fen": discount, "paid_fen": paid, "coupon_id": coupon.id if coupon else None,
                "lever": sale.lever, "campaign_id": sale.campaign_id, "collaboration_id": sale.collaboration_id,
                "channel": sale.channel, "status": "paid", "created_step": self.step, "shipped_step": None,
                "delivered_step": None, "carrier": carrier,
                "tracking_no": f"{_CARRIER_CODE[carrier]}{int(rng.integers(10**11, 10**12))}",
                **plan, "cogs_fen": cogs, "platform_fee_fen": fee, "commission_fen": commission,
                "attributed": int(sale.attributed),
            })
            lines.append({"order_id": order_id, "line_no": 1, "product_id": p["id"], "variant": variant,
                          "qty": qty, "unit_price_fen": p["price_fen"], "paid_fen": paid})
            events.append({"order_id": order_id, "step": self.step, "status": "paid", "note": "买家已付款"})
            camp, ch = sale.campaign_id, sale.channel
            ref = sale.collaboration_id or sale.ref_id
            self.book(shop, "gmv", sale.lever, total, p["id"], ch, camp, ref)
            if discount:
                self.book(shop, "coupon", "coupon", discount, p["id"], ch, camp, coupon.id if coupon else None)
            self.book(shop, "platform_fee", "platform", fee, p["id"], ch, camp)
            self.book(shop, "cogs", sale.lever, cogs, p["id"], ch, camp)
            if commission:
                self.book(shop, "creator_commission", "creator", commission, p["id"], ch, camp, ref)
            if sale.stats_key is not None:
                row = stats[sale.stats_key]
                row[3] += 1
                if sale.attributed:
                    row[2] += 1
                    row[5] += total
            if sale.collaboration_id:
                self.store.add_collaboration_sale(sale.collaboration_id, total, commission)
        self.store.insert_many("orders", orders)
        self.store.insert_many("order_lines", lines)
        self.store.insert_many("order_events", events)
        self.store.insert_many("coupon_claims", claims)
        self.store.use_coupons(coupon_use)
        self.store.set_stocks({pid: p["stock"] for pid, p in self.products.items()})
        self._write_ledger()

    def _write_ledger(self) -> None:
        rows = [
            {"shop_id": shop, "step": self.step, "kind": kind, "amount_fen": amount, "lever": lever,
             "product_id": pid, "channel": ch, "campaign_id": camp, "ref_id": ref}
            for (shop, kind, lever, pid, ch, camp, ref), amount in sorted(
                self.ledger.items(), key=lambda kv: tuple("" if x is None else str(x) for x in kv[0])
            )
            if amount
        ]
        self.store.insert_many("ledger", rows)
        self.ledger.clear()

    def _best_coupon(
        self, p: dict[str, Any], buyer: str, seg: int, total: int, used_now: dict[str, int]
    ) -> tuple[Coupon | None, int]:
        best: tuple[Coupon | None, int] = (None, 0)
        seg_key = self.st.seg_keys[seg]
        for c in self.coupons:
            if c.shop_id != p["shop_id"] or c.stock - used_now[c.id] <= 0:
                continue
            if c.product_ids and p["id"] not in c.product_ids:
                continue
            if c.target == "segment" and c.target_segment != seg_key:
                continue
            if c.buyer_id is not None and c.buyer_id != buyer:
                continue
            d = c.discount_for(total)
            if d <= best[1]:
                continue
            if c.target == "new_buyers" and self.store.has_ordered(p["shop_id"], buyer):
                continue
            if self.store.coupon_claims_of(c.id, buyer) >= c.per_buyer_limit:
                continue
            best = (c, min(d, total))
        return best

    def _plan_future(self, rng: np.random.Generator, p: dict[str, Any], sale: Sale) -> dict[str, Any]:
        ship = self.step + int(rng.integers(4, 60))
        transit = int(STEPS_PER_DAY * rng.uniform(1.5, 3.0))
        deliver = ship + transit
        cat = p["category"]
        u = rng.random()
        plan: dict[str, Any] = {
            "plan_ship_step": ship,
            "plan_transit_step": ship + transit // 2,
            "plan_deliver_step": deliver,
            "plan_return_step": None,
            "plan_return_kind": None,
            "plan_return_reason": None,
        }
        r_rate, x_rate = self.st.return_rate[cat], self.st.exchange_rate[cat] if p["variants"] else 0.0
        if u < r_rate + x_rate:
            kind = "return" if u < r_rate else "exchange"
            if kind == "exchange":
                reason = "wrong_size"
            else:
                reason = str(rng.choice(_RETURN_REASONS[0], p=_RETURN_REASONS[1]))
            plan.update(
                plan_return_step=deliver + int(rng.integers(2, 7 * STEPS_PER_DAY - 2)),
                plan_return_kind=kind,
                plan_return_reason=reason,
            )
        return plan

    # ---- lifecycle --------------------------------------------------------------------------

    def advance_lifecycle(self) -> None:
        step, store = self.step, self.store
        shipping = store.orders_due("ship", step)
        store.mark_orders([o["id"] for o in shipping], "shipped", step, "商家已发货")
        logistics = [(o["id"], step, "collected", _WAREHOUSE, f"{o['carrier']} 已揽收") for o in shipping]
        for o in store.orders_due("transit", step):
            hub = _HUBS[int(o["tracking_no"][-1]) % len(_HUBS)]
            logistics.append((o["id"], step, "in_transit", hub, f"快件已到达{hub}"))
        delivering = store.orders_due("deliver", step)
        for o in delivering:
            logistics.append((o["id"], step, "out_for_delivery", o["city"], "快递员正在派送"))
            logistics.append((o["id"], step, "delivered", o["city"], "已签收，感谢使用"))
        store.mark_orders([o["id"] for o in delivering], "delivered", step, "已签收")
        store.add_logistics_many(logistics)
        for o in store.orders_due("return_request", step):
            rid = store.new_id("rtn")
            others = [v for v in o["variants"] if v != o["variant"]]
            exchange_to = others[len(rid) % len(others)] if (others and o["plan_return_kind"] == "exchange") else None
            policy = self.st.policies[o["category"]]
            store.insert("returns", {
                "id": rid, "shop_id": o["shop_id"], "order_id": o["id"], "buyer_id": o["buyer_id"],
                "kind": o["plan_return_kind"], "reason": o["plan_return_reason"],
                "variant_to": exchange_to, "status": "requested", "refund_fen": 0,
                "created_step": step, "resolved_step": None, "due_step": step + policy["auto_approve_steps"],
                "note": "",
            })
        for r in store.returns_due(step):
            if r["status"] == "requested":
                self._auto_decide(r)
            elif r["status"] == "approved":
                self._receive(r)
        store.complete_orders(step - _COMPLETE_AFTER, step)
        self._write_ledger()

    def _auto_decide(self, r: dict[str, Any]) -> None:
        """The platform decides requests the shop left unanswered, by the return policy."""
        policy = self.st.policies[r["category"]]
        excluded = r["reason"] == "no_reason" and (r["return_exception"] or not policy["no_reason_allowed"])
        if excluded:
            note = policy["exception_zh"] or "该商品不支持七天无理由退货"
            self.store.decide_return(r["id"], "rejected", self.step, f"平台自动处理：{note}")
        else:
            self.store.decide_return(r["id"], "approved", self.step, "平台自动同意", due_step=self.step + _RECEIVE_STEPS)

    def _receive(self, r: dict[str, Any]) -> None:
        if r["kind"] == "exchange":
            self.store.decide_return(r["id"], "exchanged", self.step, "换货已寄出")
            self.store.add_logistics(r["order_id"], self.step, "collected", _WAREHOUSE, "换货商品已揽收")
            return
        refund_return(self.store, self.st.cfg.platform_fee_rate, r["id"], self.step, self)


def refund_return(store: Store, fee_rate: float, return_id: str, step: int, book: OrderBook | None = None) -> int:
    """Refund a received return in full: ledger refund and reversals, goods back in stock."""
    order = store.order_for_refund(return_id)
    own = book is None
    ledger = book if book is not None else _LedgerOnly(store, step)
    shop, pid, ch, camp = order["shop_id"], order["product_id"], order["channel"], order["campaign_id"]
    ref = order["collaboration_id"]
    ledger.book(shop, "refund", order["lever"], order["paid_fen"], pid, ch, camp, order["id"])
    ledger.book(shop, "platform_fee", "platform", -order["platform_fee_fen"], pid, ch, camp, order["id"])
    ledger.book(shop, "cogs", order["lever"], -order["cogs_fen"], pid, ch, camp, order["id"])
    if order["commission_fen"]:
        ledger.book(shop, "creator_commission", "creator", -order["commission_fen"], pid, ch, camp, ref)
    store.restock(pid, order["qty"])
    store.decide_return(return_id, "refunded", step, "退款已原路退回", refund_fen=order["paid_fen"])
    store.mark_order(order["id"], "refunded", step, "退款成功")
    store.add_logistics(order["id"], step, "returned", _WAREHOUSE, "退货已入库")
    if own:
        ledger.flush_ledger()
    return int(order["paid_fen"])


class _LedgerOnly:
    """Ledger bookkeeping outside a simulated step (a merchant's own refund)."""

    def __init__(self, store: Store, step: int) -> None:
        self.store, self.step = store, step
        self.rows: list[dict[str, Any]] = []

    def book(self, shop: str, kind: str, lever: str, amount: int, product: str | None = None,
             channel: str | None = None, campaign: str | None = None, ref: str | None = None) -> None:
        if amount:
            self.rows.append({"shop_id": shop, "step": self.step, "kind": kind, "amount_fen": amount,
                              "lever": lever, "product_id": product, "channel": channel,
                              "campaign_id": campaign, "ref_id": ref})

    def flush_ledger(self) -> None:
        self.store.insert_many("ledger", self.rows)
        self.rows.clear()
