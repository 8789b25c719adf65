"""Market errors in the CLI: one red line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from app.render import make_console
from market.errors import MarketError

__all__ = ["MARKET_ERROR_EXIT", "market_errors"]

MARKET_ERROR_EXIT = 2


@contextmanager
def market_errors() -> Iterator[None]:
    """Turn a MarketError into one red line on stderr and exit code 2."""
    try:
        yield
    except MarketError as exc:
        make_console(stderr=True).print(f"error: {exc}", style="red", markup=False, soft_wrap=True)
        raise typer.Exit(MARKET_ERROR_EXIT) from None
