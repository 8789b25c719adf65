"""Audience overlap: how much a creator's followers want a product, relative to the average buyer.

The product's target weight per segment is the segment's interest in the product's category (or
the merchant's chosen target segments). A creator's lift is the target weight of their audience
over that of the whole platform — a target group index (TGI) of 1.0 means an average audience.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from models.creators.types import CreatorProfile, SegmentInfo
from models.errors import ModelInputError

__all__ = ["INTEREST_FLOOR", "Segments", "audience_matrix", "lift"]

INTEREST_FLOOR = 0.25
"""Everyone buys a category a little: without a floor a low-interest audience would count as zero."""

Array = npt.NDArray[np.float64]


class Segments:
    """The platform's segments as arrays: keys, population shares and interests per category."""

    def __init__(self, segments: Sequence[SegmentInfo]) -> None:
        keys = [s.key for s in segments]
        if len(set(keys)) != len(keys):
            dup = sorted({k for k in keys if keys.count(k) > 1})
            raise ModelInputError(f"duplicate segment keys {dup}", hint="pass each segment of list_segments once")
        self.keys = keys
        self.index = {k: i for i, k in enumerate(keys)}
        self.names = [s.name or s.key for s in segments]
        share = np.array([s.share for s in segments], dtype=np.float64)
        self.share: Array = share / share.sum()
        self._interests = [s.interests for s in segments]
        self.categories = sorted(set().union(*(s.interests for s in segments)))

    def weights(self, category: str, targets: Sequence[str] = ()) -> Array:
        """Target weight per segment for a product of `category` (or for the chosen target segments)."""
        if targets:
            unknown = [t for t in targets if t not in self.index]
            if unknown:
                raise ModelInputError(f"unknown target segments {unknown}", hint=f"use segment keys: {self.keys}")
            w = np.full(len(self.keys), INTEREST_FLOOR)
            w[[self.index[t] for t in targets]] = 1.0 + INTEREST_FLOOR
            return w
        missing = [k for k, i in zip(self.keys, self._interests, strict=True) if category not in i]
        if missing:
            raise ModelInputError(
                f"category {category!r} has no interest in segments {missing}",
                hint=f"use a category key every segment knows: {self.categories}",
            )
        vals = np.array([i[category] for i in self._interests], dtype=np.float64)
        if not np.all(np.isfinite(vals)) or (vals < 0).any():
            raise ModelInputError(f"interests in {category!r} must be finite and >= 0, got {vals.tolist()}")
        return INTEREST_FLOOR + vals


def audience_matrix(creators: Sequence[CreatorProfile], segments: Segments) -> Array:
    """Rows of normalised audience shares, one per creator; an unknown mix is the platform's."""
    keys, known = segments.keys, segments.index.keys()
    platform = segments.share.tolist()
    rows: list[list[float]] = []
    for c in creators:
        mix = c.audience_mix
        if not mix:
            rows.append(platform)
            continue
        row = [mix.get(k, 0.0) for k in keys]
        total = sum(row)
        if mix.keys() <= known and min(row) >= 0 and math.isfinite(total) and total > 0:
            rows.append([x / total for x in row])
            continue
        for key, share in mix.items():  # the slow path only names what is wrong
            if key not in known:
                raise ModelInputError(
                    f"creator {c.id} has audience segment {key!r} that is not a platform segment",
                    hint=f"use segment keys from list_segments: {keys}",
                )
            if not math.isfinite(share) or share < 0:
                raise ModelInputError(f"creator {c.id} has audience share {share!r} for {key!r}; shares must be >= 0")
        raise ModelInputError(f"creator {c.id} has an audience mix that sums to 0", hint="omit it if unknown")
    return np.array(rows, dtype=np.float64).reshape(len(creators), len(keys))


def lift(mix: Array, segments: Segments, weights: Array) -> Array:
    """Target weight of each audience over the platform average (1.0 = an average audience)."""
    return (mix @ weights) / float(segments.share @ weights)
