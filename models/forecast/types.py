"""What the forecaster reads and returns: one daily series in, per-day forecasts with intervals out.

A series is a list of (day, value) points, as the market's report grouped by day gives them
(GMV, orders, ad spend, ...). Days without a point inside the covered range count as zero, because
the report leaves out days with no activity.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DayValue", "Forecast", "ForecastMethod", "ForecastPoint", "ForecastRequest"]

ForecastMethod = Literal["no_history", "last_value", "mean", "seasonal_damped_trend"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DayValue(_Model):
    """One day of the series."""

    day: int = Field(ge=0, description="Day index (the market's report `day`; day 0 of the simulated market is a Monday).")
    value: float = Field(description="The series' value that day, e.g. GMV in fen or the number of orders.")


class ForecastRequest(_Model):
    """A daily series and how far ahead to forecast it."""

    history: list[DayValue] = Field(
        max_length=3660,
        description="Past days, any order, one point per day. Missing days between the first and last point "
        "count as 0 (reports omit days with no activity). 1 to 120 days is the intended range; longer is fine.",
    )
    horizon_days: int = Field(ge=1, le=90, description="How many days after the last history day to forecast.")
    series: str = Field(default="value", max_length=80, description="Name of the series (e.g. gmv_fen, orders); echoed back.")
    interval: float = Field(default=0.8, ge=0.5, le=0.99, description="Coverage of the prediction intervals (0.8 = 80%).")
    day0_weekday: int = Field(default=0, ge=0, le=6, description="Weekday of day 0 (0 = Monday .. 6 = Sunday).")
    nonnegative: bool | None = Field(
        default=None,
        description="Clamp forecasts and intervals at 0 (counts, money). None: true when every history value is >= 0.",
    )


class ForecastPoint(_Model):
    """The forecast for one future day."""

    day: int = Field(description="Day index of the forecast day.")
    weekday: int = Field(ge=0, le=6, description="0 = Monday .. 6 = Sunday.")
    value: float = Field(description="Point forecast.")
    low: float = Field(description="Lower end of the prediction interval.")
    high: float = Field(description="Upper end of the prediction interval.")


class Forecast(_Model):
    """Per-day forecasts, the method behind them and why."""

    series: str = Field(description="Name of the series, from the request.")
    method: ForecastMethod = Field(
        description="no_history: nothing to forecast from; last_value: one day known; mean: under a week known; "
        "seasonal_damped_trend: weekday factors times a damped-trend level fitted to the history."
    )
    points: list[ForecastPoint] = Field(description="One per horizon day, in day order (empty when there is no history).")
    total: float = Field(description="Sum of the point forecasts over the horizon.")
    interval: float = Field(description="Coverage the intervals aim at.")
    level: float = Field(description="Deseasonalised level of the series at the last history day.")
    trend_per_day: float = Field(description="Fitted trend of the level per day at the last history day (before damping).")
    weekday_factors: list[float] = Field(
        description="Multiplicative factor per weekday, Monday first (all 1.0 when no seasonality was fitted)."
    )
    history_days: int = Field(description="Days the forecast was fitted on (after filling gaps with 0).")
    model: str = Field(description="Model name.")
    version: str = Field(description="Model version.")
    learned: bool = Field(description="True when smoothing and weekday factors were fitted to the data; False for a fallback.")
    why: str = Field(description="One or two sentences a merchant can read.")
