"""The package layout and the import rules of DESIGN.md."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = ("agents", "mcp_servers", "models", "evals", "market", "app")

# What each package may not import (DESIGN.md, "Import rules").
FORBIDDEN = {
    "market": {"agents", "mcp_servers", "models", "evals", "app"},
    "agents": {"market", "mcp_servers", "models"},
    "models": {"market", "mcp_servers", "agents"},
    "mcp_servers": {"agents", "evals", "app"},
}


@pytest.mark.parametrize("name", ["agents", "models", "evals", "market", "mcp_servers", "app"])
def test_common_package_names_resolve_to_this_repo(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__file__ is not None
    assert Path(module.__file__).resolve().parent == ROOT / name


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_import_rules(package: str) -> None:
    bad = []
    for path in (ROOT / package).rglob("*.py"):
        if package == "models" and "training" in path.parts:
            continue  # training code may use the simulator
        hits = _imports(path) & FORBIDDEN[package]
        if hits:
            bad.append(f"{path.relative_to(ROOT)} imports {sorted(hits)}")
    assert not bad, bad


_SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b", re.I)


def test_only_the_store_speaks_sql() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "market").rglob("*.py")
        if "store" not in p.relative_to(ROOT / "market").parts and _SQL.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_nothing_in_market_reads_the_wall_clock() -> None:
    pattern = re.compile(r"\b(time\.time|datetime\.now|datetime\.utcnow|date\.today|perf_counter)\b")
    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / "market").rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_public_api_is_listed() -> None:
    import market

    for name in market.__all__:
        assert hasattr(market, name), name
