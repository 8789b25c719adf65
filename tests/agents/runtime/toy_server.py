"""Small MCP servers for the bridge and loop tests: they count their sessions and their calls."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

__all__ = ["Counters", "conflicting_server", "toy_server"]


@dataclass
class Counters:
    sessions: int = 0
    calls: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def toy_server(counters: Counters) -> MCPServer:
    """Tools: add (read), write_note (write), fail (tool error), slow (5 s), big (long output), plain (text only)."""

    @asynccontextmanager
    async def life(_: MCPServer) -> AsyncIterator[dict[str, Any]]:
        counters.sessions += 1
        yield {}

    srv = MCPServer("toy", lifespan=life)

    async def add(a: Annotated[int, Field(description="First addend.")],
                  b: Annotated[int, Field(description="Second addend.")]) -> dict[str, int]:
        """Add two integers."""
        counters.calls.append("add")
        return {"sum": a + b}

    async def write_note(text: Annotated[str, Field(description="The note.")]) -> dict[str, int]:
        """Store a note."""
        counters.calls.append("write_note")
        counters.notes.append(text)
        return {"notes": len(counters.notes)}

    async def fail(reason: str = "no") -> dict[str, int]:
        """Always fails."""
        counters.calls.append("fail")
        raise ToolError(f"[invalid_input] refused: {reason} (call add instead)")

    async def slow() -> dict[str, int]:
        """Takes too long."""
        counters.calls.append("slow")
        await anyio.sleep(5)
        return {"done": 1}

    async def big(n: int) -> dict[str, str]:
        """A long result."""
        counters.calls.append("big")
        return {"text": "数" * n}

    async def plain() -> str:
        """Text without structure."""
        counters.calls.append("plain")
        return "just text"

    srv.add_tool(add, meta={"zhanggui/kind": "read", "zhanggui/money_risk": "none"}, structured_output=True)
    srv.add_tool(write_note, meta={"zhanggui/kind": "write", "zhanggui/money_risk": "low"}, structured_output=True)
    srv.add_tool(fail, structured_output=True)
    srv.add_tool(slow, structured_output=True)
    srv.add_tool(big, structured_output=True)
    srv.add_tool(plain, structured_output=False)
    return srv


def conflicting_server() -> MCPServer:
    """A server with its own, different `add`: connecting it next to the toy server is a configuration error."""
    srv = MCPServer("other")

    async def add(x: float) -> dict[str, float]:
        """Add one to x."""
        return {"y": x + 1}

    srv.add_tool(add, structured_output=True)
    return srv
