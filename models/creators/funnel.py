"""The sales funnel of one creator video, with priors, learned from the shop's past collaborations.

views  = RHO0  * followers * engagement * exp(Xv . theta_v) * creator's own view factor
clicks = views * TAU0 * exp(Xc . theta_c)                   * creator's own click factor
orders = clicks * GAMMA0 * exp(Xo . theta_o)                * the product's own factor

Xv = [1, log(0.5 + quality)], Xc = [1, log(0.5 + quality), log(audience lift), text fit],
Xo = [1, log(0.5 + quality), log(audience lift)]. Each stage is a Poisson regression fitted by
maximum a posteriori (Newton's method) on the completed collaborations' views, clicks and orders,
each stage given the observed count of the stage before it, so the plentiful views and clicks
teach what the rare orders cannot. Priors: the coefficients are Gaussian around the cold-start
shape; each creator (views, clicks) and each product (orders) has its own log factor, Gaussian
around 0, fitted jointly, so a shop-wide level and one creator's luck are told apart as well as
the data allow and a little evidence moves a creator a little. How far creators (or products)
really differ beyond Poisson noise is itself estimated from the spread of the results (an
empirical-Bayes variance, pulled toward the prior's by a few pseudo-rows): where results are as
predicted, own factors stay near 1 and the shared coefficients learn from every row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

__all__ = ["GAMMA0", "RHO0", "TAU0", "FunnelFit", "PairFeatures", "Prediction", "fit_funnel", "poisson_map", "predict"]

Array = npt.NDArray[np.float64]

RHO0 = 0.5
"""Prior views of one video per engaged follower."""
TAU0 = 0.01
"""Prior click-through from content to product for an average audience."""
GAMMA0 = 0.025
"""Prior click-to-order rate."""

_VIEWS_PRIOR = (np.array([0.0, 1.0]), np.array([1.0, 0.5]))
_CLICKS_PRIOR = (np.array([0.0, 1.0, 1.0, 2.0]), np.array([1.0, 0.5, 0.5, 1.0]))
_ORDERS_PRIOR = (np.array([0.0, 0.0, 1.0]), np.array([1.0, 0.5, 0.5]))
"""(mean, sd) of each stage's coefficients: better content and a keener audience are seen, clicked and
bought more; a profile that fits the product draws more clicks."""

CREATOR_SD = 0.5
"""Prior sd of a creator's own log factor on views and on clicks (about x0.6..x1.6)."""
PRODUCT_SD = 0.5
"""Prior sd of a product's own log factor on orders."""
SD_PSEUDO_ROWS = 5.0
"""Weight, in rows, of the prior sd against the one estimated from the results' spread."""
QTY_STRENGTH = 5.0
"""Prior weight, in orders, of one unit per order."""
_TINY = 1e-9


@dataclass(frozen=True)
class PairFeatures:
    """Features of creator-product pairs, one entry per pair."""

    reach: Array
    """followers x engagement rate."""
    quality: Array
    lift: Array
    text_fit: Array
    """Cosine similarity above the embedder's baseline (0 if the product text is unknown)."""

    def views_x(self) -> Array:
        """Design of the views stage."""
        return np.column_stack([np.ones_like(self.quality), np.log(0.5 + self.quality)])

    def clicks_x(self) -> Array:
        """Design of the click-through stage."""
        return np.column_stack([np.ones_like(self.quality), np.log(0.5 + self.quality),
                                np.log(np.maximum(self.lift, _TINY)), self.text_fit])

    def orders_x(self) -> Array:
        """Design of the conversion stage."""
        return np.column_stack([np.ones_like(self.quality), np.log(0.5 + self.quality),
                                np.log(np.maximum(self.lift, _TINY))])


@dataclass(frozen=True)
class FunnelFit:
    """Coefficients of the three stages and the own factors of creators and products."""

    theta_views: Array = field(default_factory=lambda: _VIEWS_PRIOR[0].copy())
    theta_clicks: Array = field(default_factory=lambda: _CLICKS_PRIOR[0].copy())
    theta_orders: Array = field(default_factory=lambda: _ORDERS_PRIOR[0].copy())
    view_factor: dict[str, float] = field(default_factory=dict)
    click_factor: dict[str, float] = field(default_factory=dict)
    product_factor: dict[str, float] = field(default_factory=dict)
    creator_rows: dict[str, int] = field(default_factory=dict)
    units_per_order: float = 1.0
    rows: int = 0


@dataclass(frozen=True)
class Prediction:
    """Expected counts of one video per candidate."""

    views: Array
    clicks: Array
    orders: Array
    own_factor: Array
    """Creator's own view x click factor (1 without own history)."""


def poisson_map(x: Array, y: Array, offset: Array, mean: Array, sd: Array, iters: int = 60) -> Array:
    """MAP coefficients of y ~ Poisson(exp(offset + x @ theta)) with theta ~ N(mean, sd^2)."""
    prec = 1.0 / sd**2
    theta = mean.copy()

    def loss(t: Array) -> float:
        eta = np.minimum(offset + x @ t, 30.0)
        return float(np.sum(np.exp(eta) - y * eta) + 0.5 * np.sum(prec * (t - mean) ** 2))

    current = loss(theta)
    for _ in range(iters):
        mu = np.exp(np.minimum(offset + x @ theta, 30.0))
        grad = x.T @ (mu - y) + prec * (theta - mean)
        hess = x.T @ (x * mu[:, None]) + np.diag(prec)
        step = np.linalg.solve(hess, grad)
        scale = 1.0
        while scale > 1e-4:
            cand = theta - scale * step
            value = loss(cand)
            if value <= current:
                break
            scale *= 0.5
        else:
            break
        theta, current = cand, value
        if float(np.max(np.abs(scale * step))) < 1e-9:
            break
    return theta


def _group_sd(x: Array, y: Array, offset: Array, prior: tuple[Array, Array], prior_sd: float) -> float:
    """Spread of own log factors: Poisson-lognormal moments of the shared fit's residuals, shrunk to the prior."""
    mu = np.exp(np.minimum(offset + x @ poisson_map(x, y, offset, *prior), 30.0))
    excess = float(np.sum((y - mu) ** 2 - mu) / max(float(np.sum(mu**2)), _TINY))
    var = float(np.log1p(max(excess, 0.0)))
    n = len(y)
    return float(np.sqrt((SD_PSEUDO_ROWS * prior_sd**2 + n * var) / (SD_PSEUDO_ROWS + n)))


def _fit_stage(x: Array, y: Array, offset: Array, prior: tuple[Array, Array], groups: Sequence[str],
               group_sd: float) -> tuple[Array, dict[str, float]]:
    """Shared coefficients plus one log factor per group, jointly; returns (coefficients, factors)."""
    group_sd = _group_sd(x, y, offset, prior, group_sd)
    keys = sorted(set(groups))
    col = {k: i for i, k in enumerate(keys)}
    onehot = np.zeros((len(groups), len(keys)))
    onehot[np.arange(len(groups)), [col[g] for g in groups]] = 1.0
    mean = np.concatenate([prior[0], np.zeros(len(keys))])
    sd = np.concatenate([prior[1], np.full(len(keys), group_sd)])
    theta = poisson_map(np.hstack([x, onehot]), y, offset, mean, sd)
    k = len(prior[0])
    return theta[:k], {g: float(np.exp(theta[k + col[g]])) for g in keys}


def fit_funnel(
    f: PairFeatures, creator_ids: Sequence[str], product_ids: Sequence[str],
    views: Array, clicks: Array, orders: Array, units: Array,
) -> FunnelFit:
    """Fit the stages on completed collaborations (`units` = GMV / price, i.e. items sold)."""
    n = len(creator_ids)
    if n == 0:
        return FunnelFit()
    th_v, vf = _fit_stage(f.views_x(), views, np.log(RHO0) + np.log(np.maximum(f.reach, _TINY)), _VIEWS_PRIOR,
                          creator_ids, CREATOR_SD)
    seen = np.flatnonzero(views > 0)
    th_c, cf = _CLICKS_PRIOR[0].copy(), {}
    if seen.size:
        off = np.log(TAU0) + np.log(views[seen])
        th_c, cf = _fit_stage(f.clicks_x()[seen], clicks[seen], off, _CLICKS_PRIOR,
                              [creator_ids[i] for i in seen], CREATOR_SD)
    clicked = np.flatnonzero(clicks > 0)
    th_o, pf = _ORDERS_PRIOR[0].copy(), {}
    if clicked.size:
        off = np.log(GAMMA0) + np.log(clicks[clicked])
        th_o, pf = _fit_stage(f.orders_x()[clicked], orders[clicked], off, _ORDERS_PRIOR,
                              [product_ids[i] for i in clicked], PRODUCT_SD)
    rows: dict[str, int] = defaultdict(int)
    for c in creator_ids:
        rows[c] += 1
    return FunnelFit(
        theta_views=th_v, theta_clicks=th_c, theta_orders=th_o, view_factor=vf, click_factor=cf, product_factor=pf,
        creator_rows=dict(rows), units_per_order=float((QTY_STRENGTH + units.sum()) / (QTY_STRENGTH + orders.sum())),
        rows=n,
    )


def predict(f: PairFeatures, fit: FunnelFit, creator_ids: Sequence[str], product_id: str,
            conversion_rate: float | None = None) -> Prediction:
    """Expected views, clicks and orders of one video per candidate; `conversion_rate` replaces the
    click-to-order prior while nothing was learned."""
    vf = np.array([fit.view_factor.get(c, 1.0) for c in creator_ids])
    cf = np.array([fit.click_factor.get(c, 1.0) for c in creator_ids])
    views = RHO0 * f.reach * np.exp(f.views_x() @ fit.theta_views) * vf
    ctr = np.minimum(TAU0 * np.exp(f.clicks_x() @ fit.theta_clicks) * cf, 1.0)
    gamma = conversion_rate if (conversion_rate is not None and fit.rows == 0) else GAMMA0
    cvr = np.minimum(gamma * np.exp(f.orders_x() @ fit.theta_orders) * fit.product_factor.get(product_id, 1.0), 1.0)
    clicks = views * ctr
    return Prediction(views=views, clicks=clicks, orders=clicks * cvr, own_factor=vf * cf)
