"""The runtime's errors: one small hierarchy, each with a stable code and what to do next."""

from __future__ import annotations

__all__ = ["AgentRuntimeError", "ModelError", "ModelRequestsForbidden", "ReplayError", "ToolboxError"]


class AgentRuntimeError(Exception):
    """Base of every error raised by `agents.runtime`."""

    code: str = "runtime_error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}" + (f" ({self.hint})" if self.hint else "")


class ModelError(AgentRuntimeError):
    """A chat model request failed for good (after any retries).

    `status` is the HTTP status when the endpoint answered, `body` its (shortened) answer,
    `retryable` whether the failure was of a kind that is retried (429, 5xx, timeout, connection),
    `attempts` how many requests were made.
    """

    def __init__(self, message: str, *, code: str, status: int | None = None, body: str | None = None,
                 retryable: bool = False, attempts: int = 1, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.code = code
        self.status = status
        self.body = body
        self.retryable = retryable
        self.attempts = attempts


class ModelRequestsForbidden(AgentRuntimeError):
    """A network model was asked to make a request while requests are switched off (tests)."""

    code = "model_requests_forbidden"


class ReplayError(AgentRuntimeError):
    """A replayed trajectory does not fit the conversation it is replayed into, or has run out."""

    code = "replay_mismatch"


class ToolboxError(AgentRuntimeError):
    """The MCP toolbox is misconfigured or used outside its `async with` block."""

    code = "toolbox_error"
