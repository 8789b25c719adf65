"""The agents benchmark runs in smoke mode (tiny shop, 2 turns, 1 day): it must run and report every figure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_mode_reports_every_figure() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "agents.py"), "--smoke", "--json"],
                         capture_output=True, text=True, timeout=600, check=True, cwd=ROOT)
    res = json.loads(out.stdout)
    for key in ("turn_ms_p50", "tools_ms_p50", "overhead_ms_p50", "overhead_ms_max"):
        assert res["turn"][key] > 0, key
    assert res["autopilot"]["steps"] == 48 and res["autopilot"]["autopilot_s"] > 0 and res["autopilot"]["ratio_to_bare"] > 0
    assert isinstance(res["target"]["turn_overhead_ms<=300"], bool)
