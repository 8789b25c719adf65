"""The language layer's one error: input it cannot work with, with what to do instead."""

from __future__ import annotations

__all__ = ["LanguageInputError"]


class LanguageInputError(ValueError):
    """A caller passed something the language layer cannot use (not text, unknown template key,
    unknown language, missing or extra template slots).

    Free text never raises: empty or nonsense text parses to kind ``unknown`` / ``other``. This error
    is for programming mistakes, so `message` names the bad value and `hint` says what to pass.
    """

    code = "language_input"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}" + (f" ({self.hint})" if self.hint else "")
