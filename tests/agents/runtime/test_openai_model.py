"""OpenAIChatModel over real HTTP against a scripted OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from agents.runtime import (
    LLMSettings,
    Message,
    MeteredModel,
    ModelError,
    ModelRequestsForbidden,
    TokenMeter,
    ToolSpec,
    override_allow_model_requests,
)
from agents.runtime.openai_model import OpenAIChatModel
from tests.agents.runtime.fake_openai import FakeOpenAIServer, Reply, completion, free_port

pytestmark = pytest.mark.anyio

KEY = "sk-test-0123456789secret"
WEATHER = ToolSpec(name="get_weather", description="Weather for a city.",
                   parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})


@pytest.fixture(autouse=True)
def _allow_local_requests() -> Iterator[None]:
    # These tests talk to the local fake server only.
    with override_allow_model_requests(True):
        yield


class Sleeps:
    """An injected sleep that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def make(srv: FakeOpenAIServer, sleeps: Sleeps, **kw: object) -> OpenAIChatModel:
    opts: dict[str, object] = {"timeout_s": 5.0, "max_retries": 2, "backoff_s": 0.5, "sleep": sleeps}
    opts.update(kw)
    return OpenAIChatModel(srv.base_url, "fake-model", KEY, **opts)  # type: ignore[arg-type]


async def test_plain_answer_counts_tokens_and_sends_the_key(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reset(completion("你好，我是掌柜。", prompt_tokens=12, completion_tokens=7))
    async with make(fake_openai, Sleeps()) as model:
        turn = await model.complete([Message.system("be brief"), Message.user("你好")], [])
    assert turn.message.role == "assistant" and turn.message.content == "你好，我是掌柜。"
    assert turn.message.tool_calls == []
    assert (turn.usage.requests, turn.usage.prompt_tokens, turn.usage.completion_tokens) == (1, 12, 7)
    assert turn.model == "fake-model"
    [req] = fake_openai.requests
    assert req["authorization"] == f"Bearer {KEY}"
    assert req["body"]["messages"] == [{"role": "system", "content": "be brief"}, {"role": "user", "content": "你好"}]
    assert "tools" not in req["body"] and "tool_choice" not in req["body"]


async def test_tool_call_round_trip(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reset(completion(None, [("call_1", "get_weather", '{"city": "杭州"}')]),
                      completion("杭州晴，25 度。", prompt_tokens=30, completion_tokens=9))
    meter = TokenMeter()
    async with make(fake_openai, Sleeps()) as inner:
        model = MeteredModel(inner, meter, agent="cs")
        convo = [Message.user("杭州天气？")]
        first = await model.complete(convo, [WEATHER], tool_choice="required")
        [call] = first.message.tool_calls
        assert (call.id, call.name, call.arguments, call.error) == ("call_1", "get_weather", {"city": "杭州"}, None)
        convo += [first.message, Message.tool(call.id, call.name, '{"sky":"sunny","c":25}')]
        second = await model.complete(convo, [WEATHER])
    assert second.message.content == "杭州晴，25 度。"
    body0, body1 = (r["body"] for r in fake_openai.requests)
    assert body0["tools"] == [WEATHER.openai()] and body0["tool_choice"] == "required"
    assert body1["tool_choice"] == "auto"
    assistant, tool = body1["messages"][1:]
    assert assistant["content"] is None
    assert assistant["tool_calls"][0]["function"] == {"name": "get_weather", "arguments": '{"city": "杭州"}'}
    assert tool == {"role": "tool", "tool_call_id": "call_1", "content": '{"sky":"sunny","c":25}'}
    assert (meter.total.requests, meter.total.prompt_tokens, meter.total.completion_tokens) == (2, 40, 14)
    assert meter.by_agent()["cs"] == meter.total and meter.by_model()["fake-model"] == meter.total


async def test_a_500_is_retried_with_backoff_and_no_real_sleep(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reset(Reply(500, {"error": {"message": "upstream overloaded"}}), completion("ok"))
    sleeps = Sleeps()
    started = time.monotonic()
    async with make(fake_openai, sleeps, backoff_s=30.0, max_backoff_s=60.0) as model:
        turn = await model.complete([Message.user("hi")], [])
    assert turn.message.content == "ok"
    assert len(fake_openai.requests) == 2
    assert len(sleeps.delays) == 1 and 15.0 <= sleeps.delays[0] <= 30.0  # equal jitter: half to full backoff
    assert time.monotonic() - started < 5.0  # a 15-30 s wait was never slept


async def test_backoff_doubles_and_jitter_is_seeded(fake_openai: FakeOpenAIServer) -> None:
    delays = []
    for _ in range(2):
        fake_openai.reset(*[Reply(503, {"error": "busy"})] * 3, completion("ok"))
        sleeps = Sleeps()
        async with make(fake_openai, sleeps, max_retries=3, backoff_s=1.0, seed=7) as model:
            await model.complete([Message.user("hi")], [])
        delays.append(sleeps.delays)
    assert delays[0] == delays[1]  # same seed, same waits
    for attempt, d in enumerate(delays[0]):
        assert 0.5 * 2**attempt <= d <= 2**attempt


async def test_a_429_is_retried_and_retry_after_is_honoured(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reset(Reply(429, {"error": {"message": "slow down"}}, headers={"retry-after": "3"}), completion("ok"))
    sleeps = Sleeps()
    async with make(fake_openai, sleeps, backoff_s=0.1) as model:
        turn = await model.complete([Message.user("hi")], [])
    assert turn.message.content == "ok" and len(fake_openai.requests) == 2
    assert sleeps.delays == [3.0]


async def test_a_400_is_not_retried_and_says_why(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reset(Reply(400, {"error": {"message": "tools[0].function.name is invalid"}}), completion("never"))
    sleeps = Sleeps()
    async with make(fake_openai, sleeps) as model:
        with pytest.raises(ModelError) as err:
            await model.complete([Message.user("hi")], [])
    e = err.value
    assert (e.code, e.status, e.retryable, e.attempts) == ("http_error", 400, False, 1)
    assert e.body is not None and "function.name is invalid" in e.body
    assert len(fake_openai.requests) == 1 and sleeps.delays == []


async def test_retries_run_out_into_a_clear_error(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reset(*[Reply(502, {"error": "bad gateway"})] * 5)
    sleeps = Sleeps()
    async with make(fake_openai, sleeps, max_retries=2) as model:
        with pytest.raises(ModelError) as err:
            await model.complete([Message.user("hi")], [])
    assert (err.value.code, err.value.status, err.value.attempts, err.value.retryable) == ("server_error", 502, 3, True)
    assert len(fake_openai.requests) == 3 and len(sleeps.delays) == 2


async def test_a_hanging_endpoint_times_out(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reset(Reply(hang=True), Reply(hang=True))
    sleeps = Sleeps()
    started = time.monotonic()
    async with make(fake_openai, sleeps, timeout_s=0.3, max_retries=1) as model:
        with pytest.raises(ModelError) as err:
            await model.complete([Message.user("hi")], [])
    elapsed = time.monotonic() - started
    assert (err.value.code, err.value.attempts) == ("timeout", 2)
    assert len(fake_openai.requests) == 2 and len(sleeps.delays) == 1
    assert 0.5 <= elapsed < 3.0  # two requests of 0.3 s each, not the SDK's default 10 minutes


async def test_an_unreachable_endpoint_is_a_connection_error() -> None:
    sleeps = Sleeps()
    model = OpenAIChatModel(f"http://127.0.0.1:{free_port()}/v1", "m", None, timeout_s=2.0, max_retries=1, sleep=sleeps)
    async with model:
        with pytest.raises(ModelError) as err:
            await model.complete([Message.user("hi")], [])
    assert (err.value.code, err.value.status, err.value.attempts) == ("connection", None, 2)
    assert len(sleeps.delays) == 1


async def test_malformed_tool_arguments_become_an_error_on_the_call(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reset(completion(None, [("c1", "get_weather", '{"city": "杭'), ("c2", "get_weather", '["杭州"]')]))
    async with make(fake_openai, Sleeps()) as model:
        turn = await model.complete([Message.user("天气")], [WEATHER])
    bad_json, not_object = turn.message.tool_calls
    assert bad_json.arguments == {} and bad_json.raw_arguments == '{"city": "杭'
    assert "not valid JSON" in (bad_json.error or "")
    assert not_object.arguments == {} and "JSON object" in (not_object.error or "")


async def test_a_refusal_is_the_answer_text(fake_openai: FakeOpenAIServer) -> None:
    reply = completion(None)
    reply.body["choices"][0]["message"]["refusal"] = "I can't help with that."
    fake_openai.reset(reply)
    async with make(fake_openai, Sleeps()) as model:
        turn = await model.complete([Message.user("hi")], [])
    assert turn.message.content == "I can't help with that." and turn.message.tool_calls == []


async def test_the_key_never_appears_in_errors_or_reprs(fake_openai: FakeOpenAIServer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    fake_openai.reset(Reply(401, {"error": {"message": f"Incorrect API key provided: {KEY}"}}))
    async with make(fake_openai, Sleeps()) as model:
        with pytest.raises(ModelError) as err:
            await model.complete([Message.user("hi")], [])
        assert KEY not in repr(model) and KEY not in str(model)
    assert err.value.status == 401 and err.value.hint == "check ZHANGGUI_LLM_API_KEY"
    assert KEY not in str(err.value) and KEY not in (err.value.body or "") and "***" in (err.value.body or "")
    monkeypatch.setenv("ZHANGGUI_LLM_API_KEY", KEY)
    settings = LLMSettings()
    assert KEY not in repr(settings) and KEY not in str(settings) and KEY not in settings.model_dump_json()


async def test_settings_from_the_environment_build_a_working_model(fake_openai: FakeOpenAIServer,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in {"BASE_URL": fake_openai.base_url, "MODEL": "qwen-test", "API_KEY": KEY, "TIMEOUT_S": "4.5",
                 "MAX_RETRIES": "1"}.items():
        monkeypatch.setenv(f"ZHANGGUI_LLM_{k}", v)
    fake_openai.reset(completion("ok", model="qwen-test"))
    async with OpenAIChatModel.from_settings(sleep=Sleeps()) as model:
        assert (model.name, model.timeout_s, model.max_retries) == ("openai:qwen-test", 4.5, 1)
        turn = await model.complete([Message.user("hi")], [])
    assert turn.model == "qwen-test"
    assert fake_openai.requests[0]["body"]["model"] == "qwen-test"
    assert fake_openai.requests[0]["authorization"] == f"Bearer {KEY}"


async def test_requests_are_refused_when_switched_off(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reset(completion("never"))
    async with make(fake_openai, Sleeps()) as model:
        with override_allow_model_requests(False), pytest.raises(ModelRequestsForbidden):
            await model.complete([Message.user("hi")], [])
    assert fake_openai.requests == []


def test_bad_construction_is_refused() -> None:
    with pytest.raises(ValueError, match="timeout_s"):
        OpenAIChatModel("http://127.0.0.1:1/v1", "m", timeout_s=0)
    with pytest.raises(ValueError, match="max_retries"):
        OpenAIChatModel("http://127.0.0.1:1/v1", "m", max_retries=-1)
