"""The coupon benchmark runs in smoke mode (one tiny world): it must run and report every figure."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_mode_reports_every_figure() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import coupons as bench
    finally:
        sys.path.pop(0)
    res = bench.measure(smoke=True)
    assert set(res["summary"]) == {"smoke/tight", "smoke/loose"}
    for s in res["summary"].values():
        assert s["shops"] == 1
        for key in ("oracle_fen", "model_fen", "prior_only_fen", "rule_fen"):
            assert math.isfinite(s[key]), key
        # The oracle is the best of the same candidates (or no coupon): nothing beats it.
        assert s["oracle_fen"] >= max(s["model_fen"], s["prior_only_fen"], s["rule_fen"]) - 1e-6
        assert s["oracle_fen"] >= 0
        for key in ("model_vs_oracle", "prior_only_vs_oracle", "rule_vs_oracle"):
            assert s[key] is None if s["oracle_fen"] == 0 else math.isfinite(s[key])
    for c in res["cases"]:
        assert c["cap_fen"] > 0 and isinstance(c["learned"], bool)
    e = res["elasticity"]
    assert e["pairs"] > 0 and e["mae_estimated"] >= 0 and e["mae_prior"] >= 0


def test_script_runs_from_the_command_line() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "coupons.py"), "--smoke"],
                         capture_output=True, text=True, timeout=300, check=True)
    assert "coupon optimizer" in out.stdout and "smoke/tight" in out.stdout and "smoke/loose" in out.stdout
