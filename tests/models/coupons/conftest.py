"""A synthetic shop whose orders follow a known elasticity, with a coupon schedule for variation."""

from __future__ import annotations

import numpy as np
import pytest

from models.coupons import CouponProduct, CouponSegment, ProductDay

CATS = ("beauty", "food")


def synthetic_shop(elasticity: dict[str, float], *, days: int = 28, seed: int = 1, n_products: int = 10,
                   shares: tuple[float, ...] = (0.0, 0.1, 0.2, 0.05), base: float = 8.0, cost_ratio: float = 0.3,
                   ad_share: float | None = None,
                   spend_follows: float | None = None) -> tuple[list[CouponProduct], list[ProductDay]]:
    """Products and daily rows: orders ~ Poisson(base x (1 - share)^elasticity); a share rotates every 4 days.

    With `ad_share`, that share of the demand comes through ads and answers to price as above, the
    rest does not answer at all, and the rows carry the ad conversions. With `spend_follows`, the rows
    carry ad spend of 500 fen per expected ad order, moving with lift ** spend_follows.
    """
    rng = np.random.default_rng(seed)
    prices = rng.uniform(3000, 30000, n_products).round(-2)
    products = [CouponProduct(product_id=f"prd_{i}", category=CATS[i % 2], price_fen=int(p),
                              unit_cost_fen=int(p * cost_ratio), stock=100_000) for i, p in enumerate(prices)]
    level = rng.uniform(0.5, 1.5, n_products) * base
    rows = []
    for d in range(days):
        share = shares[(d // 4) % len(shares)]
        for i, p in enumerate(products):
            week = 1.15 if d % 7 >= 5 else 1.0
            lift = (1.0 - share) ** elasticity[p.category]
            if ad_share is None:
                o, conv = int(rng.poisson(level[i] * lift * week)), 0
            else:
                conv = int(rng.poisson(level[i] * ad_share * lift * week))
                o = conv + int(rng.poisson(level[i] * (1.0 - ad_share) * week))
            spend = 0
            if spend_follows is not None:
                spend = int(rng.normal(1.0, 0.05) * 500 * level[i] * (ad_share or 1.0) * week * lift**spend_follows)
            rows.append(ProductDay(day=d, product_id=p.product_id, orders=o, conversions=conv, gmv_fen=o * p.price_fen,
                                   coupon_fen=int(round(o * p.price_fen * share)), platform_fee_fen=0,
                                   ad_spend_fen=max(spend, 0)))
    return products, rows


SEGMENTS = [CouponSegment(key="thrifty", share=0.5, price_sensitivity=1.4),
            CouponSegment(key="loyal", share=0.5, price_sensitivity=0.6)]


@pytest.fixture
def segments() -> list[CouponSegment]:
    return list(SEGMENTS)
