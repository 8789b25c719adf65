"""Words Chinese advertising law forbids in ad copy, each with the reason a merchant can read.

Article 9(3) of the Advertising Law (广告法) bans "国家级", "最高级", "最佳" and the like; market
regulators apply it to every absolute claim (最, 第一, 唯一, 顶级, 100% ...). Medical and guaranteed-
effect claims are banned for ordinary goods (Art. 17, 28). English equivalents are checked too,
since cross-border listings carry both languages.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

__all__ = ["BANNED", "Violation", "check_copy"]

_ABSOLUTE = "absolute or superlative claim (广告法 Art. 9: 不得使用国家级、最高级、最佳等用语)"
_OFFICIAL = "implies state endorsement or an official rank (广告法 Art. 9)"
_GUARANTEE = "guaranteed effect or certainty (广告法 Art. 28: 虚假或者引人误解的内容)"
_MEDICAL = "medical or curative claim for an ordinary product (广告法 Art. 17)"
_PRICE = "unverifiable lowest-price claim (价格法 / 广告法 Art. 28)"

BANNED: dict[str, str] = {
    "国家级": _OFFICIAL, "世界级": _OFFICIAL, "国家免检": _OFFICIAL, "领导人推荐": _OFFICIAL,
    "最": _ABSOLUTE, "第一": _ABSOLUTE, "唯一": _ABSOLUTE, "顶级": _ABSOLUTE, "极致": _ABSOLUTE, "首个": _ABSOLUTE,
    "首选": _ABSOLUTE, "独家": _ABSOLUTE, "王牌": _ABSOLUTE, "绝无仅有": _ABSOLUTE, "史无前例": _ABSOLUTE, "万能": _ABSOLUTE,
    "100%": _GUARANTEE, "百分百": _GUARANTEE, "百分之百": _GUARANTEE, "绝对": _GUARANTEE, "永久": _GUARANTEE, "零风险": _GUARANTEE,
    "无效退款": _GUARANTEE, "保证": _GUARANTEE,
    "治疗": _MEDICAL, "治愈": _MEDICAL, "药用": _MEDICAL, "根治": _MEDICAL, "消炎": _MEDICAL,
    "全网最低": _PRICE, "史上最低": _PRICE, "最低价": _PRICE,
    "best": _ABSOLUTE, "no.1": _ABSOLUTE, "number one": _ABSOLUTE, "#1": _ABSOLUTE, "ultimate": _ABSOLUTE,
    "world-class": _OFFICIAL, "guaranteed": _GUARANTEE, "cure": _MEDICAL, "cures": _MEDICAL, "lowest price": _PRICE,
}
# English words match as whole words ("cure" must not flag "secure"); Chinese ones as substrings.
_EN = {w: re.compile(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])") for w in BANNED if w.isascii()}


class Violation(BaseModel):
    word: str
    reason: str


def check_copy(text: str) -> list[Violation]:
    """Every banned word in `text` (longest first, each once) with why it is banned."""
    low = text.lower()
    found: list[Violation] = []
    seen: set[str] = set()
    for word in sorted(BANNED, key=len, reverse=True):
        hit = bool(_EN[word].search(low)) if word in _EN else word in text
        # A shorter word inside an already reported longer one ("最" in "全网最低") is the same finding.
        if hit and not any(word in s for s in seen):
            seen.add(word)
            found.append(Violation(word=word, reason=BANNED[word]))
    return found
