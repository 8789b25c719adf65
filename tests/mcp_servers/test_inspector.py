"""The official MCP Inspector (CLI mode) as a real client of our servers, over stdio and HTTP.

The Inspector is an npm package pinned in tools/inspector/package-lock.json; the first run
installs it there (`npm ci`, no browser download). CI has Node; elsewhere without Node these
tests are skipped, and in CI a missing Node is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from market import SimMarket
from tests.mcp_servers.test_transports import TOKEN_A, TOKEN_B, http_server, two_shops  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[2]
HARNESS = ROOT / "tools" / "inspector"
BIN = HARNESS / "node_modules" / ".bin" / "mcp-inspector"


@pytest.fixture(scope="module")
def inspector() -> Path:
    if shutil.which("npm") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Node and npm to run the MCP Inspector")
        pytest.skip("Node/npm not installed")
    if not BIN.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HARNESS, check=True,
                       timeout=600)
    return BIN


def _run(inspector: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MCP_INSPECTOR_SECRET_STORE": "memory"}
    return subprocess.run([str(inspector), "--cli", "-q", *args], capture_output=True, text=True, env=env,
                          timeout=120, cwd=ROOT)


def _stdio(db: Path, shop: str) -> list[str]:
    return ["-e", f"ZHANGGUI_DB={db}", "-e", f"ZHANGGUI_SHOP={shop}", "-e", f"PYTHONPATH={ROOT}",
            sys.executable, "-m", "mcp_servers.ads"]


def test_inspector_lists_and_calls_over_stdio(inspector: Path, two_shops: tuple[Path, list[str]]) -> None:  # noqa: F811
    db, shops = two_shops
    listed = _run(inspector, *_stdio(db, shops[0]), "--method", "tools/list")
    assert listed.returncode == 0, listed.stderr
    names = {t["name"] for t in json.loads(listed.stdout)["tools"]}
    assert {"get_report", "commit_plan", "create_campaign"} <= names
    called = _run(inspector, *_stdio(db, shops[0]), "--method", "tools/call", "--tool-name", "get_report",
                  "--tool-args-json", json.dumps({"days": 1, "group_by": ["lever"]}))
    assert called.returncode == 0, called.stderr
    out: dict[str, Any] = json.loads(called.stdout)
    report = out.get("structuredContent") or json.loads(out["content"][0]["text"])
    m = SimMarket.open(db)
    expected = m.report(shops[0], start_step=report["start_step"])[0].gmv_fen
    m.close()
    assert report["totals"]["gmv_fen"] == expected


def test_inspector_over_http_with_a_token(inspector: Path, http_server: str,  # noqa: F811
                                          two_shops: tuple[Path, list[str]]) -> None:  # noqa: F811
    _, shops = two_shops
    ok = _run(inspector, f"{http_server}/mcp", "--header", f"Authorization: Bearer {TOKEN_B}", "--stored-auth-only",
              "--method", "tools/call", "--tool-name", "get_account", "--tool-args-json", "{}")
    assert ok.returncode == 0, ok.stderr
    out = json.loads(ok.stdout)
    account = out.get("structuredContent") or json.loads(out["content"][0]["text"])
    assert account["shop_id"] == shops[1]
    denied = _run(inspector, f"{http_server}/mcp", "--header", "Authorization: Bearer not-a-valid-token-xyz",
                  "--stored-auth-only", "--method", "tools/list")
    assert denied.returncode == 3, (denied.returncode, denied.stderr)
    assert TOKEN_A not in ok.stdout
