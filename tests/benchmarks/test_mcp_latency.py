"""The MCP latency benchmark runs in smoke mode (1 and 2 clients, a few calls): it must run and report every
figure, not be fast."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ("calls", "p50_ms", "p99_ms", "calls_per_s", "p50_ratio", "p99_ratio", "calls_per_s_ratio", "client_cpu")


def test_smoke_mode_reports_every_figure() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "mcp_latency.py"), "--smoke", "--json"],
                         capture_output=True, text=True, timeout=300, check=True, cwd=ROOT)
    res = json.loads(out.stdout)
    cells = {(r["transport"], r["clients"], r["op"]) for r in res["rows"]}
    assert cells == {(t, c, op) for t in ("stdio", "http") for c in (1, 2) for op in ("echo", "read", "write")}
    for r in res["rows"]:
        for key in FIGURES:
            assert r[key] > 0, (r["transport"], r["clients"], r["op"], key)
    assert {(t["transport"], t["clients"]) for t in res["target"]} == {(t, c) for t in ("stdio", "http") for c in (1, 2)}
    assert all(t["read_p50_ratio"] > 0 and isinstance(t["pass"], bool) for t in res["target"])
