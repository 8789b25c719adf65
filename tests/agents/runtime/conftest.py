"""Fixtures for the runtime: network models switched off by default, a local OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agents.runtime import ALLOW_ENV
from tests.agents.runtime.fake_openai import FakeOpenAIServer


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _no_model_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Like pydantic-ai's ALLOW_MODEL_REQUESTS=False: a test reaching a network model by accident fails."""
    monkeypatch.setenv(ALLOW_ENV, "0")


@pytest.fixture(scope="module")
def openai_server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as srv:
        yield srv


@pytest.fixture
def fake_openai(openai_server: FakeOpenAIServer) -> FakeOpenAIServer:
    """The module's server with an empty script and no recorded requests."""
    openai_server.reset()
    return openai_server
