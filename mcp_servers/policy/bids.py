"""recommend_bids: the next step's bid multiplier for each campaign and overall plan.

The observation is built only from what the platform reports to the advertiser: per step of today
and yesterday, the spend, impressions won and eligible, the bid used, the published cost landscape
(`auction_insights`) and the conversions and GMV the report attributes to the campaign. The
multiplier it returns is the campaign's `bid_multiplier`, applied with ads.update_campaign /
update_overall_plan (then commit_plan); this tool changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from market import Backend
from market.clock import STEPS_PER_DAY
from market.types import Campaign, OverallPlan
from mcp_servers.policy.common import Provenance, model_errors
from mcp_servers.runtime import ToolRuntime
from models.bidding.policies import default_policy, get_policy
from models.bidding.types import BidGoal, BidObservation, StepRecord

__all__ = ["BidRecommendation", "BidRecommendations", "bid_observations", "make_recommend_bids"]

PolicyName = Literal["auto", "rl", "mpc", "pid"]
_MAX_BIDDERS = 200


class BidRecommendation(Provenance):
    bidder_id: str = Field(description="Campaign (cmp_...) or overall plan (pln_...) id.")
    goal: str = Field(description="The goal the bid serves, e.g. 'ROI >= 3.0, budget 50000 fen'.")
    current_multiplier: float = Field(description="The bid_multiplier in force now.")
    recommended_multiplier: float = Field(description="The bid_multiplier for the next step, within the merchant's "
                                          "max_bid_multiplier (0 = stop bidding today: pause it).")
    spent_today_fen: int
    budget_left_fen: int
    conversions_today: int
    gmv_today_fen: int


class Skipped(BaseModel):
    bidder_id: str
    reason: str


class BidRecommendations(BaseModel):
    step: int = Field(description="The simulated step the recommendations are for.")
    items: list[BidRecommendation]
    skipped: list[Skipped] = Field(description="Campaigns the policy does not bid for, and why.")


_MAX_DELIVERY = "max_delivery (放量) campaigns are paced by the platform to spend their budget; no multiplier to set"


def _goal(b: Campaign | OverallPlan, scale: float) -> BidGoal:
    """The bidding goal of a campaign or plan (`scale`: its bid per conversion at multiplier 1)."""
    budget = int(b.daily_budget_fen)
    if isinstance(b, OverallPlan):
        return BidGoal(kind="roi", budget_fen=budget, target_roi=b.roi_goal, value_per_conversion_fen=scale * b.roi_goal)
    if b.bid_type == "cost_cap":
        return BidGoal(kind="cpa", budget_fen=budget, target_cpa_fen=float(b.target_cost_fen))  # type: ignore[arg-type]
    if b.bid_type == "roi_goal":
        return BidGoal(kind="roi", budget_fen=budget, target_roi=float(b.roi_goal),  # type: ignore[arg-type]
                       value_per_conversion_fen=scale * float(b.roi_goal))  # type: ignore[arg-type]
    raise ValueError(f"{b.id} has no goal a bidding policy can serve")


def _per_step_report(m: Backend, shop: str, start: int, end: int,
                     memo: dict[Any, Any]) -> dict[tuple[str, int], tuple[int, int]]:
    """(bidder, step) -> attributed conversions and GMV: one report per step serves every bidder.

    A closed step's attribution never changes, so each is read once per process (`memo`): the
    autopilot asks every step and would otherwise re-read the whole day each time."""
    out: dict[tuple[str, int], tuple[int, int]] = {}
    for s in range(start, end):
        key = ("attributed", shop, s)
        if key not in memo:
            memo[key] = {str(r.group["campaign"]): (r.conversions, r.gmv_fen)
                         for r in m.report(shop, start_step=s, end_step=s + 1, group_by=["campaign"]) if r.group.get("campaign")}
        for cid, v in memo[key].items():
            out[(cid, s)] = v
    return out


def _records(insights: list[dict[str, Any]], day_start: int, scale: float,
             attributed: dict[tuple[str, int], tuple[int, int]], bidder: str, end: int) -> tuple[StepRecord, ...]:
    """Per-step records of one day from the insights of every channel the bidder bid on."""
    by_step: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in insights:
        if day_start <= r["step"] < end:
            by_step[r["step"]].append(r)
    recs = []
    for s in sorted(by_step):
        rows = by_step[s]
        eligible = sum(r["eligible"] for r in rows)
        main = max(rows, key=lambda r: r["eligible"])
        win_k = (main.get("landscape") or {}).get("win_k_fen") or []
        conv, gmv = attributed.get((bidder, s), (0, 0))
        recs.append(StepRecord(
            step=s - day_start, alpha=max(0.0, float(main["bid_k"]) / scale) if scale > 0 else 0.0,
            spend_fen=float(sum(r["spend_fen"] for r in rows)), impressions=float(sum(r["shown"] for r in rows)),
            conversions=float(conv), value_fen=float(gmv), opportunities=float(eligible),
            landscape=tuple(float(k) / scale for k in win_k) if scale > 0 else ()))
    return tuple(recs)


def bid_observations(m: Backend, shop: str, bidders: list[Campaign | OverallPlan], memo: dict[Any, Any] | None = None,
                     ) -> tuple[int, list[tuple[Campaign | OverallPlan, BidObservation]], list[Skipped]]:
    """Observations for `bidders` at the current step (today's and yesterday's reports)."""
    now = m.now().step
    day_start = now - now % STEPS_PER_DAY
    prev_start = max(0, day_start - STEPS_PER_DAY)
    attributed = _per_step_report(m, shop, prev_start, now, {} if memo is None else memo)
    out: list[tuple[Campaign | OverallPlan, BidObservation]] = []
    skipped: list[Skipped] = []
    for b in bidders:
        insights = m.auction_insights(shop, b.id, start_step=prev_start, end_step=now)
        latest = max(insights, key=lambda r: r["step"], default=None)
        # The bid per conversion at alpha = 1: the platform reports the bid it used (bid_k), which is
        # that scale times the multiplier in force then.
        scale = float(latest["bid_k"]) / b.bid_multiplier if latest and b.bid_multiplier > 0 else 0.0
        if scale <= 0 and isinstance(b, Campaign) and b.bid_type == "cost_cap":
            scale = float(b.target_cost_fen or 0)
        if isinstance(b, Campaign) and b.bid_type == "max_delivery":
            skipped.append(Skipped(bidder_id=b.id, reason=_MAX_DELIVERY))
            continue
        if scale <= 0:
            skipped.append(Skipped(bidder_id=b.id, reason="no auction recorded yet for this bidder: activate it and "
                                   "let it run a step, or set its multiplier by hand"))
            continue
        goal = _goal(b, scale)
        today = _records(insights, day_start, scale, attributed, b.id, now)
        yesterday = _records(insights, prev_start, scale, attributed, b.id, day_start) if prev_start < day_start else ()
        spent = sum(r.spend_fen for r in today)
        obs = BidObservation(goal=goal, step=now - day_start, budget_left_fen=max(0.0, goal.budget_fen - spent),
                             history=today, prior_days=(yesterday,) if yesterday else ())
        out.append((b, obs))
    return now, out, skipped


def make_recommend_bids(rt: ToolRuntime) -> Any:
    m = rt.market

    async def recommend_bids(
        bidder_ids: Annotated[list[str] | None, Field(
            description="Campaign (cmp_...) and overall plan (pln_...) ids; omit for every active one of the shop.",
            max_length=_MAX_BIDDERS)] = None,
        policy: Annotated[PolicyName, Field(
            description="auto: the trained RL policy when its checkpoint loads, else MPC. Or force rl, mpc or pid (the baseline).")] = "auto",
    ) -> BidRecommendations:
        """Recommend the next step's bid multiplier for campaigns and overall plans from today's delivery
        (spend, wins, conversions, the cost landscape) against each one's budget and ROI / cost goal.
        Read-only: apply a multiplier with update_campaign / update_overall_plan and commit_plan."""
        shop = rt.shop()
        with model_errors():
            if bidder_ids is None:
                bidders: list[Campaign | OverallPlan] = [*m.list_campaigns(shop, status="active", limit=_MAX_BIDDERS)]
                bidders += [p for p in m.list_overall_plans(shop, limit=_MAX_BIDDERS) if p.status == "active"]
            else:
                bidders = [m.get_overall_plan(shop, i) if i.startswith("pln_") else m.get_campaign(shop, i)
                           for i in dict.fromkeys(bidder_ids)]
            step, pairs, skipped = bid_observations(m, shop, bidders, rt.cache)
            cap = m.changes.spend_policy(shop).max_bid_multiplier
            chosen = default_policy() if policy == "auto" else get_policy(policy)
            decisions = chosen.decide_many([o for _, o in pairs])
        items = []
        for (b, obs), d in zip(pairs, decisions):
            g = obs.goal
            target = f"CPA <= {g.target_cpa_fen:.0f} fen" if g.kind == "cpa" else f"ROI >= {g.target_roi:g}"
            items.append(BidRecommendation(
                bidder_id=b.id, goal=f"{target}, budget {g.budget_fen} fen/day", current_multiplier=b.bid_multiplier,
                recommended_multiplier=round(min(cap, d.alpha), 4), spent_today_fen=int(g.budget_fen - obs.budget_left_fen),
                budget_left_fen=int(obs.budget_left_fen), conversions_today=int(sum(r.conversions for r in obs.history)),
                gmv_today_fen=int(sum(r.value_fen for r in obs.history)),
                model=d.model, version=d.version, learned=d.learned,
                why=d.why + (f" Capped at the merchant's bid multiplier limit {cap:g}." if d.alpha > cap else "")))
        return BidRecommendations(step=step, items=items, skipped=skipped)

    return recommend_bids
