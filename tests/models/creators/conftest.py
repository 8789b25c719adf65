"""The real multilingual embedder, shared by the creator tests."""

from __future__ import annotations

import pytest

from models.creators import default_embedder
from models.creators.embedding import CachedEmbedder


@pytest.fixture(scope="session")
def use_embedder() -> CachedEmbedder:
    """The real multilingual embedder, loaded once for the whole test session."""
    return default_embedder()
