"""The RL bidder: the committed checkpoint loads and decides deterministically; training replays run_day exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from typer.testing import CliRunner

from models.bidding.env import AdvertiserDay, run_day
from models.bidding.mpc import MPCBidder, plan, to_batch
from models.bidding.rl import (
    CHECKPOINT,
    FEATURES,
    MAX_LOG_CORRECTION,
    BidNet,
    RLBidder,
    card_of,
    features,
    load_net,
)
from models.bidding.types import BidGoal, BidObservation
from models.errors import ModelInputError
from models.training.bidding_data import make_tasks, yesterday_records
from models.training.bidding_rl import (
    BatchEnv,
    flat_params,
    population_forward,
    prepare,
)
from tests.models.bidding.conftest import synthetic_day
from tests.models.bidding.test_mpc import OBS

torch.set_num_threads(1)


def test_the_committed_checkpoint_loads_with_its_card() -> None:
    assert CHECKPOINT.exists() and CHECKPOINT.stat().st_size <= 2_000_000
    assert CHECKPOINT.with_suffix(".md").exists()
    net = load_net()
    assert sum(p.numel() for p in net.parameters()) > 0
    card = card_of()
    assert card["smoke"] is False and card["command"].startswith("zhanggui train bidding")
    assert card["data"]["recipe"] == "train"  # type: ignore[index]
    scores = card["scores_mean_score_over_oracle"]
    assert {"train_mpc", "train_rl", "val_mpc", "val_rl", "held_out_mpc", "held_out_rl"} <= set(scores)  # type: ignore[arg-type]


def test_decisions_are_deterministic_and_batch_equals_one_by_one() -> None:
    rl = RLBidder()
    assert rl.learned and rl.version == "1"
    many = rl.decide_many(OBS)
    assert many == [rl.decide(o) for o in OBS]
    assert many == RLBidder().decide_many(OBS)
    mpc = MPCBidder().decide_many(OBS)
    for d, m in zip(many, mpc):
        assert d.model == "rl" and d.learned is True and d.why.startswith("RL")
        # A correction of the MPC's alpha, bounded by exp(+-MAX_LOG_CORRECTION).
        assert m.alpha * np.exp(-MAX_LOG_CORRECTION) - 1e-9 <= d.alpha <= m.alpha * np.exp(MAX_LOG_CORRECTION) + 1e-9


def test_edge_cases_follow_the_mpc() -> None:
    rl = RLBidder()
    goal = BidGoal(kind="cpa", budget_fen=1_000, target_cpa_fen=100.0)
    assert rl.decide(BidObservation(goal=goal, step=3, budget_left_fen=0.0)).alpha == 0.0
    d = rl.decide(BidObservation(goal=goal, step=0, budget_left_fen=1_000))
    assert 1.0 * np.exp(-MAX_LOG_CORRECTION) <= d.alpha <= np.exp(MAX_LOG_CORRECTION)


def test_without_a_checkpoint_it_is_the_mpc_and_says_so(tmp_path: Path) -> None:
    rl = RLBidder(path=tmp_path / "missing.pt")
    assert rl.learned is False and rl.error and "zhanggui train bidding" in rl.error
    got = rl.decide_many(OBS)
    want = MPCBidder().decide_many(OBS)
    assert [d.alpha for d in got] == [d.alpha for d in want]
    assert all(d.learned is False and "fallback" in d.why for d in got)


def test_a_bad_checkpoint_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(ModelInputError):
        load_net(bad)
    other = tmp_path / "other.pt"
    torch.save({"state_dict": BidNet().state_dict(), "hidden": 16, "features": ["x"], "card": {}}, other)
    with pytest.raises(ModelInputError) as err:
        load_net(other)
    assert "other features" in str(err.value)


def test_features_are_bounded_and_finite() -> None:
    b = to_batch(OBS)
    p, f = plan(b)
    x = features(b, p, f, np.array([1.0 if o.goal.kind == "roi" else 0.0 for o in OBS]))
    assert x.shape == (len(OBS), len(FEATURES)) and x.dtype == np.float32
    assert np.all(np.isfinite(x)) and np.all(np.abs(x) <= 3.0)


def test_the_population_forward_is_the_network() -> None:
    torch.manual_seed(1)
    net = BidNet()
    torch.nn.init.normal_(net.body[-1].weight)
    x = np.random.default_rng(0).normal(size=(2, 5, len(FEATURES))).astype(np.float32)
    theta = flat_params(net)
    got = population_forward(net, np.stack([theta, theta]), x)
    with torch.no_grad():
        want = net(torch.from_numpy(x)).numpy()
    assert np.allclose(got, want, atol=1e-6)


def test_the_training_replay_is_run_day(tiny_days: list[AdvertiserDay]) -> None:
    tasks = make_tasks(tiny_days, seed=0)[:2]
    day = synthetic_day(7, per_step=20)
    goal = BidGoal(kind="roi", budget_fen=30_000, target_roi=2.5, value_per_conversion_fen=2500.0)
    tasks.append(type(tasks[0])(day=day, goal=goal, prior=(yesterday_records(synthetic_day(8, per_step=20), goal),)))
    env = BatchEnv(prepare(tasks), copies=2)
    rl = RLBidder()
    res = env.run(lambda b: rl.alphas(b, env.roi)[0])
    for i, t in enumerate(tasks):
        ref = run_day(rl, t.day, t.goal, t.prior)
        for c in range(2):
            row = c * len(tasks) + i
            assert res.spend[row] == pytest.approx(ref.spend, rel=1e-9, abs=1e-6)
            assert res.score[row] == pytest.approx(ref.score, rel=1e-9, abs=1e-9)
            assert np.allclose(res.alphas[row], ref.alphas, rtol=1e-9)


def test_train_command_smoke(tiny_days: list[AdvertiserDay], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import models.training.bidding_data as data
    from app.cli import app

    bidders = sorted({d.key.split(":", 2)[2] for d in tiny_days})[:6]
    few = [d for d in tiny_days if d.key.split(":", 2)[2] in bidders]  # six advertisers, both days
    monkeypatch.setattr(data, "world_days", lambda *a, **k: few)
    out = tmp_path / "ckpt" / "rl.pt"
    done = CliRunner().invoke(app, ["train", "bidding", "--smoke", "--out", str(out), "--seed", "3"])
    assert done.exit_code == 0, done.output
    assert out.exists() and out.with_suffix(".md").exists()
    card = card_of(out)
    assert card["smoke"] is True and card["training"]["seed"] == 3  # type: ignore[index]
    assert "MPC" in out.with_suffix(".md").read_text() and RLBidder(path=out).learned
