"""Events a scenario injects into the market; stored as ground truth for diagnosis evals."""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import Field

from market.types.base import Category, Channel, DomainModel

__all__ = ["EVENT_KINDS", "EVENT_PARAMS", "EventKind", "MarketEvent"]

EventKind = Literal[
    "competitor_price_cut",
    "competitor_bid_war",
    "creative_fatigue",
    "traffic_channel_shift",
    "stock_out",
    "promo_spike",
    "tracking_loss",
    "new_competitor",
]
EVENT_KINDS: tuple[EventKind, ...] = get_args(EventKind)


class MarketEvent(DomainModel):
    id: str = Field(pattern=r"^evt_[0-9a-z]+$")
    kind: EventKind
    start_step: int = Field(ge=0)
    end_step: int | None = Field(default=None, description="Exclusive end; None lasts for ever.")
    params: dict[str, Any] = Field(default_factory=dict)
    description: str = ""


# Parameters per kind: validated when an event is injected, so a bad scenario fails loudly.


class CompetitorPriceCutParams(DomainModel):
    category: Category
    pct: float = Field(gt=0.0, lt=0.9, description="How much cheaper the rival offer became.")


class CompetitorBidWarParams(DomainModel):
    multiplier: float = Field(gt=1.0, le=10.0, description="Factor on rival bids.")
    channel: Channel | None = None
    category: Category | None = None


class CreativeFatigueParams(DomainModel):
    creative_id: str
    fatigue_per_day: float = Field(gt=0.0, le=1.0, description="Extra fatigue added per simulated day.")


class TrafficChannelShiftParams(DomainModel):
    from_channel: Channel
    to_channel: Channel
    share: float = Field(gt=0.0, le=1.0, description="Share of from_channel's traffic that moves.")


class StockOutParams(DomainModel):
    product_id: str


class PromoSpikeParams(DomainModel):
    multiplier: float = Field(gt=1.0, le=10.0, description="Factor on traffic.")
    channels: list[Channel] = Field(default_factory=list, description="Empty = every channel.")


class TrackingLossParams(DomainModel):
    share: float = Field(gt=0.0, le=1.0, description="Share of ad conversions the platform fails to attribute.")
    channel: Channel | None = None


class NewCompetitorParams(DomainModel):
    category: Category
    daily_budget_fen: int = Field(gt=0)
    strength: float = Field(default=1.5, gt=0.0, le=10.0, description="Bid strength relative to incumbents.")
    channel: Channel | None = None


EVENT_PARAMS: dict[str, type[DomainModel]] = {
    "competitor_price_cut": CompetitorPriceCutParams,
    "competitor_bid_war": CompetitorBidWarParams,
    "creative_fatigue": CreativeFatigueParams,
    "traffic_channel_shift": TrafficChannelShiftParams,
    "stock_out": StockOutParams,
    "promo_spike": PromoSpikeParams,
    "tracking_loss": TrackingLossParams,
    "new_competitor": NewCompetitorParams,
}
