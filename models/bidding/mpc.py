"""The MPC bidder: re-plan the rest of the day every step, bid the first step of the plan.

Each step it forecasts every remaining step of the day and picks the one multiplier `alpha` for
the rest of the day that maximizes the day's expected conversions under the budget left and the
CPA / ROI target (a planned miss is discounted steeply); it bids that alpha now and plans again
next step with what the step reported (receding horizon). A constant alpha is the plan's shape because the
hindsight optimum buys every impression whose value-per-price clears one threshold, whatever the
hour (the LP's dual), so a time-varying plan would only encode forecast noise.

The forecast, per remaining step, from the advertiser's reports only:
- traffic: yesterday's opportunities at that step times today's traffic ratio so far, discounted
  a little per step ahead because a campaign's traffic can stop for the rest of the day;
- prices: the step's landscape (least winning cost per unit of value, i.e. the alpha that wins the
  cheapest slot): yesterday's quantiles moved by today's drift of each quantile;
- the response: conversions and spend per opportunity at alpha (`Response`): the landscape
  weighted by conversion probability, moved by a shift fitted to the CPA actually paid at the
  alphas actually bid, with the two better slots priced at multiples of the cheapest;
- conversion mass: yesterday's conversions per opportunity against the model, times today's drift.
For an ROI goal a "conversion" is value / order value, so one code path serves both goals: spend
must stay under `bid_scale x conversions`.

Everything is numpy and vectorised over observations: `decide_many` plans 1,000 campaigns at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

import numpy as np
import numpy.typing as npt

from models.bidding.types import (
    LANDSCAPE_QUANTILES,
    STEPS_PER_DAY,
    BidDecision,
    BidObservation,
    StepRecord,
)
from models.errors import ModelInputError

__all__ = ["Forecast", "MPCBidder", "ObsBatch", "Plan", "Response", "empty_records", "forecast", "outcome", "plan",
           "to_batch", "why"]

F64 = npt.NDArray[np.float64]
T = STEPS_PER_DAY

# Record fields in the batch arrays: then the log landscape quantiles LQ..LQ+4 (nan when unknown).
ALPHA, SPEND, CONV, OPP, SEEN, LQ = range(6)
MED = LQ + 2
N_FIELDS = LQ + len(LANDSCAPE_QUANTILES)

TODAY_WEIGHT = 2.0
"""Weight of today's steps against yesterday's (per conversion) when fitting the response shape."""
HAZARD = 0.01
"""Chance per step that a campaign's traffic stops for the rest of the day (it happens in the replayed
days when the platform stops serving the campaign): later hours are discounted by exp(-HAZARD x steps ahead)."""
FIT_STEPS = 16
"""At most this many of yesterday's and of today's steps feed the response fit."""
MASS_MEMORY = 8.0
"""Steps over which today's conversion drift fades (exponential weights)."""
MASS_PRIOR_STEPS = 2.0
"""How many of today's steps the "same as yesterday" prior is worth."""
TRAFFIC_FLOOR = 0.15
"""An hour is never forecast below this share of today's recent traffic (empty yesterday is not empty today)."""
TRAFFIC_MEMORY = 12.0
"""Steps over which today's traffic drift fades."""
TRAFFIC_PRIOR_STEPS = 3.0
"""How many average steps of yesterday's traffic the "same as yesterday" prior is worth."""


@dataclass(frozen=True, slots=True)
class ObsBatch:
    """N observations as arrays: what `plan` reads (and what training fills without pydantic)."""

    scale: F64
    """(N,) bid per conversion at alpha = 1 (target CPA, or order value / target ROI)."""
    budget: F64
    """(N,) the day's budget."""
    budget_left: F64
    """(N,) budget not yet spent."""
    step: npt.NDArray[np.int64]
    """(N,) the step about to be bid."""
    today: F64
    """(N, 48, N_FIELDS) today's records by step (SEEN = 1 where a record exists)."""
    yesterday: F64
    """(N, 48, N_FIELDS) prior days' records averaged by step (SEEN = share of days that reported it)."""


def empty_records(*shape: int) -> F64:
    """Record arrays with no step seen and no landscape known."""
    out = np.zeros((*shape, T, N_FIELDS))
    out[..., LQ:] = np.nan
    return out


_NQ = len(LANDSCAPE_QUANTILES)
_FIELDS = attrgetter("step", "alpha", "spend_fen", "conversions", "value_fen", "opportunities")
_LANDSCAPE = attrgetter("landscape")
_NO_LANDSCAPE = (math.nan,) * _NQ


def _scatter(n: int, idx: list[int], recs: list[StepRecord], value: F64, days: F64 | None = None) -> F64:
    """(n, 48, N_FIELDS) from records of observation `idx[k]`; with `days`, the mean over each observation's days."""
    out = empty_records(n)
    if not recs:
        return out
    i = np.array(idx, dtype=np.int64)
    m = len(recs)
    a = np.fromiter(chain.from_iterable(map(_FIELDS, recs)), dtype=np.float64, count=6 * m).reshape(m, 6)
    q = np.fromiter(chain.from_iterable(x if len(x) == _NQ else _NO_LANDSCAPE for x in map(_LANDSCAPE, recs)),
                    dtype=np.float64, count=_NQ * m).reshape(m, _NQ)
    s = a[:, 0].astype(np.int64)
    # For an ROI goal a conversion counts as its value over the order value (one unit for both goals).
    v = value[i]
    a[:, 3] = np.where((v > 0) & (a[:, 4] > 0), a[:, 4] / np.where(v > 0, v, 1.0), a[:, 3])
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = np.where(np.all(q > 0, axis=1, keepdims=True), np.log(np.where(q > 0, q, 1.0)), np.nan)
    flows = a[:, [1, 2, 3, 5]]  # alpha, spend, conversions, opportunities
    if days is None:
        out[i, s, ALPHA:OPP + 1] = flows
        out[i, s, SEEN] = 1.0
        out[i, s, LQ:] = lq
        return out
    # Several prior days: flows averaged over the observation's days, the landscape over the days that had one.
    flat = i * T + s
    size = n * T
    per_day = days[i]
    for k, f in enumerate((ALPHA, SPEND, CONV, OPP)):
        out[..., f] = np.bincount(flat, flows[:, k] / per_day, minlength=size).reshape(n, T)
    out[..., SEEN] = np.bincount(flat, 1.0 / per_day, minlength=size).reshape(n, T)
    has = np.isfinite(lq[:, 0])
    cnt = np.bincount(flat[has], minlength=size).reshape(n, T)
    for k in range(_NQ):
        tot = np.bincount(flat[has], lq[has, k], minlength=size).reshape(n, T)
        out[..., LQ + k] = np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan)
    return out


def to_batch(obs: Sequence[BidObservation]) -> ObsBatch:
    """Observations -> arrays (one pass over the records; the rest of the MPC never touches pydantic)."""
    n = len(obs)
    scale, budget, left, step = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n, dtype=np.int64)
    value, n_days = np.zeros(n), np.ones(n)
    t_idx: list[int] = []
    t_recs: list[StepRecord] = []
    p_idx: list[int] = []
    p_recs: list[StepRecord] = []
    for i, o in enumerate(obs):
        g = o.goal
        scale[i], budget[i], left[i], step[i] = g.bid_scale_fen, g.budget_fen, o.budget_left_fen, o.step
        if g.kind == "roi":
            value[i] = g.value_per_conversion_fen
        t_recs += o.history
        t_idx += [i] * len(o.history)
        if o.prior_days:
            n_days[i] = len(o.prior_days)
            for recs in o.prior_days:
                p_recs += recs
                p_idx += [i] * len(recs)
    today = _scatter(n, t_idx, t_recs, value)
    seen_late = (today[..., SEEN] > 0) & (np.arange(T)[None, :] >= step[:, None])
    if seen_late.any():
        i = int(np.argmax(seen_late.any(axis=1)))
        raise ModelInputError(f"observation {i}: history has a record for step {int(np.argmax(seen_late[i]))}, "
                              f"not before step {obs[i].step}",
                              hint="history holds only the steps before `step`, oldest first")
    return ObsBatch(scale=scale, budget=budget, budget_left=left, step=step, today=today,
                    yesterday=_scatter(n, p_idx, p_recs, value, n_days))


@dataclass(frozen=True, slots=True)
class Plan:
    """The MPC's choice and the forecast behind it, per observation."""

    alpha: F64
    conversions: F64
    """Expected conversions (value / order value for ROI goals) for the whole day under the plan."""
    spend: F64
    """Expected spend for the whole day under the plan."""
    forecast_ok: npt.NDArray[np.bool_]
    """False when there was nothing to forecast from (no history, no prior day): alpha = 1."""
    shift: F64
    """Fitted shift (log) of the conversion-weighted landscape below the plain one."""
    drift_price: F64
    """Today's price level against yesterday (log)."""
    drift_traffic: F64
    """Today's opportunities against yesterday's (ratio)."""
    drift_mass: F64
    """Today's conversions per opportunity against the model's forecast (ratio)."""


_Z_LO, _Z_HI, _Z_N = -9.0, 9.0, 4097
_Z_STEP = (_Z_HI - _Z_LO) / (_Z_N - 1)
_PHI = np.array([0.5 * math.erfc(-(_Z_LO + k * _Z_STEP) / math.sqrt(2.0)) for k in range(_Z_N + 1)], dtype=np.float32)
_DPHI = np.append(np.diff(_PHI), np.float32(0.0))


def _phi(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Standard normal CDF from a uniform table with linear interpolation (|error| < 1e-6).

    An erf per element, or np.interp's binary search, costs several times more, and this is the
    MPC's inner loop (millions of evaluations for 1,000 campaigns), so it works in place in float32.
    """
    t = x * np.float32(1.0 / _Z_STEP)
    t += np.float32(-_Z_LO / _Z_STEP)
    np.clip(t, 0.0, _Z_N - 1, out=t)
    k = t.astype(np.int32)
    t -= k
    out = _DPHI.take(k)
    out *= t
    out += _PHI.take(k)
    return out


@dataclass(frozen=True, slots=True)
class Response:
    """How a step's impressions answer a bid alpha, given the step's landscape.

    The landscape is the plain distribution of log need (the alpha that wins the cheapest slot).
    Weighted by conversion probability it moves down (the likely converters are the cheap
    impressions: need = price / (p x bid scale)) by a `shift` fitted to the CPA actually paid, and
    it is modelled as a lognormal whose spread comes from the landscape's lower half (the upper
    half is the low-value impressions the weighting all but removes). The two better slots cost
    fixed multiples of the cheapest and are shown more often (the platform's slot exposure).
    """

    r2: float = 1.18
    """Slot-2 price over slot-3 price (the median over the training days)."""
    r1: float = 1.8
    """Slot-1 price over slot-3 price."""
    tau: float = 1.0
    """Spread of the conversion-weighted landscape over the plain lower half's."""
    expo: tuple[float, float, float] = (1.0, 0.8, 0.6)
    """Chance that slot 1, 2, 3 is shown (and charged)."""
    grid: tuple[float, ...] = tuple(np.linspace(-3.0, 3.0, 7))
    """Shifts searched when fitting (log scale)."""
    prior: float = -0.5
    """The shift used until something was bought (the training days' median)."""

    def curves(self, la: F64, lq: F64, shift: F64) -> tuple[F64, F64]:
        """Expected (exposures, spend / bid scale) per unit conversion mass at log-alpha `la`.

        `lq` (..., 5) are log landscape quantiles; `shift` broadcasts against `la` (..., G).
        """
        e1, e2, e3 = self.expo
        f32 = np.float32
        lq = lq.astype(f32)
        m = lq[..., 2:3] + np.asarray(shift, dtype=f32)
        v = np.maximum(f32(0.5) * ((lq[..., 2] - lq[..., 0]) / f32(1.2816) + (lq[..., 2] - lq[..., 1]) / f32(0.6745)), f32(0.05))
        v = (v * f32(self.tau))[..., None]
        inv_v = f32(1.0) / v
        z3 = (np.asarray(la, dtype=f32) - m) * inv_v
        z2 = z3 - f32(math.log(self.r2)) * inv_v
        z1 = z3 - f32(math.log(self.r1)) * inv_v
        expo = f32(e3) * _phi(z3) + f32(e2 - e3) * _phi(z2) + f32(e1 - e2) * _phi(z1)
        price = np.exp(m + f32(0.5) * v * v) * (f32(e3) * _phi(z3 - v) + f32(e2 * self.r2 - e3) * _phi(z2 - v)
                                                + f32(e1 * self.r1 - e2 * self.r2) * _phi(z1 - v))
        return expo.astype(np.float64), price.astype(np.float64)


def _fit_shift(resp: Response, n: int, rows: npt.NDArray[np.int64], r: F64, w: F64) -> F64:
    """The shift that makes the model's CPA at each bid alpha match the CPA paid (pooled root of the log error).

    `r` holds the records used (spend in units of the bid scale), `rows` their observation, `w` their weight.
    """
    grid = np.array(resp.grid)
    la = np.log(np.maximum(r[:, ALPHA], 1e-9))[:, None]
    rho_obs = np.log(r[:, SPEND] / r[:, CONV])[:, None]
    expo, price = resp.curves(la, r[:, LQ:], grid[None, :])
    rho = np.log(np.maximum(price, 1e-300)) - np.log(np.maximum(expo, 1e-300))
    wsum = np.bincount(rows, w, minlength=n)
    err = w[:, None] * (rho - rho_obs)
    # A weak pull to the prior keeps the root unique when few steps paid anything.
    res = (np.stack([np.bincount(rows, err[:, j], minlength=n) for j in range(grid.size)], axis=1)
           / np.maximum(wsum, 1e-12)[:, None] + 0.02 * (grid[None, :] - resp.prior))
    # The residual rises with the shift (dearer impressions, dearer conversions); interpolate its zero.
    above = res > 0
    k = np.where(above.any(axis=1), above.argmax(axis=1), grid.size)
    lo = np.clip(k - 1, 0, grid.size - 1)
    hi = np.clip(k, 0, grid.size - 1)
    r_lo = np.take_along_axis(res, lo[:, None], 1)[:, 0]
    r_hi = np.take_along_axis(res, hi[:, None], 1)[:, 0]
    frac = np.where(hi > lo, -r_lo / np.where(hi > lo, r_hi - r_lo, 1.0), 0.0)
    shift = grid[lo] + frac * (grid[hi] - grid[lo])
    return np.where(wsum > 0, shift, resp.prior)


def _smooth(x: F64, width: int = 2) -> F64:
    """Sum over a triangular window of +-width steps along axis 1 (traffic and mass vary smoothly by hour)."""
    k = np.array([width + 1 - abs(i) for i in range(-width, width + 1)], dtype=np.float64)
    pad = np.pad(x, ((0, 0), (width, width)))
    return sum(k[j] * pad[:, j:j + x.shape[1]] for j in range(k.size))  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Forecast:
    """Per remaining step (N, H) from step `first`: opportunities, conversion mass per opportunity, landscape."""

    first: int
    opp: F64
    mass: F64
    lq: F64
    """(N, H, 5) log landscape quantiles."""
    ok: npt.NDArray[np.bool_]
    bought: npt.NDArray[np.bool_]
    """Whether anything was ever bought (else the mass is unknown and the plan only probes)."""
    shift: F64
    drift_price: F64
    drift_traffic: F64
    drift_mass: F64


def forecast(b: ObsBatch, resp: Response) -> Forecast:
    """The rest of the day, step by step, from yesterday's profile and today's drift."""
    n = b.scale.shape[0]
    td, yd = b.today, b.yesterday
    steps = np.arange(T)
    seen_t = td[..., SEEN] > 0
    seen_y = yd[..., SEEN] > 0
    # The response fit pools steps that paid something: yesterday's thinned evenly, today's most
    # recent (a few dozen are plenty), today's weighing more because the plan operates there.
    def paid(r: F64) -> npt.NDArray[np.bool_]:
        return (r[..., SEEN] > 0) & (r[..., CONV] > 0) & (r[..., SPEND] > 0) & np.isfinite(r[..., MED])

    p_y, p_t = paid(yd), paid(td)
    n_y, n_t = p_y.sum(axis=1, keepdims=True), p_t.sum(axis=1, keepdims=True)
    stride = np.maximum(1, -(-n_y // FIT_STEPS))
    keep_y = p_y & ((np.cumsum(p_y, axis=1) - 1) % stride == 0)
    keep_t = p_t & (np.cumsum(p_t, axis=1) > n_t - FIT_STEPS)
    ry, cy = np.nonzero(keep_y)
    rt, ct = np.nonzero(keep_t)
    rows = np.concatenate([ry, rt])
    recs = np.concatenate([yd[ry, cy], td[rt, ct]])
    recs[:, SPEND] /= b.scale[rows]  # spend in units of the bid scale: one fit serves every goal
    w = recs[:, CONV] * np.concatenate([np.ones(ry.size), np.full(rt.size, TODAY_WEIGHT)])
    shift = _fit_shift(resp, n, rows, recs, w)

    def expected_expo(r: F64) -> F64:
        known = np.isfinite(r[..., MED])
        lq = np.where(known[..., None], r[..., LQ:], 0.0)
        e, _ = resp.curves(np.log(np.maximum(r[..., ALPHA], 1e-9))[..., None], lq, shift[:, None, None])
        return np.where(known, e[..., 0], 0.0)

    e_y = expected_expo(yd)
    e_t = expected_expo(td)
    # Yesterday's conversion mass per step. After the budget ran out the zeros say nothing about
    # the traffic, and the last paying step may have been cut short: both are left out.
    pos = seen_y & (yd[..., SPEND] > 0)
    last_pos = np.where(pos.any(axis=1), T - 1 - np.argmax(pos[:, ::-1], axis=1), -1)
    later_traffic = (seen_y & (yd[..., OPP] > 0) & (steps[None, :] > last_pos[:, None])).any(axis=1)
    known_y = seen_y & np.isfinite(yd[..., MED])
    valid_y = known_y & (steps[None, :] < np.where(later_traffic, last_pos, T)[:, None])
    num_y = np.where(valid_y, yd[..., CONV], 0.0)
    den_y = np.where(valid_y, yd[..., OPP] * e_y, 0.0)
    den_tot = den_y.sum(axis=1)
    has_y = den_tot > 1e-12
    pooled_y = num_y.sum(axis=1) / np.maximum(den_tot, 1e-300)
    # Kernel ratio per step, shrunk to the day's pooled mass where a step saw little.
    num_s, den_s = _smooth(num_y), _smooth(den_y)
    k_s = 1e-2 * (den_tot / T)[:, None]
    mass_y = (num_s + pooled_y[:, None] * k_s) / np.maximum(den_s + k_s, 1e-300)

    # Yesterday's price and traffic profile, gaps filled with its opportunity-weighted mean.
    w_y = np.where(known_y, np.maximum(yd[..., OPP], 1e-9), 0.0)
    lq_y_all = np.where(known_y[..., None], yd[..., LQ:], 0.0)
    lq_bar_y = (w_y[..., None] * lq_y_all).sum(axis=1) / np.maximum(w_y.sum(axis=1), 1e-300)[:, None]
    lq_y = np.where(known_y[..., None], yd[..., LQ:], lq_bar_y[:, None, :])
    opp_y = np.where(seen_y, yd[..., OPP], 0.0)
    has_prior = known_y.any(axis=1)

    # Today's drift against yesterday at the same steps, shrunk to "no change" early in the day.
    both = seen_t & seen_y
    recency = np.exp(-(b.step[:, None] - 1 - steps[None, :]) / 8.0)
    # Traffic reacts faster than prices: a campaign's traffic can stop mid-day (e.g. when the
    # platform's own pacing or a rival's budget changes who is eligible).
    fast = np.where(both, np.exp(-(b.step[:, None] - 1 - steps[None, :]) / TRAFFIC_MEMORY), 0.0)
    mean_opp_y = opp_y.sum(axis=1) / T
    k_o = TRAFFIC_PRIOR_STEPS * mean_opp_y
    drift_o = (((fast * np.where(both, td[..., OPP], 0.0)).sum(axis=1) + k_o)
               / np.maximum((fast * np.where(both, yd[..., OPP], 0.0)).sum(axis=1) + k_o, 1e-300))
    drift_o = np.where(mean_opp_y > 0, drift_o, 1.0)
    known_t = seen_t & np.isfinite(td[..., MED])
    known_both = known_t & known_y
    rec_w = np.where(known_both, recency, 0.0)
    d_lq = ((rec_w[..., None] * np.where(known_both[..., None], td[..., LQ:] - yd[..., LQ:], 0.0)).sum(axis=1)
            / (rec_w.sum(axis=1) + 0.5)[:, None])
    d_mu = d_lq[:, 2]
    # Conversion mass: today's conversions against what the model expected at the alphas bid,
    # recent steps weighing more; the prior (no change) is worth MASS_PRIOR_STEPS of today's steps.
    pred_t = np.where(known_t, td[..., OPP] * mass_y * e_t, 0.0)
    conv_t = np.where(seen_t, td[..., CONV], 0.0)
    gw = np.where(known_t, np.exp(-(b.step[:, None] - 1 - steps[None, :]) / MASS_MEMORY), 0.0)
    k_g = MASS_PRIOR_STEPS * (gw * pred_t).sum(axis=1) / np.maximum(gw.sum(axis=1), 1e-300)
    drift_g = np.where(has_y & (k_g > 0), ((gw * conv_t).sum(axis=1) + k_g)
                       / np.maximum((gw * pred_t).sum(axis=1) + k_g, 1e-300), 1.0)

    # Without a prior day, today's own steps are the profile (flat over the rest of the day).
    w_t = np.where(known_t, recency, 0.0)
    wt_sum = np.maximum(w_t.sum(axis=1), 1e-300)
    lq_t = (w_t[..., None] * np.where(known_t[..., None], td[..., LQ:], 0.0)).sum(axis=1) / wt_sum[:, None]
    opp_t = np.where(seen_t, td[..., OPP], 0.0).sum(axis=1) / np.maximum(seen_t.sum(axis=1), 1)
    den_t = np.where(known_t, td[..., OPP] * e_t, 0.0).sum(axis=1)
    mass_t = conv_t.sum(axis=1) / np.maximum(den_t, 1e-300)
    has_t = den_t > 1e-12

    first = int(b.step.min()) if n else 0
    cols = slice(first, T)
    use_y = has_prior & has_y
    u = use_y[:, None]
    # Yesterday's hour-by-hour shape, floored by a share of today's recent level.
    fw = np.where(seen_t, np.exp(-(b.step[:, None] - 1 - steps[None, :]) / 3.0), 0.0)
    level = np.where(fw.sum(axis=1) > 0, (fw * np.where(seen_t, td[..., OPP], 0.0)).sum(axis=1)
                     / np.maximum(fw.sum(axis=1), 1e-300), mean_opp_y * drift_o)
    opp = np.where(u, np.maximum(opp_y[:, cols] * drift_o[:, None], TRAFFIC_FLOOR * level[:, None]), opp_t[:, None])
    # Nothing bought yet anywhere says prices are high, not that nobody converts: a vanishing mass
    # then lets the plan bid where the model's CPA meets the target, and the first wins calibrate it.
    y_bought = u & (num_y.sum(axis=1) > 0)[:, None]
    mass = np.maximum(np.where(y_bought, mass_y[:, cols] * drift_g[:, None], mass_t[:, None]), 1e-12)
    lq = np.where(u[..., None], lq_y[:, cols] + d_lq[:, None, :], lq_t[:, None, :])
    ok = use_y | has_t
    bought = (num_y.sum(axis=1) > 0) | (conv_t.sum(axis=1) > 0)
    return Forecast(first=first, opp=opp, mass=mass, lq=lq, ok=ok, bought=bought, shift=shift,
                    drift_price=np.where(use_y, d_mu, 0.0), drift_traffic=np.where(use_y, drift_o, 1.0),
                    drift_mass=np.where(use_y, drift_g, 1.0))


LOG_ALPHA_GRID = np.linspace(math.log(0.05), math.log(20.0), 9)
GOLDEN_STEPS = 6


def outcome(b: ObsBatch, f: Forecast, resp: Response, la: F64, k_eff: F64,
            power: float = 2.0) -> tuple[F64, F64, F64]:
    """Expected day conversions, spend and planning score for log-alphas `la` (N, G), each held to the day's end.

    The planning score is conversions x min(1, (k_eff x conversions / spend)^power); power 2 is the
    benchmark's score, a higher power treats the target as (almost) a hard constraint.
    """
    steps = np.arange(f.first, T)
    future = (steps[None, :] >= b.step[:, None])[:, :, None]
    expo, price = resp.curves(la[:, None, :], f.lq, f.shift[:, None, None])
    ahead = np.maximum(steps[None, :] - b.step[:, None], 0)
    vol = np.where(future, (f.opp * f.mass * np.exp(-HAZARD * ahead))[:, :, None], 0.0)
    conv = vol * expo
    spend = vol * price * b.scale[:, None, None]
    # The budget cuts the plan where it runs out (the platform stops the campaign there).
    cum = np.cumsum(spend, axis=1)
    before = cum - spend
    left = b.budget_left[:, None, None]
    frac = np.clip((left - before) / np.maximum(spend, 1e-300), 0.0, 1.0)
    conv_rem = (conv * frac).sum(axis=1)
    spend_rem = np.minimum(cum[:, -1, :], b.budget_left[:, None])
    c0 = (b.today[..., CONV] * (b.today[..., SEEN] > 0)).sum(axis=1)[:, None]
    s0 = (b.budget - b.budget_left)[:, None]
    c = c0 + conv_rem
    s = s0 + spend_rem
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(s > 0, k_eff[:, None] * c / s, np.inf)
    return c, s, c * np.minimum(1.0, ratio) ** power


def plan(b: ObsBatch, resp: Response | None = None, margin: float = 0.03,
         power: float = 8.0) -> tuple[Plan, Forecast]:
    """The multiplier for the rest of the day that maximizes the planning score.

    `margin` plans against a target that much stricter, shrinking to zero by the day's end, and
    `power` > 2 makes a planned miss of the target cost more than the score says: the forecast is
    uncertain, and the merchant asked for the target, not for the best penalised trade-off.
    """
    resp = resp or Response()
    f = forecast(b, resp)
    n = b.scale.shape[0]
    k_eff = b.scale / (1.0 + margin * np.sqrt((T - b.step) / T))
    # A coarse grid over log alpha, then a golden-section search around its best point; the best
    # point ever evaluated wins (the plan's score is unimodal in practice, not by construction).
    grid = np.broadcast_to(LOG_ALPHA_GRID, (n, LOG_ALPHA_GRID.size))
    c, s, sc = outcome(b, f, resp, grid, k_eff, power)
    i = sc.argmax(axis=1)
    rows = np.arange(n)
    best_la, best_c, best_s, best_sc = LOG_ALPHA_GRID[i], c[rows, i], s[rows, i], sc[rows, i]
    width = LOG_ALPHA_GRID[1] - LOG_ALPHA_GRID[0]
    lo, hi = best_la - width, best_la + width
    g = (math.sqrt(5.0) - 1.0) / 2.0

    def probe(x: F64) -> F64:
        nonlocal best_la, best_c, best_s, best_sc
        c, s, sc = outcome(b, f, resp, x[:, None], k_eff, power)
        better = sc[:, 0] > best_sc
        best_la = np.where(better, x, best_la)
        best_c, best_s, best_sc = (np.where(better, c[:, 0], best_c), np.where(better, s[:, 0], best_s),
                                   np.where(better, sc[:, 0], best_sc))
        return sc[:, 0]

    x1, x2 = hi - g * (hi - lo), lo + g * (hi - lo)
    f1, f2 = probe(x1), probe(x2)
    for _ in range(GOLDEN_STEPS):
        left = f1 >= f2  # the maximum lies in [lo, x2]
        hi = np.where(left, x2, hi)
        lo = np.where(left, lo, x1)
        x_new = np.where(left, hi - g * (hi - lo), lo + g * (hi - lo))
        f_new = probe(x_new)
        x1, x2, f1, f2 = (np.where(left, x_new, x2), np.where(left, x1, x_new),
                          np.where(left, f_new, f2), np.where(left, f1, f_new))
        # Keep x1 < x2 with their scores.
        swap = x1 > x2
        x1, x2, f1, f2 = np.where(swap, x2, x1), np.where(swap, x1, x2), np.where(swap, f2, f1), np.where(swap, f1, f2)
    alpha = np.exp(best_la)
    c, s = best_c, best_s
    # Until something is bought the model's prices are unverified: alpha <= 1 caps the CPA at the
    # target (each impression pays at most its bid), so probing can never overshoot.
    alpha = np.where(f.bought, alpha, np.minimum(alpha, 1.0))
    no_budget = (b.budget_left <= 0) | (b.budget <= 0)
    alpha = np.where(no_budget, 0.0, np.where(f.ok, alpha, 1.0))
    return Plan(alpha=alpha, conversions=c, spend=s, forecast_ok=f.ok & ~no_budget, shift=f.shift,
                drift_price=f.drift_price, drift_traffic=f.drift_traffic, drift_mass=f.drift_mass), f


class MPCBidder:
    """Receding-horizon bidder over a traffic and price forecast; a pure function of the observation."""

    name = "mpc"
    version = "1"

    def __init__(self, response: Response | None = None, margin: float = 0.03, power: float = 8.0) -> None:
        self.response = response or Response()
        self.margin = margin
        self.power = power

    def plan(self, obs: Sequence[BidObservation]) -> Plan:
        """The plan behind `decide_many` (alpha plus the forecast it rests on)."""
        return plan(to_batch(obs), self.response, self.margin, self.power)[0]

    def decide(self, obs: BidObservation) -> BidDecision:
        return self.decide_many([obs])[0]

    def decide_many(self, obs: Sequence[BidObservation]) -> list[BidDecision]:
        if not obs:
            return []
        p = self.plan(obs)
        # Built without re-validation: every field comes from this code, in range by construction.
        return [BidDecision.model_construct(alpha=float(p.alpha[i]), model=self.name, version=self.version,
                                            learned=False, why=why(o, p, i, "MPC")) for i, o in enumerate(obs)]


def why(o: BidObservation, p: Plan, i: int, who: str, alpha: float | None = None) -> str:
    """One sentence on the decision and the forecast behind it."""
    g = o.goal
    a = float(p.alpha[i]) if alpha is None else alpha
    if g.budget_fen <= 0 or o.budget_left_fen <= 0:
        return f"{who}: no budget left today, so bidding stops."
    if not p.forecast_ok[i]:
        return f"{who}: no reports yet to forecast from, so it bids exactly the target (alpha 1)."
    c, s = float(p.conversions[i]), float(p.spend[i])
    if c > 0 and s > 0:
        eff = (f"CPA {s / c:.0f} fen vs target {g.target_cpa_fen:.0f}" if g.kind == "cpa"
               else f"ROI {g.value_per_conversion_fen * c / s:.2f} vs target {g.target_roi:.2f}")
    else:
        eff = "nothing bought yet"
    unit = "conversions" if g.kind == "cpa" else "orders' worth of value"
    return (f"{who}: alpha {a:.2f} for the rest of the day; forecast {c:.1f} {unit}, "
            f"spend {s:.0f} of {g.budget_fen} fen, {eff}.")
