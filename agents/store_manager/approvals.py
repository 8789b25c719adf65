"""How a merchant's approval reaches the tool servers: an operator channel, never a model's tool.

The graph stops at an interrupt with the plans that need the merchant; the shell (CLI chat, web
app, demo) resumes it with the merchant's answer, and the graph hands each decision to the
channel the shell provided, which records it on the merchant's side (the servers' governance).
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, Field

__all__ = ["ApprovalAnswer", "ApprovalChannel", "Decision"]

Decision = Literal["approved", "rejected"]


class ApprovalAnswer(BaseModel):
    """What the merchant said about the pending plans (the value the graph is resumed with)."""

    approve: list[str] = Field(default_factory=list, description="Plan ids the merchant approved.")
    reject: list[str] = Field(default_factory=list, description="Plan ids the merchant rejected.")
    by: str = Field(default="merchant", description="Who decided (recorded in the audit log).")
    note: str = ""


@runtime_checkable
class ApprovalChannel(Protocol):
    def decide(self, plan_id: str, decision: Decision, by: str, note: str) -> str:
        """Record the decision; return the plan's status afterwards. Deciding an already decided plan
        the same way again is not an error (a resumed graph may repeat it)."""
        ...
