"""The autopilot over simulated time: bids every step through the policy tools, a report per day, resumable."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.agent_session import agent_session
from market import SimMarket

pytestmark = pytest.mark.anyio


async def test_a_day_of_autopilot_then_resume_does_nothing_twice(world: SimMarket, tmp_path: Path) -> None:
    start = world.now().step
    days: list[dict] = []
    async with agent_session(world, tmp_path / "ck.db") as s:
        out = await s.autopilot("run", 1, on_day=days.append)
    assert world.now().step == start + 48
    assert out["steps_done"] == 48 and len(days) == 1 == len(out["days"])
    assert days[0]["totals"]["gmv_fen"] == world.report(world.list_shops()[0].id, start_step=start, end_step=start + 48)[0].gmv_fen
    assert "diagnosis" in days[0]
    async with agent_session(world, tmp_path / "ck.db") as s:  # restart: the run is complete, resuming moves nothing
        again = await s.autopilot("run", None)
    assert world.now().step == start + 48 and again["steps_done"] == 48
