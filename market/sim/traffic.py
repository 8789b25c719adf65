"""Impression opportunities per step and channel, and the buyer context of each one.

Volume = daily total x channel share x a diurnal profile (peaks at lunch and 20:00-23:00) x a
weekday factor x a random factor per block of 4 steps (as in AuctionNet) x event effects.
Each impression carries a context: the buyer segment and, on search, the searched category.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from market.clock import STEPS_PER_DAY, SimTime
from market.types.base import CATEGORIES, CHANNELS

__all__ = [
    "CHANNEL_CTR",
    "CHANNEL_SHARE",
    "DIURNAL",
    "WEEKDAY",
    "Contexts",
    "affinity_table",
    "block_factor",
    "context_count",
    "sample_contexts",
    "step_volumes",
]

CHANNEL_SHARE = {"feed": 0.55, "live": 0.2, "search": 0.15, "mall": 0.1}
CHANNEL_CTR = {"feed": 1.0, "live": 1.5, "search": 1.3, "mall": 1.2}
"""CTR relative to the feed: live rooms and search convert attention better."""
WEEKDAY = np.array([0.95, 0.94, 0.96, 0.98, 1.04, 1.14, 1.1])

_hours = np.arange(STEPS_PER_DAY) / 2.0
_profile = (
    0.25
    + 0.55 * np.exp(-((_hours - 12.5) ** 2) / 3.0)
    + 1.15 * np.exp(-((_hours - 21.0) ** 2) / 4.5)
    + 0.35 * np.exp(-((_hours - 8.5) ** 2) / 2.0)
    - 0.2 * np.exp(-((_hours - 4.0) ** 2) / 4.0)
)
DIURNAL: npt.NDArray[np.float64] = _profile / _profile.mean()
"""Traffic per half-hour slot relative to the day's mean (mean 1.0)."""

N_CAT = len(CATEGORIES)
SEARCH_MATCH, SEARCH_MISMATCH = 1.8, 0.3


def context_count(n_segments: int) -> int:
    return n_segments * (N_CAT + 1)


def affinity_table(interests: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """affinity[context, category]: how well a category matches the buyer behind an impression.

    Context c = segment * (N_CAT + 1) + intent, where intent N_CAT means "no search query".
    """
    n_seg = interests.shape[0]
    base = 0.35 + interests  # (S, C)
    aff = np.empty((n_seg, N_CAT + 1, N_CAT))
    for intent in range(N_CAT + 1):
        if intent == N_CAT:
            aff[:, intent, :] = base
        else:
            factor = np.full(N_CAT, SEARCH_MISMATCH)
            factor[intent] = SEARCH_MATCH
            aff[:, intent, :] = base * factor
    return aff.reshape(n_seg * (N_CAT + 1), N_CAT)


def block_factor(seed: int, step: int, amplitude: float) -> float:
    """The random traffic factor shared by the 4 steps of a block: uniform in [1-a, 1+a]."""
    block = step // 4
    u = np.random.default_rng([seed, block, 7001]).random()
    return float(1.0 + amplitude * (2.0 * u - 1.0))


def step_volumes(
    seed: int,
    step: int,
    per_day: int,
    amplitude: float,
    channel_factor: dict[str, float],
    shifts: list[tuple[str, str, float]],
) -> dict[str, int]:
    """Impressions per channel for this step, after promo factors and channel shifts."""
    t = SimTime(step)
    base = per_day / STEPS_PER_DAY * DIURNAL[t.slot] * WEEKDAY[t.weekday] * block_factor(seed, step, amplitude)
    volumes = {ch: base * CHANNEL_SHARE[ch] * channel_factor.get(ch, 1.0) for ch in CHANNELS}
    for src, dst, share in shifts:
        moved = volumes[src] * share
        volumes[src] -= moved
        volumes[dst] += moved
    return {ch: int(round(v)) for ch, v in volumes.items()}


@dataclass(frozen=True, slots=True)
class Contexts:
    ctx: npt.NDArray[np.int16]
    segment: npt.NDArray[np.int16]


def sample_contexts(
    rng: np.random.Generator,
    n: int,
    channel: str,
    seg_share: npt.NDArray[np.float64],
    interests: npt.NDArray[np.float64],
) -> Contexts:
    """Draw each impression's buyer segment and, on search, the category searched for."""
    seg = rng.choice(len(seg_share), size=n, p=seg_share).astype(np.int16)
    if channel == "search":
        # A searcher looks for a category in proportion to the segment's interests.
        probs = interests / interests.sum(axis=1, keepdims=True)
        cum = np.cumsum(probs, axis=1)
        u = rng.random(n)
        intent = (u[:, None] > cum[seg]).sum(axis=1).clip(0, N_CAT - 1).astype(np.int16)
    else:
        intent = np.full(n, N_CAT, dtype=np.int16)
    return Contexts(ctx=(seg * (N_CAT + 1) + intent).astype(np.int16), segment=seg)
