"""The offline model's rules per agent, keyed by the agent name its system prompt opens with."""

from __future__ import annotations

from collections.abc import Callable

from agents.offline.language import say
from agents.offline.model import Call, Context
from agents.offline.roles.bidding import bidding
from agents.offline.roles.creative import creative
from agents.offline.roles.customer_service import customer_service
from agents.offline.roles.diagnosis import competition, creative_check, synthesis, tracking_stock, traffic
from agents.offline.roles.promotion import promotion
from agents.offline.roles.report import report
from agents.offline.roles.supervisor import supervisor

__all__ = ["ROLES", "Role", "fallback"]

Role = Callable[[Context], "list[Call] | str"]


def fallback(ctx: Context) -> list[Call] | str:
    """An agent the offline model has no rules for: say so instead of guessing."""
    return say("cannot_help", ctx.lang)


ROLES: dict[str, Role] = {
    "supervisor": supervisor,
    "report": report,
    "bidding": bidding,
    "creative": creative,
    "promotion": promotion,
    "customer_service": customer_service,
    "diagnosis.creative": creative_check,
    "diagnosis.competition": competition,
    "diagnosis.traffic": traffic,
    "diagnosis.tracking_stock": tracking_stock,
    "diagnosis.synthesis": synthesis,
}
