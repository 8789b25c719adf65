"""The seam for text embeddings: a small `Embedder` protocol, a per-text cache, a lexical fallback.

Any model plugs in by implementing `embed_queries` / `embed_passages` (an e5 model would add its
"query: " / "passage: " prefixes there). `default_embedder()` is the process-wide cached
multilingual model; creators' profiles are embedded once per process however often they are
matched.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

__all__ = ["CachedEmbedder", "Embedder", "HashingEmbedder", "default_embedder"]

Vectors = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to L2-normalised float32 rows; queries and passages may be embedded differently."""

    name: str
    """Model name reported in results."""
    baseline_similarity: float
    """Typical cosine between a product and a creator of another vertical: text fit is measured above it."""

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Embed search texts (the product); shape (len(texts), dim)."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Embed documents (creator profiles); shape (len(texts), dim)."""
        ...


def _normalise(x: npt.ArrayLike) -> Vectors:
    v = np.asarray(x, dtype=np.float32)
    if v.ndim == 1:
        v = v[None, :]
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return (v / np.maximum(norms, 1e-12)).astype(np.float32)


class CachedEmbedder:
    """Wraps an embedder with a per-text cache; only texts not seen before reach the model."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.baseline_similarity = inner.baseline_similarity
        self._cache: dict[tuple[bool, str], Vectors] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._cache)

    def _embed(self, texts: Sequence[str], query: bool) -> Vectors:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if (query, t) not in self._cache))
            if missing:
                fresh = self.inner.embed_queries(missing) if query else self.inner.embed_passages(missing)
                for text, row in zip(missing, _normalise(fresh), strict=True):
                    self._cache[(query, text)] = row
            if not texts:
                return np.zeros((0, 0), dtype=np.float32)
            return np.stack([self._cache[(query, t)] for t in texts])

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Embed queries, from the cache where possible."""
        return self._embed(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Embed passages, from the cache where possible."""
        return self._embed(texts, False)


class HashingEmbedder:
    """Character n-grams hashed into a fixed vector: no weights, instant, but lexical only.

    It matches texts that share characters (so Chinese against Chinese, English against English),
    not meanings across languages. Useful where loading a neural model is not worth it.
    """

    name = "hashing-ngram-1-3"
    baseline_similarity = 0.05

    def __init__(self, dim: int = 2048) -> None:
        self.dim = dim

    def _one(self, text: str) -> Vectors:
        v = np.zeros(self.dim, dtype=np.float32)
        s = "".join(ch for ch in text.lower() if not ch.isspace() and ch.isprintable())
        for n in (1, 2, 3):
            for i in range(len(s) - n + 1):
                h = int.from_bytes(hashlib.blake2b(s[i : i + n].encode(), digest_size=8).digest(), "little")
                v[h % self.dim] += 1.0 if (h >> 63) & 1 else -1.0
        return v

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Embed texts (queries and passages alike)."""
        return _normalise(np.stack([self._one(t) for t in texts])) if texts else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Embed texts (queries and passages alike)."""
        return self.embed_queries(texts)


_default: CachedEmbedder | None = None
_default_lock = threading.Lock()


def default_embedder() -> CachedEmbedder:
    """The process-wide multilingual embedder (USE v3), loaded on first use (about 2 s) and cached."""
    global _default
    with _default_lock:
        if _default is None:
            from models.creators.use_embedder import UseEmbedder

            _default = CachedEmbedder(UseEmbedder())
        return _default
