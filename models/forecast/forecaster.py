"""`forecast`: per-day point forecasts and intervals for a daily series, whatever its length.

By the days known: none -> an empty, explained answer; one -> that value with a wide band; under a
week -> the mean with the spread of the days seen; a week or more -> weekday factors times a
damped-trend level (see `models.forecast.smoothing`), with ETS(A,Ad,N) interval widths.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from models.errors import ModelInputError
from models.forecast.smoothing import PHI, fit_holt, weekday_factors
from models.forecast.types import Forecast, ForecastMethod, ForecastPoint, ForecastRequest

__all__ = ["MAX_SPAN_DAYS", "MODEL_NAME", "MODEL_VERSION", "forecast", "series_from_history"]

MODEL_NAME = "forecast_ets"
MODEL_VERSION = "1"
MAX_SPAN_DAYS = 3660
"""Longest history span accepted (ten years of days)."""
_ONE_DAY_SPREAD = 0.25
"""With one day known, the assumed day-to-day spread as a share of the value."""
_MIN_SPREAD = 0.1
"""Floor on the spread of a short history as a share of its mean: a handful of equal days proves little."""
_MIN_SIGMA = 0.02
"""Floor on the fitted one-step error as a share of the level: no series is perfectly smooth."""


def series_from_history(request: ForecastRequest) -> tuple[int, np.ndarray, int]:
    """The history as a dense array from its first day (gaps = 0), its first day and the gap count."""
    days = [p.day for p in request.history]
    if len(set(days)) != len(days):
        dup = sorted(d for d, k in Counter(days).items() if k > 1)[:5]
        raise ModelInputError(f"history has more than one value for day(s) {dup}",
                              hint="pass one point per day (sum the rows of a day first)")
    bad = [p.day for p in request.history if not math.isfinite(p.value)]
    if bad:
        raise ModelInputError(f"history value of day {bad[0]} is not a finite number", hint="drop or fix that day")
    if not days:
        return 0, np.zeros(0), 0
    first, last = min(days), max(days)
    if last - first + 1 > MAX_SPAN_DAYS:
        raise ModelInputError(f"history spans {last - first + 1} days (day {first} to {last}), over {MAX_SPAN_DAYS}",
                              hint="pass the most recent days only, e.g. the last 120")
    y = np.zeros(last - first + 1)
    for p in request.history:
        y[p.day - first] = p.value
    return first, y, (last - first + 1) - len(days)


def forecast(request: ForecastRequest) -> Forecast:
    """Forecast `request.horizon_days` days after the last history day, with intervals."""
    first, y, gaps = series_from_history(request)
    n = y.shape[0]
    if n == 0:
        return Forecast(series=request.series, method="no_history", points=[], total=0.0, interval=request.interval,
                        level=0.0, trend_per_day=0.0, weekday_factors=[1.0] * 7, history_days=0, model=MODEL_NAME,
                        version=MODEL_VERSION, learned=False,
                        why="No history: there is nothing to forecast from. Pass at least one day.")
    future = np.arange(first + n, first + n + request.horizon_days)
    fut_wd = (future + request.day0_weekday) % 7
    fit = _fit(y, (np.arange(first, first + n) + request.day0_weekday) % 7, fut_wd, request.interval)
    value, low, high = fit.value, fit.value - fit.spread, fit.value + fit.spread
    nonneg = request.nonnegative if request.nonnegative is not None else bool((y >= 0).all())
    if nonneg:
        value, low, high = np.maximum(value, 0.0), np.maximum(low, 0.0), np.maximum(high, 0.0)
    points = [ForecastPoint(day=int(d), weekday=int(w), value=float(v), low=float(lo), high=float(hi))
              for d, w, v, lo, hi in zip(future, fut_wd, value, low, high, strict=True)]
    gap_note = f" {gaps} missing day(s) counted as 0." if gaps else ""
    return Forecast(series=request.series, method=fit.method, points=points, total=float(value.sum()),
                    interval=request.interval, level=fit.level, trend_per_day=fit.trend,
                    weekday_factors=[round(float(f), 4) for f in fit.factors], history_days=n, model=MODEL_NAME,
                    version=MODEL_VERSION, learned=fit.method == "seasonal_damped_trend", why=fit.why + gap_note)


@dataclass(frozen=True, slots=True)
class _Fit:
    method: ForecastMethod
    value: npt.NDArray[np.float64]
    spread: npt.NDArray[np.float64]
    """Half-width of the interval per horizon day."""
    level: float
    trend: float
    factors: npt.NDArray[np.float64]
    why: str


def _fit(y: npt.NDArray[np.float64], weekday: npt.NDArray[np.int64], fut_wd: npt.NDArray[np.int64],
         interval: float) -> _Fit:
    n, horizon = y.shape[0], fut_wd.shape[0]
    z_q = NormalDist().inv_cdf(0.5 + interval / 2.0)
    h = np.arange(1, horizon + 1)
    if n < 7:
        level = float(y.mean())
        if n == 1:
            # One day has no spread to measure: its assumed spread takes the normal quantile.
            half = z_q * _ONE_DAY_SPREAD * abs(level)
            method: ForecastMethod = "last_value"
            why = f"Only one day known: its value is the forecast, with an assumed {_ONE_DAY_SPREAD:.0%} day-to-day spread."
        else:
            sd = max(float(y.std(ddof=1)), _MIN_SPREAD * abs(level)) * math.sqrt(1.0 + 1.0 / n)
            half = _t_quantile(z_q, n - 1) * sd
            method = "mean"
            why = f"Only {n} days known (under a week): the forecast is their mean, with no weekday pattern or trend."
        return _Fit(method, np.full(horizon, level), np.full(horizon, half), level, 0.0, np.ones(7), why)

    factors = weekday_factors(y, weekday)
    z = y / factors[weekday]
    fit = fit_holt(z, factors[weekday])
    damp = np.cumsum(PHI**h)
    value_z = fit.level + damp * fit.trend
    # ETS(A,Ad,N): the error of step j enters the h-step forecast with weight alpha * (1 + beta * sum phi^i).
    c = fit.alpha * (1.0 + fit.beta * np.concatenate([[0.0], damp[:-1]]))
    var = 1.0 + np.concatenate([[0.0], np.cumsum(c[:-1] ** 2)])
    # In-sample errors flatter a fit that chose its own constants and factors: correct for the
    # parameters spent, and widen with Student's t for the few residuals a short history gives.
    seasonal = not np.allclose(factors, 1.0)
    dof = max(fit.residuals - (8 if seasonal else 2), 1)
    sigma = max(fit.sigma * math.sqrt(fit.residuals / dof), _MIN_SIGMA * abs(fit.level))
    why = (f"Fitted on {n} days: level {fit.level:,.1f}, trend {fit.trend:+,.2f}/day (damped), "
           + (f"weekday factors {min(factors):.2f}-{max(factors):.2f}" if seasonal else "no weekday pattern")
           + f"; smoothing alpha {fit.alpha}, beta {fit.beta}.")
    return _Fit("seasonal_damped_trend", value_z * factors[fut_wd],
                _t_quantile(z_q, dof) * sigma * np.sqrt(var) * factors[fut_wd], fit.level, fit.trend, factors, why)


def _t_quantile(z: float, dof: int) -> float:
    """Student's t quantile from the normal one (Cornish-Fisher; close enough from 1 dof up)."""
    d = float(max(dof, 1))
    return z + (z**3 + z) / (4 * d) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * d * d)
