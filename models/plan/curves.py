"""Concave response curves, vectorised over many product x levers.

The fitted family bends from exponential saturation to logarithmic growth with one shape s in [0, 1]:

    marginal ROI  m(x) = r0 * (1 + s * x / b) ** (-1 / s)      (s = 0: r0 * exp(-x / b))
    daily GMV     V(x) = r0 * b * F_s(x / b)

s = 0 is exponential saturation (GMV tends to r0 * b), s = 1/2 is Michaelis-Menten
(r0 * x / (1 + x / (2b))), s = 1 is logarithmic (r0 * b * log(1 + x / b), no ceiling). Curves are
described by the spend at which the marginal ROI has halved (`half`), which means the same thing
for every shape, so priors and reasons need not know the shape.

The allocator needs three things of a family: V, its slope m and the inverse of the slope;
anything offering them (`Responses`) can be optimised by the same solver, which is how the
benchmark's oracle allocates under its true curves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

__all__ = ["SHAPES", "Responses", "SatCurves", "half_factor", "shape_f", "shape_fprime"]

SHAPES: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)
"""Shapes the fit chooses among: exponential, in between, Michaelis-Menten, in between, logarithmic."""


class Responses(Protocol):
    """n concave, increasing response curves with finite slope at zero spend."""

    @property
    def initial_roi(self) -> np.ndarray:
        """Slope at zero spend, shape (n,)."""
        ...

    def value(self, x: np.ndarray) -> np.ndarray:
        """Daily GMV at daily spend x (shape (n,) or (k, n))."""
        ...

    def marginal(self, x: np.ndarray) -> np.ndarray:
        """Marginal ROI (d GMV / d spend) at daily spend x."""
        ...

    def spend_at_marginal(self, t: np.ndarray) -> np.ndarray:
        """Daily spend at which the marginal ROI equals t (0 where it starts below t)."""
        ...


def _safe(s: np.ndarray) -> np.ndarray:
    return np.where(s > 0, s, 1.0)


def shape_fprime(z: np.ndarray, s: np.ndarray) -> np.ndarray:
    """F_s'(z): the marginal ROI as a share of the initial one at z = x / b."""
    ss = _safe(s)
    return np.where(s > 0, np.exp(-np.log1p(ss * z) / ss), np.exp(-z))


def shape_f(z: np.ndarray, s: np.ndarray) -> np.ndarray:
    """F_s(z) = integral of F_s' from 0 to z."""
    ss = _safe(s)
    one = np.where((s > 0) & (s < 1), 1.0 - ss, 1.0)
    mid = -np.expm1((1.0 - 1.0 / ss) * np.log1p(ss * z)) / one
    return np.where(s <= 0, -np.expm1(-z), np.where(s >= 1, np.log1p(z), mid))


def half_factor(s: np.ndarray | float) -> np.ndarray:
    """z at which F_s' = 1/2: (2^s - 1) / s, log 2 for s = 0."""
    s = np.asarray(s, dtype=float)
    ss = _safe(s)
    return np.where(s > 0, np.expm1(ss * np.log(2.0)) / ss, np.log(2.0))


@dataclass(frozen=True)
class SatCurves:
    """Curves of the fitted family: initial ROI r0, half-marginal spend `half` (fen/day), shape s."""

    r0: np.ndarray
    half: np.ndarray
    s: np.ndarray

    def __post_init__(self) -> None:
        # The solver calls spend_at_marginal hundreds of times: precompute what does not change.
        s = np.asarray(self.s, dtype=float)
        object.__setattr__(self, "_b", self.half / half_factor(s))
        object.__setattr__(self, "_ss", _safe(s))
        object.__setattr__(self, "_log_r0", np.log(self.r0))

    @property
    def b(self) -> np.ndarray:
        """The family's internal scale: half / half_factor(s)."""
        return self._b  # type: ignore[attr-defined,no-any-return]

    @property
    def initial_roi(self) -> np.ndarray:
        return self.r0

    @property
    def ceiling(self) -> np.ndarray:
        """Daily GMV approached as spend grows without bound (inf for s = 1)."""
        with np.errstate(divide="ignore"):
            return np.where(self.s < 1, self.r0 * self.b / np.where(self.s < 1, 1.0 - self.s, 1.0), np.inf)

    def value(self, x: np.ndarray) -> np.ndarray:
        b = self.b
        return self.r0 * b * shape_f(np.asarray(x, dtype=float) / b, self.s)

    def marginal(self, x: np.ndarray) -> np.ndarray:
        return self.r0 * shape_fprime(np.asarray(x, dtype=float) / self.b, self.s)

    def spend_at_marginal(self, t: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            lq = np.maximum(self._log_r0 - np.log(t), 0.0)  # type: ignore[attr-defined]
            ss = self._ss  # type: ignore[attr-defined]
            z = np.where(self.s > 0, np.expm1(ss * lq) / ss, lq)
            return np.minimum(self.b * z, np.finfo(float).max)

    def spent_share(self, x: np.ndarray) -> np.ndarray:
        """How far down its curve spend x goes: 1 - marginal / initial ROI (0 = untouched, ->1 = saturated)."""
        return 1.0 - shape_fprime(np.asarray(x, dtype=float) / self.b, self.s)
