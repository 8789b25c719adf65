"""Any OpenAI-compatible chat-completions endpoint as a `ChatModel` (the only module importing `openai`).

The SDK's own retries are switched off: this module retries 429s, 5xx answers, timeouts and
connection errors itself, with exponential backoff and seeded jitter through an injectable sleep,
so tests run the real HTTP path without waiting. Other 4xx answers fail at once with a `ModelError`
that carries the status and the endpoint's answer. The API key lives only inside the SDK client.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import anyio
import openai
from pydantic import SecretStr

from agents.runtime.chat import ToolChoice, check_model_requests_allowed
from agents.runtime.errors import ModelError
from agents.runtime.messages import (
    Message,
    ModelTurn,
    ToolSpec,
    Usage,
    from_openai_message,
    to_openai_message,
)
from agents.runtime.settings import LLMSettings

__all__ = ["OpenAIChatModel", "Sleep"]

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
_NO_KEY = "no-key"  # local servers (vLLM, Ollama, llama.cpp) want some bearer value, not a real one
_BODY_CHARS = 500


class OpenAIChatModel:
    """A `ChatModel` over `openai.AsyncOpenAI`: tool calling, retries with backoff, timeouts, token usage."""

    def __init__(self, base_url: str, model: str, api_key: str | SecretStr | None = None, timeout_s: float = 60.0,
                 max_retries: int = 3, *, backoff_s: float = 0.5, max_backoff_s: float = 20.0,
                 sleep: Sleep | None = None, seed: int = 0, temperature: float | None = None) -> None:
        if timeout_s <= 0:
            raise ValueError(f"timeout_s must be > 0, got {timeout_s}")
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {max_retries}")
        key = api_key.get_secret_value() if isinstance(api_key, SecretStr) else api_key
        self.base_url = base_url
        self.model = model
        self.name = f"openai:{model}"
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.temperature = temperature
        self._sleep: Sleep = sleep or anyio.sleep
        self._rng = random.Random(seed)  # jitter is seeded: the same failures give the same waits
        self._secret = key or ""
        self._client = openai.AsyncOpenAI(base_url=base_url, api_key=key or _NO_KEY, timeout=timeout_s, max_retries=0)

    @classmethod
    def from_settings(cls, settings: LLMSettings | None = None, **kwargs: Any) -> OpenAIChatModel:
        """Build from `LLMSettings` (read from `ZHANGGUI_LLM_*` when not given); kwargs as in the constructor."""
        s = settings or LLMSettings()
        return cls(s.base_url, s.model, s.api_key, s.timeout_s, s.max_retries, **kwargs)

    def __repr__(self) -> str:
        return f"OpenAIChatModel(base_url={self.base_url!r}, model={self.model!r}, timeout_s={self.timeout_s})"

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._client.close()

    async def __aenter__(self) -> OpenAIChatModel:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def complete(self, messages: Sequence[Message], tools: Sequence[ToolSpec], *,
                       tool_choice: ToolChoice = "auto") -> ModelTurn:
        """One chat completion; raises `ModelError` when the endpoint fails for good."""
        check_model_requests_allowed(self.name)
        request: dict[str, Any] = {"model": self.model, "messages": [to_openai_message(m) for m in messages]}
        if tools:
            request["tools"] = [t.openai() for t in tools]
            request["tool_choice"] = tool_choice
        if self.temperature is not None:
            request["temperature"] = self.temperature
        response = await self._send(request)
        return self._turn(response)

    async def _send(self, request: dict[str, Any]) -> Any:
        attempt = 0
        while True:
            attempt += 1
            try:
                # The SDK's timeout bounds each read; this bounds the whole request.
                with anyio.fail_after(self.timeout_s):
                    return await self._client.chat.completions.create(**request)
            except (TimeoutError, openai.APITimeoutError):
                error = ModelError(f"{self.name} did not answer within {self.timeout_s:g} s", code="timeout",
                                   retryable=True, attempts=attempt,
                                   hint="raise ZHANGGUI_LLM_TIMEOUT_S or check that the endpoint is up")
                retry_after = None
            except openai.APIConnectionError as e:
                error = ModelError(f"cannot reach {self.base_url}: {e.message}", code="connection", retryable=True,
                                   attempts=attempt, hint="check ZHANGGUI_LLM_BASE_URL and the network")
                retry_after = None
            except openai.APIStatusError as e:
                error = self._status_error(e, attempt)
                retry_after = _retry_after(e)
            except openai.OpenAIError as e:
                raise ModelError(f"{self.name} sent an answer that could not be read: {self._redact(str(e))}",
                                 code="bad_response", attempts=attempt) from e
            if not error.retryable or attempt > self.max_retries:
                raise error
            delay = self._delay(attempt, retry_after)
            log.warning("%s: %s (attempt %d of %d); retrying in %.2f s", self.name, error.message, attempt,
                        self.max_retries + 1, delay)
            await self._sleep(delay)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        base = min(self.max_backoff_s, self.backoff_s * 2 ** (attempt - 1))
        delay = base * (0.5 + 0.5 * self._rng.random())  # "equal jitter": never less than half the backoff
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_backoff_s))
        return delay

    def _status_error(self, e: openai.APIStatusError, attempt: int) -> ModelError:
        status = e.status_code
        body = self._redact(_body_text(e))
        if status == 429:
            return ModelError(f"{self.name} is rate limited (HTTP 429): {body}", code="rate_limited", status=status,
                              body=body, retryable=True, attempts=attempt, hint="wait, or lower the request rate")
        if status >= 500:
            return ModelError(f"{self.name} failed on the server side (HTTP {status}): {body}", code="server_error",
                              status=status, body=body, retryable=True, attempts=attempt)
        hint = {401: "check ZHANGGUI_LLM_API_KEY", 403: "the key may not have access to this model",
                404: "check ZHANGGUI_LLM_BASE_URL (usually ends in /v1) and ZHANGGUI_LLM_MODEL"}.get(
                    status, "the request was refused as sent; retrying will not help")
        return ModelError(f"{self.name} refused the request (HTTP {status}): {body}", code="http_error", status=status,
                          body=body, retryable=False, attempts=attempt, hint=hint)

    def _redact(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret else text

    def _turn(self, response: Any) -> ModelTurn:
        try:
            choice = response.choices[0]
            raw = choice.message.model_dump(exclude_none=True)
        except (AttributeError, IndexError, TypeError) as e:
            raise ModelError(f"{self.name} answered without a message: {str(response)[:_BODY_CHARS]}",
                             code="bad_response") from e
        raw["role"] = "assistant"
        if not raw.get("content") and raw.get("refusal"):
            raw["content"] = raw["refusal"]  # a safety refusal is the model's answer; show it, do not drop it
        message = from_openai_message(raw)
        if any(not c.id for c in message.tool_calls):
            # Some compatible servers omit call ids; the tool messages still need one to point at.
            calls = [c if c.id else c.model_copy(update={"id": f"call_{i}"}) for i, c in enumerate(message.tool_calls)]
            message = message.model_copy(update={"tool_calls": calls})
        for call in message.tool_calls:
            if call.error:
                log.info("%s sent malformed arguments for %s: %s", self.name, call.name, call.error)
        u = getattr(response, "usage", None)
        usage = Usage(requests=1, prompt_tokens=int(getattr(u, "prompt_tokens", 0) or 0),
                      completion_tokens=int(getattr(u, "completion_tokens", 0) or 0))
        return ModelTurn(message=message, usage=usage, model=str(getattr(response, "model", "") or self.model))


def _body_text(e: openai.APIStatusError) -> str:
    body: Any = e.body
    if body is None:
        try:
            body = e.response.text
        except Exception:  # a streamed/closed response has no text left; the status alone must do
            body = ""
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return text[:_BODY_CHARS]


def _retry_after(e: openai.APIStatusError) -> float | None:
    value = e.response.headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None
