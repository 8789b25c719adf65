"""Numbers in merchant and buyer text: Arabic, Chinese and English, with magnitude units.

`find_numbers` scans a text once and returns every number with its span; `parse_number` reads a
text that is one number. Both understand 2万, 2w, 1.5万, 一万五, 一万五千, 两千, 5千, 三百, 十二,
二十万, 1,000, 3k, 20 thousand, twenty thousand, 一点五, 半, 零 and numerals up to 亿 (and 万亿).
Amounts of money are a separate question: see `money.find_amounts`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from agents.offline.language.numerals import CN_DIGITS, CN_UNITS, read_cn_tokens
from agents.offline.language.text import as_text, fold

__all__ = ["NumberSpan", "find_numbers", "numbers_in", "parse_number", "parse_number_decimal"]


class NumberSpan(BaseModel):
    """One number found in a text."""

    model_config = ConfigDict(frozen=True)

    value: float = Field(description="The number's value (2万 -> 20000.0, 1.5 -> 1.5).")
    start: int = Field(ge=0, description="Offset of the first character in the original text.")
    end: int = Field(ge=0, description="Offset just past the last character in the original text.")
    raw: str = Field(description="The text of the number as written, e.g. '2万', '1,000', '一万五'.")
    magnitude: bool = Field(description="True when a unit of a thousand or more is part of it (千, 万, 亿, k, w, thousand, million).")
    chinese: bool = Field(description="True when written with Chinese numerals (一万五), False for Arabic or English.")


_ARABIC = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])|[0-9]+(?:\.[0-9]+)?")
_LATIN_UNITS = {"k": 1000, "w": 10**4}
_SCALE = re.compile(r"\s*(hundred|thousand|million|billion|mn|bn)\b")
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9}
_EN_UNITS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"])}
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])}
_EN_WORD = re.compile(r"[a-z]+")
_WORD = re.compile(r"[a-z_][a-z0-9_]*")
_EN_STARTERS = frozenset(_EN_UNITS) | frozenset(_EN_TENS) | {"a", "an", "hundred", "thousand", "million", "billion"}
# Letters that may run into a number without making it part of a code word (RMB500, ROI3).
_PREFIX_WORDS = ("rmb", "cny", "roi", "roas", "usd")
_CN_START = set(CN_DIGITS) | {"十", "拾"}
_CN_BODY = set(CN_DIGITS) | set(CN_UNITS) | {"点", "半"}


def _is_letter(ch: str) -> bool:
    return "a" <= ch <= "z" or ch == "_"


def _cn_token(ch: str) -> tuple:
    if ch in ("零", "〇"):
        return ("zero",)
    if ch in CN_DIGITS:
        return ("d", Decimal(CN_DIGITS[ch]), True)
    if ch in CN_UNITS:
        return ("u", CN_UNITS[ch])
    if ch == "点":
        return ("dot",)
    return ("half",)


def _read_cn_run(s: str, i: int, tokens: list[tuple]) -> int:
    """Extend `tokens` with the Chinese numeral (or mixed Arabic) characters from `i`; return the end."""
    j = i
    n = len(s)
    while j < n:
        ch = s[j]
        if ch == "点":
            # 点 is a decimal point only between digits (一点五), not 三点 (three o'clock) or 一点 (a bit).
            if not tokens or j + 1 >= n or not (s[j + 1] in CN_DIGITS or "0" <= s[j + 1] <= "9"):
                break
            tokens.append(("dot",))
            j += 1
        elif ch == "半":
            if tokens and tokens[-1][0] == "u":
                tokens.append(("half",))
                j += 1
            break
        elif ch in _CN_BODY:
            tokens.append(_cn_token(ch))
            j += 1
        elif "0" <= ch <= "9" and tokens and tokens[-1][0] in ("u", "dot"):
            m = _ARABIC.match(s, j)
            assert m is not None
            raw = m.group().replace(",", "")
            tokens.append(("d", Decimal(raw), len(raw) == 1))
            j = m.end()
        else:
            break
    return j


def _read_english(s: str, i: int) -> tuple[Decimal, int] | None:
    """Number words from `i` (twenty thousand, one hundred and five, a million): value and end."""
    words: list[tuple[str, int]] = []
    j = i
    while True:
        m = _EN_WORD.match(s, j)
        if not m:
            break
        w = m.group()
        prev = words[-1][0] if words else ""
        if w in ("a", "an"):
            if words:
                break
        elif w == "and":
            if prev not in ("hundred", "thousand", "million", "billion"):
                break
        elif w in _EN_UNITS:
            if prev in _EN_UNITS or (prev in _EN_TENS and _EN_UNITS[w] >= 10):
                break
        elif w in _EN_TENS:
            if prev in _EN_UNITS or prev in _EN_TENS:
                break
        elif w not in ("hundred", "thousand", "million", "billion"):
            break
        words.append((w, m.end()))
        j = m.end()
        if j + 1 < len(s) and s[j] in " -" and _is_letter(s[j + 1]):
            j += 1
        else:
            break
    while words and words[-1][0] in ("a", "an", "and"):
        words.pop()
    if not words or (words[0][0] in ("a", "an") and len(words) == 1):
        return None
    total = Decimal(0)
    current = Decimal(0)
    for w, _ in words:
        if w in _EN_UNITS:
            current += _EN_UNITS[w]
        elif w in _EN_TENS:
            current += _EN_TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = Decimal(0)
    return total + current, words[-1][1]


@lru_cache(maxsize=512)
def _scan(s: str) -> tuple[tuple[Decimal, int, int, bool, bool], ...]:
    """(value, start, end, magnitude, chinese) for every number in the folded text `s` (cached: each
    parser scans the same message several times)."""
    found: list[tuple[Decimal, int, int, bool, bool]] = []
    n = len(s)
    i = 0
    while i < n:
        ch = s[i]
        if "0" <= ch <= "9":
            if i > 0 and (s[i - 1] in "._" or "0" <= s[i - 1] <= "9"):
                i += 1
                continue
            m = _ARABIC.match(s, i)
            assert m is not None
            raw = m.group().replace(",", "")
            tokens: list[tuple] = [("d", Decimal(raw), len(raw) == 1)]
            j = m.end()
            magnitude = False
            scale = 1
            if j < n and s[j] in _LATIN_UNITS and (j + 1 >= n or not _is_letter(s[j + 1])):
                tokens.append(("u", _LATIN_UNITS[s[j]]))
                j += 1
            elif j < n and s[j] in CN_UNITS:
                j = _read_cn_run(s, j, tokens)
            else:
                sm = _SCALE.match(s, j)
                if sm:
                    scale = _SCALES[sm.group(1)]
                    j = sm.end()
            value = read_cn_tokens(tokens)
            if value is None:
                # A shape the reader refuses (2万3万): keep the Arabic number alone.
                value, j = Decimal(raw), m.end()
                tokens = tokens[:1]
            magnitude = scale >= 1000 or any(t[0] == "u" and t[1] >= 1000 for t in tokens)
            found.append((value * scale, i, j, magnitude, False))
            i = j
        elif ch in _CN_START or (ch == "半" and i + 1 < n and s[i + 1] in "千万亿"):
            tokens = []
            if ch == "半":
                tokens.append(("half",))
                j = _read_cn_run(s, i + 1, tokens)
            else:
                j = _read_cn_run(s, i, tokens)
            value = read_cn_tokens(tokens)
            if value is not None:
                magnitude = any(t[0] == "u" and t[1] >= 1000 for t in tokens)
                found.append((value, i, j, magnitude, True))
            i = max(j, i + 1)
        elif _is_letter(ch):
            m = _WORD.match(s, i)
            assert m is not None
            word = m.group()
            if i > 0 and ("0" <= s[i - 1] <= "9" or _is_letter(s[i - 1])):
                i = m.end()
                continue
            if word[-1:].isdigit():
                prefix = next((p for p in _PREFIX_WORDS if word.startswith(p) and word[len(p):][:1].isdigit()), None)
                if prefix:
                    i += len(prefix)
                    continue
            english = _read_english(s, i) if word in _EN_STARTERS else None
            if english is not None:
                value, j = english
                found.append((value, i, j, bool(re.search(r"thousand|million|billion", s[i:j])), False))
                i = j
            else:
                i = m.end()
        else:
            i += 1
    return tuple(found)


def numbers_in(prepared: str, original: str) -> list[tuple[Decimal, NumberSpan]]:
    """Numbers of a text already folded (and perhaps masked) by `text.fold`, with exact values.

    `original` is the caller's text of the same length, for the `raw` of each span.
    """
    return [
        (v, NumberSpan.model_construct(value=float(v), start=a, end=b, raw=original[a:b], magnitude=mag, chinese=cn))
        for v, a, b, mag, cn in _scan(prepared)
    ]


def find_numbers(text: str | None) -> list[NumberSpan]:
    """Every number in `text`, in order of appearance, with its span in the original text.

    Digits glued to letters belong to a code, not a number (SPF50, ord_3k9x, iPhone15), except
    after RMB / CNY / ROI (RMB500, ROI3). Magnitude units count: 2万 -> 20000, 3k -> 3000.
    """
    raw_text = as_text(text)
    return [span for _, span in numbers_in(fold(raw_text), raw_text)]


_CURRENCY_HEAD = re.compile(r"^(?:¥|\$|rmb|cny|人民币)\s*")
_CURRENCY_TAIL = re.compile(r"\s*(?:块钱|元钱|元|块|圆|yuan|rmb|cny|kuai|bucks?)$")
_NEGATIVE = re.compile(r"^(?:-|负|minus\s+)")


def parse_number_decimal(text: str | None) -> Decimal | None:
    """Like `parse_number` but exact (a Decimal), for callers that go on to fen."""
    s = fold(as_text(text)).strip()
    negative = bool(_NEGATIVE.match(s))
    s = _NEGATIVE.sub("", s).strip()
    s = _CURRENCY_TAIL.sub("", _CURRENCY_HEAD.sub("", s)).strip()
    if s == "半":
        value = Decimal("0.5")
    else:
        spans = _scan(s)
        if len(spans) != 1 or spans[0][1] != 0 or spans[0][2] != len(s):
            return None
        value = spans[0][0]
    return -value if negative else value


def parse_number(text: str | None) -> float | None:
    """The value of a text that is one number, else None.

    Currency marks and a sign around it are allowed: '2万' -> 20000.0, '一万五' -> 15000.0,
    '5千块' -> 5000.0, '¥3000' -> 3000.0, '20 thousand' -> 20000.0, '3K' -> 3000.0, '零' -> 0.0,
    '半' -> 0.5, '-5' -> -5.0. Text with anything else in it ('ROI 3', 'abc') -> None.
    """
    value = parse_number_decimal(text)
    return None if value is None else float(value)
