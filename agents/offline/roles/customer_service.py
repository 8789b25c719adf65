"""The customer-service rules: identify, then answer from the buyer's own orders and the shop's knowledge.

The order of checks matters: an instruction hidden in the text is refused first, then identity,
then the request. Money-moving requests are only ever *asked* here; the guard runs them when the
buyer's next message is a yes, and this role then re-issues exactly the pending call.
"""

from __future__ import annotations

import json
import re
from typing import Any

from agents.offline.language import BuyerIntent, parse_buyer, say
from agents.offline.model import Call, Context, Done

__all__ = ["customer_service"]

_IDENTIFIED = re.compile(r"Identified buyer: (byr_[0-9a-z]+)")
_PENDING = re.compile(r"Pending action awaiting the buyer's explicit yes: (\{.*\})")
_ORDER_KINDS = ("order_status", "shipping", "return", "exchange", "cancel")
_NEEDS_YES = ("request_return", "request_exchange", "cancel_order")
_STATUS_ZH = {"paid": "已付款待发货", "shipped": "已发货", "delivered": "已签收", "completed": "已完成", "cancelled": "已取消",
              "refunded": "已退款"}


def _buyer(ctx: Context) -> str | None:
    for d in reversed(ctx.done):
        if d.name == "find_buyer" and d.ok:
            return str(d.data["buyer_id"])
    m = _IDENTIFIED.search(ctx.system)
    return m.group(1) if m else None


def _pending(ctx: Context) -> dict[str, Any] | None:
    m = _PENDING.search(ctx.system)
    return json.loads(m.group(1)) if m else None


def _request(ctx: Context) -> BuyerIntent:
    """The buyer's latest real request: a turn that only gives a phone or a yes refers to an earlier one."""
    intents = [parse_buyer(t) for t in ctx.user_turns]
    for it in reversed(intents):
        if it.kind in _ORDER_KINDS or it.kind in ("product_question", "discount", "human"):
            return it
    return intents[-1] if intents else parse_buyer("")


def _identity(intents: list[BuyerIntent]) -> dict[str, str] | None:
    for it in reversed(intents):
        for key in ("phone", "order_id", "email"):
            if getattr(it, key):
                return {key: getattr(it, key)}
    return None


def _latest(ctx: Context, name: str) -> Done | None:
    got = [d for d in ctx.done if d.name == name]
    return got[-1] if got else None


def customer_service(ctx: Context) -> list[Call] | str:
    lang = ctx.lang
    now = parse_buyer(ctx.last_user)
    if now.injection:
        return say("refuse_injection", lang)
    if now.kind == "are_you_ai":
        return say("i_am_ai", lang)
    pending = _pending(ctx)
    yes = now.kind == "confirm_yes" or now.affirmative is True
    no = now.kind == "confirm_no" or now.affirmative is False
    if pending and yes and not ctx.called(pending["name"]):
        return [Call(pending["name"], pending["arguments"])]
    for name in _NEEDS_YES:
        done = _latest(ctx, name)
        if done is not None:
            return _after_action(ctx, done)
    if pending and no:
        return "好的，已为您取消这个操作。" if lang == "zh" else "All right, I have not done it."
    req = _request(ctx)
    if req.kind in ("greeting",) and len(ctx.user_turns) == 1:
        return say("greeting_reply", lang)
    if now.kind == "thanks":
        return say("thanks_reply", lang)
    if req.kind == "human":
        if not ctx.called("escalate_to_human"):
            buyer = _buyer(ctx)
            return [Call("escalate_to_human", {"reason": "buyer asked for a person", "summary": ctx.last_user[:1900],
                                                **({"buyer_id": buyer} if buyer else {})})]
        return say("handoff_human", lang)
    if req.kind == "product_question":
        k = _latest(ctx, "search_knowledge")
        if k is None:
            return [Call("search_knowledge", {"query": ctx.last_user[:300], "limit": 3})]
        entries = k.data.get("entries", []) if k.ok else []
        if not entries:
            return say("cannot_help", lang)
        e = entries[0]
        return say("product_answer", lang, product=e.get("product_title") or "", answer=e["a_zh" if lang == "zh" else "a_en"])
    if req.kind == "discount":
        k = _latest(ctx, "list_coupons")
        if k is None:
            return [Call("list_coupons", {"status": "active", "limit": 20})]
        shop_coupons = [c for c in (k.data or {}).get("items", []) if c.get("target") in ("all", None)]
        if not shop_coupons:
            return say("no_discount", lang)
        return say("discount_answer", lang, coupon=shop_coupons[0].get("name", ""))
    if req.kind in _ORDER_KINDS:
        return _orders(ctx, req)
    return say("ask_clarify", lang)


def _orders(ctx: Context, req: BuyerIntent) -> list[Call] | str:
    lang = ctx.lang
    buyer = _buyer(ctx)
    if buyer is None:
        failed = _latest(ctx, "find_buyer")
        if failed is not None and not failed.ok:
            return say("auth_failed", lang)
        ident = _identity([parse_buyer(t) for t in ctx.user_turns])
        if ident is None:
            return say("ask_authenticate", lang)
        return [Call("find_buyer", ident)]
    order_id = req.order_id or next((parse_buyer(t).order_id for t in reversed(ctx.user_turns) if parse_buyer(t).order_id), None)
    if order_id is None:
        listed = _latest(ctx, "list_orders")
        if listed is None:
            return [Call("list_orders", {"buyer_id": buyer, "limit": 5})]
        items = (listed.data or {}).get("items", [])
        if not items:
            return "没有查到您的订单。" if lang == "zh" else "I found no orders for you."
        order_id = items[0]["id"]
    got = _latest(ctx, "get_order")
    if got is None:
        return [Call("get_order", {"order_id": order_id, "buyer_id": buyer})]
    if not got.ok:
        return say("ask_order_id", lang)
    order = got.data
    product = order["items"][0]["title_zh"] if order.get("items") else ""
    if req.kind == "order_status":
        status = _STATUS_ZH.get(order["status"], order["status"]) if lang == "zh" else order["status"]
        return say("order_status", lang, order_id=order_id, status=status, product=product)
    if req.kind == "shipping":
        track = _latest(ctx, "track_shipment")
        if track is None:
            return [Call("track_shipment", {"order_id": order_id, "buyer_id": buyer})]
        events = (track.data or {}).get("events", [])
        last = events[-1]["description"] if events else ("尚未发货" if lang == "zh" else "not shipped yet")
        return say("shipping_status", lang, order_id=order_id, carrier=track.data.get("carrier") or "-",
                   tracking_no=track.data.get("tracking_no") or "-", last_event=last)
    # A change: ask the guard (it answers "needs the buyer's yes" and remembers it), then ask the buyer.
    reason = req.reason or "no_reason"
    if req.kind == "return":
        call = Call("request_return", {"order_id": order_id, "buyer_id": buyer, "reason": reason})
        question = say("return_confirm", lang, order_id=order_id, refund_fen=order["paid_fen"])
    elif req.kind == "exchange":
        variant = req.size or req.colour
        if not variant:
            return "请告诉我想换的尺码或颜色。" if lang == "zh" else "Which size or colour would you like instead?"
        call = Call("request_exchange", {"order_id": order_id, "buyer_id": buyer, "variant_to": variant,
                                         "reason": "wrong_size" if req.size else reason})
        question = say("exchange_confirm", lang, order_id=order_id, variant=variant)
    else:
        call = Call("cancel_order", {"order_id": order_id, "buyer_id": buyer, "buyer_confirmed": False,
                                     "reason": reason})
        question = say("cancel_confirm", lang, order_id=order_id)
    if not ctx.called(call.name):
        return [call]
    return question


def _after_action(ctx: Context, done: Done) -> str:
    lang = ctx.lang
    order_id = done.args.get("order_id", "")
    if not done.ok:
        if "explicit yes" in done.text:
            refund = next((d.data.get("paid_fen", 0) for d in ctx.done if d.name == "get_order" and d.ok), 0)
            if done.name == "request_return":
                return say("return_confirm", lang, order_id=order_id, refund_fen=refund)
            if done.name == "request_exchange":
                return say("exchange_confirm", lang, order_id=order_id, variant=done.args.get("variant_to", ""))
            return say("cancel_confirm", lang, order_id=order_id)
        return say("return_refused", lang, order_id=order_id, reason=done.text.removeprefix("Error: ")[:200])
    data = done.data or {}
    if done.name == "request_return":
        if data.get("status") == "rejected":
            return say("return_refused", lang, order_id=order_id, reason=data.get("note", ""))
        return say("return_accepted", lang, order_id=order_id, refund_fen=data.get("refund_fen", 0))
    if done.name == "request_exchange":
        return say("exchange_accepted", lang, order_id=order_id, variant=done.args.get("variant_to", ""))
    return say("cancel_done", lang, order_id=order_id, refund_fen=data.get("paid_fen", 0))
