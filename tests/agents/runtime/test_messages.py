"""Messages, tool specs and their OpenAI chat form; the token meter; the model-request switch."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from agents.runtime import (
    ALLOW_ENV,
    ChatModel,
    FunctionModel,
    Message,
    MeteredModel,
    ModelRequestsForbidden,
    ModelTurn,
    ReplayModel,
    TokenMeter,
    ToolCall,
    ToolSpec,
    Usage,
    check_model_requests_allowed,
    from_openai_message,
    model_requests_allowed,
    override_allow_model_requests,
    parse_tool_arguments,
    to_openai_message,
)

pytestmark = pytest.mark.anyio


def test_messages_round_trip_through_the_openai_form() -> None:
    convo = [
        Message.system("你是掌柜"),
        Message(role="user", content="把预算调到2万", name="merchant"),
        Message.assistant("", [ToolCall(id="c1", name="plan_budget", arguments={"total_budget_fen": 2_000_000})]),
        Message.tool("c1", "plan_budget", '{"ok":true}'),
        Message.assistant("好的"),
    ]
    wire = [to_openai_message(m) for m in convo]
    assert wire[1] == {"role": "user", "content": "把预算调到2万", "name": "merchant"}
    assert wire[2]["content"] is None
    fn = {"name": "plan_budget", "arguments": '{"total_budget_fen": 2000000}'}
    assert wire[2]["tool_calls"] == [{"id": "c1", "type": "function", "function": fn}]
    assert wire[3] == {"role": "tool", "tool_call_id": "c1", "content": '{"ok":true}'}
    back = [from_openai_message(w) for w in wire]
    assert [b.model_dump(exclude={"name"}) for b in back] == [m.model_dump(exclude={"name"}) for m in convo]


def test_malformed_arguments_are_kept_verbatim_for_the_model() -> None:
    msg = from_openai_message({"role": "assistant", "content": None, "tool_calls": [
        {"id": "c9", "type": "function", "function": {"name": "create_coupon", "arguments": "{'discount': 5}"}}]})
    [call] = msg.tool_calls
    assert call.arguments == {} and call.raw_arguments == "{'discount': 5}" and "not valid JSON" in (call.error or "")
    # Sent back to the endpoint exactly as the model wrote it, so the conversation stays consistent.
    assert to_openai_message(msg)["tool_calls"][0]["function"]["arguments"] == "{'discount': 5}"


@pytest.mark.parametrize(("raw", "args", "bad"), [
    ('{"a": 1}', {"a": 1}, False), ("", {}, False), (None, {}, False), ({"a": 2}, {"a": 2}, False),
    ("[1]", {}, True), ("1", {}, True), ('{"a": ', {}, True), ("null", {}, True),
])
def test_parse_tool_arguments(raw: object, args: dict[str, object], bad: bool) -> None:
    parsed, error = parse_tool_arguments(raw)  # type: ignore[arg-type]
    assert parsed == args and (error is not None) == bad


def test_content_parts_and_developer_role_are_read() -> None:
    msg = from_openai_message({"role": "developer", "content": [{"type": "text", "text": "a"}, {"type": "image_url"},
                                                                {"type": "text", "text": "b"}]})
    assert (msg.role, msg.content) == ("system", "ab")
    with pytest.raises(ValueError, match="unknown chat role"):
        from_openai_message({"role": "robot", "content": "x"})


def test_message_shapes_are_checked() -> None:
    with pytest.raises(ValidationError, match="tool_call_id"):
        Message(role="tool", content="x")
    with pytest.raises(ValidationError, match="only assistant"):
        Message(role="user", content="x", tool_calls=[ToolCall(id="1", name="a")])
    with pytest.raises(ValidationError, match="assistant message"):
        ModelTurn(message=Message.user("x"))


def test_tool_spec_openai_form_always_has_properties() -> None:
    spec = ToolSpec(name="get_account", description="The account.", parameters={"type": "object", "title": "x"})
    assert spec.openai() == {"type": "function", "function": {"name": "get_account", "description": "The account.",
                                                              "parameters": {"type": "object", "properties": {},
                                                                             "title": "x"}}}


def test_usage_adds_up() -> None:
    total = Usage(requests=1, prompt_tokens=10, completion_tokens=2) + Usage(requests=2, prompt_tokens=5,
                                                                             completion_tokens=1)
    assert (total.requests, total.prompt_tokens, total.completion_tokens, total.total_tokens) == (3, 15, 3, 18)


async def test_token_meter_per_agent_and_model() -> None:
    meter = TokenMeter()
    a = MeteredModel(ReplayModel([ModelTurn(message=Message.assistant("x"), usage=Usage(requests=1, prompt_tokens=7),
                                            model="m1")] * 2), meter, agent="bidding")
    b = MeteredModel(FunctionModel(lambda m, t, c: ModelTurn(message=Message.assistant("y"),
                                                             usage=Usage(requests=1, completion_tokens=3)), name="fn"),
                     meter, agent="creative")
    for model in (a, a, b):
        await model.complete([Message.user("go")], [])
    assert meter.by_agent() == {"bidding": Usage(requests=2, prompt_tokens=14),
                                "creative": Usage(requests=1, completion_tokens=3)}
    assert meter.by_model() == {"m1": Usage(requests=2, prompt_tokens=14), "fn": Usage(requests=1, completion_tokens=3)}
    assert meter.total == Usage(requests=3, prompt_tokens=14, completion_tokens=3)
    assert isinstance(a, ChatModel) and isinstance(b.inner, ChatModel)


async def test_function_model_accepts_coroutines() -> None:
    async def fn(m: object, t: object, c: object) -> ModelTurn:
        return ModelTurn(message=Message.assistant("async"))

    model = FunctionModel(fn)
    assert (await model.complete([Message.user("x")], [])).message.content == "async" and model.calls == 1


def test_the_request_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not model_requests_allowed()  # this suite's conftest sets ZHANGGUI_ALLOW_MODEL_REQUESTS=0
    with pytest.raises(ModelRequestsForbidden, match="openai:x"):
        check_model_requests_allowed("openai:x")
    with override_allow_model_requests(True):
        check_model_requests_allowed("openai:x")
        with override_allow_model_requests(False):
            assert not model_requests_allowed()
        assert model_requests_allowed()
    for value, allowed in (("1", True), ("true", True), ("off", False), ("No", False)):
        monkeypatch.setenv(ALLOW_ENV, value)
        assert model_requests_allowed() is allowed
    monkeypatch.delenv(ALLOW_ENV)
    assert model_requests_allowed()
