"""The operator channel: approvals and the spend policy, changed only from the merchant's CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp.server.mcpserver.exceptions import ToolError
from typer.testing import CliRunner

import mcp_servers.ads  # noqa: F401  (registers the ads actions)
from app.cli import app
from market import SimMarket
from mcp_servers import governance as gov

runner = CliRunner()


@pytest.fixture
def world(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path / "w.db"
    m = SimMarket.create(path, 3, "tiny", history_days=0)
    m.close()
    return path


def _big_plan(m: SimMarket) -> gov.PlanView:
    shop = m.list_shops()[0].id
    camp = m.list_campaigns(shop)[0]
    m.update_campaign(shop, camp.id, {"status": "paused", "daily_budget_fen": 200_000})
    return gov.propose(m, shop, "update_campaign", "update_campaign",
                       {"campaign_id": camp.id, "changes": {"status": "active"}})


def test_approve_from_the_cli_then_commit(world: Path) -> None:
    m = SimMarket.open(world)
    plan = _big_plan(m)
    assert plan.needs_approval
    listed = runner.invoke(app, ["approvals", "list", "--db", str(world)])
    assert listed.exit_code == 0 and plan.plan_id in listed.output
    with pytest.raises(ToolError, match="approval"):
        gov.commit(m, m.list_shops()[0].id, plan.plan_id, plan.checksum, "k")
    ok = runner.invoke(app, ["approvals", "approve", plan.plan_id, "--as", "店主", "--db", str(world)])
    assert ok.exit_code == 0, ok.output
    done = gov.commit(m, m.list_shops()[0].id, plan.plan_id, plan.checksum, "k")
    assert done.result["status"] == "active"
    again = runner.invoke(app, ["approvals", "approve", plan.plan_id, "--as", "店主", "--db", str(world)])
    assert again.exit_code == 2  # already committed: nothing to decide
    m.close()


def test_reject_from_the_cli(world: Path) -> None:
    m = SimMarket.open(world)
    plan = _big_plan(m)
    res = runner.invoke(app, ["approvals", "reject", plan.plan_id, "--as", "店主", "--note", "预算不够",
                              "--db", str(world)])
    assert res.exit_code == 0
    with pytest.raises(ToolError, match="预算不够"):
        gov.commit(m, m.list_shops()[0].id, plan.plan_id, plan.checksum, "k")
    m.close()


def test_policy_set_and_bad_input_changes_nothing(world: Path) -> None:
    ok = runner.invoke(app, ["policy", "set", "min_roi_goal=1.8", "auto_approve_spend_fen=1000", "--as", "店主",
                             "--db", str(world)])
    assert ok.exit_code == 0, ok.output
    m = SimMarket.open(world)
    shop = m.list_shops()[0].id
    assert m.changes.spend_policy(shop).min_roi_goal == 1.8
    before = m.digest()
    for bad in (["colour=red"], ["min_roi_goal=abc"], ["min_roi_goal"]):
        res = runner.invoke(app, ["policy", "set", *bad, "--as", "店主", "--db", str(world)])
        assert res.exit_code == 2
    assert m.digest() == before
    shown = runner.invoke(app, ["policy", "show", "--db", str(world)])
    assert "1.8" in shown.output
    m.close()
