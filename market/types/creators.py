"""Creators (达人), collaborations with them and alliance commission plans."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from market.types.base import Category, DomainModel, Fen

__all__ = [
    "Collaboration",
    "CollaborationStatus",
    "CollaborationType",
    "CommissionPlan",
    "CommissionPlanKind",
    "Creator",
]

CollaborationType = Literal["fixed_fee", "commission", "cpm", "fee_plus_commission"]
CollaborationStatus = Literal["proposed", "accepted", "declined", "published", "completed", "cancelled"]
CommissionPlanKind = Literal["open", "targeted", "exclusive"]


class Creator(DomainModel):
    id: str = Field(pattern=r"^crt_[0-9a-z]+$")
    name: str
    category: Category
    followers: int = Field(ge=0)
    audience_mix: list[float] = Field(description="Share of followers per buyer segment, aligned with SEGMENTS.")
    engagement_rate: float = Field(ge=0.0, le=1.0)
    fee_fen: Fen = Field(description="Asked fixed fee per short video.")
    commission_rate: float = Field(ge=0.0, le=0.9, description="Asked commission on attributed GMV.")
    content_quality: float = Field(ge=0.0, le=1.0)
    profile_zh: str
    profile_en: str


class Collaboration(DomainModel):
    id: str = Field(pattern=r"^col_[0-9a-z]+$")
    shop_id: str
    creator_id: str
    product_id: str
    type: CollaborationType
    fee_fen: Fen = 0
    commission_rate: float = Field(default=0.0, ge=0.0, le=0.9)
    cpm_fen: Fen = Field(default=0, description="Fee per thousand content impressions (cpm type).")
    status: CollaborationStatus = "proposed"
    created_step: int = Field(ge=0)
    accepted_step: int | None = None
    publish_step: int | None = None
    end_step: int | None = None
    impressions: int = Field(default=0, ge=0)
    clicks: int = Field(default=0, ge=0)
    orders: int = Field(default=0, ge=0)
    gmv_fen: Fen = 0
    commission_fen: Fen = 0
    fee_paid_fen: Fen = 0


class CommissionPlan(DomainModel):
    """An alliance (精选联盟) plan: open to all creators, targeted to some, or exclusive to one."""

    id: str = Field(pattern=r"^cpl_[0-9a-z]+$")
    shop_id: str
    product_id: str
    kind: CommissionPlanKind
    commission_rate: float = Field(gt=0.0, le=0.9)
    creator_ids: list[str] = Field(default_factory=list)
    status: Literal["active", "ended"] = "active"
    created_step: int = Field(ge=0)
