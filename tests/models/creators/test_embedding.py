"""Embeddings: Chinese and English products find their vertical's creators; the cache embeds once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from models.creators import CachedEmbedder, Embedder, HashingEmbedder, MatchRequest, match_creators
from models.creators.texts import creator_text

from .builders import bilingual_creators, product, segments

PRODUCTS = [
    ("beauty", dict(title_zh="控油保湿精华液 油皮适用", title_en="", selling_points=["成分温和", "清爽不黏腻"])),
    ("beauty", dict(title_zh="", title_en="Long-lasting matte lipstick", selling_points=["rich colour", "no dryness"])),
    ("digital", dict(title_zh="主动降噪蓝牙耳机", title_en="", selling_points=["续航30小时", "通透模式"])),
    ("digital", dict(title_zh="", title_en="Wireless noise-cancelling earbuds", selling_points=["30-hour battery"])),
    ("sports", dict(title_zh="缓震专业跑鞋", title_en="", selling_points=["轻量回弹", "防滑耐磨"])),
    ("food", dict(title_zh="", title_en="Spicy beef jerky snack pack", selling_points=["office snack"])),
]


@pytest.mark.parametrize(("category", "text"), PRODUCTS)
@pytest.mark.parametrize("profiles", ["zh", "en"])
def test_product_in_either_language_finds_its_vertical(
    use_embedder: CachedEmbedder, category: str, text: dict[str, object], profiles: str
) -> None:
    # Creators identical but for vertical and words, with profiles in one language only: the text
    # fit alone decides, across languages when the product is in the other one.
    creators = bilingual_creators(zh=profiles == "zh", en=profiles == "en")
    res = match_creators(MatchRequest(product=product(category=category, **text), creators=creators,
                                      segments=segments(), top_k=2), use_embedder)
    assert [m.category for m in res.matches] == [category, category]
    assert all(m.same_category for m in res.matches)


def test_raw_similarity_is_cross_lingual(use_embedder: CachedEmbedder) -> None:
    q = use_embedder.embed_queries(["主动降噪蓝牙耳机", "Wireless noise-cancelling earbuds"])
    p = use_embedder.embed_passages([c.profile_en or c.profile_zh for c in bilingual_creators(zh=False)])
    cats = [c.category for c in bilingual_creators()]
    for row in q @ p.T:
        assert cats[int(np.argmax(row))] == "digital"


class _Counting:
    name = "counting"
    baseline_similarity = 0.0

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_queries(texts)


def test_cache_embeds_each_text_once_and_normalises() -> None:
    inner = _Counting()
    emb = CachedEmbedder(inner)
    assert isinstance(emb, Embedder) and isinstance(inner, Embedder)
    texts = [creator_text(c) for c in bilingual_creators()]
    first = emb.embed_passages(texts + texts[:2])
    again = emb.embed_passages(list(reversed(texts)))
    assert inner.seen == texts  # duplicates and repeats never reach the model
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0)
    assert np.array_equal(again, first[: len(texts)][::-1])
    emb.embed_queries(texts[:1])  # a query is embedded apart from the same passage text
    assert inner.seen == texts + texts[:1] and len(emb) == len(texts) + 1
    assert emb.embed_passages([]).shape[0] == 0


def test_hashing_embedder_is_deterministic_and_lexical() -> None:
    h = HashingEmbedder(dim=256)
    a = h.embed_queries(["降噪耳机测评", "降噪耳机", "running shoes"])
    assert np.array_equal(a, HashingEmbedder(dim=256).embed_queries(["降噪耳机测评", "降噪耳机", "running shoes"]))
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)
    assert a[0] @ a[1] > 0.5 > abs(a[0] @ a[2])
