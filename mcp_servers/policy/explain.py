"""explain_change: why GMV / overall ROI moved between two periods, as ranked causes with evidence."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from market.clock import STEPS_PER_DAY
from mcp_servers.policy.common import model_errors
from mcp_servers.policy.history import products
from mcp_servers.runtime import ToolRuntime
from models.explain import ExplainRequest, Explanation, period_from_rows, periods_from_daily, summarise_auction_insights
from models.explain import explain_change as run_model

__all__ = ["make_explain_change"]

_HISTORY_PERIODS = 14
_GROUPS = ["channel", "product", "campaign"]
_MAX_BIDDERS = 30


def make_explain_change(rt: ToolRuntime) -> Any:
    m = rt.market

    def periods(shop: str, start: int, end: int) -> tuple[list[Any], list[Any]]:
        return (m.report(shop, start_step=start, end_step=end, group_by=["day", *_GROUPS]),  # type: ignore[list-item]
                m.report(shop, start_step=start, end_step=end, group_by=["day", "creative", "product"]))

    async def explain_change(
        days: Annotated[int, Field(ge=1, le=14, description="Compare the last N complete days with the N days before.")] = 1,
        before_start_step: Annotated[int | None, Field(ge=0, description="Explicit earlier period start (all four or none).")] = None,
        before_end_step: Annotated[int | None, Field(ge=1, description="Explicit earlier period end (exclusive).")] = None,
        after_start_step: Annotated[int | None, Field(ge=0, description="Explicit later period start.")] = None,
        after_end_step: Annotated[int | None, Field(ge=1, description="Explicit later period end (exclusive).")] = None,
    ) -> Explanation:
        """Explain why GMV and overall ROI changed between two periods: exact shares of the change per funnel
        factor (impressions, CTR, CVR, order value, cost per mille, attribution) and the places that carry it
        (channel, category, product, campaign, creative), ranked, each with before/after evidence and a
        confidence; "no significant change" when the move is within the shop's normal day-to-day noise."""
        explicit = [before_start_step, before_end_step, after_start_step, after_end_step]
        if any(v is not None for v in explicit) and any(v is None for v in explicit):
            raise ToolError("[invalid_input] give all four period steps, or none (then `days` is used)")
        with model_errors():
            shop = rt.shop()
            today = m.now().step // STEPS_PER_DAY
            if before_start_step is None:
                b0, b1 = (today - 2 * days) * STEPS_PER_DAY, (today - days) * STEPS_PER_DAY
                a0, a1 = b1, today * STEPS_PER_DAY
            else:
                b0, b1, a0, a1 = before_start_step, before_end_step, after_start_step, after_end_step  # type: ignore[assignment]
            if b0 < 0 or b1 <= b0 or a1 <= a0 or b1 > a0 or a1 > m.now().step + 1:  # type: ignore[operator]
                raise ToolError("[invalid_input] periods must be past, non-empty and in order (before ends by the time "
                                "after starts); with `days`, the shop needs 2 x days complete days of history")
            length = a1 - a0  # type: ignore[operator]
            history: list[Any] = []
            aligned = length % STEPS_PER_DAY == 0 and b0 % STEPS_PER_DAY == 0 and b1 - b0 == length
            if aligned:
                n_days = length // STEPS_PER_DAY
                h0 = max(0, b0 - _HISTORY_PERIODS * length)
                if h0 < b0:
                    rows, crv = periods(shop, h0, b0)
                    history = periods_from_daily(rows, crv, days_per_period=n_days)
            before = period_from_rows(*periods(shop, b0, b1), label="before", start_step=b0, end_step=b1)  # type: ignore[arg-type]
            after = period_from_rows(*periods(shop, a0, a1), label="after", start_step=a0, end_step=a1)  # type: ignore[arg-type]
            bidders = [c.id for c in m.list_campaigns(shop, limit=_MAX_BIDDERS)]
            bidders += [p.id for p in m.list_overall_plans(shop, limit=_MAX_BIDDERS)]
            auction_b: list[Any] = []
            auction_a: list[Any] = []
            for bid in bidders:
                auction_b += summarise_auction_insights(bid, m.auction_insights(shop, bid, start_step=b0, end_step=b1))  # type: ignore[arg-type]
                auction_a += summarise_auction_insights(bid, m.auction_insights(shop, bid, start_step=a0, end_step=a1))  # type: ignore[arg-type]
            request = ExplainRequest(before=before, after=after, history=history,
                                     product_categories={p.id: p.category for p in products(m, shop)},
                                     auction_before=auction_b, auction_after=auction_a)
            return run_model(request)

    return explain_change
