"""Training the RL bidder: a batched replay of many advertiser-days, and evolution strategies on the score.

`BatchEnv` plays N tasks at once (times `copies`, one per population member) with the same
arithmetic as `models.bidding.env.step_outcome` (per step: bid alpha x p x bid scale on every
sampled impression, take the best slot the bid reaches, pay its price when shown, stop at the
budget), filling the policy's observation arrays (`models.bidding.mpc.ObsBatch`) directly, so a
whole population of policies over many days costs numpy calls, not pydantic objects. A test
checks it against `run_day` step for step.

`train` runs OpenAI-style evolution strategies (antithetic Gaussian perturbations of the network's
weights, rank-shaped fitness, Adam) on the mean of score / hindsight-oracle score over minibatches
of TRAIN tasks only; a validation split of the TRAIN advertisers (never trained on) picks the
checkpoint. HELD_OUT days are touched only after training, to report on the card.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import torch

from models.bidding.env import SLOT_EXPOSURE, score
from models.bidding.mpc import (
    ALPHA,
    CONV,
    LQ,
    OPP,
    SEEN,
    SPEND,
    ObsBatch,
    empty_records,
    plan,
    to_batch,
)
from models.bidding.oracle import hindsight_oracle
from models.bidding.rl import BidNet, RLBidder, corrected, features
from models.bidding.types import LANDSCAPE_QUANTILES, STEPS_PER_DAY, BidObservation
from models.training.bidding_data import Task

__all__ = ["BatchEnv", "BatchResult", "Prepared", "TrainConfig", "TrainReport", "evaluate", "flat_params", "population_forward",
           "prepare", "run_training", "set_params", "train"]

T = STEPS_PER_DAY
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Per task: spend, conversions (value / order value for ROI goals), score, and score / oracle score."""

    spend: F64
    conversions: F64
    score: F64
    ratio: F64
    alphas: F64


@dataclass(frozen=True, slots=True)
class Prepared:
    """What a task needs beyond its arrays, computed once: landscapes, opportunities, yesterday, oracle."""

    task: Task
    lq: F64
    """(48, 5) log landscape quantiles per step (nan where the step had no opportunities)."""
    opp: F64
    """(48,) opportunities per step."""
    yesterday: F64
    """(48, N_FIELDS) the prior days as observation arrays."""
    oracle: float
    roi: float


def prepare(tasks: Sequence[Task]) -> list[Prepared]:
    """Landscapes (exactly as `step_outcome` reports them), yesterday's arrays and the oracle score per task."""
    yd = to_batch([BidObservation(goal=t.goal, step=0, budget_left_fen=t.goal.budget_fen, prior_days=t.prior)
                   for t in tasks]).yesterday
    out = []
    for i, t in enumerate(tasks):
        lq = np.full((T, len(LANDSCAPE_QUANTILES)), np.nan)
        opp = np.zeros(T)
        k = t.goal.bid_scale_fen
        for s in range(T):
            sl = t.day.step_slice(s)
            p = t.day.p_conv[sl].astype(np.float64)
            c3 = t.day.cost[2, sl].astype(np.float64)
            opp[s] = float(t.day.weight[sl].astype(np.float64).sum())
            with np.errstate(divide="ignore", invalid="ignore"):
                need = np.where(p > 0, c3 / (p * k), np.inf)
            finite = need[np.isfinite(need)]
            if finite.size:
                q = np.quantile(finite, LANDSCAPE_QUANTILES)
                if q.min() > 0:
                    lq[s] = np.log(q)
        out.append(Prepared(task=t, lq=lq, opp=opp, yesterday=yd[i], oracle=hindsight_oracle(t.day, t.goal).score,
                            roi=1.0 if t.goal.kind == "roi" else 0.0))
    return out


class BatchEnv:
    """Prepared tasks replayed in lock-step, `copies` times over; `run(policy)` plays the whole day for all rows.

    Row r is copy r // n of task r % n.
    """

    def __init__(self, prepared: Sequence[Prepared], copies: int = 1) -> None:
        self.prepared = list(prepared)
        self.copies = copies
        n = len(self.prepared)
        self.n_tasks = n
        self.n = n * copies
        tasks = [p.task for p in self.prepared]
        self.goals = [t.goal for t in tasks]
        self.scale = np.tile(np.array([g.bid_scale_fen for g in self.goals]), copies)
        self.budget = np.tile(np.array([float(g.budget_fen) for g in self.goals]), copies)
        self.roi = np.tile(np.array([p.roi for p in self.prepared]), copies)
        self.yesterday = np.tile(np.stack([p.yesterday for p in self.prepared]) if n else empty_records(0), (copies, 1, 1))
        self.opp = np.tile(np.stack([p.opp for p in self.prepared]) if n else np.zeros((0, T)), (copies, 1))
        self.lq = np.tile(np.stack([p.lq for p in self.prepared]) if n else np.zeros((0, T, 5)), (copies, 1, 1))
        self.oracle = np.tile(np.array([p.oracle for p in self.prepared]), copies)
        # Per step: every task's impressions concatenated, with the task index.
        self.p: list[F64] = []
        self.cost: list[F64] = []
        self.w: list[F64] = []
        self.seg: list[npt.NDArray[np.int64]] = []
        for s in range(T):
            sls = [t.day.step_slice(s) for t in tasks]
            self.p.append(np.concatenate([t.day.p_conv[sl] for t, sl in zip(tasks, sls)]).astype(np.float64))
            self.cost.append(np.concatenate([t.day.cost[:, sl] for t, sl in zip(tasks, sls)], axis=1).astype(np.float64))
            self.w.append(np.concatenate([t.day.weight[sl] for t, sl in zip(tasks, sls)]).astype(np.float64))
            self.seg.append(np.concatenate([np.full(sl.stop - sl.start, i) for i, sl in enumerate(sls)]).astype(np.int64))

    def _step(self, s: int, alpha: F64, left: F64) -> tuple[F64, F64]:
        """Spend and conversions of step `s` for every row, with the budget cut."""
        n = self.n_tasks
        p, cost, w, seg = self.p[s], self.cost[s], self.w[s], self.seg[s]
        a = alpha.reshape(self.copies, n)[:, seg]
        bid = a * (p * self.scale[seg])[None, :]
        won1 = bid >= cost[0]
        won2 = bid >= cost[1]
        won3 = bid >= cost[2]
        expo = np.where(won1, SLOT_EXPOSURE[0], np.where(won2, SLOT_EXPOSURE[1], np.where(won3, SLOT_EXPOSURE[2], 0.0)))
        price = np.where(won1, cost[0], np.where(won2, cost[1], cost[2]))
        we = w[None, :] * expo
        idx = (np.arange(self.copies)[:, None] * n + seg[None, :]).ravel()
        spend = np.bincount(idx, (we * price).ravel(), minlength=self.n)
        conv = np.bincount(idx, (we * p[None, :]).ravel(), minlength=self.n)
        over = spend > left
        cut = np.where(over & (spend > 0), left / np.where(spend > 0, spend, 1.0), 1.0)
        return np.where(over, left, spend), conv * cut

    def run(self, policy: Callable[[ObsBatch], F64]) -> BatchResult:
        """Play the day: each step the policy sees only the reports so far, as `run_day` would show them."""
        n = self.n
        today = empty_records(n)
        left = self.budget.copy()
        alphas = np.zeros((n, T))
        spend_tot = np.zeros(n)
        conv_tot = np.zeros(n)
        for s in range(T):
            obs = ObsBatch(scale=self.scale, budget=self.budget, budget_left=left.copy(), step=np.full(n, s),
                           today=today, yesterday=self.yesterday)
            alpha = np.maximum(np.asarray(policy(obs), dtype=np.float64), 0.0)
            spend, conv = self._step(s, alpha, left)
            today = today.copy()
            today[:, s, ALPHA] = alpha
            today[:, s, SPEND] = spend
            today[:, s, CONV] = conv
            today[:, s, OPP] = self.opp[:, s]
            today[:, s, SEEN] = 1.0
            today[:, s, LQ:] = self.lq[:, s]
            left = np.maximum(0.0, left - spend)
            spend_tot += spend
            conv_tot += conv
            alphas[:, s] = alpha
        goals = self.goals * self.copies
        sc = np.array([score(g, float(sp), float(c)) for g, sp, c in zip(goals, spend_tot, conv_tot)])
        ratio = np.where(self.oracle > 0, sc / np.where(self.oracle > 0, self.oracle, 1.0), np.nan)
        return BatchResult(spend=spend_tot, conversions=conv_tot, score=sc, ratio=ratio, alphas=alphas)


# ---------------------------------------------------------------------------------------------
# Evolution strategies


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a training run (the card records it)."""

    seed: int = 0
    iterations: int = 100
    """ES iterations; the run also stops at `time_budget_s`."""
    time_budget_s: float = 18 * 60.0
    goal_seeds: tuple[int, ...] = (0, 1, 2)
    """Each TRAIN day is a task once per seed, with a goal drawn by that seed (more goals, same days)."""
    val_share: float = 0.15
    """Share of TRAIN advertisers held back to pick the checkpoint (never trained on)."""
    pairs: int = 8
    """Antithetic pairs per iteration (population = 2 x pairs)."""
    batch_tasks: int = 40
    sigma: float = 0.05
    lr: float = 0.02
    hidden: int = 16
    eval_every: int = 10


@dataclass
class TrainReport:
    """What a run produced, for the card."""

    config: TrainConfig
    iterations: int = 0
    seconds: float = 0.0
    best_iteration: int = 0
    n_train_tasks: int = 0
    n_val_tasks: int = 0
    scores: dict[str, float] = field(default_factory=dict)
    curve: list[tuple[int, float]] = field(default_factory=list)


def _shapes(net: BidNet) -> list[tuple[int, ...]]:
    return [tuple(p.shape) for p in net.parameters()]


def flat_params(net: BidNet) -> F64:
    """The network's weights as one vector (the ES search space)."""
    return torch.nn.utils.parameters_to_vector(net.parameters()).detach().numpy().astype(np.float64)


def set_params(net: BidNet, theta: F64) -> None:
    torch.nn.utils.vector_to_parameters(torch.from_numpy(theta.astype(np.float32)), net.parameters())


def population_forward(net: BidNet, thetas: F64, x: npt.NDArray[np.float32]) -> F64:
    """BidNet's output for P weight vectors at once: `thetas` (P, D), `x` (P, B, F) -> (P, B)."""
    th = torch.from_numpy(thetas.astype(np.float32))
    parts: list[torch.Tensor] = []
    k = 0
    for shape in _shapes(net):
        size = int(np.prod(shape))
        parts.append(th[:, k:k + size].reshape(-1, *shape))
        k += size
    w1, b1, w2, b2, w3, b3 = parts
    h = torch.from_numpy(x)
    with torch.no_grad():
        h = torch.tanh(torch.bmm(h, w1.transpose(1, 2)) + b1[:, None, :])
        h = torch.tanh(torch.bmm(h, w2.transpose(1, 2)) + b2[:, None, :])
        out = torch.tanh(torch.bmm(h, w3.transpose(1, 2)) + b3[:, None, :])
    return out[..., 0].numpy().astype(np.float64)


def _policy(bidder: RLBidder, net: BidNet, thetas: F64, env: BatchEnv) -> Callable[[ObsBatch], F64]:
    """Alphas for every row: row r uses weights thetas[r // n_tasks] on top of the MPC's plan."""
    mpc = bidder.mpc

    def act(b: ObsBatch) -> F64:
        p, f = plan(b, mpc.response, mpc.margin, mpc.power)
        x = features(b, p, f, env.roi).reshape(env.copies, env.n_tasks, -1)
        return corrected(p, f, population_forward(net, thetas, x).reshape(-1))

    return act


def evaluate(prepared: Sequence[Prepared], net: BidNet, theta: F64 | None) -> F64:
    """Per-task score / oracle of the MPC (theta None) or of the RL bidder with weights `theta`."""
    env = BatchEnv(prepared)
    bidder = RLBidder(net=net)
    if theta is None:
        mpc = bidder.mpc
        return env.run(lambda b: plan(b, mpc.response, mpc.margin, mpc.power)[0].alpha).ratio
    return env.run(_policy(bidder, net, theta[None, :], env)).ratio


def _split(tasks: Sequence[Task], val_share: float) -> tuple[list[Task], list[Task]]:
    """Train / validation by advertiser (a stable hash of the bidder id), so no advertiser is in both."""
    def bucket(t: Task) -> float:
        bidder = t.day.key.split(":", 2)[2]
        return int(hashlib.sha256(bidder.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF

    train = [t for t in tasks if bucket(t) >= val_share]
    val = [t for t in tasks if bucket(t) < val_share]
    return train, val


def train(config: TrainConfig, tasks: Sequence[Task], progress: Callable[[str], None] | None = None) -> tuple[BidNet, TrainReport]:
    """ES on mean score / oracle over minibatches of `tasks` (TRAIN only); the best validation checkpoint wins."""
    say = progress or (lambda _m: None)
    t0 = time.monotonic()
    torch.manual_seed(config.seed)
    torch.set_num_threads(1)
    rng = np.random.default_rng(config.seed)
    train_tasks, val_tasks = _split(tasks, config.val_share)
    say(f"preparing {len(train_tasks)} training and {len(val_tasks)} validation tasks")
    prep_train = [p for p in prepare(train_tasks) if p.oracle > 0]
    prep_val = [p for p in prepare(val_tasks) if p.oracle > 0]
    net = BidNet(hidden=config.hidden)
    theta = flat_params(net)
    report = TrainReport(config=config, n_train_tasks=len(prep_train), n_val_tasks=len(prep_val))
    base_val = float(np.nanmean(evaluate(prep_val, net, None))) if prep_val else float("nan")
    best_val, best_theta = base_val, theta.copy()
    report.curve.append((0, base_val))
    say(f"validation score / oracle: MPC {base_val:.4f}")
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    b1, b2 = 0.9, 0.999
    bidder = RLBidder(net=net)
    it = 0
    for it in range(1, config.iterations + 1):
        if time.monotonic() - t0 > config.time_budget_s:
            say(f"time budget reached after {it - 1} iterations")
            it -= 1
            break
        batch = [prep_train[i] for i in rng.choice(len(prep_train), min(config.batch_tasks, len(prep_train)), replace=False)]
        eps = rng.standard_normal((config.pairs, theta.size))
        thetas = np.concatenate([theta + config.sigma * eps, theta - config.sigma * eps])
        env = BatchEnv(batch, copies=thetas.shape[0])
        ratio = env.run(_policy(bidder, net, thetas, env)).ratio.reshape(thetas.shape[0], -1)
        fit = np.nanmean(ratio, axis=1)
        # Rank-shaped fitness (centred ranks) makes the step size independent of the score's scale.
        ranks = np.empty_like(fit)
        ranks[np.argsort(fit)] = np.arange(fit.size)
        shaped = ranks / (fit.size - 1) - 0.5
        grad = ((shaped[:config.pairs] - shaped[config.pairs:])[:, None] * eps).sum(axis=0) / (2 * config.pairs * config.sigma)
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        theta = theta + config.lr * (m / (1 - b1 ** it)) / (np.sqrt(v / (1 - b2 ** it)) + 1e-8)
        if it % config.eval_every == 0 or it == config.iterations:
            val = float(np.nanmean(evaluate(prep_val, net, theta))) if prep_val else float("nan")
            report.curve.append((it, val))
            if val > best_val:
                best_val, best_theta, report.best_iteration = val, theta.copy(), it
            say(f"iteration {it}: population {fit.mean():.4f}, validation {val:.4f} (best {best_val:.4f}, "
                f"{time.monotonic() - t0:.0f} s)")
    set_params(net, best_theta)
    net.eval()
    report.iterations = it
    report.seconds = time.monotonic() - t0
    report.scores["val_mpc"] = base_val
    report.scores["val_rl"] = best_val
    return net, report


# ---------------------------------------------------------------------------------------------
# The command: data -> training -> checkpoint + card


def _world_of(t: Task) -> str:
    return t.day.key.split(":", 1)[0]


def run_training(out: Path, seed: int = 0, time_budget_s: float = 19 * 60.0, smoke: bool = False,
                 command: str = "zhanggui train bidding", progress: Callable[[str], None] | None = None) -> TrainReport:
    """Train on TRAIN tasks, save the checkpoint at `out` and its card next to it (`out` with .md).

    `time_budget_s` bounds the whole command: data, training and the final evaluation (the ES loop
    stops early enough to leave time for the rest). `smoke` trains two iterations on a tiny world
    built on the fly (for tests); its checkpoint is not a real one.
    """
    from models.bidding.rl import save_net
    from models.training.bidding_data import (
        HELD_OUT,
        TRAIN,
        load_days,
        make_tasks,
        world_days,
    )

    say = progress or (lambda _m: None)
    t0 = time.monotonic()
    if smoke:
        days = world_days(3, "tiny", 2, 40)
        config = TrainConfig(seed=seed, iterations=2, goal_seeds=(0,), pairs=2, batch_tasks=4, eval_every=1,
                             val_share=0.3)
    else:
        days = load_days(TRAIN, progress=say)
        config = TrainConfig(seed=seed)
    tasks = [t for s in config.goal_seeds for t in make_tasks(days, seed=s)]
    say(f"{len(tasks)} TRAIN tasks from {len(days)} advertiser-days ({time.monotonic() - t0:.0f} s)")
    # Leave a fifth of the budget (at most 3 minutes) for the final evaluation.
    reserve = min(180.0, 0.2 * time_budget_s)
    budget = max(0.0, time_budget_s - reserve - (time.monotonic() - t0))
    config = TrainConfig(**{**config.__dict__, "time_budget_s": budget})
    net, report = train(config, tasks, progress=say)
    # Final scores: the training split, then HELD_OUT (reported only; nothing above ever saw it).
    train_tasks, _ = _split(tasks, config.val_share)
    prep = [p for p in prepare(train_tasks) if p.oracle > 0]
    theta = flat_params(net)
    report.scores["train_mpc"] = float(np.nanmean(evaluate(prep, net, None)))
    report.scores["train_rl"] = float(np.nanmean(evaluate(prep, net, theta)))
    if not smoke:
        held = [p for p in prepare(make_tasks(load_days(HELD_OUT, progress=say), seed=0)) if p.oracle > 0]
        report.scores["held_out_mpc"] = float(np.nanmean(evaluate(held, net, None)))
        report.scores["held_out_rl"] = float(np.nanmean(evaluate(held, net, theta)))
        report.scores["held_out_days"] = float(len(held))
    report.seconds = time.monotonic() - t0
    card = _card(report, TRAIN if not smoke else None, command, smoke)
    save_net(net, out, card)
    out.with_suffix(".md").write_text(_card_markdown(card, out), encoding="utf-8")
    say(f"wrote {out} ({out.stat().st_size} bytes) and {out.with_suffix('.md').name} in {report.seconds:.0f} s")
    return report


def _card(report: TrainReport, recipe: Any, command: str, smoke: bool) -> dict[str, Any]:
    c = report.config
    data: dict[str, Any] = ({"recipe": "tiny world, seed 3, 2 days (smoke)"} if smoke or recipe is None else {
        "recipe": recipe.name, "digest": recipe.digest(), "world_seeds": list(recipe.seeds), "profile": recipe.profile,
        "days": recipe.days, "samples_per_step": recipe.samples_per_step,
        "events": [f"day {e.day}: {e.kind} {json.dumps(e.params, sort_keys=True)}" for e in recipe.events]})
    return {
        "model": "rl bidder: MPC alpha x exp(0.5 tanh(MLP(features)))",
        "command": command,
        "smoke": smoke,
        "data": data,
        "tasks": {"goal_seeds": list(c.goal_seeds), "validation_share_of_advertisers": c.val_share,
                  "train_tasks": report.n_train_tasks, "validation_tasks": report.n_val_tasks},
        "training": {"method": "evolution strategies (antithetic, rank-shaped, Adam)", "seed": c.seed,
                     "iterations": report.iterations, "best_iteration": report.best_iteration, "pairs": c.pairs,
                     "batch_tasks": c.batch_tasks, "sigma": c.sigma, "lr": c.lr, "hidden": c.hidden,
                     "seconds": round(report.seconds, 1), "torch": str(torch.__version__),
                     "machine": f"{platform.machine()} {platform.system()}, 1 torch thread"},
        "validation_curve": [[i, round(v, 4)] for i, v in report.curve],
        "scores_mean_score_over_oracle": {k: round(v, 4) for k, v in report.scores.items()},
    }


def _card_markdown(card: dict[str, Any], path: Path) -> str:
    s = card["scores_mean_score_over_oracle"]
    tr = card["training"]
    lines = [
        f"# {path.name}: the RL bidder's checkpoint",
        "",
        f"{card['model']}. Loaded by `models.bidding.rl.RLBidder`; served as the default bidding policy.",
        "",
        "## How it was made",
        f"- command: `{card['command']}`",
        f"- data: {json.dumps(card['data'], ensure_ascii=False)}",
        f"- tasks: {json.dumps(card['tasks'])} (validation = TRAIN advertisers held back to pick the checkpoint)",
        (f"- training: {tr['method']}, seed {tr['seed']}, {tr['iterations']} iterations (best at "
         f"{tr['best_iteration']}), {tr['pairs']} antithetic pairs x {tr['batch_tasks']} tasks, sigma {tr['sigma']}, "
         f"lr {tr['lr']}, hidden {tr['hidden']}; {tr['seconds']:.0f} s on {tr['machine']}, torch {tr['torch']}"),
        f"- validation curve (iteration, score/oracle): {card['validation_curve']}",
        "",
        "## Scores (mean over days of score / hindsight-oracle score)",
        "| set | MPC | RL |",
        "|---|---|---|",
        f"| TRAIN (training split) | {s.get('train_mpc', float('nan')):.4f} | {s.get('train_rl', float('nan')):.4f} |",
        f"| TRAIN (validation split) | {s.get('val_mpc', float('nan')):.4f} | {s.get('val_rl', float('nan')):.4f} |",
    ]
    if "held_out_mpc" in s:
        lines.append(f"| HELD_OUT ({int(s['held_out_days'])} days, reported only) | {s['held_out_mpc']:.4f} | "
                     f"{s['held_out_rl']:.4f} |")
    lines += ["", ("HELD_OUT days were never used for training or for choosing the checkpoint. `python "
                   "benchmarks/bidding.py` gives the full comparison (PID, best alpha in hindsight, violations, speed)."), ""]
    return "\n".join(lines)
