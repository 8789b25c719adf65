"""Propose -> commit under random sequences and real concurrency: caps hold, nothing applies twice."""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from mcp.server.mcpserver.exceptions import ToolError

import mcp_servers.ads  # noqa: F401  (registers the ads actions)
from market import SimMarket
from market.types.policy import SpendPolicy
from mcp_servers import governance as gov

POLICY = SpendPolicy(max_campaign_daily_budget_fen=120_000, max_total_daily_budget_fen=400_000,
                     max_budget_change_pct=0.6, auto_approve_spend_fen=60_000)

op = hs.one_of(
    hs.tuples(hs.just("budget"), hs.integers(0, 9), hs.integers(1_000, 200_000)),
    hs.tuples(hs.just("status"), hs.integers(0, 9), hs.sampled_from(["active", "paused"])),
    hs.tuples(hs.just("commit"), hs.integers(0, 30), hs.integers(0, 3)),
    hs.tuples(hs.just("approve"), hs.integers(0, 30), hs.just(0)),
    hs.tuples(hs.just("advance"), hs.integers(1, 3), hs.just(0)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=hs.lists(op, min_size=5, max_size=30))
def test_random_sequences_keep_caps_and_apply_once(server_world_file: Path, tmp_path_factory: object, ops: list) -> None:
    path = Path(str(tmp_path_factory.mktemp("gov"))) / "w.db"  # type: ignore[attr-defined]
    shutil.copyfile(server_world_file, path)
    m = SimMarket.open(path)
    shop = m.list_shops()[0].id
    m.changes.set_spend_policy(shop, POLICY, operator="test")
    camps = m.list_campaigns(shop)
    # Start inside the policy: every campaign within the per-plan cap, paused.
    for c in camps:
        m.update_campaign(shop, c.id, {"daily_budget_fen": min(c.daily_budget_fen, 100_000), "status": "paused"})
    plans: list[dict] = []
    for kind, a, b in ops:
        try:
            if kind == "budget":
                c = camps[a % len(camps)]
                plans.append(gov.propose(m, shop, "update_campaign", "update_campaign",
                                         {"campaign_id": c.id, "changes": {"daily_budget_fen": b}}).model_dump())
            elif kind == "status":
                c = camps[a % len(camps)]
                plans.append(gov.propose(m, shop, "update_campaign", "update_campaign",
                                         {"campaign_id": c.id, "changes": {"status": b}}).model_dump())
            elif kind == "commit" and plans:
                p = plans[a % len(plans)]
                gov.commit(m, shop, p["plan_id"], p["checksum"], f"key-{p['plan_id']}-{b}")
            elif kind == "approve" and plans:
                gov.approve_plan(m, shop, plans[a % len(plans)]["plan_id"], operator="owner")
            elif kind == "advance":
                m.advance(a)
        except ToolError:
            pass  # refusals are expected; the invariants below must hold regardless
        except Exception as exc:  # market Conflict from approving a decided plan is fine too
            if type(exc).__name__ not in ("Conflict",):
                raise
        # Invariants after every operation.
        current = m.list_campaigns(shop, limit=200)
        assert all(c.daily_budget_fen <= POLICY.max_campaign_daily_budget_fen for c in current
                   if c.id in {x.id for x in camps} and c.status == "active")
        assert m.changes.active_budget_total(shop) <= POLICY.max_total_daily_budget_fen
    commits = Counter(e["plan_id"] for e in m.changes.audit_log(shop, limit=200) if e["event"] == "committed")
    assert all(n == 1 for n in commits.values())
    committed = {p["id"] for p in m.changes.plans(shop, status="committed", limit=200)}
    assert committed == set(commits)
    m.close()


def test_concurrent_commits_of_one_plan_apply_it_once(server_world_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    shutil.copyfile(server_world_file, path)
    owner = SimMarket.open(path)
    shop = owner.list_shops()[0].id
    camp = owner.list_campaigns(shop)[0]
    plan = gov.propose(owner, shop, "update_campaign", "update_campaign",
                       {"campaign_id": camp.id, "changes": {"bid_multiplier": 1.25}})
    results: list[object] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        m = SimMarket.open(path)  # its own connection, as another server process would have
        try:
            r = gov.commit(m, shop, plan.plan_id, plan.checksum, f"key-{i}")
            with lock:
                results.append(r.replayed)
        except ToolError as exc:
            with lock:
                results.append(str(exc))
        finally:
            m.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(False) == 1 and results.count(True) == 7
    commits = [e for e in owner.changes.audit_log(shop, limit=200) if e["event"] == "committed"]
    assert len(commits) == 1
    assert owner.get_campaign(shop, camp.id).bid_multiplier == 1.25
    owner.close()
