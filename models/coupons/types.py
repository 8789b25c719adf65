"""What the coupon optimizer reads and returns.

In: the shop's products, its buyer segments, its daily report rows per product (orders, GMV and
coupon discount per day), the horizon and the liability cap. Out: coupons ranked by expected
incremental profit, each with terms the coupons server's create_coupon accepts, or "no coupon".
Money is integer fen (1 yuan = 100 fen).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "CouponPlan",
    "CouponProduct",
    "CouponRecommendation",
    "CouponRequest",
    "CouponSegment",
    "CouponTerms",
    "CouponType",
    "ElasticityEstimate",
    "Outcome",
    "ProductDay",
]

CouponType = Literal["threshold", "direct", "percent"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CouponProduct(_Model):
    """One product of the shop, as list_products gives it."""

    product_id: str = Field(min_length=1, description="Product id (prd_...).")
    category: str = Field(min_length=1, description="Product category (e.g. beauty); elasticity is estimated per category.")
    price_fen: int = Field(gt=0, description="Current list price of one unit, in fen.")
    unit_cost_fen: int = Field(ge=0, description="Cost of goods of one unit, in fen.")
    stock: int = Field(ge=0, description="Units in stock; no more can be sold over the horizon.")
    prior_elasticity: float | None = Field(
        default=None, lt=0, description="Your prior for this category's price elasticity of orders (e.g. -2); default -2."
    )


class CouponSegment(_Model):
    """One buyer segment, as list_segments gives it."""

    key: str = Field(min_length=1, description="Segment key (e.g. student); a coupon can target it.")
    share: float = Field(gt=0, le=1, description="Share of the shop's buyers in this segment.")
    price_sensitivity: float = Field(default=1.0, gt=0, description="Relative price sensitivity (1 = average).")
    propensity: float = Field(default=1.0, gt=0, description="Relative propensity to buy (1 = average), e.g. base_propensity.")
    interest: dict[str, float] = Field(
        default_factory=dict,
        description="Interest per product category (0..1) from the segment profile; empty = the same for every category.",
    )


class ProductDay(_Model):
    """One report row grouped by day and product."""

    day: int = Field(ge=0, description="Day index (report group `day`).")
    product_id: str = Field(min_length=1, description="Product id (report group `product`).")
    orders: int = Field(ge=0, description="Orders of the product that day.")
    conversions: int = Field(
        default=0, ge=0,
        description="Of those, orders attributed to ads (report conversions). Lets the model tell how buyers "
        "reached by ads and the rest answer to price; 0 everywhere = no split.",
    )
    gmv_fen: int = Field(ge=0, description="List-price value of those orders (report gmv_fen).")
    coupon_fen: int = Field(default=0, ge=0, description="Coupon discount given on those orders (report coupon_fen).")
    refund_fen: int = Field(default=0, ge=0, description="Refunds booked that day (report refund_fen).")
    platform_fee_fen: int = Field(
        default=0, description="Platform fees booked that day, net of fees returned with refunds (report platform_fee_fen)."
    )
    ad_spend_fen: int = Field(default=0, ge=0, description="Ad spend on the product that day (report ad_spend_fen).")
    price_fen: int | None = Field(
        default=None, gt=0, description="List price of one unit that day, if it differed from today's; None = today's."
    )


class CouponTerms(_Model):
    """A coupon's terms, in the fields the coupons server's create_coupon takes."""

    type: CouponType = Field(description="threshold: 满减 (amount off from a threshold); direct: 立减; percent: 折扣.")
    threshold_fen: int = Field(default=0, ge=0, description="Order amount that unlocks a threshold coupon (满), fen.")
    discount_fen: int = Field(default=0, ge=0, description="Amount off for threshold and direct coupons (减), fen.")
    percent_off: float = Field(default=0.0, ge=0.0, lt=1.0, description="Share off for percent coupons (0.1 = 10% off).")
    max_discount_fen: int | None = Field(default=None, gt=0, description="Cap on a percent coupon's discount, fen.")
    target: Literal["all", "segment"] = Field(default="all", description="all buyers, or one segment.")
    target_segment: str | None = Field(default=None, description="The segment key when target is segment.")

    @model_validator(mode="after")
    def _consistent(self) -> CouponTerms:
        if self.type in ("threshold", "direct") and self.discount_fen <= 0:
            raise ValueError(f"a {self.type} coupon needs discount_fen > 0")
        if self.type == "threshold" and self.threshold_fen <= self.discount_fen:
            raise ValueError("threshold_fen must exceed discount_fen")
        if self.type == "direct" and self.threshold_fen:
            raise ValueError("a direct coupon has no threshold; use type threshold for 满减")
        if self.type == "percent" and (self.percent_off <= 0 or self.max_discount_fen is None or self.discount_fen):
            raise ValueError("a percent coupon needs percent_off > 0 and max_discount_fen, and no discount_fen")
        if (self.target == "segment") != (self.target_segment is not None):
            raise ValueError("target_segment is set exactly when target is segment")
        return self


class CouponRequest(_Model):
    """Find the coupon that adds the most profit over the horizon within the liability cap."""

    products: list[CouponProduct] = Field(min_length=1, max_length=500, description="The shop's products (list_products).")
    segments: list[CouponSegment] = Field(
        default_factory=list, max_length=50,
        description="Buyer segments (list_segments). Empty: one undivided audience, no segment targeting.",
    )
    history: list[ProductDay] = Field(
        default_factory=list, max_length=60_000,
        description="Report rows grouped by day and product, ideally 2-8 weeks. Empty: category priors only.",
    )
    horizon_days: int = Field(default=7, ge=1, le=90, description="How long the coupon runs (its claim days).")
    liability_cap_fen: int = Field(
        ge=0, description="Most the new coupon may put at risk: stock x face value (discount_fen, or max_discount_fen)."
    )
    product_ids: list[str] = Field(
        default_factory=list, description="Products the coupon covers; empty = every product (a shop-wide coupon)."
    )
    segment_targeting: bool = Field(default=True, description="Also consider coupons for one segment only.")
    candidates: list[CouponTerms] = Field(
        default_factory=list, max_length=2000,
        description="Coupons to compare (e.g. the merchant's own idea); empty = a built-in grid of 满减, 立减 and 折扣.",
    )
    top_k: int = Field(default=3, ge=1, le=20, description="How many recommendations to return.")
    count_ad_spend: bool = Field(
        default=True,
        description="Charge the coupon with the extra ad spend it causes, as estimated from how spend moved with "
        "past discounts (needs ad_spend_fen in history). False: margin minus discount only.",
    )
    prior_elasticity: float = Field(default=-2.0, lt=0, ge=-6, description="Prior price elasticity of orders.")
    prior_sd: float = Field(
        default=1.0, gt=0, le=3, description="How far the data may plausibly move the elasticity from the prior (1 sd)."
    )


class ElasticityEstimate(_Model):
    """The price elasticity of orders of one category: orders change by (price paid / list)^elasticity."""

    category: str
    measure: Literal["orders", "ad_orders", "other_orders", "ad_spend"] = Field(
        description="What answers: orders (all, when the data has no ad split), ad_orders (ad-attributed), "
        "other_orders (the rest), ad_spend (the shop's ad spend on the products)."
    )
    elasticity: float = Field(description="Posterior mean.")
    sd: float = Field(description="Posterior standard deviation.")
    prior: float = Field(description="The prior mean it was shrunk towards.")
    data_weight: float = Field(description="0 = pure prior, 1 = pure data: 1 - posterior variance / prior variance.")
    product_days: int = Field(description="Product-days of history behind it.")


class Outcome(_Model):
    """Expected effect of one coupon over the horizon, against running no coupon."""

    orders: float = Field(description="Expected orders of the covered products with the coupon.")
    incremental_orders: float = Field(description="Orders the coupon adds.")
    gmv_fen: int = Field(description="Expected list-price GMV of the covered products with the coupon.")
    incremental_gmv_fen: int = Field(description="List-price GMV the coupon adds.")
    discount_cost_fen: int = Field(description="Discount paid on all orders that use it, new and would-have-happened.")
    discount_on_existing_fen: int = Field(description="The part of the discount paid on orders that would have come anyway.")
    incremental_ad_spend_fen: int = Field(
        description="Extra ad spend the coupon causes (campaigns bidding on conversion rate bid more when it rises)."
    )
    incremental_profit_fen: int = Field(
        description="Profit with the coupon minus profit without it: margin of new orders - discount - extra ad spend."
    )
    incremental_profit_low_fen: int = Field(
        description="The same at the cautious end of the elasticity estimate (its 80% one-sided bound)."
    )
    uses: float = Field(description="Expected coupons used (before the stock limit).")
    coverage: float = Field(description="Share of the horizon the stock lasts (1 = the whole horizon).")


class CouponRecommendation(CouponTerms):
    """A coupon to propose with create_coupon, and what it is expected to do."""

    rank: int = Field(ge=1, description="1 = best (highest cautious incremental profit).")
    name: str = Field(description="A coupon name to use, e.g. 满199减20.")
    product_ids: list[str] = Field(description="Products it covers; empty = every product.")
    stock: int = Field(ge=1, description="Coupons to issue: the expected uses plus a margin, within the liability cap.")
    claim_days: int = Field(description="Days it should run (the horizon).")
    liability_fen: int = Field(description="stock x face value, what counts against the liability cap.")
    expected: Outcome = Field(description="Expected effect over the horizon.")
    why: str = Field(description="One sentence a merchant can read.")


class CouponPlan(_Model):
    """Ranked coupons (best first) or no coupon, with the elasticities they rest on."""

    recommendations: list[CouponRecommendation] = Field(
        description="Coupons that add profit even at the cautious end of the elasticity estimates, best (by that "
        "cautious profit) first; empty when none does."
    )
    no_coupon: bool = Field(description="True when no candidate surely adds profit: run none.")
    baseline_orders: float = Field(description="Expected orders of the covered products over the horizon with no coupon.")
    baseline_profit_fen: int = Field(
        description="Expected profit of those orders with no coupon, after fees, cost of goods and refunds, before ad spend."
    )
    elasticities: list[ElasticityEstimate] = Field(description="Per category of the covered products.")
    candidates_evaluated: int = Field(description="Coupons compared.")
    model: str = Field(description="Model name.")
    version: str = Field(description="Model version.")
    learned: bool = Field(description="True when the shop's history moved an elasticity (data weight >= 0.25); False = priors.")
    why: str = Field(description="One or two sentences a merchant can read.")
