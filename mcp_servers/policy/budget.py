"""plan_budget: one total budget and one overall ROI target -> money per product x lever (千策)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from mcp_servers.policy.common import model_errors
from mcp_servers.policy.history import complete_days, products
from mcp_servers.runtime import ToolRuntime
from models.plan import HistoryRow, PlanProduct, PlanRequest, PlanResult
from models.plan import plan_budget as run_model

__all__ = ["SuperPlan", "history_rows", "lever_target", "make_plan_budget"]

_HISTORY_DAYS = 28
_BASELINE_DAYS = 7
_FIXED_POINT_ROUNDS = 4


class SuperPlan(PlanResult):
    """The plan, plus the shop's overall ROI the way the ledger counts it (natural sales included)."""

    baseline_gmv_fen: int = Field(description="GMV expected without marketing over the horizon (organic sales, last 7 days' pace).")
    expected_overall_roi: float | None = Field(description="(baseline GMV + expected GMV of the plan) / planned spend: "
                                               "the 整体ROI the merchant's target refers to; None when nothing is spent.")
    lever_roi_target: float | None = Field(description="The ROI the marketing levers themselves must reach so that the "
                                           "overall ROI meets the target at the planned spend (what the allocator enforced).")


def lever_target(overall: float | None, baseline_fen: int, spend_fen: int) -> float | None:
    """The levers' own ROI that keeps (baseline + lever GMV) / spend at `overall`; None when any spend does."""
    if overall is None or spend_fen <= 0:
        return overall
    need = overall - baseline_fen / spend_fen
    return need if need > 0 else None


def history_rows(rows: list[Any], known: set[str]) -> list[HistoryRow]:
    """Daily spend and GMV per product x lever from a day x product x channel x lever report.

    Ads come per channel with the GMV they brought; creators with their fees + commission and the
    GMV their content sold. Coupons are left out: their cost is booked on orders of every source, so
    the report has no GMV of their own to fit a curve to (the plan uses the category prior for them).
    """
    acc: dict[tuple[int, str, str], list[int]] = {}
    for r in rows:
        g = r.group
        pid = g.get("product")
        if pid not in known:
            continue
        if g.get("lever") == "ads" and g.get("channel"):
            key = (int(g["day"]), str(pid), str(g["channel"]))
            spend = r.ad_spend_fen
        elif g.get("lever") == "creator":
            key = (int(g["day"]), str(pid), "creator")
            spend = r.creator_fee_fen + r.creator_commission_fen
        else:
            continue
        a = acc.setdefault(key, [0, 0])
        a[0] += spend
        a[1] += r.gmv_fen
    return [HistoryRow(day=d, product_id=p, lever=lv, spend_fen=s, gmv_fen=g)  # type: ignore[arg-type]
            for (d, p, lv), (s, g) in sorted(acc.items())]


def make_plan_budget(rt: ToolRuntime) -> Any:
    m = rt.market

    async def plan_budget(
        budget_fen: Annotated[int, Field(ge=0, description="Total marketing budget for the whole horizon, fen (1 yuan = 100 fen).")],
        roi_target: Annotated[float | None, Field(gt=0, le=100, description="Overall ROI floor: GMV / total marketing cost.")] = None,
        product_ids: Annotated[list[str] | None, Field(
            description="Products to push (prd_...); omit for every product on sale.", max_length=300)] = None,
        horizon_days: Annotated[int, Field(ge=1, le=90, description="Days the budget covers.")] = 7,
        objective: Annotated[Literal["gmv", "profit"], Field(description="Maximize GMV or profit.")] = "gmv",
    ) -> SuperPlan:
        """The super plan (千策): fit response curves per product x lever (feed, live, search, mall ads, coupons,
        creators) from the shop's last 4 weeks (category priors for a new shop) and split one budget to maximize
        GMV or profit while the overall ROI (GMV incl. natural sales / marketing cost, as the ledger counts it)
        stays at or above the target; expected GMV / ROI with an 80% interval, reasons, and the best feasible
        alternatives when the target cannot be met. Read-only."""
        with model_errors():
            shop = rt.shop()
            catalog = {p.id: p for p in products(m, shop)}
            chosen = list(dict.fromkeys(product_ids)) if product_ids else [p for p, x in catalog.items() if x.status == "on_sale"]
            for pid in chosen:
                if pid not in catalog:
                    m.get_product(shop, pid)
            first, today, rows = complete_days(m, shop, _HISTORY_DAYS, ["day", "product", "channel", "lever"])
            recent = [r for r in rows if r.group.get("lever") == "organic" and int(r.group["day"]) >= today - _BASELINE_DAYS]  # type: ignore[arg-type]
            days_seen = min(_BASELINE_DAYS, today - first)
            baseline = int(sum(r.gmv_fen for r in recent) / days_seen * horizon_days) if days_seen else 0
            base = dict(products=tuple(PlanProduct(product_id=p, category=catalog[p].category, price_fen=catalog[p].price_fen,
                                                   unit_cost_fen=catalog[p].unit_cost_fen) for p in chosen),
                        history=tuple(history_rows(rows, set(chosen))), budget_fen=budget_fen,
                        horizon_days=horizon_days, objective=objective)
            # The merchant's target is the overall ROI (natural sales count); the allocator bounds the
            # levers' own ROI. At spend S the levers must reach target - baseline / S; S depends on the
            # target, so iterate from the whole budget (a few rounds settle it).
            target = lever_target(roi_target, baseline, budget_fen)
            result = run_model(PlanRequest(**base, target_roi=target))  # type: ignore[arg-type]
            for _ in range(_FIXED_POINT_ROUNDS):
                again = lever_target(roi_target, baseline, result.spend_fen or budget_fen)
                if again == target:
                    break
                target = again
                result = run_model(PlanRequest(**base, target_roi=target))  # type: ignore[arg-type]
        overall = (baseline + result.expected_gmv_fen) / result.spend_fen if result.spend_fen else None
        return SuperPlan(**result.model_dump(), baseline_gmv_fen=baseline, expected_overall_roi=overall,
                         lever_roi_target=target)

    return plan_budget
