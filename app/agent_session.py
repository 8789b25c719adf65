"""Wiring the agents to a market: tool servers in process, the approval channel, checkpoints.

The agents only ever see MCP tools; this module is the merchant's side that owns the rest: it
builds every tool server on the market, opens one MCP session to them, gives the store manager
the operator approval channel (governance.approve_plan / reject_plan, recorded in the audit log)
and a LangGraph SQLite checkpointer, so a killed chat or autopilot resumes where it stopped.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command

from agents.autopilot import AutopilotDeps, build_autopilot, start_run
from agents.customer_service import ServiceDeps, build_customer_service, buyer_turn
from agents.offline.model import OfflineModel
from agents.runtime import ChatModel, McpToolbox
from agents.store_manager.approvals import ApprovalAnswer, Decision
from agents.store_manager.graph import ManagerDeps, build_store_manager, new_turn
from market import Backend, Conflict
from mcp_servers import governance
from mcp_servers.runtime import ToolRuntime
from mcp_servers.serve import build_server

__all__ = ["AgentSession", "LLMChoice", "MarketClock", "OperatorApprovals", "TurnResult", "agent_session", "make_model"]

log = logging.getLogger(__name__)
# The tool servers run in this process: their per-call logs (a refused proposal is an INFO line)
# belong in the audit log and the model's tool results, not on the merchant's terminal.
logging.getLogger("mcp").setLevel(logging.WARNING)
LLMChoice = Literal["offline", "openai"]
_OFFLINE_MAX_CHARS = 2_000_000
"""The offline model reads whole results; real models get the bridge's default cap (ask for fewer rows)."""


class OperatorApprovals:
    """The merchant's approval channel: decisions recorded through governance, on the merchant's side."""

    def __init__(self, market: Backend, shop_id: str) -> None:
        self.market = market
        self.shop_id = shop_id

    def decide(self, plan_id: str, decision: Decision, by: str, note: str) -> str:
        fn = governance.approve_plan if decision == "approved" else governance.reject_plan
        try:
            return fn(self.market, self.shop_id, plan_id, by, note).status
        except Conflict:
            # Already decided (a resumed graph repeats its last node): fine if it went the same way.
            status = governance.get_plan(self.market, self.shop_id, plan_id).status
            if (decision == "approved") != (status in ("ready", "committed")):
                raise
            return status


class MarketClock:
    """The simulator's clock for the autopilot (the operator moves time; no model can)."""

    def __init__(self, market: Backend) -> None:
        self.market = market

    def now(self) -> int:
        return self.market.now().step

    def advance(self, steps: int) -> int:
        return self.market.advance(steps).step


def make_model(llm: LLMChoice = "offline") -> ChatModel:
    if llm == "offline":
        return OfflineModel()
    from agents.runtime.openai_model import OpenAIChatModel

    return OpenAIChatModel.from_settings()


@dataclass(slots=True)
class TurnResult:
    reply: str
    pending: list[dict[str, Any]]
    """Plans waiting for the merchant (the graph is stopped at its approval interrupt)."""
    state: dict[str, Any]


@dataclass(slots=True)
class AgentSession:
    market: Backend
    shop_id: str
    toolbox: McpToolbox
    model: ChatModel
    manager: CompiledStateGraph
    service: CompiledStateGraph
    saver: AsyncSqliteSaver

    async def autopilot(self, thread: str, days: int | None, *, progress: Callable[[int, int], None] | None = None,
                        on_day: Callable[[dict[str, Any]], None] | None = None, lang: str = "zh") -> dict[str, Any]:
        """Run (days given) or resume (days None: continue the thread's unfinished run) the autopilot."""
        graph = build_autopilot(AutopilotDeps(model=self.model, toolbox=self.toolbox, clock=MarketClock(self.market),
                                              progress=progress, on_day=on_day)).compile(checkpointer=self.saver)
        cfg = {"configurable": {"thread_id": thread}, "recursion_limit": 100_000}
        start = None if days is None else start_run(self.market.now().step, days, lang)
        return dict(await graph.ainvoke(start, cfg))

    async def merchant(self, thread: str, text: str) -> TurnResult:
        """One merchant message through the store manager."""
        return self._result(await self.manager.ainvoke(new_turn(text), _cfg(thread)))

    async def decide(self, thread: str, answer: ApprovalAnswer) -> TurnResult:
        """Resume a turn stopped at the approval interrupt with the merchant's decisions."""
        return self._result(await self.manager.ainvoke(Command(resume=answer.model_dump()), _cfg(thread)))

    async def waiting(self, thread: str) -> list[dict[str, Any]]:
        """Plans a stopped turn of `thread` still waits on (after a restart, too)."""
        snap = await self.manager.aget_state(_cfg(thread))
        return [p for t in snap.tasks for i in t.interrupts for p in (i.value or {}).get("plans", [])]

    async def buyer(self, thread: str, text: str) -> str:
        out = await self.service.ainvoke(buyer_turn(text), _cfg(thread))
        return str(out.get("reply", ""))

    def _result(self, out: dict[str, Any]) -> TurnResult:
        pending = [p for i in out.get("__interrupt__", []) for p in (i.value or {}).get("plans", [])]
        return TurnResult(reply=str(out.get("reply", "")), pending=pending, state=out)


def _cfg(thread: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": thread}, "recursion_limit": 50}


@asynccontextmanager
async def agent_session(market: Backend, checkpoints: Path | str, *, model: ChatModel | None = None,
                        auto_approve: bool = False, shop_id: str | None = None) -> AsyncIterator[AgentSession]:
    """The agents on `market` with every tool server in process and checkpoints in `checkpoints`."""
    shop = shop_id or market.list_shops()[0].id
    chat = model or OfflineModel()
    server = build_server("all", ToolRuntime(market, default_shop=shop))
    cap = _OFFLINE_MAX_CHARS if isinstance(chat, OfflineModel) else 16_000
    if str(checkpoints) != ":memory:":
        Path(checkpoints).parent.mkdir(parents=True, exist_ok=True)
    async with McpToolbox({"all": server}, max_chars=cap) as toolbox, \
            AsyncSqliteSaver.from_conn_string(str(checkpoints)) as saver:
        manager = build_store_manager(ManagerDeps(model=chat, toolbox=toolbox, approvals=OperatorApprovals(market, shop),
                                                  auto_approve=auto_approve)).compile(checkpointer=saver)
        service = build_customer_service(ServiceDeps(model=chat, toolbox=toolbox)).compile(checkpointer=saver)
        yield AgentSession(market=market, shop_id=shop, toolbox=toolbox, model=chat, manager=manager, service=service,
                           saver=saver)
