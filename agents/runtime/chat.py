"""The chat-model seam: one protocol every model implements, token metering, and the test guard.

Implementations: `OpenAIChatModel` (any OpenAI-compatible endpoint), `ReplayModel` (recorded
turns), `RecordingModel` (records another model) and the offline model built on this protocol.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Literal, Protocol, runtime_checkable

from agents.runtime.errors import ModelRequestsForbidden
from agents.runtime.messages import Message, ModelTurn, ToolSpec, Usage

__all__ = [
    "ALLOW_ENV",
    "ChatModel",
    "FunctionModel",
    "MeteredModel",
    "TokenMeter",
    "ToolChoice",
    "check_model_requests_allowed",
    "model_requests_allowed",
    "override_allow_model_requests",
]

ToolChoice = Literal["auto", "none", "required"]
ALLOW_ENV = "ZHANGGUI_ALLOW_MODEL_REQUESTS"
"""Set to 0/false/no/off to forbid every network model request (test suites do)."""

_override: bool | None = None


@runtime_checkable
class ChatModel(Protocol):
    """Anything that answers a conversation with one assistant turn, possibly calling tools."""

    name: str
    """A short name for logs, recordings and the token meter (e.g. "openai:gpt-4o-mini", "replay")."""

    async def complete(self, messages: Sequence[Message], tools: Sequence[ToolSpec], *,
                       tool_choice: ToolChoice = "auto") -> ModelTurn:
        """The next assistant turn for `messages`, free to call any of `tools` (per `tool_choice`)."""
        ...


def model_requests_allowed() -> bool:
    """Whether network models may send requests: the override, else `ZHANGGUI_ALLOW_MODEL_REQUESTS` (default yes)."""
    if _override is not None:
        return _override
    return os.environ.get(ALLOW_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


@contextmanager
def override_allow_model_requests(allow: bool) -> Iterator[None]:
    """Allow or forbid network model requests inside the block, whatever the environment says."""
    global _override
    before = _override
    _override = allow
    try:
        yield
    finally:
        _override = before


def check_model_requests_allowed(model_name: str) -> None:
    """Raise `ModelRequestsForbidden` unless network model requests are allowed."""
    if not model_requests_allowed():
        raise ModelRequestsForbidden(
            f"model {model_name!r} would make a network request, but model requests are switched off",
            hint=f"use the offline or replay model, or override_allow_model_requests(True), or set {ALLOW_ENV}=1")


class TokenMeter:
    """Adds up usage per agent and per model, for reports and budgets on LLM cost."""

    def __init__(self) -> None:
        self._by: dict[tuple[str, str], Usage] = {}

    def add(self, usage: Usage, *, model: str, agent: str = "") -> None:
        """Count `usage` spent by `model` on behalf of `agent`."""
        key = (agent, model)
        self._by[key] = self._by.get(key, Usage()) + usage

    @property
    def total(self) -> Usage:
        """Everything counted so far."""
        return sum(self._by.values(), Usage())

    def by_agent(self) -> dict[str, Usage]:
        """Usage per agent name ("" for calls made outside any agent)."""
        out: dict[str, Usage] = {}
        for (agent, _), u in self._by.items():
            out[agent] = out.get(agent, Usage()) + u
        return out

    def by_model(self) -> dict[str, Usage]:
        """Usage per model name."""
        out: dict[str, Usage] = {}
        for (_, model), u in self._by.items():
            out[model] = out.get(model, Usage()) + u
        return out


class MeteredModel:
    """Wraps a model so that every turn's usage is added to a `TokenMeter` under an agent's name."""

    def __init__(self, inner: ChatModel, meter: TokenMeter, agent: str) -> None:
        self.inner = inner
        self.meter = meter
        self.agent = agent
        self.name = inner.name

    async def complete(self, messages: Sequence[Message], tools: Sequence[ToolSpec], *,
                       tool_choice: ToolChoice = "auto") -> ModelTurn:
        """The inner model's turn, counted."""
        turn = await self.inner.complete(messages, tools, tool_choice=tool_choice)
        self.meter.add(turn.usage, model=turn.model or self.inner.name, agent=self.agent)
        return turn


TurnFunction = Callable[[Sequence[Message], Sequence[ToolSpec], ToolChoice], Awaitable[ModelTurn] | ModelTurn]


class FunctionModel:
    """A `ChatModel` whose turns come from a function of (messages, tools, tool_choice): tests, scripted agents."""

    def __init__(self, fn: TurnFunction, *, name: str = "function") -> None:
        self.fn = fn
        self.name = name
        self.calls = 0

    async def complete(self, messages: Sequence[Message], tools: Sequence[ToolSpec], *,
                       tool_choice: ToolChoice = "auto") -> ModelTurn:
        """Whatever the function returns (awaited when it is a coroutine)."""
        self.calls += 1
        out = self.fn(messages, tools, tool_choice)
        return await out if inspect.isawaitable(out) else out
