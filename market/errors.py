"""The market's error hierarchy: each error has a stable code and says what to do next."""

from __future__ import annotations

__all__ = ["Conflict", "InvalidInput", "MarketError", "NotFound"]


class MarketError(Exception):
    """Base class. `code` is stable for callers; `hint` says how to recover."""

    code: str = "market_error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class NotFound(MarketError):
    """The id does not exist, or belongs to another shop (the two are indistinguishable on purpose)."""

    code = "not_found"


class InvalidInput(MarketError):
    """An argument is out of range, malformed or inconsistent; nothing was changed."""

    code = "invalid_input"


class Conflict(MarketError):
    """The request is valid but the object's current state does not allow it; nothing was changed."""

    code = "conflict"
