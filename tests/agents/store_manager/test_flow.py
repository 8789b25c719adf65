"""The store manager with the offline model on the real tool servers: outcomes asserted on the market."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.store_manager.approvals import ApprovalAnswer
from app.agent_session import agent_session
from market import SimMarket

pytestmark = pytest.mark.anyio

GOAL = "budget 5000 yuan this week, overall ROI at least 2.5, all products"


def _audit(m: SimMarket, shop: str) -> list[dict]:
    rows: list[dict] = []
    while True:
        page = m.changes.audit_log(shop, after_id=rows[-1]["id"] if rows else 0, limit=200)
        rows += page
        if len(page) < 200:
            return rows


async def _approve_all(s, thread: str, pending: list[dict]) -> list[dict]:  # noqa: ANN001
    rounds = 0
    while pending:
        rounds += 1
        assert rounds < 5
        pending = (await s.decide(thread, ApprovalAnswer(approve=[p["plan_id"] for p in pending]))).pending
    return pending


async def test_a_goal_becomes_one_live_plan_within_budget(world: SimMarket, tmp_path: Path) -> None:
    shop = world.list_shops()[0].id
    before = {c.id for c in world.list_campaigns(shop, status="active")}
    async with agent_session(world, tmp_path / "ck.db") as s:
        first = await s.merchant("t", GOAL)
        assert first.state["goal"]["budget_fen"] == 500_000 and first.state["goal"]["roi_target"] == 2.5
        assert first.state["plan"]["spend_fen"] <= 500_000
        assert first.pending, "launching spends money: the merchant must approve"
        # Creating a paused plan or pausing old ones adds no spend (auto-approved); nothing goes live before approval.
        assert not [p for p in world.list_overall_plans(shop) if p.status == "active"]
        await _approve_all(s, "t", first.pending)
    plans = world.list_overall_plans(shop)
    assert len(plans) == 1 and plans[0].status == "active" and plans[0].roi_goal == 2.5
    assert plans[0].daily_budget_fen * 7 <= 500_000
    # The new plan carries the whole goal: the shop's older campaigns are paused.
    assert all(world.get_campaign(shop, c).status == "paused" for c in before)


async def test_rejected_plans_change_nothing(world: SimMarket, tmp_path: Path) -> None:
    shop = world.list_shops()[0].id
    digest_campaigns = [(c.id, c.status) for c in world.list_campaigns(shop)]
    async with agent_session(world, tmp_path / "ck.db") as s:
        first = await s.merchant("t", GOAL)
        out = await s.decide("t", ApprovalAnswer(reject=[p["plan_id"] for p in first.pending]))
    assert out.pending == []
    assert all(out.state["decisions"][p["plan_id"]] == "rejected" for p in first.pending)
    committed = {c["plan_id"] for c in out.state["commits"]}
    assert not committed & {p["plan_id"] for p in first.pending}
    assert not [p for p in world.list_overall_plans(shop) if p.status == "active"]
    assert [(c.id, c.status) for c in world.list_campaigns(shop)] == digest_campaigns


async def test_approval_survives_a_restart_and_commits_once(world: SimMarket, tmp_path: Path) -> None:
    shop = world.list_shops()[0].id
    ck = tmp_path / "ck.db"
    async with agent_session(world, ck) as s:
        first = await s.merchant("t", GOAL)
    ids = [p["plan_id"] for p in first.pending]
    async with agent_session(world, ck) as s:  # a new process: new toolbox, same checkpoints
        assert [p["plan_id"] for p in await s.waiting("t")] == ids
        await _approve_all(s, "t", await s.waiting("t"))
        # Resuming again has nothing left to do and applies nothing twice.
        assert await s.waiting("t") == []
    commits = [e for e in _audit(world, shop) if e["event"] == "committed"]
    assert len(commits) == len({e["plan_id"] for e in commits})
    assert commits and set(ids) <= {e["plan_id"] for e in commits}
    approvals = [e for e in _audit(world, shop) if e["event"] == "approved"]
    assert {e["plan_id"] for e in approvals} >= set(ids) and all(e["actor"].startswith("operator:") for e in approvals)


async def test_words_in_chinese_with_chinese_numerals(world: SimMarket, tmp_path: Path) -> None:
    async with agent_session(world, tmp_path / "ck.db") as s:
        out = await s.merchant("t", "本周预算一万五，投产比不低于2.5，全店推广")
    assert out.state["goal"] == {"budget_fen": 1_500_000, "roi_target": 2.5, "product_ids": out.state["goal"]["product_ids"],
                                 "horizon_days": 7, "objective": "gmv"}
    assert out.state["lang"] == "zh"


async def test_ledger_numbers_are_the_markets(world: SimMarket, tmp_path: Path) -> None:
    shop = world.list_shops()[0].id
    async with agent_session(world, tmp_path / "ck.db") as s:
        out = await s.merchant("t", "show me the ledger for the last 2 days")
    total = out.state["ledger"]["total"]
    now = world.now().step
    assert total["gmv_fen"] == world.report(shop, start_step=max(0, now - 96))[0].gmv_fen
    assert out.state["route"] == "ledger" and out.pending == []


async def test_missing_budget_is_asked_not_guessed(world: SimMarket, tmp_path: Path) -> None:
    async with agent_session(world, tmp_path / "ck.db") as s:
        out = await s.merchant("t", "I want an overall ROI of 3 this week")
    assert out.state["route"] == "reply" and out.state["goal"] is None and out.reply


def test_launch_splits_the_budget_under_the_merchants_per_plan_cap() -> None:
    from agents.offline.roles.bidding import _split

    products = [{"product_id": f"p{i}", "daily_budget_fen": b} for i, b in enumerate([400, 300, 250, 900, 50])]
    groups = _split(products, 500)
    assert all(sum(p["daily_budget_fen"] for p in g) <= 500 for g in groups)
    assert sorted(p["product_id"] for g in groups for p in g) == [f"p{i}" for i in range(5)]
    assert len(groups) == 4  # 500 (p3 capped), 400+50, 300, 250
