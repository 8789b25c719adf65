"""Numbers: Arabic, Chinese and English, with magnitude units; Chinese numerals round-trip."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.offline.language import (
    LanguageInputError,
    find_numbers,
    parse_number,
    to_chinese_numeral,
)


@pytest.mark.parametrize(("text", "value"), [
    ("2万", 20000), ("2w", 20000), ("2W", 20000), ("1.5万", 15000), ("一万五", 15000), ("一万五千", 15000),
    ("两千", 2000), ("5千块", 5000), ("三百", 300), ("十二", 12), ("二十万", 200000), ("1,000", 1000),
    ("20,000 yuan", 20000), ("¥3000", 3000), ("￥3000", 3000), ("3k", 3000), ("3K", 3000), ("5000元", 5000),
    ("五千元", 5000), ("2万块钱", 20000), ("20 thousand", 20000), ("RMB 500", 500), ("rmb500", 500), ("半", 0.5),
    ("一万半", 15000), ("两万半", 25000), ("半万", 5000), ("零", 0), ("〇", 0), ("一亿", 10**8), ("十亿", 10**9),
    ("一亿三", 130_000_000), ("三亿五千万", 350_000_000), ("一万亿", 10**12), ("一万零五", 10005),
    ("一千零一十", 1010), ("两百五", 250), ("三千五", 3500), ("1万5千", 15000), ("2万5", 25000), ("2万50", 20050),
    ("3千5百", 3500), ("一点五万", 15000), ("二点五", 2.5), ("2.5", 2.5), ("1.2亿", 120_000_000),
    ("壹万伍仟", 15000), ("十", 10), ("一十五", 15), ("十五", 15), ("一百一十", 110), ("二零二四", 2024),
    ("三四万", 30000), ("twenty thousand", 20000), ("one hundred and five", 105), ("a million", 10**6),
    ("1.5 million", 1_500_000), ("fifty-five thousand", 55000), ("twenty one", 21), ("-5", -5), ("负三", -3),
    ("１２３", 123), ("  2万  ", 20000), ("2万元", 20000), ("100k", 100000), ("10K", 10000), ("1.5k", 1500),
])
def test_parse_number_reads_the_forms_merchants_write(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "ROI 3", "万一", "千万", "一本账 3", "2万 3万", "one two", "ord_3k9x", "SPF50", "3天", "a", "and",
    "点", "2万元和3千元",
])
def test_parse_number_refuses_text_that_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


def test_parse_number_takes_none_as_empty_and_refuses_other_types() -> None:
    assert parse_number(None) is None
    with pytest.raises(LanguageInputError) as err:
        parse_number(42)  # type: ignore[arg-type]
    assert "int" in err.value.message and err.value.hint


def test_find_numbers_gives_spans_in_the_original_text() -> None:
    text = "本周预算２万，ROI不低于三，主推精华, 7天"
    spans = find_numbers(text)
    assert [(s.value, s.raw, s.magnitude, s.chinese) for s in spans] == [
        (20000.0, "２万", True, False), (3.0, "三", False, True), (7.0, "7", False, False)]
    assert all(text[s.start:s.end] == s.raw for s in spans)


def test_digits_inside_codes_are_not_numbers() -> None:
    values = [s.value for s in find_numbers("ord_3k9x12 SPF50 iPhone15 5L 20000mAh")]
    assert values == [5.0, 20000.0]  # 5L and 20000mAh are numbers with units; ids and model names are not


def test_english_number_words_stop_at_non_number_words() -> None:
    spans = find_numbers("about twenty thousand and five hundred, no one else")
    assert [(s.raw, s.value) for s in spans] == [("twenty thousand and five hundred", 20500.0), ("one", 1.0)]


@pytest.mark.parametrize(("n", "text"), [
    (0, "零"), (10, "十"), (15, "十五"), (110, "一百一十"), (1010, "一千零一十"), (10005, "一万零五"),
    (15000, "一万五千"), (100_000_005, "一亿零五"), (1_000_010_000, "十亿零一万"), (123_456, "十二万三千四百五十六"),
    (20_500, "二万零五百"),
])
def test_to_chinese_numeral_writes_the_standard_form(n: int, text: str) -> None:
    assert to_chinese_numeral(n) == text


def test_to_chinese_numeral_styles() -> None:
    assert to_chinese_numeral(2000, style="liang") == "两千"
    assert to_chinese_numeral(20000, style="liang") == "两万"
    assert to_chinese_numeral(15000, style="financial") == "壹万伍仟"
    with pytest.raises(ValueError):
        to_chinese_numeral(-1)


@settings(max_examples=150, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**9), style=st.sampled_from(["standard", "liang", "financial"]))
def test_chinese_numerals_round_trip(n: int, style: str) -> None:
    assert parse_number(to_chinese_numeral(n, style=style)) == n  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**9))
def test_arabic_forms_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n
    wan = format((Decimal(n) / 10000).normalize(), "f")
    assert parse_number(f"{wan}万") == n
