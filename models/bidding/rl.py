"""The RL bidder: a small network that corrects the MPC's multiplier, trained on the day's score.

Each step the MPC plans as usual; the network reads features of the observation and of that plan
(time and budget left, the plan's expected spend and CPA, today's drift against yesterday, how
the day has gone so far) and multiplies the MPC's alpha by exp(0.5 x tanh(out)), i.e. by 0.61 to
1.65. It learns what the forecast systematically misses (traffic that stops early, evening peaks,
how much to trust a young forecast) from the whole day's score, by evolution strategies over
replayed training days (`models.training.bidding_rl`, run by `zhanggui train bidding`).

The checkpoint is a torch state dict plus a small JSON card, committed under
`models/bidding/checkpoints/`. This module needs torch, not the training code; it is the only
bidding module that imports torch. With no readable checkpoint the bidder says so and falls back
to the MPC's alpha (`learned=False`).
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from torch import nn

from models.bidding.mpc import (
    ALPHA,
    CONV,
    OPP,
    SEEN,
    Forecast,
    MPCBidder,
    ObsBatch,
    Plan,
    plan,
    to_batch,
    why,
)
from models.bidding.types import STEPS_PER_DAY, BidDecision, BidObservation
from models.errors import ModelInputError

__all__ = ["CHECKPOINT", "FEATURES", "MAX_LOG_CORRECTION", "BidNet", "RLBidder", "card_of", "corrected", "features",
           "load_net", "save_net"]

log = logging.getLogger(__name__)

F64 = npt.NDArray[np.float64]
CHECKPOINT = Path(__file__).parent / "checkpoints" / "rl_bidder.pt"
MAX_LOG_CORRECTION = 0.5
FEATURES = (
    "time_elapsed", "budget_left_share", "log_alpha_mpc", "planned_spend_over_left", "log_planned_cpa_over_target",
    "log_cpa_so_far_over_target", "log_drift_traffic", "log_drift_mass", "drift_price", "shift", "bought",
    "forecast_ok", "log_last_traffic_over_mean", "remaining_traffic_share", "log_last_alpha_over_mpc", "roi_goal",
)
T = STEPS_PER_DAY


def _clip(x: F64, lo: float, hi: float) -> F64:
    return np.clip(np.nan_to_num(x, nan=0.0, posinf=hi, neginf=lo), lo, hi)


def features(b: ObsBatch, p: Plan, f: Forecast, roi: F64) -> npt.NDArray[np.float32]:
    """(N, len(FEATURES)) features of the observations and of the MPC's plan, each scaled to about [-3, 3]."""
    n = b.scale.shape[0]
    rows = np.arange(n)
    td = b.today
    seen = td[..., SEEN] > 0
    spent = b.budget - b.budget_left
    conv = np.where(seen, td[..., CONV], 0.0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        left_share = np.where(b.budget > 0, b.budget_left / b.budget, 0.0)
        planned_rest = np.where(b.budget_left > 0, (p.spend - spent) / b.budget_left, 0.0)
        planned_cpa = np.log(p.spend / (p.conversions * b.scale))
        cpa_now = np.where(conv > 0, np.log(spent / (conv * b.scale)), 0.0)
        opp_today = np.where(seen, td[..., OPP], 0.0)
        mean_opp = opp_today.sum(axis=1) / np.maximum(seen.sum(axis=1), 1)
        last = np.maximum(b.step - 1, 0)
        last_opp = np.where(b.step > 0, np.log((opp_today[rows, last] + 1e-9 * mean_opp + 1e-12) / (mean_opp + 1e-12)), 0.0)
        future = np.where(np.arange(f.first, T)[None, :] >= b.step[:, None], f.opp, 0.0).sum(axis=1)
        remaining = future / (future + opp_today.sum(axis=1) + 1e-12)
        last_alpha = td[rows, last, ALPHA]
        last_vs = np.where((b.step > 0) & (last_alpha > 0) & (p.alpha > 0), np.log(last_alpha / p.alpha), 0.0)
    cols = [
        b.step / T, left_share, _clip(np.log(np.maximum(p.alpha, 1e-3)), -3, 3), _clip(planned_rest, 0, 3),
        _clip(planned_cpa, -3, 2), _clip(cpa_now, -3, 2), _clip(np.log(f.drift_traffic), -3, 3),
        _clip(np.log(f.drift_mass), -3, 3), _clip(f.drift_price, -3, 3), f.shift / 3.0, f.bought.astype(np.float64),
        f.ok.astype(np.float64), _clip(last_opp, -3, 3), _clip(remaining, 0, 1), _clip(last_vs, -3, 3), roi,
    ]
    return np.stack(cols, axis=1).astype(np.float32)


def _rowwise(layer: nn.Linear, x: torch.Tensor) -> torch.Tensor:
    # An explicit multiply-and-sum per row: a matrix product's rounding depends on the batch size,
    # and decide_many must give each campaign exactly what decide would.
    return (x[..., None, :] * layer.weight).sum(-1) + layer.bias


class BidNet(nn.Module):
    """Features -> a correction in (-1, 1) of log alpha (times MAX_LOG_CORRECTION)."""

    def __init__(self, n_features: int = len(FEATURES), hidden: int = 16) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_features, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                                  nn.Linear(hidden, 1))
        # Start exactly at the MPC: the last layer outputs zero until training moves it.
        nn.init.zeros_(self.body[-1].weight)
        nn.init.zeros_(self.body[-1].bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = torch.tanh(_rowwise(self.body[0], x))
        h = torch.tanh(_rowwise(self.body[2], h))
        return torch.tanh(_rowwise(self.body[4], h)).squeeze(-1)


def corrected(p: Plan, f: Forecast, out: F64) -> F64:
    """The MPC's alphas times exp(MAX_LOG_CORRECTION x out), where a correction applies.

    Not where the MPC had nothing to forecast from (it bids the target), and never above the target
    (alpha 1) before anything was bought: the MPC's safety rules hold for the RL bidder too.
    """
    alpha = p.alpha * np.exp(MAX_LOG_CORRECTION * out)
    alpha = np.where(f.bought, alpha, np.minimum(alpha, 1.0))
    return np.where(p.forecast_ok, alpha, p.alpha)


def save_net(net: BidNet, path: Path, card: dict[str, object]) -> None:
    """Write the state dict (and the network's shape) to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"state_dict": net.state_dict(), "hidden": net.body[0].out_features, "features": list(FEATURES),
                "card": card}, path)


def load_net(path: Path = CHECKPOINT) -> BidNet:
    """The trained network; raises ModelInputError when the file is missing or was made for other features."""
    if not path.exists():
        raise ModelInputError(f"no RL bidding checkpoint at {path}", hint="run `zhanggui train bidding` to create one")
    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except (OSError, EOFError, RuntimeError, ValueError, pickle.UnpicklingError) as exc:  # truncated or foreign
        raise ModelInputError(f"unreadable RL bidding checkpoint {path}: {exc}",
                              hint="re-run `zhanggui train bidding`") from None
    if list(blob.get("features", [])) != list(FEATURES):
        raise ModelInputError(f"checkpoint {path} was trained on other features",
                              hint="re-run `zhanggui train bidding` with this version")
    net = BidNet(hidden=int(blob["hidden"]))
    net.load_state_dict(blob["state_dict"])
    net.eval()
    return net


class RLBidder:
    """The MPC's alpha times a learned correction; a pure function of the observation."""

    name = "rl"

    def __init__(self, net: BidNet | None = None, path: Path = CHECKPOINT, mpc: MPCBidder | None = None) -> None:
        self.mpc = mpc or MPCBidder()
        self.net: BidNet | None
        self.error: str | None = None
        if net is not None:
            self.net = net
        else:
            try:
                self.net = load_net(path)
            except ModelInputError as exc:
                log.warning("RL bidder falls back to the MPC: %s", exc)
                self.net, self.error = None, str(exc)
        self.version = "1" if self.net is not None else "1-fallback"

    @property
    def learned(self) -> bool:
        """Whether decisions come from a trained network (else they are the MPC's)."""
        return self.net is not None

    def alphas(self, b: ObsBatch, roi: F64) -> tuple[F64, Plan]:
        """Corrected multipliers for a batch of observation arrays (what training calls too)."""
        p, f = plan(b, self.mpc.response, self.mpc.margin, self.mpc.power)
        if self.net is None:
            return p.alpha, p
        with torch.no_grad():
            out = self.net(torch.from_numpy(features(b, p, f, roi))).numpy().astype(np.float64)
        return corrected(p, f, out), p

    def decide(self, obs: BidObservation) -> BidDecision:
        return self.decide_many([obs])[0]

    def decide_many(self, obs: Sequence[BidObservation]) -> list[BidDecision]:
        if not obs:
            return []
        roi = np.array([1.0 if o.goal.kind == "roi" else 0.0 for o in obs])
        alpha, p = self.alphas(to_batch(obs), roi)
        who = "RL" if self.learned else "RL (no checkpoint, MPC fallback)"
        out = []
        for i, o in enumerate(obs):
            a = float(alpha[i])
            text = why(o, p, i, who, a)
            if self.learned and p.alpha[i] > 0 and p.forecast_ok[i] and a != float(p.alpha[i]):
                text += f" Learned correction x{a / float(p.alpha[i]):.2f} on the MPC's {float(p.alpha[i]):.2f}."
            out.append(BidDecision.model_construct(alpha=a, model=self.name, version=self.version,
                                                   learned=self.learned, why=text))
        return out


def card_of(path: Path = CHECKPOINT) -> dict[str, object]:
    """The training card stored with a checkpoint (empty when there is none)."""
    if not path.exists():
        return {}
    return dict(torch.load(path, map_location="cpu", weights_only=True).get("card", {}))

