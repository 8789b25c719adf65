"""The operator channel: the merchant's own commands for approvals and the spend policy.

These act directly on the database on the merchant's machine. None of them is an MCP tool, so
no model can approve its own plan or loosen the policy it is checked against.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from app.errors import market_errors
from app.render import make_console, yuan
from app.settings import get_settings
from app.worlds import open_world
from market import SimMarket
from market.errors import InvalidInput
from market.types.policy import SpendPolicy
from mcp_servers.governance import PlanView, approve_plan, reject_plan

__all__ = ["approvals_app", "policy_app"]

approvals_app = typer.Typer(help="Plans waiting for the merchant: list, approve, reject.", no_args_is_help=True)
policy_app = typer.Typer(help="The merchant's spend policy: show or change it.", no_args_is_help=True)

DbOption = Annotated[Path | None, typer.Option("--db", help="Market SQLite file \\[default: $ZHANGGUI_DB].")]
ShopOption = Annotated[str | None, typer.Option("--shop", help="Shop id \\[default: $ZHANGGUI_SHOP or the first shop].")]
OperatorOption = Annotated[str, typer.Option("--as", help="Who decides (kept in the audit log).")]


def _open(db: Path | None) -> SimMarket:
    return open_world(db if db is not None else get_settings().db)


def _shop(m: SimMarket, shop: str | None) -> str:
    chosen = shop or get_settings().shop
    return m.get_shop(chosen).id if chosen else m.list_shops()[0].id


@approvals_app.command("list")
def approvals_list(db: DbOption = None, shop: ShopOption = None,
                   status: Annotated[str, typer.Option(help="pending_approval, ready, committed, rejected, ...")] =
                   "pending_approval") -> None:
    """Plans in one status (default: waiting for approval), newest first."""
    out = make_console()
    with market_errors(), closing(_open(db)) as m:
        shop_id = _shop(m, shop)
        plans = m.changes.plans(shop_id, status=status, limit=200)
        table = Table(title=f"{status} plans of {shop_id}")
        for col in ("plan", "tool", "summary", "spend Δ/day", "risk", "expires"):
            table.add_column(col)
        for p in plans:
            table.add_row(p["id"], p["tool"], p["summary"], yuan(p["spend_delta_fen"]), p["risk_tier"],
                          f"step {p['expires_step']}")
        out.print(table)


@approvals_app.command("approve")
def approvals_approve(plan_id: str, operator: OperatorOption, db: DbOption = None, shop: ShopOption = None,
                      note: Annotated[str, typer.Option(help="Why.")] = "") -> None:
    """Approve a plan; the agent (or any client) can then commit it."""
    _decide(approve_plan, "approved", plan_id, operator, db, shop, note)


@approvals_app.command("reject")
def approvals_reject(plan_id: str, operator: OperatorOption, db: DbOption = None, shop: ShopOption = None,
                     note: Annotated[str, typer.Option(help="Why (the agent will see it).")] = "") -> None:
    """Reject a plan; it can never be committed."""
    _decide(reject_plan, "rejected", plan_id, operator, db, shop, note)


def _decide(decide: Callable[..., PlanView], verb: str, plan_id: str, operator: str, db: Path | None,
            shop: str | None, note: str) -> None:
    with market_errors(), closing(_open(db)) as m:
        view = decide(m, _shop(m, shop), plan_id, operator, note)
        make_console().print(f"{verb} {view.plan_id}: {view.summary}", markup=False)


@policy_app.command("show")
def policy_show(db: DbOption = None, shop: ShopOption = None) -> None:
    """The spend policy every proposal is checked against."""
    with market_errors(), closing(_open(db)) as m:
        policy = m.changes.spend_policy(_shop(m, shop))
    table = Table(title="spend policy")
    table.add_column("field")
    table.add_column("value", justify="right")
    table.add_column("meaning")
    for name, info in SpendPolicy.model_fields.items():
        table.add_row(name, str(getattr(policy, name)), info.description or "")
    make_console().print(table)


@policy_app.command("set")
def policy_set(changes: Annotated[list[str], typer.Argument(help="FIELD=VALUE pairs, e.g. min_roi_goal=1.5")],
               operator: OperatorOption, db: DbOption = None, shop: ShopOption = None) -> None:
    """Change policy fields (validated as a whole; recorded in the audit log)."""
    with market_errors(), closing(_open(db)) as m:
        shop_id = _shop(m, shop)
        current = m.changes.spend_policy(shop_id).model_dump()
        updated: dict[str, Any] = dict(current)
        for item in changes:
            key, sep, value = item.partition("=")
            if not sep or key not in current:
                raise InvalidInput(f"{item!r}: use FIELD=VALUE with a field of: {', '.join(current)}")
            updated[key] = value
        try:
            policy = SpendPolicy.model_validate(updated)
        except ValueError as exc:
            raise InvalidInput(f"invalid policy: {exc}") from None
        m.changes.set_spend_policy(shop_id, policy, operator)
        make_console().print(f"policy of {shop_id} updated by {operator}", markup=False)
