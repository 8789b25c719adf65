"""The vectorised GSP auction against its plain-loop reference, and its pricing invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from market.sim.auction import MAX_BIDDERS, run_auction, run_auction_loop, top4


def _random_auction(seed: int, bidders: int, imps: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    # Distinct values on a coarse grid above the packing precision, so no ties muddy the check.
    ecpm = (rng.permutation(bidders * imps).reshape(bidders, imps).astype(np.float32) + 1.0) * 0.01
    return ecpm, rng.random((2, imps), dtype=np.float32)


@pytest.mark.parametrize("bidders", [1, 2, 3, 4, 5, 17, 64])
def test_vectorised_auction_equals_the_loop(bidders: int) -> None:
    ecpm, u = _random_auction(bidders, bidders, 600)
    reserve = float(np.quantile(ecpm, 0.2))
    fast, slow = run_auction(ecpm, reserve, u), run_auction_loop(ecpm, reserve, u)
    np.testing.assert_array_equal(fast.winner, slow.winner)
    np.testing.assert_allclose(fast.price, slow.price, rtol=1e-6)
    np.testing.assert_array_equal(fast.shown, slow.shown)
    np.testing.assert_allclose(fast.fourth, slow.fourth, rtol=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    bidders=hs.integers(1, 40),
    imps=hs.integers(1, 300),
    seed=hs.integers(0, 2**31 - 1),
    reserve=hs.floats(0.0, 3.0),
)
def test_price_never_above_bid_nor_below_reserve(bidders: int, imps: int, seed: int, reserve: float) -> None:
    rng = np.random.default_rng(seed)
    ecpm = rng.lognormal(0.0, 1.0, (bidders, imps)).astype(np.float32)
    res = run_auction(ecpm, reserve, rng.random((2, imps), dtype=np.float32))
    cols = np.arange(imps)
    for k in range(3):
        filled = res.winner[k] >= 0
        own = ecpm[res.winner[k][filled], cols[filled]]
        assert (res.price[k][filled] <= own).all()
        assert (res.price[k][filled] >= np.float32(reserve) - 1e-6).all()
        assert (own >= np.float32(reserve)).all()
        assert not res.shown[k][~filled].any()
    # A slot is shown only if the one above it is; a bidder holds at most one slot per impression.
    assert (res.shown[2] <= res.shown[1]).all() and (res.shown[1] <= res.shown[0]).all()
    w = res.winner
    both = (w[0] >= 0) & (w[1] >= 0)
    assert (w[0][both] != w[1][both]).all()


def test_slot_exposure_rates() -> None:
    ecpm, u = _random_auction(3, 5, 40_000)
    res = run_auction(ecpm, 0.0, u)
    assert res.shown[0].mean() == 1.0
    assert abs(res.shown[1].mean() - 0.8) < 0.01
    assert abs(res.shown[2].mean() - 0.6) < 0.01


def test_bad_input_is_rejected() -> None:
    ecpm = np.ones((2, 3), dtype=np.float32)
    with pytest.raises(ValueError, match="reserve"):
        run_auction(ecpm, -1.0, np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match="shape"):
        run_auction(ecpm, 0.0, np.zeros((2, 4), np.float32))
    with pytest.raises(TypeError):
        top4(np.ones((2, 3), dtype=np.float64))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="bidders"):
        top4(np.ones((MAX_BIDDERS + 1, 2), dtype=np.float32))


def test_no_bidders_means_no_winner() -> None:
    res = run_auction(np.zeros((0, 5), np.float32), 0.1, np.zeros((2, 5), np.float32))
    assert (res.winner == -1).all() and not res.shown.any()
