"""Regenerate any past auction exactly, for hindsight-optimal bidding and audits.

Nothing per impression is stored. A step's contexts and noise come from random streams keyed by
(seed, step, channel), and every bidder's per-context eCPM table is stored with its step record,
so the full bid matrix of any (step, channel) can be rebuilt bit for bit. From it a bidder's
realized day can be re-bid with perfect knowledge: each impression's predicted conversion
probability and the price of winning each slot against the others' actual bids.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from market.errors import InvalidInput, NotFound
from market.ids import stable_key
from market.sim.auction import AuctionResult, run_auction, top4
from market.sim.config import WorldConfig
from market.sim.engine import Statics, bid_matrix, noise_pools, rng_for
from market.sim.traffic import sample_contexts
from market.store import Store
from market.types import CHANNELS

__all__ = ["ReplayedAuction", "replay_auction", "replay_matrix"]


@dataclass(frozen=True, slots=True)
class ReplayedAuction:
    step: int
    channel: str
    bidder_id: str
    bid_k: float
    """The bidder's bid per conversion at that step (fen)."""
    p_conversion: npt.NDArray[np.float32]
    """Per impression: the predicted conversion probability the bid was based on (eCPM / bid_k)."""
    cost_to_win: npt.NDArray[np.float32]
    """(3, n): per impression, the eCPM (fen per impression) needed to take slot 1, 2 and 3 from the
    others, never below the reserve; also what the slot would cost (generalized second price)."""
    exposure_u: npt.NDArray[np.float32]
    won: npt.NDArray[np.bool_]
    """Whether the bidder won a slot in the recorded auction (before any budget cut)."""


def replay_matrix(
    store: Store, cfg: WorldConfig, statics: Statics, step: int, channel: str
) -> tuple[list[str], npt.NDArray[np.float32], npt.NDArray[np.float32], list[float]]:
    """Bidder ids (sorted), the eCPM matrix, the exposure draws and the bid_k of each bidder."""
    if channel not in CHANNELS:
        raise InvalidInput(f"channel must be one of {', '.join(CHANNELS)}")
    rows = store.bidders_at(step, channel)
    if not rows:
        raise NotFound(f"no auction recorded at step {step} on {channel}")
    n = store.traffic_at(step, channel)
    ch_i = CHANNELS.index(channel)  # type: ignore[arg-type]
    rng = rng_for(cfg.seed, step, 100 + ch_i)
    ctx = sample_contexts(rng, n, channel, statics.seg_share, statics.interests).ctx
    exposure_u = rng.random((2, n), dtype=np.float32)
    pools = noise_pools(cfg.seed, step, ch_i, n)
    tables = np.stack([np.frombuffer(r["ctx_ecpm"], dtype=np.float32) for r in rows])
    ecpm = bid_matrix(tables, [stable_key(r["bidder_id"]) for r in rows], ctx, pools, statics.noise)
    return [r["bidder_id"] for r in rows], ecpm, exposure_u, [float(r["bid_k"]) for r in rows]


def replay_auction(store: Store, cfg: WorldConfig, step: int, channel: str, bidder_id: str,
                   statics: Statics | None = None) -> ReplayedAuction:
    st = statics or Statics.load(store, cfg)
    ids, ecpm, exposure_u, ks = replay_matrix(store, cfg, st, step, channel)
    if bidder_id not in ids:
        raise NotFound(f"{bidder_id} did not bid at step {step} on {channel}")
    j = ids.index(bidder_id)
    result: AuctionResult = run_auction(ecpm, cfg.reserve_fen, exposure_u)
    won = (result.winner == j).any(axis=0)
    others = np.delete(ecpm, j, axis=0)
    n = ecpm.shape[1]
    cost = np.full((3, n), cfg.reserve_fen, dtype=np.float32)
    if others.shape[0]:
        keys = top4(others)
        idx = np.where(keys >= 0, keys & 0xFF, 0)
        vals = np.where(keys >= 0, others[idx, np.arange(n)], 0.0)
        cost = np.maximum(vals[:3], np.float32(cfg.reserve_fen)).astype(np.float32)
    k = max(ks[j], 1e-9)
    return ReplayedAuction(step=step, channel=channel, bidder_id=bidder_id, bid_k=ks[j],
                           p_conversion=(ecpm[j] / k).astype(np.float32), cost_to_win=cost,
                           exposure_u=exposure_u, won=won)
