"""What the active injected events do to this step: multipliers the engine applies."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from market.types.base import CATEGORIES, CHANNELS
from market.types.events import (
    EVENT_PARAMS,
    CompetitorBidWarParams,
    CompetitorPriceCutParams,
    CreativeFatigueParams,
    MarketEvent,
    PromoSpikeParams,
    TrackingLossParams,
    TrafficChannelShiftParams,
)

__all__ = ["StepEffects", "effects_for"]


def _ones() -> defaultdict[str, float]:
    return defaultdict(lambda: 1.0)


@dataclass(slots=True)
class StepEffects:
    traffic: defaultdict[str, float] = field(default_factory=_ones)
    """Per channel: factor on impression volume (promo spikes)."""
    shifts: list[tuple[str, str, float]] = field(default_factory=list)
    our_cvr: defaultdict[str, float] = field(default_factory=_ones)
    """Per category: factor on our conversion rate (a rival's price cut makes ours look dear)."""
    rival_bid: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(lambda: 1.0))
    """Per (category, channel): factor on rival bids."""
    tracking_loss: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    """Per channel: share of ad conversions the platform fails to attribute."""
    fatigue_per_step: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    """Per creative: extra fatigue added every step."""


def effects_for(events: list[MarketEvent], elasticity: dict[str, float]) -> StepEffects:
    fx = StepEffects()
    for ev in events:
        p = EVENT_PARAMS[ev.kind].model_validate(ev.params)
        if isinstance(p, PromoSpikeParams):
            for ch in p.channels or CHANNELS:
                fx.traffic[ch] *= p.multiplier
        elif isinstance(p, TrafficChannelShiftParams):
            fx.shifts.append((p.from_channel, p.to_channel, p.share))
        elif isinstance(p, CompetitorPriceCutParams):
            # Our relative price rises by 1/(1-pct); conversion answers with half the category's
            # elasticity, since only the buyers who compare prices react.
            fx.our_cvr[p.category] *= (1.0 / (1.0 - p.pct)) ** (0.5 * elasticity[p.category])
        elif isinstance(p, CompetitorBidWarParams):
            for cat in [p.category] if p.category else CATEGORIES:
                for ch in [p.channel] if p.channel else CHANNELS:
                    fx.rival_bid[(cat, ch)] *= p.multiplier
        elif isinstance(p, TrackingLossParams):
            for ch in [p.channel] if p.channel else CHANNELS:
                fx.tracking_loss[ch] = 1.0 - (1.0 - fx.tracking_loss[ch]) * (1.0 - p.share)
        elif isinstance(p, CreativeFatigueParams):
            fx.fatigue_per_step[p.creative_id] += p.fatigue_per_day / 48.0
        # stock_out and new_competitor change state once, at their start (see the engine).
    return fx
