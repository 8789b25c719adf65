"""The policy registry: every name gives a working policy; unknown names are refused with the valid ones."""

from __future__ import annotations

import pytest
import torch

from models.bidding.mpc import MPCBidder
from models.bidding.pid import PIDPacer
from models.bidding.policies import POLICY_NAMES, default_policy, get_policy
from models.bidding.rl import RLBidder
from models.bidding.types import BiddingPolicy, BidGoal, BidObservation
from models.errors import ModelInputError

torch.set_num_threads(1)
GOAL = BidGoal(kind="roi", budget_fen=10_000, target_roi=2.0, value_per_conversion_fen=500.0)


def test_every_name_is_a_policy_that_decides() -> None:
    assert POLICY_NAMES == ("pid", "mpc", "rl")
    kinds = {"pid": PIDPacer, "mpc": MPCBidder, "rl": RLBidder}
    obs = BidObservation(goal=GOAL, step=0, budget_left_fen=10_000)
    for name in POLICY_NAMES:
        p = get_policy(name)
        assert isinstance(p, kinds[name]) and isinstance(p, BiddingPolicy)
        assert get_policy(name) is p  # built once
        d = p.decide(obs)
        assert d.model == name and d.alpha == pytest.approx(1.0) and d.why and d.version
    assert get_policy("pid").decide(obs).learned is False
    assert get_policy("mpc").decide(obs).learned is False


def test_unknown_name_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(ModelInputError) as err:
        get_policy("greedy")
    assert "greedy" in str(err.value) and err.value.hint == "use one of: pid, mpc, rl"


def test_default_is_the_rl_bidder_when_its_checkpoint_loads() -> None:
    rl = get_policy("rl")
    assert rl.learned, rl.error  # the committed checkpoint
    assert default_policy() is rl


def test_default_falls_back_to_the_mpc(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from models.bidding import policies

    monkeypatch.setattr(policies, "get_policy", lambda name: {"rl": RLBidder(path=tmp_path / "none.pt"),  # type: ignore[operator]
                                                              "mpc": get_policy("mpc")}[name])
    assert policies.default_policy() is get_policy("mpc")
