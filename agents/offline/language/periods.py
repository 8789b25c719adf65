"""Time in merchant text: how long a goal runs (horizon) and which past period a question is about."""

from __future__ import annotations

import re
from typing import Literal

from agents.offline.language.numbers import numbers_in

__all__ = ["Period", "find_horizon_days", "find_period"]

Period = Literal["today", "yesterday", "this_week", "last_week", "this_month", "last_month", "last_n_days"]

# (pattern, days): named horizons, checked after explicit durations (7天, two weeks).
_NAMED_HORIZONS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"半个月|half a month"), 15),
    (re.compile(r"(?:this|the|next|coming|a|one|per|for a|for the)\s+month\b|本月|这个月|这月|当月|下个月|一个月|月度|月预算|"
                r"monthly"), 30),
    (re.compile(r"(?:this|the|next|coming|a|one|per|for a|for the)\s+week\b|本周|这周|这一周|这个星期|本星期|下周|一周|"
                r"一个星期|周预算|weekly|周度"), 7),
    (re.compile(r"this weekend|周末"), 2),
    (re.compile(r"\btoday\b|今天|今日|当天|tonight|今晚|\btomorrow\b|明天"), 1),
)
_DURATION_UNIT = re.compile(r"\s*(?:个)?(天|日|days?\b|周|星期|礼拜|weeks?\b|个月|months?\b)")
_DAYS_PER_UNIT = {"天": 1, "日": 1, "day": 1, "days": 1, "周": 7, "星期": 7, "礼拜": 7, "week": 7, "weeks": 7,
                  "个月": 30, "month": 30, "months": 30}

_PERIODS: tuple[tuple[re.Pattern[str], Period], ...] = (
    (re.compile(r"\byesterday\b|昨天|昨日|前一天"), "yesterday"),
    (re.compile(r"last week|past week|previous week|上周|上星期|上个星期|上礼拜|上一周"), "last_week"),
    (re.compile(r"last month|previous month|上个月|上月"), "last_month"),
    (re.compile(r"\btoday\b|今天|今日|当天"), "today"),
    (re.compile(r"this week|本周|这周|这一周|这个星期|本星期"), "this_week"),
    (re.compile(r"this month|本月|这个月|这月"), "this_month"),
)
_RECENT = re.compile(r"(?:last|past|previous|recent|近|最近|过去|前)\s*$")


def _durations(folded: str) -> list[tuple[int, int, int]]:
    """(start, end, days) of every '7天' / 'two weeks' / '3个月' in the folded text."""
    out = []
    for value, span in numbers_in(folded, folded):
        m = _DURATION_UNIT.match(folded, span.end)
        if not m or value <= 0 or value != int(value):
            continue
        unit = m.group(1).strip()
        if unit == "日" and folded[span.end:span.end + 1] == "日" and folded[max(0, span.start - 1):span.start] == "月":
            continue  # 5月1日 is a date
        out.append((span.start, m.end(), int(value) * _DAYS_PER_UNIT[unit]))
    return out


def find_horizon_days(folded: str) -> int | None:
    """How many days a goal covers: '7天' 7, '三天' 3, '两周' 14, 'this week'/'本周' 7, 'this month'/'本月' 30,
    'today'/'今天' 1; None if the text does not say. `folded` is text prepared by `text.fold`."""
    for start, _, days in _durations(folded):
        if not _RECENT.search(folded[max(0, start - 8):start]):
            return days
    for pattern, days in _NAMED_HORIZONS:
        if pattern.search(folded):
            return days
    return None


def find_period(folded: str) -> tuple[Period | None, int | None]:
    """Which past period a question is about, and its length in days for 'last_n_days' ('近7天', 'past 3 days')."""
    for start, _, days in _durations(folded):
        if _RECENT.search(folded[max(0, start - 8):start]):
            return "last_n_days", days
    for pattern, period in _PERIODS:
        if pattern.search(folded):
            return period, None
    return None, None
