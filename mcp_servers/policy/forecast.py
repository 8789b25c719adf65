"""forecast: the next days of a shop KPI from its daily history (weekday seasonality and trend)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from market.clock import STEPS_PER_DAY
from mcp_servers.policy.common import model_errors
from mcp_servers.runtime import ToolRuntime
from models.forecast import DayValue, Forecast, ForecastRequest
from models.forecast import forecast as run_forecast

__all__ = ["METRICS", "make_forecast"]

Metric = Literal["gmv_fen", "settled_gmv_fen", "orders", "ad_spend_fen", "total_marketing_cost_fen", "net_profit_fen",
                 "impressions", "clicks"]
METRICS: tuple[str, ...] = Metric.__args__  # type: ignore[attr-defined]


def make_forecast(rt: ToolRuntime) -> Any:
    m = rt.market

    async def forecast_kpi(
        metric: Annotated[Metric, Field(description="The daily series to forecast (money in fen).")] = "gmv_fen",
        horizon_days: Annotated[int, Field(ge=1, le=90, description="Days ahead to forecast, starting tomorrow.")] = 7,
        history_days: Annotated[int, Field(ge=1, le=120, description="Past complete days to learn from.")] = 28,
        product_id: Annotated[str | None, Field(description="Only this product (prd_...); omit for the whole shop.")] = None,
    ) -> Forecast:
        """Forecast a shop KPI (GMV, orders, spend, profit ...) per day with an 80% interval, from its daily history:
        weekday pattern and trend when there is enough history, a simpler fallback (said so) when there is not."""
        with model_errors():
            shop = rt.shop()
            if product_id is not None:
                m.get_product(shop, product_id)
            now = m.now().step
            today = now // STEPS_PER_DAY
            start = max(0, (today - history_days) * STEPS_PER_DAY)
            # Only complete days: today's partial figures would read as a collapse.
            rows = m.report(shop, start_step=start, end_step=today * STEPS_PER_DAY,
                            group_by=["day", "product"] if product_id else ["day"])
            values: dict[int, float] = {}
            for r in rows:
                if product_id and r.group.get("product") != product_id:
                    continue
                day = int(r.group["day"])  # type: ignore[arg-type]
                values[day] = values.get(day, 0.0) + float(getattr(r, metric))
            history = [DayValue(day=d, value=values.get(d, 0.0)) for d in range(start // STEPS_PER_DAY, today)]
            return run_forecast(ForecastRequest(history=history, horizon_days=horizon_days, series=metric))

    return forecast_kpi
