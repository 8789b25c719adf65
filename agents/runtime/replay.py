"""Recorded trajectories: record any model's turns to JSONL, and play them back as a model.

A recording line is a `RecordedTurn`: the turn plus, for audit, the request's last user message,
the tool names offered and the tool choice. Playback checks that each recorded tool call is one of
the tools offered now, so a recording cannot call a tool the agent's allow-list no longer has.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from agents.runtime.chat import ChatModel, ToolChoice
from agents.runtime.errors import ReplayError
from agents.runtime.messages import Message, ModelTurn, ToolSpec

__all__ = ["RecordedTurn", "RecordingModel", "ReplayModel", "load_recording"]


class RecordedTurn(BaseModel):
    """One line of a recording."""

    turn: ModelTurn = Field(description="The assistant turn the model produced.")
    model: str = Field(default="", description="The recorded model's name.")
    last_user: str | None = Field(
        default=None, description="The last user message of the request (audit, strict replay).")
    tools: list[str] = Field(default_factory=list, description="Names of the tools offered with the request.")
    tool_choice: ToolChoice = Field(default="auto", description="The tool choice of the request.")


def _last_user(messages: Sequence[Message]) -> str | None:
    return next((m.content for m in reversed(messages) if m.role == "user"), None)


def load_recording(path: str | Path) -> list[RecordedTurn]:
    """The turns of a JSONL recording (lines of `RecordedTurn`, or of bare `ModelTurn`)."""
    out: list[RecordedTurn] = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            out.append(RecordedTurn.model_validate(data) if "turn" in data
                       else RecordedTurn(turn=ModelTurn.model_validate(data)))
        except (json.JSONDecodeError, ValidationError, TypeError) as e:
            raise ReplayError(f"{path}:{n} is not a recorded turn: {str(e).splitlines()[0]}",
                              hint="each line must be a RecordedTurn or ModelTurn JSON object") from e
    return out


class ReplayModel:
    """Plays recorded turns in order; a `ChatModel` that never touches the network."""

    def __init__(self, path_or_turns: str | Path | Sequence[ModelTurn | RecordedTurn], *, strict: bool = False,
                 name: str = "replay") -> None:
        """`strict` also checks that each request's last user message equals the recorded one."""
        if isinstance(path_or_turns, (str, Path)):
            self._turns = load_recording(path_or_turns)
            self.source = str(path_or_turns)
        else:
            self._turns = [t if isinstance(t, RecordedTurn) else RecordedTurn(turn=t) for t in path_or_turns]
            self.source = "<turns>"
        self.strict = strict
        self.name = name
        self.position = 0

    @property
    def remaining(self) -> int:
        """Turns not yet played."""
        return len(self._turns) - self.position

    async def complete(self, messages: Sequence[Message], tools: Sequence[ToolSpec], *,
                       tool_choice: ToolChoice = "auto") -> ModelTurn:
        """The next recorded turn, after checking it fits this request."""
        if self.position >= len(self._turns):
            raise ReplayError(f"the replay {self.source} is exhausted after {len(self._turns)} turns",
                              hint="the conversation asked for more turns than were recorded; record it again")
        rec = self._turns[self.position]
        where = f"turn {self.position + 1} of {self.source}"
        if self.strict and rec.last_user is not None and rec.last_user != _last_user(messages):
            raise ReplayError(f"{where} was recorded for the user message {rec.last_user!r}, "
                              f"not {_last_user(messages)!r}",
                              hint="replay it with the conversation it was recorded in")
        offered = {t.name for t in tools}
        calls = rec.turn.message.tool_calls
        unknown = sorted({c.name for c in calls} - offered)
        if unknown:
            raise ReplayError(f"{where} calls {', '.join(unknown)}, which is not among the offered tools "
                              f"({', '.join(sorted(offered)) or 'none'})",
                              hint="the agent's allow-list changed since the recording; record it again")
        if calls and tool_choice == "none":
            raise ReplayError(f"{where} calls tools but the request said tool_choice='none'")
        if not calls and tool_choice == "required":
            raise ReplayError(f"{where} answers in text but the request said tool_choice='required'")
        self.position += 1
        return rec.turn


class RecordingModel:
    """Wraps any `ChatModel` and appends each of its turns to a JSONL file that `ReplayModel` plays back."""

    def __init__(self, inner: ChatModel, path: str | Path) -> None:
        self.inner = inner
        self.path = Path(path)
        self.name = inner.name
        self.path.parent.mkdir(parents=True, exist_ok=True)

    async def complete(self, messages: Sequence[Message], tools: Sequence[ToolSpec], *,
                       tool_choice: ToolChoice = "auto") -> ModelTurn:
        """The inner model's turn, recorded."""
        turn = await self.inner.complete(messages, tools, tool_choice=tool_choice)
        rec = RecordedTurn(turn=turn, model=self.inner.name, last_user=_last_user(messages),
                           tools=[t.name for t in tools], tool_choice=tool_choice)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(rec.model_dump_json() + "\n")
        return turn
