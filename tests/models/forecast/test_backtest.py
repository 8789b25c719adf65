"""The backtest and the naive baselines; the forecaster beats them on seasonal, noisy series."""

from __future__ import annotations

import numpy as np
import pytest

from models.errors import ModelInputError
from models.forecast import backtest, last_value, seasonal_naive

WEEK = np.array([0.95, 0.94, 0.96, 0.98, 1.04, 1.14, 1.1])


def test_baselines() -> None:
    y = [1.0, 2, 3, 4, 5, 6, 7, 8, 9]
    assert seasonal_naive(y, 9).tolist() == [3, 4, 5, 6, 7, 8, 9, 3, 4]
    assert seasonal_naive([4.0, 5.0], 2).tolist() == [5.0, 5.0]
    assert last_value(y, 2).tolist() == [9.0, 9.0]
    assert last_value([], 1).tolist() == [0.0]


def test_scores_are_pooled_errors() -> None:
    # A constant series: every method is exact, coverage is full.
    res = backtest([[5.0] * 20], 3)
    assert res.origins == 20 - 3 - 7 + 1
    for s in res.scores.values():
        assert s.smape == 0 and s.mape == 0 and s.mae == 0 and s.points == res.origins * 3
    assert res.coverage == 1.0


def test_the_forecaster_beats_both_baselines_on_simulated_like_series() -> None:
    rng = np.random.default_rng(0)
    series = []
    for lam in (4.0, 30.0, 300.0):
        for _ in range(3):
            t = np.arange(56)
            series.append(rng.poisson(lam * WEEK[t % 7]).astype(float))
    res = backtest(series, 7, min_history=7, stride=2)
    fc, sn, lv = (res.scores[m] for m in ("forecast", "seasonal_naive", "last_value"))
    assert fc.smape < 0.9 * sn.smape and fc.smape < 0.9 * lv.smape
    assert fc.mape < sn.mape and fc.mape < lv.mape
    assert 0.7 <= res.coverage <= 0.95


def test_too_short_series_are_refused() -> None:
    with pytest.raises(ModelInputError, match="long enough"):
        backtest([[1.0] * 5], 7)
    with pytest.raises(ModelInputError):
        backtest([[1.0] * 30], 0)
