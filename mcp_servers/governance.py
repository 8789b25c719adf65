"""Propose -> commit: how a tool changes anything that moves money or live delivery.

A write tool only *proposes*: it validates the change, checks it against the merchant's spend
policy, and stores a plan (diff, daily-spend delta, risk tier, checksum, expiry) without touching
the market. `commit_plan(plan_id, checksum, idempotency_key)` applies it once, in one transaction
with its audit record, after checking again: the checksum, the expiry, that the target has not
changed since, the policy as it is now, and - for plans over the merchant's auto-approve limit -
that a human approved it. A replayed commit returns the first result.

Approval is an operator channel, never a tool: `approve_plan` / `reject_plan` here are called by
the CLI (`zhanggui approvals`), the agent runtime's approval step or the web app, all of which run
on the merchant's side with direct access to the database, not by a model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from market import Backend, Conflict, InvalidInput, MarketError, NotFound
from market.types.policy import SpendPolicy

__all__ = [
    "ACTIONS",
    "Action",
    "Assessment",
    "CommitResult",
    "FieldChange",
    "PlanView",
    "approve_plan",
    "commit",
    "propose",
    "reject_plan",
]

RiskTier = Literal["low", "medium", "high"]
PlanStatus = Literal["pending_approval", "ready", "committed", "rejected", "expired", "stale"]


class FieldChange(BaseModel):
    field: str
    before: Any = None
    after: Any = None


class PlanView(BaseModel):
    """A proposed change. Nothing has changed yet."""

    plan_id: str
    status: PlanStatus
    summary: str = Field(description="The change in one sentence.")
    tool: str
    target_id: str | None = None
    diff: list[FieldChange]
    spend_delta_fen: int = Field(description="Change of the shop's possible daily spend or liability, in fen.")
    risk_tier: RiskTier
    needs_approval: bool = Field(description="True when the merchant must approve it before it can be committed.")
    checksum: str
    expires_step: int
    next_step: str = Field(description="What to do next.")


class CommitResult(BaseModel):
    plan_id: str
    status: Literal["committed"]
    replayed: bool = Field(description="True when this plan had already been committed: nothing was applied again.")
    target_id: str | None = None
    result: dict[str, Any]


@dataclass(slots=True)
class Assessment:
    summary: str
    target_id: str | None
    diff: list[FieldChange]
    spend_delta_fen: int
    violations: list[str] = field(default_factory=list)
    high_risk: bool = False
    """Needs a human regardless of spend (for example a large price change)."""


@dataclass(frozen=True, slots=True)
class Action:
    """One kind of change: how to assess it, what state it depends on, how to apply it."""

    assess: Callable[[Backend, str, dict[str, Any], SpendPolicy], Assessment]
    fingerprint: Callable[[Backend, str, dict[str, Any]], Any]
    apply: Callable[[Backend, str, dict[str, Any]], BaseModel]


ACTIONS: dict[str, Action] = {}
"""Filled by each server module at import: action name -> Action."""


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))


def _checksum(plan_id: str, action: str, args: dict[str, Any], fingerprint: str) -> str:
    return hashlib.sha256(_canonical([plan_id, action, args, fingerprint]).encode()).hexdigest()[:16]


def _view(p: dict[str, Any]) -> PlanView:
    if p["status"] == "pending_approval":
        nxt = "Wait: the merchant must approve this plan (outside this conversation) before commit_plan works."
    elif p["status"] == "ready":
        nxt = "Call commit_plan with this plan_id, checksum and a fresh idempotency_key to apply it."
    else:
        nxt = f"The plan is {p['status']}; propose the change again if it is still wanted."
    return PlanView(
        plan_id=p["id"], status=p["status"], summary=p["summary"], tool=p["tool"], target_id=p["target_id"],
        diff=[FieldChange.model_validate(d) for d in p["diff"]], spend_delta_fen=p["spend_delta_fen"],
        risk_tier=p["risk_tier"], needs_approval=p["needs_approval"], checksum=p["checksum"],
        expires_step=p["expires_step"], next_step=nxt,
    )


def _tier(a: Assessment, policy: SpendPolicy) -> tuple[RiskTier, bool]:
    if a.high_risk or a.spend_delta_fen > policy.auto_approve_spend_fen:
        return "high", True
    return ("medium" if a.spend_delta_fen > 0 else "low"), False


def propose(market: Backend, shop_id: str, tool: str, action: str, args: dict[str, Any]) -> PlanView:
    """Validate and price a change, check the policy, and store it as a plan. Changes nothing live."""
    act = ACTIONS[action]
    policy = market.changes.spend_policy(shop_id)
    try:
        a = act.assess(market, shop_id, args, policy)
        fingerprint = _canonical(act.fingerprint(market, shop_id, args))
    except MarketError as exc:
        raise ToolError(f"[{exc.code}] {exc}") from None
    if a.violations:
        raise ToolError(
            "refused by the merchant's spend policy: " + "; ".join(a.violations)
            + ". The policy is the merchant's and cannot be changed by a tool; propose a smaller change."
        )
    tier, needs = _tier(a, policy)
    plan_id = market.changes.new_plan_id()
    now = market.changes.now()
    plan = {
        "id": plan_id, "shop_id": shop_id, "tool": tool, "action": {"op": action, "args": args},
        "target_id": a.target_id, "summary": a.summary, "diff": [d.model_dump(mode="json") for d in a.diff],
        "spend_delta_fen": a.spend_delta_fen, "risk_tier": tier, "needs_approval": needs,
        "checksum": _checksum(plan_id, action, args, fingerprint), "fingerprint": fingerprint,
        "created_step": now, "expires_step": now + policy.plan_ttl_steps,
        "status": "pending_approval" if needs else "ready", "decided_by": None, "decision_note": None,
        "idempotency_key": None, "result": None,
    }
    with market.changes.atomically():
        market.changes.save_plan(plan)
        market.changes.audit(shop_id, f"tool:{tool}", "proposed", plan_id, a.target_id,
                             {"summary": a.summary, "spend_delta_fen": a.spend_delta_fen, "risk_tier": tier})
    return _view(market.changes.plan(shop_id, plan_id))


def get_plan(market: Backend, shop_id: str, plan_id: str) -> PlanView:
    try:
        return _view(market.changes.plan(shop_id, plan_id))
    except MarketError as exc:
        raise ToolError(f"[{exc.code}] {exc}") from None


def commit(market: Backend, shop_id: str, plan_id: str, checksum: str, idempotency_key: str) -> CommitResult:
    """Apply a plan exactly once (see the module docstring for every check)."""
    try:
        with market.changes.atomically():
            return _commit(market, shop_id, plan_id, checksum, idempotency_key)
    except _Refused as refused:
        # The refusal's own bookkeeping (expired / stale) was rolled back with the transaction:
        # record it on its own, then report.
        if refused.mark is not None:
            with market.changes.atomically():
                market.changes.update_plan(plan_id, {"status": refused.mark})
                market.changes.audit(shop_id, "tool:commit_plan", f"refused_{refused.mark}", plan_id, None,
                                     {"reason": str(refused)})
        raise ToolError(str(refused)) from None
    except MarketError as exc:
        raise ToolError(f"[{exc.code}] {exc}") from None


class _Refused(Exception):
    def __init__(self, message: str, mark: str | None = None) -> None:
        super().__init__(message)
        self.mark = mark


def _commit(market: Backend, shop_id: str, plan_id: str, checksum: str, key: str) -> CommitResult:
    if not key or len(key) > 200:
        raise _Refused("idempotency_key must be 1..200 characters; use a fresh unique value per intended change")
    p = market.changes.plan(shop_id, plan_id)
    if p["status"] == "committed":
        return CommitResult(plan_id=plan_id, status="committed", replayed=True, target_id=p["target_id"],
                            result=p["result"] or {})
    other = market.changes.plan_by_key(shop_id, key)
    if other is not None and other["id"] != plan_id:
        raise _Refused(f"idempotency_key {key!r} was already used for plan {other['id']}; use a fresh key")
    if checksum != p["checksum"]:
        raise _Refused("checksum does not match this plan: pass the checksum returned with the plan")
    if p["status"] == "rejected":
        raise _Refused(f"the merchant rejected plan {plan_id}: {p['decision_note'] or 'no reason given'}")
    if p["status"] in ("expired", "stale"):
        raise _Refused(f"plan {plan_id} is {p['status']}; propose the change again")
    if market.changes.now() > p["expires_step"]:
        raise _Refused(f"plan {plan_id} expired at step {p['expires_step']}; propose the change again", "expired")
    if p["status"] == "pending_approval":
        raise _Refused(f"plan {plan_id} awaits the merchant's approval; it cannot be committed before that")
    action, args = p["action"]["op"], p["action"]["args"]
    act = ACTIONS[action]
    if _canonical(act.fingerprint(market, shop_id, args)) != p["fingerprint"]:
        raise _Refused(f"{p['target_id'] or 'the target'} changed since plan {plan_id} was made; propose again",
                       "stale")
    again = act.assess(market, shop_id, args, market.changes.spend_policy(shop_id))
    if again.violations:
        raise _Refused("the change now breaks the merchant's spend policy: " + "; ".join(again.violations))
    applied = act.apply(market, shop_id, args)
    result = applied.model_dump(mode="json")
    target = p["target_id"] or result.get("id")
    market.changes.update_plan(plan_id, {"status": "committed", "idempotency_key": key, "result": result,
                                         "target_id": target})
    market.changes.audit(shop_id, "tool:commit_plan", "committed", plan_id, target,
                         {"summary": p["summary"], "spend_delta_fen": p["spend_delta_fen"]})
    return CommitResult(plan_id=plan_id, status="committed", replayed=False, target_id=target, result=result)


def approve_plan(market: Backend, shop_id: str, plan_id: str, operator: str, note: str = "") -> PlanView:
    """The merchant's approval (operator channel only: CLI, agent runtime approval step, web app)."""
    return _decide(market, shop_id, plan_id, operator, note, approve=True)


def reject_plan(market: Backend, shop_id: str, plan_id: str, operator: str, note: str = "") -> PlanView:
    return _decide(market, shop_id, plan_id, operator, note, approve=False)


def _decide(market: Backend, shop_id: str, plan_id: str, operator: str, note: str, *, approve: bool) -> PlanView:
    if not operator.strip():
        raise InvalidInput("operator must name the person deciding")
    with market.changes.atomically():
        p = market.changes.plan(shop_id, plan_id)
        if p["status"] not in ("pending_approval", "ready"):
            raise Conflict(f"plan {plan_id} is {p['status']}; only an open plan can be decided")
        status = "ready" if approve else "rejected"
        market.changes.update_plan(plan_id, {"status": status, "decided_by": operator, "decision_note": note})
        market.changes.audit(shop_id, f"operator:{operator}", "approved" if approve else "rejected", plan_id,
                             p["target_id"], {"note": note})
    return _view(market.changes.plan(shop_id, plan_id))


def require(condition: bool, message: str) -> None:
    """Raise the market's InvalidInput (shown to the caller as a tool error) unless `condition`."""
    if not condition:
        raise InvalidInput(message)


def not_found(kind: str, id_: str) -> NotFound:
    return NotFound(f"{kind} {id_!r} not found")
