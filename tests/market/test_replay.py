"""Any past auction can be regenerated exactly, which the hindsight oracle relies on."""

from __future__ import annotations

import numpy as np
import pytest

from market import InvalidInput, NotFound, SimMarket
from market.sim.auction import run_auction
from market.sim.engine import Statics
from market.sim.replay import replay_auction, replay_matrix
from market.types import CHANNELS


def test_replayed_auctions_reproduce_the_recorded_wins(tiny: SimMarket) -> None:
    st = Statics.load(tiny.store, tiny.config)
    checked = 0
    for step in range(0, tiny.now().step, 5):
        for ch in CHANNELS:
            rows = tiny.store.bidders_at(step, ch)
            if not rows:
                continue
            ids, ecpm, u, _ = replay_matrix(tiny.store, tiny.config, st, step, ch)
            assert ids == [r["bidder_id"] for r in rows]
            res = run_auction(ecpm, tiny.config.reserve_fen, u)
            won = np.bincount(res.winner[res.winner >= 0], minlength=len(ids))
            assert won.tolist() == [r["won"] for r in rows]
            checked += len(rows)
    assert checked > 100


def test_replay_of_one_campaign(tiny: SimMarket) -> None:
    shop = tiny.list_shops()[0].id
    camp = tiny.list_campaigns(shop)[0]
    step = next(r["step"] for r in tiny.auction_insights(shop, camp.id) if r["won"] > 0)
    ra = replay_auction(tiny.store, tiny.config, step, camp.channel, camp.id)
    recorded = next(r for r in tiny.auction_insights(shop, camp.id) if r["step"] == step)
    assert int(ra.won.sum()) == recorded["won"]
    assert ((0 < ra.p_conversion) & (ra.p_conversion < 1)).all()
    assert (ra.cost_to_win[0] >= ra.cost_to_win[1]).all() and (ra.cost_to_win[1] >= ra.cost_to_win[2]).all()
    # Winning means out-bidding the third-highest other bid.
    assert (ra.p_conversion[ra.won] * ra.bid_k >= ra.cost_to_win[2][ra.won] * (1 - 1e-4)).all()


def test_replay_refuses_what_never_happened(tiny: SimMarket) -> None:
    with pytest.raises(NotFound):
        replay_auction(tiny.store, tiny.config, 10**6, "feed", "cmp_x")
    with pytest.raises(InvalidInput):
        replay_auction(tiny.store, tiny.config, 1, "radio", "cmp_x")
    with pytest.raises(NotFound):
        replay_auction(tiny.store, tiny.config, 1, "feed", "cmp_nothere1")
