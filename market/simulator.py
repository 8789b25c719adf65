"""`SimMarket`: the simulated platform behind the Backend protocol.

Every operation is scoped to a shop: an id that belongs to another shop is reported as not found.
Writes validate everything first and then change the database in one transaction, so a bad call
changes nothing. The simulated clock moves only through `advance`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from market.changes import ChangeLog
from market.clock import STEPS_PER_DAY, SimTime
from market.errors import Conflict, InvalidInput, NotFound
from market.reports import build_report
from market.sim.config import WorldConfig
from market.sim.engine import Engine
from market.sim.orders import refund_return
from market.specs import (
    CampaignSpec,
    CampaignUpdate,
    CollaborationSpec,
    CommissionPlanSpec,
    CouponSpec,
    CreativeSpec,
    CreatorQuery,
    OverallPlanSpec,
    OverallPlanUpdate,
    ProductUpdate,
    ReturnSpec,
)
from market.store import Store, to_model
from market.types import (
    EVENT_KINDS,
    EVENT_PARAMS,
    Buyer,
    BuyerSegment,
    Campaign,
    Collaboration,
    CommissionPlan,
    Coupon,
    Creative,
    Creator,
    LedgerEntry,
    LogisticsEvent,
    MarketEvent,
    Order,
    OrderLine,
    OverallPlan,
    Product,
    ReportRow,
    ReturnRequest,
    Schedule,
    Shop,
)
from market.types.ledger import ReportGroup

__all__ = ["OrderDetail", "SimMarket"]

S = TypeVar("S", bound=BaseModel)
_MAX_LIMIT = 200
_QUALITY_WORDS = ("真实", "实测", "对比", "教程", "干货", "test", "demo", "review", "how")


def _spec(cls: type[S], value: S | dict[str, Any]) -> S:
    if isinstance(value, cls):
        return value
    try:
        return cls.model_validate(value)
    except ValidationError as exc:
        msgs = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'input'}: {e['msg']}" for e in exc.errors())
        raise InvalidInput(f"invalid {cls.__name__}: {msgs}") from exc


def _limit(limit: int) -> int:
    if not 1 <= limit <= _MAX_LIMIT:
        raise InvalidInput(f"limit must be 1..{_MAX_LIMIT}, got {limit}")
    return limit


class OrderDetail(BaseModel):
    order: Order
    events: list[dict[str, Any]]
    logistics: list[LogisticsEvent]
    returns: list[ReturnRequest]


class SimMarket:
    """The simulated marketplace: open a database (seeding it if asked) and use its operations."""

    def __init__(self, store: Store) -> None:
        if not store.is_seeded():
            raise Conflict("the database holds no world yet", hint="run `zhanggui sim seed` or seed_world() first")
        self.store = store
        self.config = WorldConfig.model_validate_json(store.meta("config") or "{}")
        self.changes = ChangeLog(store)
        """Spend policies, change plans and the audit log (the MCP servers' propose -> commit)."""
        self._engine: Engine | None = None

    @classmethod
    def open(cls, path: str | Path) -> SimMarket:
        """Open an existing world; a missing file is an error, never silently created."""
        if str(path) != ":memory:" and not Path(path).exists():
            raise NotFound(f"no market database at {path}", hint="seed one first with `zhanggui sim seed`")
        store = Store(path)
        try:
            return cls(store)
        except BaseException:
            store.close()
            raise

    @classmethod
    def create(cls, path: str | Path, seed: int, profile: str = "demo",
               progress: Callable[[int, int], None] | None = None, **overrides: int | float) -> SimMarket:
        from market.worldgen import seed_world

        store = Store(path)
        try:
            seed_world(store, seed, profile, progress=progress, **overrides)
            return cls(store)
        except BaseException:
            store.close()
            raise

    def close(self) -> None:
        self.store.close()

    # ---- clock and events ----------------------------------------------------------------

    def now(self) -> SimTime:
        return SimTime(self.store.current_step())

    def advance(self, steps: int, progress: Callable[[int, int], None] | None = None) -> SimTime:
        """Simulate `steps` steps; each step is committed on its own (a crash loses at most one)."""
        if not isinstance(steps, int) or steps < 0 or steps > 365 * STEPS_PER_DAY:
            raise InvalidInput(f"steps must be an integer in 0..{365 * STEPS_PER_DAY}, got {steps!r}")
        if self._engine is None:
            self._engine = Engine(self.store, self.config)
        for i in range(steps):
            self._engine.step()
            if progress is not None:
                progress(i + 1, steps)
        return self.now()

    def inject_event(self, kind: str, start_step: int, params: dict[str, Any],
                     end_step: int | None = None, description: str = "") -> MarketEvent:
        """Schedule an event (ground truth for evals). It must start now or later."""
        if kind not in EVENT_KINDS:
            raise InvalidInput(f"unknown event kind {kind!r}", hint=f"use one of: {', '.join(EVENT_KINDS)}")
        now = self.store.current_step()
        if start_step < now:
            raise InvalidInput(f"start_step {start_step} is in the past (now is step {now})")
        if end_step is not None and end_step <= start_step:
            raise InvalidInput("end_step must be after start_step")
        checked = _spec(EVENT_PARAMS[kind], params)
        ref = getattr(checked, "product_id", None)
        if ref is not None and not self.store.exists("products", ref):
            raise NotFound(f"product {ref!r} not found")
        ref = getattr(checked, "creative_id", None)
        if ref is not None and not self.store.exists("creatives", ref):
            raise NotFound(f"creative {ref!r} not found")
        with self.store.transaction():
            ev = MarketEvent(id=self.store.new_id("evt"), kind=kind, start_step=start_step,  # type: ignore[arg-type]
                             end_step=end_step, params=checked.model_dump(mode="json"), description=description)
            self.store.insert("events", ev.model_dump(mode="json"))
        return ev

    def list_events(self) -> list[MarketEvent]:
        return [MarketEvent.model_validate(r) for r in self.store.events_all()]

    # ---- shops and products --------------------------------------------------------------

    def list_segments(self) -> list[BuyerSegment]:
        """The buyer segments of this world (keys used by coupon targets and creators' audience mixes)."""
        return [to_model(BuyerSegment, r) for r in self.store.segments()]

    def list_shops(self) -> list[Shop]:
        return [to_model(Shop, r) for r in self.store.shops_raw()]

    def get_shop(self, shop_id: str) -> Shop:
        return self.store.get("shops", shop_id, Shop)

    def list_products(self, shop_id: str, *, limit: int = 50, offset: int = 0) -> list[Product]:
        self.get_shop(shop_id)
        rows = self.store.shop_rows("products", shop_id, limit=_limit(limit), offset=offset)
        return [to_model(Product, r) for r in rows]

    def get_product(self, shop_id: str, product_id: str) -> Product:
        return self.store.get("products", product_id, Product, shop_id=shop_id)

    def update_product(self, shop_id: str, product_id: str, update: ProductUpdate | dict[str, Any]) -> Product:
        u = _spec(ProductUpdate, update)
        with self.store.transaction():
            self.get_product(shop_id, product_id)
            self.store.update("products", product_id, u.model_dump(exclude_none=True))
            return self.get_product(shop_id, product_id)

    def search_knowledge(self, shop_id: str, query: str, limit: int = 5) -> list[dict[str, Any]]:
        """Shop policy and product FAQ entries ranked by shared words / characters with the query."""
        if not query.strip():
            raise InvalidInput("query must not be empty")
        self.get_shop(shop_id)
        entries = [
            {"source": f"policy:{r['topic']}", **{k: r[k] for k in ("q_zh", "a_zh", "q_en", "a_en")}}
            for r in self.store.knowledge_rows(shop_id)
        ]
        for p in self.store.shop_rows("products", shop_id):
            for f in p["faq"]:
                entries.append({"source": f"product:{p['id']}", **f, "product_title": p["title_zh"]})
        q = _tokens(query)
        scored = []
        for e in entries:
            text = _tokens(" ".join(str(v) for v in e.values()))
            overlap = len(q & text)
            if overlap:
                scored.append((overlap / (len(q) ** 0.5), e))
        scored.sort(key=lambda t: (-t[0], t[1]["source"]))
        return [dict(e, score=round(s, 3)) for s, e in scored[: _limit(limit)]]

    # ---- ads --------------------------------------------------------------------------------

    def list_campaigns(self, shop_id: str, *, status: str | None = None,
                       limit: int = 50, offset: int = 0) -> list[Campaign]:
        self.get_shop(shop_id)
        filters = {"status": status} if status else None
        rows = self.store.shop_rows("campaigns", shop_id, filters=filters, limit=_limit(limit), offset=offset)
        return [to_model(Campaign, r) for r in rows]

    def get_campaign(self, shop_id: str, campaign_id: str) -> Campaign:
        return self.store.get("campaigns", campaign_id, Campaign, shop_id=shop_id)

    def create_campaign(self, shop_id: str, spec: CampaignSpec | dict[str, Any]) -> Campaign:
        s = _spec(CampaignSpec, spec)
        now = self.store.current_step()
        with self.store.transaction():
            self.get_shop(shop_id)
            self.get_product(shop_id, s.product_id)
            schedule = self._schedule(s.start_step, s.end_step, s.dayparts, now)
            camp = Campaign(
                id=self.store.new_id("cmp"), shop_id=shop_id, name=s.name, product_id=s.product_id,
                channel=s.channel, bid_type=s.bid_type, roi_goal=s.roi_goal, target_cost_fen=s.target_cost_fen,
                daily_budget_fen=s.daily_budget_fen, bid_multiplier=s.bid_multiplier, schedule=schedule,
                status=s.status, smart_coupon=s.smart_coupon, created_step=now,
            )
            self.store.insert("campaigns", camp.model_dump(mode="json"))
        return camp

    def update_campaign(self, shop_id: str, campaign_id: str, update: CampaignUpdate | dict[str, Any]) -> Campaign:
        u = _spec(CampaignUpdate, update)
        with self.store.transaction():
            current = self.get_campaign(shop_id, campaign_id)
            changes = u.model_dump(exclude_none=True, mode="json")
            if current.status == "ended" and changes:
                raise Conflict(f"campaign {campaign_id} has ended and cannot change", hint="create a new campaign")
            if "roi_goal" in changes and current.bid_type != "roi_goal":
                raise InvalidInput(f"campaign {campaign_id} bids {current.bid_type}; roi_goal applies to roi_goal plans")
            if "target_cost_fen" in changes and current.bid_type != "cost_cap":
                raise InvalidInput(f"campaign {campaign_id} bids {current.bid_type}; target_cost_fen applies to cost_cap plans")
            merged = current.model_copy(update={k: getattr(u, k) for k in changes})
            Campaign.model_validate(merged.model_dump())
            self.store.update("campaigns", campaign_id, changes)
            return self.get_campaign(shop_id, campaign_id)

    def list_overall_plans(self, shop_id: str, *, limit: int = 50, offset: int = 0) -> list[OverallPlan]:
        self.get_shop(shop_id)
        rows = self.store.shop_rows("overall_plans", shop_id, limit=_limit(limit), offset=offset)
        return [to_model(OverallPlan, r) for r in rows]

    def get_overall_plan(self, shop_id: str, plan_id: str) -> OverallPlan:
        return self.store.get("overall_plans", plan_id, OverallPlan, shop_id=shop_id)

    def create_overall_plan(self, shop_id: str, spec: OverallPlanSpec | dict[str, Any]) -> OverallPlan:
        s = _spec(OverallPlanSpec, spec)
        if len(set(s.product_ids)) != len(s.product_ids):
            raise InvalidInput("product_ids must not repeat")
        now = self.store.current_step()
        with self.store.transaction():
            self.get_shop(shop_id)
            for pid in s.product_ids:
                self.get_product(shop_id, pid)
            plan = OverallPlan(
                id=self.store.new_id("pln"), shop_id=shop_id, name=s.name, product_ids=s.product_ids,
                roi_goal=s.roi_goal, daily_budget_fen=s.daily_budget_fen, bid_multiplier=s.bid_multiplier,
                schedule=self._schedule(s.start_step, s.end_step, [], now), status=s.status,
                smart_coupon=s.smart_coupon, created_step=now,
            )
            self.store.insert("overall_plans", plan.model_dump(mode="json"))
        return plan

    def update_overall_plan(self, shop_id: str, plan_id: str, update: OverallPlanUpdate | dict[str, Any]) -> OverallPlan:
        u = _spec(OverallPlanUpdate, update)
        with self.store.transaction():
            current = self.get_overall_plan(shop_id, plan_id)
            changes = u.model_dump(exclude_none=True, mode="json")
            if current.status == "ended" and changes:
                raise Conflict(f"plan {plan_id} has ended and cannot change", hint="create a new overall plan")
            for pid in changes.get("product_ids", []):
                self.get_product(shop_id, pid)
            self.store.update("overall_plans", plan_id, changes)
            return self.get_overall_plan(shop_id, plan_id)

    def list_creatives(self, shop_id: str, *, product_id: str | None = None,
                       limit: int = 50, offset: int = 0) -> list[Creative]:
        self.get_shop(shop_id)
        filters = {"product_id": product_id} if product_id else None
        rows = self.store.shop_rows("creatives", shop_id, filters=filters, limit=_limit(limit), offset=offset)
        return [to_model(Creative, r) for r in rows]

    def create_creative(self, shop_id: str, spec: CreativeSpec | dict[str, Any]) -> Creative:
        """Add material. Its hidden quality depends on what the text does (hook, selling points)."""
        s = _spec(CreativeSpec, spec)
        now = self.store.current_step()
        with self.store.transaction():
            product = self.get_product(shop_id, s.product_id)
            crv = Creative(
                id=self.store.new_id("crv"), shop_id=shop_id, product_id=s.product_id, format=s.format,
                title=s.title, hook=s.hook, script=s.script, selling_points=s.selling_points,
                quality=_creative_quality(s, product), status=s.status, created_step=now,
            )
            self.store.insert("creatives", crv.model_dump(mode="json"))
        return crv

    def set_creative_status(self, shop_id: str, creative_id: str, status: str) -> Creative:
        if status not in ("active", "paused"):
            raise InvalidInput(f"status must be 'active' or 'paused', got {status!r}")
        with self.store.transaction():
            current = self.store.get("creatives", creative_id, Creative, shop_id=shop_id)
            if current.status == "rejected":
                raise Conflict(f"creative {creative_id} was rejected and cannot be reactivated")
            self.store.update("creatives", creative_id, {"status": status})
        return self.store.get("creatives", creative_id, Creative, shop_id=shop_id)

    def _schedule(self, start: int | None, end: int | None, dayparts: list[int], now: int) -> Schedule:
        start = now if start is None else start
        if start < now:
            raise InvalidInput(f"start_step {start} is in the past (now is step {now})")
        try:
            return Schedule(start_step=start, end_step=end, dayparts=dayparts)
        except ValidationError as exc:
            raise InvalidInput(f"invalid schedule: {exc.errors()[0]['msg']}") from exc

    # ---- coupons ------------------------------------------------------------------------------

    def list_coupons(self, shop_id: str, *, status: str | None = None,
                     limit: int = 50, offset: int = 0) -> list[Coupon]:
        self.get_shop(shop_id)
        filters = {"status": status} if status else None
        rows = self.store.shop_rows("coupons", shop_id, filters=filters, limit=_limit(limit), offset=offset)
        return [to_model(Coupon, r) for r in rows]

    def get_coupon(self, shop_id: str, coupon_id: str) -> Coupon:
        return self.store.get("coupons", coupon_id, Coupon, shop_id=shop_id)

    def create_coupon(self, shop_id: str, spec: CouponSpec | dict[str, Any]) -> Coupon:
        s = _spec(CouponSpec, spec)
        now = self.store.current_step()
        start = now if s.claim_start_step is None else s.claim_start_step
        if start < now:
            raise InvalidInput(f"claim_start_step {start} is in the past (now is step {now})")
        segments = {r["key"] for r in self.store.segments()}
        if s.target_segment is not None and s.target_segment not in segments:
            raise InvalidInput(f"unknown segment {s.target_segment!r}", hint=f"use one of: {', '.join(sorted(segments))}")
        with self.store.transaction():
            self.get_shop(shop_id)
            for pid in s.product_ids:
                self.get_product(shop_id, pid)
            claim_end = start + s.claim_days * STEPS_PER_DAY
            try:
                coupon = Coupon(
                    id=self.store.new_id("cpn"), shop_id=shop_id, name=s.name, kind="shop", type=s.type,
                    threshold_fen=s.threshold_fen, discount_fen=s.discount_fen, percent_off=s.percent_off,
                    max_discount_fen=s.max_discount_fen, product_ids=s.product_ids, stock=s.stock,
                    per_buyer_limit=s.per_buyer_limit, claim_start_step=start, claim_end_step=claim_end,
                    use_end_step=claim_end + s.use_days_after_claim_end * STEPS_PER_DAY, target=s.target,
                    target_segment=s.target_segment, status=s.status, created_step=now,
                )
            except ValidationError as exc:
                raise InvalidInput(f"invalid coupon: {exc.errors()[0]['msg']}") from exc
            self.store.insert("coupons", coupon.model_dump(mode="json"))
        return coupon

    def activate_coupon(self, shop_id: str, coupon_id: str) -> Coupon:
        with self.store.transaction():
            c = self.get_coupon(shop_id, coupon_id)
            if c.status != "draft":
                raise Conflict(f"coupon {coupon_id} is {c.status}; only a draft can be activated")
            self.store.update("coupons", coupon_id, {"status": "active"})
        return self.get_coupon(shop_id, coupon_id)

    def add_coupon_stock(self, shop_id: str, coupon_id: str, amount: int) -> Coupon:
        if not isinstance(amount, int) or not 1 <= amount <= 1_000_000:
            raise InvalidInput(f"amount must be an integer in 1..1000000, got {amount!r}")
        with self.store.transaction():
            c = self.get_coupon(shop_id, coupon_id)
            if c.status == "ended":
                raise Conflict(f"coupon {coupon_id} has ended", hint="create a new coupon")
            self.store.update("coupons", coupon_id, {"stock": c.stock + amount})
        return self.get_coupon(shop_id, coupon_id)

    def end_coupon(self, shop_id: str, coupon_id: str) -> Coupon:
        with self.store.transaction():
            c = self.get_coupon(shop_id, coupon_id)
            if c.status == "ended":
                raise Conflict(f"coupon {coupon_id} has already ended")
            self.store.update("coupons", coupon_id, {"status": "ended"})
        return self.get_coupon(shop_id, coupon_id)

    def issue_service_coupon(self, shop_id: str, buyer_id: str, amount_fen: int, reason: str,
                             order_id: str | None = None, valid_days: int = 30) -> Coupon:
        """A one-use compensation coupon for one buyer of this shop (customer service). Caps are the
        caller's policy; the market only checks that the buyer and order belong to the shop."""
        if not isinstance(amount_fen, int) or not 1 <= amount_fen <= 100_000:
            raise InvalidInput(f"amount_fen must be an integer in 1..100000, got {amount_fen!r}")
        if not reason.strip():
            raise InvalidInput("reason must say why the buyer is compensated")
        if not 1 <= valid_days <= 90:
            raise InvalidInput("valid_days must be 1..90")
        now = self.store.current_step()
        with self.store.transaction():
            if order_id is not None:
                order = self.get_order(shop_id, order_id).order
                if order.buyer_id != buyer_id:
                    raise NotFound(f"order {order_id!r} not found for this buyer")
            if not any(o.buyer_id == buyer_id for o in self.list_orders(shop_id, buyer_id, limit=1)):
                raise NotFound(f"buyer {buyer_id!r} has no orders with this shop")
            coupon = Coupon(
                id=self.store.new_id("cpn"), shop_id=shop_id, name=f"客服补偿券 {amount_fen / 100:.2f}元"[:60],
                kind="service", type="direct", discount_fen=amount_fen, stock=1, per_buyer_limit=1,
                claim_start_step=now, claim_end_step=now + valid_days * STEPS_PER_DAY,
                use_end_step=now + valid_days * STEPS_PER_DAY, buyer_id=buyer_id, status="active", created_step=now,
            )
            self.store.insert("coupons", coupon.model_dump(mode="json"))
        return coupon

    def escalate_to_human(self, shop_id: str, reason: str, summary: str, *, buyer_id: str | None = None,
                          order_id: str | None = None) -> dict[str, Any]:
        """Open a ticket for a human agent of the shop; returns it."""
        if not reason.strip() or not summary.strip():
            raise InvalidInput("reason and summary must not be empty")
        with self.store.transaction():
            self.get_shop(shop_id)
            if order_id is not None:
                self.get_order(shop_id, order_id)
            ticket = {"id": self.store.new_id("esc"), "shop_id": shop_id, "buyer_id": buyer_id, "order_id": order_id,
                      "reason": reason[:200], "summary": summary[:2000], "status": "open",
                      "created_step": self.store.current_step()}
            self.store.insert_escalation(ticket)
        return ticket

    def coupon_stats(self, shop_id: str, coupon_id: str) -> dict[str, Any]:
        c = self.get_coupon(shop_id, coupon_id)
        usage = self.store.coupon_usage(coupon_id)
        return {"coupon_id": c.id, "status": c.status, "stock_left": c.stock, "issued": c.issued, "used": c.used,
                "buyers": int(usage["buyers"] or 0), "discount_fen": int(usage["discount_fen"] or 0),
                "paid_gmv_fen": usage["paid_fen"]}

    # ---- creators -----------------------------------------------------------------------------

    def search_creators(self, query: CreatorQuery | dict[str, Any]) -> list[Creator]:
        q = _spec(CreatorQuery, query)
        rows = self.store.search_creator_rows(q.category, q.min_followers, q.max_followers, q.max_fee_fen)
        if q.query:
            words = _tokens(q.query)
            scored = [(len(words & _tokens(r["name"] + r["profile_zh"] + " " + r["profile_en"])), r) for r in rows]
            rows = [r for s, r in sorted(scored, key=lambda t: (-t[0], t[1]["id"])) if s > 0]
        return [to_model(Creator, r) for r in rows[q.offset : q.offset + q.limit]]

    def get_creator(self, creator_id: str) -> Creator:
        return self.store.get("creators", creator_id, Creator)

    def create_collaboration(self, shop_id: str, spec: CollaborationSpec | dict[str, Any]) -> Collaboration:
        """Propose a collaboration; the creator answers within a day (accept or decline)."""
        s = _spec(CollaborationSpec, spec)
        now = self.store.current_step()
        with self.store.transaction():
            self.get_product(shop_id, s.product_id)
            self.get_creator(s.creator_id)
            col = Collaboration(id=self.store.new_id("col"), shop_id=shop_id, creator_id=s.creator_id,
                                product_id=s.product_id, type=s.type, fee_fen=s.fee_fen,
                                commission_rate=s.commission_rate, cpm_fen=s.cpm_fen, created_step=now)
            decide = now + 4 + int(col.id[-2:], 36) % 20
            self.store.insert("collaborations", {**col.model_dump(mode="json"), "decide_step": decide})
        return col

    def list_collaborations(self, shop_id: str, *, status: str | None = None,
                            limit: int = 50, offset: int = 0) -> list[Collaboration]:
        self.get_shop(shop_id)
        filters = {"status": status} if status else None
        rows = self.store.shop_rows("collaborations", shop_id, filters=filters, limit=_limit(limit), offset=offset)
        return [to_model(Collaboration, r) for r in rows]

    def get_collaboration(self, shop_id: str, collaboration_id: str) -> Collaboration:
        return self.store.get("collaborations", collaboration_id, Collaboration, shop_id=shop_id)

    def end_collaboration(self, shop_id: str, collaboration_id: str) -> Collaboration:
        with self.store.transaction():
            col = self.get_collaboration(shop_id, collaboration_id)
            if col.status in ("declined", "completed", "cancelled"):
                raise Conflict(f"collaboration {collaboration_id} is already {col.status}")
            status = "cancelled" if col.status in ("proposed", "accepted") else "completed"
            self.store.update("collaborations", collaboration_id,
                              {"status": status, "end_step": self.store.current_step()})
        return self.get_collaboration(shop_id, collaboration_id)

    def set_commission_plan(self, shop_id: str, spec: CommissionPlanSpec | dict[str, Any]) -> CommissionPlan:
        """Open, target or make exclusive a product's alliance commission; replaces its active plan."""
        s = _spec(CommissionPlanSpec, spec)
        now = self.store.current_step()
        with self.store.transaction():
            self.get_product(shop_id, s.product_id)
            for cid in s.creator_ids:
                self.get_creator(cid)
            for old in self.store.shop_rows("commission_plans", shop_id,
                                            filters={"product_id": s.product_id, "status": "active"}):
                self.store.update("commission_plans", old["id"], {"status": "ended"})
            plan = CommissionPlan(id=self.store.new_id("cpl"), shop_id=shop_id, product_id=s.product_id,
                                  kind=s.kind, commission_rate=s.commission_rate, creator_ids=s.creator_ids,
                                  created_step=now)
            self.store.insert("commission_plans", plan.model_dump(mode="json"))
        return plan

    def list_commission_plans(self, shop_id: str) -> list[CommissionPlan]:
        self.get_shop(shop_id)
        return [to_model(CommissionPlan, r) for r in self.store.shop_rows("commission_plans", shop_id)]

    # ---- buyers, orders, returns ----------------------------------------------------------------

    def find_buyer(self, shop_id: str, *, phone: str | None = None, email: str | None = None,
                   order_id: str | None = None) -> Buyer:
        if sum(x is not None and x != "" for x in (phone, email, order_id)) != 1:
            raise InvalidInput("give exactly one of phone, email or order_id")
        row = self.store.buyer_of_shop(shop_id, phone=phone, email=email, order_id=order_id)
        if row is None:
            raise NotFound("no buyer of this shop matches", hint="check the phone, email or order id with the buyer")
        return to_model(Buyer, row)

    def get_order(self, shop_id: str, order_id: str) -> OrderDetail:
        row = self.store.order_row(shop_id, order_id)
        if row is None:
            raise NotFound(f"order {order_id!r} not found")
        return OrderDetail(
            order=self._order(row),
            events=self.store.order_events_of(order_id),
            logistics=[LogisticsEvent.model_validate(r) for r in self.store.logistics_of(order_id)],
            returns=[to_model(ReturnRequest, r) for r in self.store.shop_rows("returns", shop_id, filters={"order_id": order_id})],
        )

    def list_orders(self, shop_id: str, buyer_id: str, *, limit: int = 20, offset: int = 0) -> list[Order]:
        return [self._order(r) for r in self.store.buyer_orders(shop_id, buyer_id, _limit(limit), offset)]

    def track_shipment(self, shop_id: str, order_id: str) -> list[LogisticsEvent]:
        return self.get_order(shop_id, order_id).logistics

    def request_return(self, shop_id: str, spec: ReturnSpec | dict[str, Any]) -> ReturnRequest:
        """A buyer's return or exchange request, checked against the return policy."""
        s = _spec(ReturnSpec, spec)
        now = self.store.current_step()
        with self.store.transaction():
            detail = self.get_order(shop_id, s.order_id)
            order = detail.order
            if order.status != "delivered":
                raise Conflict(f"order {order.id} is {order.status}; returns and exchanges need a delivered order",
                               hint="an unshipped order can be cancelled instead")
            if any(r.status not in ("rejected", "cancelled") for r in detail.returns):
                raise Conflict(f"order {order.id} already has an open or finished request")
            product = self.get_product(shop_id, order.lines[0].product_id)
            policy = next(p for p in self.store.return_policies() if p["category"] == product.category)
            assert order.delivered_step is not None
            if now - order.delivered_step > policy["no_reason_days"] * STEPS_PER_DAY and s.reason == "no_reason":
                raise Conflict(f"the {policy['no_reason_days']}-day no-reason window of order {order.id} has passed",
                               hint="quality problems can still be claimed with reason 'quality' or 'damaged'")
            if s.reason == "no_reason" and (product.return_exception or not policy["no_reason_allowed"]):
                raise Conflict(f"{product.title_zh} is excluded from no-reason returns: "
                               f"{policy['exception_zh'] or '商品页已注明不支持七天无理由退货'}")
            if s.kind == "exchange":
                if not product.variants:
                    raise InvalidInput(f"{product.title_zh} has no sizes or colours to exchange")
                if s.variant_to not in product.variants:
                    raise InvalidInput(f"variant_to must be one of {product.variants}")
            rr = ReturnRequest(id=self.store.new_id("rtn"), shop_id=shop_id, order_id=order.id,
                               buyer_id=order.buyer_id, kind=s.kind, reason=s.reason, variant_to=s.variant_to,
                               created_step=now, note=s.note)
            self.store.insert("returns", {**rr.model_dump(mode="json"), "due_step": now + policy["auto_approve_steps"]})
        return rr

    def list_returns(self, shop_id: str, *, status: str | None = None, limit: int = 50, offset: int = 0) -> list[ReturnRequest]:
        self.get_shop(shop_id)
        filters = {"status": status} if status else None
        rows = self.store.shop_rows("returns", shop_id, filters=filters, limit=_limit(limit), offset=offset)
        return [to_model(ReturnRequest, r) for r in rows]

    def decide_return(self, shop_id: str, return_id: str, approve: bool, note: str = "") -> ReturnRequest:
        now = self.store.current_step()
        with self.store.transaction():
            rr = self.store.get("returns", return_id, ReturnRequest, shop_id=shop_id)
            if rr.status != "requested":
                raise Conflict(f"return {return_id} is {rr.status}; only a requested one can be decided")
            if approve:
                self.store.decide_return(return_id, "approved", now, note or "商家同意", due_step=now + 3 * STEPS_PER_DAY)
            else:
                self.store.decide_return(return_id, "rejected", now, note or "商家拒绝")
        return self.store.get("returns", return_id, ReturnRequest, shop_id=shop_id)

    def cancel_order(self, shop_id: str, order_id: str, reason: str = "") -> Order:
        """Cancel an order that has not shipped: full refund, goods back in stock."""
        now = self.store.current_step()
        with self.store.transaction():
            order = self.get_order(shop_id, order_id).order
            if order.status != "paid":
                raise Conflict(f"order {order_id} is {order.status}; only unshipped (paid) orders can be cancelled",
                               hint="a shipped order can be returned after delivery")
            rid = self.store.new_id("rtn")
            self.store.insert("returns", {
                "id": rid, "shop_id": shop_id, "order_id": order_id, "buyer_id": order.buyer_id, "kind": "return",
                "reason": "no_reason", "variant_to": None, "status": "approved", "refund_fen": 0,
                "created_step": now, "resolved_step": None, "due_step": None, "note": reason or "未发货取消"})
            refund_return(self.store, self.config.platform_fee_rate, rid, now)
            self.store.mark_order(order_id, "cancelled", now, reason or "买家取消订单")
        return self.get_order(shop_id, order_id).order

    def _order(self, row: dict[str, Any]) -> Order:
        lines = [OrderLine.model_validate({k: v for k, v in r.items() if k in OrderLine.model_fields})
                 for r in self.store.order_lines_of(row["id"])]
        return to_model(Order, {**row, "lines": lines})

    # ---- ledger and reports -------------------------------------------------------------------

    def ledger(self, shop_id: str, *, start_step: int = 0, end_step: int | None = None,
               kinds: list[str] | None = None, limit: int = 100, offset: int = 0) -> list[LedgerEntry]:
        self.get_shop(shop_id)
        end = self._end(end_step)
        return [LedgerEntry.model_validate(r)
                for r in self.store.ledger_entries(shop_id, start_step, end, kinds, _limit(limit), offset)]

    def report(self, shop_id: str, *, start_step: int = 0, end_step: int | None = None,
               group_by: list[ReportGroup] | tuple[ReportGroup, ...] = ()) -> list[ReportRow]:
        """The overall-plan report (一本账) over [start_step, end_step), grouped as asked."""
        self.get_shop(shop_id)
        end = self._end(end_step)
        if start_step < 0 or start_step > end:
            raise InvalidInput(f"start_step must be in 0..{end}, got {start_step}")
        return build_report(self.store, shop_id, start_step, end, list(group_by))

    def auction_insights(self, shop_id: str, bidder_id: str, *, start_step: int = 0,
                         end_step: int | None = None) -> list[dict[str, Any]]:
        """Per step and channel: eligible, won and shown impressions, spend, win rate, cost landscape."""
        table = "campaigns" if bidder_id.startswith("cmp_") else "overall_plans"
        model = Campaign if table == "campaigns" else OverallPlan
        self.store.get(table, bidder_id, model, shop_id=shop_id)
        rows = self.store.bidder_history(bidder_id, start_step, self._end(end_step))
        for r in rows:
            r["win_rate"] = round(r["shown"] / r["eligible"], 4) if r["eligible"] else 0.0
            r["avg_cpm_fen"] = round(1000 * r["spend_fen"] / r["shown"], 2) if r["shown"] else 0.0
        return rows

    def _end(self, end_step: int | None) -> int:
        """Exclusive end of a range; by default it includes the step in progress (entries a
        merchant's action books between two simulated steps carry the current step)."""
        limit = self.store.current_step() + 1
        if end_step is None:
            return limit
        if end_step < 0:
            raise InvalidInput(f"end_step must be >= 0, got {end_step}")
        return min(end_step, limit)

    def digest(self) -> str:
        return self.store.digest()


def _tokens(text: str) -> set[str]:
    """Lower-cased words plus Chinese character bigrams, for simple multilingual matching."""
    out: set[str] = set()
    word = ""
    han = ""
    for ch in text.lower():
        if "\u4e00" <= ch <= "\u9fff":
            if word:
                out.add(word)
                word = ""
            han += ch
        else:
            if len(han) == 1:
                out.add(han)
            out.update(han[i : i + 2] for i in range(len(han) - 1))
            han = ""
            if ch.isalnum():
                word += ch
            elif word:
                out.add(word)
                word = ""
    if word:
        out.add(word)
    if len(han) == 1:
        out.add(han)
    out.update(han[i : i + 2] for i in range(len(han) - 1))
    return out


def _creative_quality(spec: CreativeSpec, product: Product) -> float:
    """The simulator's hidden judgement of new material: a hook, real selling points, proof, length."""
    text = f"{spec.title} {spec.hook} {spec.script}"
    score = 0.35
    if spec.hook:
        score += 0.15
    known = set(product.selling_points_zh) | set(product.selling_points_en)
    matched = sum(1 for sp in spec.selling_points if sp in known or any(sp in k or k in sp for k in known))
    score += min(0.2, 0.07 * matched)
    if any(w in text.lower() for w in _QUALITY_WORDS):
        score += 0.1
    if 40 <= len(spec.script) <= 1500:
        score += 0.1
    digest = int(json.dumps(spec.model_dump(exclude={"status"}), sort_keys=True, ensure_ascii=False).encode().hex()[-6:], 16)
    score += (digest % 100) / 1000.0  # a deterministic touch of taste, so equal scores differ
    return round(min(score, 1.0), 4)
