"""The texts that get embedded: a product (with its category's name in both languages) and a creator.

Naming the category in both Chinese and English anchors a product in either language to its
vertical: without it, the nearest creators by profile were of the right vertical less often.
"""

from __future__ import annotations

from models.creators.types import CreatorProfile, ProductBrief

__all__ = ["CATEGORY_WORDS", "creator_text", "past_product_text", "product_text"]

CATEGORY_WORDS: dict[str, str] = {
    "beauty": "美妆护肤 Beauty & Skincare",
    "apparel": "服饰内衣 Apparel & Underwear",
    "food": "食品生鲜 Food & Fresh Produce",
    "home": "家居家电 Home & Appliances",
    "baby": "母婴用品 Mother & Baby",
    "digital": "3C数码 Digital & Electronics",
    "personal_care": "个护清洁 Personal Care & Cleaning",
    "sports": "运动户外 Sports & Outdoors",
}
"""The platform's category keys in words; an unknown key is used as it is."""


def _category(key: str) -> str:
    return CATEGORY_WORDS.get(key, key.replace("_", " "))


def product_text(product: ProductBrief, query: str = "") -> str:
    """What a product is, for embedding as a query: category | titles | selling points | merchant's words."""
    titles = " ".join(t for t in (product.title_zh, product.title_en) if t)
    parts = [_category(product.category), titles, " ".join(product.selling_points), query]
    return " | ".join(p for p in parts if p)


def past_product_text(category: str, title: str) -> str:
    """A past collaboration's product as text (category and title only)."""
    return " | ".join(p for p in (_category(category), title) if p)


def creator_text(creator: CreatorProfile) -> str:
    """What a creator makes, for embedding as a passage: nickname and both profiles."""
    return f"{creator.name}：{creator.profile_zh} {creator.profile_en}".strip()
