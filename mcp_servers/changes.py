"""The change tools every server carries: get_plan, commit_plan and list_changes (the audit log).

Every server proposes; any of them can commit, so a client connected to one server alone can
finish what it started. In one process they are registered once (the `all` mode).
"""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from pydantic import BaseModel, Field

from mcp_servers import governance as gov
from mcp_servers.governance import CommitResult, PlanView
from mcp_servers.runtime import ToolRuntime, decode_cursor, market_errors, next_cursor, register

__all__ = ["CHANGE_TOOLS", "ChangeEntry", "ChangePage", "register_change_tools"]

CHANGE_TOOLS = ("get_plan", "commit_plan", "list_changes")
_MARK = "_zhanggui_change_tools"


class ChangeEntry(BaseModel):
    id: int
    step: int
    actor: str
    event: str
    plan_id: str | None
    target_id: str | None
    details: dict[str, Any]


class ChangePage(BaseModel):
    entries: list[ChangeEntry]
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for older-to-newer continuation.")


def register_change_tools(rt: ToolRuntime, srv: MCPServer) -> None:
    """Add the change tools to `srv` unless it already has them."""
    if getattr(srv, _MARK, False):
        return
    setattr(srv, _MARK, True)
    m = rt.market

    async def get_plan(plan_id: Annotated[str, Field(description="Plan id (prp_...) from a proposal.")]) -> PlanView:
        """A proposed change and its status (pending_approval, ready, committed, rejected, expired, stale)."""
        return gov.get_plan(m, rt.shop(), plan_id)

    async def commit_plan(
        plan_id: Annotated[str, Field(description="Plan id (prp_...).")],
        checksum: Annotated[str, Field(description="The checksum returned with the plan.")],
        idempotency_key: Annotated[str, Field(min_length=1, max_length=200, description=(
            "A unique value for this intended change; retrying with the same key never applies it twice."))],
    ) -> CommitResult:
        """Apply a proposed change exactly once. Refused if expired, changed, over policy or not yet approved."""
        return gov.commit(m, rt.shop(), plan_id, checksum, idempotency_key)

    async def list_changes(
        limit: Annotated[int, Field(ge=1, le=200, description="Entries per page.")] = 50,
        cursor: Annotated[str | None, Field(description="next_cursor from the previous page.")] = None,
    ) -> ChangePage:
        """The append-only audit log: every proposal, approval, rejection, commit and refusal, oldest first."""
        after = decode_cursor(cursor)
        with market_errors():
            rows = m.changes.audit_log(rt.shop(), after_id=after, limit=limit)
        entries = [ChangeEntry.model_validate({k: r[k] for k in ChangeEntry.model_fields}) for r in rows]
        return ChangePage(entries=entries, next_cursor=next_cursor(0, entries[-1].id, entries[-1].id)
                          if len(entries) == limit else None)

    register(srv, get_plan, kind="read", title="get plan")
    register(srv, list_changes, kind="read", title="list changes")
    register(srv, commit_plan, kind="commit", money="high", title="commit a plan", idempotent=True, destructive=True)
