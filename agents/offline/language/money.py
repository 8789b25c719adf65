"""Money in text: which numbers are amounts (and how many fen), and how to write fen back.

A number is money only with a money cue: a currency mark (¥3000, RMB 500, 5000元, 5千块, 2万块钱,
20,000 yuan) or a budget word next to it (预算2万, budget 20k, 总共两万). When the caller knows the
sentence is about a budget (`budget_context=True`), a bare number with a magnitude unit counts too
(这周2万, 2w). Order ids, phone numbers, order numbers, times, dates, percentages, counts (500张),
durations (7天) and ROI figures are never amounts.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agents.offline.language.errors import LanguageInputError
from agents.offline.language.numbers import numbers_in
from agents.offline.language.text import as_text, fold, mask, protected_spans

__all__ = ["Amount", "AmountCue", "Lang", "find_amounts", "format_money", "yuan_to_fen"]

Lang = Literal["zh", "en"]
AmountCue = Literal["currency", "budget", "magnitude"]


class Amount(BaseModel):
    """An amount of money found in a text."""

    model_config = ConfigDict(frozen=True)

    value_fen: int = Field(description="The amount in fen (1 yuan = 100 fen): '2万' -> 2000000.")
    yuan: float = Field(description="The amount in yuan, as written: '2万' -> 20000.0.")
    start: int = Field(ge=0, description="Offset of the first character (currency mark included) in the original text.")
    end: int = Field(ge=0, description="Offset just past the last character (currency word included).")
    raw: str = Field(description="The text of the amount as written, e.g. '¥3000', '2万块钱', '20,000 yuan'.")
    cue: AmountCue = Field(description="Why it is money: 'currency' (¥, 元, 块, yuan, RMB), 'budget' (a budget word "
                                        "next to it) or 'magnitude' (万/千/k/w in a budget sentence).")


_CURRENCY_BEFORE = re.compile(r"(?:¥|\$|rmb|cny|人民币)\s*$")
_CURRENCY_AFTER = re.compile(r"\s*(?:块钱|元钱|元|块|圆|yuan|rmb|cny|kuai|bucks?)(?![a-z])")
_BUDGET_BEFORE = re.compile(
    r"(?:预算|budget|spend|spending|花费?|投入|投放|拿出|经费|费用|总共|一共|总计|共计|合计|in total|total|up to|at most|"
    r"max(?:imum)?|不超过|控制在|别超过|不要超过|cap(?: of)?|with|每天|每日|日预算|daily)\s*(?:[:=]|is|of|about|around|roughly|of about|"
    r"约|大概|大约|是|为|在|给|就|只有|有)?\s*$"
)
_BUDGET_AFTER = re.compile(r"\s*(?:的?总?预算|budget|in total|total|以内|左右|封顶|上限|的?费用|a day|per day|/day|/天|每天|一天)")
_NOT_MONEY_AFTER = re.compile(
    r"\s*(?:%|percent|折|倍|x(?![a-z])|天|日|号|周|星期|礼拜|个?月|年|小时|分钟|次|件|个|单|张|条|人|位|粉|片|袋|包|瓶|盒|"
    r"支|颗|双|套|箱|斤|克|公斤|千克|毫升|升|ml(?![a-z])|l(?![a-z])|g(?![a-z])|kg(?![a-z])|mah|cm(?![a-z])|mm(?![a-z])|"
    r"m(?![a-z])|days?(?![a-z])|weeks?(?![a-z])|months?(?![a-z])|years?(?![a-z])|hours?(?![a-z])|orders?(?![a-z])|"
    r"pcs|pieces?(?![a-z])|followers?(?![a-z])|fans?(?![a-z])|times(?![a-z])|units?(?![a-z])|items?(?![a-z])|"
    r"coupons?(?![a-z])|sales(?![a-z])|views?(?![a-z])|clicks?(?![a-z]))"
)
_ROI_BEFORE = re.compile(r"(?:roi|roas|投产比?|产出比)[^0-9一二三四五六七八九十]{0,14}$")
_COUPON_BEFORE = re.compile(r"(?:满|减|每满)\s*$")
# Counts that merchants quote with 万 too: followers, views, units sold, stock.
_COUNT_BEFORE = re.compile(r"(?:粉丝|粉|followers?|fans?|subscribers?|播放|views?|销量|sold|库存|stock|曝光|impressions?)\s*"
                           r"(?:数|量)?\s*(?:[:=>≥]|在|要|超过|大于|不少于|至少|at least|over|above|of)?\s*$")


def yuan_to_fen(yuan: Decimal) -> int:
    """Yuan to integer fen, rounding half up (12.345 yuan -> 1235 fen)."""
    return int((yuan * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def find_amounts(text: str | None, *, budget_context: bool = False) -> list[Amount]:
    """Every amount of money in `text`, in order (see the module doc for what counts as money).

    `budget_context=True` says the sentence is about a budget, so a number with a magnitude unit
    (2万, 2w, 5千, 3k, twenty thousand) is money even without ¥ / 元 / a budget word.
    """
    original = as_text(text)
    folded = fold(original)
    masked = mask(folded, protected_spans(folded))
    out: list[Amount] = []
    for value, span in numbers_in(masked, original):
        start, end = span.start, span.end
        before = masked[max(0, start - 24):start]
        after = masked[end:end + 16]
        cue: AmountCue | None = None
        head = _CURRENCY_BEFORE.search(before)
        tail = _CURRENCY_AFTER.match(after)
        if head or tail:
            cue = "currency"
            if head:
                start -= len(head.group())
            if tail:
                end += tail.end()
        elif (_NOT_MONEY_AFTER.match(after) or _ROI_BEFORE.search(before) or _COUPON_BEFORE.search(before)
              or _COUNT_BEFORE.search(before)):
            continue
        elif _BUDGET_BEFORE.search(before) or _BUDGET_AFTER.match(after):
            cue = "budget"
        elif budget_context and span.magnitude:
            cue = "magnitude"
        if cue is None or value < 0:
            continue
        out.append(Amount(value_fen=yuan_to_fen(value), yuan=float(value), start=start, end=end,
                          raw=original[start:end], cue=cue))
    return out


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def format_money(fen: int, lang: Lang) -> str:
    """Fen written as yuan in the house style of each language.

    en: ¥20,000 · ¥12.50 · -¥300.  zh: 2万元 · 1.5万元 · 8900元 · 12.50元 (万 from 1万元 up when the
    amount is a whole number of hundreds of yuan, so nothing is rounded away).
    """
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise LanguageInputError(f"format_money takes integer fen, got {fen!r}",
                                 hint="money is integer fen everywhere: 2万元 = 2000000")
    if lang not in ("zh", "en"):
        raise LanguageInputError(f"unknown language {lang!r}", hint="use 'zh' or 'en'")
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    whole, cents = divmod(fen, 100)
    if lang == "en":
        body = f"{whole:,}" if cents == 0 else f"{whole:,}.{cents:02d}"
        return f"{sign}¥{body}"
    if fen >= 1_000_000 and fen % 10_000 == 0:
        return f"{sign}{_plain(Decimal(fen) / 1_000_000)}万元"
    body = f"{whole}" if cents == 0 else f"{whole}.{cents:02d}"
    return f"{sign}{body}元"
