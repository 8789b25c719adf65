"""What a bidding policy sees and decides: only what a real advertiser can observe.

One advertiser-day is 48 steps. Each step the policy picks one bid multiplier `alpha`; the bid for
impression i is `alpha * p_conversion_i * value_per_conversion` (fen per impression, the same unit
as the auction's eCPM). For a CPA goal the value of a conversion is the target CPA (so alpha = 1
bids exactly the target), for an ROI goal it is the order value divided by the target ROI.

Nothing here knows about the simulator: an environment fills `StepRecord`s from what the platform
reports after each step (spend, impressions won, conversions, value, and the least-winning-cost
landscape the platform publishes), so a policy runs unchanged against any auction environment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "LANDSCAPE_QUANTILES",
    "STEPS_PER_DAY",
    "BidDecision",
    "BidGoal",
    "BidObservation",
    "BiddingPolicy",
    "StepRecord",
]

STEPS_PER_DAY = 48
LANDSCAPE_QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
"""Quantiles of the least winning cost per unit of predicted value, as published after a step."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BidGoal(_Model):
    """The advertiser's day: one budget and one efficiency constraint."""

    kind: Literal["cpa", "roi"] = Field(description="cpa: cost per conversion at most target_cpa_fen; roi: value / cost at least target_roi.")
    budget_fen: int = Field(ge=0, description="Spend cap for the day in fen; never exceeded.")
    target_cpa_fen: float | None = Field(default=None, gt=0, description="For kind=cpa: the highest acceptable cost per conversion (fen).")
    target_roi: float | None = Field(default=None, gt=0, description="For kind=roi: the lowest acceptable value / cost.")
    value_per_conversion_fen: float = Field(default=1.0, gt=0, description="For kind=roi: expected order value of one conversion (fen).")

    @model_validator(mode="after")
    def _target_matches_kind(self) -> BidGoal:
        if self.kind == "cpa" and self.target_cpa_fen is None:
            raise ValueError("a cpa goal needs target_cpa_fen")
        if self.kind == "roi" and self.target_roi is None:
            raise ValueError("an roi goal needs target_roi")
        return self

    @property
    def bid_scale_fen(self) -> float:
        """The bid per conversion at alpha = 1 (target CPA, or order value / target ROI)."""
        if self.kind == "cpa":
            return float(self.target_cpa_fen)  # type: ignore[arg-type]
        return self.value_per_conversion_fen / float(self.target_roi)  # type: ignore[arg-type]


class StepRecord(_Model):
    """What the platform reported about one past step of this advertiser."""

    step: int = Field(ge=0, lt=STEPS_PER_DAY)
    alpha: float = Field(ge=0, description="The multiplier bid at that step.")
    spend_fen: float = Field(ge=0)
    impressions: float = Field(ge=0, description="Impressions won and shown.")
    conversions: float = Field(ge=0)
    value_fen: float = Field(ge=0, description="Order value of the conversions (GMV).")
    opportunities: float = Field(ge=0, description="Impression opportunities the advertiser was eligible for.")
    landscape: tuple[float, ...] = Field(
        default=(),
        description="LANDSCAPE_QUANTILES of the least winning cost divided by the bid at alpha = 1 "
        "(i.e. the alpha needed to win the cheapest slot), over the step's opportunities; empty if unknown.",
    )


class BidObservation(_Model):
    """Everything a policy may use at the start of `step`."""

    goal: BidGoal
    step: int = Field(ge=0, lt=STEPS_PER_DAY, description="The step about to be bid (0 = first of the day).")
    budget_left_fen: float = Field(ge=0)
    history: tuple[StepRecord, ...] = Field(default=(), description="Today's past steps, oldest first.")
    prior_days: tuple[tuple[StepRecord, ...], ...] = Field(
        default=(), description="Earlier days of the same advertiser (most recent last), if any: traffic and price forecasts."
    )

    @property
    def steps_left(self) -> int:
        return STEPS_PER_DAY - self.step


class BidDecision(_Model):
    """One step's decision, with where it came from."""

    alpha: float = Field(ge=0, description="Bid multiplier for the next step.")
    model: str = Field(description="Policy name, e.g. pid, mpc, rl.")
    version: str
    learned: bool = Field(description="True when the number came from a trained model, False for a baseline or controller.")
    why: str = Field(description="One sentence a merchant can read.")


@runtime_checkable
class BiddingPolicy(Protocol):
    """A pure function of the observation (policies keep no hidden state between calls)."""

    name: str
    version: str

    def decide(self, obs: BidObservation) -> BidDecision: ...

    def decide_many(self, obs: Sequence[BidObservation]) -> list[BidDecision]:
        """The same decisions for many campaigns at once (vectorised; 1,000 in well under 200 ms)."""
        ...
