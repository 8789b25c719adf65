"""Daily forecasts (GMV, orders, spend, ...) with weekday seasonality, damped trend and intervals.

Public API: `forecast(ForecastRequest) -> Forecast`; `backtest` scores it against the naive
baselines in `models.forecast.baselines`.
"""

from models.forecast.backtest import BacktestResult, MethodScore, backtest
from models.forecast.baselines import last_value, seasonal_naive
from models.forecast.forecaster import MODEL_NAME, MODEL_VERSION, forecast
from models.forecast.types import (
    DayValue,
    Forecast,
    ForecastMethod,
    ForecastPoint,
    ForecastRequest,
)

__all__ = [
    "MODEL_NAME",
    "MODEL_VERSION",
    "BacktestResult",
    "DayValue",
    "Forecast",
    "ForecastMethod",
    "ForecastPoint",
    "ForecastRequest",
    "MethodScore",
    "backtest",
    "forecast",
    "last_value",
    "seasonal_naive",
]
