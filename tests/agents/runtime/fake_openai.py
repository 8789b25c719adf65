"""A real OpenAI-compatible HTTP server on 127.0.0.1 that answers /v1/chat/completions from a script.

It runs uvicorn + starlette in a thread. Each request pops the next scripted `Reply`; the request
bodies and Authorization headers are kept for assertions.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

__all__ = ["FakeOpenAIServer", "Reply", "completion", "free_port"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Reply:
    """One scripted answer: a status and JSON body, or a hang (no answer until the client gives up)."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False


def completion(content: str | None = None, tool_calls: list[tuple[str, str, str]] | None = None, *,
               prompt_tokens: int = 10, completion_tokens: int = 5, model: str = "fake-model") -> Reply:
    """A 200 chat completion; tool_calls as (id, name, arguments text)."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = [{"id": i, "type": "function", "function": {"name": n, "arguments": a}}
                                 for i, n, a in tool_calls]
    return Reply(body={
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": 0, "finish_reason": "tool_calls" if tool_calls else "stop", "message": message}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    })


class FakeOpenAIServer:
    """Use as a context manager; `base_url` is http://127.0.0.1:PORT/v1."""

    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._stop = threading.Event()
        app = Starlette(routes=[Route("/v1/chat/completions", self._chat, methods=["POST"])])
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                     lifespan="off", timeout_graceful_shutdown=1))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def reset(self, *replies: Reply) -> None:
        self.script = list(replies)
        self.requests = []

    def add(self, *replies: Reply) -> None:
        self.script.extend(replies)

    async def _chat(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append({"body": body, "authorization": request.headers.get("authorization")})
        reply = self.script.pop(0) if self.script else Reply(500, {"error": {"message": "script exhausted"}})
        if reply.hang:
            while not self._stop.is_set() and not await request.is_disconnected():
                await asyncio.sleep(0.02)
            return Response(status_code=504)
        return JSONResponse(reply.body, status_code=reply.status, headers=reply.headers)

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the fake OpenAI server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._server.should_exit = True
        self._thread.join(timeout=5)
