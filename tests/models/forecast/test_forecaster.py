"""The forecaster: right method for the days known, right numbers on clean patterns, valid edges."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.errors import ModelInputError
from models.forecast import DayValue, ForecastRequest, forecast


def req(values: list[float] | np.ndarray, horizon: int = 7, start: int = 0, **kw: object) -> ForecastRequest:
    return ForecastRequest(history=[DayValue(day=start + i, value=float(v)) for i, v in enumerate(values)],
                           horizon_days=horizon, **kw)  # type: ignore[arg-type]


WEEK = np.array([0.8, 0.9, 1.0, 1.0, 1.1, 1.3, 0.9])


def test_no_history_is_an_empty_explained_answer() -> None:
    f = forecast(ForecastRequest(history=[], horizon_days=5))
    assert f.method == "no_history" and f.points == [] and f.total == 0 and not f.learned
    assert f.model == "forecast_ets" and f.version and f.why


def test_one_day_repeats_it_with_a_band() -> None:
    f = forecast(req([200.0], horizon=3))
    assert f.method == "last_value" and not f.learned
    assert [p.value for p in f.points] == [200.0] * 3
    assert all(p.low < 200.0 < p.high for p in f.points)
    assert [p.day for p in f.points] == [1, 2, 3]


def test_under_a_week_is_the_mean() -> None:
    f = forecast(req([10.0, 20.0, 30.0], horizon=2))
    assert f.method == "mean" and not f.learned
    assert [p.value for p in f.points] == pytest.approx([20.0, 20.0])
    assert f.weekday_factors == [1.0] * 7 and f.trend_per_day == 0.0


def test_a_clean_weekly_pattern_is_reproduced() -> None:
    y = 100.0 * WEEK[np.arange(35) % 7]
    f = forecast(req(y, horizon=14))
    assert f.method == "seasonal_damped_trend" and f.learned
    expect = 100.0 * WEEK[np.arange(35, 49) % 7]
    assert [p.value for p in f.points] == pytest.approx(expect.tolist(), rel=0.02)
    assert np.argmax(f.weekday_factors) == 5 and np.argmin(f.weekday_factors) == 0
    assert f.total == pytest.approx(expect.sum(), rel=0.02)


def test_weekdays_follow_day0_weekday() -> None:
    y = 100.0 * WEEK[np.arange(28) % 7]
    f = forecast(req(y, horizon=1))
    # Shifting the calendar by two days moves the pattern, not the forecast of the same position.
    g = forecast(req(y, horizon=1, day0_weekday=2))
    assert f.points[0].weekday == 0 and g.points[0].weekday == 2
    assert f.points[0].value == pytest.approx(g.points[0].value)
    assert np.roll(g.weekday_factors, -2) == pytest.approx(f.weekday_factors)


def test_a_rising_series_keeps_rising_but_damped() -> None:
    y = 50.0 + 2.0 * np.arange(30)
    f = forecast(req(y, horizon=30))
    vals = [p.value for p in f.points]
    assert f.trend_per_day > 1.0
    assert vals[0] > y[-1] and all(b >= a for a, b in itertools.pairwise(vals))
    # Damping: the 30th day adds far less than 30 more days of the slope.
    assert vals[-1] < y[-1] + 2.0 * 30 * 0.5


def test_all_zero_history_forecasts_zero() -> None:
    f = forecast(req([0.0] * 20, horizon=4))
    assert all(p.value == p.low == p.high == 0.0 for p in f.points)


def test_gaps_count_as_zero_and_are_reported() -> None:
    r = ForecastRequest(history=[DayValue(day=3, value=5.0), DayValue(day=4, value=6.0), DayValue(day=6, value=7.0)],
                        horizon_days=1)
    f = forecast(r)
    assert f.history_days == 4 and "1 missing" in f.why
    assert f.points[0].day == 7
    assert f.level == pytest.approx(np.mean([5.0, 6.0, 0.0, 7.0]))


def test_negative_series_are_allowed_and_not_clamped() -> None:
    rng = np.random.default_rng(1)
    y = rng.normal(-50.0, 30.0, 30)
    f = forecast(req(y, horizon=3))
    assert f.points[0].low < 0 and f.weekday_factors == [1.0] * 7
    clamped = forecast(req(y, horizon=3, nonnegative=True))
    assert all(p.low >= 0 and p.value >= 0 for p in clamped.points)


def test_intervals_widen_with_the_horizon_and_the_level() -> None:
    rng = np.random.default_rng(2)
    y = rng.poisson(40 * WEEK[np.arange(42) % 7]).astype(float)
    f = forecast(req(y, horizon=14, interval=0.8))
    wide = forecast(req(y, horizon=14, interval=0.95))
    width = [(p.high - p.low) / max(p.value, 1e-9) for p in f.points]
    assert width[-1] >= width[0]
    assert all(w.high - w.low > p.high - p.low for w, p in zip(wide.points, f.points, strict=True))


def test_bad_input_is_refused() -> None:
    with pytest.raises(ModelInputError, match="more than one value"):
        forecast(ForecastRequest(history=[DayValue(day=1, value=1.0), DayValue(day=1, value=2.0)], horizon_days=1))
    with pytest.raises(ModelInputError, match="not a finite"):
        forecast(ForecastRequest(history=[DayValue(day=1, value=math.nan)], horizon_days=1))
    with pytest.raises(ModelInputError, match="spans"):
        forecast(ForecastRequest(history=[DayValue(day=0, value=1.0), DayValue(day=10**8, value=1.0)], horizon_days=1))
    with pytest.raises(ValueError):
        ForecastRequest(history=[], horizon_days=0)


def test_same_request_same_answer() -> None:
    rng = np.random.default_rng(3)
    r = req(rng.poisson(9, 50).astype(float))
    assert forecast(r) == forecast(r)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e7, allow_nan=False), min_size=1, max_size=60),
       st.integers(min_value=1, max_value=30))
def test_any_nonnegative_history_gives_ordered_finite_points(values: list[float], horizon: int) -> None:
    f = forecast(req(values, horizon=horizon))
    assert len(f.points) == horizon
    for p in f.points:
        assert all(math.isfinite(v) for v in (p.value, p.low, p.high))
        assert 0.0 <= p.low <= p.value <= p.high
