"""The `zhanggui` CLI against real SQLite worlds (profile tiny), checked against SimMarket itself.

Every number the CLI prints is compared with what `SimMarket.report` says on the same file.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from app.cli import app
from app.ledger_view import report_window
from app.render import yuan
from app.settings import get_settings
from market.clock import STEPS_PER_DAY, SimTime
from market.simulator import SimMarket
from market.types import ReportGroup, ReportRow

ROOT = Path(__file__).resolve().parents[2]
TINY_HISTORY = 2 * STEPS_PER_DAY  # the tiny profile simulates two days of history
# A fixed wide terminal and no forced colour, so the table's lines are stable to parse.
runner = CliRunner(env={"COLUMNS": "250", "FORCE_COLOR": None, "TTY_COMPATIBLE": None})

ADDITIVE = (
    "impressions", "clicks", "conversions", "orders", "gmv_fen", "refund_fen", "settled_gmv_fen", "ad_spend_fen",
    "coupon_fen", "creator_fee_fen", "creator_commission_fen", "total_marketing_cost_fen", "platform_fee_fen",
    "cogs_fen", "net_profit_fen",
)


def zg(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


@contextmanager
def opened(path: Path) -> Iterator[SimMarket]:
    with closing(SimMarket.open(path)) as market:
        yield market


def digest(path: Path) -> str:
    with opened(path) as market:
        return market.digest()


def market_totals(path: Path, start: int, end: int) -> ReportRow:
    with opened(path) as market:
        shop = market.list_shops()[0].id
        (row,) = market.report(shop, start_step=start, end_step=end)
        return row


def fen(text: str) -> int:
    """'¥1,234.50' -> 123450, '-¥0.05' -> -5."""
    m = re.fullmatch(r"(-?)¥([\d,]+)\.(\d\d)", text)
    assert m, f"not a yuan amount: {text!r}"
    value = int(m.group(2).replace(",", "")) * 100 + int(m.group(3))
    return -value if m.group(1) else value


def total_cells(output: str) -> dict[str, str]:
    """The table's totals line, keyed by the header above it."""
    lines = output.splitlines()
    header = next(line for line in lines if "GMV" in line and "Net profit" in line)
    names = re.split(r"\s{2,}", header.strip())[1:]
    total = next(line for line in lines if line.strip().startswith("Total"))
    cells = re.split(r"\s{2,}", total.strip())[1:]
    assert len(cells) == len(names), (names, cells)
    return dict(zip(names, cells, strict=True))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One tiny world for the whole module; tests that change a world use `world`, a copy."""
    path = tmp_path_factory.mktemp("seeded") / "market.db"
    result = zg("sim", "seed", "--db", path, "--profile", "tiny", "--seed", "7")
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def world(seeded: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded world (SQLite's backup API, so WAL content comes along)."""
    path = tmp_path / "world.db"
    with closing(sqlite3.connect(seeded)) as src, closing(sqlite3.connect(path)) as dst:
        src.backup(dst)
    return path


# ---- formatting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "text"), [(0, "¥0.00"), (5, "¥0.05"), (123450, "¥1,234.50"),
                                              (-5, "-¥0.05"), (-123456789, "-¥1,234,567.89")])
def test_yuan(amount: int, text: str) -> None:
    assert yuan(amount) == text
    assert fen(text) == amount


def test_report_window_covers_last_days_up_to_now() -> None:
    assert report_window(SimTime(96), 7) == (0, 96)
    assert report_window(SimTime(96), 1) == (48, 96)  # at midnight the new day has no steps yet
    assert report_window(SimTime(100), 1) == (96, 100)
    assert report_window(SimTime(10 * STEPS_PER_DAY + 3), 7) == (4 * STEPS_PER_DAY, 10 * STEPS_PER_DAY + 3)


# ---- seed ----------------------------------------------------------------------------------------


def test_seed_summarises_the_new_world(seeded: Path) -> None:
    with opened(seeded) as market:
        now = market.now()
        shops = market.list_shops()
        products = market.list_products(shops[0].id, limit=200)
    assert now.step == TINY_HISTORY
    # The summary line was printed by the fixture's run; a fresh copy reseeded shows the same facts.
    result = zg("sim", "seed", "--db", seeded.with_name("again.db"), "--profile", "tiny")
    assert result.exit_code == 0, result.output
    numbers = re.search(r"(\d+) shop\(s\), (\d+) products, .*\(step (\d+)\)", result.stdout)
    assert numbers, result.stdout
    assert tuple(map(int, numbers.groups())) == (len(shops), len(products), now.step)
    assert digest(seeded.with_name("again.db")) == digest(seeded)


def test_seed_twice_without_force_changes_nothing(seeded: Path) -> None:
    before = digest(seeded)
    result = zg("sim", "seed", "--db", seeded, "--profile", "tiny", "--seed", "8")
    assert result.exit_code == 2
    assert "already holds a world" in result.stderr
    assert "--force" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert digest(seeded) == before


def test_force_reseeds(world: Path, seeded: Path) -> None:
    assert zg("sim", "advance", "--db", world, "--steps", "3").exit_code == 0
    assert digest(world) != digest(seeded)
    result = zg("sim", "seed", "--db", world, "--profile", "tiny", "--seed", "7", "--force")
    assert result.exit_code == 0, result.output
    with opened(world) as market:
        assert market.now().step == TINY_HISTORY
    assert digest(world) == digest(seeded)  # same seed and profile: the same world again


def test_seed_rejects_a_bad_profile(tmp_path: Path) -> None:
    result = zg("sim", "seed", "--db", tmp_path / "x.db", "--profile", "huge")
    assert result.exit_code == 2
    assert not (tmp_path / "x.db").exists()


# ---- report --------------------------------------------------------------------------------------


def test_report_table_shows_the_market_totals(seeded: Path) -> None:
    result = zg("sim", "report", "--db", seeded)
    assert result.exit_code == 0, result.output
    totals = market_totals(seeded, 0, TINY_HISTORY)
    assert yuan(totals.gmv_fen) in result.stdout
    cells = total_cells(result.stdout)
    assert fen(cells["GMV"]) == totals.gmv_fen
    assert fen(cells["Refunds"]) == totals.refund_fen
    assert fen(cells["Ad spend"]) == totals.ad_spend_fen
    assert fen(cells["Coupons"]) == totals.coupon_fen
    assert fen(cells["Creators"]) == totals.creator_fee_fen + totals.creator_commission_fen
    assert fen(cells["Mkt cost"]) == totals.total_marketing_cost_fen
    assert fen(cells["Net profit"]) == totals.net_profit_fen
    assert int(cells["Impr."].replace(",", "")) == totals.impressions
    assert int(cells["Orders"].replace(",", "")) == totals.orders
    assert totals.overall_roi is not None
    assert float(cells["ROI"]) == pytest.approx(totals.overall_roi, abs=0.005)


@pytest.mark.parametrize("by", ["product", "campaign"])
def test_report_resolves_names(seeded: Path, by: ReportGroup) -> None:
    result = zg("sim", "report", "--db", seeded, "--by", by)
    assert result.exit_code == 0, result.output
    with opened(seeded) as market:
        shop = market.list_shops()[0].id
        ids = [v for r in market.report(shop, group_by=[by]) if isinstance(v := r.group[by], str)]
        names = [market.get_product(shop, i).title_zh if by == "product" else market.get_campaign(shop, i).name
                 for i in ids]
    assert ids
    for name in names:
        assert name in result.stdout


@pytest.mark.parametrize("by", ["day", "product", "channel", "campaign", "lever"])
def test_report_json_totals_are_the_markets(seeded: Path, by: str) -> None:
    result = zg("sim", "report", "--db", seeded, "--by", by, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    totals = market_totals(seeded, 0, TINY_HISTORY)
    assert (data["start_step"], data["end_step"], data["group_by"]) == (0, TINY_HISTORY, [by])
    assert data["totals"] == totals.model_dump(mode="json")
    for field in ADDITIVE:
        assert sum(row[field] for row in data["rows"]) == getattr(totals, field), field


def test_report_days_narrows_the_window(seeded: Path) -> None:
    data = json.loads(zg("sim", "report", "--db", seeded, "--days", "1", "--json").stdout)
    assert (data["start_step"], data["end_step"]) == (STEPS_PER_DAY, TINY_HISTORY)
    assert [row["group"] for row in data["rows"]] == [{"day": 1}]
    assert data["totals"] == market_totals(seeded, STEPS_PER_DAY, TINY_HISTORY).model_dump(mode="json")


def test_report_unknown_by_fails(seeded: Path) -> None:
    result = zg("sim", "report", "--db", seeded, "--by", "weather")
    assert result.exit_code != 0
    assert "weather" in result.output


def test_report_unknown_shop_is_one_red_line(seeded: Path) -> None:
    result = zg("sim", "report", "--db", seeded, "--shop", "shp_nope")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "shp_nope" in result.stderr


def test_missing_database_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nothing.db"
    result = zg("sim", "report", "--db", path)
    assert result.exit_code == 2
    assert "no market database" in result.stderr
    assert not path.exists()


def test_db_defaults_to_the_setting(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHANGGUI_DB", str(seeded))
    assert get_settings().db == seeded
    result = zg("sim", "report", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["totals"] == market_totals(seeded, 0, TINY_HISTORY).model_dump(mode="json")


def test_settings_defaults_expand_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZHANGGUI_DB", raising=False)
    monkeypatch.delenv("ZHANGGUI_DEMO_DB", raising=False)
    settings = get_settings()
    assert settings.db == Path.home() / ".local/share/zhanggui/market.db"
    assert settings.demo_db == Path.home() / ".local/share/zhanggui/demo.db"
    monkeypatch.setenv("ZHANGGUI_DEMO_DB", "~/x/demo.db")
    assert get_settings().demo_db == Path.home() / "x/demo.db"


# ---- advance and events ---------------------------------------------------------------------------


def test_advance_steps_and_days(world: Path) -> None:
    result = zg("sim", "advance", "--db", world, "--steps", "5")
    assert result.exit_code == 0, result.output
    with opened(world) as market:
        assert market.now().step == TINY_HISTORY + 5
    assert f"(step {TINY_HISTORY + 5})" in result.stdout
    assert zg("sim", "advance", "--db", world, "--days", "1").exit_code == 0
    with opened(world) as market:
        assert market.now().step == TINY_HISTORY + 5 + STEPS_PER_DAY


@pytest.mark.parametrize("args", [[], ["--days", "1", "--steps", "2"], ["--steps", "-1"]])
def test_advance_needs_one_amount(seeded: Path, args: list[str]) -> None:
    before = digest(seeded)
    assert zg("sim", "advance", "--db", seeded, *args).exit_code == 2
    assert digest(seeded) == before


def test_event_is_injected_now(world: Path) -> None:
    params = {"category": "food", "pct": 0.2}
    result = zg("sim", "event", "competitor_price_cut", "--db", world, "--params", json.dumps(params),
                "--end", str(TINY_HISTORY + 10), "--description", "rivals cut food prices")
    assert result.exit_code == 0, result.output
    with opened(world) as market:
        (event,) = market.list_events()
    assert result.stdout.strip() == event.id
    assert (event.kind, event.start_step, event.end_step) == ("competitor_price_cut", TINY_HISTORY, TINY_HISTORY + 10)
    assert event.params == params
    assert event.description == "rivals cut food prices"


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("competitor_price_cut", "{bad json"),
        ("competitor_price_cut", "[0.2]"),
        ("competitor_price_cut", '{"category": "food"}'),  # pct missing: the market says so
        ("competitor_price_cut", '{"category": "weather", "pct": 0.2}'),
        ("stock_out", '{"product_id": "prd_nope"}'),
        ("meteor_strike", '{"pct": 0.2}'),
    ],
)
def test_bad_event_changes_nothing(world: Path, kind: str, params: str) -> None:
    before = digest(world)
    result = zg("sim", "event", kind, "--db", world, "--params", params)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert digest(world) == before


def test_event_in_the_past_is_a_market_error(world: Path) -> None:
    before = digest(world)
    result = zg("sim", "event", "promo_spike", "--db", world, "--params", '{"multiplier": 2}', "--start", "3")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: start_step 3 is in the past")
    assert digest(world) == before


# ---- demo and entry points --------------------------------------------------------------------------


def test_demo_lets_the_store_manager_run_a_week(world: Path, tmp_path: Path) -> None:
    demo_db = tmp_path / "demo.db"
    world.rename(demo_db)  # an old world at the path: the demo must recreate it, not refuse
    result = zg("demo", "--db", demo_db, "--profile", "tiny", "--seed", "7")
    assert result.exit_code == 0, result.output
    assert "Recreating the demo database" in result.stdout
    assert "Approvals are automatic in this demo" in result.stdout

    start, end = TINY_HISTORY, TINY_HISTORY + 7 * STEPS_PER_DAY
    with opened(demo_db) as market:
        assert market.now().step == end
        (event,) = market.list_events()
        shop = market.list_shops()[0].id
        approvals = [e for e in market.changes.audit_log(shop, limit=200) if e["event"] == "approved"]
    assert (event.kind, event.start_step, event.end_step) == (
        "competitor_bid_war", start + 2 * STEPS_PER_DAY, start + 4 * STEPS_PER_DAY)
    assert all(e["actor"].startswith("operator:") for e in approvals)
    week = market_totals(demo_db, start, end)

    # The outcome line is the market's numbers for the week, against the goal the merchant stated.
    outcome = next(line for line in result.stdout.splitlines() if line.startswith("Outcome against the goal"))
    cost = re.search(r"marketing cost (-?¥[\d,]+\.\d\d) of (¥[\d,]+\.\d\d)", outcome)
    assert cost and fen(cost.group(1)) == week.total_marketing_cost_fen
    assert ("within budget" in outcome) == (week.total_marketing_cost_fen <= fen(cost.group(2)))
    assert result.stdout.count("Day ") >= 7  # one autopilot line per simulated day
    assert "Buyer conversation" in result.stdout
    report = tmp_path / "demo-report.html"
    assert report.exists() and report.read_text(encoding="utf-8").count("<svg") == 5


def test_python_dash_m_app_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "app", "sim", "--help"], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=60)
    assert done.returncode == 0, done.stderr
    for command in ("seed", "advance", "event", "report"):
        assert command in done.stdout
