"""The bidding benchmark runs in smoke mode (a few tiny-world days): it must run and report every figure."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest
import torch

ROOT = Path(__file__).resolve().parents[2]
torch.set_num_threads(1)


@pytest.fixture(scope="module")
def res() -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bidding
    finally:
        sys.path.pop(0)
    return bidding.measure(smoke=True)


def test_smoke_mode_reports_every_figure(res: dict[str, Any]) -> None:
    assert res["smoke"] is True and res["days"] >= 3
    assert set(res["policies"]) == {"pid", "mpc", "rl", "best alpha"}
    for r in res["policies"].values():
        assert set(r) == {"score_over_oracle", "p10_score_over_oracle", "violation_rate", "budget_use", "vs_pid"}
        assert all(math.isfinite(v) for v in r.values())
        assert 0 < r["score_over_oracle"] <= 1.5 and 0 <= r["violation_rate"] <= 1 and 0 < r["budget_use"] <= 1 + 1e-9
    assert res["policies"]["pid"]["vs_pid"] == 1.0
    sp = res["speed"]
    assert sp["observations"] == 50 and sp["repeat"] == 1
    for name in ("pid", "mpc", "rl"):
        assert sp[name]["ms"] > 0 and sp[name]["vs_pid"] > 0
    assert set(res["targets"]) == {"mpc_ge_0.90_of_oracle", "rl_ge_0.90_of_oracle", "mpc_ge_1.10_x_pid",
                                   "rl_ge_1.10_x_pid", "rl_ge_mpc", "decide_many_1000_le_200ms"}
    assert "1.01" in res["violation_definition"]
    assert isinstance(res["rl_learned"], bool)


def test_the_table_and_the_json_carry_the_figures(res: dict[str, Any]) -> None:
    import bidding

    table = bidding.render(res)
    for text in ("score/oracle", "best alpha", "violation:", "decide_many for 50", "targets"):
        assert text in table
    assert json.loads(json.dumps(res)) == res
