"""Inputs of the Backend's write operations: what a caller may set, validated before anything changes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from market.types.ads import BidType, CampaignStatus, CreativeFormat, Schedule, check_goal
from market.types.base import Category, Channel, DomainModel
from market.types.coupons import CouponTarget, CouponType
from market.types.creators import CollaborationType, CommissionPlanKind
from market.types.orders import ReturnKind, ReturnReason

__all__ = [
    "CampaignSpec",
    "CampaignUpdate",
    "CollaborationSpec",
    "CommissionPlanSpec",
    "CouponSpec",
    "CreativeSpec",
    "CreatorQuery",
    "OverallPlanSpec",
    "OverallPlanUpdate",
    "ProductUpdate",
    "ReturnSpec",
]


class CampaignSpec(DomainModel):
    name: str = Field(min_length=1, max_length=100)
    product_id: str
    channel: Channel
    bid_type: BidType
    roi_goal: float | None = Field(default=None, gt=0.0, le=100.0)
    target_cost_fen: int | None = Field(default=None, gt=0)
    daily_budget_fen: int = Field(gt=0)
    bid_multiplier: float = Field(default=1.0, gt=0.0, le=20.0)
    start_step: int | None = Field(default=None, ge=0, description="Default: now.")
    end_step: int | None = Field(default=None, ge=1)
    dayparts: list[int] = Field(default_factory=list)
    smart_coupon: bool = False
    status: CampaignStatus = Field(default="paused", description="New plans start paused unless asked otherwise.")

    @model_validator(mode="after")
    def _goal(self) -> CampaignSpec:
        check_goal(self.bid_type, self.roi_goal, self.target_cost_fen)
        return self


class CampaignUpdate(DomainModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    daily_budget_fen: int | None = Field(default=None, gt=0)
    roi_goal: float | None = Field(default=None, gt=0.0, le=100.0)
    target_cost_fen: int | None = Field(default=None, gt=0)
    bid_multiplier: float | None = Field(default=None, gt=0.0, le=20.0)
    status: CampaignStatus | None = None
    schedule: Schedule | None = None
    smart_coupon: bool | None = None


class OverallPlanSpec(DomainModel):
    name: str = Field(min_length=1, max_length=100)
    product_ids: list[str] = Field(min_length=1, max_length=60)
    roi_goal: float = Field(gt=0.0, le=100.0)
    daily_budget_fen: int = Field(gt=0)
    bid_multiplier: float = Field(default=1.0, gt=0.0, le=20.0)
    start_step: int | None = Field(default=None, ge=0)
    end_step: int | None = Field(default=None, ge=1)
    smart_coupon: bool = False
    status: CampaignStatus = "paused"


class OverallPlanUpdate(DomainModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    product_ids: list[str] | None = Field(default=None, min_length=1, max_length=60)
    roi_goal: float | None = Field(default=None, gt=0.0, le=100.0)
    daily_budget_fen: int | None = Field(default=None, gt=0)
    bid_multiplier: float | None = Field(default=None, gt=0.0, le=20.0)
    status: CampaignStatus | None = None
    smart_coupon: bool | None = None


class CreativeSpec(DomainModel):
    product_id: str
    title: str = Field(min_length=1, max_length=120)
    hook: str = Field(default="", max_length=200)
    script: str = Field(default="", max_length=4000)
    selling_points: list[str] = Field(default_factory=list, max_length=10)
    format: CreativeFormat = "short_video"
    status: Literal["active", "paused"] = "active"


class ProductUpdate(DomainModel):
    price_fen: int | None = Field(default=None, gt=0)
    stock: int | None = Field(default=None, ge=0)
    title_zh: str | None = Field(default=None, min_length=1, max_length=120)
    title_en: str | None = Field(default=None, min_length=1, max_length=200)
    status: Literal["on_sale", "off_shelf"] | None = None


class CouponSpec(DomainModel):
    name: str = Field(min_length=1, max_length=60)
    type: CouponType
    threshold_fen: int = Field(default=0, ge=0)
    discount_fen: int = Field(default=0, ge=0)
    percent_off: float = Field(default=0.0, ge=0.0, lt=1.0)
    max_discount_fen: int | None = Field(default=None, gt=0)
    product_ids: list[str] = Field(default_factory=list)
    stock: int = Field(gt=0, le=1_000_000)
    per_buyer_limit: int = Field(default=1, ge=1, le=100)
    claim_start_step: int | None = Field(default=None, ge=0, description="Default: now.")
    claim_days: int = Field(default=7, ge=1, le=90)
    use_days_after_claim_end: int = Field(default=0, ge=0, le=90)
    target: CouponTarget = "all"
    target_segment: str | None = None
    status: Literal["draft", "active"] = "draft"


class CreatorQuery(DomainModel):
    category: Category | None = None
    min_followers: int | None = Field(default=None, ge=0)
    max_followers: int | None = Field(default=None, ge=0)
    max_fee_fen: int | None = Field(default=None, ge=0)
    query: str | None = Field(default=None, max_length=200, description="Words to find in names and profiles (zh or en).")
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0)


class CollaborationSpec(DomainModel):
    creator_id: str
    product_id: str
    type: CollaborationType
    fee_fen: int = Field(default=0, ge=0)
    commission_rate: float = Field(default=0.0, ge=0.0, le=0.9)
    cpm_fen: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _terms(self) -> CollaborationSpec:
        if self.type in ("fixed_fee", "fee_plus_commission") and self.fee_fen <= 0:
            raise ValueError(f"a {self.type} collaboration needs fee_fen > 0")
        if self.type in ("commission", "fee_plus_commission") and self.commission_rate <= 0:
            raise ValueError(f"a {self.type} collaboration needs commission_rate > 0")
        if self.type == "cpm" and self.cpm_fen <= 0:
            raise ValueError("a cpm collaboration needs cpm_fen > 0")
        return self


class CommissionPlanSpec(DomainModel):
    product_id: str
    kind: CommissionPlanKind
    commission_rate: float = Field(gt=0.0, le=0.9)
    creator_ids: list[str] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _creators(self) -> CommissionPlanSpec:
        if self.kind == "open" and self.creator_ids:
            raise ValueError("an open plan is for every creator: leave creator_ids empty")
        if self.kind == "targeted" and not self.creator_ids:
            raise ValueError("a targeted plan needs creator_ids")
        if self.kind == "exclusive" and len(self.creator_ids) != 1:
            raise ValueError("an exclusive plan needs exactly one creator id")
        return self


class ReturnSpec(DomainModel):
    order_id: str
    kind: ReturnKind
    reason: ReturnReason
    variant_to: str | None = None
    note: str = Field(default="", max_length=500)
