"""The ledger report as the CLI shows it: a window of days, one grouping, and the market's totals.

Every number comes from `SimMarket.report`: the rows from a grouped call and the totals from an
ungrouped call over the same window, so the totals are the market's, not a sum made here.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from rich.table import Table

from market.clock import STEPS_PER_DAY, SimTime, day_of, day_start
from market.errors import InvalidInput, MarketError
from market.simulator import SimMarket
from market.types import Creative, ReportGroup, ReportRow, Shop

from app.render import GroupValue, report_table

__all__ = ["ReportView", "first_shop", "group_labels", "load_report", "report_window", "view_table", "window_text"]


class ReportView(BaseModel):
    """One report as printed (and as `--json` emits it)."""

    shop_id: str
    start_step: int = Field(description="First step of the window (inclusive).")
    end_step: int = Field(description="End of the window (exclusive): the simulated time of the report.")
    group_by: list[ReportGroup]
    rows: list[ReportRow]
    totals: ReportRow | None = Field(description="report() over the window with no grouping; None if it is empty.")


def report_window(now: SimTime, days: int) -> tuple[int, int]:
    """Steps [start, now) covering the last `days` days that have begun, the current one partial."""
    if days < 1:
        raise InvalidInput(f"days must be at least 1, got {days}")
    # At exactly midnight the new day has no steps yet, so the last day with data is the one before.
    last_day = day_of(now.step - 1) if now.step > 0 else 0
    return day_start(max(0, last_day - days + 1)), now.step


def window_text(start: int, end: int) -> str:
    """'day 0 (Mon) 00:00 → day 2 (Wed) 00:00, 2.0 days'."""
    return f"{SimTime(start).label()} → {SimTime(end).label()}, {(end - start) / STEPS_PER_DAY:.1f} days"


def first_shop(market: SimMarket) -> Shop:
    """The shop commands use when none is named."""
    shops = market.list_shops()
    if not shops:
        raise InvalidInput("this world has no shops")
    return shops[0]


def load_report(market: SimMarket, shop_id: str, start: int, end: int, group: ReportGroup) -> ReportView:
    """The grouped rows and the market's own totals over steps [start, end)."""
    rows = market.report(shop_id, start_step=start, end_step=end, group_by=[group])
    totals = market.report(shop_id, start_step=start, end_step=end)
    return ReportView(shop_id=shop_id, start_step=start, end_step=end, group_by=[group], rows=rows,
                      totals=totals[0] if totals else None)


def group_labels(market: SimMarket, shop_id: str, group: ReportGroup, rows: list[ReportRow]) -> dict[GroupValue, str]:
    """Product titles, campaign / plan names and creative titles for the ids in `rows`."""
    ids = [v for r in rows if isinstance(v := r.group.get(group), str)]
    if not ids or group not in ("product", "campaign", "creative"):
        return {}
    if group == "creative":
        titles = {c.id: c.title for c in _all_creatives(market, shop_id)}
        return {i: titles[i] for i in ids if i in titles}
    labels: dict[GroupValue, str] = {}
    for value in ids:
        try:
            if group == "product":
                labels[value] = market.get_product(shop_id, value).title_zh
            elif value.startswith("pln_"):  # the ledger books overall plans under campaign_id too
                labels[value] = market.get_overall_plan(shop_id, value).name
            else:
                labels[value] = market.get_campaign(shop_id, value).name
        except MarketError:
            labels[value] = value  # an id the market cannot resolve still reads as itself
    return labels


def view_table(market: SimMarket, view: ReportView, title: str | None = None) -> Table:
    """The view as a rich table, ids resolved to names."""
    group = view.group_by[0]
    labels = group_labels(market, view.shop_id, group, view.rows)
    return report_table(view.rows, view.totals, group, labels=labels, title=title)


def _all_creatives(market: SimMarket, shop_id: str) -> list[Creative]:
    out: list[Creative] = []
    while True:
        page = market.list_creatives(shop_id, limit=200, offset=len(out))
        out += page
        if len(page) < 200:
            return out
