"""The bidding policies by name, and the default one the policy server serves.

`get_policy("pid" | "mpc" | "rl")` returns a ready policy (built once per process: the RL bidder
reads its checkpoint when first asked for). The default is the RL bidder when its checkpoint
loads, else the MPC; either way every decision says which model made it and whether it is learned.
torch is imported only when the RL bidder is first asked for.
"""

from __future__ import annotations

from functools import cache
from typing import Literal, get_args

from models.bidding.mpc import MPCBidder
from models.bidding.pid import PIDPacer
from models.bidding.types import BiddingPolicy
from models.errors import ModelInputError

__all__ = ["POLICY_NAMES", "PolicyName", "default_policy", "get_policy"]

PolicyName = Literal["pid", "mpc", "rl"]
POLICY_NAMES: tuple[str, ...] = get_args(PolicyName)


@cache
def get_policy(name: str) -> BiddingPolicy:
    """The policy called `name` (pid: PID pacer baseline; mpc: MPC controller; rl: learned correction of the MPC)."""
    if name == "pid":
        return PIDPacer()
    if name == "mpc":
        return MPCBidder()
    if name == "rl":
        from models.bidding.rl import RLBidder

        return RLBidder()
    raise ModelInputError(f"unknown bidding policy {name!r}", hint=f"use one of: {', '.join(POLICY_NAMES)}")


def default_policy() -> BiddingPolicy:
    """The RL bidder when its checkpoint loads, else the MPC."""
    rl = get_policy("rl")
    return rl if getattr(rl, "learned", False) else get_policy("mpc")
