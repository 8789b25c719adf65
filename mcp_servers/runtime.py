"""What every tool server shares: the market, who the merchant is, errors, registration, paging.

The merchant is never a tool argument. Over HTTP it comes from the bearer token (each token maps
to one shop); over stdio from the server's configuration (one local merchant). Every id a tool
receives is looked up within that shop, so another merchant's ids are simply "not found".
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field, ValidationError

from market import Backend, MarketError

__all__ = [
    "RISK_META",
    "Kind",
    "MoneyRisk",
    "Page",
    "ToolRuntime",
    "decode_cursor",
    "encode_cursor",
    "market_errors",
    "register",
    "validated",
]

log = logging.getLogger(__name__)
T = TypeVar("T")
Kind = Literal["read", "propose", "commit", "write"]
"""read: no change. propose: returns a plan, changes nothing live. commit: applies a plan.
write: a direct, bounded change that moves no merchant money (a buyer's request, a hand-off)."""
MoneyRisk = Literal["none", "low", "high"]
RISK_META = "zhanggui/money_risk"
KIND_META = "zhanggui/kind"


class ToolRuntime:
    """The market a server works on and the merchant a call acts for."""

    def __init__(self, market: Backend, *, default_shop: str | None = None) -> None:
        self.market = market
        self.default_shop = default_shop
        self.cache: dict[Any, Any] = {}
        """Per-process memo for figures of the past that cannot change (e.g. a closed step's attribution)."""

    def shop(self) -> str:
        token = get_access_token()
        if token is not None:
            return token.client_id
        if self.default_shop:
            return self.default_shop
        shops = self.market.list_shops()
        if len(shops) == 1:
            return shops[0].id
        raise ToolError("no merchant for this session: set ZHANGGUI_SHOP for stdio, or connect over HTTP with a token")


@contextmanager
def market_errors() -> Iterator[None]:
    """A market error is the caller's to fix: turn it into a tool error the model can read."""
    try:
        yield
    except MarketError as exc:
        raise ToolError(f"[{exc.code}] {exc}") from None


class Page(BaseModel):
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` to get the next page; null at the end.")


def validated(cls: type[T], data: dict[str, Any]) -> T:
    """Build a spec from tool arguments; a rule it breaks is a tool error that names the field."""
    try:
        return cls.model_validate(data)  # type: ignore[attr-defined, no-any-return]
    except ValidationError as exc:
        msgs = "; ".join((f"{'.'.join(str(p) for p in e['loc'])}: " if e["loc"] else "")
                         + e["msg"].removeprefix("Value error, ") for e in exc.errors())
        raise ToolError(f"[invalid_input] {msgs}") from None


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        kind, value = text.split(":", 1)
        offset = int(value)
        if kind != "o" or offset < 0:
            raise ValueError
        return offset
    except Exception:  # any malformed cursor is the caller's mistake
        raise ToolError("invalid cursor: pass back the next_cursor of the previous page, or omit it") from None


def next_cursor(offset: int, got: int, limit: int) -> str | None:
    return encode_cursor(offset + got) if got == limit else None


def register(
    server: MCPServer,
    fn: Callable[..., Any],
    *,
    kind: Kind,
    money: MoneyRisk = "none",
    title: str,
    idempotent: bool | None = None,
    destructive: bool = False,
) -> None:
    """Add a tool with honest annotations and the money-risk tier in its metadata."""
    read_only = kind == "read"
    server.add_tool(
        fn,
        title=title,
        annotations=ToolAnnotations(
            title=title,
            readOnlyHint=read_only,
            destructiveHint=False if read_only else destructive,
            idempotentHint=True if read_only else bool(idempotent),
            openWorldHint=False,
        ),
        meta={KIND_META: kind, RISK_META: money},
        structured_output=True,
    )
