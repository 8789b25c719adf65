"""The supervisor's own tools: how a model turns the merchant's words into one decision.

They are not MCP tools: the graph executes them (they route the turn). Approving or rejecting a
plan is deliberately not among them: a decision only comes from the merchant, through the
graph's interrupt and the approval channel.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from agents.runtime import ToolSpec
from agents.store_manager.goal import Goal

__all__ = ["CONTROL_TOOLS", "Delegate", "Reply", "ShowLedger"]


class Delegate(BaseModel):
    agent: Literal["bidding", "creative", "promotion", "diagnosis"] = Field(
        description="bidding: campaigns, plans, bids, pausing/boosting products. creative: titles and scripts. "
        "promotion: coupons and creators. diagnosis: why a KPI moved.")
    task: dict[str, Any] = Field(description="The sub-agent's JSON task (see each agent's kinds), e.g. "
                                 '{"kind":"pause_product","product_ids":["prd_..."]} or {"kind":"explain","days":1}.')


class ShowLedger(BaseModel):
    days: int = Field(default=7, ge=1, le=90, description="How many recent days the ledger (一本账) summary covers.")


class Reply(BaseModel):
    text: str = Field(description="The answer to the merchant, in the merchant's language.")
    missing: list[str] = Field(default_factory=list, description="What you need to know to act (asking for it).")


def _spec(name: str, description: str, model: type[BaseModel]) -> ToolSpec:
    return ToolSpec(name=name, description=description, parameters=model.model_json_schema())


CONTROL_TOOLS: tuple[ToolSpec, ...] = (
    _spec("set_goal", "The merchant set or changed the goal: total budget (fen), overall ROI target, products to push and "
          "horizon. The store manager then plans the budget across ads, coupons and creators and asks for approval.", Goal),
    _spec("delegate", "Hand a specific job to a specialist sub-agent.", Delegate),
    _spec("show_ledger", "Show the ledger (一本账): GMV, every marketing cost, overall ROI and profit over recent days.", ShowLedger),
    _spec("reply", "Answer without acting: greetings, help, or asking for what is missing.", Reply),
)
