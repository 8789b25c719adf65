"""The PID pacer: the baseline every other bidding policy must beat.

It starts at alpha = 1 (bid exactly the target) and corrects two errors each step: how far the
day's cumulative spend is behind or ahead of an even pace through the day's remaining traffic
(a PI controller on the log of alpha), and how far the realized CPA / ROI so far misses the target
(a proportional guard that only ever lowers the bid). Everything is recomputed from the reported
history, so the policy keeps no state between calls.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from models.bidding.types import STEPS_PER_DAY, BidDecision, BidObservation, StepRecord

__all__ = ["PIDPacer", "traffic_profile"]


def traffic_profile(prior_days: Sequence[Sequence[StepRecord]]) -> np.ndarray:
    """Share of a day's opportunities per step, from earlier days (flat when none are known)."""
    counts = np.zeros(STEPS_PER_DAY)
    for day in prior_days:
        for r in day:
            counts[r.step] += r.opportunities
    if counts.sum() <= 0:
        return np.full(STEPS_PER_DAY, 1.0 / STEPS_PER_DAY)
    counts += counts.mean() * 0.05  # never plan zero spend for a step
    return counts / counts.sum()


class PIDPacer:
    """Even pacing by PI control on log(alpha), with a CPA/ROI guard."""

    name = "pid"
    version = "1"

    def __init__(self, kp: float = 0.6, ki: float = 0.15, alpha_min: float = 0.05, alpha_max: float = 4.0) -> None:
        self.kp, self.ki = kp, ki
        self.alpha_min, self.alpha_max = alpha_min, alpha_max

    def decide(self, obs: BidObservation) -> BidDecision:
        goal = obs.goal
        if goal.budget_fen <= 0 or obs.budget_left_fen <= 0:
            return BidDecision(alpha=0.0, model=self.name, version=self.version, learned=False,
                               why="No budget left today: bidding stops.")
        profile = traffic_profile(obs.prior_days)
        planned = np.cumsum(profile) * goal.budget_fen
        integral = 0.0
        err = 0.0
        spent = 0.0
        for r in obs.history:
            spent += r.spend_fen
            err = (planned[r.step] - spent) / goal.budget_fen
            integral += err
        log_alpha = self.kp * err * STEPS_PER_DAY / 4 + self.ki * integral
        alpha = math.exp(max(-5.0, min(5.0, log_alpha)))
        conv = sum(r.conversions for r in obs.history)
        why = "pacing the budget evenly over the day's traffic"
        if conv > 0 and spent > 0:
            if goal.kind == "cpa":
                ratio = float(goal.target_cpa_fen) / (spent / conv)  # type: ignore[arg-type]
            else:
                ratio = (sum(r.value_fen for r in obs.history) / spent) / float(goal.target_roi)  # type: ignore[arg-type]
            if ratio < 1.0:
                alpha *= ratio
                why += f"; bid lowered {1 - ratio:.0%} because the day's {goal.kind.upper()} misses the target"
        alpha = min(self.alpha_max, max(self.alpha_min, alpha))
        return BidDecision(alpha=alpha, model=self.name, version=self.version, learned=False,
                           why=f"PID pacer: {why} (spent {spent:.0f} of {goal.budget_fen} fen).")

    def decide_many(self, obs: Sequence[BidObservation]) -> list[BidDecision]:
        return [self.decide(o) for o in obs]
