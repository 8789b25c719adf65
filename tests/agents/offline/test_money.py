"""Money: which numbers are amounts, in fen, and how fen is written back per language."""

from __future__ import annotations

import pytest

from agents.offline.language import LanguageInputError, find_amounts, format_money


@pytest.mark.parametrize(("text", "expected"), [
    ("this week: 20,000 yuan in total, overall ROI at least 3", [("20,000 yuan", 2_000_000, "currency")]),
    ("本周预算2万，ROI不低于3", [("2万", 2_000_000, "budget")]),
    ("花5千块推精华", [("5千块", 500_000, "currency")]),
    ("预算两万块钱", [("两万块钱", 2_000_000, "currency")]),
    ("¥3000 for ads", [("¥3000", 300_000, "currency")]),
    ("RMB 500 please", [("RMB 500", 50_000, "currency")]),
    ("budget of 20k", [("20k", 2_000_000, "budget")]),
    ("预算: 1.5w", [("1.5w", 1_500_000, "budget")]),
    ("五千元", [("五千元", 500_000, "currency")]),
    ("twenty thousand yuan", [("twenty thousand yuan", 2_000_000, "currency")]),
    ("每天500，跑7天", [("500", 50_000, "budget")]),
    ("12.5元", [("12.5元", 1250, "currency")]),
    ("先投2000元，再追加3000元", [("2000元", 200_000, "currency"), ("3000元", 300_000, "currency")]),
])
def test_amounts_with_a_money_cue(text: str, expected: list[tuple[str, int, str]]) -> None:
    amounts = find_amounts(text)
    assert [(a.raw, a.value_fen, a.cue) for a in amounts] == expected
    assert all(text[a.start:a.end] == a.raw for a in amounts)


@pytest.mark.parametrize("text", [
    "订单号 20240501123 到哪了", "我的手机13812345678", "手机 138 1234 5678", "+86 13812345678", "ord_3k9x12ab",
    "order #88231", "满200减30", "发500张券", "3天 7天 ROI 3", "投产比不低于2.5", "ROI 3", "20%", "打8折", "粉丝10万以上",
    "2万", "这周2万", "下午3:30", "2024-05-01", "a 30ml bottle", "my email is a3000@qq.com", "SPF50",
])
def test_numbers_that_are_not_money(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize(("text", "fen"), [
    ("这周2万", 2_000_000), ("2w，ROI 3", 2_000_000), ("5千", 500_000), ("3k", 300_000), ("twenty thousand", 2_000_000),
])
def test_budget_context_reads_bare_magnitudes_as_money(text: str, fen: int) -> None:
    assert find_amounts(text) == []
    assert [(a.value_fen, a.cue) for a in find_amounts(text, budget_context=True)] == [(fen, "magnitude")]


def test_budget_context_still_skips_non_money() -> None:
    assert find_amounts("粉丝10万 ord_3k9x 13812345678 7天 300张", budget_context=True) == []
    assert find_amounts("500", budget_context=True) == []  # no cue and no magnitude: a count, a price, anything


@pytest.mark.parametrize(("fen", "zh", "en"), [
    (2_000_000, "2万元", "¥20,000"), (1_500_000, "1.5万元", "¥15,000"), (2_050_000, "2.05万元", "¥20,500"),
    (890_000, "8900元", "¥8,900"), (12_345_600, "123456元", "¥123,456"), (1250, "12.50元", "¥12.50"),
    (0, "0元", "¥0"), (-30_000, "-300元", "-¥300"), (1, "0.01元", "¥0.01"), (1_000_000_000, "1000万元", "¥10,000,000"),
])
def test_format_money(fen: int, zh: str, en: str) -> None:
    assert format_money(fen, "zh") == zh
    assert format_money(fen, "en") == en


@pytest.mark.parametrize(("fen", "lang"), [(12.5, "zh"), (True, "en"), ("100", "en"), (100, "fr")])
def test_format_money_refuses_bad_input(fen: object, lang: str) -> None:
    with pytest.raises(LanguageInputError):
        format_money(fen, lang)  # type: ignore[arg-type]
