"""Relative changes in merchant text: "boost by 20%", "加预算20%", "cut spend 30%", "翻倍", "减半", "提高两成"."""

from __future__ import annotations

import re

from agents.offline.language.numbers import numbers_in

__all__ = ["find_percent_change"]

_DOWN = re.compile(r"cut|reduce|lower|decrease|drop|fell|fall|down|trim|scale back|scale down|less|降低?|减少|下调|下降|下滑|掉|跌|砍|"
                   r"缩减|少投|压缩|削减|减")
_UP = re.compile(r"boost|increase|raise|add|up|more|scale up|ramp up|加大?|增加|提高|提升|上调|追加|多投|涨|拉高|放大")
_PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|个点|成(?![交本]))")
_DOUBLE = re.compile(r"翻倍|翻一番|double|twice as much|2x budget")
_HALVE = re.compile(r"减半|砍半|砍一半|halve|cut (?:it |the budget |spend )?in half|by half")


def find_percent_change(prepared: str, skip: list[tuple[int, int]] | None = None) -> tuple[float, tuple[int, int]] | None:
    """A relative change as a signed fraction (+0.2 = up 20%, -0.3 = down 30%) and its span, or None.

    The sign comes from the nearest verb before the figure (cut / 降 make it negative); a figure
    with no verb is an increase. `skip` holds spans already used by other slots (coupon terms).
    """
    skip = skip or []
    if m := _DOUBLE.search(prepared):
        return 1.0, m.span()
    if m := _HALVE.search(prepared):
        return -0.5, m.span()
    for value, span in numbers_in(prepared, prepared):
        if any(a <= span.start < b for a, b in skip):
            continue
        start = span.start
        m = _PERCENT_AFTER.match(prepared, span.end)
        if m:
            end, unit = m.end(), m.group().strip()
        elif prepared[max(0, span.start - 3):span.start] == "百分之":
            start, end, unit = span.start - 3, span.end, "%"
        else:
            continue
        v = float(value) * (10 if unit == "成" else 1) / 100
        if not 0 < v <= 10:
            continue
        # The verb of the same clause: back to the last clause break, at most 40 characters.
        before = re.split(r"[,;.!?，；。！？]", prepared[max(0, start - 40):start])[-1]
        down = [x.end() for x in _DOWN.finditer(before)]
        up = [x.end() for x in _UP.finditer(before)]
        sign = -1 if down and (not up or max(down) > max(up)) else 1
        return sign * v, (start, end)
    return None
