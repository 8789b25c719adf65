"""The autopilot: run the store over simulated time. Each step the bidding agent tunes bids through the
policy tools; each simulated day the diagnosis agent checks the day and the manager writes a report.

It is a LangGraph graph checkpointed after every step, so a killed run resumes where it stopped.
The market's clock is the truth: a step is re-run after a crash only if the clock did not move,
and a bid proposal that is re-made sets the same multiplier again (harmless). Changes within the
merchant's auto-approve limits are committed; bigger ones wait in the approvals queue. The clock
itself is not a tool (no model may move time): the shell passes it in.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypedDict

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph

from agents.bidding import BIDDING
from agents.diagnosis.run import diagnose
from agents.runtime import ChatModel, McpToolbox
from agents.store_manager.subagent import run_subagent

__all__ = ["AutopilotDeps", "AutopilotState", "Clock", "build_autopilot", "start_run"]

log = logging.getLogger(__name__)
STEPS_PER_DAY = 48


class Clock(Protocol):
    def now(self) -> int: ...

    def advance(self, steps: int) -> int: ...


class AutopilotState(TypedDict, total=False):
    start_step: int
    end_step: int
    lang: str
    steps_done: int
    commits: int
    waiting: list[str]
    days: list[dict[str, Any]]


def start_run(now: int, days: int, lang: str = "zh") -> AutopilotState:
    return AutopilotState(start_step=now, end_step=now + days * STEPS_PER_DAY, lang=lang, steps_done=0, commits=0, waiting=[], days=[])


@dataclass(slots=True)
class AutopilotDeps:
    model: ChatModel
    toolbox: McpToolbox
    clock: Clock
    progress: Callable[[int, int], None] | None = None
    on_day: Callable[[dict[str, Any]], Awaitable[None] | None] | None = None
    bid_every: int = 1
    """Tune bids every N steps (1 = every step)."""


def build_autopilot(deps: AutopilotDeps) -> StateGraph:
    tools, model, clock = deps.toolbox, deps.model, deps.clock

    async def commit_ready(proposals: list[dict[str, Any]], thread: str) -> tuple[int, list[str]]:
        done, waiting = 0, []
        for p in proposals:
            if p["needs_approval"]:
                waiting.append(p["plan_id"])
                continue
            out = await tools.call("commit_plan", {"plan_id": p["plan_id"], "checksum": p["checksum"],
                                                   "idempotency_key": f"{thread}:{p['plan_id']}"}, allow={"commit_plan"})
            done += int(out.ok)
        return done, waiting

    async def tick(state: AutopilotState, config: RunnableConfig) -> AutopilotState:
        thread = str((config.get("configurable") or {}).get("thread_id", "autopilot"))
        now = clock.now()
        commits, waiting = state.get("commits", 0), list(state.get("waiting", []))
        if now % deps.bid_every == 0:
            r = await run_subagent(BIDDING, model, tools, {"kind": "tune"}, state.get("lang", "zh"))
            n, w = await commit_ready(r.proposals, thread)
            commits += n
            waiting += w
        clock.advance(1)
        after = clock.now()
        if deps.progress is not None:
            start = state.get("start_step", 0)
            deps.progress(after - start, state["end_step"] - start)
        return {"steps_done": state.get("steps_done", 0) + 1, "commits": commits, "waiting": waiting[-50:]}

    async def daily(state: AutopilotState) -> AutopilotState:
        now = clock.now()
        day = now // STEPS_PER_DAY - 1
        periods = {"before": [max(0, (day - 1) * STEPS_PER_DAY), day * STEPS_PER_DAY],
                   "after": [day * STEPS_PER_DAY, (day + 1) * STEPS_PER_DAY]}
        lang = state.get("lang", "zh")
        synth = await diagnose(model, tools, periods, lang)
        try:
            diagnosis = json.loads(synth.text)
        except json.JSONDecodeError:
            diagnosis = {"summary": synth.text, "causes": []}
        out = await tools.call("get_report", {"start_step": periods["after"][0], "end_step": periods["after"][1],
                                              "group_by": ["channel"]}, allow={"get_report"})
        report = {"day": day, "totals": out.data.get("totals") if out.ok else None,
                  "by_channel": out.data.get("rows") if out.ok else [], "diagnosis": diagnosis,
                  "proposed_fixes": [p["plan_id"] for p in synth.proposals]}
        if deps.on_day is not None:
            res = deps.on_day(report)
            if res is not None:
                await res
        return {"days": [*state.get("days", []), report]}

    def route(state: AutopilotState) -> str:
        now = clock.now()
        if now >= state["end_step"]:
            return "daily" if now % STEPS_PER_DAY == 0 and _unreported(state, now) else END
        if now % STEPS_PER_DAY == 0 and _unreported(state, now) and state.get("steps_done", 0) > 0:
            return "daily"
        return "tick"

    def after_daily(state: AutopilotState) -> str:
        return END if clock.now() >= state["end_step"] else "tick"

    g = StateGraph(AutopilotState)
    g.add_node("tick", tick)
    g.add_node("daily", daily)
    g.add_conditional_edges(START, route, ["tick", "daily", END])
    g.add_conditional_edges("tick", route, ["tick", "daily", END])
    g.add_conditional_edges("daily", after_daily, ["tick", END])
    return g


def _unreported(state: AutopilotState, now: int) -> bool:
    day = now // STEPS_PER_DAY - 1
    return all(d["day"] != day for d in state.get("days", []))
