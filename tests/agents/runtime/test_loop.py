"""run_tool_loop with scripted models over a real in-process MCP toolbox."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from agents.runtime import (
    FunctionModel,
    McpToolbox,
    Message,
    ModelTurn,
    ReplayModel,
    ToolCall,
    ToolChoice,
    ToolSpec,
    Usage,
    run_tool_loop,
)
from tests.agents.runtime.toy_server import Counters, toy_server

pytestmark = pytest.mark.anyio

ALLOW = {"add", "write_note", "fail"}


def turn(text: str = "", *calls: ToolCall, tokens: int = 10) -> ModelTurn:
    return ModelTurn(message=Message.assistant(text, list(calls)), usage=Usage(requests=1, prompt_tokens=tokens,
                                                                             completion_tokens=1))


async def test_the_loop_runs_calls_and_feeds_results_back() -> None:
    counters = Counters()
    seen: list[list[Message]] = []

    def script(messages: Sequence[Message], tools: Sequence[ToolSpec], choice: ToolChoice) -> ModelTurn:
        seen.append(list(messages))
        assert {t.name for t in tools} == ALLOW
        if len(seen) == 1:
            return turn("", ToolCall(id="c1", name="add", arguments={"a": 2, "b": 3}),
                        ToolCall(id="c2", name="write_note", arguments={"text": "hi"}))
        last = messages[-1]
        assert last.role == "tool" and last.tool_call_id == "c2"
        return turn(f"sum is {messages[-2].content}")

    async with McpToolbox({"toy": toy_server(counters)}) as tb:
        result = await run_tool_loop(FunctionModel(script), [Message.user("add 2 and 3")], tb, ALLOW, max_steps=4)
    assert result.stop_reason == "final" and result.steps == 2
    assert result.final_text == 'sum is {"sum":5}'
    assert [(c.name, c.ok, c.data) for c in result.tool_calls] == [("add", True, {"sum": 5}),
                                                                   ("write_note", True, {"notes": 1})]
    assert [m.role for m in result.messages] == ["user", "assistant", "tool", "tool", "assistant"]
    assert (result.usage.requests, result.usage.prompt_tokens) == (2, 20)
    assert counters.calls == ["add", "write_note"] and counters.notes == ["hi"]


async def test_errors_are_fed_back_and_the_model_recovers() -> None:
    counters = Counters()
    turns = [
        turn("", ToolCall(id="c1", name="fail", arguments={"reason": "x"})),
        turn("", ToolCall(id="c2", name="write_note", raw_arguments='{"text": ', arguments={}, error="not valid JSON")),
        turn("", ToolCall(id="c3", name="add", arguments={"a": "one", "b": 1})),  # refused by the server's schema
        turn("", ToolCall(id="c4", name="add", arguments={"a": 1, "b": 1})),
        turn("done"),
    ]
    async with McpToolbox({"toy": toy_server(counters)}) as tb:
        result = await run_tool_loop(ReplayModel(turns), [Message.user("go")], tb, ALLOW, max_steps=8)
    assert result.stop_reason == "final" and result.final_text == "done" and result.steps == 5
    assert [c.ok for c in result.tool_calls] == [False, False, False, True]
    tool_texts = [m.content for m in result.messages if m.role == "tool"]
    assert all(t.startswith("Error") for t in tool_texts[:3])
    assert "refused: x" in tool_texts[0] and "could not be read" in tool_texts[1]
    assert "validation error" in tool_texts[2]
    assert counters.calls == ["fail", "add"]  # the malformed and the ill-typed calls never ran


async def test_a_disallowed_call_is_refused_inside_the_loop() -> None:
    counters = Counters()
    turns = [turn("", ToolCall(id="c1", name="write_note", arguments={"text": "sneaky"})), turn("ok")]
    async with McpToolbox({"toy": toy_server(counters)}) as tb:
        # The model is offered only `add`, yet asks for write_note (a real model can hallucinate names).
        model = FunctionModel(lambda m, t, c: turns[sum(x.role == "assistant" for x in m)])
        result = await run_tool_loop(model, [Message.user("go")], tb, {"add"}, max_steps=3)
    assert result.tool_calls[0].ok is False and "not available" in result.tool_calls[0].text
    assert counters.calls == [] and counters.notes == []


async def test_the_step_cap_stops_a_model_that_never_answers() -> None:
    counters = Counters()
    calls = 0

    async def forever(messages: Sequence[Message], tools: Sequence[ToolSpec], choice: ToolChoice) -> ModelTurn:
        nonlocal calls
        calls += 1
        return turn(f"step {calls}", ToolCall(id=f"c{calls}", name="add", arguments={"a": calls, "b": 0}))

    async with McpToolbox({"toy": toy_server(counters)}) as tb:
        result = await run_tool_loop(FunctionModel(forever), [Message.user("go")], tb, ALLOW, max_steps=3)
    assert result.stop_reason == "max_steps" and result.steps == 3 and calls == 3
    assert result.final_text == "step 3" and len(result.tool_calls) == 3 and counters.calls == ["add"] * 3


async def test_tool_choice_applies_to_the_first_turn_only() -> None:
    choices: list[ToolChoice] = []

    def script(messages: Sequence[Message], tools: Sequence[ToolSpec], choice: ToolChoice) -> ModelTurn:
        choices.append(choice)
        if len(choices) == 1:
            return turn("", ToolCall(id="c1", name="add", arguments={"a": 1, "b": 2}))
        return turn("3")

    async with McpToolbox({"toy": toy_server(Counters())}) as tb:
        await run_tool_loop(FunctionModel(script), [Message.user("go")], tb, ALLOW, tool_choice="required")
    assert choices == ["required", "auto"]


async def test_bad_loop_arguments_are_refused() -> None:
    async with McpToolbox({"toy": toy_server(Counters())}) as tb:
        with pytest.raises(ValueError, match="max_steps"):
            await run_tool_loop(ReplayModel([turn("x")]), [Message.user("go")], tb, ALLOW, max_steps=0)
        with pytest.raises(ValueError, match="at least one message"):
            await run_tool_loop(ReplayModel([turn("x")]), [], tb, ALLOW)
