"""Shared building blocks of the domain types: the strict base model, money, rates, closed sets."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "Category",
    "Channel",
    "DomainModel",
    "Fen",
    "Lever",
    "Rate",
    "SignedFen",
]


class DomainModel(BaseModel):
    """Every domain type rejects unknown fields: a typo is an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


Fen = Annotated[int, Field(ge=0, description="Money in integer fen (1 yuan = 100 fen).")]
SignedFen = Annotated[int, Field(description="Signed money in integer fen; negative reverses an entry.")]
Rate = Annotated[float, Field(ge=0.0, le=1.0)]

Channel = Literal["feed", "live", "search", "mall"]
CHANNELS: tuple[Channel, ...] = get_args(Channel)

Category = Literal["beauty", "apparel", "food", "home", "baby", "digital", "personal_care", "sports"]
CATEGORIES: tuple[Category, ...] = get_args(Category)

Lever = Literal["ads", "coupon", "creator", "organic", "platform"]
"""Where money or sales come from: paid ads, coupons, creators (达人), natural traffic, the platform."""
