"""A candidate cause: a place (or the whole shop) and a funnel factor, with its test result."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from models.explain.moves import TESTED

__all__ = ["Cell", "signature", "signed"]

_CVR = TESTED.index("cvr")


@dataclass(frozen=True, slots=True)
class Cell:
    """One candidate cause: a place (or the shop) and a factor, with its unusual move and test."""

    dim: str
    index: int
    """Element index in the dimension; -1 for the shop."""
    value: str
    factor: str
    parts: tuple[int, ...]
    """Indexes into TESTED whose shares make up this cell (two for attribution)."""
    eq: float
    """Unusual move in GMV-equivalent fen."""
    z: float
    p: float
    """Two-sided p-value scaled by the Bonferroni correction: reported cells have p <= the false-alarm rate."""
    surprise: float
    """Adtributor's Jensen-Shannon surprise of the place's share of the shop moving by `eq`."""
    signature: frozenset[tuple[str, int]]
    """(factor, direction) pairs this move stands for; two places with a pair in common describe
    the same move when their leaves overlap."""
    members: npt.NDArray[np.bool_] | None
    test: int = -1
    """The tested index (into TESTED) this cell passed."""
    noise: tuple[float, float] = (0.0, 0.0)
    """The (a, b) of the place's noise for that test, to re-test what is left of it."""
    z_threshold: float = 0.0
    """The |z| the cell had to reach (its dimension's Bonferroni threshold)."""


def signed(factor: str, eq: float, share: npt.NDArray[np.float64]) -> float:
    """Attribution points the way the attributed conversions went (lost = negative)."""
    return float(np.copysign(abs(eq), share[_CVR])) if factor == "attribution" else eq


def signature(factor: str, eq: float) -> frozenset[tuple[str, int]]:
    """What a move stands for: attribution lost is also conversions down and other orders up."""
    sign = 1 if eq > 0 else -1
    if factor == "attribution":
        return frozenset({("attribution", sign), ("cvr", sign), ("other_orders", -sign)})
    return frozenset({(factor, sign)})
