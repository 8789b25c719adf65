"""Rolling-origin backtest: the forecaster against seasonal-naive and last-value on the same days.

From each origin (a history length) every method forecasts the next `horizon` days; errors are
pooled over all origins and all series given. MAPE skips days whose actual is 0 (it is undefined
there); sMAPE counts a day where both actual and forecast are 0 as a perfect 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

from models.errors import ModelInputError
from models.forecast.baselines import last_value, seasonal_naive
from models.forecast.forecaster import forecast
from models.forecast.types import DayValue, ForecastRequest

__all__ = ["METHODS", "BacktestResult", "MethodScore", "backtest"]

METHODS = ("forecast", "seasonal_naive", "last_value")


class MethodScore(BaseModel):
    """Pooled errors of one method."""

    model_config = ConfigDict(extra="forbid")

    method: str
    smape: float = Field(description="Mean symmetric absolute percentage error, 0..2.")
    mape: float = Field(description="Mean absolute percentage error over days with a nonzero actual.")
    mae: float = Field(description="Mean absolute error, in the series' unit.")
    points: int = Field(description="Forecast days scored.")


class BacktestResult(BaseModel):
    """Scores per method and the forecaster's interval coverage."""

    model_config = ConfigDict(extra="forbid")

    scores: dict[str, MethodScore]
    coverage: float = Field(description="Share of actual days inside the forecaster's intervals.")
    interval: float = Field(description="The coverage the intervals aimed at.")
    origins: int = Field(description="Forecast origins scored, over all series.")


def backtest(series: Sequence[Sequence[float]], horizon: int, *, min_history: int = 7, stride: int = 1,
             interval: float = 0.8, day0_weekday: int = 0) -> BacktestResult:
    """Score every method on every series from every origin `min_history, min_history + stride, ...`.

    Each series is consecutive days starting on day 0 (weekday `day0_weekday`).
    """
    if horizon < 1 or min_history < 1 or stride < 1:
        raise ModelInputError(f"horizon, min_history and stride must be >= 1 (got {horizon}, {min_history}, {stride})")
    abs_err: dict[str, list[npt.NDArray[np.float64]]] = {m: [] for m in METHODS}
    sym: dict[str, list[npt.NDArray[np.float64]]] = {m: [] for m in METHODS}
    pct: dict[str, list[npt.NDArray[np.float64]]] = {m: [] for m in METHODS}
    inside: list[npt.NDArray[np.bool_]] = []
    origins = 0
    for values in series:
        y = np.asarray(values, dtype=np.float64)
        for origin in range(min_history, y.size - horizon + 1, stride):
            hist, actual = y[:origin], y[origin : origin + horizon]
            req = ForecastRequest(history=[DayValue(day=i, value=float(v)) for i, v in enumerate(hist)],
                                  horizon_days=horizon, interval=interval, day0_weekday=day0_weekday)
            fc = forecast(req)
            preds = {
                "forecast": np.array([p.value for p in fc.points]),
                "seasonal_naive": seasonal_naive(hist, horizon),
                "last_value": last_value(hist, horizon),
            }
            low = np.array([p.low for p in fc.points])
            high = np.array([p.high for p in fc.points])
            inside.append((actual >= low - 1e-9) & (actual <= high + 1e-9))
            for m, pred in preds.items():
                err = np.abs(actual - pred)
                denom = np.abs(actual) + np.abs(pred)
                abs_err[m].append(err)
                sym[m].append(np.where(denom > 0, 2.0 * err / np.where(denom > 0, denom, 1.0), 0.0))
                nz = actual != 0
                pct[m].append(err[nz] / np.abs(actual[nz]))
            origins += 1
    if origins == 0:
        raise ModelInputError(f"no series is long enough: each needs at least min_history + horizon = "
                              f"{min_history + horizon} days", hint="pass longer series or lower min_history")
    scores = {}
    for m in METHODS:
        e, s, p = np.concatenate(abs_err[m]), np.concatenate(sym[m]), np.concatenate(pct[m])
        scores[m] = MethodScore(method=m, smape=float(s.mean()), mape=float(p.mean()) if p.size else float("nan"),
                                mae=float(e.mean()), points=int(e.size))
    return BacktestResult(scores=scores, coverage=float(np.concatenate(inside).mean()), interval=interval,
                          origins=origins)
