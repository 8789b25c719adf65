"""The forecast benchmark runs in smoke mode (one tiny world): it must run and report every figure."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_mode_reports_every_figure() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import forecast as bench
    finally:
        sys.path.pop(0)
    res = bench.measure(smoke=True)
    assert res["shops"] == 1 and res["horizon_days"] == 2
    assert {r["series"] for r in res["rows"]} == {"gmv_fen", "orders", "ad_spend_fen", "product_orders"}
    for r in res["rows"]:
        assert r["points"] > 0 and r["origins"] > 0
        for key in ("smape_forecast", "smape_seasonal_naive", "smape_last_value", "smape_ratio_vs_seasonal_naive",
                    "smape_ratio_vs_last_value", "coverage_80"):
            assert math.isfinite(r[key]) and r[key] >= 0, key


def test_script_runs_from_the_command_line() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "forecast.py"), "--smoke"],
                         capture_output=True, text=True, timeout=300, check=True)
    assert "forecast backtest" in out.stdout and "product_orders" in out.stdout
