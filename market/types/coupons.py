"""Shop coupons: 满减 (threshold), 直减 (direct), 折扣 (percent); smart and service coupons."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from market.types.base import DomainModel, Fen

__all__ = ["Coupon", "CouponKind", "CouponStatus", "CouponTarget", "CouponType", "coupon_discount"]

CouponType = Literal["threshold", "direct", "percent"]
CouponTarget = Literal["all", "new_buyers", "segment", "low_propensity"]
CouponStatus = Literal["draft", "active", "ended"]
CouponKind = Literal["shop", "smart", "service"]


class Coupon(DomainModel):
    id: str = Field(pattern=r"^cpn_[0-9a-z]+$")
    shop_id: str
    name: str = Field(min_length=1, max_length=60)
    kind: CouponKind = "shop"
    type: CouponType
    threshold_fen: Fen = Field(default=0, description="Order amount that unlocks the coupon (满).")
    discount_fen: Fen = Field(default=0, description="Amount off for threshold and direct coupons (减).")
    percent_off: float = Field(default=0.0, ge=0.0, lt=1.0, description="Share off for percent coupons.")
    max_discount_fen: Fen | None = Field(default=None, description="Cap on a percent coupon's discount.")
    product_ids: list[str] = Field(default_factory=list, description="Empty = every product of the shop.")
    stock: int = Field(ge=0, description="Coupons still available to claim.")
    issued: int = Field(default=0, ge=0)
    used: int = Field(default=0, ge=0)
    per_buyer_limit: int = Field(default=1, ge=1, le=100)
    claim_start_step: int = Field(ge=0)
    claim_end_step: int = Field(ge=0)
    use_end_step: int = Field(ge=0)
    target: CouponTarget = "all"
    target_segment: str | None = None
    buyer_id: str | None = Field(default=None, description="Service coupons belong to one buyer.")
    status: CouponStatus = "draft"
    created_step: int = Field(ge=0)

    @model_validator(mode="after")
    def _check(self) -> Coupon:
        if self.type in ("threshold", "direct") and self.discount_fen <= 0:
            raise ValueError(f"a {self.type} coupon needs discount_fen > 0")
        if self.type == "threshold" and self.threshold_fen <= self.discount_fen:
            raise ValueError("threshold_fen must exceed discount_fen")
        if self.type == "percent" and self.percent_off <= 0:
            raise ValueError("a percent coupon needs percent_off > 0")
        if self.claim_end_step <= self.claim_start_step:
            raise ValueError("claim_end_step must be after claim_start_step")
        if self.use_end_step < self.claim_end_step:
            raise ValueError("use_end_step must not be before claim_end_step")
        if self.target == "segment" and not self.target_segment:
            raise ValueError("target 'segment' needs target_segment")
        return self

    def discount_for(self, amount_fen: int) -> int:
        """The discount this coupon gives on an order of `amount_fen` (0 when it does not apply)."""
        return coupon_discount(self.type, amount_fen, threshold_fen=self.threshold_fen,
                               discount_fen=self.discount_fen, percent_off=self.percent_off,
                               max_discount_fen=self.max_discount_fen)


def coupon_discount(type_: CouponType, amount_fen: int, *, threshold_fen: int, discount_fen: int,
                    percent_off: float, max_discount_fen: int | None) -> int:
    """The one rule for what a coupon takes off an order whose covered items list at `amount_fen`."""
    if type_ == "threshold":
        return discount_fen if amount_fen >= threshold_fen else 0
    if type_ == "direct":
        return min(discount_fen, amount_fen)
    if amount_fen < threshold_fen:
        return 0
    off = int(round(amount_fen * percent_off))
    return min(off, max_discount_fen) if max_discount_fen is not None else off
