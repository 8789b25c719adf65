"""Ad campaigns (ad plans), overall (乘方/全域) plans and creatives, mirroring Qianchuan's model."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from market.types.base import Channel, DomainModel, Fen

__all__ = [
    "BidType",
    "check_goal",
    "Campaign",
    "CampaignStatus",
    "Creative",
    "CreativeFormat",
    "CreativeStatus",
    "OverallPlan",
    "Schedule",
]

BidType = Literal["roi_goal", "cost_cap", "max_delivery"]
"""控ROI (bid for an ROI goal), 控成本 (target cost per order), 放量 (spend the budget)."""
CampaignStatus = Literal["active", "paused", "ended"]
CreativeStatus = Literal["active", "paused", "rejected"]
CreativeFormat = Literal["short_video", "image", "live_clip"]


class Schedule(DomainModel):
    start_step: int = Field(ge=0, description="First simulated step the plan may deliver.")
    end_step: int | None = Field(default=None, ge=0, description="Last step (exclusive); None runs on.")
    dayparts: list[int] = Field(
        default_factory=list, description="Allowed half-hour slots of the day (0..47); empty = all day."
    )

    @model_validator(mode="after")
    def _check(self) -> Schedule:
        if self.end_step is not None and self.end_step <= self.start_step:
            raise ValueError("end_step must be after start_step")
        if any(not 0 <= d < 48 for d in self.dayparts):
            raise ValueError("dayparts are half-hour slots 0..47")
        return self


def check_goal(bid_type: BidType, roi_goal: float | None, target_cost_fen: int | None) -> None:
    if bid_type == "roi_goal" and roi_goal is None:
        raise ValueError("bid_type 'roi_goal' needs roi_goal")
    if bid_type == "cost_cap" and target_cost_fen is None:
        raise ValueError("bid_type 'cost_cap' needs target_cost_fen")


class Campaign(DomainModel):
    """A standard ad plan: one product, one channel."""

    id: str = Field(pattern=r"^cmp_[0-9a-z]+$")
    shop_id: str
    name: str = Field(min_length=1, max_length=100)
    product_id: str
    channel: Channel
    bid_type: BidType
    roi_goal: float | None = Field(default=None, gt=0.0, le=100.0)
    target_cost_fen: int | None = Field(default=None, gt=0)
    daily_budget_fen: Fen
    bid_multiplier: float = Field(
        default=1.0, gt=0.0, le=20.0, description="The per-step bid scale (alpha) a bidding policy sets."
    )
    schedule: Schedule
    status: CampaignStatus = "paused"
    smart_coupon: bool = False
    created_step: int = Field(ge=0)

    @model_validator(mode="after")
    def _goal(self) -> Campaign:
        check_goal(self.bid_type, self.roi_goal, self.target_cost_fen)
        return self


class OverallPlan(DomainModel):
    """A 全域 plan: one daily budget and one ROI goal over several products, across every channel."""

    id: str = Field(pattern=r"^pln_[0-9a-z]+$")
    shop_id: str
    name: str = Field(min_length=1, max_length=100)
    product_ids: list[str] = Field(min_length=1)
    roi_goal: float = Field(gt=0.0, le=100.0)
    daily_budget_fen: Fen
    bid_multiplier: float = Field(default=1.0, gt=0.0, le=20.0)
    schedule: Schedule
    status: CampaignStatus = "paused"
    smart_coupon: bool = False
    created_step: int = Field(ge=0)


class Creative(DomainModel):
    """Ad material of a product; every plan promoting the product rotates its active creatives."""

    id: str = Field(pattern=r"^crv_[0-9a-z]+$")
    shop_id: str
    product_id: str
    format: CreativeFormat = "short_video"
    title: str = Field(min_length=1, max_length=120)
    hook: str = Field(default="", max_length=200, description="What the first 3 seconds say or show.")
    script: str = Field(default="", max_length=4000)
    selling_points: list[str] = Field(default_factory=list)
    quality: float = Field(ge=0.0, le=1.0, description="Hidden appeal of the material (simulator truth).")
    fatigue: float = Field(default=0.0, ge=0.0, le=1.0, description="0 fresh .. 1 exhausted.")
    exposures: int = Field(default=0, ge=0)
    status: CreativeStatus = "active"
    created_step: int = Field(ge=0)
