"""Which language a message is in, so the reply can be in the same one."""

from __future__ import annotations

import re

from agents.offline.language.money import Lang
from agents.offline.language.text import EMAIL_RE, ID_RE, as_text, fold, han_count

__all__ = ["detect_language"]

_LATIN_WORD = re.compile(r"[a-z]{2,}")
# Latin tokens Chinese merchants and buyers use inside Chinese sentences; they say nothing about
# the language of the reply.
_NEUTRAL = frozenset({
    "roi", "roas", "gmv", "cpm", "cpc", "cpa", "ctr", "cvr", "kol", "koc", "ok", "okay", "rmb", "cny", "id", "app",
    "ai", "vip", "sku", "spu", "dou", "pk", "diy", "tv", "pdf", "usb", "type", "led", "spf", "pa", "ml", "kg", "cm",
    "mm", "xl", "xxl", "xs", "mah", "tws", "anc", "rgb", "ppsu", "tpe", "ipx",
})


def detect_language(text: str | None, default: Lang = "zh") -> Lang:
    """"zh" or "en": Chinese when Han characters outweigh English words, else English.

    A Han character counts one, an English word (two letters or more) counts one and a half; ids, emails and
    trade acronyms used in Chinese too (ROI, GMV, KOL, OK) count zero. Text with neither (empty,
    digits, emoji) gets `default`.
    """
    s = fold(as_text(text))
    s = EMAIL_RE.sub(" ", ID_RE.sub(" ", s))
    han = han_count(s)
    words = sum(1 for w in _LATIN_WORD.findall(s) if w not in _NEUTRAL)
    if han == 0 and words == 0:
        return default
    return "zh" if 2 * han > 3 * words else "en"
