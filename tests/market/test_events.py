"""Each injected event moves the metrics the way it should.

Every test compares a copy of the same world with the event against the untouched baseline over
the same simulated day. The random streams are keyed by (seed, step, object), so both runs see the
same buyers and noise: the difference is the event's doing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from market import SimMarket
from market.clock import STEPS_PER_DAY

WINDOW = STEPS_PER_DAY


@pytest.fixture(scope="module")
def baseline(tiny_world_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimMarket]:
    path = tmp_path_factory.mktemp("events") / "baseline.db"
    shutil.copyfile(tiny_world_file, path)
    m = SimMarket.open(path)
    m.advance(WINDOW)
    yield m
    m.close()


def _with_event(tiny: SimMarket, kind: str, params: dict[str, Any]) -> SimMarket:
    ev = tiny.inject_event(kind, tiny.now().step, params, end_step=tiny.now().step + WINDOW)
    assert ev.kind == kind and tiny.list_events()[-1].id == ev.id
    tiny.advance(WINDOW)
    return tiny


def _start(m: SimMarket) -> int:
    return m.now().step - WINDOW


def _traffic(m: SimMarket) -> dict[str, int]:
    rows = m.store.execute(
        "SELECT channel, SUM(impressions) FROM traffic_steps WHERE step >= ? GROUP BY channel", (_start(m),)
    ).fetchall()
    return dict(rows)


def _orders_of(m: SimMarket, product_ids: list[str]) -> int:
    marks = ",".join("?" for _ in product_ids)
    return int(m.store.scalar(
        f"SELECT COUNT(*) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.product_id IN ({marks})"
        " AND o.created_step >= ?", (*product_ids, _start(m))))


def _shop(m: SimMarket) -> str:
    return m.list_shops()[0].id


def _ads(m: SimMarket) -> Any:
    return m.report(_shop(m), start_step=_start(m))[0]


def _busiest_product(m: SimMarket) -> str:
    rows = m.report(_shop(m), group_by=["product"])
    return max(rows, key=lambda r: (r.orders, str(r.group["product"]))).group["product"]


def test_promo_spike_multiplies_traffic(tiny: SimMarket, baseline: SimMarket) -> None:
    m = _with_event(tiny, "promo_spike", {"multiplier": 2.0})
    a, b = _traffic(baseline), _traffic(m)
    for ch in a:
        assert b[ch] == pytest.approx(2 * a[ch], rel=0.01)


def test_channel_shift_moves_impressions(tiny: SimMarket, baseline: SimMarket) -> None:
    m = _with_event(tiny, "traffic_channel_shift", {"from_channel": "feed", "to_channel": "search", "share": 0.5})
    a, b = _traffic(baseline), _traffic(m)
    assert b["feed"] == pytest.approx(0.5 * a["feed"], rel=0.01)
    assert b["search"] == pytest.approx(a["search"] + 0.5 * a["feed"], rel=0.01)
    assert b["live"] == a["live"]


def test_competitor_price_cut_lowers_our_conversion_in_that_category(tmp_path: Path) -> None:
    # Conversion is rare: this test needs more orders than the tiny world makes in a day.
    busy = {"impressions_per_day": 600_000, "organic_orders_per_product_day": 60.0, "history_days": 1}
    a = SimMarket.create(tmp_path / "a.db", 3, "tiny", **busy)
    a.store.copy_to(tmp_path / "b.db")
    b = SimMarket.open(tmp_path / "b.db")
    shop = _shop(a)
    category = a.get_product(shop, _busiest_product(a)).category
    _with_event(b, "competitor_price_cut", {"category": category, "pct": 0.5})
    a.advance(WINDOW)

    def cvr(m: SimMarket, same: bool) -> tuple[float, float]:
        ids = [p.id for p in m.list_products(shop) if (p.category == category) == same]
        orders = _orders_of(m, ids) if ids else 0
        rows = m.report(shop, start_step=_start(m), group_by=["product"])
        ads = [r for r in rows if r.group["product"] in ids]
        clicks = sum(r.clicks for r in ads)
        return orders, (sum(r.conversions for r in ads) / clicks if clicks else 0.0)

    (orders_a, cvr_a), (orders_b, cvr_b) = cvr(a, True), cvr(b, True)
    assert orders_a > 50
    assert orders_b < 0.85 * orders_a
    assert cvr_b < cvr_a
    other_a, _ = cvr(a, False)
    other_b, _ = cvr(b, False)
    assert other_b >= 0.85 * other_a  # other categories are not hit
    a.close()
    b.close()


def test_creative_fatigue_lowers_that_creatives_ctr(tiny: SimMarket, baseline: SimMarket) -> None:
    shop = _shop(tiny)
    creative = max(tiny.list_creatives(shop), key=lambda c: (c.exposures, c.id))
    m = _with_event(tiny, "creative_fatigue", {"creative_id": creative.id, "fatigue_per_day": 0.9})

    def ctr(x: SimMarket) -> float:
        rows = x.report(_shop(x), start_step=_start(x), group_by=["creative"])
        row = next(r for r in rows if r.group["creative"] == creative.id)
        return row.clicks / row.impressions

    assert m.store.get("creatives", creative.id, type(creative)).fatigue > creative.fatigue + 0.5
    assert ctr(m) < 0.8 * ctr(baseline)


def test_stock_out_stops_sales(tiny: SimMarket, baseline: SimMarket) -> None:
    product = _busiest_product(tiny)
    m = _with_event(tiny, "stock_out", {"product_id": product})
    assert _orders_of(baseline, [product]) > 0
    assert _orders_of(m, [product]) == 0
    assert m.get_product(_shop(m), product).stock == 0


def test_tracking_loss_hides_conversions_not_orders(tiny: SimMarket, baseline: SimMarket) -> None:
    m = _with_event(tiny, "tracking_loss", {"share": 0.6})
    a, b = _ads(baseline), _ads(m)
    assert b.conversions < 0.6 * a.conversions
    assert b.orders == pytest.approx(a.orders, rel=0.1)


def test_bid_war_takes_our_impressions(tiny: SimMarket, baseline: SimMarket) -> None:
    m = _with_event(tiny, "competitor_bid_war", {"multiplier": 3.0})
    assert _ads(m).impressions < 0.7 * _ads(baseline).impressions


def test_new_competitor_enters_and_competes(tiny: SimMarket, baseline: SimMarket) -> None:
    shop = _shop(tiny)
    before = int(tiny.store.scalar("SELECT COUNT(*) FROM competitors"))
    categories = {tiny.get_product(shop, c.product_id).category for c in tiny.list_campaigns(shop)}
    category = sorted(categories)[0]
    m = _with_event(tiny, "new_competitor",
                    {"category": category, "daily_budget_fen": 10_000_000, "strength": 4.0})
    assert int(m.store.scalar("SELECT COUNT(*) FROM competitors")) == before + 1

    def impressions(x: SimMarket) -> int:
        rows = x.report(_shop(x), start_step=_start(x), group_by=["product"])
        ids = {p.id for p in x.list_products(shop) if p.category == category}
        return sum(r.impressions for r in rows if r.group["product"] in ids)

    assert impressions(m) < 0.8 * impressions(baseline)


def test_bad_events_are_refused_and_change_nothing(tiny: SimMarket) -> None:
    from market import InvalidInput, NotFound

    before = tiny.digest()
    now = tiny.now().step
    with pytest.raises(InvalidInput, match="unknown event kind"):
        tiny.inject_event("meteor", now, {})
    with pytest.raises(InvalidInput, match="past"):
        tiny.inject_event("promo_spike", now - 1, {"multiplier": 2.0})
    with pytest.raises(InvalidInput, match="multiplier"):
        tiny.inject_event("promo_spike", now, {"multiplier": 0.5})
    with pytest.raises(InvalidInput, match="end_step"):
        tiny.inject_event("promo_spike", now, {"multiplier": 2.0}, end_step=now)
    with pytest.raises(NotFound):
        tiny.inject_event("stock_out", now, {"product_id": "prd_nothere1"})
    with pytest.raises(InvalidInput):
        tiny.inject_event("tracking_loss", now, {"share": 0.5, "surprise": 1})
    assert tiny.digest() == before
