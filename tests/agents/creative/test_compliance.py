"""Ad-law wording: banned words are caught with a reason; the creative agent's own variants are clean."""

from __future__ import annotations

import pytest

from agents.creative import BANNED, check_copy
from agents.offline.roles.creative import variants_for


@pytest.mark.parametrize(("text", "words"), [
    ("全网最低价，第一品牌", {"全网最低", "最低价", "第一"}),
    ("国家级工艺，100%纯棉", {"国家级", "100%"}),
    ("The best serum, guaranteed results", {"best", "guaranteed"}),
    ("温和保湿，敏感肌可用", set()),
    ("secure packaging, curated picks", set()),  # 'cure' only as a word
])
def test_banned_words_are_found_with_reasons(text: str, words: set[str]) -> None:
    found = check_copy(text)
    assert {v.word for v in found} == words
    assert all(v.reason == BANNED[v.word] for v in found)


def test_variants_drop_non_compliant_selling_points() -> None:
    product = {"id": "prd_x", "title_zh": "玻尿酸精华", "title_en": "Hyaluronic serum", "price_fen": 12900,
               "selling_points_zh": ["最强补水", "温和不刺激", "28天见效"], "selling_points_en": ["the best hydration", "gentle"]}
    for lang in ("zh", "en"):
        variants, dropped = variants_for(product, lang, 3)
        assert variants and dropped
        for v in variants:
            assert check_copy(" ".join([v["title"], v["hook"], v["script"]])) == []
            assert v["product_id"] == "prd_x" and v["script"].startswith(v["hook"])
        assert len({v["hook"] for v in variants}) == len(variants), "A/B variants differ in their hook"
