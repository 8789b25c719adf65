"""Category priors of the response curves: what a shop with no history can assume.

The prior is log-normal on a curve's initial ROI (GMV per fen of the first fen) and on its
half-marginal spend (the daily spend at which a further fen returns half of what the first did),
with weights on the shapes of `curves.SHAPES`. Levels follow the platforms' rules of thumb (shared/notes/market-calibration.md:
healthy campaigns return an overall ROI of 1.5-5, i.e. an initial ROI of about 2.5-8 for a curve
run at its scale) and what the simulated market shows (campaigns spending 10-2,500 yuan a day on
30-300 yuan products, median ROI about 3.3; creator collaborations about 5). The scale grows with
the price: a dearer product needs more money to buy the same number of orders.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from models.plan.types import Lever

__all__ = ["CATEGORY_ROI_FACTOR", "LEVER_PRIORS", "SHAPE_PRIOR", "SHARED_SD", "LeverPrior", "curve_prior"]


@dataclass(frozen=True)
class LeverPrior:
    """Median initial ROI and median half-marginal spend (in prices per day) of one lever, with log-sds."""

    initial_roi: float
    half_in_prices: float
    log_sd_roi: float = 0.55
    log_sd_scale: float = 0.85


LEVER_PRIORS: dict[Lever, LeverPrior] = {
    "feed": LeverPrior(initial_roi=5.0, half_in_prices=14.0),
    "live": LeverPrior(initial_roi=5.5, half_in_prices=11.0),
    "search": LeverPrior(initial_roi=7.0, half_in_prices=5.6),
    "mall": LeverPrior(initial_roi=6.0, half_in_prices=4.2),
    "coupon": LeverPrior(initial_roi=6.0, half_in_prices=3.5),
    "creator": LeverPrior(initial_roi=5.5, half_in_prices=8.4),
}

CATEGORY_ROI_FACTOR: dict[str, float] = {
    # Higher conversion and fewer returns earn more GMV per fen (catalog base CVR and return rates).
    "beauty": 1.0, "apparel": 0.9, "food": 1.1, "home": 0.95,
    "baby": 1.05, "digital": 0.85, "personal_care": 1.1, "sports": 0.95,
}
_UNKNOWN_CATEGORY_EXTRA_SD = 0.2

SHAPE_PRIOR: tuple[float, ...] = (0.15, 0.2, 0.3, 0.2, 0.15)
"""Prior weight of each of `curves.SHAPES`; without history the middle (Michaelis-Menten) one is used."""

SHARED_SD: dict[str, tuple[float, float]] = {
    "shop": (0.30, 0.50),
    "lever": (0.20, 0.30),
    "product": (0.30, 0.40),
}
"""Prior sds (log initial ROI, log scale) of the offsets from the category prior that curves share.

A curve's prior sd splits into a part every curve of the shop shares (its audience, brand and
store rating), a part every curve of one lever shares within the shop, a part every lever of one
product shares (a product that sells well sells well everywhere), and the curve's own part. The
history of some curves moves these offsets, and with them the prior of every curve that shares them.
"""


def curve_prior(category: str, lever: Lever, price_fen: int) -> tuple[float, float, float, float]:
    """(mean log initial ROI, sd, mean log half-marginal spend in fen/day, sd) for one product x lever."""
    p = LEVER_PRIORS[lever]
    factor = CATEGORY_ROI_FACTOR.get(category)
    sd_roi = p.log_sd_roi if factor is not None else math.hypot(p.log_sd_roi, _UNKNOWN_CATEGORY_EXTRA_SD)
    mu_roi = math.log(p.initial_roi * (factor if factor is not None else 1.0))
    mu_scale = math.log(p.half_in_prices * float(price_fen))
    return mu_roi, sd_roi, mu_scale, p.log_sd_scale
