"""Build the matcher's inputs from the platform's records (dicts, e.g. `Creator.model_dump()`).

The platform aligns audience mixes with its segment list and interests with its category list;
these helpers key them by name. They take plain mappings so that `models` never imports `market`:
the caller passes `market.types.CATEGORIES` as `category_keys`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from models.creators.types import CreatorProfile, PastCollaboration, ProductBrief, SegmentInfo
from models.errors import ModelInputError

__all__ = ["collaboration_from_platform", "creator_from_platform", "product_from_platform", "segments_from_platform"]


def segments_from_platform(rows: Sequence[Mapping[str, Any]], category_keys: Sequence[str]) -> list[SegmentInfo]:
    """`list_segments()` records (interests aligned with `category_keys`) as SegmentInfo."""
    out = []
    for s in rows:
        interests = list(s["interests"])
        if len(interests) != len(category_keys):
            raise ModelInputError(
                f"segment {s['key']!r} has {len(interests)} interests for {len(category_keys)} categories",
                hint="pass the platform's category keys in the order of its interests",
            )
        out.append(SegmentInfo(key=s["key"], name=s.get("name_zh") or s.get("name_en") or "", share=s["share"],
                               interests=dict(zip(category_keys, interests, strict=True))))
    return out


def creator_from_platform(row: Mapping[str, Any], segment_keys: Sequence[str]) -> CreatorProfile:
    """A `Creator` record (audience_mix aligned with `segment_keys`) as CreatorProfile."""
    mix = list(row.get("audience_mix") or [])
    if mix and len(mix) != len(segment_keys):
        raise ModelInputError(f"creator {row['id']} has {len(mix)} audience shares for {len(segment_keys)} segments",
                              hint="pass the platform's segment keys in list_segments order")
    fields = {k: row[k] for k in ("id", "name", "category", "followers", "engagement_rate", "content_quality",
                                  "fee_fen", "commission_rate", "profile_zh", "profile_en") if k in row}
    return CreatorProfile(**fields, audience_mix=dict(zip(segment_keys, mix, strict=True)) if mix else {})


def product_from_platform(row: Mapping[str, Any], *, conversion_rate: float | None = None,
                          target_segments: Sequence[str] = ()) -> ProductBrief:
    """A `Product` record as ProductBrief (selling points in both languages)."""
    points = list(row.get("selling_points_zh") or []) + list(row.get("selling_points_en") or [])
    return ProductBrief(id=row["id"], category=row["category"], price_fen=row["price_fen"],
                        title_zh=row.get("title_zh", ""), title_en=row.get("title_en", ""), selling_points=points[:20],
                        conversion_rate=conversion_rate, target_segments=list(target_segments))


def collaboration_from_platform(row: Mapping[str, Any], product: Mapping[str, Any],
                                creator: CreatorProfile | None = None) -> PastCollaboration:
    """A `Collaboration` record with the `Product` record it promoted as PastCollaboration."""
    if row["product_id"] != product["id"]:
        raise ModelInputError(f"collaboration {row.get('id')} is for {row['product_id']}, not {product['id']}",
                              hint="pass the product the collaboration promoted")
    return PastCollaboration(
        creator_id=row["creator_id"], product_id=row["product_id"], product_category=product["category"],
        product_price_fen=product["price_fen"], product_title=product.get("title_zh") or product.get("title_en", ""),
        status=row["status"], views=row.get("impressions", 0), clicks=row.get("clicks", 0),
        orders=row.get("orders", 0), gmv_fen=row.get("gmv_fen", 0), fee_paid_fen=row.get("fee_paid_fen", 0),
        commission_fen=row.get("commission_fen", 0), creator=creator,
    )
