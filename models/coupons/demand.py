"""The shop's demand: orders per product and day as a Poisson model, elasticity per category.

    log E[orders(p, t)] = a_p + weekday(t) + trend * t + elasticity(category of p) * x(p, t)
    x(p, t) = log(price paid / today's list price) = log((1 - discount share(p, t)) * list(p, t) / list(p, today))

The discount share of a product-day is the coupon discount per order over the unit list price; a
product-day with few orders borrows the shop's share of that day (with no orders there is no
discount to see, and reading that as "no coupon" would fake a response). The fit is a maximum a
posteriori Newton solve with Gaussian priors (elasticity ~ N(prior, prior_sd^2) per category), a
quasi-Poisson dispersion estimated from the first pass, and the product effects eliminated by their
Schur complement, so it stays small for hundreds of products. Only the last `MAX_DAYS` days count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from models.coupons.types import CouponProduct, ProductDay

__all__ = ["MAX_DAYS", "DemandFit", "fit_demand"]

Array = npt.NDArray[np.float64]

MAX_DAYS = 120
_BORROW_ORDERS = 2.0
"""A product-day's own discount share counts as this many orders against the shop's share."""
_PRODUCT_SD, _WEEKDAY_SD, _TREND_SD = 3.0, 0.3, 0.5
"""Prior sds: product level (log orders), weekday effects, trend over the whole window (log)."""
_MAX_SHARE = 0.9


@dataclass(frozen=True, slots=True)
class DemandFit:
    """The fitted demand of every product, and the elasticity per category."""

    categories: list[str]
    elasticity: Array
    sd: Array
    prior: Array
    data_weight: Array
    product_days: npt.NDArray[np.int64]
    daily_baseline: Array
    """[product, horizon day]: expected orders at today's list price with no coupon."""
    mean_qty: Array
    """Per product: units per order (list GMV / (orders x unit price)), 1 when unknown."""
    refund_rate: float
    fee_rate: float
    history_days: int
    dispersion: float = 1.0
    ignored_rows: int = 0
    notes: list[str] = field(default_factory=list)


def _prior_by_category(products: Sequence[CouponProduct], categories: list[str], prior: float) -> Array:
    out = np.full(len(categories), prior)
    for i, c in enumerate(categories):
        given = [p.prior_elasticity for p in products if p.category == c and p.prior_elasticity is not None]
        if given:
            out[i] = float(np.mean(given))
    return out


def fit_demand(products: Sequence[CouponProduct], history: Sequence[ProductDay], horizon_days: int, *,
               prior: float, prior_sd: float) -> DemandFit:
    """Fit the demand model to the history (rows of unknown products are ignored and counted)."""
    categories = sorted({p.category for p in products})
    cat_of = np.array([categories.index(p.category) for p in products])
    n_p, n_c = len(products), len(categories)
    prior_mean = _prior_by_category(products, categories, prior)
    index = {p.product_id: i for i, p in enumerate(products)}
    rows = [r for r in history if r.product_id in index]
    ignored = len(history) - len(rows)
    if not rows:
        return DemandFit(categories=categories, elasticity=prior_mean.copy(), sd=np.full(n_c, prior_sd),
                         prior=prior_mean, data_weight=np.zeros(n_c), product_days=np.zeros(n_c, dtype=np.int64),
                         daily_baseline=np.zeros((n_p, horizon_days)), mean_qty=np.ones(n_p), refund_rate=0.0,
                         fee_rate=0.0, history_days=0, ignored_rows=ignored)
    last = max(r.day for r in rows)
    first = max(min(r.day for r in rows), last - MAX_DAYS + 1)
    n_t = last - first + 1
    price_now = np.array([p.price_fen for p in products], dtype=np.float64)
    y = np.zeros((n_p, n_t))
    gmv = np.zeros((n_p, n_t))
    coupon = np.zeros((n_p, n_t))
    price = np.tile(price_now[:, None], (1, n_t))
    refund = fee = 0.0
    for r in rows:
        if r.day < first:
            continue
        i, t = index[r.product_id], r.day - first
        y[i, t], gmv[i, t], coupon[i, t] = r.orders, r.gmv_fen, r.coupon_fen
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
    # Shared features per observation: 7 weekday indicators, the trend, x in its category's column.
    m = 8 + n_c
    feats = np.zeros((n_p, n_t, m))
    feats[:, np.arange(n_t), weekday] = 1.0
    feats[:, :, 7] = trend[None, :]
    feats[np.arange(n_p), :, 8 + cat_of] = x
    mean_y = y.mean(axis=1)
    a_prior = np.log(mean_y + 0.1)
    th_prior = np.concatenate([np.zeros(8), prior_mean])
    th_prec = np.concatenate([np.full(7, _WEEKDAY_SD**-2), [_TREND_SD**-2], np.full(n_c, prior_sd**-2)])

    a, th = a_prior.copy(), th_prior.copy()
    dispersion = 1.0
    for _ in range(2):
        a, th, cov = _newton(y, feats, a, th, a_prior, th_prior, th_prec, dispersion)
        mu = np.exp(np.clip(a[:, None] + feats @ th, -30.0, 30.0))
        dof = max(y.size - n_p - m, 1)
        dispersion = float(np.clip((((y - mu) ** 2) / np.maximum(mu, 1e-9)).sum() / dof, 1.0, 10.0))
    a, th, cov = _newton(y, feats, a, th, a_prior, th_prior, th_prec, dispersion)

    eps = th[8:]
    sd = np.sqrt(np.clip(np.diag(cov)[8:], 1e-12, None))
    data_weight = np.clip(1.0 - sd**2 / prior_sd**2, 0.0, 1.0)
    product_days = np.bincount(cat_of, minlength=n_c) * n_t
    future = np.arange(last + 1, last + 1 + horizon_days) % 7
    # The trend is held at its last value: extrapolating a fitted drift over weeks is a guess.
    log_base = a[:, None] + th[future][None, :] + th[7] * trend[-1]
    units = y * price
    mean_qty = np.where(units.sum(axis=1) > 0, gmv.sum(axis=1) / np.maximum(units.sum(axis=1), 1.0), 1.0)
    total_gmv, total_coupon = float(gmv.sum()), float(coupon.sum())
    return DemandFit(
        categories=categories, elasticity=np.minimum(eps, 0.0), sd=sd, prior=prior_mean, data_weight=data_weight,
        product_days=product_days.astype(np.int64), daily_baseline=np.exp(np.clip(log_base, -30.0, 30.0)),
        mean_qty=np.clip(mean_qty, 1.0, 10.0),
        refund_rate=float(np.clip(refund / total_gmv, 0.0, 0.9)) if total_gmv > 0 else 0.0,
        fee_rate=float(np.clip(fee / (total_gmv - total_coupon), 0.0, 0.5)) if total_gmv > total_coupon else 0.0,
        history_days=n_t, dispersion=dispersion, ignored_rows=ignored,
    )


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
