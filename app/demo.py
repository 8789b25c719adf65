"""`zhanggui demo`: the store manager runs the demo shop for a simulated week, offline.

A scripted merchant sets a goal in plain Chinese; the store manager plans it (policy.plan_budget),
its sub-agents propose the changes, approvals are given automatically *in this demo only* (said
on screen), the autopilot bids every step and diagnoses every day through a week with an injected
competitor bid war (the ground truth is printed first), customer service answers two buyers, and
the ledger and the outcome against the goal close the run, with an HTML report of the charts.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from pydantic import BaseModel
from rich.console import Console

from app.agent_session import AgentSession, agent_session
from app.autopilot import run_days
from app.html_report import load_figures, write_report
from app.ledger_view import first_shop, load_report, view_table
from app.progress import step_progress
from app.render import roi_text, yuan
from app.worlds import count_products, seed_world_file
from market.clock import STEPS_PER_DAY, SimTime
from market.sim.config import Profile
from market.simulator import SimMarket
from market.types import Buyer, MarketEvent, Order, Product

__all__ = ["DEMO_DAYS", "DemoOutcome", "best_seller", "goal_text", "run_demo"]

DEMO_DAYS = 7
_EVENT_DAY = 3  # the bid war starts at 00:00 of the run's third day...
_EVENT_DAYS = 2  # ...and lasts two days
_BID_WAR = 2.5
_BUDGET_SHARE = 0.8  # the goal: 80% of last week's marketing cost...
_ROI_SHARE = 0.8  # ...at 80% of last week's overall ROI (practitioners start near 90% of what the system suggests)


class DemoOutcome(BaseModel):
    """What the demo did and how it ended, against the goal."""

    shop_id: str
    goal_text: str
    budget_fen: int
    roi_target: float
    start_step: int
    end_step: int
    event: MarketEvent
    spend_fen: int
    gmv_fen: int
    roi: float | None
    within_budget: bool
    roi_met: bool
    commits: int
    diagnosed_event: bool
    buyer_replies: list[str]
    report_path: str


def best_seller(market: SimMarket, shop_id: str, end_step: int) -> Product | None:
    """The product with the most GMV over steps [0, end_step) (orders break ties); None if no sales."""
    rows = [r for r in market.report(shop_id, end_step=end_step, group_by=["product"])
            if isinstance(r.group.get("product"), str)]
    if not rows:
        return None
    best = max(rows, key=lambda r: (r.gmv_fen, r.orders))
    return market.get_product(shop_id, str(best.group["product"]))


def goal_text(market: SimMarket, shop_id: str) -> tuple[str, int, float]:
    """The scripted merchant's words, from last week's figures: a budget in 万 and an ROI floor."""
    now = market.now().step
    week = market.report(shop_id, start_step=max(0, now - DEMO_DAYS * STEPS_PER_DAY), end_step=now)[0]
    budget_wan = max(1, round(week.total_marketing_cost_fen * _BUDGET_SHARE / 1_000_000))
    roi = max(1.5, round((week.overall_roi or 3.0) * _ROI_SHARE * 2) / 2)
    best = best_seller(market, shop_id, now)
    push = f"主推{best.title_zh.split()[0]}和长尾商品" if best else "全店推广"
    return f"这周总预算{budget_wan}万，整体ROI不低于{roi:g}，{push}。", budget_wan * 1_000_000, roi


def _buyers(market: SimMarket, shop_id: str) -> tuple[Order | None, Order | None]:
    """A shipped order (where is my parcel?) and a delivered one of another buyer (a return), from the order book."""
    rows = market.store.shop_rows("orders", shop_id, filters={"status": "shipped"}, limit=1)
    first = market.get_order(shop_id, rows[0]["id"]).order if rows else None
    for r in market.store.shop_rows("orders", shop_id, filters={"status": "delivered"}, limit=50):
        o = market.get_order(shop_id, r["id"]).order
        if first is None or o.buyer_id != first.buyer_id:
            return first, o
    return first, None


async def _conversations(session: AgentSession, market: SimMarket, shop_id: str, out: Console) -> list[str]:
    shipped, delivered = _buyers(market, shop_id)
    scripts: list[tuple[str, list[str]]] = []
    if shipped is not None:
        phone = market.store.get("buyers", shipped.buyer_id, Buyer).phone
        scripts.append(("buyer-1", ["你好，我的快递到哪了？", f"手机号是{phone}", "你是机器人吗？"]))
    if delivered is not None:
        scripts.append(("buyer-2", [f"Hi, I want to return order {delivered.id}, it does not fit.", "yes, please go ahead"]))
    replies: list[str] = []
    for thread, lines in scripts:
        out.print(f"\n[bold]Buyer conversation {thread}[/]")
        for text in lines:
            reply = await session.buyer(f"demo-{thread}", text)
            replies.append(reply)
            out.print(f"  buyer: {text}\n  掌柜客服: {reply}", markup=False, soft_wrap=True)
    return replies


async def _run(market: SimMarket, checkpoints: Path, report_path: Path, out: Console, err: Console) -> DemoOutcome:
    shop = first_shop(market)
    start = market.now().step
    out.print(f"Shop: {shop.name_zh} / {shop.name_en} ({shop.id}), {count_products(market, shop.id)} products; history "
              f"runs to {SimTime(start).label()}.", markup=False, soft_wrap=True)
    text, budget, roi = goal_text(market, shop.id)
    async with agent_session(market, checkpoints, auto_approve=True) as session:
        out.print(f"\n[bold]Merchant:[/] {text}")
        out.print("[yellow]Approvals are automatic in this demo (auto_approve); a real merchant approves each plan in "
                  "`zhanggui chat` or `zhanggui approvals`.[/]")
        turn = await session.merchant("demo", text)
        out.print("[bold]掌柜:[/]")
        out.print(turn.reply, markup=False)

        busiest = max(market.report(shop.id, start_step=max(0, start - STEPS_PER_DAY), end_step=start, group_by=["channel"]),
                      key=lambda r: r.ad_spend_fen if r.group.get("channel") else -1)
        channel = str(busiest.group.get("channel") or "feed")
        ev0 = start + (_EVENT_DAY - 1) * STEPS_PER_DAY
        event = market.inject_event("competitor_bid_war", ev0, {"multiplier": _BID_WAR, "channel": channel},
                                    end_step=ev0 + _EVENT_DAYS * STEPS_PER_DAY,
                                    description=f"rivals bid {_BID_WAR}x on {channel}, the shop's busiest ad channel")
        out.print(f"\nGround truth injected ({event.id}): rival shops bid {_BID_WAR}x on {channel} from "
                  f"{SimTime(ev0).label()} for {_EVENT_DAYS} days.", markup=False, soft_wrap=True)

        out.print(f"\n[bold]Autopilot: {DEMO_DAYS} simulated days[/]")
        run = await run_days(session, "demo-autopilot", DEMO_DAYS, err, out)
        event_days = {ev0 // STEPS_PER_DAY, ev0 // STEPS_PER_DAY + 1}
        diagnosed = any(c.get("cause") == "competition" for d in run.get("days", []) if d["day"] in event_days
                        for c in (d.get("diagnosis") or {}).get("causes", []))
        out.print(f"Diagnosis on the event days {'named' if diagnosed else 'did not name'} competition as a cause.",
                  markup=False)
        replies = await _conversations(session, market, shop.id, out)

    end = market.now().step
    by_day = load_report(market, shop.id, start, end, "day")
    out.print(view_table(market, by_day, title="The week by day (一本账)"))
    out.print(view_table(market, load_report(market, shop.id, start, end, "lever"), title="The week by lever"))
    t = by_day.totals
    spend = t.total_marketing_cost_fen if t else 0
    gmv = t.gmv_fen if t else 0
    achieved = t.overall_roi if t else None
    within, met = spend <= budget, achieved is not None and achieved >= roi
    out.print(f"\nOutcome against the goal: marketing cost {yuan(spend)} of {yuan(budget)} "
              f"({'within' if within else 'OVER'} budget); overall ROI {roi_text(achieved)} vs target {roi:g} "
              f"({'met' if met else 'MISSED'}); GMV {yuan(gmv)}.", markup=False, soft_wrap=True)
    figures = load_figures(market, shop.id, start, end, f"Zhanggui demo: {shop.name_zh}",
                           notes=[f"Goal: {text}", f"Event: {event.description}",
                                  f"Outcome: cost {yuan(spend)} / budget {yuan(budget)}, ROI {roi_text(achieved)} / {roi:g}"])
    write_report(report_path, figures)
    out.print(f"HTML report: {report_path}", markup=False, soft_wrap=True)
    return DemoOutcome(shop_id=shop.id, goal_text=text, budget_fen=budget, roi_target=roi, start_step=start, end_step=end,
                       event=event, spend_fen=spend, gmv_fen=gmv, roi=achieved, within_budget=within, roi_met=met,
                       commits=int(run.get("commits", 0)), diagnosed_event=diagnosed, buyer_replies=replies,
                       report_path=str(report_path))


def run_demo(db: Path, seed: int, profile: Profile, out: Console, err: Console) -> DemoOutcome:
    """Recreate the world in `db`, let the store manager run it for a week, print and write the outcome."""
    out.print(f"Recreating the demo database at {db} (profile {profile}, seed {seed}); "
              "any world already there is deleted.", markup=False, soft_wrap=True)
    with step_progress(err, "Simulating history") as progress:
        market = seed_world_file(db, seed, profile, force=True, progress=progress)
    checkpoints = db.with_name(db.stem + ".agents.db")
    for f in (checkpoints, checkpoints.with_name(checkpoints.name + "-wal"), checkpoints.with_name(checkpoints.name + "-shm")):
        f.unlink(missing_ok=True)
    try:
        return asyncio.run(_run(market, checkpoints, db.with_name(db.stem + "-report.html"), out, err))
    finally:
        market.close()
