"""Agent benchmarks: the framework overhead of a merchant turn, and the autopilot over simulated days.

1. turn: an offline merchant turn "goal -> plan awaiting approval" on a seeded shop, wall time
   split into time inside MCP tool calls (the servers and models) and the rest (LangGraph, the
   bridge, the offline model, checkpoints): the rest is the framework overhead. Median of N turns
   (fresh thread each). Target: overhead <= 300 ms.
2. autopilot: N simulated days of the autopilot (bids every step, diagnosis every day) on the demo
   shop, with the bare simulator's time for the same days (no agents) measured in the same run as
   the baseline. Target: 7 days of the demo shop <= 60 s.

Usage: python benchmarks/agents.py [--smoke] [--json]   (--smoke: tiny shop, 2 turns, 1 day)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.agent_session import agent_session  # noqa: E402
from market import SimMarket  # noqa: E402

GOAL = "这周总预算2万，整体ROI不低于3，全店推广"


async def _turns(world: Path, n: int, tmp: Path) -> dict[str, float]:
    totals, tools = [], []
    for i in range(n):
        db = shutil.copyfile(world, tmp / f"turn{i}.db")
        m = SimMarket.open(db)
        try:
            async with agent_session(m, tmp / f"turn{i}.ck.db") as s:
                spent = [0.0]
                original = s.toolbox.call

                async def timed(name: str, args: Any, *, allow: Any) -> Any:
                    t0 = time.perf_counter()
                    try:
                        return await original(name, args, allow=allow)
                    finally:
                        spent[0] += time.perf_counter() - t0

                s.toolbox.call = timed  # type: ignore[method-assign]
                t = time.perf_counter()
                out = await s.merchant(f"bench-{i}", GOAL)
                totals.append(time.perf_counter() - t)
                tools.append(spent[0])
                assert out.pending, "the turn must stop at the approval"
        finally:
            m.close()
    overhead = [a - b for a, b in zip(totals, tools, strict=True)]
    return {"turns": n, "turn_ms_p50": 1000 * statistics.median(totals), "tools_ms_p50": 1000 * statistics.median(tools),
            "overhead_ms_p50": 1000 * statistics.median(overhead), "overhead_ms_max": 1000 * max(overhead)}


async def _autopilot(world: Path, days: int, tmp: Path) -> dict[str, float]:
    bare = SimMarket.open(shutil.copyfile(world, tmp / "bare.db"))
    t = time.perf_counter()
    bare.advance(days * 48)
    sim_s = time.perf_counter() - t
    bare.close()
    m = SimMarket.open(shutil.copyfile(world, tmp / "auto.db"))
    try:
        async with agent_session(m, tmp / "auto.ck.db", auto_approve=True) as s:
            await s.merchant("goal", GOAL)
            t = time.perf_counter()
            out = await s.autopilot("bench", days)
            auto_s = time.perf_counter() - t
            shop = m.list_shops()[0].id
            start = m.now().step - days * 48
            total = m.report(shop, start_step=start)[0]
    finally:
        m.close()
    return {"days": days, "autopilot_s": auto_s, "bare_simulator_s": sim_s, "ratio_to_bare": auto_s / sim_s,
            "steps": out["steps_done"], "changes_applied": out["commits"], "marketing_cost_fen": total.total_marketing_cost_fen,
            "overall_roi": total.overall_roi or 0.0}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    profile, turns, days = ("tiny", 2, 1) if a.smoke else ("demo", 5, 7)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        world = tmp / "world.db"
        SimMarket.create(world, 7, profile, **({"history_days": 3} if a.smoke else {})).close()
        res = {"profile": profile, "turn": asyncio.run(_turns(world, turns, tmp)),
               "autopilot": asyncio.run(_autopilot(world, days, tmp))}
    res["target"] = {"turn_overhead_ms<=300": res["turn"]["overhead_ms_p50"] <= 300,
                     "autopilot_7_days_s<=60": res["autopilot"]["autopilot_s"] <= 60 if days == 7 else None}
    if a.json:
        print(json.dumps(res, indent=2))
        return
    t, ap = res["turn"], res["autopilot"]
    print(f"profile {profile}")
    print(f"merchant turn (goal -> plan awaiting approval), median of {t['turns']}: {t['turn_ms_p50']:.0f} ms, of which "
          f"tools {t['tools_ms_p50']:.0f} ms, framework overhead {t['overhead_ms_p50']:.0f} ms (max {t['overhead_ms_max']:.0f})")
    print(f"autopilot {ap['days']} days: {ap['autopilot_s']:.1f} s vs the bare simulator {ap['bare_simulator_s']:.1f} s "
          f"({ap['ratio_to_bare']:.2f}x); {ap['changes_applied']} changes applied; cost {ap['marketing_cost_fen'] / 100:,.0f} "
          f"yuan, overall ROI {ap['overall_roi']:.2f}")
    print(f"targets: {res['target']}")


if __name__ == "__main__":
    main()
