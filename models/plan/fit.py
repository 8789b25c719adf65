"""Fit one response curve per product x lever from daily history, shrunk towards category priors.

Each curve has an initial ROI, a half-marginal spend and a shape (`curves`), with log-normal
priors on the first two and prior weights on the shape (`priors`). For every shape the posterior
of (log initial ROI, log half-marginal spend) is a Laplace approximation around its MAP point
(`laplace`), and the shapes are weighed by their evidence: history at one spend level only, or
without spend variation, simply leaves the prior in charge of what the data cannot say. The
likelihood is Student-t (robust to the odd outlier day); the day-to-day overdispersion of GMV is
estimated from the whole shop's residuals.

Two passes: the first fits each curve against its category prior; the curves with history then
tell how this shop differs from the category (offsets shared by the whole shop, by one lever and
by one product; Gaussian empirical Bayes), and the second pass fits every curve against the
shifted prior. A curve with no history so inherits what its siblings learned, and its
uncertainty says how much that is worth.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models.errors import ModelInputError
from models.plan.curves import SHAPES, SatCurves, half_factor, shape_f
from models.plan.laplace import shape_posteriors
from models.plan.priors import SHAPE_PRIOR, SHARED_SD, curve_prior
from models.plan.types import (
    LEVERS,
    HistoryRow,
    PlanProduct,
    ResponseCurve,
    ResponseCurves,
)

__all__ = ["MODEL_NAME", "MODEL_VERSION", "FittedCurves", "fit_curves", "fit_response_curves"]

MODEL_NAME = "super_plan"
MODEL_VERSION = "1.0"

_WINDOW_DAYS = 60  # only recent days: response drifts
_DEFAULT_PHI = 0.05  # day-to-day overdispersion (sd ~22%) until the shop's residuals say otherwise
_DEFAULT_DAY_SD = 0.1  # shop-wide day effects (weekday, weather) when too few days tell
_MIN_DAY_SD = 0.03


@dataclass(frozen=True)
class FittedCurves:
    """Posterior of every curve: per shape a Gaussian in (log r0, log half), plus what curves share."""

    keys: list[tuple[str, str]]
    """(product_id, lever) per curve."""
    groups: np.ndarray
    """(n, 3) indices of the curve's shop, lever and product offsets in the offset vector."""
    shape_weight: np.ndarray
    """(n, K) posterior weight of each of SHAPES."""
    mean: np.ndarray
    """(n, K, 2) posterior mean of (log r0, log half) given the shape."""
    cov: np.ndarray
    """(n, K, 2, 2) posterior covariance given the shape."""
    prior_cov: np.ndarray
    """(n, 2, 2) covariance of the (shifted) prior the curve was fitted against."""
    shared_gain: np.ndarray
    """(n, 2, 2) d posterior mean / d prior mean: how much of the shared offsets reaches the curve."""
    offset_cov: np.ndarray
    """(2m, 2m) posterior covariance of the shared offsets: m for log r0, then m for log half."""
    history_days: np.ndarray
    days_with_spend: np.ndarray
    phi: float
    """Estimated day-to-day overdispersion of GMV."""
    level_sd: float = 0.0
    """sd of the error every fitted curve shares through shop-wide day effects (log GMV)."""

    @property
    def n(self) -> int:
        return len(self.keys)

    @property
    def prior_sd(self) -> np.ndarray:
        """(n, 2) prior sd of (log r0, log half)."""
        return np.sqrt(np.stack([self.prior_cov[:, 0, 0], self.prior_cov[:, 1, 1]], axis=1))

    @property
    def best_shape(self) -> np.ndarray:
        """Index of the most probable shape per curve."""
        return np.argmax(self.shape_weight, axis=1)

    def mixture(self) -> tuple[np.ndarray, np.ndarray]:
        """Mean (n, 2) and covariance (n, 2, 2) of (log r0, log half) over all shapes."""
        w = self.shape_weight[..., None]
        mean = (w * self.mean).sum(axis=1)
        dev = self.mean - mean[:, None, :]
        cov = (w[..., None] * (self.cov + dev[..., :, None] * dev[..., None, :])).sum(axis=1)
        return mean, cov

    def point(self) -> SatCurves:
        """The most probable shape of each curve, at its posterior mean (a median of r0 and half)."""
        k = self.best_shape
        theta = self.mean[np.arange(self.n), k]
        return SatCurves(np.exp(theta[:, 0]), np.exp(theta[:, 1]), np.asarray(SHAPES)[k])

    @property
    def learned(self) -> np.ndarray:
        """Curves that history moved: posterior clearly tighter than the prior."""
        _, cov = self.mixture()
        post_sd = np.sqrt(np.stack([cov[:, 0, 0], cov[:, 1, 1]], axis=1))
        return (self.days_with_spend > 0) & np.any(post_sd < 0.9 * self.prior_sd, axis=1)

    def source(self) -> list[str]:
        """history / history+prior / prior per curve."""
        _, cov = self.mixture()
        out = []
        for i in range(self.n):
            if self.days_with_spend[i] == 0:
                out.append("prior")
            elif cov[i, 0, 0] <= 0.25 * self.prior_sd[i, 0] ** 2:
                out.append("history")
            else:
                out.append("history+prior")
        return out

    def draws(self, k: int, rng: np.random.Generator) -> SatCurves:
        """k joint draws of every curve as SatCurves of shape (k, n): shapes drawn by their weights,
        and curves that share an offset share its uncertainty."""
        n, half_m = self.n, self.offset_cov.shape[0] // 2
        c = self.offset_cov
        z = rng.standard_normal((k, c.shape[0])) @ np.linalg.cholesky(c + 1e-12 * np.eye(c.shape[0])).T
        summed = np.stack([z[:, self.groups].sum(axis=2), z[:, half_m + self.groups].sum(axis=2)], axis=-1)  # (k, n, 2)
        shared = np.einsum("nij,knj->kni", self.shared_gain, summed)
        shared_var = np.einsum("nij,njk,nlk->nil", self.shared_gain, _summed_cov(c, self.groups), self.shared_gain)
        cum = np.cumsum(self.shape_weight, axis=1)
        pick = np.minimum((rng.random((k, n, 1)) > cum[None]).sum(axis=2), len(SHAPES) - 1)  # (k, n)
        cols = np.arange(n)[None, :]
        cov = self.cov[cols, pick]  # (k, n, 2, 2)
        # The curve's own uncertainty is what the shared part does not explain; keep it a covariance.
        scale = np.ones((k, n))
        own = cov
        for _ in range(30):
            own = cov - scale[..., None, None] * shared_var[None]
            det = own[..., 0, 0] * own[..., 1, 1] - own[..., 0, 1] ** 2
            bad = (own[..., 0, 0] <= 1e-9) | (own[..., 1, 1] <= 1e-9) | (det <= 1e-12)
            if not bad.any():
                break
            scale[bad] *= 0.7
        else:
            scale[bad] = 0.0
            own = np.where(bad[..., None, None], cov, own)
        lo = np.linalg.cholesky(own + 1e-12 * np.eye(2))
        dev = np.einsum("knij,knj->kni", lo, rng.standard_normal((k, n, 2))) + shared * np.sqrt(scale)[..., None]
        theta = self.mean[cols, pick] + dev
        # Shop-wide day effects in the history (weekdays, promotions) move every fitted curve together.
        fitted = self.days_with_spend > 0
        theta[..., 0] += rng.standard_normal((k, 1)) * self.level_sd * fitted[None, :]
        return SatCurves(np.exp(theta[..., 0]), np.exp(theta[..., 1]), np.asarray(SHAPES)[pick])


def _summed_cov(c: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """(n, 2, 2) covariance of each curve's summed offsets (log r0, log half)."""
    half_m = c.shape[0] // 2
    idx = np.concatenate([groups, half_m + groups], axis=1)  # (n, 6)
    sub = c[idx[:, :, None], idx[:, None, :]]  # (n, 6, 6)
    return np.stack([
        np.stack([sub[:, :3, :3].sum(axis=(1, 2)), sub[:, :3, 3:].sum(axis=(1, 2))], -1),
        np.stack([sub[:, 3:, :3].sum(axis=(1, 2)), sub[:, 3:, 3:].sum(axis=(1, 2))], -1),
    ], -2)


def _index(products: Sequence[PlanProduct]) -> tuple[list[tuple[str, str]], dict[str, PlanProduct]]:
    by_id: dict[str, PlanProduct] = {}
    keys: list[tuple[str, str]] = []
    for p in products:
        if p.product_id in by_id:
            raise ModelInputError(f"product {p.product_id} is listed twice", hint="send each product once")
        by_id[p.product_id] = p
        levers = p.levers if p.levers is not None else LEVERS
        if len(set(levers)) != len(levers):
            raise ModelInputError(f"product {p.product_id} lists a lever twice: {list(levers)}", hint="list each lever once")
        keys.extend((p.product_id, lv) for lv in levers)
    return keys, by_id


def _series(keys: list[tuple[str, str]], by_id: dict[str, PlanProduct], history: Sequence[HistoryRow]) -> list[np.ndarray]:
    """Per curve: (days, 3) rows of (day, spend, gmv), summed per day, the recent window only."""
    sums: dict[tuple[str, str], dict[int, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    for r in history:
        if r.product_id not in by_id:
            raise ModelInputError(
                f"history row for unknown product {r.product_id}",
                hint="add the product to products or drop its history rows",
            )
        cell = sums[(r.product_id, r.lever)][r.day]
        cell[0] += r.spend_fen
        cell[1] += r.gmv_fen
    out = []
    for key in keys:
        days = sums.get(key)
        if not days:
            out.append(np.zeros((0, 3)))
            continue
        arr = np.array([(d, s, g) for d, (s, g) in sorted(days.items())], dtype=float)
        arr = arr[arr[:, 0] > arr[-1, 0] - _WINDOW_DAYS]
        out.append(arr)
    return out


def _offsets(
    info: np.ndarray, info_vec: np.ndarray, groups: np.ndarray, tau: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean (2m,) and covariance (2m, 2m) of the shared offsets.

    Curve i says its summed offsets (log r0, log half) have information `info[i]` (2 x 2, may be
    singular: a ridge informs one combination only) and information vector `info_vec[i]`; the
    offsets are independent N(0, tau^2) a priori. A Gaussian linear model, solved exactly.
    """
    half_m = tau.shape[1]
    size = 2 * half_m
    prec = np.diag(1.0 / np.concatenate([tau[0], tau[1]]) ** 2)
    rhs = np.zeros(size)
    idx = np.stack([groups, half_m + groups], axis=1)  # (c, 2 dims, 3 groups)
    for d1 in range(2):
        np.add.at(rhs, idx[:, d1, :], np.repeat(info_vec[:, d1:d1 + 1], 3, axis=1))
        for d2 in range(2):
            rows = np.repeat(idx[:, d1, :], 3, axis=1)
            cols = np.tile(idx[:, d2, :], (1, 3))
            np.add.at(prec, (rows, cols), np.repeat(info[:, d1, d2][:, None], 9, axis=1))
    cov = np.linalg.inv(prec)
    return cov @ rhs, cov


def _phi(spend: np.ndarray, gmv: np.ndarray, mask: np.ndarray, price: np.ndarray,
         mean: np.ndarray, weight: np.ndarray) -> float:
    """Overdispersion from standardized residuals of the best shapes (median-based: outliers do not inflate it)."""
    if mask.sum() < 20:
        return _DEFAULT_PHI
    k = np.argmax(weight, axis=1)
    theta = mean[np.arange(len(k)), k]
    s = np.asarray(SHAPES)[k][:, None]
    b = np.exp(theta[:, 1:2]) / half_factor(s)
    pred = np.exp(theta[:, 0:1]) * b * shape_f(spend / b, s)
    ok = (mask > 0) & (pred > 0)
    # Median of chi2(1) is 0.455: r^2 / 0.455 is a median-unbiased guess of each day's variance.
    excess = ((gmv - pred) ** 2 / 0.455 - price[:, None] * pred) / np.maximum(pred, 1.0) ** 2
    return float(np.clip(np.median(excess[ok]), 0.005, 0.5))


def _level_sd(day: np.ndarray, spend: np.ndarray, gmv: np.ndarray, mask: np.ndarray,
              mean: np.ndarray, weight: np.ndarray) -> float:
    """sd of the shop-wide level error: day effects shared by all curves, averaged over the history.

    Each day's mean relative residual across curves varies by the day effect plus the curves'
    own noise over their count; what is left after the latter is the day effect's variance.
    """
    days = np.unique(day[mask > 0])
    if days.size < 5:
        return _DEFAULT_DAY_SD / np.sqrt(max(days.size, 1))
    k = np.argmax(weight, axis=1)
    theta = mean[np.arange(len(k)), k]
    sh = np.asarray(SHAPES)[k][:, None]
    b = np.exp(theta[:, 1:2]) / half_factor(sh)
    pred = np.exp(theta[:, 0:1]) * b * shape_f(spend / b, sh)
    ok = (mask > 0) & (pred > 0)
    rel = np.where(ok, gmv / np.where(ok, pred, 1.0) - 1.0, 0.0)
    means, noise = [], []
    for d in days:
        r = rel[ok & (day == d)]
        if r.size >= 3:
            means.append(r.mean())
            noise.append(r.var(ddof=1) / r.size)
    if len(means) < 5:
        return _DEFAULT_DAY_SD / np.sqrt(days.size)
    var_day = float(np.clip(np.var(means, ddof=1) - np.mean(noise), _MIN_DAY_SD**2, 0.25))
    return float(np.sqrt(var_day / len(means)))


def _shape_weights(log_ev: np.ndarray) -> np.ndarray:
    lw = log_ev + np.log(np.asarray(SHAPE_PRIOR))[None, :]
    lw -= lw.max(axis=1, keepdims=True)
    w = np.exp(lw)
    return w / w.sum(axis=1, keepdims=True)


def _mixture(mean: np.ndarray, cov: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    w = weight[..., None]
    mix = (w * mean).sum(axis=1)
    dev = mean - mix[:, None, :]
    return mix, (w[..., None] * (cov + dev[..., :, None] * dev[..., None, :])).sum(axis=1)


def _diag_cov(sd: np.ndarray) -> np.ndarray:
    cov = np.zeros((sd.shape[0], 2, 2))
    cov[:, 0, 0], cov[:, 1, 1] = sd[:, 0] ** 2, sd[:, 1] ** 2
    return cov


def _psd(a: np.ndarray) -> np.ndarray:
    """Nearest positive semi-definite (2 x 2 each): negative eigenvalues (numerical noise) to zero."""
    val, vec = np.linalg.eigh(0.5 * (a + np.swapaxes(a, -1, -2)))
    return np.einsum("nij,nj,nkj->nik", vec, np.maximum(val, 0.0), vec)


def fit_curves(products: Sequence[PlanProduct], history: Sequence[HistoryRow]) -> FittedCurves:
    """The posterior of every product x lever curve (see the module docstring)."""
    keys, by_id = _index(products)
    series = _series(keys, by_id, history)
    n, n_lev, n_shapes = len(keys), len(LEVERS), len(SHAPES)
    product_pos = {pid: j for j, pid in enumerate(by_id)}
    # Offsets: [shop, one per lever, one per product], for log r0 and for log half.
    groups = np.array([[0, 1 + LEVERS.index(lv), 1 + n_lev + product_pos[pid]] for pid, lv in keys], dtype=int)  # type: ignore[arg-type]
    tau = np.array([[SHARED_SD["shop"][d]] + [SHARED_SD["lever"][d]] * n_lev + [SHARED_SD["product"][d]] * len(by_id)
                    for d in range(2)])
    half_m = tau.shape[1]
    price = np.array([float(by_id[pid].price_fen) for pid, _ in keys])
    base = np.array([curve_prior(by_id[pid].category, lv, by_id[pid].price_fen) for pid, lv in keys])  # type: ignore[arg-type]
    base_mu, base_sd = base[:, [0, 2]], base[:, [1, 3]]
    shared_prior_var = np.stack([(tau[d][groups] ** 2).sum(axis=1) for d in range(2)], axis=1)
    own_cov = _diag_cov(np.sqrt(np.maximum(base_sd**2 - shared_prior_var, 0.05**2)))

    spent = [sr[sr[:, 1] > 0] for sr in series]
    idx = np.flatnonzero([len(sr) > 0 for sr in spent])
    d_max = max((len(spent[i]) for i in idx), default=0)
    s = np.zeros((len(idx), max(d_max, 1)))
    g, m, day = np.zeros_like(s), np.zeros_like(s), np.full_like(s, -1.0)
    for row, i in enumerate(idx):
        k = len(spent[i])
        day[row, :k], s[row, :k], g[row, :k], m[row, :k] = spent[i][:, 0], spent[i][:, 1], spent[i][:, 2], 1.0

    # Pass 1: each curve against its category prior; then what the shop's history says about the offsets.
    phi = _DEFAULT_PHI
    offset_mean = np.zeros(2 * half_m)
    offset_cov = np.diag(np.concatenate([tau[0], tau[1]]) ** 2)
    if idx.size:
        base_cov = _diag_cov(base_sd[idx])
        mean1, cov1, ev1 = shape_posteriors(s, g, m, price[idx], base_mu[idx], base_cov, phi)
        w1 = _shape_weights(ev1)
        phi = _phi(s, g, m, price[idx], mean1, w1)
        mix_mean, mix_cov = _mixture(mean1, cov1, w1)
        # What the data alone say about each curve (posterior information minus prior information),
        # then about its summed offsets once the curve's own deviation is integrated out.
        post_prec, prior_prec = np.linalg.inv(mix_cov), np.linalg.inv(base_cov)
        lik = _psd(post_prec - prior_prec)
        lik_vec = np.einsum("nij,nj->ni", post_prec, mix_mean) - np.einsum("nij,nj->ni", prior_prec, base_mu[idx])
        spread = np.eye(2)[None] + lik @ own_cov[idx]
        info = np.linalg.solve(spread, lik)
        info_vec = np.linalg.solve(spread, (lik_vec - np.einsum("nij,nj->ni", lik, base_mu[idx]))[..., None])[..., 0]
        offset_mean, offset_cov = _offsets(info, info_vec, groups[idx], tau)

    # Pass 2: every curve against the prior shifted by the offsets.
    shift = np.stack([offset_mean[groups].sum(axis=1), offset_mean[half_m + groups].sum(axis=1)], axis=1)
    prior_mu = base_mu + shift
    prior_cov = own_cov + _summed_cov(offset_cov, groups)
    mean = np.repeat(prior_mu[:, None, :], n_shapes, axis=1)
    cov = np.repeat(prior_cov[:, None], n_shapes, axis=1)
    weight = np.repeat(np.asarray(SHAPE_PRIOR)[None, :], n, axis=0)
    gain = np.repeat(np.eye(2)[None], n, axis=0)
    level_sd = 0.0
    if idx.size:
        mean2, cov2, ev2 = shape_posteriors(s, g, m, price[idx], prior_mu[idx], prior_cov[idx], phi)
        mean[idx], cov[idx], weight[idx] = mean2, cov2, _shape_weights(ev2)
        _, mix_cov = _mixture(mean2, cov2, weight[idx])
        # d posterior mean / d prior mean = posterior cov x prior precision (1 where the data said nothing).
        gain[idx] = mix_cov @ np.linalg.inv(prior_cov[idx])
        level_sd = _level_sd(day, s, g, m, mean2, weight[idx])

    n_days = np.array([len(sr) for sr in series], dtype=int)
    n_spend = np.array([len(sr) for sr in spent], dtype=int)
    return FittedCurves(keys, groups, weight, mean, cov, prior_cov, gain, offset_cov, n_days, n_spend, phi, level_sd)


def fit_response_curves(products: Sequence[PlanProduct], history: Sequence[HistoryRow] = ()) -> ResponseCurves:
    """Fit the daily response curve of every product x lever from history (category priors where there is none)."""
    fit = fit_curves(products, history)
    point = fit.point()
    _, mix_cov = fit.mixture()
    learned = fit.learned
    source = fit.source()
    ceiling = point.ceiling
    curves = tuple(
        ResponseCurve(
            product_id=pid, lever=lv,  # type: ignore[arg-type]
            initial_roi=round(float(point.r0[i]), 4),
            half_marginal_spend_per_day_fen=round(float(point.half[i]), 1),
            shape=float(point.s[i]),
            ceiling_gmv_per_day_fen=None if not np.isfinite(ceiling[i]) else round(float(ceiling[i]), 1),
            log_sd_initial_roi=round(float(np.sqrt(mix_cov[i, 0, 0])), 4),
            log_sd_half_marginal_spend=round(float(np.sqrt(mix_cov[i, 1, 1])), 4),
            history_days=int(fit.history_days[i]),
            days_with_spend=int(fit.days_with_spend[i]),
            source=source[i],  # type: ignore[arg-type]
            learned=bool(learned[i]),
        )
        for i, (pid, lv) in enumerate(fit.keys)
    )
    n_learned = int(learned.sum())
    if n_learned:
        why = (f"{n_learned} of {fit.n} curves fitted from up to {int(fit.days_with_spend.max())} days of history; "
               "the rest use category priors shifted by what this shop's history shows.")
    else:
        why = f"No usable history: all {fit.n} curves are category priors (initial ROI and scale by lever, category and price)."
    return ResponseCurves(curves=curves, model=MODEL_NAME, version=MODEL_VERSION, learned=n_learned > 0, why=why)
