"""The Backend protocol: the ports the MCP servers use to reach a platform.

The simulator (`market.simulator.SimMarket`) implements it; a real-platform adapter (for example
Qianchuan's Open API over HTTP) implements the same methods. Every method is scoped by shop id, and
an id of another shop is `NotFound`. Errors are `market.errors.MarketError` subclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from market.changes import ChangeLog
from market.clock import SimTime
from market.simulator import OrderDetail
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
from market.types import (
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
    OverallPlan,
    Product,
    ReportGroup,
    ReportRow,
    ReturnRequest,
    Shop,
)

__all__ = ["Backend", "AdsPort", "CatalogPort", "ClockPort", "CouponsPort", "CreatorsPort", "LedgerPort", "OrdersPort"]


@runtime_checkable
class ClockPort(Protocol):
    """The simulated clock and injected events."""

    def now(self) -> SimTime: ...

    def advance(self, steps: int, progress: Callable[[int, int], None] | None = None) -> SimTime:
        """Simulate `steps` steps; each step is committed on its own (a crash loses at most one)."""
        ...

    def inject_event(self, kind: str, start_step: int, params: dict[str, Any], end_step: int | None = None, description: str = "") -> MarketEvent:
        """Schedule an event (ground truth for evals). It must start now or later."""
        ...

    def list_events(self) -> list[MarketEvent]: ...


@runtime_checkable
class CatalogPort(Protocol):
    """Shops, products and the knowledge base."""

    def list_segments(self) -> list[BuyerSegment]:
        """The buyer segments of this world (keys used by coupon targets and creators' audience mixes)."""
        ...

    def list_shops(self) -> list[Shop]: ...

    def get_shop(self, shop_id: str) -> Shop: ...

    def list_products(self, shop_id: str, *, limit: int = 50, offset: int = 0) -> list[Product]: ...

    def get_product(self, shop_id: str, product_id: str) -> Product: ...

    def update_product(self, shop_id: str, product_id: str, update: ProductUpdate | dict[str, Any]) -> Product: ...

    def search_knowledge(self, shop_id: str, query: str, limit: int = 5) -> list[dict[str, Any]]:
        """Shop policy and product FAQ entries ranked by shared words / characters with the query."""
        ...


@runtime_checkable
class AdsPort(Protocol):
    """Campaigns, overall plans, creatives and auction insights."""

    def list_campaigns(self, shop_id: str, *, status: str | None = None, limit: int = 50, offset: int = 0) -> list[Campaign]: ...

    def get_campaign(self, shop_id: str, campaign_id: str) -> Campaign: ...

    def create_campaign(self, shop_id: str, spec: CampaignSpec | dict[str, Any]) -> Campaign: ...

    def update_campaign(self, shop_id: str, campaign_id: str, update: CampaignUpdate | dict[str, Any]) -> Campaign: ...

    def list_overall_plans(self, shop_id: str, *, limit: int = 50, offset: int = 0) -> list[OverallPlan]: ...

    def get_overall_plan(self, shop_id: str, plan_id: str) -> OverallPlan: ...

    def create_overall_plan(self, shop_id: str, spec: OverallPlanSpec | dict[str, Any]) -> OverallPlan: ...

    def update_overall_plan(self, shop_id: str, plan_id: str, update: OverallPlanUpdate | dict[str, Any]) -> OverallPlan: ...

    def list_creatives(self, shop_id: str, *, product_id: str | None = None, limit: int = 50, offset: int = 0) -> list[Creative]: ...

    def create_creative(self, shop_id: str, spec: CreativeSpec | dict[str, Any]) -> Creative:
        """Add material. Its hidden quality depends on what the text does (hook, selling points)."""
        ...

    def set_creative_status(self, shop_id: str, creative_id: str, status: str) -> Creative: ...

    def auction_insights(self, shop_id: str, bidder_id: str, *, start_step: int = 0, end_step: int | None = None) -> list[dict[str, Any]]:
        """Per step and channel: eligible, won and shown impressions, spend, win rate, cost landscape."""
        ...


@runtime_checkable
class CouponsPort(Protocol):
    """Shop coupons."""

    def list_coupons(self, shop_id: str, *, status: str | None = None, limit: int = 50, offset: int = 0) -> list[Coupon]: ...

    def get_coupon(self, shop_id: str, coupon_id: str) -> Coupon: ...

    def create_coupon(self, shop_id: str, spec: CouponSpec | dict[str, Any]) -> Coupon: ...

    def activate_coupon(self, shop_id: str, coupon_id: str) -> Coupon: ...

    def add_coupon_stock(self, shop_id: str, coupon_id: str, amount: int) -> Coupon: ...

    def end_coupon(self, shop_id: str, coupon_id: str) -> Coupon: ...

    def issue_service_coupon(self, shop_id: str, buyer_id: str, amount_fen: int, reason: str, order_id: str | None = None, valid_days: int = 30) -> Coupon:
        """A one-use compensation coupon for one buyer of this shop (customer service). Caps are the"""
        ...

    def coupon_stats(self, shop_id: str, coupon_id: str) -> dict[str, Any]: ...


@runtime_checkable
class CreatorsPort(Protocol):
    """Creators, collaborations and alliance commission plans."""

    def search_creators(self, query: CreatorQuery | dict[str, Any]) -> list[Creator]: ...

    def get_creator(self, creator_id: str) -> Creator: ...

    def create_collaboration(self, shop_id: str, spec: CollaborationSpec | dict[str, Any]) -> Collaboration:
        """Propose a collaboration; the creator answers within a day (accept or decline)."""
        ...

    def list_collaborations(self, shop_id: str, *, status: str | None = None, limit: int = 50, offset: int = 0) -> list[Collaboration]: ...

    def get_collaboration(self, shop_id: str, collaboration_id: str) -> Collaboration: ...

    def end_collaboration(self, shop_id: str, collaboration_id: str) -> Collaboration: ...

    def set_commission_plan(self, shop_id: str, spec: CommissionPlanSpec | dict[str, Any]) -> CommissionPlan:
        """Open, target or make exclusive a product's alliance commission; replaces its active plan."""
        ...

    def list_commission_plans(self, shop_id: str) -> list[CommissionPlan]: ...


@runtime_checkable
class OrdersPort(Protocol):
    """Buyers, orders, logistics, returns and exchanges."""

    def find_buyer(self, shop_id: str, *, phone: str | None = None, email: str | None = None, order_id: str | None = None) -> Buyer: ...

    def get_order(self, shop_id: str, order_id: str) -> OrderDetail: ...

    def list_orders(self, shop_id: str, buyer_id: str, *, limit: int = 20, offset: int = 0) -> list[Order]: ...

    def track_shipment(self, shop_id: str, order_id: str) -> list[LogisticsEvent]: ...

    def request_return(self, shop_id: str, spec: ReturnSpec | dict[str, Any]) -> ReturnRequest:
        """A buyer's return or exchange request, checked against the return policy."""
        ...

    def list_returns(self, shop_id: str, *, status: str | None = None, limit: int = 50, offset: int = 0) -> list[ReturnRequest]: ...

    def decide_return(self, shop_id: str, return_id: str, approve: bool, note: str = "") -> ReturnRequest: ...

    def escalate_to_human(self, shop_id: str, reason: str, summary: str, *, buyer_id: str | None = None, order_id: str | None = None) -> dict[str, Any]:
        """Open a ticket for a human agent of the shop; returns it."""
        ...

    def cancel_order(self, shop_id: str, order_id: str, reason: str = "") -> Order:
        """Cancel an order that has not shipped: full refund, goods back in stock."""
        ...


@runtime_checkable
class LedgerPort(Protocol):
    """The ledger (一本账) and reports."""

    def ledger(self, shop_id: str, *, start_step: int = 0, end_step: int | None = None, kinds: list[str] | None = None, limit: int = 100, offset: int = 0) -> list[LedgerEntry]: ...

    def report(self, shop_id: str, *, start_step: int = 0, end_step: int | None = None, group_by: list[ReportGroup] | tuple[ReportGroup, ...] = ()) -> list[ReportRow]:
        """The overall-plan report (一本账) over [start_step, end_step), grouped as asked."""
        ...


@runtime_checkable
class Backend(ClockPort, CatalogPort, AdsPort, CouponsPort, CreatorsPort, OrdersPort, LedgerPort, Protocol):
    """Everything the MCP servers need from a platform, plus the local change log."""

    changes: ChangeLog
