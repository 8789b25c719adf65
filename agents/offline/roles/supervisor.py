"""The supervisor's rules: the merchant's words -> one control tool call (goal, delegation, ledger, reply)."""

from __future__ import annotations

import json
import re
from typing import Any

from agents.offline.language import MerchantIntent, ProductRef, parse_merchant, say
from agents.offline.model import Call, Context

__all__ = ["supervisor", "supervisor_call"]

_PRODUCTS = re.compile(r"The shop's products: (\[.*\])", re.S)
_DEFAULT_HORIZON = 7


def _catalog(system: str) -> list[dict[str, Any]]:
    m = _PRODUCTS.search(system)
    if not m:
        return []
    try:
        return list(json.loads(m.group(1)))
    except json.JSONDecodeError:
        return []


def _refs(catalog: list[dict[str, Any]]) -> list[ProductRef]:
    return [ProductRef(id=p["id"], title=p["title_zh"], aliases=[p["title_en"]], category=p.get("category"),
                       top_seller=bool(p.get("top_seller"))) for p in catalog]


def _reply(text: str) -> list[Call]:
    return [Call("reply", {"text": text})]


def supervisor_call(intent: MerchantIntent, lang: str) -> list[Call]:
    """The control tool call for a parsed merchant message."""
    k = intent.kind
    if k == "set_goal":
        horizon = intent.horizon_days or _DEFAULT_HORIZON
        budget = intent.budget_fen or (intent.daily_budget_fen * horizon if intent.daily_budget_fen else None)
        if budget is None:
            return [Call("reply", {"text": say("ask_budget", lang), "missing": ["budget_fen"]})]
        if intent.roi_target is None:
            return [Call("reply", {"text": say("ask_roi_target", lang), "missing": ["roi_target"]})]
        return [Call("set_goal", {"budget_fen": budget, "roi_target": intent.roi_target, "product_ids": intent.product_ids,
                                  "horizon_days": horizon})]
    if k in ("show_ledger", "report"):
        days = 1 if intent.period in ("today", "yesterday") else (intent.period_days or _DEFAULT_HORIZON)
        return [Call("show_ledger", {"days": days})]
    if k == "explain_change":
        days = intent.period_days or 1
        return [Call("delegate", {"agent": "diagnosis", "task": {"kind": "explain", "days": days,
                                                                 "metric": intent.metric or "roi"}})]
    if k in ("pause_product", "boost_product"):
        if not intent.product_ids:
            return _reply(say("ask_products", lang))
        task: dict[str, Any] = {"kind": k, "product_ids": intent.product_ids}
        if k == "boost_product":
            # A negative change is a budget cut: the same job with a negative pct.
            task["pct"] = intent.percent_change if intent.percent_change is not None else 0.2
        return [Call("delegate", {"agent": "bidding", "task": task})]
    if k == "create_coupon":
        task = {"kind": "coupons", "product_ids": intent.product_ids, "budget_fen": intent.budget_fen}
        if intent.coupon is not None:
            task["terms"] = intent.coupon.model_dump(exclude_none=True)
        return [Call("delegate", {"agent": "promotion", "task": task})]
    if k == "find_creators":
        return [Call("delegate", {"agent": "promotion", "task": {
            "kind": "creators", "product_ids": intent.product_ids, "budget_fen": intent.budget_fen,
            "query": " ".join(intent.creator_query), "count": intent.count or 3}})]
    if k == "write_creatives":
        if not intent.product_ids:
            return _reply(say("ask_products", lang))
        return [Call("delegate", {"agent": "creative", "task": {"kind": "write", "product_ids": intent.product_ids,
                                                               "variants": min(intent.count or 3, 6)}})]
    if k in ("approve", "reject"):
        text = "当前没有等待您批准的变更。" if lang == "zh" else "Nothing is waiting for your approval right now."
        return _reply(text)
    if k == "help":
        return _reply(say("help", lang))
    return _reply(say("not_understood", lang))


def supervisor(ctx: Context) -> list[Call] | str:
    if ctx.done:  # a control tool was refused (bad arguments): say so rather than loop
        return say("not_understood", ctx.lang)
    intent = parse_merchant(ctx.last_user, _refs(_catalog(ctx.system)))
    return supervisor_call(intent, ctx.lang)
