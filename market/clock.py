"""Simulated time: 48 half-hour steps a day. Nothing in `market` reads the wall clock."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["STEPS_PER_DAY", "SimTime", "day_of", "day_start"]

STEPS_PER_DAY = 48
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_of(step: int) -> int:
    return step // STEPS_PER_DAY


def day_start(day: int) -> int:
    return day * STEPS_PER_DAY


@dataclass(frozen=True, slots=True)
class SimTime:
    """A point on the simulated clock. Day 0 is a Monday."""

    step: int

    def __post_init__(self) -> None:
        if self.step < 0:
            raise ValueError(f"step must be >= 0, got {self.step}")

    @property
    def day(self) -> int:
        return self.step // STEPS_PER_DAY

    @property
    def slot(self) -> int:
        """Half-hour slot of the day, 0..47."""
        return self.step % STEPS_PER_DAY

    @property
    def weekday(self) -> int:
        """0 = Monday .. 6 = Sunday."""
        return self.day % 7

    def label(self) -> str:
        minutes = self.slot * 30
        return f"day {self.day} ({_WEEKDAYS_EN[self.weekday]}) {minutes // 60:02d}:{minutes % 60:02d}"
