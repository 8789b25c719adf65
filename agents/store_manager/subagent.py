"""A sub-agent: a system prompt, an allow-list of MCP tools and a task; the model does the rest.

Every sub-agent runs the same tool-calling loop over its own allow-list. What it leaves behind
for the supervisor is read from the tool results, not from its prose: the change plans it
proposed (results carrying plan_id + checksum) and the findings it returned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from agents.runtime import ChatModel, McpToolbox, Message, run_tool_loop

__all__ = ["AgentSpec", "SubagentResult", "proposals_in", "run_subagent"]


@dataclass(frozen=True, slots=True)
class AgentSpec:
    """Who a sub-agent is: its name (the offline model keys on it), prompt and tools."""

    name: str
    system: str
    allow: frozenset[str]
    max_steps: int = 16


@dataclass(slots=True)
class SubagentResult:
    agent: str
    text: str
    proposals: list[dict[str, Any]] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    """Every call made: name, arguments, ok."""
    outputs: list[dict[str, Any]] = field(default_factory=list)
    """Structured results of successful calls, in order (name + data)."""


def proposals_in(data: Any) -> list[dict[str, Any]]:
    """Change plans in a tool result: a PlanView (plan_id + checksum) not yet committed."""
    if isinstance(data, dict) and "plan_id" in data and "checksum" in data and data.get("status") in ("pending_approval", "ready"):
        return [data]
    return []


def system_message(spec: AgentSpec, lang: str) -> Message:
    # The first line names the agent: real models ignore it, the offline model dispatches on it.
    reply_lang = "Chinese (简体中文)" if lang == "zh" else "English"
    return Message(role="system", content=f"[agent:{spec.name}] [lang:{lang}]\n{spec.system}\nAnswer in {reply_lang}.")


async def run_subagent(spec: AgentSpec, model: ChatModel, toolbox: McpToolbox, task: dict[str, Any], lang: str) -> SubagentResult:
    """Run `spec` on `task` (sent as JSON in the user message) until it answers or runs out of steps."""
    messages = [system_message(spec, lang),
                Message(role="user", content=json.dumps(task, ensure_ascii=False, sort_keys=True))]
    loop = await run_tool_loop(model, messages, toolbox, allow=spec.allow, max_steps=spec.max_steps)
    result = SubagentResult(agent=spec.name, text=loop.final_text)
    for call in loop.tool_calls:
        result.tool_calls.append({"name": call.name, "arguments": call.arguments, "ok": call.ok})
        if call.ok and call.data is not None:
            result.outputs.append({"name": call.name, "data": call.data})
            result.proposals += proposals_in(call.data)
    return result
