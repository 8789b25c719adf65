"""RecordingModel writes what ReplayModel plays back; playback checks tools and runs out loudly."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from agents.runtime import (
    FunctionModel,
    McpToolbox,
    Message,
    ModelTurn,
    RecordingModel,
    ReplayError,
    ReplayModel,
    ToolCall,
    ToolChoice,
    ToolSpec,
    Usage,
    load_recording,
    run_tool_loop,
)
from tests.agents.runtime.toy_server import Counters, toy_server

pytestmark = pytest.mark.anyio

ALLOW = {"add", "write_note"}
ADD = ToolSpec(name="add", description="Add.")


def scripted(messages: Sequence[Message], tools: Sequence[ToolSpec], choice: ToolChoice) -> ModelTurn:
    if messages[-1].role == "user":
        call = ToolCall(id="c1", name="add", arguments={"a": 20000, "b": 5000})
        return ModelTurn(message=Message.assistant("", [call]), model="scripted-1",
                         usage=Usage(requests=1, prompt_tokens=50, completion_tokens=8))
    return ModelTurn(message=Message.assistant(f"合计 {messages[-1].content}"),
                     usage=Usage(requests=1, prompt_tokens=70, completion_tokens=6), model="scripted-1")


async def test_a_recorded_conversation_replays_to_the_same_result(tmp_path: Path) -> None:
    path = tmp_path / "rec" / "conv.jsonl"
    counters = Counters()
    async with McpToolbox({"toy": toy_server(counters)}) as tb:
        live = await run_tool_loop(RecordingModel(FunctionModel(scripted, name="scripted"), path),
                                   [Message.user("预算两万加五千")], tb, ALLOW)
        replay = ReplayModel(path, strict=True)
        again = await run_tool_loop(replay, [Message.user("预算两万加五千")], tb, ALLOW)
    assert again.messages == live.messages and again.final_text == live.final_text == '合计 {"sum":25000}'
    assert again.usage == live.usage and again.usage.prompt_tokens == 120
    assert replay.remaining == 0 and counters.calls == ["add", "add"]
    records = load_recording(path)
    assert [r.last_user for r in records] == ["预算两万加五千"] * 2
    assert [sorted(r.tools) for r in records] == [sorted(ALLOW)] * 2
    assert {r.model for r in records} == {"scripted"} and records[0].turn.model == "scripted-1"
    assert "预算两万加五千" in path.read_text(encoding="utf-8")  # stored as UTF-8, readable in audits


async def test_replay_refuses_a_tool_that_is_not_offered() -> None:
    call = ToolCall(id="c1", name="commit_plan", arguments={"plan_id": "prp_1"})
    model = ReplayModel([ModelTurn(message=Message.assistant("", [call]))])
    with pytest.raises(ReplayError, match="commit_plan.*not among the offered tools"):
        await model.complete([Message.user("go")], [ADD])
    assert model.remaining == 1  # the bad turn was not consumed


async def test_replay_runs_out_loudly() -> None:
    model = ReplayModel([ModelTurn(message=Message.assistant("one"))])
    assert (await model.complete([Message.user("a")], [])).message.content == "one"
    with pytest.raises(ReplayError, match="exhausted after 1 turns"):
        await model.complete([Message.user("b")], [])


async def test_replay_checks_tool_choice_and_strict_user_text(tmp_path: Path) -> None:
    call = ModelTurn(message=Message.assistant("", [ToolCall(id="c1", name="add")]))
    with pytest.raises(ReplayError, match="tool_choice='none'"):
        await ReplayModel([call]).complete([Message.user("a")], [ADD], tool_choice="none")
    with pytest.raises(ReplayError, match="tool_choice='required'"):
        await ReplayModel([ModelTurn(message=Message.assistant("hi"))]).complete([Message.user("a")], [ADD],
                                                                                tool_choice="required")
    path = tmp_path / "r.jsonl"
    await RecordingModel(ReplayModel([ModelTurn(message=Message.assistant("hi"))]), path).complete(
        [Message.user("original")], [])
    with pytest.raises(ReplayError, match="'original'"):
        await ReplayModel(path, strict=True).complete([Message.user("different")], [])
    assert (await ReplayModel(path).complete([Message.user("different")], [])).message.content == "hi"


def test_a_broken_recording_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    good = ModelTurn(message=Message.assistant("ok")).model_dump_json()
    path.write_text(f"{good}\n\n{{not json\n", encoding="utf-8")
    with pytest.raises(ReplayError, match=r"bad.jsonl:3"):
        ReplayModel(path)
    path.write_text(good + "\n", encoding="utf-8")
    assert ReplayModel(path).remaining == 1  # bare ModelTurn lines are accepted too
