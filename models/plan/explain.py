"""Reasons a merchant can read: why a product x lever gets money, is capped, or gets nothing."""

from __future__ import annotations

__all__ = ["SATURATED", "allocation_reason", "fen", "not_funded_reason", "source_phrase"]

SATURATED = 0.8
"""1 - marginal / initial ROI above which more money adds little ("capped by saturation")."""


def fen(amount: float) -> str:
    """Money for people: yuan with thousands separators."""
    return f"¥{amount / 100:,.0f}"


def source_phrase(learned: bool, days: int) -> str:
    """Where a curve's numbers come from."""
    if learned:
        return f"fitted from {days} days of this shop's history"
    if days:
        return f"mostly the category prior ({days} days of history were too flat to say more)"
    return "the category prior (no history for it)"


def allocation_reason(
    initial_roi: float, marginal_roi: float, saturation: float, cutoff: float, learned: bool, days: int, profit: bool
) -> str:
    """Why a funded product x lever gets what it gets."""
    src = source_phrase(learned, days)
    if saturation >= SATURATED:
        return (f"Capped by saturation: at this spend the next yuan returns {marginal_roi:.2f}, "
                f"{1 - saturation:.0%} of what the first did ({initial_roi:.2f}); more money here adds little ({src}).")
    stop = "its margin-weighted return falls to the plan's cutoff" if profit else f"its return falls to the plan's cutoff of {cutoff:.2f}"
    return (f"First yuan returns {initial_roi:.2f}; funded until {stop} ({marginal_roi:.2f} per yuan at this spend, "
            f"{1 - saturation:.0%} of its first-yuan return; {src}).")


def not_funded_reason(initial_roi: float, cutoff: float, below_minimum: bool, min_daily_fen: int) -> str:
    """Why a product x lever gets nothing."""
    if below_minimum:
        return (f"Its share would be under the {fen(min_daily_fen)} a day worth running; "
                f"the money goes to levers that return more (first yuan here {initial_roi:.2f}).")
    return (f"Its first yuan returns {initial_roi:.2f}, less than the {cutoff:.2f} the funded levers still "
            "earn on their last yuan.")
