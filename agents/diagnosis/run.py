"""One diagnosis: every specialist on the two periods, then the synthesis over their findings."""

from __future__ import annotations

import json
import logging
from typing import Any

from agents.diagnosis.agent import SPECIALISTS, SYNTHESIS
from agents.runtime import ChatModel
from agents.runtime.loop import Toolbox
from agents.store_manager.subagent import SubagentResult, run_subagent

__all__ = ["diagnose"]

log = logging.getLogger(__name__)


async def diagnose(model: ChatModel, tools: Toolbox, periods: dict[str, list[int]], lang: str) -> SubagentResult:
    """`periods` = {"before": [start, end), "after": [start, end)}; the synthesis result carries every call made."""
    findings: list[Any] = []
    calls: list[dict[str, Any]] = []
    for spec in SPECIALISTS:
        r = await run_subagent(spec, model, tools, {"kind": "check", **periods}, lang)  # type: ignore[arg-type]
        calls += r.tool_calls
        try:
            findings += json.loads(r.text).get("findings", [])
        except (json.JSONDecodeError, AttributeError):
            log.info("%s answered without JSON findings", spec.name)
    synth = await run_subagent(SYNTHESIS, model, tools, {"kind": "synthesize", **periods, "findings": findings}, lang)  # type: ignore[arg-type]
    synth.tool_calls = calls + synth.tool_calls
    return synth
