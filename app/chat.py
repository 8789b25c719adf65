"""`zhanggui chat`: talk to the store manager (or, with --as buyer, to customer service) in the terminal.

Approvals happen here: when a turn stops at the approval interrupt the plans are listed and the
merchant answers (yes / no / the plan ids to approve); the answer resumes the turn through the
operator channel. A conversation is a checkpointed thread: kill the chat, start it again with the
same --thread, and a pending approval is asked again; nothing approved is applied twice.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from rich.console import Console

from agents.offline.language import reply_polarity
from agents.store_manager.approvals import ApprovalAnswer
from app.agent_session import AgentSession, LLMChoice, agent_session, make_model
from market.simulator import SimMarket

__all__ = ["approval_answer", "run_chat"]

_EXIT = {"/quit", "/exit", "quit", "exit", "退出"}
_PLAN_ID = re.compile(r"\bprp_[0-9a-z]+\b")


def approval_answer(text: str, pending: list[dict[str, Any]]) -> ApprovalAnswer | None:
    """The merchant's answer to pending plans: ids named -> those approved (rest rejected); yes/no -> all."""
    ids = {p["plan_id"] for p in pending}
    named = set(_PLAN_ID.findall(text)) & ids
    if named:
        return ApprovalAnswer(approve=sorted(named), reject=sorted(ids - named), by="merchant (chat)")
    polarity = reply_polarity(text)
    if polarity is True:
        return ApprovalAnswer(approve=sorted(ids), by="merchant (chat)")
    if polarity is False:
        return ApprovalAnswer(reject=sorted(ids), by="merchant (chat)")
    return None


def _show_pending(out: Console, pending: list[dict[str, Any]]) -> None:
    out.print("[bold yellow]Waiting for your approval / 等待您批准:[/]")
    for p in pending:
        out.print(f"  {p['plan_id']}  {p['summary']}  (spend {p.get('spend_delta_fen', 0) / 100:,.2f} yuan, "
                  f"risk {p.get('risk_tier')})", markup=False)
    out.print("Answer yes / no, or list the plan ids to approve. 回复“批准”/“拒绝”，或列出要批准的编号。", markup=False)


async def _loop(session: AgentSession, thread: str, role: Literal["merchant", "buyer"], read: Callable[[str], str],
                out: Console) -> None:
    pending = await session.waiting(thread) if role == "merchant" else []
    if pending:
        out.print("Resuming the conversation where it stopped.", markup=False)
        _show_pending(out, pending)
    while True:
        try:
            text = read("> ").strip()
        except (EOFError, KeyboardInterrupt):
            return
        if not text:
            continue
        if text.lower() in _EXIT:
            return
        if role == "buyer":
            out.print(await session.buyer(thread, text), markup=False)
            continue
        if pending:
            answer = approval_answer(text, pending)
            if answer is None:
                _show_pending(out, pending)
                continue
            result = await session.decide(thread, answer)
        else:
            result = await session.merchant(thread, text)
        if result.reply:
            out.print(result.reply, markup=False)
        pending = result.pending
        if pending:
            _show_pending(out, pending)


def run_chat(db: Path, checkpoints: Path, *, thread: str, role: Literal["merchant", "buyer"] = "merchant",
             llm: LLMChoice = "offline", read: Callable[[str], str] = input, out: Console | None = None) -> None:
    console = out or Console()
    market = SimMarket.open(db)

    async def main() -> None:
        async with agent_session(market, checkpoints, model=make_model(llm)) as session:
            await _loop(session, thread, role, read, console)

    try:
        asyncio.run(main())
    finally:
        market.close()
