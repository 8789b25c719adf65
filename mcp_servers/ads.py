"""The ads server: campaigns, overall (全域) plans, creatives, reports, the ledger, and the account.

Like every server it also carries the change tools (get_plan, commit_plan, list_changes: see
mcp_servers/changes.py). Run alone with `python -m mcp_servers.ads` or `zhanggui serve ads`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from market import Backend, STEPS_PER_DAY
from market.specs import CampaignSpec, CampaignUpdate, CreativeSpec, OverallPlanSpec, OverallPlanUpdate
from market.types import Campaign, Creative, LedgerEntry, OverallPlan, ReportRow, Schedule
from market.reports import total_of
from market.types.policy import SpendPolicy
from mcp_servers import governance as gov
from mcp_servers.changes import register_change_tools
from mcp_servers.governance import ACTIONS, Action, Assessment, FieldChange, PlanView
from mcp_servers.runtime import Page, ToolRuntime, decode_cursor, market_errors, next_cursor, register, validated

__all__ = ["build_ads_server"]

INSTRUCTIONS = """Ads for one merchant's shop on a Qianchuan-like platform. Money is in fen (1 yuan = 100 fen).
Writes never apply directly: create_*/update_*/set_* return a plan; apply it with commit_plan
(plan_id, checksum, a fresh idempotency_key). Plans above the merchant's auto-approve limit need
the merchant's approval first, which no tool can give. get_account shows the limits."""

CampaignStatusArg = Literal["active", "paused", "ended"]
Channel = Literal["feed", "live", "search", "mall"]
Group = Literal["day", "product", "channel", "campaign", "creative", "lever"]


class CampaignPage(Page):
    items: list[Campaign]


class PlanPage(Page):
    items: list[OverallPlan]


class CreativePage(Page):
    items: list[Creative]


class ReportResult(BaseModel):
    start_step: int
    end_step: int
    group_by: list[str]
    rows: list[dict[str, Any]] = Field(description=(
        "One object per group, with exactly the fields of `totals` (group, impressions, clicks, conversions, orders, "
        "ctr, cvr, gmv_fen, refund_fen, settled_gmv_fen, ad_spend_fen, coupon_fen, creator_fee_fen, "
        "creator_commission_fen, total_marketing_cost_fen, platform_fee_fen, cogs_fen, overall_roi, settled_roi, "
        "net_profit_fen)."))
    # Rows are typed loosely on purpose: a client validating a long list of fully typed rows against the
    # output schema spends more time on that than the server spends computing the report (measured by
    # benchmarks/mcp_latency.py); `totals` keeps the precise schema of one row.
    totals: ReportRow
    next_cursor: str | None = None


class InsightDay(BaseModel):
    day: int
    channel: str
    eligible: int = Field(description="Impression opportunities the plan could bid on.")
    won: int
    shown: int
    win_rate: float = Field(description="shown / eligible")
    spend_fen: int
    avg_cpm_fen: float = Field(description="Average cost per thousand shown impressions, fen.")


class AuctionInsights(BaseModel):
    campaign_id: str
    days: list[InsightDay]
    latest_step: int | None
    latest_landscape: dict[str, Any] | None = Field(
        default=None,
        description="At the latest step: percentiles of the least cost to win a slot (lwc_cpm_fen, fen per "
        "thousand impressions) and of the bid per conversion needed to win (win_k_fen).",
    )


class LedgerPage(Page):
    entries: list[LedgerEntry]


class Account(BaseModel):
    shop_id: str
    shop_name: str
    balance_fen: int
    rating: float
    active_daily_budget_fen: int = Field(description="Sum of daily budgets of active campaigns and plans.")
    coupon_liability_fen: int
    spend_policy: SpendPolicy = Field(description="The merchant's limits; read-only for every tool.")
    now_step: int
    now: str


# ---- actions (what a committed plan does) ---------------------------------------------------


def _exposure(status: str, budget: int) -> int:
    return budget if status == "active" else 0


def _budget_checks(m: Backend, shop: str, policy: SpendPolicy, target: str | None, status: str,
                   budget: int, old_budget: int | None, old_status: str | None) -> list[str]:
    out = []
    if budget > policy.max_campaign_daily_budget_fen:
        out.append(f"daily budget {budget} fen exceeds the cap of {policy.max_campaign_daily_budget_fen} fen")
    if status == "active":
        total = m.changes.active_budget_total(shop, exclude_id=target) + budget
        if total > policy.max_total_daily_budget_fen:
            out.append(f"active daily budgets would total {total} fen, over the cap of "
                       f"{policy.max_total_daily_budget_fen} fen")
    if old_budget and old_status == "active" and budget != old_budget and target is not None:
        base = _budget_at_day_start(m, shop, target, old_budget)
        change = abs(budget - base) / base
        if change > policy.max_budget_change_pct:
            out.append(f"a {change:.0%} change of a live budget since the start of the day (from {base} fen) "
                       f"exceeds the {policy.max_budget_change_pct:.0%} daily limit")
    return out


def _budget_at_day_start(m: Backend, shop: str, target: str, current: int) -> int:
    """The budget before the first change committed today, so that many small steps add up."""
    day_start = m.now().day * STEPS_PER_DAY
    earliest = current
    for p in m.changes.plans(shop, status="committed", limit=200):  # newest first
        if p["target_id"] != target or p["created_step"] < day_start:
            continue
        for d in p["diff"]:
            if d["field"] == "daily_budget_fen" and d["before"]:
                earliest = int(d["before"])
    return earliest


def _goal_checks(policy: SpendPolicy, roi_goal: float | None, multiplier: float | None) -> list[str]:
    out = []
    if roi_goal is not None and roi_goal < policy.min_roi_goal:
        out.append(f"ROI goal {roi_goal} is below the merchant's floor of {policy.min_roi_goal}")
    if multiplier is not None and multiplier > policy.max_bid_multiplier:
        out.append(f"bid multiplier {multiplier} exceeds the cap of {policy.max_bid_multiplier}")
    return out


def _creation_status(policy: SpendPolicy, asked: str) -> str:
    return "paused" if policy.new_objects_paused and asked == "active" else asked


def _assess_create_campaign(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    spec = CampaignSpec.model_validate(args)
    product = m.get_product(shop, spec.product_id)
    status = _creation_status(policy, spec.status)
    v = _budget_checks(m, shop, policy, None, status, spec.daily_budget_fen, None, None)
    v += _goal_checks(policy, spec.roi_goal, spec.bid_multiplier)
    diff = [FieldChange(field=k, after=val) for k, val in spec.model_dump(mode="json", exclude_none=True).items()
            if k != "status"]
    diff.append(FieldChange(field="status", after=status))
    return Assessment(
        summary=f"create {status} {spec.bid_type} campaign '{spec.name}' for {product.title_zh} on {spec.channel}, "
        f"daily budget {spec.daily_budget_fen} fen",
        target_id=None, diff=diff, spend_delta_fen=_exposure(status, spec.daily_budget_fen), violations=v,
    )


def _apply_create_campaign(m: Backend, shop: str, args: dict[str, Any]) -> BaseModel:
    spec = CampaignSpec.model_validate(args)
    status = _creation_status(m.changes.spend_policy(shop), spec.status)
    return m.create_campaign(shop, spec.model_copy(update={"status": status}))


def _assess_delivery_update(m: Backend, shop: str, policy: SpendPolicy, cur: Campaign | OverallPlan,
                            changes: dict[str, Any], label: str) -> Assessment:
    """Budget, goal and status changes of a live-delivery object (a campaign or an overall plan)."""
    gov.require(bool(changes), "no change given: set at least one field")
    before = cur.model_dump(mode="json")
    status = changes.get("status", cur.status)
    budget = changes.get("daily_budget_fen", cur.daily_budget_fen)
    v = _budget_checks(m, shop, policy, cur.id, status, budget, cur.daily_budget_fen, cur.status)
    v += _goal_checks(policy, changes.get("roi_goal"), changes.get("bid_multiplier"))
    diff = [FieldChange(field=k, before=before.get(k), after=val) for k, val in changes.items()]
    delta = _exposure(status, budget) - _exposure(cur.status, cur.daily_budget_fen)
    return Assessment(summary=f"update {label} {cur.id} ({cur.name}): " + ", ".join(
        f"{d.field} {d.before} -> {d.after}" for d in diff), target_id=cur.id, diff=diff, spend_delta_fen=delta,
        violations=v)


def _assess_update_campaign(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    cur = m.get_campaign(shop, args["campaign_id"])
    changes = CampaignUpdate.model_validate(args["changes"]).model_dump(mode="json", exclude_none=True)
    return _assess_delivery_update(m, shop, policy, cur, changes, "campaign")


def _assess_create_plan(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    spec = OverallPlanSpec.model_validate(args)
    for pid in spec.product_ids:
        m.get_product(shop, pid)
    status = _creation_status(policy, spec.status)
    v = _budget_checks(m, shop, policy, None, status, spec.daily_budget_fen, None, None)
    v += _goal_checks(policy, spec.roi_goal, spec.bid_multiplier)
    diff = [FieldChange(field=k, after=val) for k, val in spec.model_dump(mode="json", exclude_none=True).items()]
    return Assessment(
        summary=f"create {status} overall plan '{spec.name}' over {len(spec.product_ids)} products, ROI goal "
        f"{spec.roi_goal}, daily budget {spec.daily_budget_fen} fen",
        target_id=None, diff=diff, spend_delta_fen=_exposure(status, spec.daily_budget_fen), violations=v,
    )


def _apply_create_plan(m: Backend, shop: str, args: dict[str, Any]) -> BaseModel:
    spec = OverallPlanSpec.model_validate(args)
    return m.create_overall_plan(shop, spec.model_copy(update={
        "status": _creation_status(m.changes.spend_policy(shop), spec.status)}))


def _assess_update_plan(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    cur = m.get_overall_plan(shop, args["plan_id"])
    changes = OverallPlanUpdate.model_validate(args["changes"]).model_dump(mode="json", exclude_none=True)
    for pid in changes.get("product_ids", []):
        m.get_product(shop, pid)
    return _assess_delivery_update(m, shop, policy, cur, changes, "overall plan")


def _assess_creative_status(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    cur = next((c for c in m.list_creatives(shop, limit=200) if c.id == args["creative_id"]), None)
    if cur is None:
        raise gov.not_found("creative", args["creative_id"])
    gov.require(args["status"] in ("active", "paused"), "status must be 'active' or 'paused'")
    return Assessment(summary=f"set creative {cur.id} ({cur.title}) {args['status']}", target_id=cur.id,
                      diff=[FieldChange(field="status", before=cur.status, after=args["status"])], spend_delta_fen=0)


ACTIONS.update({
    "create_campaign": Action(_assess_create_campaign, lambda m, s, a: None, _apply_create_campaign),
    "update_campaign": Action(
        _assess_update_campaign,
        lambda m, s, a: m.get_campaign(s, a["campaign_id"]).model_dump(mode="json"),
        lambda m, s, a: m.update_campaign(s, a["campaign_id"], CampaignUpdate.model_validate(a["changes"])),
    ),
    "create_overall_plan": Action(_assess_create_plan, lambda m, s, a: None, _apply_create_plan),
    "update_overall_plan": Action(
        _assess_update_plan,
        lambda m, s, a: m.get_overall_plan(s, a["plan_id"]).model_dump(mode="json"),
        lambda m, s, a: m.update_overall_plan(s, a["plan_id"], OverallPlanUpdate.model_validate(a["changes"])),
    ),
    "set_creative_status": Action(
        _assess_creative_status,
        lambda m, s, a: [c.status for c in m.list_creatives(s, limit=200) if c.id == a["creative_id"]],
        lambda m, s, a: m.set_creative_status(s, a["creative_id"], a["status"]),
    ),
})


# ---- the server ------------------------------------------------------------------------------


def build_ads_server(rt: ToolRuntime, server: MCPServer | None = None) -> MCPServer:
    """Register the ads tools on `server` (a new one named 'zhanggui-ads' by default)."""
    srv = server or MCPServer("zhanggui-ads", instructions=INSTRUCTIONS)
    m = rt.market

    async def list_campaigns(
        status: Annotated[CampaignStatusArg | None, Field(description="Only campaigns with this status.")] = None,
        limit: Annotated[int, Field(ge=1, le=100, description="Page size.")] = 20,
        cursor: Annotated[str | None, Field(description="next_cursor from the previous page.")] = None,
    ) -> CampaignPage:
        """List the shop's standard campaigns (one product, one channel) with budgets, goals and status."""
        offset = decode_cursor(cursor)
        with market_errors():
            items = m.list_campaigns(rt.shop(), status=status, limit=limit, offset=offset)
        return CampaignPage(items=items, next_cursor=next_cursor(offset, len(items), limit))

    async def get_campaign(campaign_id: Annotated[str, Field(description="Campaign id (cmp_...).")]) -> Campaign:
        """One campaign in full."""
        with market_errors():
            return m.get_campaign(rt.shop(), campaign_id)

    async def list_overall_plans(
        limit: Annotated[int, Field(ge=1, le=100, description="Page size.")] = 20,
        cursor: Annotated[str | None, Field(description="next_cursor from the previous page.")] = None,
    ) -> PlanPage:
        """List the shop's overall (全域) plans: one budget and one ROI goal over several products."""
        offset = decode_cursor(cursor)
        with market_errors():
            items = m.list_overall_plans(rt.shop(), limit=limit, offset=offset)
        return PlanPage(items=items, next_cursor=next_cursor(offset, len(items), limit))

    async def create_campaign(
        name: Annotated[str, Field(min_length=1, max_length=100, description="A name the merchant recognises.")],
        product_id: Annotated[str, Field(description="The product to promote (prd_...).")],
        channel: Annotated[Channel, Field(description="feed (short video), live, search or mall.")],
        bid_type: Annotated[Literal["roi_goal", "cost_cap", "max_delivery"], Field(
            description="roi_goal: bid to reach an ROI; cost_cap: target cost per order; max_delivery: spend the budget.")],
        daily_budget_fen: Annotated[int, Field(gt=0, description="Daily budget in fen.")],
        roi_goal: Annotated[float | None, Field(gt=0, le=100, description="Required for roi_goal.")] = None,
        target_cost_fen: Annotated[int | None, Field(gt=0, description="Required for cost_cap: fen per order.")] = None,
        smart_coupon: Annotated[bool, Field(description="Let the platform give small coupons to hesitant buyers.")] = False,
        activate: Annotated[bool, Field(description="Ask for it to start live; the policy may still create it paused.")] = False,
    ) -> PlanView:
        """Propose a new campaign. Returns a plan; nothing is created until commit_plan."""
        args = validated(CampaignSpec, dict(
            name=name, product_id=product_id, channel=channel, bid_type=bid_type, daily_budget_fen=daily_budget_fen,
            roi_goal=roi_goal, target_cost_fen=target_cost_fen, smart_coupon=smart_coupon,
            status="active" if activate else "paused"))
        return gov.propose(m, rt.shop(), "create_campaign", "create_campaign", args.model_dump(mode="json"))

    async def update_campaign(
        campaign_id: Annotated[str, Field(description="Campaign id (cmp_...).")],
        daily_budget_fen: Annotated[int | None, Field(gt=0, description="New daily budget, fen.")] = None,
        roi_goal: Annotated[float | None, Field(gt=0, le=100, description="New ROI goal (roi_goal campaigns).")] = None,
        target_cost_fen: Annotated[int | None, Field(gt=0, description="New target cost per order (cost_cap).")] = None,
        bid_multiplier: Annotated[float | None, Field(gt=0, le=20, description="Scale on the bid (1 = neutral).")] = None,
        status: Annotated[CampaignStatusArg | None, Field(description="active, paused or ended (final).")] = None,
        start_step: Annotated[int | None, Field(ge=0, description="New schedule start (simulated step).")] = None,
        end_step: Annotated[int | None, Field(ge=1, description="New schedule end (exclusive step).")] = None,
        dayparts: Annotated[list[int] | None, Field(description="Half-hour slots 0..47 to deliver in; [] = all day.")] = None,
        smart_coupon: Annotated[bool | None, Field(description="Smart coupon switch.")] = None,
    ) -> PlanView:
        """Propose changes to a campaign's budget, goal, bid, status, schedule or smart coupon."""
        with market_errors():
            cur = m.get_campaign(rt.shop(), campaign_id)
        schedule = None
        if start_step is not None or end_step is not None or dayparts is not None:
            s = cur.schedule
            try:
                schedule = Schedule(start_step=s.start_step if start_step is None else start_step,
                                    end_step=s.end_step if end_step is None else end_step,
                                    dayparts=s.dayparts if dayparts is None else dayparts)
            except ValueError as exc:
                raise ToolError(f"[invalid_input] invalid schedule: {exc}") from None
        upd = validated(CampaignUpdate, dict(
            daily_budget_fen=daily_budget_fen, roi_goal=roi_goal, target_cost_fen=target_cost_fen,
            bid_multiplier=bid_multiplier, status=status, schedule=schedule, smart_coupon=smart_coupon))
        return gov.propose(m, rt.shop(), "update_campaign", "update_campaign",
                           {"campaign_id": campaign_id, "changes": upd.model_dump(mode="json", exclude_none=True)})

    async def create_overall_plan(
        name: Annotated[str, Field(min_length=1, max_length=100, description="Plan name.")],
        product_ids: Annotated[list[str], Field(min_length=1, max_length=60, description="Products it may promote.")],
        roi_goal: Annotated[float, Field(gt=0, le=100, description="Overall ROI goal (GMV / spend).")],
        daily_budget_fen: Annotated[int, Field(gt=0, description="One daily budget for all, fen.")],
        smart_coupon: Annotated[bool, Field(description="Smart coupon switch.")] = False,
        activate: Annotated[bool, Field(description="Ask for it to start live; the policy may create it paused.")] = False,
    ) -> PlanView:
        """Propose a 全域 plan: one budget and one ROI goal across several products and every channel."""
        spec = validated(OverallPlanSpec, dict(
            name=name, product_ids=product_ids, roi_goal=roi_goal, daily_budget_fen=daily_budget_fen,
            smart_coupon=smart_coupon, status="active" if activate else "paused"))
        return gov.propose(m, rt.shop(), "create_overall_plan", "create_overall_plan", spec.model_dump(mode="json"))

    async def update_overall_plan(
        plan_id: Annotated[str, Field(description="Overall plan id (pln_...).")],
        daily_budget_fen: Annotated[int | None, Field(gt=0, description="New daily budget, fen.")] = None,
        roi_goal: Annotated[float | None, Field(gt=0, le=100, description="New ROI goal.")] = None,
        bid_multiplier: Annotated[float | None, Field(gt=0, le=20, description="Scale on the bid.")] = None,
        status: Annotated[CampaignStatusArg | None, Field(description="active, paused or ended.")] = None,
        product_ids: Annotated[list[str] | None, Field(description="Replace the product list.")] = None,
        smart_coupon: Annotated[bool | None, Field(description="Smart coupon switch.")] = None,
    ) -> PlanView:
        """Propose changes to an overall plan."""
        upd = validated(OverallPlanUpdate, dict(
            daily_budget_fen=daily_budget_fen, roi_goal=roi_goal, bid_multiplier=bid_multiplier, status=status,
            product_ids=product_ids, smart_coupon=smart_coupon))
        return gov.propose(m, rt.shop(), "update_overall_plan", "update_overall_plan",
                           {"plan_id": plan_id, "changes": upd.model_dump(mode="json", exclude_none=True)})

    async def list_creatives(
        product_id: Annotated[str | None, Field(description="Only this product's creatives.")] = None,
        limit: Annotated[int, Field(ge=1, le=100, description="Page size.")] = 20,
        cursor: Annotated[str | None, Field(description="next_cursor from the previous page.")] = None,
    ) -> CreativePage:
        """List ad creatives (title, hook, script, status, fatigue, exposures)."""
        offset = decode_cursor(cursor)
        with market_errors():
            items = m.list_creatives(rt.shop(), product_id=product_id, limit=limit, offset=offset)
        return CreativePage(items=items, next_cursor=next_cursor(offset, len(items), limit))

    async def create_creative(
        product_id: Annotated[str, Field(description="The product the material sells.")],
        title: Annotated[str, Field(min_length=1, max_length=120, description="On-screen title.")],
        hook: Annotated[str, Field(max_length=200, description="What the first 3 seconds say or show.")] = "",
        script: Annotated[str, Field(max_length=4000, description="The short-video script.")] = "",
        selling_points: Annotated[list[str], Field(max_length=10, description="Selling points it makes.")] = [],  # noqa: B006
        format: Annotated[Literal["short_video", "image", "live_clip"], Field(description="Material format.")] = "short_video",
    ) -> Creative:
        """Add material to the library, paused (it serves nothing until set_creative_status activates it)."""
        with market_errors():
            return m.create_creative(rt.shop(), validated(CreativeSpec, dict(
                product_id=product_id, title=title, hook=hook, script=script, selling_points=list(selling_points),
                format=format, status="paused")))

    async def set_creative_status(
        creative_id: Annotated[str, Field(description="Creative id (crv_...).")],
        status: Annotated[Literal["active", "paused"], Field(description="Serve it or stop serving it.")],
    ) -> PlanView:
        """Propose serving or retiring a creative (changes live delivery)."""
        return gov.propose(m, rt.shop(), "set_creative_status", "set_creative_status",
                           {"creative_id": creative_id, "status": status})

    async def get_report(
        days: Annotated[int, Field(ge=1, le=90, description="The last N simulated days (N x 48 half-hour steps) up to now.")] = 7,
        group_by: Annotated[list[Group], Field(max_length=2, description="Up to two of day, product, channel, "
                                               "campaign, creative, lever; [] for totals only.")] = ["day"],  # noqa: B006
        limit: Annotated[int, Field(ge=1, le=200, description="Rows per page.")] = 50,
        cursor: Annotated[str | None, Field(description="next_cursor from the previous page.")] = None,
        start_step: Annotated[int | None, Field(ge=0, description="Report [start_step, end_step) instead of the last "
                                                "`days` (e.g. to compare two periods).")] = None,
        end_step: Annotated[int | None, Field(ge=1, description="Exclusive end step with start_step; default now.")] = None,
    ) -> ReportResult:
        """The overall report (一本账 fields): impressions, clicks, orders, GMV, refunds, ad spend, coupons,
        creator costs, total marketing cost, overall ROI and net profit, per group, with totals."""
        offset = decode_cursor(cursor)
        if end_step is not None and start_step is None:
            raise ToolError("[invalid_input] end_step needs start_step")
        if start_step is not None and end_step is not None and end_step <= start_step:
            raise ToolError("[invalid_input] end_step must be after start_step")
        with market_errors():
            shop = rt.shop()
            now = m.now().step
            start = max(0, now - days * STEPS_PER_DAY) if start_step is None else start_step
            end = now + 1 if end_step is None else min(end_step, now + 1)
            rows = m.report(shop, start_step=start, end_step=end, group_by=list(group_by))
            # Totals from the rows themselves (one query fewer), except by creative: ad-side only.
            totals = m.report(shop, start_step=start, end_step=end)[0] if "creative" in group_by or not rows else total_of(rows)
        page = rows[offset : offset + limit]
        return ReportResult(start_step=start, end_step=end, group_by=list(group_by),
                            rows=[r.model_dump(mode="json") for r in page], totals=totals,
                            next_cursor=next_cursor(offset, len(page), limit))

    async def get_auction_insights(
        campaign_id: Annotated[str, Field(description="Campaign (cmp_) or overall plan (pln_) id.")],
        days: Annotated[int, Field(ge=1, le=30, description="The last N simulated days.")] = 3,
    ) -> AuctionInsights:
        """Win rate, average CPM and the cost landscape (what it takes to win) per day and channel."""
        with market_errors():
            start = max(0, m.now().step - days * STEPS_PER_DAY)
            rows = m.auction_insights(rt.shop(), campaign_id, start_step=start)
        acc: dict[tuple[int, str], list[int]] = {}
        for r in rows:
            a = acc.setdefault((r["step"] // STEPS_PER_DAY, r["channel"]), [0, 0, 0, 0])
            a[0] += r["eligible"]
            a[1] += r["won"]
            a[2] += r["shown"]
            a[3] += r["spend_fen"]
        out = [InsightDay(day=d, channel=ch, eligible=a[0], won=a[1], shown=a[2],
                          win_rate=round(a[2] / a[0], 4) if a[0] else 0.0, spend_fen=a[3],
                          avg_cpm_fen=round(1000 * a[3] / a[2], 2) if a[2] else 0.0)
               for (d, ch), a in sorted(acc.items())]
        last = rows[-1] if rows else None
        return AuctionInsights(campaign_id=campaign_id, days=out, latest_step=last["step"] if last else None,
                               latest_landscape=last["landscape"] if last else None)

    async def get_ledger(
        days: Annotated[int, Field(ge=1, le=90, description="The last N simulated days.")] = 1,
        kinds: Annotated[list[Literal["gmv", "refund", "ad_spend", "coupon", "creator_fee", "creator_commission",
                                      "platform_fee", "cogs"]] | None, Field(description="Only these kinds.")] = None,
        limit: Annotated[int, Field(ge=1, le=200, description="Entries per page.")] = 50,
        cursor: Annotated[str | None, Field(description="next_cursor from the previous page.")] = None,
    ) -> LedgerPage:
        """The append-only ledger (一本账) entries: every cost and revenue with lever, product, channel, campaign."""
        offset = decode_cursor(cursor)
        with market_errors():
            start = max(0, m.now().step - days * STEPS_PER_DAY)
            entries = m.ledger(rt.shop(), start_step=start, kinds=list(kinds) if kinds else None, limit=limit,
                               offset=offset)
        return LedgerPage(entries=entries, next_cursor=next_cursor(offset, len(entries), limit))

    async def get_account() -> Account:
        """Balance, live budgets, coupon liability, the spend policy and auto-approve limit, and the time."""
        with market_errors():
            shop_id = rt.shop()
            shop = m.get_shop(shop_id)
            now = m.now()
            return Account(shop_id=shop_id, shop_name=shop.name_zh, balance_fen=shop.balance_fen, rating=shop.rating,
                           active_daily_budget_fen=m.changes.active_budget_total(shop_id),
                           coupon_liability_fen=m.changes.coupon_liability(shop_id),
                           spend_policy=m.changes.spend_policy(shop_id), now_step=now.step, now=now.label())

    reads = [list_campaigns, get_campaign, list_overall_plans, list_creatives, get_report, get_auction_insights,
             get_ledger, get_account]
    for fn in reads:
        register(srv, fn, kind="read", title=fn.__name__.replace("_", " "))
    register(srv, create_campaign, kind="propose", money="high", title="propose a campaign", idempotent=False)
    register(srv, update_campaign, kind="propose", money="high", title="propose campaign changes", idempotent=False)
    register(srv, create_overall_plan, kind="propose", money="high", title="propose an overall plan", idempotent=False)
    register(srv, update_overall_plan, kind="propose", money="high", title="propose overall plan changes",
             idempotent=False)
    register(srv, set_creative_status, kind="propose", money="low", title="propose a creative status", idempotent=False)
    register(srv, create_creative, kind="write", money="none", title="add a paused creative", idempotent=False)
    register_change_tools(rt, srv)
    return srv


if __name__ == "__main__":
    from mcp_servers.serve import main

    raise SystemExit(main("ads"))
