"""`zhanggui run --days N`: the autopilot over simulated time, with a progress bar and a line per day."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from rich.console import Console

from app.agent_session import AgentSession, LLMChoice, agent_session, make_model
from app.progress import step_progress
from app.render import roi_text, yuan
from market.simulator import SimMarket

__all__ = ["day_line", "run_autopilot", "run_days"]


def day_line(report: dict[str, Any]) -> str:
    """One simulated day of the autopilot: the day's totals and what the diagnosis found."""
    t = report.get("totals") or {}
    diag = report.get("diagnosis") or {}
    causes = diag.get("causes") or []
    found = "; ".join(f"{c.get('cause')} @ {c.get('dimension')}={c.get('value')}" for c in causes[:3]) or str(diag.get("summary", ""))
    return (f"Day {report['day']}: GMV {yuan(int(t.get('gmv_fen', 0)))}, marketing cost "
            f"{yuan(int(t.get('total_marketing_cost_fen', 0)))}, ROI {roi_text(t.get('overall_roi'))}. Diagnosis: {found}")


async def run_days(session: AgentSession, thread: str, days: int | None, err: Console, out: Console,
                   lang: str = "zh") -> dict[str, Any]:
    """Run (or, days None, resume) the autopilot on an open session, printing a line per day."""
    with step_progress(err, "Autopilot") as progress:
        return await session.autopilot(thread, days, progress=progress, lang=lang,
                                       on_day=lambda r: out.print(day_line(r), markup=False, soft_wrap=True))


def run_autopilot(db: Path, checkpoints: Path, *, days: int | None, thread: str, llm: LLMChoice, out: Console,
                  err: Console) -> dict[str, Any]:
    market = SimMarket.open(db)

    async def main() -> dict[str, Any]:
        async with agent_session(market, checkpoints, model=make_model(llm)) as session:
            return await run_days(session, thread, days, err, out)

    try:
        result = asyncio.run(main())
    finally:
        market.close()
    waiting = result.get("waiting") or []
    out.print(f"Autopilot: {result.get('steps_done', 0)} steps, {result.get('commits', 0)} changes applied within your "
              f"auto-approve limit, {len(waiting)} waiting in `zhanggui approvals list`.", markup=False, soft_wrap=True)
    return result
