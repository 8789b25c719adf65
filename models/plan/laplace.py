"""Posterior of one curve's (log initial ROI, log half-marginal spend) per shape, for many curves at once.

For every curve with history and every shape in `curves.SHAPES`: the maximum a posteriori point by
damped Gauss-Newton (Levenberg-Marquardt) on a robust Student-t likelihood, the Laplace covariance
there, and the Laplace estimate of the evidence, which weighs the shapes against each other.

The variance of a day's GMV is that of Poisson orders at the product's price plus day-to-day
overdispersion phi (shared by the shop) plus a floor of half an order: var = price * gmv +
phi * gmv^2 + price^2 / 4. Within a step the variance is held at the current point
(iteratively reweighted least squares), which keeps every step a plain 2 x 2 solve.
"""

from __future__ import annotations

import numpy as np

from models.plan.curves import SHAPES, half_factor, shape_f, shape_fprime

__all__ = ["NU", "shape_posteriors"]

NU = 4.0
"""Student-t degrees of freedom: one odd day (a stock-out, a viral video) cannot drag a curve."""
_ITERS = 40
_MAX_STEP = 1.5  # log units per step: no overflow from a wild first step


def _predict(x: np.ndarray, u: np.ndarray, w: np.ndarray, s: np.ndarray, hf: np.ndarray) -> tuple[np.ndarray, ...]:
    b = np.exp(w)[..., None] / hf
    z = x / b
    r0 = np.exp(u)[..., None]
    pred = r0 * b * shape_f(z, s)
    return pred, pred, pred - r0 * x * shape_fprime(z, s)  # value, d/du, d/dw (w = log half)


def _variance(pred: np.ndarray, price: np.ndarray, phi: float) -> np.ndarray:
    return price * pred + phi * pred * pred + 0.25 * price * price


def _neg_log_post(y: np.ndarray, m: np.ndarray, pred: np.ndarray, var: np.ndarray,
                  u: np.ndarray, w: np.ndarray, mu: np.ndarray, prec: np.ndarray) -> np.ndarray:
    q = (y - pred) ** 2 / (NU * var)
    ll = (m * 0.5 * (NU + 1.0) * np.log1p(q)).sum(axis=-1)
    du, dw = u - mu[..., 0], w - mu[..., 1]
    return ll + 0.5 * (prec[..., 0, 0] * du * du + 2 * prec[..., 0, 1] * du * dw + prec[..., 1, 1] * dw * dw)


def shape_posteriors(
    spend: np.ndarray, gmv: np.ndarray, mask: np.ndarray, price: np.ndarray,
    prior_mu: np.ndarray, prior_cov: np.ndarray, phi: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For c curves with D padded days: mean (c, K, 2), covariance (c, K, 2, 2), log evidence (c, K).

    spend, gmv, mask: (c, D) daily spend, GMV and 1 for a real day; price: (c,);
    prior_mu (c, 2), prior_cov (c, 2, 2): Gaussian prior on (log initial ROI, log half-marginal spend).
    """
    k = len(SHAPES)
    s = np.asarray(SHAPES)[None, :, None]
    hf = half_factor(s)
    x, y, m = spend[:, None, :], gmv[:, None, :], mask[:, None, :]
    pr = price[:, None, None]
    mu = np.repeat(prior_mu[:, None, :], k, axis=1)
    prec = np.repeat(np.linalg.inv(prior_cov)[:, None], k, axis=1)
    sd = np.sqrt(np.repeat(np.stack([prior_cov[:, 0, 0], prior_cov[:, 1, 1]], -1)[:, None, :], k, axis=1))

    # Start at the prior's scale with the initial ROI that matches the total GMV seen.
    w = mu[..., 1].copy()
    b0 = np.exp(w)[..., None] / hf
    shape_total = (m * b0 * shape_f(x / b0, s)).sum(axis=-1)
    seen = np.maximum((m * y).sum(axis=-1), 0.5 * price[:, None])
    u = np.clip(np.log(seen / np.maximum(shape_total, 1e-9)), mu[..., 0] - 4 * sd[..., 0], mu[..., 0] + 4 * sd[..., 0])
    lam = np.full(u.shape, 1e-2)

    def system(pred: np.ndarray, ju: np.ndarray, jw: np.ndarray, var: np.ndarray) -> tuple[np.ndarray, ...]:
        r = y - pred
        omega = m * (NU + 1.0) / (NU * var * (1.0 + r * r / (NU * var)))
        a11 = (omega * ju * ju).sum(-1) + prec[..., 0, 0]
        a22 = (omega * jw * jw).sum(-1) + prec[..., 1, 1]
        a12 = (omega * ju * jw).sum(-1) + prec[..., 0, 1]
        du, dw = u - mu[..., 0], w - mu[..., 1]
        g1 = -(omega * r * ju).sum(-1) + prec[..., 0, 0] * du + prec[..., 0, 1] * dw
        g2 = -(omega * r * jw).sum(-1) + prec[..., 0, 1] * du + prec[..., 1, 1] * dw
        return a11, a22, a12, g1, g2

    for _ in range(_ITERS):
        pred, ju, jw = _predict(x, u, w, s, hf)
        var = _variance(pred, pr, phi)
        a11, a22, a12, g1, g2 = system(pred, ju, jw, var)
        d11, d22 = a11 * (1 + lam), a22 * (1 + lam)
        det = d11 * d22 - a12 * a12
        du = np.clip(-(d22 * g1 - a12 * g2) / det, -_MAX_STEP, _MAX_STEP)
        dw = np.clip(-(d11 * g2 - a12 * g1) / det, -_MAX_STEP, _MAX_STEP)
        now = _neg_log_post(y, m, pred, var, u, w, mu, prec)
        cand = _predict(x, u + du, w + dw, s, hf)[0]
        new = _neg_log_post(y, m, cand, var, u + du, w + dw, mu, prec)
        better = new < now
        u = np.where(better, u + du, u)
        w = np.where(better, w + dw, w)
        lam = np.where(better, lam / 3.0, lam * 4.0)
        if np.all((np.abs(du) < 1e-7) & (np.abs(dw) < 1e-7) | ~better & (lam > 1e6)):
            break

    pred, ju, jw = _predict(x, u, w, s, hf)
    var = _variance(pred, pr, phi)
    a11, a22, a12, _, _ = system(pred, ju, jw, var)
    det = a11 * a22 - a12 * a12
    cov = np.stack([np.stack([a22, -a12], -1), np.stack([-a12, a11], -1)], -2) / det[..., None, None]
    nlp = _neg_log_post(y, m, pred, var, u, w, mu, prec) + (m * 0.5 * np.log(var)).sum(-1)
    prior_det = prec[..., 0, 0] * prec[..., 1, 1] - prec[..., 0, 1] ** 2
    log_ev = -nlp - 0.5 * np.log(det) + 0.5 * np.log(prior_det)
    return np.stack([u, w], -1), cov, log_ev
