"""What every policy tool shares: model errors as tool errors, and where a decision came from."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from market import MarketError
from models.errors import ModelInputError

__all__ = ["Provenance", "model_errors"]


class Provenance(BaseModel):
    """Which model produced a decision, and whether it is learned or a baseline."""

    model: str = Field(description="Model name, e.g. rl, mpc, pid, response_curves.")
    version: str = Field(description="Model version; a checkpoint's version for learned models.")
    learned: bool = Field(description="True: a trained/fitted model produced it. False: a baseline, prior or rule.")
    why: str = Field(description="A short reason a merchant can read.")


@contextmanager
def model_errors() -> Iterator[None]:
    """Bad input for a model or the market is the caller's to fix: a tool error with the hint."""
    try:
        yield
    except (ModelInputError, MarketError) as exc:
        raise ToolError(f"[{exc.code}] {exc}") from None
