"""Reading the shop's history for the models: complete days of reports, products, segments.

Every policy tool that learns from the past reads it here, so "history" means the same thing in
each: the last `days` complete simulated days (today's partial figures would read as a collapse).
"""

from __future__ import annotations

from market import Backend
from market.clock import STEPS_PER_DAY
from market.types import CATEGORIES, BuyerSegment, Product, ReportGroup, ReportRow

__all__ = ["complete_days", "products", "segment_interests"]

_PAGE = 100


def complete_days(m: Backend, shop: str, days: int, group_by: list[ReportGroup]) -> tuple[int, int, list[ReportRow]]:
    """First day, end day (exclusive) and report rows of the last `days` complete days."""
    today = m.now().step // STEPS_PER_DAY
    first = max(0, today - days)
    return first, today, m.report(shop, start_step=first * STEPS_PER_DAY, end_step=today * STEPS_PER_DAY, group_by=group_by)


def products(m: Backend, shop: str) -> list[Product]:
    """Every product of the shop (all pages)."""
    out: list[Product] = []
    while True:
        page = m.list_products(shop, limit=_PAGE, offset=len(out))
        out += page
        if len(page) < _PAGE:
            return out


def segment_interests(seg: BuyerSegment) -> dict[str, float]:
    """A segment's interest per category, keyed by category."""
    return dict(zip(CATEGORIES, seg.interests, strict=False))
