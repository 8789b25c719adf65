"""Orders, their timeline and logistics, and buyers' return and exchange requests."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from market.types.base import Channel, DomainModel, Fen, Lever

__all__ = [
    "LogisticsEvent",
    "Order",
    "OrderLine",
    "OrderStatus",
    "ReturnKind",
    "ReturnPolicy",
    "ReturnReason",
    "ReturnRequest",
    "ReturnStatus",
]

OrderStatus = Literal["paid", "shipped", "delivered", "completed", "cancelled", "refunded"]
ReturnKind = Literal["return", "exchange"]
ReturnReason = Literal["no_reason", "wrong_size", "quality", "damaged", "not_as_described"]
ReturnStatus = Literal["requested", "approved", "rejected", "received", "refunded", "exchanged", "cancelled"]


class OrderLine(DomainModel):
    product_id: str
    variant: str | None = None
    qty: int = Field(ge=1)
    unit_price_fen: Fen
    paid_fen: Fen


class LogisticsEvent(DomainModel):
    order_id: str
    step: int = Field(ge=0)
    status: Literal["collected", "in_transit", "out_for_delivery", "delivered", "returned"]
    location: str
    description: str


class Order(DomainModel):
    id: str = Field(pattern=r"^ord_[0-9a-z]+$")
    shop_id: str
    buyer_id: str
    lines: list[OrderLine] = Field(min_length=1)
    total_fen: Fen = Field(description="List-price total before discounts.")
    discount_fen: Fen = 0
    paid_fen: Fen
    coupon_id: str | None = None
    lever: Lever
    campaign_id: str | None = None
    collaboration_id: str | None = None
    channel: Channel | None = None
    status: OrderStatus
    created_step: int = Field(ge=0)
    shipped_step: int | None = None
    delivered_step: int | None = None
    carrier: str | None = None
    tracking_no: str | None = None


class ReturnRequest(DomainModel):
    id: str = Field(pattern=r"^rtn_[0-9a-z]+$")
    shop_id: str
    order_id: str
    buyer_id: str
    kind: ReturnKind
    reason: ReturnReason
    variant_to: str | None = Field(default=None, description="For exchanges: the wanted size or colour.")
    status: ReturnStatus = "requested"
    refund_fen: Fen = 0
    created_step: int = Field(ge=0)
    resolved_step: int | None = None
    note: str = ""


class ReturnPolicy(DomainModel):
    """Return rules as data: the 7-day no-reason window and its legal exceptions, per category."""

    category: str
    no_reason_days: int = Field(ge=0)
    no_reason_allowed: bool
    exception_zh: str = ""
    exception_en: str = ""
    auto_approve_steps: int = Field(ge=1, description="The platform approves a request the shop leaves unanswered this long.")
