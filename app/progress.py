"""A progress bar for simulated steps, fed by the market's `progress(done, total)` callbacks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

__all__ = ["StepCallback", "step_progress"]

StepCallback = Callable[[int, int], None]
"""Called with (steps done, steps total), as SimMarket.create and SimMarket.advance do."""


def _ignore(done: int, total: int) -> None:
    return None


@contextmanager
def step_progress(console: Console, label: str, *, enabled: bool = True) -> Iterator[StepCallback]:
    """Yield a callback that drives a transient bar on `console` (a no-op when not `enabled`)."""
    if not enabled:
        yield _ignore
        return
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("steps"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
