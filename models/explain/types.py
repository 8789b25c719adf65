"""What the KPI explainer reads: report rows of two periods, earlier periods for noise, auction figures.

Everything here is filled from the platform's reports without reshaping: a `ReportRowIn` accepts a
report row as the platform returns it (`Backend.report(...)` rows dumped to dicts; fields the
explainer does not use, such as ctr or refund_fen, are ignored), and the helpers in
`models.explain.fill` turn daily reports and raw auction insights into these models.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CUBE_KEYS",
    "AuctionRow",
    "Dimension",
    "ExplainRequest",
    "Factor",
    "PeriodReport",
    "ReportRowIn",
]

CUBE_KEYS = ("channel", "product", "campaign")
"""Group keys of `PeriodReport.rows`: any of these, in one report (e.g. group_by=["channel", "product", "campaign"])."""

Dimension = Literal["shop", "channel", "category", "product", "campaign", "creative"]
Factor = Literal["impressions", "ctr", "cvr", "other_orders", "order_value", "cpm", "other_cost", "attribution"]
"""Funnel factors: GMV = (impressions x CTR x CVR + other orders) x order value; cost = impressions x
CPM / 1000 + orders x other cost per order. CVR counts the orders the ad platform attributed; other
orders are organic, creator and unattributed ad orders; attribution is the share of ad orders the
platform still attributes (a tracking loss moves it, not sales)."""


class ReportRowIn(BaseModel):
    """One row of the platform's report (一本账) for one group over one period."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    group: dict[str, str | int | None] = Field(
        default_factory=dict,
        description="The row's group, e.g. {'channel': 'feed', 'product': 'prd_x', 'campaign': 'cmp_y'}; "
        "None marks sales outside ads (organic, creators) or ad orders the platform did not attribute.",
    )
    impressions: int = Field(default=0, ge=0, description="Ad impressions shown.")
    clicks: int = Field(default=0, ge=0, description="Ad clicks.")
    conversions: int = Field(default=0, ge=0, description="Orders the ad platform attributed to ads.")
    orders: int = Field(default=0, ge=0, description="All orders of the group (ads, organic, creators).")
    gmv_fen: int = Field(default=0, ge=0, description="GMV of the group's orders in fen.")
    ad_spend_fen: int = Field(default=0, ge=0, description="Ad spend in fen.")
    total_marketing_cost_fen: int = Field(
        default=0,
        description="Ad spend + coupons + creator fees and commission in fen (ROI's denominator); may be "
        "negative for a group whose reversals (commission refunded on returns) exceed its costs.",
    )


class PeriodReport(BaseModel):
    """The shop's report for one period, split so that the explainer can localise a change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(default="", max_length=80, description="Free text such as 'day 12' (shown in the answer).")
    start_step: int | None = Field(default=None, ge=0, description="First step of the period (informational).")
    end_step: int | None = Field(default=None, ge=0, description="Exclusive end step of the period (informational).")
    rows: list[ReportRowIn] = Field(
        default_factory=list,
        max_length=20_000,
        description="One report of the whole shop grouped by channel, product and/or campaign, e.g. "
        "report(group_by=['channel', 'product', 'campaign']); rows with the same keys are added up. "
        "Every period must use the same group keys.",
    )
    creative_rows: list[ReportRowIn] = Field(
        default_factory=list,
        max_length=20_000,
        description="Optional ad rows grouped by creative (and product / campaign / channel if known), e.g. "
        "report(group_by=['creative', 'product']); enables causes at the creative level.",
    )


class AuctionRow(BaseModel):
    """Auction insight of one campaign (or overall plan) in one channel, summed over a period."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bidder_id: str = Field(min_length=1, description="Campaign or overall-plan id the insight belongs to.")
    channel: str = Field(min_length=1, description="Traffic channel of the auctions.")
    eligible: int = Field(ge=0, description="Auctions the bidder could enter (impression opportunities).")
    won: int = Field(ge=0, description="Auctions won.")
    shown: int = Field(ge=0, description="Impressions shown.")
    spend_fen: float = Field(ge=0, description="Spend in fen.")
    lwc_cpm_p50_fen: float | None = Field(
        default=None, ge=0, description="Median least winning cost per mille in fen (the cost landscape), if known."
    )


class ExplainRequest(BaseModel):
    """Explain why GMV / overall ROI changed from `before` to `after`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    before: PeriodReport = Field(description="The earlier period (e.g. yesterday).")
    after: PeriodReport = Field(description="The later period (e.g. today), as long as `before`.")
    history: list[PeriodReport] = Field(
        default_factory=list,
        max_length=60,
        description="Earlier periods of the same length, oldest first, ending right before `before`; their "
        "period-to-period variation is the normal noise. Without at least 3, a conservative prior is used.",
    )
    product_categories: dict[str, str] = Field(
        default_factory=dict, description="Product id -> category; enables causes at the category level."
    )
    auction_before: list[AuctionRow] = Field(
        default_factory=list, description="Optional auction insights of the shop's campaigns in `before`."
    )
    auction_after: list[AuctionRow] = Field(
        default_factory=list, description="Optional auction insights of the shop's campaigns in `after`."
    )
    false_alarm_rate: float = Field(
        default=0.05, gt=0.0, lt=0.5, description="Chance of reporting a cause when nothing unusual happened."
    )
    min_share: float = Field(
        default=0.005, ge=0.0, lt=1.0, description="Smallest cause worth reporting, as a share of the shop's GMV."
    )
    max_causes: int = Field(default=5, ge=1, le=20, description="At most this many causes, largest first.")
