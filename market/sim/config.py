"""World parameters: what differs between the tiny, demo and market profiles."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from market.types.base import DomainModel

__all__ = ["PROFILES", "Profile", "WorldConfig"]

Profile = Literal["tiny", "demo", "market"]


class WorldConfig(DomainModel):
    """Stored with the world; every number the engine uses that is not in a table lives here."""

    seed: int = Field(ge=0, lt=2**31)
    profile: Profile
    n_shops: int = Field(ge=1, le=8)
    products_per_shop: int = Field(ge=1, le=60)
    n_buyers: int = Field(ge=50)
    n_creators: int = Field(ge=10)
    competitors_per_category: int = Field(ge=0, le=12)
    impressions_per_day: int = Field(ge=1000, description="Ad impression opportunities per day, all channels.")
    organic_orders_per_product_day: float = Field(ge=0.0)
    alliance_orders_per_plan_day: float = Field(ge=0.0)
    history_days: int = Field(ge=0, le=120)
    reserve_fen: float = Field(default=0.3, ge=0.0, description="Reserve eCPM in fen per impression.")
    noise_sigma: float = Field(default=0.35, gt=0.0, le=2.0, description="Spread of per-impression predictions.")
    block_noise: float = Field(default=0.4, ge=0.0, lt=1.0, description="+-share of traffic noise per 4-step block.")
    fatigue_impressions: float = Field(gt=0.0, description="Exposures that add 1.0 of fatigue to a creative.")
    platform_fee_rate: float = Field(default=0.006, ge=0.0, le=0.2)
    initial_stock: int = Field(default=5000, ge=0)
    balance_fen: int = Field(default=50_000_000, ge=0)


PROFILES: dict[str, dict[str, int | float]] = {
    "tiny": dict(
        n_shops=1, products_per_shop=4, n_buyers=300, n_creators=200, competitors_per_category=2,
        impressions_per_day=150_000, organic_orders_per_product_day=12.0, alliance_orders_per_plan_day=3.0,
        history_days=2, fatigue_impressions=150_000.0, initial_stock=2000,
    ),
    "demo": dict(
        n_shops=1, products_per_shop=30, n_buyers=6000, n_creators=400, competitors_per_category=4,
        impressions_per_day=800_000, organic_orders_per_product_day=6.0, alliance_orders_per_plan_day=4.0,
        history_days=14, fatigue_impressions=1_500_000.0, initial_stock=6000,
    ),
    "market": dict(
        n_shops=5, products_per_shop=12, n_buyers=20000, n_creators=600, competitors_per_category=5,
        impressions_per_day=1_500_000, organic_orders_per_product_day=5.0, alliance_orders_per_plan_day=4.0,
        history_days=14, fatigue_impressions=2_000_000.0, initial_stock=6000,
    ),
}
