"""Reasons a merchant can read: why a product x lever gets money, is capped, or gets nothing."""

from __future__ import annotations

__all__ = ["SATURATED", "allocation_reason", "fen", "not_funded_reason", "source_phrase"]

SATURATED = 0.8
"""1 - marginal / initial ROI above which more money adds little ("capped by saturation")."""


def fen(amount: float) -> str:
    """Money for people: yuan with thousands separators."""
    return f"¥{amount / 100:,.0f}"


def source_phrase(learned: bool, days: int, shop_learned: bool) -> str:
    """Where a curve's numbers come from."""
    if learned:
        return f"fitted from {days} days of this shop's history"
    prior = "the category prior adjusted by this shop's other levers" if shop_learned else "the category prior"
    if days:
        return f"{prior} ({days} days of history were too flat to say more)"
    return f"{prior} (no history for it)"


def allocation_reason(initial_roi: float, marginal_roi: float, saturation: float, source: str, profit: bool) -> str:
    """Why a funded product x lever gets what it gets."""
    if saturation >= SATURATED:
        return (f"Capped by saturation: the first yuan returns {initial_roi:.2f}, the last only {marginal_roi:.2f}; "
                f"more money here adds little ({source}).")
    stop = "where margin on the next yuan no longer pays for it better elsewhere" if profit else "the plan's cutoff"
    return (f"First yuan returns {initial_roi:.2f}, the last {marginal_roi:.2f} ({stop}: every funded lever stops "
            f"at the same return); {source}.")


def not_funded_reason(initial_roi: float, cutoff: float, below_minimum: bool, min_daily_fen: int) -> str:
    """Why a product x lever gets nothing."""
    if below_minimum:
        return (f"Its share would be under the {fen(min_daily_fen)} a day worth running; "
                f"the money goes to levers that return more (first yuan here {initial_roi:.2f}).")
    return (f"Its first yuan returns {initial_roi:.2f}, less than the {cutoff:.2f} the funded levers still "
            "earn on their last yuan.")
