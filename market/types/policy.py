"""The merchant's spend policy: limits every money-moving change is checked against.

It belongs to the merchant. No tool can change it: only the operator channel (the CLI on the
merchant's machine, later the web app) writes it.
"""

from __future__ import annotations

from pydantic import Field

from market.types.base import DomainModel

__all__ = ["SpendPolicy"]


class SpendPolicy(DomainModel):
    max_campaign_daily_budget_fen: int = Field(default=500_000, ge=0, description="Cap on one plan's daily budget.")
    max_total_daily_budget_fen: int = Field(default=3_000_000, ge=0, description="Cap on all active plans' daily budgets.")
    max_budget_change_pct: float = Field(default=0.5, gt=0.0, description="Largest change of a live budget within one simulated day, as a share.")
    min_roi_goal: float = Field(default=1.2, ge=0.0, description="ROI floor: no plan may aim lower.")
    max_bid_multiplier: float = Field(default=3.0, gt=0.0)
    max_coupon_liability_fen: int = Field(default=2_000_000, ge=0, description="Cap on stock x face value of all coupons.")
    max_commission_rate: float = Field(default=0.4, ge=0.0, le=0.9)
    max_creator_fee_fen: int = Field(default=2_000_000, ge=0)
    max_price_change_pct: float = Field(default=0.3, gt=0.0, le=1.0)
    max_service_coupon_fen: int = Field(default=2_000, ge=0, description="Cap on one customer-service compensation coupon.")
    new_objects_paused: bool = Field(default=True, description="New campaigns, plans and coupons start paused / as drafts.")
    auto_approve_spend_fen: int = Field(
        default=50_000, ge=0, description="Changes adding at most this much daily spend or liability apply without a human."
    )
    plan_ttl_steps: int = Field(default=4, ge=1, le=480, description="A proposed change expires after this many steps.")
