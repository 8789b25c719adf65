"""Returns, exchanges and cancellations follow the policy and keep the books straight."""

from __future__ import annotations

import pytest

from market import Conflict, InvalidInput, SimMarket
from market.clock import STEPS_PER_DAY


@pytest.fixture
def aged(tiny: SimMarket) -> SimMarket:
    tiny.advance(5 * STEPS_PER_DAY)
    return tiny


def _delivered(m: SimMarket, *, exception: bool | None = None, variants: bool | None = None) -> str:
    shop = m.list_shops()[0].id
    for order_id in m.store.execute(
        "SELECT o.id FROM orders o WHERE o.shop_id = ? AND o.status = 'delivered'"
        " AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id) ORDER BY o.id", (shop,)
    ).fetchall():
        order = m.get_order(shop, order_id[0]).order
        p = m.get_product(shop, order.lines[0].product_id)
        if exception is not None and p.return_exception != exception:
            continue
        if variants is not None and bool(p.variants) != variants:
            continue
        return order.id
    pytest.skip("no delivered order of that kind in this world")


def test_platform_decides_requests_the_shop_ignores(aged: SimMarket) -> None:
    shop = aged.list_shops()[0].id
    order_id = _delivered(aged, exception=False)
    rr = aged.request_return(shop, {"order_id": order_id, "kind": "return", "reason": "quality"})
    aged.advance(2 * STEPS_PER_DAY + 1)  # the shop never answers: the platform approves it
    assert aged.get_order(shop, order_id).returns[0].status == "approved"
    aged.advance(3 * STEPS_PER_DAY + 1)
    assert aged.get_order(shop, order_id).returns[0].status == "refunded"
    assert rr.id == aged.get_order(shop, order_id).returns[0].id


def test_merchant_approves_a_return_and_the_refund_reverses_the_books(aged: SimMarket) -> None:
    shop = aged.list_shops()[0].id
    order_id = _delivered(aged, exception=False)
    order = aged.get_order(shop, order_id).order
    stock_before = aged.get_product(shop, order.lines[0].product_id).stock
    rr = aged.request_return(shop, {"order_id": order_id, "kind": "return", "reason": "no_reason"})
    assert rr.status == "requested"
    with pytest.raises(Conflict):
        aged.request_return(shop, {"order_id": order_id, "kind": "return", "reason": "no_reason"})
    approved = aged.decide_return(shop, rr.id, approve=True)
    assert approved.status == "approved"
    with pytest.raises(Conflict):
        aged.decide_return(shop, rr.id, approve=False)
    aged.advance(3 * STEPS_PER_DAY + 1)
    done = aged.get_order(shop, order_id)
    assert done.order.status == "refunded" and done.returns[0].status == "refunded"
    assert done.returns[0].refund_fen == order.paid_fen
    refunds = [e for e in aged.ledger(shop, kinds=["refund"], limit=200, offset=0) if e.ref_id == order_id]
    assert [e.amount_fen for e in refunds] == [order.paid_fen]
    # Stock moved by the sales since, and came back by every refunded return since (ours among them).
    pid = order.lines[0].product_id
    sold = aged.store.scalar(
        "SELECT COALESCE(SUM(l.qty), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id"
        " WHERE l.product_id = ? AND o.created_step >= ?", (pid, rr.created_step))
    back = aged.store.scalar(
        "SELECT COALESCE(SUM(l.qty), 0) FROM returns r JOIN order_lines l ON l.order_id = r.order_id"
        " WHERE l.product_id = ? AND r.status = 'refunded' AND r.resolved_step >= ?", (pid, rr.created_step))
    assert back >= order.lines[0].qty
    assert aged.get_product(shop, pid).stock == stock_before - sold + back


def test_no_reason_return_of_an_excluded_product_is_refused(aged: SimMarket) -> None:
    shop = aged.list_shops()[0].id
    order_id = _delivered(aged)
    product_id = aged.get_order(shop, order_id).order.lines[0].product_id
    # Patch the world as a scenario would: this product is excluded (e.g. opened personal care).
    with aged.store.transaction():
        aged.store.update("products", product_id, {"return_exception": True})
    before = aged.digest()
    with pytest.raises(Conflict, match="excluded"):
        aged.request_return(shop, {"order_id": order_id, "kind": "return", "reason": "no_reason"})
    assert aged.digest() == before
    rr = aged.request_return(shop, {"order_id": order_id, "kind": "return", "reason": "quality"})
    assert rr.status == "requested"


def test_exchange_needs_a_real_variant(aged: SimMarket) -> None:
    shop = aged.list_shops()[0].id
    order_id = _delivered(aged, variants=False)
    with pytest.raises(InvalidInput, match="no sizes"):
        aged.request_return(shop, {"order_id": order_id, "kind": "exchange", "reason": "wrong_size", "variant_to": "XL"})


def test_cancel_unshipped_order_refunds_once(aged: SimMarket) -> None:
    shop = aged.list_shops()[0].id
    order_id = aged.store.scalar("SELECT id FROM orders WHERE shop_id = ? AND status = 'paid' LIMIT 1", (shop,))
    order = aged.get_order(shop, order_id).order
    cancelled = aged.cancel_order(shop, order_id, "买家拍错了")
    assert cancelled.status == "cancelled"
    before = aged.digest()
    with pytest.raises(Conflict):
        aged.cancel_order(shop, order_id)
    assert aged.digest() == before
    refunds = [e for e in aged.ledger(shop, kinds=["refund"], limit=200) if e.ref_id == order_id]
    assert [e.amount_fen for e in refunds] == [order.paid_fen]
    aged.advance(STEPS_PER_DAY)
    assert aged.get_order(shop, order_id).order.status == "cancelled"  # it never ships
