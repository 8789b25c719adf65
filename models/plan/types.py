"""What the super-plan allocator (千策) takes and returns: the schemas the policy MCP server exposes.

Money is integer fen (1 yuan = 100 fen). A lever is where marketing money goes for one product:
an ad channel (feed, live, search, mall), smart coupons ("coupon") or creator collaborations
("creator"). History is one row per day x product x lever with the money spent and the GMV that
money brought; the policy server builds it from `report(group_by=["day", "product", "channel"])`
for the ad channels and `["day", "product", "lever"]` for coupons and creators.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "LEVERS",
    "CurveSource",
    "HistoryRow",
    "Lever",
    "NotFunded",
    "Objective",
    "PlanAllocation",
    "PlanAlternative",
    "PlanProduct",
    "PlanRequest",
    "PlanResult",
    "PlanStatus",
    "ResponseCurve",
    "ResponseCurves",
]

Lever = Literal["feed", "live", "search", "mall", "coupon", "creator"]
LEVERS: tuple[Lever, ...] = get_args(Lever)
Objective = Literal["gmv", "profit"]
PlanStatus = Literal["ok", "target_limits_spend", "target_unreachable", "budget_too_small", "zero_budget"]
CurveSource = Literal["history", "history+prior", "prior"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlanProduct(_Model):
    """One product the plan may spend on."""

    product_id: str = Field(min_length=1, description="The product's id, e.g. prd_0ly0qqix (from list_products).")
    category: str = Field(
        description="Product category: beauty, apparel, food, home, baby, digital, personal_care or sports. "
        "Another value uses the all-category prior (the result says so)."
    )
    price_fen: int = Field(gt=0, description="Selling price in fen; sets the scale of the cold-start prior.")
    unit_cost_fen: int | None = Field(
        default=None, ge=0,
        description="Cost of goods per unit in fen. Needed for objective=profit (margin = 1 - cost / price); "
        "without it the profit objective assumes a 50% gross margin.",
    )
    levers: tuple[Lever, ...] | None = Field(
        default=None,
        description="Levers this product may use (feed, live, search, mall, coupon, creator); omit for all six.",
    )


class HistoryRow(_Model):
    """Spend and the GMV it brought, for one day, product and lever."""

    day: int = Field(ge=0, description="Day index (any origin; rows of the same day share it).")
    product_id: str = Field(min_length=1, description="Product the money was spent on.")
    lever: Lever = Field(description="feed, live, search or mall (ad channels), coupon or creator.")
    spend_fen: int = Field(
        ge=0,
        description="Money spent that day in fen: ad spend for a channel, coupon discounts for coupon, "
        "creator fee + commission for creator.",
    )
    gmv_fen: int = Field(
        ge=0,
        description="GMV attributed to that spend in fen (for coupon: GMV of the orders that used the coupon; "
        "if the platform does not attribute it, leave coupon rows out rather than sending 0).",
    )


class PlanRequest(_Model):
    """One total budget, one overall ROI target, a horizon, the products and their history."""

    products: tuple[PlanProduct, ...] = Field(min_length=1, max_length=300, description="Products to plan for.")
    history: tuple[HistoryRow, ...] = Field(
        default=(), max_length=200_000,
        description="Past daily spend and GMV per product x lever; empty for a new shop (category priors are used).",
    )
    budget_fen: int = Field(ge=0, description="Total marketing budget for the whole horizon in fen.")
    target_roi: float | None = Field(
        default=None, gt=0, le=1000,
        description="Overall ROI floor: total GMV / total marketing cost must be at least this. Omit for none.",
    )
    horizon_days: int = Field(default=7, ge=1, le=90, description="Days the budget covers; spend is spread evenly.")
    objective: Objective = Field(
        default="gmv", description="gmv: maximize GMV; profit: maximize GMV x gross margin - marketing cost."
    )
    roi_confidence: float = Field(
        default=0.97, ge=0.5, le=0.99,
        description="Wanted probability that the plan meets target_roi given how uncertain the fitted curves are; "
        "higher spends more carefully. The default leaves room for the curves' own approximation error.",
    )
    min_daily_spend_fen: int = Field(
        default=1000, ge=0,
        description="Smallest daily spend worth running on one product x lever; smaller shares are dropped.",
    )
    seed: int = Field(default=0, ge=0, description="Seed of the uncertainty draws; same request + seed, same result.")


class ResponseCurve(_Model):
    """Daily GMV as a function of daily spend for one product x lever.

    The marginal ROI starts at initial_roi and falls with spend: to half of it at
    half_marginal_spend_per_day_fen. shape 0 saturates exponentially, 0.5 like Michaelis-Menten,
    1 keeps growing logarithmically: gmv = r0 * b * F(x / b) with F'(z) = (1 + shape * z) ** (-1 / shape).
    """

    product_id: str = Field(description="Product.")
    lever: Lever = Field(description="Lever.")
    initial_roi: float = Field(description="GMV per fen of the first fen spent (the curve's slope at zero).")
    half_marginal_spend_per_day_fen: float = Field(description="Daily spend at which a further fen returns half the initial ROI.")
    shape: float = Field(description="0 = exponential saturation, 0.5 = Michaelis-Menten, 1 = logarithmic (no ceiling).")
    ceiling_gmv_per_day_fen: float | None = Field(description="Daily GMV the lever approaches however much is spent; None = no ceiling.")
    log_sd_initial_roi: float = Field(description="Posterior sd of log(initial_roi): 0.1 is about +-10%.")
    log_sd_half_marginal_spend: float = Field(description="Posterior sd of log(half_marginal_spend_per_day_fen).")
    history_days: int = Field(description="Days of history behind the fit (0 = prior only).")
    days_with_spend: int = Field(description="Of those, days with spend > 0.")
    source: CurveSource = Field(description="history: data dominate; history+prior: both matter; prior: no usable data.")
    learned: bool = Field(description="True when history moved the curve away from the prior.")


class ResponseCurves(_Model):
    """Every fitted curve, with where the numbers came from."""

    curves: tuple[ResponseCurve, ...] = Field(description="One curve per product x lever.")
    model: str = Field(description="Model name.")
    version: str = Field(description="Model version.")
    learned: bool = Field(description="True when at least one curve was fitted from history; False for priors only.")
    why: str = Field(description="One sentence on how the curves were obtained.")


class PlanAllocation(_Model):
    """Money for one product x lever and what it is expected to bring."""

    product_id: str = Field(description="Product.")
    lever: Lever = Field(description="Lever.")
    spend_fen: int = Field(description="Spend over the whole horizon in fen.")
    spend_per_day_fen: int = Field(description="Spend per day in fen.")
    expected_gmv_fen: int = Field(description="Expected GMV over the horizon in fen.")
    expected_roi: float = Field(description="Expected GMV / spend of this allocation.")
    marginal_roi: float = Field(description="GMV the next fen would bring here at the planned spend.")
    saturation: float = Field(description="How far down its curve this spend goes: 1 - marginal / initial ROI (0..1); near 1 = more money adds little.")
    learned: bool = Field(description="True when the curve was fitted from this shop's history.")
    reason: str = Field(description="Why this product x lever gets this money.")


class NotFunded(_Model):
    """A product x lever that gets nothing, and why."""

    product_id: str = Field(description="Product.")
    lever: Lever = Field(description="Lever.")
    initial_roi: float = Field(description="GMV per fen of its first fen.")
    reason: str = Field(description="Why it gets nothing.")


class PlanAlternative(_Model):
    """A feasible variant of the request: what changes and what it would bring."""

    kind: Literal["lower_target", "smaller_budget", "larger_budget"] = Field(
        description="lower_target: keep the budget, accept this ROI; smaller_budget: keep the target, spend this much; "
        "larger_budget: the smallest budget that is useful."
    )
    budget_fen: int = Field(description="Budget over the horizon in fen.")
    target_roi: float | None = Field(description="ROI target of the variant.")
    expected_gmv_fen: int = Field(description="Expected GMV over the horizon in fen.")
    expected_roi: float | None = Field(description="Expected overall ROI; None when nothing is spent.")
    description: str = Field(description="The variant in one sentence.")


class PlanResult(_Model):
    """The super plan: allocation, expected outcome with an interval, reasons and, if needed, alternatives."""

    status: PlanStatus = Field(
        description="ok; target_limits_spend (the ROI target caps spend below the budget); target_unreachable "
        "(no spend meets the target: see alternatives); budget_too_small; zero_budget."
    )
    objective: Objective = Field(description="What was maximized.")
    horizon_days: int = Field(description="Days the plan covers.")
    budget_fen: int = Field(description="The budget asked for, in fen.")
    target_roi: float | None = Field(description="The ROI target asked for.")
    allocations: tuple[PlanAllocation, ...] = Field(description="Funded product x levers, largest spend first.")
    not_funded: tuple[NotFunded, ...] = Field(description="Product x levers that get nothing, best initial ROI first.")
    spend_fen: int = Field(description="Planned spend over the horizon in fen (<= budget).")
    spend_per_day_fen: int = Field(description="Planned spend per day in fen.")
    expected_gmv_fen: int = Field(description="Expected GMV over the horizon in fen.")
    gmv_interval_fen: tuple[int, int] = Field(description="80% interval of the GMV from the curves' uncertainty (10th, 90th percentile).")
    expected_roi: float | None = Field(description="Expected overall ROI (GMV / spend); None when nothing is spent.")
    roi_interval: tuple[float, float] | None = Field(description="80% interval of the overall ROI; None when nothing is spent.")
    roi_target_probability: float | None = Field(
        description="Probability, under the curves' uncertainty, that the overall ROI meets the target; None without a target."
    )
    expected_profit_fen: int = Field(description="Expected GMV x gross margin - spend over the horizon in fen.")
    alternatives: tuple[PlanAlternative, ...] = Field(description="Feasible variants when the request cannot be met as asked.")
    reasons: tuple[str, ...] = Field(description="Why the plan looks like this, for the merchant.")
    model: str = Field(description="Model name.")
    version: str = Field(description="Model version.")
    learned: bool = Field(description="True when the curves came from this shop's history; False for category priors only.")
    why: str = Field(description="The plan in one sentence.")
