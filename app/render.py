"""Terminal formatting: money in yuan, rates, ROI, simulated days, and the report table.

Pure functions of market values: nothing here talks to the market, so every number shown is one
the caller got from it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from market.clock import SimTime, day_start
from market.types import ReportRow

__all__ = [
    "GROUP_TITLES",
    "GroupValue",
    "day_label",
    "group_text",
    "make_console",
    "pct",
    "report_table",
    "roi_text",
    "yuan",
]

GroupValue = str | int | None
"""One value of a report row's `group` dict (a day number, an id, a channel or lever name)."""

GROUP_TITLES: dict[str, str] = {
    "day": "Day",
    "product": "Product",
    "channel": "Channel",
    "campaign": "Campaign / plan",
    "lever": "Lever",
    "creative": "Creative",
}

_PIPE_WIDTH = 200
_NONE = "—"

# Value columns of the report table: header and how a row shows it. Creator cost is shown as one
# column (fee + commission) to keep the table narrow; --json keeps both fields.
_COLUMNS: tuple[tuple[str, Callable[[ReportRow], str]], ...] = (
    ("Impr.", lambda r: f"{r.impressions:,}"),
    ("Clicks", lambda r: f"{r.clicks:,}"),
    ("CTR", lambda r: pct(r.ctr)),
    ("Orders", lambda r: f"{r.orders:,}"),
    ("GMV", lambda r: yuan(r.gmv_fen)),
    ("Refunds", lambda r: yuan(r.refund_fen)),
    ("Ad spend", lambda r: yuan(r.ad_spend_fen)),
    ("Coupons", lambda r: yuan(r.coupon_fen)),
    ("Creators", lambda r: yuan(r.creator_fee_fen + r.creator_commission_fen)),
    ("Mkt cost", lambda r: yuan(r.total_marketing_cost_fen)),
    ("ROI", lambda r: roi_text(r.overall_roi)),
    ("Net profit", lambda r: yuan(r.net_profit_fen)),
)


def make_console(*, stderr: bool = False) -> Console:
    """A console for one command run (created per run, so test runners' captured streams are used)."""
    console = Console(stderr=stderr, highlight=False)
    # Piped output is not a terminal and rich would squeeze the wide report into 80 columns.
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = _PIPE_WIDTH
    return console


def yuan(fen: int) -> str:
    """Integer fen as yuan with two decimals: 123450 -> '¥1,234.50', -5 -> '-¥0.05'."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}¥{whole:,}.{cents:02d}"


def pct(rate: float) -> str:
    """A rate as a percentage with two decimals: 0.02617 -> '2.62%'."""
    return f"{rate * 100:.2f}%"


def roi_text(roi: float | None) -> str:
    """ROI with two decimals; the market gives None when there was no marketing cost."""
    return _NONE if roi is None else f"{roi:.2f}"


def day_label(day: int) -> str:
    """'day 3 (Thu)': a simulated day with its weekday."""
    label = SimTime(day_start(day)).label()
    return label.rsplit(" ", 1)[0]


def group_text(group: str, value: GroupValue, labels: Mapping[GroupValue, str] | None = None) -> str:
    """How one group value reads in a table: a resolved name if given, else the raw value."""
    if labels and value in labels:
        return labels[value]
    if value is None:
        return _NONE
    if group == "day" and isinstance(value, int):
        return day_label(value)
    return str(value)


def report_table(
    rows: Sequence[ReportRow],
    totals: ReportRow | None,
    group: str,
    *,
    labels: Mapping[GroupValue, str] | None = None,
    title: str | None = None,
) -> Table:
    """The report as a table: one line per row and a totals line taken from `totals` as given."""
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", show_footer=False)
    table.add_column(GROUP_TITLES.get(group, group), overflow="fold", max_width=40)
    for header, _ in _COLUMNS:
        table.add_column(header, justify="right", no_wrap=True)
    for i, row in enumerate(rows):
        cells = [Text(group_text(group, row.group.get(group), labels))]
        cells += [Text(show(row)) for _, show in _COLUMNS]
        table.add_row(*cells, end_section=i == len(rows) - 1)
    if totals is not None:
        table.add_row(Text("Total"), *(Text(show(totals)) for _, show in _COLUMNS), style="bold")
    table.caption = (
        "Creators = creator fee + commission; Mkt cost = ads + coupons + creators; ROI = GMV / Mkt cost."
        if totals is not None
        else "No ledger activity in this window."
    )
    table.caption_justify = "left"
    return table
