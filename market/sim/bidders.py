"""Every bidder of a step as a row of per-context tables: rivals, campaigns and overall plans.

A bidder's expected eCPM for an impression depends only on the impression's context (segment and
search intent), so the engine builds, per bidder, a small table over contexts and gathers from it;
per-impression prediction noise is applied afterwards. Our bidders also carry CTR and CVR tables
(to draw clicks and orders) and, for overall plans, the product chosen per context.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from market.ids import stable_key
from market.sim.traffic import CHANNEL_CTR

__all__ = ["AVG_QTY", "LEARNING_CONVERSIONS", "LEARNING_FACTOR", "Bidder", "ProductTables"]

AVG_QTY = 1.18
LEARNING_CONVERSIONS = 50
LEARNING_FACTOR = 0.85
"""A plan with fewer than 50 conversions is still learning: its delivery is less efficient."""


@dataclass(slots=True)
class ProductTables:
    """Per product, over contexts: predicted CTR (before channel) and CVR, and the bid value."""

    ctr: npt.NDArray[np.float64]
    cvr: npt.NDArray[np.float64]
    value_fen: float
    """Expected paid value of one order (after expected coupons)."""


@dataclass(slots=True)
class Bidder:
    id: str
    kind: str  # "rival" | "campaign" | "plan"
    shop_id: str | None
    channel_ok: frozenset[str]
    budget_left_fen: float
    bid_k: float
    """Bid per conversion in fen before the per-product value (campaigns: fen; plans: 1/ROI scale)."""
    ecpm: dict[str, npt.NDArray[np.float32]] = field(default_factory=dict)
    ctr: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)
    cvr: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)
    product: dict[str, npt.NDArray[np.int16]] = field(default_factory=dict)
    product_ids: list[str] = field(default_factory=list)
    campaign_row: dict[str, object] | None = None

    @property
    def key(self) -> int:
        return stable_key(self.id)


def campaign_k(row: dict[str, object], value_fen: float) -> float:
    """Bid per conversion for a standard campaign given its goal and the product's order value."""
    alpha = float(row["bid_multiplier"])  # type: ignore[arg-type]
    bid_type = row["bid_type"]
    if bid_type == "roi_goal":
        return value_fen / float(row["roi_goal"]) * alpha  # type: ignore[arg-type]
    if bid_type == "cost_cap":
        return float(row["target_cost_fen"]) * alpha  # type: ignore[arg-type]
    return value_fen * float(row["pacing"]) * alpha  # type: ignore[arg-type]


def build_our_tables(
    bidder: Bidder,
    products: list[tuple[str, ProductTables, float]],
    channels: list[str],
    learning: float,
) -> None:
    """Fill eCPM/CTR/CVR tables for a campaign (one product) or plan (best product per context).

    `products` holds (product_id, tables, bid per conversion in fen).
    """
    bidder.product_ids = [p for p, _, _ in products]
    for ch in channels:
        ch_ctr = CHANNEL_CTR[ch]
        ecpms = np.stack([k * np.minimum(t.ctr * ch_ctr, 1.0) * t.cvr * learning for _, t, k in products])
        best = ecpms.argmax(axis=0).astype(np.int16)
        cols = np.arange(ecpms.shape[1])
        bidder.ecpm[ch] = ecpms[best, cols].astype(np.float32)
        bidder.product[ch] = best
        bidder.ctr[ch] = np.stack([np.minimum(t.ctr * ch_ctr, 1.0) for _, t, _ in products])[best, cols]
        bidder.cvr[ch] = np.stack([t.cvr for _, t, _ in products])[best, cols]
