"""The offline model's language layer: merchant and buyer messages in Chinese and English -> typed
intents and slots, and the replies back. Deterministic, no LLM, no network: regexes and tables.

- numbers: `parse_number`, `find_numbers` (2万, 一万五, 3k, 20 thousand, 十二万三千, 1,000)
- money: `find_amounts` (money only with a cue: ¥, 元, 块, yuan, RMB, a budget word), `format_money`
- merchants: `parse_merchant(text, products) -> MerchantIntent` (set_goal, show_ledger, explain_change, ...)
- buyers: `parse_buyer(text) -> BuyerIntent` (order_status, shipping, return, ... plus `injection`)
- `detect_language(text) -> "zh" | "en"`, `reply_polarity(text)` for pending confirmations
- replies: `say(key, lang, **slots)` over the two-language phrasebook
"""

from __future__ import annotations

from agents.offline.language.buyer import (
    BUYER_KINDS,
    BuyerIntent,
    BuyerKind,
    ReturnReason,
    parse_buyer,
)
from agents.offline.language.coupons import CouponSlots, describe_coupon
from agents.offline.language.errors import LanguageInputError
from agents.offline.language.injection import INJECTION_KINDS, InjectionKind
from agents.offline.language.lang import detect_language
from agents.offline.language.merchant import (
    GOAL_SLOTS,
    MERCHANT_KINDS,
    MerchantIntent,
    MerchantKind,
    Metric,
    parse_merchant,
)
from agents.offline.language.money import (
    Amount,
    AmountCue,
    Lang,
    find_amounts,
    format_money,
)
from agents.offline.language.numbers import NumberSpan, find_numbers, parse_number
from agents.offline.language.numerals import to_chinese_numeral
from agents.offline.language.periods import Period
from agents.offline.language.polarity import reply_polarity
from agents.offline.language.products import ProductMatch, ProductRef, match_products
from agents.offline.language.templates import (
    ASK_KEYS,
    TEMPLATE_KEYS,
    label,
    say,
    template_slots,
)

__all__ = [
    "ASK_KEYS",
    "BUYER_KINDS",
    "GOAL_SLOTS",
    "INJECTION_KINDS",
    "MERCHANT_KINDS",
    "TEMPLATE_KEYS",
    "Amount",
    "AmountCue",
    "BuyerIntent",
    "BuyerKind",
    "CouponSlots",
    "InjectionKind",
    "Lang",
    "LanguageInputError",
    "MerchantIntent",
    "MerchantKind",
    "Metric",
    "NumberSpan",
    "Period",
    "ProductMatch",
    "ProductRef",
    "ReturnReason",
    "describe_coupon",
    "detect_language",
    "find_amounts",
    "find_numbers",
    "format_money",
    "label",
    "match_products",
    "parse_buyer",
    "parse_merchant",
    "parse_number",
    "reply_polarity",
    "say",
    "template_slots",
    "to_chinese_numeral",
]
