"""Reply templates: both languages, the same slots, values formatted by slot name, strict errors."""

from __future__ import annotations

import string

import pytest

from agents.offline.language import (
    ASK_KEYS,
    GOAL_SLOTS,
    TEMPLATE_KEYS,
    LanguageInputError,
    label,
    say,
    template_slots,
)
from agents.offline.language.phrasebook import LABELS, TEMPLATES

REQUIRED_KEYS = {
    "goal_confirm", "plan_summary", "approval_request", "approval_done", "approval_rejected", "ledger_summary",
    "diagnosis_summary", "coupon_proposal", "creator_shortlist", "creatives_intro", "ask_authenticate", "order_status",
    "shipping_status", "return_accepted", "return_refused", "exchange_accepted", "cancel_confirm", "discount_answer",
    "handoff_human", "i_am_ai", "cannot_help", "ask_budget", "ask_roi_target", "ask_horizon", "ask_products",
}


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_key_exists_in_both_languages_with_the_same_slots() -> None:
    assert set(TEMPLATES["zh"]) == set(TEMPLATES["en"]) == set(TEMPLATE_KEYS)
    for key in TEMPLATE_KEYS:
        assert _fields(TEMPLATES["zh"][key]) == _fields(TEMPLATES["en"][key]) == template_slots(key), key


def test_the_replies_the_offline_model_needs_are_there() -> None:
    assert REQUIRED_KEYS <= set(TEMPLATE_KEYS)
    assert set(GOAL_SLOTS) <= set(ASK_KEYS)
    assert set(ASK_KEYS.values()) <= set(TEMPLATE_KEYS)


def test_labels_exist_in_both_languages() -> None:
    for slot, values in LABELS.items():
        for value, by_lang in values.items():
            assert set(by_lang) == {"zh", "en"}, (slot, value)


def _sample(slot: str) -> object:
    if slot.endswith("_fen"):
        return 123_400
    if slot.endswith("_pct"):
        return -0.25
    if slot in ("roi", "roi_target", "expected_roi"):
        return 2.5
    if slot in ("horizon_days", "count", "quantity"):
        return 3
    if slot in ("products", "items", "causes", "actions", "creators"):
        return ["a", "b"]
    return "x"


@pytest.mark.parametrize("key", TEMPLATE_KEYS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_template_renders(key: str, lang: str) -> None:
    text = say(key, lang, **{s: _sample(s) for s in template_slots(key)})  # type: ignore[arg-type]
    assert text and "{" not in text and "}" not in text


def test_goal_confirmation_in_both_languages() -> None:
    slots = {"budget_fen": 2_000_000, "roi_target": 3.0, "products": ["精华", "长尾商品"], "horizon_days": 7}
    assert say("goal_confirm", "zh", **slots).startswith("收到：7天总预算2万元，整体ROI不低于3，主推精华、长尾商品。")
    assert say("goal_confirm", "en", **{**slots, "products": ["the serum", "the long tail"]}).startswith(
        "Got it: ¥20,000 over 7 days, overall ROI at least 3, pushing the serum, the long tail.")


def test_values_are_formatted_by_slot_name() -> None:
    zh = say("diagnosis_summary", "zh", period="yesterday", metric="roi", change_pct=-0.234, causes=["素材疲劳", "竞品降价"],
             actions=["换素材"])
    assert zh == "昨天ROI变化-23.4%。主要原因：素材疲劳、竞品降价。建议：换素材。"
    en = say("report_summary", "en", period="this_week", gmv_fen=6_543_210, cost_fen=2_000_000, roi=3.2716,
             roi_target=3, budget_left_fen=0)
    assert en == "Progress for this week: GMV ¥65,432.10, spend ¥20,000, ROI 3.27 (target 3), budget left ¥0."
    assert say("order_status", "zh", order_id="ord_1", product="精华", status="shipped") == "您的订单ord_1（精华）当前状态：已发货。"
    assert say("boost_proposal", "en", products=["the serum"], change_pct=0.2) == "I'll change the budget of the serum by +20%."
    assert say("order_status", "en", order_id="ord_1", product="x", status="on hold") == "Your order ord_1 (x) is on hold."


def test_label() -> None:
    assert label("period", "yesterday", "zh") == "昨天"
    assert label("metric", "gmv", "en") == "GMV"
    assert label("period", "next_year", "en") == "next_year"
    assert label("nothing", "x", "zh") == "x"


@pytest.mark.parametrize(("key", "lang", "slots", "needle"), [
    ("no_such_key", "zh", {}, "unknown template key"),
    ("help", "fr", {}, "unknown language"),
    ("goal_confirm", "en", {"budget_fen": 1}, "missing"),
    ("help", "en", {"budget_fen": 1}, "unexpected"),
    ("approval_done", "en", {"action": True}, "bool"),
    ("cancel_done", "zh", {"order_id": "ord_1", "refund_fen": 12.5}, "integer fen"),
    ("boost_proposal", "zh", {"products": ["a"], "change_pct": "20%"}, "fraction"),
])
def test_bad_calls_raise_with_a_hint(key: str, lang: str, slots: dict[str, object], needle: str) -> None:
    with pytest.raises(LanguageInputError) as err:
        say(key, lang, **slots)  # type: ignore[arg-type]
    assert needle in err.value.message and err.value.hint


def test_template_slots_of_unknown_key() -> None:
    with pytest.raises(LanguageInputError):
        template_slots("nope")
