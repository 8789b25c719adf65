"""The offline model: a deterministic chat model that does the store manager's common jobs.

No chat LLM that runs offline on two CPU cores is good enough for agents, so the embedded default
is this: it reads the conversation the way a real model would (the system prompt names the agent,
the first user message is the task or the merchant's words, tool results follow) and answers
with the same tool calls and replies, decided by rules (`agents.offline.roles`), the language
layer (`agents.offline.language`) and the policy tools' numbers. It keeps no state: every turn is
a function of the messages, so a resumed conversation continues exactly.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from agents.runtime.chat import ToolChoice
from agents.runtime.messages import Message, ModelTurn, ToolCall, ToolSpec, Usage

__all__ = ["Call", "Context", "Done", "OfflineModel"]

_HEADER = re.compile(r"^\[agent:(?P<agent>[\w.]+)\](?: \[lang:(?P<lang>\w+)\])?")


@dataclass(frozen=True, slots=True)
class Done:
    """A tool call already made in this conversation and what came back."""

    name: str
    args: dict[str, Any]
    ok: bool
    data: Any
    text: str


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: dict[str, Any]


@dataclass(slots=True)
class Context:
    """What a role sees: who it is, the task, the conversation's tool results and the offered tools."""

    agent: str
    lang: str
    system: str
    task: Any
    """The first user message, parsed as JSON when it is JSON (sub-agent tasks), else the text."""
    last_user: str
    user_turns: list[str]
    done: list[Done]
    tools: set[str]
    assistant_texts: list[str] = field(default_factory=list)

    def results(self, name: str, ok_only: bool = True) -> list[Done]:
        return [d for d in self.done if d.name == name and (d.ok or not ok_only)]

    def called(self, name: str) -> bool:
        return any(d.name == name for d in self.done)

    @property
    def zh(self) -> bool:
        return self.lang == "zh"


def _parse(text: str) -> tuple[bool, Any]:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, TypeError):
        return False, None
    return isinstance(data, (dict, list)), data


def context_of(messages: Sequence[Message], tools: Sequence[ToolSpec]) -> Context:
    system = next((m.content for m in messages if m.role == "system"), "")
    head = _HEADER.match(system)
    agent = head.group("agent") if head else "supervisor"
    users = [m.content for m in messages if m.role == "user"]
    lang = (head.group("lang") if head and head.group("lang") else None) or _guess_lang(users[-1] if users else "")
    first = users[0] if users else ""
    ok, task = _parse(first)
    pending: dict[str, ToolCall] = {}
    done: list[Done] = []
    texts: list[str] = []
    for m in messages:
        if m.role == "assistant":
            for c in m.tool_calls:
                pending[c.id] = c
            if m.content:
                texts.append(m.content)
        elif m.role == "tool" and m.tool_call_id in pending:
            c = pending.pop(m.tool_call_id)
            good, data = _parse(m.content)
            done.append(Done(name=c.name, args=dict(c.arguments), ok=good, data=data, text=m.content))
    return Context(agent=agent, lang=lang, system=system, task=task if ok else first, last_user=users[-1] if users else "",
                   user_turns=users, done=done, tools={t.name for t in tools}, assistant_texts=texts)


def _guess_lang(text: str) -> str:
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return "zh" if han and han * 4 >= len(text.replace(" ", "")) * 0.3 else "en"


class OfflineModel:
    """The embedded default chat model (no key, no network, deterministic)."""

    name = "offline"

    async def complete(self, messages: Sequence[Message], tools: Sequence[ToolSpec], *,
                       tool_choice: ToolChoice = "auto") -> ModelTurn:
        from agents.offline.roles import ROLES, fallback

        ctx = context_of(messages, tools)
        role = ROLES.get(ctx.agent) or ROLES.get(ctx.agent.split(".")[0]) or fallback
        decision = role(ctx)
        if isinstance(decision, str) or tool_choice == "none":
            text = decision if isinstance(decision, str) else ""
            return ModelTurn(message=Message.assistant(text), usage=Usage(requests=1))
        calls = [c for c in decision if c.name in ctx.tools]
        if not calls:
            return ModelTurn(message=Message.assistant(""), usage=Usage(requests=1))
        turn_no = sum(1 for m in messages if m.role == "assistant")
        return ModelTurn(message=Message.assistant("", [
            ToolCall(id=_call_id(turn_no, i, c), name=c.name, arguments=c.args) for i, c in enumerate(calls)]),
            usage=Usage(requests=1))


def _call_id(turn: int, i: int, c: Call) -> str:
    digest = hashlib.sha256(json.dumps([c.name, c.args], sort_keys=True, default=str).encode()).hexdigest()[:8]
    return f"call_{turn}_{i}_{digest}"
