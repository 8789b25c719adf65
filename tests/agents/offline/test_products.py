"""Product matching: titles and aliases in both languages, product nouns, categories, scopes, exclusions."""

from __future__ import annotations

import pytest

from agents.offline.language import ProductRef, match_products
from tests.agents.offline.conftest import ALL, LONG_TAIL, TOP


@pytest.mark.parametrize(("text", "ids"), [
    ("push the serum", ["prd_serum"]),
    ("主推精华", ["prd_serum"]),
    ("推一下防晒", ["prd_sunscreen"]),
    ("pause the latiao", ["prd_latiao"]),
    ("停掉辣条", ["prd_latiao"]),
    ("the coffee", ["prd_coffee"]),                      # zh-only title, English noun via the glossary
    ("给耳机加预算", ["prd_earbuds"]),                     # en-only title, Chinese noun via the glossary
    ("boost the air fryer", ["prd_fryer"]),
    ("push the earbuds and the air fryer", ["prd_fryer", "prd_earbuds"]),
    ("精华和防晒都推", ["prd_serum", "prd_sunscreen"]),
    ("T恤", ["prd_tee"]),
    ("瑜伽垫", ["prd_yoga"]),
    ("电动牙刷", ["prd_brush", "prd_heads"]),             # both titles say it: both named
    ("刷头", ["prd_heads"]),
    ("push the replacement heads", ["prd_heads"]),
    ("推美妆类", ["prd_serum", "prd_sunscreen"]),
    ("push beauty products", ["prd_serum", "prd_sunscreen"]),
    ("push food", ["prd_latiao", "prd_coffee"]),
    ("本周预算2万，ROI不低于3", []),
    ("this week: 20,000 yuan in total, overall ROI at least 3", []),
    ("", []),
])
def test_named_products(catalogue: list[ProductRef], text: str, ids: list[str]) -> None:
    assert match_products(text, catalogue).product_ids == ids


def test_long_tail_is_every_product_not_a_top_seller(catalogue: list[ProductRef]) -> None:
    for text in ("push the new serum and the long tail", "主推精华和长尾商品", "the rest of the catalogue", "其他商品"):
        m = match_products(text, catalogue)
        assert m.long_tail and m.product_ids == LONG_TAIL, text


def test_top_sellers_and_whole_shop(catalogue: list[ProductRef]) -> None:
    top = match_products("主推爆款", catalogue)
    assert top.top_sellers and top.product_ids == TOP
    for text in ("全店", "all products", "整个店铺", "the whole shop"):
        m = match_products(text, catalogue)
        assert m.whole_shop and m.product_ids == ALL, text
    both = match_products("push the sunscreen and the long tail", catalogue)
    assert both.product_ids == [p for p in ALL if p in LONG_TAIL or p == "prd_sunscreen"]


@pytest.mark.parametrize("text", ["all products except the serum", "除了精华其他都推", "全店，不包括精华", "everything but not the serum"])
def test_exclusions(catalogue: list[ProductRef], text: str) -> None:
    m = match_products(text, catalogue)
    assert m.excluded_ids == ["prd_serum"]
    assert m.product_ids == [p for p in ALL if p != "prd_serum"]


def test_terms_and_categories_are_reported_as_written(catalogue: list[ProductRef]) -> None:
    m = match_products("Push the Air Fryer and 美妆类", catalogue)
    assert m.terms == ["Air Fryer", "美妆"]
    assert m.categories == ["beauty"]
    assert m.product_ids == ["prd_serum", "prd_sunscreen", "prd_fryer"]


def test_a_category_word_inside_a_product_name_is_not_the_category(catalogue: list[ProductRef]) -> None:
    wipes = ProductRef(id="prd_wipes", title="Baby Hand & Mouth Wipes, Alcohol-Free", category="baby")
    bottle = ProductRef(id="prd_bottle", title="Wide-Neck PPSU Baby Bottle", category="baby")
    m = match_products("push the baby wipes", [wipes, bottle])
    assert m.product_ids == ["prd_wipes"] and m.categories == []
    assert match_products("push baby products", [wipes, bottle]).product_ids == ["prd_wipes", "prd_bottle"]


def test_aliases_name_products(catalogue: list[ProductRef]) -> None:
    hero = ProductRef(id="prd_x", title="烟酰胺美白精华液", aliases=["小白瓶", "the white bottle"])
    assert match_products("给小白瓶加预算", [hero]).product_ids == ["prd_x"]
    assert match_products("boost the white bottle", [hero]).product_ids == ["prd_x"]


def test_no_products_no_match() -> None:
    assert match_products("push the serum", []).product_ids == []
    assert match_products("全店", []).whole_shop
