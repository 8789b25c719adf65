"""`zhanggui demo`: a fresh world, one simulated week with a known event, read back from the ledger.

The event is the demo's ground truth: it is printed before the week runs, so whoever reads the
report (a person now, an agent later) can be checked against what really happened.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel
from rich.console import Console

from market.clock import STEPS_PER_DAY, SimTime
from market.simulator import SimMarket
from market.sim.config import Profile
from market.types import MarketEvent, Product

from app.ledger_view import ReportView, first_shop, load_report, view_table, window_text
from app.progress import step_progress
from app.render import roi_text, yuan
from app.worlds import count_products, seed_world_file

__all__ = ["DEMO_DAYS", "DemoWeek", "best_seller", "run_demo"]

DEMO_DAYS = 7
_EVENT_DAY = 3  # the event starts at 00:00 of the week's third day...
_EVENT_DAYS = 2  # ...and lasts two days
_PRICE_CUT = 0.2


class DemoWeek(BaseModel):
    """What the demo did and read: the injected event and the week's reports."""

    shop_id: str
    start_step: int
    end_step: int
    event: MarketEvent
    by_day: ReportView
    by_lever: ReportView


def best_seller(market: SimMarket, shop_id: str, end_step: int) -> Product | None:
    """The product with the most GMV over steps [0, end_step) (orders break ties); None if no sales."""
    rows = [r for r in market.report(shop_id, end_step=end_step, group_by=["product"])
            if isinstance(r.group.get("product"), str)]
    if not rows:
        return None
    best = max(rows, key=lambda r: (r.gmv_fen, r.orders))
    return market.get_product(shop_id, str(best.group["product"]))


def run_demo(db: Path, seed: int, profile: Profile, out: Console, err: Console) -> DemoWeek:
    """Recreate the world in `db`, run a week with a competitor price cut, and print the ledger."""
    out.print(f"Recreating the demo database at {db} (profile {profile}, seed {seed}); "
              "any world already there is deleted.", markup=False, soft_wrap=True)
    with step_progress(err, "Simulating history") as progress:
        market = seed_world_file(db, seed, profile, force=True, progress=progress)
    try:
        return _week(market, out, err)
    finally:
        market.close()


def _week(market: SimMarket, out: Console, err: Console) -> DemoWeek:
    shop = first_shop(market)
    start = market.now().step
    out.print(f"Shop: {shop.name_zh} / {shop.name_en} ({shop.id}), {count_products(market, shop.id)} products; "
              f"history runs to {SimTime(start).label()}.", markup=False, soft_wrap=True)

    product = best_seller(market, shop.id, start)
    category = product.category if product else shop.main_category
    event_start = start + (_EVENT_DAY - 1) * STEPS_PER_DAY
    event_end = event_start + _EVENT_DAYS * STEPS_PER_DAY
    why = (f"the category of the best seller over the history, {product.title_zh} ({product.id})" if product
           else "the shop's main category (no product sold during the history)")
    description = (f"Rival shops cut prices by {_PRICE_CUT:.0%} in category {category} from "
                   f"{SimTime(event_start).label()} to {SimTime(event_end).label()}; {why}.")
    event = market.inject_event("competitor_price_cut", event_start, {"category": category, "pct": _PRICE_CUT},
                                end_step=event_end, description=description)
    out.print(f"Ground truth injected ({event.id}, competitor_price_cut): {description}",
              markup=False, soft_wrap=True)

    steps = DEMO_DAYS * STEPS_PER_DAY
    with step_progress(err, f"Simulating {DEMO_DAYS} days") as progress:
        end = market.advance(steps, progress=progress).step
    out.print(f"Simulated week: {window_text(start, end)}.", markup=False, soft_wrap=True)

    by_day = load_report(market, shop.id, start, end, "day")
    by_lever = load_report(market, shop.id, start, end, "lever")
    out.print(view_table(market, by_day, title="The week by day"))
    out.print(view_table(market, by_lever, title="The week by lever"))
    out.print(_summary(by_day), markup=False, soft_wrap=True)
    return DemoWeek(shop_id=shop.id, start_step=start, end_step=end, event=event, by_day=by_day, by_lever=by_lever)


def _summary(view: ReportView) -> str:
    t = view.totals
    if t is None:
        return "The ledger holds no activity for the simulated week."
    roi = (f"an overall ROI of {roi_text(t.overall_roi)}" if t.overall_roi is not None
           else "no overall ROI (no marketing cost was booked)")
    return (f"Summary of the simulated week: GMV {yuan(t.gmv_fen)}, total marketing cost "
            f"{yuan(t.total_marketing_cost_fen)} (ads, coupons and creators), {roi}, and net profit "
            f"{yuan(t.net_profit_fen)} after refunds, marketing, platform fees and cost of goods.")
