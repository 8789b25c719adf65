"""The throughput benchmark runs in smoke mode (small sizes): it must run and report, not be fast."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_mode_reports_every_figure() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import sim_throughput
    finally:
        sys.path.pop(0)
    res = sim_throughput.measure(smoke=True)
    assert [r["advertisers"] for r in res["kernel"]] == [10, 30, 100]
    for r in res["kernel"]:
        assert r["vectorised_per_s"] > 0 and r["loop_per_s"] > 0 and r["speedup"] > 1
    assert all(r["per_s"] > 0 for r in res["pipeline"])
    day = res["busy_day"]
    assert day["impressions"] > 100_000 and day["seconds"] > 0 and day["orders"] > 0
    assert day["speedup_vs_loop_30"] > 0


def test_script_runs_from_the_command_line() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "sim_throughput.py"), "--smoke"],
                         capture_output=True, text=True, timeout=300, check=True)
    assert "auction kernel" in out.stdout and "busy shop" in out.stdout
