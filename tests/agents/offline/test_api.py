"""The language layer's public API and its import rules."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import agents.offline
from agents.offline import language

PACKAGE = Path(language.__file__).parent


def test_public_names_resolve_and_are_re_exported() -> None:
    for name in language.__all__:
        assert hasattr(language, name), name
        assert getattr(agents.offline, name) is getattr(language, name), name


def test_every_module_lists_its_api() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        module = importlib.import_module(f"agents.offline.language.{path.stem}" if path.stem != "__init__"
                                         else "agents.offline.language")
        assert isinstance(getattr(module, "__all__", None), list), path.name
        for name in module.__all__:
            assert hasattr(module, name), (path.name, name)


def test_no_market_servers_models_or_network() -> None:
    forbidden = {"market", "mcp_servers", "models", "socket", "urllib", "http", "httpx", "requests", "openai", "time"}
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            assert not {n.split(".")[0] for n in names} & forbidden, (path.name, names)
