"""The super-plan benchmark runs in smoke mode and reports every figure (its values are for the full run)."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_mode_reports_every_figure() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import super_plan
    finally:
        sys.path.pop(0)
    res = super_plan.measure(smoke=True)
    assert res["seeds"] == "held-out"
    for part in ("warm", "rich", "cold"):
        s = res[part]
        assert s["runs"] == 3
        for m in super_plan.METHODS:
            for key in ("gmv_vs_oracle", "gmv_vs_oracle_no_target", "gmv_vs_oracle_budget_bound", "gmv_vs_oracle_target_bound",
                        "profit_vs_oracle", "target_met_share", "budget_use"):
                assert f"{m}_{key}" in s
            assert s[f"{m}_budget_use"] >= 0
        assert math.isfinite(s["ours_gmv_vs_oracle"]) and s["ours_gmv_vs_oracle"] >= 0
        assert s["plan_seconds_mean"] > 0
    assert res["solve_30x6"]["curves"] == 180 and res["solve_30x6"]["median_ms"] > 0


def test_script_runs_from_the_command_line() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "super_plan.py"), "--smoke"],
                         capture_output=True, text=True, timeout=300, check=True)
    assert "super plan (ours)" in out.stdout and "cold start" in out.stdout and "solve" in out.stdout
