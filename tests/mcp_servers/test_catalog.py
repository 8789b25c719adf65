"""The tool catalog: a snapshot of every server's tools, unique names, and README docs kept current.

After a deliberate change to the catalog: `UPDATE_SNAPSHOTS=1 pytest tests/mcp_servers/test_catalog.py`
and `python -m mcp_servers.docs --write README.md`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from mcp_servers.changes import CHANGE_TOOLS
from mcp_servers.docs import END, START, catalog, markdown

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).parent / "snapshots" / "catalog.json"


@pytest.fixture(scope="module")
def tools() -> dict[str, list[Any]]:
    return catalog()


def _dump(tools: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        name: [
            {
                "name": t.name,
                "title": t.title,
                "annotations": t.annotations.model_dump(mode="json", exclude_none=True) if t.annotations else None,
                "meta": t.meta,
                "input_schema": t.input_schema,
                "output_schema": t.output_schema,
            }
            for t in ts
        ]
        for name, ts in tools.items()
    }


def test_catalog_matches_the_snapshot(tools: dict[str, list[Any]]) -> None:
    current = _dump(tools)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert json.loads(SNAPSHOT.read_text(encoding="utf-8")) == json.loads(json.dumps(current)), (
        "the tool catalog changed: review the diff, then UPDATE_SNAPSHOTS=1 to accept it"
    )


def test_tool_names_are_unique_across_servers(tools: dict[str, list[Any]]) -> None:
    names = [t.name for ts in tools.values() for t in ts if t.name not in CHANGE_TOOLS]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    assert all(n.replace("_", "").isalpha() and "_" in n for n in names)  # verb_noun
    # The change tools are on every server that proposes, identical, so any of them can commit what another
    # proposed; the read-only policy server has none.
    for name in CHANGE_TOOLS:
        copies = [_dump({"s": [t for t in ts if t.name == name]})["s"] for s, ts in tools.items() if s != "policy"]
        assert all(c == copies[0] and len(c) == 1 for c in copies), name


def test_readme_lists_the_live_catalog() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(START, 1)[1].split(END, 1)[0].strip()
    assert block == markdown().strip(), "README tools block is stale: python -m mcp_servers.docs --write README.md"


def test_the_policy_server_is_read_only(tools: dict[str, list[Any]]) -> None:
    policy = tools["policy"]
    assert {t.name for t in policy} == {"plan_budget", "recommend_bids", "recommend_coupons", "match_creators",
                                        "explain_change", "forecast_kpi"}
    assert all(t.annotations.read_only_hint and t.meta["zhanggui/kind"] == "read" for t in policy)
