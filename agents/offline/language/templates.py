"""`say(key, lang, **slots)`: the offline model's replies, filled and formatted per language.

Values are formatted by slot name, so callers pass raw numbers:
- `*_fen` (int): money, ¥20,000 in English, 2万元 in Chinese (`money.format_money`);
- `*_pct` (float): a signed fraction as a percentage, +0.2 -> "+20%";
- `roi`, `roi_target`, `expected_roi` (float): up to two decimals, 3.0 -> "3", 2.456 -> "2.46";
- lists: joined with 、 in Chinese and ", " in English;
- `period`, `metric`, `status`, `last_event`, `reason`: a known code (yesterday, roi, shipped, ...) becomes its label
  (`phrasebook.LABELS`); any other text is used as given.
"""

from __future__ import annotations

import string

from agents.offline.language.errors import LanguageInputError
from agents.offline.language.money import Lang, format_money
from agents.offline.language.phrasebook import LABELS, TEMPLATES

__all__ = ["ASK_KEYS", "TEMPLATE_KEYS", "label", "say", "template_slots"]

TEMPLATE_KEYS: tuple[str, ...] = tuple(TEMPLATES["en"])
"""Every template key, in the phrasebook's order."""

ASK_KEYS: dict[str, str] = {"budget_fen": "ask_budget", "roi_target": "ask_roi_target", "horizon_days": "ask_horizon",
                            "product_ids": "ask_products", "coupon": "ask_coupon_terms", "order_id": "ask_order_id"}
"""Slot name (as in `MerchantIntent.missing` / `BuyerIntent`) -> the template that asks for it."""

_ROI_SLOTS = frozenset({"roi", "roi_target", "expected_roi"})


def template_slots(key: str) -> frozenset[str]:
    """The placeholders of template `key` (the same in both languages)."""
    _check(key, "en")
    return frozenset(f for _, f, _, _ in string.Formatter().parse(TEMPLATES["en"][key]) if f)


def label(slot: str, value: str, lang: Lang) -> str:
    """The label of a closed-set value for a slot (label('period', 'yesterday', 'zh') -> '昨天'); other values unchanged."""
    return LABELS.get(slot, {}).get(value, {}).get(lang, value)


def _number(value: float) -> str:
    return f"{round(float(value), 2):g}"


def _format(slot: str, value: object, lang: Lang) -> str:
    if isinstance(value, bool):
        raise LanguageInputError(f"slot {slot!r} got a bool ({value!r})", hint="pass the text or number the reply shows")
    if slot.endswith("_fen"):
        if not isinstance(value, int):
            raise LanguageInputError(f"slot {slot!r} takes integer fen, got {value!r}", hint="2万元 = 2000000 fen")
        return format_money(value, lang)
    if slot.endswith("_pct"):
        if not isinstance(value, (int, float)):
            raise LanguageInputError(f"slot {slot!r} takes a fraction, got {value!r}", hint="+20% = 0.2")
        pct = round(float(value) * 100, 1)
        return f"{pct:+g}%"
    if slot in _ROI_SLOTS and isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, (list, tuple)) and not isinstance(value, str):
        return ("、" if lang == "zh" else ", ").join(_format(slot, v, lang) if slot in LABELS else str(v) for v in value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str) and slot in LABELS:
        return label(slot, value, lang)
    return str(value)


def _check(key: str, lang: str) -> None:
    if lang not in TEMPLATES:
        raise LanguageInputError(f"unknown language {lang!r}", hint="use 'zh' or 'en' (see detect_language)")
    if key not in TEMPLATES[lang]:
        raise LanguageInputError(f"unknown template key {key!r}", hint=f"known keys: {', '.join(TEMPLATE_KEYS)}")


def say(key: str, lang: Lang, **slots: object) -> str:
    """Template `key` in `lang`, filled with `slots` (formatted by name, see the module doc).

    Raises LanguageInputError for an unknown key or language, a missing or unexpected slot, or a
    value of the wrong kind for its slot (non-integer fen).
    """
    _check(key, lang)
    wanted = template_slots(key)
    missing = sorted(wanted - slots.keys())
    extra = sorted(slots.keys() - wanted)
    if missing or extra:
        raise LanguageInputError(
            f"template {key!r} takes slots {sorted(wanted)}; missing {missing}, unexpected {extra}",
            hint=f"call say({key!r}, lang, " + ", ".join(f"{s}=..." for s in sorted(wanted)) + ")")
    return TEMPLATES[lang][key].format(**{name: _format(name, value, lang) for name, value in slots.items()})
