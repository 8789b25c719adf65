"""Shops, products, buyers and buyer segments."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from market.types.base import Category, DomainModel, Fen

__all__ = ["Buyer", "BuyerSegment", "FaqEntry", "Product", "ProductStatus", "Shop"]

ProductStatus = Literal["on_sale", "off_shelf"]


class Shop(DomainModel):
    id: str = Field(pattern=r"^shp_[0-9a-z]+$")
    name_zh: str
    name_en: str
    main_category: Category
    rating: float = Field(ge=0.0, le=5.0, description="Shop experience score; under 4 ads stop delivering.")
    balance_fen: Fen = Field(description="Prepaid ad account balance; ads stop when it reaches zero.")
    created_step: int = Field(ge=0)


class FaqEntry(DomainModel):
    q_zh: str
    a_zh: str
    q_en: str
    a_en: str


class Product(DomainModel):
    id: str = Field(pattern=r"^prd_[0-9a-z]+$")
    shop_id: str
    key: str = Field(description="Stable template key the product was generated from.")
    title_zh: str = Field(min_length=1, max_length=120)
    title_en: str = Field(min_length=1, max_length=200)
    category: Category
    price_fen: int = Field(gt=0)
    unit_cost_fen: Fen
    stock: int = Field(ge=0)
    attributes: dict[str, str] = Field(default_factory=dict)
    selling_points_zh: list[str] = Field(default_factory=list)
    selling_points_en: list[str] = Field(default_factory=list)
    faq: list[FaqEntry] = Field(default_factory=list)
    variants: list[str] = Field(default_factory=list)
    return_exception: bool = Field(
        default=False, description="Excluded from the 7-day no-reason return (perishable, custom, opened...)."
    )
    appeal: float = Field(gt=0.0, description="Hidden demand strength relative to its category (simulator truth).")
    status: ProductStatus = "on_sale"


class BuyerSegment(DomainModel):
    key: str
    name_zh: str
    name_en: str
    share: float = Field(gt=0.0, le=1.0)
    interests: list[float] = Field(description="Interest per category, aligned with CATEGORIES.")
    price_sensitivity: float = Field(gt=0.0)
    base_propensity: float = Field(gt=0.0)


class Buyer(DomainModel):
    id: str = Field(pattern=r"^byr_[0-9a-z]+$")
    name: str
    phone: str = Field(pattern=r"^1[3-9][0-9]{9}$")
    email: str
    segment: str
    city: str
    address: str
    remote: bool = False
