"""Text preparation shared by every parser: width folding, lower-casing and span masking.

Every transformation here keeps the text's length, so a span found in the prepared text is the
same span in the caller's original text.
"""

from __future__ import annotations

import re

from agents.offline.language.errors import LanguageInputError

__all__ = [
    "EMAIL_RE",
    "HAN",
    "ID_RE",
    "MASKED_PHONE_RE",
    "PHONE_RE",
    "as_text",
    "fold",
    "han_count",
    "mask",
    "protected_spans",
]

# Full-width ASCII (U+FF01..U+FF5E) to ASCII, the ideographic space to a space, ￥ to ¥; upper-case
# ASCII to lower case. All 1:1, so offsets survive (str.lower() is not: 'İ' becomes two chars).
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0xFFE5: ord("¥"), 0x2014: ord("-"), 0x2212: ord("-"), 0x2236: ord(":")})
_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
"""One Han character (CJK unified ideographs and extension A)."""

ID_PREFIXES = ("shp", "prd", "cmp", "pln", "crv", "cpn", "crt", "col", "cpl", "ord", "byr", "rtn", "evt", "adv", "prp", "esc")
ID_RE = re.compile(r"(?<![0-9a-z_])(?:" + "|".join(ID_PREFIXES) + r")_[0-9a-z]+", re.IGNORECASE)
"""A platform id with its visible prefix (ord_..., prd_..., prp_...)."""

EMAIL_RE = re.compile(r"[0-9a-z._%+-]+@[0-9a-z-]+(?:\.[0-9a-z-]+)+", re.IGNORECASE)
PHONE_RE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9])[- ]?([0-9]{4})[- ]?([0-9]{4})(?![0-9])")
"""A mainland mobile number, optionally with +86 and spaces or dashes (138 1234 5678)."""
MASKED_PHONE_RE = re.compile(r"(?<![0-9])(1[3-9][0-9])[*xX×]{4}([0-9]{4})(?![0-9])")
"""A masked mobile number as platforms show it (138****5678)."""

# Digits that name an order or a tracking number, and bare digit strings too long to be an amount.
_ORDER_NO_RE = re.compile(
    r"(?:订单号|订单编号|单号|运单号|快递单号|order\s*(?:number|no\.?|id|#)|tracking\s*(?:number|no\.?)|#|no\.)\s*[:：]?\s*[0-9a-z-]{4,}",
    re.IGNORECASE,
)
_LONG_DIGITS_RE = re.compile(r"(?<![0-9.,])[0-9]{9,}(?![0-9])")
_TIME_RE = re.compile(r"(?<![0-9])[0-2]?[0-9]:[0-5][0-9](?![0-9])|(?<![0-9])[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}(?![0-9])")


def as_text(text: object) -> str:
    """`text` as a str: None becomes "", anything else that is not a str is a caller bug."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise LanguageInputError(f"expected text (str), got {type(text).__name__}: {text!r:.60}",
                                 hint="pass the user's message as a str; None is read as empty")
    return text


def fold(text: str) -> str:
    """Full-width forms to ASCII and ASCII to lower case, keeping every offset."""
    return text.translate(_FOLD).translate(_LOWER)


def han_count(text: str) -> int:
    """How many Han characters `text` holds."""
    return len(HAN.findall(text))


def protected_spans(folded: str) -> list[tuple[int, int]]:
    """Spans that hold ids, emails, phone numbers, order numbers, times and dates: never amounts."""
    spans: list[tuple[int, int]] = []
    for pattern in (ID_RE, EMAIL_RE, PHONE_RE, MASKED_PHONE_RE, _ORDER_NO_RE, _LONG_DIGITS_RE, _TIME_RE):
        spans.extend(m.span() for m in pattern.finditer(folded))
    return spans


def mask(folded: str, spans: list[tuple[int, int]], fill: str = "#") -> str:
    """`folded` with every character inside `spans` replaced by `fill` (same length)."""
    chars = list(folded)
    for start, end in spans:
        chars[start:end] = fill * (end - start)
    return "".join(chars)
