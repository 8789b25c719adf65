"""Turn the platform's answers into explainer inputs (no platform import: plain rows in, models out).

Typical filling from a Backend (what the policy MCP server does), with `day = 48` steps:

    cube = ["channel", "product", "campaign"]
    before = period_from_rows(backend.report(shop, start_step=s0, end_step=s1, group_by=cube),
                              backend.report(shop, start_step=s0, end_step=s1, group_by=["creative", "product"]))
    history = periods_from_daily(backend.report(shop, start_step=h0, end_step=s0, group_by=["day", *cube]),
                                 backend.report(shop, start_step=h0, end_step=s0, group_by=["day", "creative", "product"]))
    auction_before = [row for c in campaigns
                      for row in summarise_auction_insights(c.id, backend.auction_insights(shop, c.id, start_step=s0, end_step=s1))]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from models.errors import ModelInputError
from models.explain.types import AuctionRow, PeriodReport, ReportRowIn

__all__ = ["period_from_rows", "periods_from_daily", "summarise_auction_insights"]


def _as_dict(row: Any) -> Mapping[str, Any]:
    if isinstance(row, Mapping):
        return row
    dump = getattr(row, "model_dump", None)
    if callable(dump):
        return dump()  # type: ignore[no-any-return]
    raise ModelInputError(f"a report row must be a mapping or a pydantic model, got {type(row).__name__}",
                          hint="pass Backend.report(...) rows or their model_dump()")


def _rows(rows: Iterable[Any]) -> list[ReportRowIn]:
    return [ReportRowIn.model_validate(_as_dict(r)) for r in rows]


def period_from_rows(rows: Iterable[Any], creative_rows: Iterable[Any] = (), *, label: str = "",
                     start_step: int | None = None, end_step: int | None = None) -> PeriodReport:
    """One period from report rows (ReportRow objects or dicts) and optional creative rows."""
    return PeriodReport(label=label, start_step=start_step, end_step=end_step, rows=_rows(rows),
                        creative_rows=_rows(creative_rows))


def periods_from_daily(rows: Iterable[Any], creative_rows: Iterable[Any] = (), *, days_per_period: int = 1,
                       steps_per_day: int = 48) -> list[PeriodReport]:
    """Split rows grouped by 'day' (plus other keys) into consecutive periods, oldest first.

    Periods are `days_per_period` days long and aligned to end on the last day present, so they
    line up with a `before` period that starts the day after. Incomplete leading days are dropped.
    """
    if days_per_period < 1:
        raise ModelInputError(f"days_per_period must be >= 1, got {days_per_period}")
    by_day: dict[int, list[ReportRowIn]] = defaultdict(list)
    cr_by_day: dict[int, list[ReportRowIn]] = defaultdict(list)
    for target, source in ((by_day, rows), (cr_by_day, creative_rows)):
        for raw in source:
            r = ReportRowIn.model_validate(_as_dict(raw))
            day = r.group.get("day")
            if not isinstance(day, int):
                raise ModelInputError(f"a daily row needs an integer group['day'], got {day!r}",
                                      hint="call the report with 'day' in group_by")
            target[day].append(r)
    days = sorted(set(by_day) | set(cr_by_day))
    if not days:
        return []
    last = days[-1]
    n = (last - days[0] + 1) // days_per_period
    out = []
    for i in range(n):
        start = last - (n - i) * days_per_period + 1
        span = range(start, start + days_per_period)
        out.append(PeriodReport(
            label=f"days {start}-{start + days_per_period - 1}" if days_per_period > 1 else f"day {start}",
            start_step=start * steps_per_day,
            end_step=(start + days_per_period) * steps_per_day,
            rows=[_strip_day(r) for d in span for r in by_day.get(d, [])],
            creative_rows=[_strip_day(r) for d in span for r in cr_by_day.get(d, [])],
        ))
    return out


def _strip_day(r: ReportRowIn) -> ReportRowIn:
    return r.model_copy(update={"group": {k: v for k, v in r.group.items() if k != "day"}})


def summarise_auction_insights(bidder_id: str, rows: Iterable[Mapping[str, Any]]) -> list[AuctionRow]:
    """Sum one bidder's per-step auction insights (Backend.auction_insights rows) per channel."""
    acc: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in rows:
        ch = r.get("channel")
        if not ch:
            raise ModelInputError("an auction insight row without a channel", hint="pass auction_insights() rows")
        a = acc[str(ch)]
        eligible = float(r.get("eligible", 0) or 0)
        a["eligible"] += eligible
        a["won"] += float(r.get("won", 0) or 0)
        a["shown"] += float(r.get("shown", 0) or 0)
        a["spend_fen"] += float(r.get("spend_fen", 0) or 0)
        land = r.get("landscape") or {}
        cpm = land.get("lwc_cpm_fen") if isinstance(land, Mapping) else None
        pcts = land.get("percentiles") if isinstance(land, Mapping) else None
        if cpm and eligible > 0:
            mid = pcts.index(50) if isinstance(pcts, list) and 50 in pcts else len(cpm) // 2
            a["lwc_w"] += eligible
            a["lwc_sum"] += float(cpm[mid]) * eligible
    return [
        AuctionRow(bidder_id=bidder_id, channel=ch, eligible=int(a["eligible"]), won=int(a["won"]),
                   shown=int(a["shown"]), spend_fen=a["spend_fen"],
                   lwc_cpm_p50_fen=a["lwc_sum"] / a["lwc_w"] if a["lwc_w"] > 0 else None)
        for ch, a in sorted(acc.items())
    ]
