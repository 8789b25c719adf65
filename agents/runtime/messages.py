"""The conversation types every chat model speaks, and their OpenAI chat-message form.

The runtime keeps its own small types (not the `openai` package's) so that the offline and replay
models, the recordings and the LangGraph state never depend on one vendor's SDK.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Message",
    "ModelTurn",
    "Role",
    "ToolCall",
    "ToolSpec",
    "Usage",
    "from_openai_message",
    "parse_tool_arguments",
    "to_openai_message",
]

Role = Literal["system", "user", "assistant", "tool"]


class ToolCall(BaseModel):
    """One tool call requested by the model in an assistant message."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="The call id the model gave; the tool message answering it carries the same id.")
    name: str = Field(description="The tool to call.")
    arguments: dict[str, Any] = Field(default_factory=dict, description="The parsed JSON object of arguments.")
    raw_arguments: str | None = Field(
        default=None, description="The model's argument text exactly as sent, kept only when it could not be parsed.")
    error: str | None = Field(
        default=None,
        description="Why the arguments could not be used; such a call is answered with this error, not run.")


class Message(BaseModel):
    """One chat message: system prompt, user words, an assistant turn (text and/or tool calls) or a tool result."""

    model_config = ConfigDict(frozen=True)

    role: Role = Field(description="Who speaks: system, user, assistant or tool.")
    content: str = Field(default="", description="The text; empty for an assistant turn made only of tool calls.")
    tool_calls: list[ToolCall] = Field(
        default_factory=list, description="Tool calls requested (assistant messages only).")
    tool_call_id: str | None = Field(
        default=None, description="The call this tool message answers (tool messages only).")
    name: str | None = Field(
        default=None, description="The tool's name for a tool message; otherwise an optional speaker name.")

    @model_validator(mode="after")
    def _shape(self) -> Message:
        if self.tool_calls and self.role != "assistant":
            raise ValueError(f"only assistant messages carry tool_calls, not {self.role!r} ones")
        if self.role == "tool" and not self.tool_call_id:
            raise ValueError("a tool message needs the tool_call_id of the call it answers")
        return self

    @classmethod
    def system(cls, text: str) -> Message:
        """A system prompt."""
        return cls(role="system", content=text)

    @classmethod
    def user(cls, text: str) -> Message:
        """The user's words."""
        return cls(role="user", content=text)

    @classmethod
    def assistant(cls, text: str = "", tool_calls: list[ToolCall] | None = None) -> Message:
        """An assistant turn."""
        return cls(role="assistant", content=text, tool_calls=tool_calls or [])

    @classmethod
    def tool(cls, call_id: str, name: str, text: str) -> Message:
        """The result of one tool call, fed back to the model."""
        return cls(role="tool", content=text, tool_call_id=call_id, name=name)


class ToolSpec(BaseModel):
    """A tool as offered to a model: name, description and JSON schema of its arguments."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="Unique tool name (verb_noun).")
    description: str = Field(default="", description="What the tool does, written for the model that calls it.")
    parameters: dict[str, Any] = Field(
        default_factory=lambda: {"type": "object", "properties": {}},
        description="JSON schema of the arguments object.")

    def openai(self) -> dict[str, Any]:
        """The OpenAI `tools` entry: {"type": "function", "function": {name, description, parameters}}."""
        # Some OpenAI-compatible servers reject an object schema without `properties`.
        params = {"type": "object", "properties": {}, **self.parameters}
        function = {"name": self.name, "description": self.description, "parameters": params}
        return {"type": "function", "function": function}


class Usage(BaseModel):
    """Tokens spent by one or more model requests."""

    model_config = ConfigDict(frozen=True)

    requests: int = Field(default=0, ge=0, description="Model requests made (retries not counted).")
    prompt_tokens: int = Field(default=0, ge=0, description="Input tokens billed.")
    completion_tokens: int = Field(default=0, ge=0, description="Output tokens billed.")

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(requests=self.requests + other.requests, prompt_tokens=self.prompt_tokens + other.prompt_tokens,
                     completion_tokens=self.completion_tokens + other.completion_tokens)


class ModelTurn(BaseModel):
    """What one `ChatModel.complete` call returns: the assistant message and what it cost."""

    model_config = ConfigDict(frozen=True)

    message: Message = Field(description="The assistant message (text and/or tool calls).")
    usage: Usage = Field(default_factory=Usage, description="Tokens spent on this turn.")
    model: str = Field(default="", description="The model that produced the turn, as the endpoint named it.")

    @model_validator(mode="after")
    def _assistant(self) -> ModelTurn:
        if self.message.role != "assistant":
            raise ValueError(f"a model turn is an assistant message, not a {self.message.role!r} one")
        return self


def parse_tool_arguments(raw: str | Mapping[str, Any] | None) -> tuple[dict[str, Any], str | None]:
    """Parse a model's argument text into a JSON object: (arguments, None) or ({}, error message)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return {}, None
    if isinstance(raw, Mapping):
        return dict(raw), None
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as e:
        return {}, (f"the arguments are not valid JSON ({e.msg} at character {e.pos}); "
                    "send one JSON object with the fields the tool's schema lists")
    if not isinstance(value, dict):
        kind = type(value).__name__
        return {}, f"the arguments must be a JSON object, not {kind}; wrap them in {{...}} by field name"
    return value, None


def _call_to_openai(call: ToolCall) -> dict[str, Any]:
    arguments = call.raw_arguments if call.raw_arguments is not None else json.dumps(call.arguments, ensure_ascii=False)
    return {"id": call.id, "type": "function", "function": {"name": call.name, "arguments": arguments}}


def to_openai_message(message: Message) -> dict[str, Any]:
    """The OpenAI chat-completions message dict for `message`."""
    if message.role == "tool":
        return {"role": "tool", "tool_call_id": message.tool_call_id, "content": message.content}
    out: dict[str, Any] = {"role": message.role, "content": message.content}
    if message.name and message.role in ("system", "user"):
        out["name"] = message.name
    if message.tool_calls:
        # OpenAI's own form for a turn that is only tool calls is content=None.
        out["content"] = message.content or None
        out["tool_calls"] = [_call_to_openai(c) for c in message.tool_calls]
    return out


def _text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: keep the text ones
        return "".join(str(p.get("text", "")) for p in content if isinstance(p, Mapping) and p.get("type") == "text")
    return str(content)


def _call_from_openai(raw: Mapping[str, Any]) -> ToolCall:
    fn = raw.get("function") or {}
    arguments, error = parse_tool_arguments(fn.get("arguments"))
    raw_args = fn.get("arguments") if error else None
    return ToolCall(id=str(raw.get("id") or ""), name=str(fn.get("name") or ""), arguments=arguments,
                    raw_arguments=raw_args, error=error)


def from_openai_message(data: Mapping[str, Any]) -> Message:
    """A `Message` from an OpenAI chat message dict; unparsable tool arguments become `ToolCall.error`."""
    role = data.get("role")
    if role not in ("system", "user", "assistant", "tool", "developer"):
        raise ValueError(f"unknown chat role {role!r}; expected system, user, assistant or tool")
    calls = [_call_from_openai(c) for c in data.get("tool_calls") or []]
    return Message(role="system" if role == "developer" else role, content=_text(data.get("content")),
                   tool_calls=calls, tool_call_id=data.get("tool_call_id"), name=data.get("name"))
