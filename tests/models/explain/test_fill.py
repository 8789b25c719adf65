"""Filling requests from platform answers."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from models.errors import ModelInputError
from models.explain.fill import (
    period_from_rows,
    periods_from_daily,
    summarise_auction_insights,
)


class _PlatformRow(BaseModel):
    group: dict[str, str | int | None]
    impressions: int = 0
    ctr: float = 0.0
    gmv_fen: int = 0
    refund_fen: int = 0


def test_period_from_rows_takes_models_or_dicts_and_ignores_extra_fields() -> None:
    p = period_from_rows([_PlatformRow(group={"channel": "feed"}, impressions=5, ctr=0.1, gmv_fen=7)],
                         [{"group": {"creative": "k"}, "clicks": 2, "unknown": 1}], label="day 3")
    assert p.rows[0].impressions == 5 and p.rows[0].gmv_fen == 7
    assert p.creative_rows[0].clicks == 2
    assert p.label == "day 3"
    with pytest.raises(ModelInputError):
        period_from_rows([42])


def test_periods_from_daily_aligns_to_the_last_day() -> None:
    rows = [{"group": {"day": d, "channel": "feed"}, "gmv_fen": 100 * d} for d in range(3, 8)]
    one = periods_from_daily(rows)
    assert [p.label for p in one] == ["day 3", "day 4", "day 5", "day 6", "day 7"]
    assert one[0].rows[0].group == {"channel": "feed"}
    two = periods_from_daily(rows, days_per_period=2)
    assert [(p.start_step, p.end_step) for p in two] == [(4 * 48, 6 * 48), (6 * 48, 8 * 48)]
    assert sum(r.gmv_fen for r in two[-1].rows) == 600 + 700
    assert periods_from_daily([]) == []


def test_periods_from_daily_refuses_rows_without_a_day() -> None:
    with pytest.raises(ModelInputError, match="day"):
        periods_from_daily([{"group": {"channel": "feed"}}])
    with pytest.raises(ModelInputError):
        periods_from_daily([], days_per_period=0)


def test_auction_insights_are_summed_per_channel() -> None:
    raw = [
        {"step": 0, "channel": "feed", "eligible": 100, "won": 50, "shown": 40, "spend_fen": 10,
         "landscape": {"lwc_cpm_fen": [1, 2, 30, 4, 5], "percentiles": [10, 25, 50, 75, 90]}},
        {"step": 1, "channel": "feed", "eligible": 300, "won": 60, "shown": 60, "spend_fen": 20,
         "landscape": {"lwc_cpm_fen": [1, 2, 10, 4, 5], "percentiles": [10, 25, 50, 75, 90]}},
        {"step": 1, "channel": "live", "eligible": 0, "won": 0, "shown": 0, "spend_fen": 0, "landscape": {}},
    ]
    rows = summarise_auction_insights("cmp_1", raw)
    feed = next(r for r in rows if r.channel == "feed")
    assert (feed.eligible, feed.won, feed.shown, feed.spend_fen) == (400, 110, 100, 30)
    assert feed.lwc_cpm_p50_fen == pytest.approx((30 * 100 + 10 * 300) / 400)
    assert next(r for r in rows if r.channel == "live").lwc_cpm_p50_fen is None
    with pytest.raises(ModelInputError):
        summarise_auction_insights("cmp_1", [{"eligible": 1}])
