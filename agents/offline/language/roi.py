"""ROI targets in merchant text: "ROI 3", "ROI≥3", "roi at least 3", "overall ROI >= 3", "3x ROI",
"投产比不低于2.5", "投产3以上", "ROI不低于三"."""

from __future__ import annotations

import re

from agents.offline.language.numbers import numbers_in

__all__ = ["find_roi_target"]

_CUE = re.compile(r"roas|roi|投入产出比|投产比|产出比|投产|回报率")
# What may stand between the cue and the figure: comparison words and marks, no clause break.
_FILLER = re.compile(
    r"[\s:=≥>＞≧]*(?:(?:target|goal|of|at least|no less than|not (?:less|lower) than|not below|minimum|min|above|over|"
    r"greater than|higher than|more than|to|around|about|should be|must be|needs? to be|is|be|of at least|>=|"
    r"目标|要|要求|需要|达到|做到|不低于|不少于|不得低于|不能低于|不可低于|不要低于|别低于|大于等于|至少|最低|保持|保持在|控制在|在|是|为|大于|高于|超过|得|到|"
    r"整体|总体|的|值)[\s:=≥>＞≧]*)*"
)
_TIMES_AFTER = re.compile(r"\s*(?:x|倍)?\s*(?:的)?\s*(?:roas|roi|投产比?|产出比)")


def find_roi_target(prepared: str) -> tuple[float, tuple[int, int]] | None:
    """The ROI target (GMV / marketing cost) and its span in a folded text, or None.

    Only values in (0, 100] count; '300%' after the cue reads as 3.0.
    """
    numbers = numbers_in(prepared, prepared)
    for cue in _CUE.finditer(prepared):
        for value, span in numbers:
            if span.start < cue.end():
                continue
            between = prepared[cue.end():span.start]
            if len(between) > 20 or not _FILLER.fullmatch(between):
                break
            v = float(value)
            end = span.end
            if prepared[end:end + 1] == "%":
                v, end = v / 100, end + 1
            if 0 < v <= 100:
                return v, (cue.start(), end)
            break
    for value, span in numbers:
        m = _TIMES_AFTER.match(prepared, span.end)
        if m and 0 < value <= 100:
            return float(value), (span.start, m.end())
    return None
