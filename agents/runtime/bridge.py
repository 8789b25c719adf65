"""The MCP bridge: our tool servers as tools a chat model can call, one persistent session per server.

`McpToolbox` opens a `mcp.Client` per target (an in-process `MCPServer`, a streamable-HTTP URL with
a bearer token, or a stdio command), reads every tool list once, and then serves two things:
the `ToolSpec`s for an agent's allow-list, and `call`, which never raises for anything the model
did: a tool outside the allow-list or unknown is refused without reaching a server, a tool error
comes back as `ok=False` with the server's text, and a broken transport is logged and reported
the same way, so the tool loop can feed every outcome back to the model.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

import httpx2
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.server.mcpserver import MCPServer
from pydantic import BaseModel, ConfigDict, Field

from agents.runtime.errors import ToolboxError
from agents.runtime.messages import ToolSpec

__all__ = ["KIND_META", "RISK_META", "HttpTarget", "McpToolbox", "Target", "ToolInfo", "ToolOutcome"]

log = logging.getLogger(__name__)

KIND_META = "zhanggui/kind"
"""Tool meta key set by our servers: "read", "write", "propose" or "commit"."""
RISK_META = "zhanggui/money_risk"
"""Tool meta key set by our servers: the money-risk tier ("none", "low", "high")."""

_PAGE_CAP = 100  # tools/list pages read per server: a paginator that never ends cannot hang start-up


@dataclass(frozen=True)
class HttpTarget:
    """A tool server over streamable HTTP, e.g. `zhanggui serve all --transport http` at http://127.0.0.1:8000/mcp."""

    url: str
    token: str | None = field(default=None, repr=False)
    """Bearer token identifying the merchant; sent as a header, never as a tool argument."""
    timeout_s: float = 30.0
    """Connect/write timeout; reads may take longer because the server can hold a stream open."""
    mode: str = "auto"
    """`mcp.Client` mode: "auto", or "legacy" for servers on the 1.x SDK."""


Target = MCPServer | HttpTarget | StdioServerParameters | str
"""An in-process server, an HTTP target, a stdio command, or a bare URL (no auth)."""


class ToolInfo(BaseModel):
    """One tool as listed by its server."""

    model_config = ConfigDict(frozen=True)

    server: str = Field(
        description="Name of the target serving the tool (the first one when several serve it identically).")
    spec: ToolSpec = Field(description="Name, description and argument schema as offered to models.")
    meta: dict[str, Any] = Field(default_factory=dict, description="The tool's `_meta` from its listing.")
    read_only: bool | None = Field(default=None, description="The server's readOnlyHint annotation, when given.")

    @property
    def kind(self) -> str | None:
        """Our servers' tool kind ("read", "write", "propose", "commit"), None for foreign servers."""
        value = self.meta.get(KIND_META)
        return str(value) if value is not None else None

    @property
    def money_risk(self) -> str | None:
        """Our servers' money-risk tier ("none", "low", "high"), None for foreign servers."""
        value = self.meta.get(RISK_META)
        return str(value) if value is not None else None


class ToolOutcome(BaseModel):
    """What one tool call gave back, ready to be shown to the model."""

    ok: bool = Field(description="True when the tool ran and succeeded.")
    text: str = Field(description="What the model reads: compact JSON of the result, or the error and what to do.")
    data: Any = Field(default=None, description="The structured result of a successful call (None otherwise).")


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _content_text(result: Any) -> str:
    parts = [getattr(c, "text", None) for c in (result.content or [])]
    return "\n".join(p for p in parts if p)


class McpToolbox:
    """Tools from several MCP servers behind one allow-list-checked interface; use as `async with`.

    Open and close it in the same task: in-process sessions run in a task group tied to that task.
    """

    def __init__(self, targets: Mapping[str, Target], *, call_timeout_s: float | None = 60.0,
                 max_chars: int = 16_000) -> None:
        """`targets` maps a name (for logs and `ToolInfo.server`) to a server; `max_chars` caps a result's text."""
        if not targets:
            raise ToolboxError("no MCP targets given", hint="pass e.g. {'all': build_server('all', runtime)}")
        self.targets = dict(targets)
        self.call_timeout_s = call_timeout_s
        self.max_chars = max_chars
        self._stack: AsyncExitStack | None = None
        self._clients: dict[str, Client] = {}
        self._tools: dict[str, ToolInfo] = {}

    async def __aenter__(self) -> McpToolbox:
        if self._stack is not None:
            raise ToolboxError("this toolbox is already open")
        stack = AsyncExitStack()
        await stack.__aenter__()
        name = ""
        try:
            for name, target in self.targets.items():
                client = await stack.enter_async_context(await self._client_for(stack, target))
                self._clients[name] = client
                await self._absorb(name, client)
        except BaseException as e:
            self._clients.clear()
            self._tools.clear()
            await stack.aclose()
            if isinstance(e, Exception) and not isinstance(e, ToolboxError):
                raise ToolboxError(f"cannot open MCP target {name!r}: {type(e).__name__}: {e}",
                                   hint="check that the server runs, its URL ends in /mcp and the token is valid",
                                   ) from e
            raise
        self._stack = stack
        return self

    async def __aexit__(self, *exc: object) -> None:
        stack, self._stack = self._stack, None
        self._clients.clear()
        if stack is not None:
            await stack.aclose()

    async def _client_for(self, stack: AsyncExitStack, target: Target) -> Client:
        if isinstance(target, HttpTarget):
            headers = {"Authorization": f"Bearer {target.token}"} if target.token else {}
            http = await stack.enter_async_context(
                httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(target.timeout_s, read=300.0)))
            return Client(streamable_http_client(target.url, http_client=http), mode=target.mode)
        return Client(target)

    async def _absorb(self, server: str, client: Client) -> None:
        cursor: str | None = None
        for _ in range(_PAGE_CAP):
            page = await client.list_tools(cursor=cursor)
            for tool in page.tools:
                annotations = tool.annotations
                info = ToolInfo(server=server, meta=dict(tool.meta or {}),
                                read_only=getattr(annotations, "read_only_hint", None) if annotations else None,
                                spec=ToolSpec(name=tool.name, description=tool.description or "",
                                              parameters=dict(tool.input_schema)))
                seen = self._tools.get(tool.name)
                if seen is None:
                    self._tools[tool.name] = info
                elif (seen.spec, seen.meta) != (info.spec, info.meta):
                    raise ToolboxError(
                        f"tool {tool.name!r} is served differently by {seen.server!r} and {server!r}",
                        hint="tool names must be unique across servers; connect only one of them")
                # An identical tool on two servers (our change tools: get_plan, commit_plan, list_changes)
                # is the same tool over the same market: the first server answers it.
            cursor = page.next_cursor
            if cursor is None:
                return

    def _require_open(self) -> None:
        if self._stack is None:
            raise ToolboxError("the toolbox is not open", hint="use it inside `async with McpToolbox(...) as toolbox:`")

    @property
    def tools(self) -> Mapping[str, ToolInfo]:
        """Every tool of every server by name, in listing order."""
        self._require_open()
        return dict(self._tools)

    def client(self, server: str) -> Client:
        """The persistent session to one target (for what the toolbox does not wrap)."""
        self._require_open()
        return self._clients[server]

    def meta(self, name: str) -> dict[str, Any]:
        """A tool's `_meta` (our servers: KIND_META and RISK_META); raises `ToolboxError` for an unknown tool."""
        return dict(self.info(name).meta)

    def info(self, name: str) -> ToolInfo:
        """A tool's listing; raises `ToolboxError` for an unknown tool."""
        self._require_open()
        if name not in self._tools:
            raise ToolboxError(f"no server offers a tool named {name!r}", hint="see McpToolbox.tools for the names")
        return self._tools[name]

    def specs(self, allow: Collection[str]) -> list[ToolSpec]:
        """The specs of the allowed tools, in listing order; an allowed name no server offers is a `ToolboxError`."""
        self._require_open()
        missing = sorted(set(allow) - set(self._tools))
        if missing:
            raise ToolboxError(f"the allow-list names tools no server offers: {', '.join(missing)}",
                               hint="fix the agent's allow-list or connect the server that has them")
        return [info.spec for name, info in self._tools.items() if name in allow]

    async def call(self, name: str, arguments: Mapping[str, Any] | None, *, allow: Collection[str]) -> ToolOutcome:
        """Run one tool for a model; every failure is an `ok=False` outcome whose text the model can act on."""
        self._require_open()
        if name not in allow or name not in self._tools:
            usable = sorted(n for n in allow if n in self._tools)
            reason = "is not available to you" if name in self._tools else "does not exist"
            return ToolOutcome(ok=False, text=f"Tool {name!r} {reason}; it was not run. "
                                              f"Use one of: {', '.join(usable) or '(no tools)'}.")
        if arguments is not None and not isinstance(arguments, Mapping):
            return ToolOutcome(ok=False, text=f"Arguments for {name!r} must be a JSON object, not "
                                              f"{type(arguments).__name__}; it was not run.")
        info = self._tools[name]
        try:
            result = await self._clients[info.server].call_tool(name, dict(arguments or {}),
                                                                read_timeout_seconds=self.call_timeout_s)
        except Exception as e:  # boundary: any transport or protocol failure becomes an outcome the model reads
            log.warning("MCP call %s on %s failed: %s: %s", name, info.server, type(e).__name__, e)
            text = (f"Tool {name!r} could not be reached ({type(e).__name__}: {e}). Nothing is known to have "
                    "changed; try again later or continue without it.")
            return ToolOutcome(ok=False, text=text)
        if result.is_error:
            text = _content_text(result) or f"Tool {name!r} failed without a message."
            return ToolOutcome(ok=False, text=self._cap(text))
        data = result.structured_content
        text = _compact(data) if data is not None else _content_text(result)
        return ToolOutcome(ok=True, text=self._cap(text), data=data)

    def _cap(self, text: str) -> str:
        if len(text) <= self.max_chars:
            return text
        cut = len(text) - self.max_chars
        return text[: self.max_chars] + f"…[{cut} more characters cut; ask for fewer rows or the next page]"
