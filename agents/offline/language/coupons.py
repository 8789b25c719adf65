"""Coupon terms in merchant text: 满200减30, 200减30, 8折, 打九折, 10% off, 30 off orders over 200,
立减20, 最高减50, 发500张."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from agents.offline.language.money import Lang, format_money, yuan_to_fen
from agents.offline.language.numbers import NumberSpan, numbers_in

__all__ = ["CouponSlots", "describe_coupon", "find_coupon"]


class CouponSlots(BaseModel):
    """The terms of a coupon as a merchant said them (money in fen, rates as fractions)."""

    type: Literal["threshold", "direct", "percent"] | None = Field(
        default=None, description="threshold = 满X减Y (amount off above a spend), direct = a fixed amount off with no "
                                  "minimum, percent = a share off (8折, 10% off); None when no terms were given.")
    threshold_fen: int | None = Field(default=None, description="Order amount that unlocks the coupon (the 满 part), in fen.")
    amount_fen: int | None = Field(default=None, description="Amount off (the 减 part), in fen.")
    rate: float | None = Field(default=None, description="Price multiplier after the discount: 8折 -> 0.8, '10% off' -> 0.9.")
    percent_off: float | None = Field(default=None, description="Share taken off the price: 8折 -> 0.2, '10% off' -> 0.1.")
    max_discount_fen: int | None = Field(default=None, description="Cap on a percent coupon's discount (最高减50), in fen.")
    quantity: int | None = Field(default=None, description="How many coupons to issue (发500张, '500 coupons').")


_SEP = r"\s*(?:元|块钱|块|yuan|rmb)?\s*"
_THRESHOLD_HEAD = re.compile(r"(?:每满|满|消费满|买满|单笔满|orders? (?:over|above|of at least|of)|spend(?:ing)?|over|above|"
                             r"on orders? (?:over|above|of)|purchases? (?:over|above|of))\s*(?:¥|rmb\s*)?$")
_MINUS = re.compile(_SEP + r"(?:立减|减|-|~|送|返|(?:,\s*)?(?:get|save|minus|take)\s*(?:¥|rmb\s*)?)\s*$")
_OFF_AFTER = re.compile(_SEP + r"(?:off|discount)\b(?:\s*(?:on|for|with))?\s*(?:any\s+)?(?:orders?|purchases?|spend(?:ing)?)?"
                        r"\s*(?:over|above|of at least|of|from)?\s*(?:¥|rmb\s*)?$")
_RATE_AFTER = re.compile(r"\s*折")
_PERCENT_OFF_AFTER = re.compile(r"\s*(?:%|percent)\s*(?:off|discount|折扣|优惠)")
_PERCENT_OFF_HEAD = re.compile(r"(?:打|降|优惠|折扣|discount of|take)\s*$")
_DIRECT_HEAD = re.compile(r"(?:立减|直降|直减|无门槛(?:减|券)?|无门槛的?|抵扣|抵)\s*(?:¥|rmb\s*)?$")
_DIRECT_TAIL = re.compile(_SEP + r"(?:的)?(?:无门槛|无门槛券|直减券|立减券|优惠券|红包|coupon|voucher|off\b(?!\s*(?:on\s+)?"
                          r"(?:orders?|purchases?|spend)?\s*(?:over|above|of)))")
_CAP_HEAD = re.compile(r"(?:最高|最多)(?:减|优惠|抵|可减)?\s*(?:¥|rmb\s*)?$|(?:up to|capped at|max(?:imum)?|cap of|at most)\s*(?:¥|rmb\s*)?$")
_QUANTITY_AFTER = re.compile(r"\s*(?:张|份|coupons?\b|vouchers?\b|pieces?\b|copies\b)")


def find_coupon(prepared: str, original: str) -> tuple[CouponSlots | None, list[tuple[int, int]]]:
    """The coupon terms in a folded, masked text and the spans they used (so no other slot reads
    them as a budget). None when the text holds no coupon terms."""
    numbers = numbers_in(prepared, original)
    slots = CouponSlots()
    used: list[tuple[int, int]] = []
    cap_span: tuple[int, int] | None = None
    taken: set[int] = set()
    for i, (value, span) in enumerate(numbers):
        if i in taken or value <= 0:
            continue
        before = prepared[max(0, span.start - 24):span.start]
        after = prepared[span.end:span.end + 40]
        nxt = numbers[i + 1] if i + 1 < len(numbers) else None
        between = prepared[span.end:nxt[1].start] if nxt else ""
        if nxt is not None and slots.amount_fen is None and len(between) <= 12 and _MINUS.fullmatch(between) and (
                _THRESHOLD_HEAD.search(before) or re.fullmatch(r"\s*(?:减|-)\s*", between)):
            # 满200减30 / 200减30 / over 200 get 30 off
            slots.threshold_fen, slots.amount_fen = yuan_to_fen(value), yuan_to_fen(nxt[0])
            used.append((span.start, nxt[1].end))
            taken.add(i + 1)
        elif nxt is not None and slots.amount_fen is None and len(between) <= 40 and _OFF_AFTER.fullmatch(between) and \
                re.search(r"over|above|of|from", between):
            # 30 off orders over 200
            slots.amount_fen, slots.threshold_fen = yuan_to_fen(value), yuan_to_fen(nxt[0])
            used.append((span.start, nxt[1].end))
            taken.add(i + 1)
        elif _RATE_AFTER.match(after) and value > 0:
            rate = value / 10 if value < 10 else value / 100 if value < 100 else None
            if rate is not None and 0 < rate < 1:
                slots.rate = float(rate)
                used.append((span.start, span.end + _RATE_AFTER.match(after).end()))  # type: ignore[union-attr]
        elif (_PERCENT_OFF_AFTER.match(after) or (re.match(r"\s*(?:%|percent)", after) and _PERCENT_OFF_HEAD.search(before))) \
                and 0 < value < 100:
            slots.rate = float(1 - value / 100)
            used.append((span.start, span.end + (re.match(r"\s*(?:%|percent)", after).end())))  # type: ignore[union-attr]
        elif _CAP_HEAD.search(before) and not re.match(r"\s*(?:%|percent|张|天|days?)", after):
            slots.max_discount_fen = yuan_to_fen(value)
            cap_span = _bounds(span)
        elif slots.amount_fen is None and (_DIRECT_HEAD.search(before) or _DIRECT_TAIL.match(after)):
            slots.amount_fen = yuan_to_fen(value)
            used.append(_bounds(span))
        elif _QUANTITY_AFTER.match(after) and value == int(value) and value >= 2:  # 发一张券 = issue a coupon
            slots.quantity = int(value)
            used.append(_bounds(span))
    if slots.rate is not None:
        slots.percent_off = round(1 - slots.rate, 4)
        slots.rate = round(slots.rate, 4)
        slots.type = "percent"
    elif slots.amount_fen is not None:
        slots.type = "threshold" if slots.threshold_fen else "direct"
    else:
        return None, used  # a cap alone ("up to 8000") is no coupon: its number stays free
    return slots, used + ([cap_span] if cap_span else [])


def _bounds(span: NumberSpan) -> tuple[int, int]:
    return span.start, span.end


def _rate_zh(rate: float) -> str:
    tenths = Decimal(str(rate)) * 10
    return f"{tenths.normalize():f}折"


def describe_coupon(coupon: CouponSlots, lang: Lang) -> str:
    """The coupon's terms in a few words: '满200元减30元' / '¥30 off orders over ¥200', '8折' / '20% off'."""
    if coupon.type == "percent" and coupon.rate is not None:
        pct = round((1 - coupon.rate) * 100, 2)
        text = _rate_zh(coupon.rate) if lang == "zh" else f"{pct:g}% off"
        if coupon.max_discount_fen:
            cap = format_money(coupon.max_discount_fen, lang)
            text += f"（最高减{cap}）" if lang == "zh" else f" (up to {cap})"
        return text
    if coupon.type == "threshold" and coupon.threshold_fen and coupon.amount_fen:
        t, a = format_money(coupon.threshold_fen, lang), format_money(coupon.amount_fen, lang)
        return f"满{t}减{a}" if lang == "zh" else f"{a} off orders over {t}"
    if coupon.amount_fen:
        a = format_money(coupon.amount_fen, lang)
        return f"无门槛立减{a}" if lang == "zh" else f"{a} off, no minimum spend"
    return "优惠券" if lang == "zh" else "a coupon"
