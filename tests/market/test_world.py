"""Seeding: determinism, profiles, and refusing bad input without writing anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from market import Conflict, InvalidInput, SimMarket, Store, seed_world
from market.clock import STEPS_PER_DAY
from tests.conftest import TINY_SEED


def test_same_seed_same_world_bit_for_bit(tiny_world_file: Path, tmp_path: Path) -> None:
    again = Store(tmp_path / "again.db")
    seed_world(again, TINY_SEED, "tiny")
    assert again.digest() == Store(tiny_world_file).digest()


def test_different_seed_different_world() -> None:
    a, b = Store(), Store()
    seed_world(a, 1, "tiny", history_days=0)
    seed_world(b, 2, "tiny", history_days=0)
    assert a.digest() != b.digest()


def test_tiny_world_has_what_the_issue_asks(tiny: SimMarket) -> None:
    shops = tiny.list_shops()
    assert len(shops) == 1
    shop = shops[0].id
    products = tiny.list_products(shop)
    assert len(products) == 4
    assert all(p.title_zh and p.title_en and p.price_fen > 0 and p.unit_cost_fen < p.price_fen for p in products)
    assert tiny.now().step == 2 * STEPS_PER_DAY
    assert len(tiny.search_creators({"limit": 100})) == 100
    assert tiny.store.scalar("SELECT COUNT(*) FROM creators") >= 200
    assert tiny.list_campaigns(shop) and tiny.list_coupons(shop) and tiny.list_commission_plans(shop)
    report = tiny.report(shop)[0]
    assert report.impressions > 0 and report.orders > 0 and report.ad_spend_fen > 0


def test_ids_carry_their_prefix(tiny: SimMarket) -> None:
    shop = tiny.list_shops()[0]
    assert shop.id.startswith("shp_")
    assert all(p.id.startswith("prd_") for p in tiny.list_products(shop.id))
    assert all(c.id.startswith("cmp_") for c in tiny.list_campaigns(shop.id))
    assert all(c.id.startswith("crt_") for c in tiny.search_creators({}))


def test_unknown_profile_and_bad_seed_write_nothing() -> None:
    store = Store()
    before = store.digest()
    with pytest.raises(InvalidInput, match="profile"):
        seed_world(store, 1, "huge")
    with pytest.raises(InvalidInput, match="seed"):
        seed_world(store, -3, "tiny")
    with pytest.raises(InvalidInput, match="parameters"):
        seed_world(store, 1, "tiny", impressions_per_day=-5)
    assert store.digest() == before and not store.is_seeded()


def test_seeding_twice_is_refused(tiny: SimMarket) -> None:
    before = tiny.digest()
    with pytest.raises(Conflict):
        seed_world(tiny.store, 3, "tiny")
    assert tiny.digest() == before


def test_market_profile_has_several_shops_of_different_verticals() -> None:
    store = Store()
    seed_world(store, 4, "market", history_days=0, n_buyers=500)
    m = SimMarket(store)
    shops = m.list_shops()
    assert len(shops) == 5
    assert len({s.main_category for s in shops}) == 5
    for s in shops:
        cats = [p.category for p in m.list_products(s.id)]
        assert cats.count(s.main_category) >= min(5, len(cats) // 2)  # every vertical has >= 5 templates
