"""BuyerGuard on its own: the rules hold whatever the model asks."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import pytest

from agents.customer_service.guard import BuyerGuard, GuardState
from agents.runtime import ToolOutcome, ToolSpec

pytestmark = pytest.mark.anyio


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def specs(self, allow: Collection[str]) -> list[ToolSpec]:
        return []

    async def call(self, name: str, arguments: Mapping[str, Any] | None, *, allow: Collection[str]) -> ToolOutcome:
        self.calls.append((name, dict(arguments or {})))
        if name == "find_buyer":
            return ToolOutcome(ok=True, text="{}", data={"buyer_id": "byr_" + str(arguments.get("phone", "x"))[-1]})
        return ToolOutcome(ok=True, text="{}", data={"ok": True})


async def test_order_tools_need_the_identified_buyer() -> None:
    inner, st = Recorder(), GuardState()
    g = BuyerGuard(inner, st)
    out = await g.call("get_order", {"order_id": "ord_1", "buyer_id": "byr_1"}, allow={"get_order"})
    assert not out.ok and inner.calls == []
    await g.call("find_buyer", {"phone": "13800000001"}, allow={"find_buyer"})
    assert st.buyer_id == "byr_1"
    other = await g.call("get_order", {"order_id": "ord_2", "buyer_id": "byr_2"}, allow={"get_order"})
    assert not other.ok and [c[0] for c in inner.calls] == ["find_buyer"]
    switch = await g.call("find_buyer", {"phone": "13800000002"}, allow={"find_buyer"})
    assert not switch.ok and st.buyer_id == "byr_1"


async def test_a_change_runs_only_after_a_yes_to_exactly_it() -> None:
    inner = Recorder()
    st = GuardState(buyer_id="byr_1")
    args = {"order_id": "ord_1", "buyer_id": "byr_1", "buyer_confirmed": False}
    asked = await BuyerGuard(inner, st).call("cancel_order", args, allow={"cancel_order"})
    assert not asked.ok and st.pending == {"name": "cancel_order", "arguments": args} and inner.calls == []
    # A yes to a different order does not run it.
    st.confirmed = True
    wrong = await BuyerGuard(inner, st).call("cancel_order", {**args, "order_id": "ord_9"}, allow={"cancel_order"})
    assert not wrong.ok and inner.calls == []
    st.pending, st.confirmed = {"name": "cancel_order", "arguments": args}, True
    done = await BuyerGuard(inner, st).call("cancel_order", args, allow={"cancel_order"})
    assert done.ok and inner.calls == [("cancel_order", {**args, "buyer_confirmed": True})]
    assert st.pending is None and not st.confirmed and len(st.executed) == 1
