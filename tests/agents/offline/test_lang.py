"""Language detection: reply in the language the user wrote in."""

from __future__ import annotations

import pytest

from agents.offline.language import LanguageInputError, detect_language


@pytest.mark.parametrize(("text", "lang"), [
    ("本周预算2万，ROI不低于3", "zh"), ("ROI 3 的话预算2w", "zh"), ("帮我push一下serum", "zh"), ("我的订单ord_1a2b3c4d到哪了", "zh"),
    ("GMV怎么掉了", "zh"), ("OK 好的", "zh"), ("this week: 20,000 yuan in total", "en"), ("push the 精华 please", "en"),
    ("boost 精华 by 20%", "en"), ("where is my order ord_1a2b3c4d?", "en"), ("why did ROI drop", "en"), ("ok", "zh"),
    ("", "zh"), ("12345", "zh"), ("🙂", "zh"), ("ＨＥＬＬＯ ＴＨＥＲＥ", "en"),
])
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_default_applies_only_without_signal() -> None:
    assert detect_language("", default="en") == "en"
    assert detect_language("123 ROI", default="en") == "en"
    assert detect_language("你好", default="en") == "zh"


def test_detect_language_refuses_non_text() -> None:
    assert detect_language(None) == "zh"
    with pytest.raises(LanguageInputError):
        detect_language(["hi"])  # type: ignore[arg-type]
