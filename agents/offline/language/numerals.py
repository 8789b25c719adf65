"""Chinese numerals: reading 一万五 / 两千 / 十二万三千 / 1万5千 / 一点五万 / 一万半, and writing them.

The reader works on tokens so that Arabic and Chinese digits mix freely (2万5, 1.5万, 3千5百).
Colloquial shortening is understood: a single digit right after a unit stands for the next lower
unit (一万五 = 15000, 三千五 = 3500, 两百五 = 250), unless a 零 came between (一万零五 = 10005).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

__all__ = ["CN_DIGITS", "CN_NUMERAL_CHARS", "CN_UNITS", "read_cn_tokens", "to_chinese_numeral"]

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9, "幺": 1,
}
"""Chinese digit characters, including the financial (大写) forms and 幺 as read in phone numbers."""

CN_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10**4, "萬": 10**4,
                            "亿": 10**8, "億": 10**8}
"""Chinese unit characters and their values."""

CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "点半"
"""Every character that may appear inside a Chinese numeral."""

# A token is ("d", value, single) for a digit or an Arabic number (single: one digit 0-9 written
# alone), ("u", unit), ("dot",), ("half",) or ("zero",).
Token = tuple[Any, ...]


def _read_integer(tokens: list[Token]) -> Decimal | None:
    """Positional reading of digits and units (no decimal point)."""
    kinds = [t[0] for t in tokens]
    if "u" not in kinds and "half" not in kinds:
        # No units: a digit-by-digit reading (二零二四 = 2024); a lone 零 is zero.
        if len(tokens) == 1 and kinds[0] == "d":
            return tokens[0][1]
        if len(tokens) == 2 and kinds == ["d", "d"] and tokens[0][2] and tokens[1][1] == tokens[0][1] + 1:
            return tokens[0][1]  # 三四 (three or four) reads as the first
        if not all(k == "zero" or (k == "d" and t[2]) for k, t in zip(kinds, tokens)):
            return None
        return Decimal("".join("0" if t[0] == "zero" else str(int(t[1])) for t in tokens))
    total = Decimal(0)      # completed 亿 groups
    wan = Decimal(0)        # completed 万 groups inside the current 亿 group
    section = Decimal(0)    # thousands, hundreds and tens inside the current 万 group
    extra = Decimal(0)      # a trailing 半 (一万半 = 一万 + 半万)
    number: Decimal | None = None
    last_unit: int | None = None
    prev = ""
    zero_gap = False
    for i, tok in enumerate(tokens):
        kind = tok[0]
        if kind == "zero":
            zero_gap = True
        elif kind == "half":
            if prev == "u" and last_unit is not None and i == len(tokens) - 1:
                extra = Decimal(last_unit) / 2
            elif number is None and prev in ("", "zero"):
                number = Decimal("0.5")  # 半 alone, or 半万 = 5000
            else:
                return None
        elif kind == "d":
            if prev != "d":  # 三四万 (three or four 万) reads as the first: 三万
                number = tok[1]
        else:
            unit = tok[1]
            if unit >= 10**4:
                group = section + (number if number is not None else Decimal(0))
                if group == 0 and number is None and not (total or wan):
                    group = Decimal(1)
                if unit == 10**8:
                    total = (total + wan + group) * unit  # 一万亿: the 万 groups scale up too
                    wan = Decimal(0)
                else:
                    wan += group * unit
                section = Decimal(0)
            else:
                if number is None:
                    if prev in ("d", "half"):
                        return None
                    number = Decimal(1)  # 十二 = 一十二
                section += number * unit
            number = None
            last_unit = unit
            zero_gap = False
        prev = kind
    if (number is not None and prev == "d" and not zero_gap and len(tokens) >= 2 and tokens[-2][0] == "u"
            and tokens[-1][2] and last_unit in _SHORTENED):
        number *= _SHORTENED[last_unit]  # 一万五: the last digit names the next lower unit
    return total + wan + section + (number if number is not None else Decimal(0)) + extra


# The unit a lone trailing digit stands for after each unit (一万五 -> 5 × 1000).
_SHORTENED = {10**8: 10**7, 10**4: 1000, 1000: 100, 100: 10}


def read_cn_tokens(tokens: list[Token]) -> Decimal | None:
    """The value of a tokenised numeral (see module doc), or None when the tokens do not form one."""
    if not tokens:
        return None
    dots = [i for i, t in enumerate(tokens) if t[0] == "dot"]
    if not dots:
        return _read_integer(tokens)
    if len(dots) > 1:
        return None
    i = dots[0]
    head, tail = tokens[:i], tokens[i + 1:]
    integer = _read_integer(head) if head else Decimal(0)
    if integer is None:
        return None
    digits = []
    j = 0
    while j < len(tail) and (tail[j][0] == "zero" or (tail[j][0] == "d" and tail[j][2])):
        digits.append("0" if tail[j][0] == "zero" else str(int(tail[j][1])))
        j += 1
    if not digits:
        return None
    value = integer + Decimal("0." + "".join(digits))
    for t in tail[j:]:
        if t[0] != "u":
            return None
        value *= t[1]  # 一点五万 = 1.5 × 10^4
    return value


_WRITE_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def _write_section(n: int, two: str) -> str:
    """0 < n < 10000 in positional form, with 零 for inner gaps."""
    out = []
    gap = False
    for value, char in _SMALL_UNITS:
        d, n = divmod(n, value)
        if d:
            if gap and out:
                out.append("零")
            out.append((two if d == 2 and value >= 1000 else _WRITE_DIGITS[d]) + char)
            gap = False
        elif out:
            gap = True
    if n:
        if gap and out:
            out.append("零")
        out.append(_WRITE_DIGITS[n])
    return "".join(out)


def to_chinese_numeral(n: int, *, style: Literal["standard", "liang", "financial"] = "standard") -> str:
    """`n` (0 <= n < 10^16) written in Chinese: 15000 -> 一万五千, 10005 -> 一万零五, 10 -> 十.

    style "liang" writes a leading 2 before 千/万/亿 as 两 (两千, 两万); "financial" uses 壹贰叁… and
    拾佰仟 as on cheques.
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 0 or n >= 10**16:
        raise ValueError(f"to_chinese_numeral takes an int in [0, 10^16), got {n!r}")
    if n == 0:
        return "零"
    two = "两" if style == "liang" else "二"
    groups = []  # (value, big unit)
    for big, char in ((10**12, "万亿"), (10**8, "亿"), (10**4, "万"), (1, "")):
        d, n = divmod(n, big)
        groups.append((d, char))
    out: list[str] = []
    gap = False
    for value, char in groups:
        if value == 0:
            if out:
                gap = True
            continue
        text = _write_section(value, two)
        if out and (gap or value < 1000):
            out.append("零")
        if style == "liang" and text == "二" and char:
            text = "两"
        out.append(text + char)
        gap = False
    result = "".join(out)
    if result.startswith("一十"):
        result = result[1:]  # 一十五 is written 十五
    if style == "financial":
        result = result.translate(str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟"))
    return result
