"""The shop's demand: orders per product and day as a Poisson model, elasticity per category.

    log E[orders(p, t)] = a_p + weekday(t) + trend * t + elasticity(category of p) * x(p, t)
    x(p, t) = log(price paid / today's list price) = log((1 - discount share(p, t)) * list(p, t) / list(p, today))

Ad-attributed orders (the report's conversions) and the other orders are fitted as two such
models when the rows carry conversions: paid-traffic buyers and buyers who come on their own need
not answer to price alike, and a coupon's worth depends on the mix. When the rows carry ad spend,
a third model of the same form tells how spend moved with the price paid (campaigns that bid on
conversion rate bid more when a coupon lifts it; budget-bound ones cannot).

The discount share of a product-day is the coupon discount per order over the unit list price; a
product-day with few orders borrows the shop's share of that day (with no orders there is no
discount to see, and reading that as "no coupon" would fake a response). The fit is a maximum a
posteriori Newton solve with Gaussian priors (elasticity ~ N(prior, prior_sd^2) per category), a
quasi-Poisson dispersion estimated from the first pass, and the product effects eliminated by their
Schur complement, so it stays small for hundreds of products. Only the last `MAX_DAYS` days count.

The elasticities of one measure are tied together: elasticity_c = scale x prior_c + dev_c, with
one scale for all categories (a priori 1 for orders, 0.5 for ad spend). A shop whose buyers hardly answer to price shows it in every
category at once, so thin categories learn from the thick ones instead of staying at the prior.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt

from models.coupons.types import CouponProduct, ProductDay

__all__ = ["MAX_DAYS", "ComponentFit", "DemandFit", "Measure", "fit_demand"]

Array = npt.NDArray[np.float64]

MAX_DAYS = 120
_BORROW_ORDERS = 2.0
"""A product-day's own discount share counts as this many orders against the shop's share."""
_PRODUCT_SD, _WEEKDAY_SD, _TREND_SD = 3.0, 0.3, 0.5
"""Prior sds: product level (log orders), weekday effects, trend over the whole window (log)."""
_MAX_SHARE = 0.9
_SCALE_SHARE, _DEVIATION_SHARE = 0.8, 0.6
"""Of the prior sd, the part a shop-wide scale on every category's prior carries (how price-minded these
buyers are) and the part each category's own deviation carries (0.8^2 + 0.6^2 = 1: the sd is kept)."""
Measure = Literal["orders", "ad_orders", "other_orders", "ad_spend"]
"""What a component models: all orders (no split in the data), ad-attributed orders, the other
orders, or the ad spend on the product (fen)."""
_SPEND_SCALE = 0.5
"""A priori ad spend answers to a coupon half as strongly as orders (bids follow conversion rate,
budgets hold them back); the data decide."""


@dataclass(frozen=True, slots=True)
class ComponentFit:
    """One measure (a group of orders, or ad spend): its elasticity per category and its baseline."""

    measure: Measure
    elasticity: Array
    sd: Array
    prior: Array
    data_weight: Array
    daily_baseline: Array
    """[product, horizon day]: expected orders (or ad spend, fen) at today's list price with no coupon."""
    dispersion: float = 1.0


@dataclass(frozen=True, slots=True)
class DemandFit:
    """The fitted demand of every product: one component per group of buyers told apart."""

    categories: list[str]
    prior: Array
    product_days: npt.NDArray[np.int64]
    components: list[ComponentFit]
    """Order components: [orders], or [ad_orders, other_orders] when the rows carry conversions."""
    spend: ComponentFit | None
    """How ad spend answers, when the rows carry ad spend."""
    mean_qty: Array
    """Per product: units per order (list GMV / (orders x unit price)), 1 when unknown."""
    refund_rate: float
    fee_rate: float
    history_days: int
    ignored_rows: int = 0


def _prior_by_category(products: Sequence[CouponProduct], categories: list[str], prior: float) -> Array:
    out = np.full(len(categories), prior)
    for i, c in enumerate(categories):
        given = [p.prior_elasticity for p in products if p.category == c and p.prior_elasticity is not None]
        if given:
            out[i] = float(np.mean(given))
    return out


def fit_demand(products: Sequence[CouponProduct], history: Sequence[ProductDay], horizon_days: int, *,
               prior: float, prior_sd: float) -> DemandFit:
    """Fit the demand model to the history (rows of unknown products are ignored and counted).

    When the rows carry ad conversions, ad-attributed orders and the rest are fitted apart: buyers
    reached by ads and buyers who come on their own may answer to price differently.
    """
    categories = sorted({p.category for p in products})
    cat_of = np.array([categories.index(p.category) for p in products])
    n_p, n_c = len(products), len(categories)
    prior_mean = _prior_by_category(products, categories, prior)
    index = {p.product_id: i for i, p in enumerate(products)}
    rows = [r for r in history if r.product_id in index]
    ignored = len(history) - len(rows)
    if not rows:
        flat = ComponentFit(measure="orders", elasticity=prior_mean.copy(), sd=np.full(n_c, prior_sd), prior=prior_mean,
                            data_weight=np.zeros(n_c), daily_baseline=np.zeros((n_p, horizon_days)))
        return DemandFit(categories=categories, prior=prior_mean, product_days=np.zeros(n_c, dtype=np.int64),
                         components=[flat], spend=None, mean_qty=np.ones(n_p), refund_rate=0.0, fee_rate=0.0,
                         history_days=0, ignored_rows=ignored)
    last = max(r.day for r in rows)
    first = max(min(r.day for r in rows), last - MAX_DAYS + 1)
    n_t = last - first + 1
    price_now = np.array([p.price_fen for p in products], dtype=np.float64)
    y = np.zeros((n_p, n_t))
    ads = np.zeros((n_p, n_t))
    spend = np.zeros((n_p, n_t))
    gmv = np.zeros((n_p, n_t))
    coupon = np.zeros((n_p, n_t))
    price = np.tile(price_now[:, None], (1, n_t))
    refund = fee = 0.0
    for r in rows:
        if r.day < first:
            continue
        i, t = index[r.product_id], r.day - first
        y[i, t], gmv[i, t], coupon[i, t] = r.orders, r.gmv_fen, r.coupon_fen
        ads[i, t] = min(r.conversions, r.orders)
        spend[i, t] = r.ad_spend_fen
        if r.price_fen is not None:
            price[i, t] = r.price_fen
        refund += r.refund_fen
        fee += r.platform_fee_fen
    unit_value = y * price
    own = np.where(unit_value > 0, coupon / np.where(unit_value > 0, unit_value, 1.0), 0.0)
    day_value = unit_value.sum(axis=0)
    shop = np.where(day_value > 0, coupon.sum(axis=0) / np.where(day_value > 0, day_value, 1.0), 0.0)
    share = np.clip((y * own + _BORROW_ORDERS * shop[None, :]) / (y + _BORROW_ORDERS), 0.0, _MAX_SHARE)
    x = np.log1p(-share) + np.log(price / price_now[:, None])

    weekday = (np.arange(first, last + 1)) % 7
    trend = (np.arange(n_t) - (n_t - 1) / 2.0) / max(n_t - 1, 1)
    # Shared features per observation: 7 weekday indicators, the trend, x times the category's prior
    # (for the shared scale), x in its category's column (for the category's own deviation).
    feats = np.zeros((n_p, n_t, 9 + n_c))
    feats[:, np.arange(n_t), weekday] = 1.0
    feats[:, :, 7] = trend[None, :]
    feats[:, :, 8] = x * prior_mean[cat_of][:, None]
    feats[np.arange(n_p), :, 9 + cat_of] = x
    future = np.arange(last + 1, last + 1 + horizon_days) % 7
    parts: list[tuple[Measure, Array]] = ([("ad_orders", ads), ("other_orders", y - ads)] if ads.sum() > 0
                                          else [("orders", y)])
    components = [_fit_component(measure, counts, feats, future, float(trend[-1]), prior_mean, prior_sd)
                  for measure, counts in parts]
    # Spend is fitted in yuan (quasi-Poisson takes any scale; yuan keeps the numbers tame), told in fen.
    spent = None
    if spend.sum() > 0:
        fit = _fit_component("ad_spend", spend / 100.0, feats, future, float(trend[-1]), prior_mean, prior_sd,
                             scale_mean=_SPEND_SCALE)
        spent = replace(fit, daily_baseline=fit.daily_baseline * 100.0)
    units = y * price
    mean_qty = np.where(units.sum(axis=1) > 0, gmv.sum(axis=1) / np.maximum(units.sum(axis=1), 1.0), 1.0)
    total_gmv, total_coupon = float(gmv.sum()), float(coupon.sum())
    return DemandFit(
        categories=categories, prior=prior_mean, product_days=(np.bincount(cat_of, minlength=n_c) * n_t).astype(np.int64),
        components=components, spend=spent, mean_qty=np.clip(mean_qty, 1.0, 10.0),
        refund_rate=float(np.clip(refund / total_gmv, 0.0, 0.9)) if total_gmv > 0 else 0.0,
        fee_rate=float(np.clip(fee / (total_gmv - total_coupon), 0.0, 0.5)) if total_gmv > total_coupon else 0.0,
        history_days=n_t, ignored_rows=ignored,
    )


def _fit_component(measure: Measure, y: Array, feats: Array, future: npt.NDArray[np.int64], trend_last: float,
                   prior_mean: Array, prior_sd: float, scale_mean: float = 1.0) -> ComponentFit:
    n_p, _, m = feats.shape
    n_c = prior_mean.size
    scale_sd = _SCALE_SHARE * prior_sd / max(float(np.abs(prior_mean).mean()), 1e-6)
    dev_sd = _DEVIATION_SHARE * prior_sd
    a_prior = np.log(y.mean(axis=1) + 0.1)
    th_prior = np.concatenate([np.zeros(8), [scale_mean], np.zeros(n_c)])
    th_prec = np.concatenate([np.full(7, _WEEKDAY_SD**-2), [_TREND_SD**-2], [scale_sd**-2], np.full(n_c, dev_sd**-2)])
    a, th = a_prior.copy(), th_prior.copy()
    dispersion = 1.0
    # Quasi-Poisson: a first pass measures the overdispersion, the second fit is weighted by it.
    for _ in range(2):
        a, th, cov = _newton(y, feats, a, th, a_prior, th_prior, th_prec, dispersion)
        mu = np.exp(np.clip(a[:, None] + feats @ th, -30.0, 30.0))
        dof = max(y.size - n_p - m, 1)
        dispersion = float(np.clip((((y - mu) ** 2) / np.maximum(mu, 1e-9)).sum() / dof, 1.0, 1e6))
    a, th, cov = _newton(y, feats, a, th, a_prior, th_prior, th_prec, dispersion)
    # elasticity_c = scale * prior_c + deviation_c: its mean and variance from the joint posterior.
    load = np.zeros((n_c, m))
    load[:, 8] = prior_mean
    load[np.arange(n_c), 9 + np.arange(n_c)] = 1.0
    eps = load @ th
    sd = np.sqrt(np.clip(np.einsum("cm,mn,cn->c", load, cov, load), 1e-12, None))
    prior_var = (prior_mean * scale_sd) ** 2 + dev_sd**2
    eps_prior = scale_mean * prior_mean
    # The trend is held at its last value: extrapolating a fitted drift over weeks is a guess.
    log_base = a[:, None] + th[future][None, :] + th[7] * trend_last
    return ComponentFit(measure=measure, elasticity=np.minimum(eps, 0.0), sd=sd, prior=eps_prior,
                        data_weight=np.clip(1.0 - sd**2 / prior_var, 0.0, 1.0),
                        daily_baseline=np.exp(np.clip(log_base, -30.0, 30.0)), dispersion=dispersion)


def _log_post(y: Array, eta: Array, a: Array, th: Array, a_prior: Array, th_prior: Array, th_prec: Array,
              dispersion: float) -> float:
    ll = float((y * eta - np.exp(eta)).sum()) / dispersion
    return ll - 0.5 * float(((a - a_prior) ** 2).sum()) / _PRODUCT_SD**2 - 0.5 * float((th_prec * (th - th_prior) ** 2).sum())


def _newton(y: Array, feats: Array, a: Array, th: Array, a_prior: Array, th_prior: Array, th_prec: Array,
            dispersion: float, iters: int = 60) -> tuple[Array, Array, Array]:
    """MAP of (product effects a, shared effects th); returns them and th's posterior covariance."""
    cov = np.diag(1.0 / th_prec)

    def eta_of(a_: Array, th_: Array) -> Array:
        return np.clip(a_[:, None] + feats @ th_, -30.0, 30.0)

    eta = eta_of(a, th)
    cur = _log_post(y, eta, a, th, a_prior, th_prior, th_prec, dispersion)
    for _ in range(iters):
        mu = np.exp(eta)
        r = (y - mu) / dispersion
        w = mu / dispersion
        g_a = r.sum(axis=1) - (a - a_prior) / _PRODUCT_SD**2
        g_th = np.einsum("pt,ptm->m", r, feats) - th_prec * (th - th_prior)
        d = w.sum(axis=1) + 1.0 / _PRODUCT_SD**2
        b = np.einsum("pt,ptm->pm", w, feats)
        e = np.einsum("pt,ptm,ptn->mn", w, feats, feats) + np.diag(th_prec)
        schur = e - (b / d[:, None]).T @ b
        cov = np.linalg.inv(schur)
        d_th = cov @ (g_th - b.T @ (g_a / d))
        d_a = (g_a - b @ d_th) / d
        step = 1.0
        while step > 1e-6:
            a_new, th_new = a + step * d_a, th + step * d_th
            eta_new = eta_of(a_new, th_new)
            new = _log_post(y, eta_new, a_new, th_new, a_prior, th_prior, th_prec, dispersion)
            if new >= cur - 1e-12:
                break
            step /= 2.0
        else:
            break
        a, th, eta = a_new, th_new, eta_new
        done = max(float(np.abs(step * d_a).max(initial=0.0)), float(np.abs(step * d_th).max(initial=0.0))) < 1e-7
        cur = new
        if done:
            break
    return a, th, cov
