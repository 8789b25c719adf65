"""The tool-calling loop: assistant turn -> run its tool calls -> feed the results back -> ... -> answer."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from agents.runtime.bridge import ToolOutcome
from agents.runtime.chat import ChatModel, ToolChoice
from agents.runtime.messages import Message, ToolCall, ToolSpec, Usage

__all__ = ["LoopResult", "ToolCallRecord", "Toolbox", "run_tool_loop"]


class Toolbox(Protocol):
    """What the loop needs from a toolbox (`McpToolbox` is one)."""

    def specs(self, allow: Collection[str]) -> list[ToolSpec]:
        """The specs of the allowed tools."""
        ...

    async def call(self, name: str, arguments: Mapping[str, Any] | None, *, allow: Collection[str]) -> ToolOutcome:
        """Run one tool; failures are `ok=False` outcomes, never exceptions."""
        ...


class ToolCallRecord(BaseModel):
    """One tool call the model made during the loop and what came of it."""

    id: str = Field(description="The model's call id.")
    name: str = Field(description="The tool called.")
    arguments: dict[str, Any] = Field(description="The arguments sent (empty when they could not be parsed).")
    ok: bool = Field(description="True when the tool ran and succeeded.")
    text: str = Field(description="What the model was shown as the result.")
    data: Any = Field(default=None, description="The structured result of a successful call.")


class LoopResult(BaseModel):
    """The whole exchange of one `run_tool_loop`."""

    messages: list[Message] = Field(description="The conversation: the input messages plus every turn and tool result.")
    final_text: str = Field(description="The last assistant text (empty if the loop stopped on tool calls).")
    tool_calls: list[ToolCallRecord] = Field(description="Every tool call made, in order.")
    usage: Usage = Field(description="Tokens spent over all model turns.")
    steps: int = Field(description="Model turns taken.")
    stop_reason: Literal["final", "max_steps"] = Field(
        description="final: the model answered without calling tools; max_steps: the step cap was reached.")


def _error_text(text: str) -> str:
    return text if text.lower().startswith("error") else f"Error: {text}"


async def _run_call(call: ToolCall, toolbox: Toolbox, allow: Collection[str]) -> ToolCallRecord:
    if call.error is not None:
        text = f"Error: the arguments for {call.name!r} could not be read: {call.error}. The call was not run."
        return ToolCallRecord(id=call.id, name=call.name, arguments={}, ok=False, text=text)
    outcome = await toolbox.call(call.name, call.arguments, allow=allow)
    text = outcome.text if outcome.ok else _error_text(outcome.text)
    return ToolCallRecord(id=call.id, name=call.name, arguments=dict(call.arguments), ok=outcome.ok, text=text,
                          data=outcome.data if outcome.ok else None)


async def run_tool_loop(model: ChatModel, messages: Sequence[Message], toolbox: Toolbox, allow: Collection[str],
                        max_steps: int = 16, *, tool_choice: ToolChoice = "auto") -> LoopResult:
    """Let `model` work with the allowed tools until it answers in text or has taken `max_steps` turns.

    Tool calls run one after another in the order the model gave them (writes may depend on each
    other); every error is fed back as the tool's result. `tool_choice` applies to the first turn
    only, later turns are "auto" (otherwise "required" could never end). Calls requested on the
    last allowed turn are still run, so their results are in the record, then the loop stops.
    """
    if max_steps < 1:
        raise ValueError(f"max_steps must be at least 1, got {max_steps}")
    if not messages:
        raise ValueError("run_tool_loop needs at least one message (the task)")
    convo = list(messages)
    specs = toolbox.specs(allow)
    records: list[ToolCallRecord] = []
    usage = Usage()
    choice: ToolChoice = tool_choice
    for step in range(1, max_steps + 1):
        turn = await model.complete(convo, specs, tool_choice=choice)
        choice = "auto"
        usage = usage + turn.usage
        convo.append(turn.message)
        if not turn.message.tool_calls:
            return LoopResult(messages=convo, final_text=turn.message.content, tool_calls=records, usage=usage,
                              steps=step, stop_reason="final")
        for call in turn.message.tool_calls:
            record = await _run_call(call, toolbox, allow)
            records.append(record)
            convo.append(Message.tool(call.id, call.name, record.text))
    return LoopResult(messages=convo, final_text=turn.message.content, tool_calls=records,
                      usage=usage, steps=max_steps, stop_reason="max_steps")
