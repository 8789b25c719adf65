"""The `zhanggui` command line: `sim seed|advance|event|report`, `chat`, `run` (autopilot), `serve`, `demo`.

Each command is a thin shell over `SimMarket` (or `app.demo.run_demo`). A market error is the
caller's to fix, so it is one red line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from market.clock import STEPS_PER_DAY
from market.sim.config import Profile
from market.types import EventKind, ReportGroup

from app.demo import run_demo
from app.errors import MARKET_ERROR_EXIT, market_errors
from app.operator import approvals_app, policy_app
from app.ledger_view import first_shop, load_report, report_window, view_table, window_text
from app.progress import step_progress
from app.render import make_console
from app.settings import get_settings
from app.worlds import count_products, open_world, seed_world_file

__all__ = ["app", "chat", "demo", "main", "market_errors", "run_cmd", "serve", "sim_advance", "sim_app", "sim_event",
           "sim_report", "sim_seed", "train_app", "train_bidding"]

app = typer.Typer(help="Zhanggui (掌柜): an AI store manager and its simulated marketplace.", no_args_is_help=True)
sim_app = typer.Typer(help="Seed, run and read the simulated market.", no_args_is_help=True)
app.add_typer(sim_app, name="sim")
train_app = typer.Typer(help="Train the learned models from the simulator: a checkpoint and its card.",
                        no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(approvals_app, name="approvals")
app.add_typer(policy_app, name="policy")

_MAX_SEED = 2**31 - 1

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Market SQLite file \\[default: $ZHANGGUI_DB or ~/.local/share/zhanggui/market.db]."),
]
SeedOption = Annotated[
    int, typer.Option("--seed", min=0, max=_MAX_SEED, help="World seed: the same seed gives the same world.")
]


def _db(db: Path | None) -> Path:
    return db if db is not None else get_settings().db


@sim_app.command("seed")
def sim_seed(
    db: DbOption = None,
    seed: SeedOption = 7,
    profile: Annotated[
        Profile, typer.Option(help="World size: tiny (tests), demo (one shop), market (five shops).")
    ] = "demo",
    force: Annotated[
        bool, typer.Option("--force", help="Delete an existing database (and its -wal/-shm) first.")
    ] = False,
) -> None:
    """Create a new simulated world and its history."""
    path = _db(db)
    out, err = make_console(), make_console(stderr=True)
    with market_errors():
        with step_progress(err, "Simulating history") as progress:
            market = seed_world_file(path, seed, profile, force=force, progress=progress)
        with closing(market):
            shops = market.list_shops()
            products = sum(count_products(market, s.id) for s in shops)
            now = market.now()
            out.print(f"Seeded {path} (profile {profile}, seed {seed}): {len(shops)} shop(s), {products} products, "
                      f"now {now.label()} (step {now.step}).", markup=False, soft_wrap=True)


@sim_app.command("advance")
def sim_advance(
    db: DbOption = None,
    days: Annotated[int | None, typer.Option(min=0, help="Simulated days to run (48 steps each).")] = None,
    steps: Annotated[int | None, typer.Option(min=0, help="Half-hour steps to run.")] = None,
) -> None:
    """Run the simulated clock forward."""
    if days is not None and steps is None:
        n = days * STEPS_PER_DAY
    elif steps is not None and days is None:
        n = steps
    else:
        raise typer.BadParameter("give exactly one of --days or --steps", param_hint="'--days' / '--steps'")
    out, err = make_console(), make_console(stderr=True)
    with market_errors(), closing(open_world(_db(db))) as market:
        with step_progress(err, f"Simulating {n} steps", enabled=n > STEPS_PER_DAY) as progress:
            now = market.advance(n, progress=progress)
        out.print(f"Advanced {n} steps: now {now.label()} (step {now.step}).", markup=False, soft_wrap=True)


@sim_app.command("event")
def sim_event(
    kind: Annotated[EventKind, typer.Argument(help="What happens in the market.")],
    params: Annotated[str, typer.Option(
        "--params", help="""The kind's parameters as a JSON object, e.g. '{"category": "food", "pct": 0.2}'.""",
    )],
    db: DbOption = None,
    start: Annotated[int | None, typer.Option(min=0, help="Step it starts at \\[default: now].")] = None,
    end: Annotated[int | None, typer.Option(min=0, help="Step it ends at (exclusive) \\[default: never].")] = None,
    description: Annotated[str, typer.Option(help="What the event is, in words (kept as ground truth).")] = "",
) -> None:
    """Inject a market event (ground truth for diagnosis) and print its id."""
    parsed = _json_object(params)
    with market_errors(), closing(open_world(_db(db))) as market:
        begin = market.now().step if start is None else start
        ev = market.inject_event(kind, begin, parsed, end_step=end, description=description)
        typer.echo(ev.id)


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"not valid JSON ({exc})", param_hint="'--params'") from None
    if not isinstance(value, dict):
        raise typer.BadParameter("must be a JSON object such as '{\"pct\": 0.2}'", param_hint="'--params'")
    return value


@sim_app.command("report")
def sim_report(
    db: DbOption = None,
    shop: Annotated[str | None, typer.Option(help="Shop id \\[default: the first shop].")] = None,
    days: Annotated[int, typer.Option(min=1, help="The last N days up to now (the current one partial).")] = 7,
    by: Annotated[ReportGroup, typer.Option(help="Group rows by this.")] = "day",
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows and totals as JSON instead.")] = False,
) -> None:
    """The ledger report (一本账): rows by one grouping plus the market's totals."""
    out = make_console()
    with market_errors(), closing(open_world(_db(db))) as market:
        the_shop = market.get_shop(shop) if shop else first_shop(market)
        start, end = report_window(market.now(), days)
        view = load_report(market, the_shop.id, start, end, by)
        if as_json:
            typer.echo(view.model_dump_json(indent=2))
            return
        title = f"{the_shop.name_zh} ({the_shop.id}) by {by}: {window_text(start, end)}"
        out.print(view_table(market, view, title=title))


@app.command("demo")
def demo(
    db: Annotated[Path | None, typer.Option(
        "--db", help="Demo SQLite file, recreated on every run "
        "\\[default: $ZHANGGUI_DEMO_DB or ~/.local/share/zhanggui/demo.db].",
    )] = None,
    seed: SeedOption = 7,
    profile: Annotated[Profile, typer.Option(hidden=True)] = "demo",
) -> None:
    """Recreate the demo world, run one simulated week with a known event, and report it."""
    with market_errors():
        run_demo(db if db is not None else get_settings().demo_db, seed, profile, make_console(),
                 make_console(stderr=True))


@app.command("serve")
def serve(
    name: Annotated[str, typer.Argument(help="ads, coupons, creators, shop, or all (every server in one process).")],
    transport: Annotated[str, typer.Option(help="stdio (one local merchant) or http (bearer tokens).")] = "stdio",
    host: Annotated[str, typer.Option(help="HTTP bind address.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="HTTP port.")] = 8000,
    db: DbOption = None,
    shop: Annotated[str | None, typer.Option(help="stdio: the merchant's shop id \\[default: $ZHANGGUI_SHOP].")] = None,
    tokens_file: Annotated[Path | None, typer.Option(help="http: tokens JSON \\[default: $ZHANGGUI_TOKENS_FILE].")] = None,
) -> None:
    """Serve MCP tools over stdio or streamable HTTP (see the README for client configs)."""
    from mcp_servers.serve import SERVERS, run

    if name != "all" and name not in SERVERS:
        raise typer.BadParameter(f"use one of: {', '.join([*SERVERS, 'all'])}", param_hint="NAME")
    if transport not in ("stdio", "http"):
        raise typer.BadParameter("use stdio or http", param_hint="'--transport'")
    with market_errors():
        try:
            run(name, transport=transport, db=_db(db), shop=shop, host=host, port=port,  # type: ignore[arg-type]
                tokens_file=tokens_file)
        except ValueError as exc:
            make_console(stderr=True).print(f"error: {exc}", style="red", markup=False)
            raise typer.Exit(MARKET_ERROR_EXIT) from None


LlmOption = Annotated[str, typer.Option(
    "--llm", help="offline (the built-in model, no key) or openai (any OpenAI-compatible endpoint: "
    "ZHANGGUI_LLM_BASE_URL, ZHANGGUI_LLM_MODEL, ZHANGGUI_LLM_API_KEY).")]
CheckpointsOption = Annotated[Path | None, typer.Option(
    "--checkpoints", help="Agents' checkpoint file \\[default: $ZHANGGUI_CHECKPOINTS or ~/.local/share/zhanggui/agents.db].")]


def _llm(llm: str) -> Literal["offline", "openai"]:
    if llm not in ("offline", "openai"):
        raise typer.BadParameter("use offline or openai", param_hint="'--llm'")
    return llm  # type: ignore[return-value]


@app.command("chat")
def chat(
    db: DbOption = None,
    thread: Annotated[str, typer.Option(help="Conversation id; the same id resumes a conversation.")] = "main",
    as_buyer: Annotated[bool, typer.Option("--as-buyer", help="Talk to customer service as a buyer.")] = False,
    llm: LlmOption = "offline",
    checkpoints: CheckpointsOption = None,
) -> None:
    """Chat with the store manager (goals, plans, approvals, ledger, diagnosis) or, --as-buyer, customer service."""
    from app.chat import run_chat

    with market_errors():
        run_chat(_db(db), checkpoints or get_settings().checkpoints, thread=thread,
                 role="buyer" if as_buyer else "merchant", llm=_llm(llm), out=make_console())


@app.command("run")
def run_cmd(
    days: Annotated[int, typer.Option(min=1, max=90, help="Simulated days to run.")] = 7,
    resume: Annotated[bool, typer.Option(help="Continue the thread's unfinished run instead of starting one.")] = False,
    db: DbOption = None,
    thread: Annotated[str, typer.Option(help="Autopilot run id (checkpointed).")] = "autopilot",
    llm: LlmOption = "offline",
    checkpoints: CheckpointsOption = None,
) -> None:
    """Autopilot: bid every simulated step through the policy tools, diagnose every day, report."""
    from app.autopilot import run_autopilot

    with market_errors():
        run_autopilot(_db(db), checkpoints or get_settings().checkpoints, days=None if resume else days, thread=thread,
                      llm=_llm(llm), out=make_console(), err=make_console(stderr=True))


@train_app.command("bidding")
def train_bidding(
    out: Annotated[Path | None, typer.Option(
        "--out", help="Checkpoint file; the card is written next to it (.md) "
        "\\[default: models/bidding/checkpoints/rl_bidder.pt].")] = None,
    seed: Annotated[int, typer.Option(
        min=0, max=_MAX_SEED, help="Training seed: the same seed and data give the same run.")] = 0,
    time_budget: Annotated[float, typer.Option(
        "--time-budget", min=1.0, help="Minutes for the whole command (data, training, final evaluation).")] = 19.0,
    smoke: Annotated[bool, typer.Option(
        "--smoke", help="Two iterations on a tiny world (checks the pipeline; not a real model).")] = False,
) -> None:
    """Train the RL bidder on the TRAIN advertiser-days by evolution strategies; held-out days are only reported."""
    from models.bidding.rl import CHECKPOINT
    from models.training.bidding_rl import run_training

    err = make_console(stderr=True)
    path = out if out is not None else CHECKPOINT
    command = f"zhanggui train bidding --seed {seed} --time-budget {time_budget:g}" + (" --smoke" if smoke else "")
    report = run_training(path, seed=seed, time_budget_s=time_budget * 60.0, smoke=smoke, command=command,
                          progress=lambda m: err.print(m, markup=False, soft_wrap=True))
    s = report.scores
    make_console().print(f"Wrote {path} and {path.with_suffix('.md').name}: score / oracle on TRAIN validation "
                         f"MPC {s['val_mpc']:.3f} -> RL {s['val_rl']:.3f} ({report.iterations} iterations, "
                         f"{report.seconds:.0f} s).", markup=False, soft_wrap=True)


def main() -> None:
    """Console-script entry point (`zhanggui`)."""
    app()
