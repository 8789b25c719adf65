"""The customer-service rules that do not depend on the model obeying its prompt.

A buyer-facing model reads text written by strangers, so the rules that protect other buyers and
the merchant's money are enforced here, around the toolbox, whatever the model asks:
- no order data before the buyer is identified (find_buyer), and only that buyer's orders after;
- one buyer per conversation (a second identity is refused: a person hands over instead);
- returns, exchanges and cancellations run only after the buyer's explicit yes to exactly that
  action (the model asks; the next buyer turn must confirm; then the same call runs).
Service coupons are capped by the merchant's policy on the server side, not here.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from agents.runtime import ToolOutcome, ToolSpec
from agents.runtime.loop import Toolbox

__all__ = ["BUYER_SCOPED", "NEEDS_YES", "BuyerGuard", "GuardState"]

BUYER_SCOPED = frozenset({"list_orders", "get_order", "track_shipment", "request_return", "request_exchange", "cancel_order",
                          "issue_service_coupon"})
NEEDS_YES = frozenset({"request_return", "request_exchange", "cancel_order"})


@dataclass(slots=True)
class GuardState:
    buyer_id: str | None = None
    pending: dict[str, Any] | None = None
    """The action waiting for the buyer's yes: {"name", "arguments"}."""
    confirmed: bool = False
    """The buyer's latest message was an explicit yes."""
    executed: list[dict[str, Any]] = field(default_factory=list)


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    drop = {"buyer_confirmed", "note", "reason"}
    return {k: v for k, v in a.items() if k not in drop} == {k: v for k, v in b.items() if k not in drop}


class BuyerGuard:
    """A toolbox wrapper with the rules above; the loop cannot tell it from the real toolbox."""

    def __init__(self, inner: Toolbox, state: GuardState) -> None:
        self.inner = inner
        self.state = state

    def specs(self, allow: Collection[str]) -> list[ToolSpec]:
        return self.inner.specs(allow)

    async def call(self, name: str, arguments: Mapping[str, Any] | None, *, allow: Collection[str]) -> ToolOutcome:
        args = dict(arguments or {})
        st = self.state
        if name in BUYER_SCOPED:
            if st.buyer_id is None:
                return ToolOutcome(ok=False, text="Not run: the buyer is not identified yet. Ask for their phone number or an "
                                                  "order id and call find_buyer first; share no order details before that.")
            if args.get("buyer_id") != st.buyer_id:
                return ToolOutcome(ok=False, text="Not run: that buyer_id is not the buyer of this conversation. Only the "
                                                  f"identified buyer's data may be used (buyer_id {st.buyer_id}).")
        if name in NEEDS_YES:
            if not (st.confirmed and st.pending and st.pending["name"] == name and _same(st.pending["arguments"], args)):
                st.pending = {"name": name, "arguments": args}
                return ToolOutcome(ok=False, text="Not done yet: this needs the buyer's explicit yes. Tell them exactly what "
                                                  "will happen and ask them to confirm; it runs when they say yes.")
            if name == "cancel_order":
                args["buyer_confirmed"] = True
        outcome = await self.inner.call(name, args, allow=allow)
        if name == "find_buyer" and outcome.ok and isinstance(outcome.data, dict):
            found = outcome.data.get("buyer_id")
            if st.buyer_id is not None and found != st.buyer_id:
                return ToolOutcome(ok=False, text="Not allowed: this conversation already belongs to another identified buyer. "
                                                  "Do not share anything about this one; offer a hand-off to a person.")
            st.buyer_id = found
        if name in NEEDS_YES:
            st.pending = None
            st.confirmed = False
            if outcome.ok:
                st.executed.append({"name": name, "arguments": args, "result": outcome.data})
        return outcome

    def pending_note(self) -> str:
        if not self.state.pending:
            return ""
        return "Pending action awaiting the buyer's explicit yes: " + json.dumps(self.state.pending, ensure_ascii=False)
