"""The models' error: bad input to a model, with a stable code and what to do next.

The policy MCP server turns it into a tool error the calling model can fix.
"""

from __future__ import annotations

__all__ = ["ModelInputError"]


class ModelInputError(ValueError):
    """An argument is out of range, malformed or inconsistent; nothing was computed."""

    code: str = "invalid_input"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message
