"""Creator (达人) matching: rank creators for a product by predicted ROI, with reasons.

    from models.creators import MatchRequest, match_creators
    result = match_creators(MatchRequest(product=..., creators=[...], segments=[...], history=[...]))

Text fit uses multilingual embeddings behind the `Embedder` protocol (default: USE v3, cached per
text); audience overlap and the shop's past collaborations do the rest.
"""

from models.creators.embedding import CachedEmbedder, Embedder, HashingEmbedder, default_embedder
from models.creators.matcher import MODEL_NAME, MODEL_VERSION, match_creators
from models.creators.types import (
    CreatorMatch,
    CreatorProfile,
    MatchRequest,
    MatchResult,
    PastCollaboration,
    ProductBrief,
    SegmentInfo,
)

__all__ = [
    "MODEL_NAME",
    "MODEL_VERSION",
    "CachedEmbedder",
    "CreatorMatch",
    "CreatorProfile",
    "Embedder",
    "HashingEmbedder",
    "MatchRequest",
    "MatchResult",
    "PastCollaboration",
    "ProductBrief",
    "SegmentInfo",
    "default_embedder",
    "match_creators",
]
