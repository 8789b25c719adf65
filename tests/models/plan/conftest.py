"""Small shops with known curves for the super-plan tests: products, true curves, noisy history."""

from __future__ import annotations

import numpy as np

from models.plan import LEVERS, HistoryRow, PlanProduct
from models.plan.curves import SatCurves
from models.plan.priors import curve_prior

CATEGORIES = ("beauty", "food", "digital", "home")


def make_products(n: int, levers: tuple[str, ...] | None = None) -> list[PlanProduct]:
    """n products with prices of 50-200 yuan and a 40% unit cost."""
    prices = (4990, 9900, 19900)
    return [
        PlanProduct(product_id=f"prd_{i:03d}", category=CATEGORIES[i % 4], price_fen=prices[i % 3],
                    unit_cost_fen=int(prices[i % 3] * 0.4), levers=levers)  # type: ignore[arg-type]
        for i in range(n)
    ]


def true_curves(products: list[PlanProduct], seed: int, roi_shift: float = 0.0, shape: float = 0.5) -> SatCurves:
    """Curves around the category priors (times exp(roi_shift) in initial ROI), in key order."""
    rng = np.random.default_rng(seed)
    r0, half = [], []
    for p in products:
        for lv in p.levers or LEVERS:
            mu_u, _, mu_v, _ = curve_prior(p.category, lv, p.price_fen)  # type: ignore[arg-type]
            r0.append(np.exp(mu_u + roi_shift + rng.normal(0, 0.3)))
            half.append(np.exp(mu_v + rng.normal(0, 0.4)))
    return SatCurves(np.array(r0), np.array(half), np.full(len(r0), shape))


def history_from(products: list[PlanProduct], truth: SatCurves, days: int, seed: int,
                 used: float = 1.0, noise_r: float = 30.0, day_sd: float = 0.0) -> list[HistoryRow]:
    """Daily spend around 0.3-3x each curve's half-marginal spend; GMV as negative-binomial orders,
    times a shop-wide day factor of log-sd `day_sd`."""
    rng = np.random.default_rng(seed)
    day_factor = np.exp(rng.normal(0.0, day_sd, days)) if day_sd > 0 else np.ones(days)
    rows: list[HistoryRow] = []
    keys = [(p, lv) for p in products for lv in (p.levers or LEVERS)]
    for c, (p, lv) in enumerate(keys):
        if rng.random() > used:
            continue
        spend = truth.half[c] * np.exp(rng.uniform(np.log(0.3), np.log(3.0), days))
        one = SatCurves(truth.r0[c:c + 1], truth.half[c:c + 1], truth.s[c:c + 1])
        mean_orders = one.value(spend[:, None])[:, 0] * day_factor / p.price_fen
        orders = rng.negative_binomial(noise_r, noise_r / (noise_r + mean_orders))
        rows.extend(HistoryRow(day=d, product_id=p.product_id, lever=lv, spend_fen=int(spend[d]),  # type: ignore[arg-type]
                               gmv_fen=int(orders[d] * p.price_fen)) for d in range(days))
    return rows
