"""The two naive forecasts every forecaster must beat: last value, and same weekday last week."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["last_value", "seasonal_naive"]


def last_value(values: Sequence[float], horizon: int) -> npt.NDArray[np.float64]:
    """Every future day equals the last known day (0 with no history)."""
    y = np.asarray(values, dtype=np.float64)
    return np.full(horizon, y[-1] if y.size else 0.0)


def seasonal_naive(values: Sequence[float], horizon: int) -> npt.NDArray[np.float64]:
    """Each future day equals the same weekday of the last known week; last value under a week."""
    y = np.asarray(values, dtype=np.float64)
    if y.size < 7:
        return last_value(values, horizon)
    week = y[-7:]
    return week[np.arange(horizon) % 7]
