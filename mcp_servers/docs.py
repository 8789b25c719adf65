"""The tool catalog as documentation: Markdown tables generated from the live servers.

`python -m mcp_servers.docs` prints them; `--write README.md` replaces the block between the
`<!-- tools:start -->` and `<!-- tools:end -->` markers. A test fails when the README is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import anyio
from mcp import Client

from market import SimMarket
from mcp_servers.changes import CHANGE_TOOLS
from mcp_servers.runtime import KIND_META, RISK_META, ToolRuntime
from mcp_servers.serve import SERVERS, build_server

__all__ = ["END", "START", "catalog", "markdown", "replace_block"]

START, END = "<!-- tools:start -->", "<!-- tools:end -->"


def catalog() -> dict[str, list[Any]]:
    """Each server's tools as the protocol lists them (an empty in-memory world backs them)."""
    market = SimMarket.create(":memory:", 0, "tiny", history_days=0, n_buyers=50, n_creators=10)

    async def listing(name: str) -> list[Any]:
        async with Client(build_server(name, ToolRuntime(market))) as c:
            return list((await c.list_tools()).tools)

    try:
        return {name: anyio.run(listing, name) for name in SERVERS}
    finally:
        market.close()


def markdown() -> str:
    lines: list[str] = []
    tools = catalog()
    shared = [t for t in next(iter(tools.values())) if t.name in CHANGE_TOOLS]
    sections = [(f"**{name}** (`zhanggui serve {name}`, `python -m mcp_servers.{name}`)",
                 [t for t in ts if t.name not in CHANGE_TOOLS]) for name, ts in tools.items()]
    sections.append(("**every server** (the change tools: any server can commit what any server proposed)", shared))
    for title, items in sections:
        lines += [title, "", "| tool | kind | money risk | what it does |", "| --- | --- | --- | --- |"]
        for t in items:
            meta = t.meta or {}
            summary = " ".join((t.description or "").strip().split("\n\n")[0].split()).replace("|", "\\|")
            lines.append(f"| `{t.name}` | {meta.get(KIND_META, '')} | {meta.get(RISK_META, '')} | {summary} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def replace_block(text: str, block: str) -> str:
    if START not in text or END not in text:
        raise ValueError(f"the file has no {START} ... {END} block")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{block}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--write", type=Path, help="update this file's tools block in place")
    a = p.parse_args(argv)
    block = markdown()
    if a.write:
        a.write.write_text(replace_block(a.write.read_text(encoding="utf-8"), block), encoding="utf-8")
    else:
        sys.stdout.write(block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
