"""The one ledger (一本账) and the report rows rolled up from it."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from market.types.base import Channel, DomainModel, Lever, SignedFen

__all__ = ["LEDGER_KINDS", "MARKETING_COST_KINDS", "LedgerEntry", "LedgerKind", "ReportGroup", "ReportRow"]

LedgerKind = Literal[
    "gmv", "refund", "ad_spend", "coupon", "creator_fee", "creator_commission", "platform_fee", "cogs"
]
LEDGER_KINDS: tuple[LedgerKind, ...] = get_args(LedgerKind)
MARKETING_COST_KINDS: tuple[LedgerKind, ...] = ("ad_spend", "coupon", "creator_fee", "creator_commission")
ReportGroup = Literal["day", "product", "channel", "campaign", "lever", "creative"]


class LedgerEntry(DomainModel):
    """Append-only. Amounts are signed fen; a reversal is a new entry with the opposite sign."""

    id: int = Field(ge=1)
    shop_id: str
    step: int = Field(ge=0)
    kind: LedgerKind
    amount_fen: SignedFen
    lever: Lever
    product_id: str | None = None
    channel: Channel | None = None
    campaign_id: str | None = None
    ref_id: str | None = Field(default=None, description="Order, collaboration or coupon behind the entry.")


class ReportRow(DomainModel):
    """The fields of Qianchuan's overall-plan report, for one group."""

    group: dict[str, str | int | None]
    impressions: int = 0
    clicks: int = 0
    conversions: int = Field(default=0, description="Orders the ad platform attributed (tracking may lose some).")
    orders: int = 0
    ctr: float = 0.0
    cvr: float = 0.0
    gmv_fen: int = 0
    refund_fen: int = 0
    settled_gmv_fen: int = 0
    ad_spend_fen: int = 0
    coupon_fen: int = 0
    creator_fee_fen: int = 0
    creator_commission_fen: int = 0
    total_marketing_cost_fen: int = 0
    platform_fee_fen: int = 0
    cogs_fen: int = 0
    overall_roi: float | None = Field(default=None, description="GMV / total marketing cost; None when no cost.")
    settled_roi: float | None = None
    net_profit_fen: int = Field(
        default=0,
        description="Settled GMV minus marketing cost, platform fee and cost of goods. Grouped by creative only "
        "ad spend and attributed GMV are known, so there it is attributed GMV minus ad spend.",
    )
