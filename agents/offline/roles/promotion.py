"""The promotion agent's rules: coupons from the coupon model (or the merchant's own terms), creators from the matcher."""

from __future__ import annotations

from typing import Any

from agents.offline.language import CouponSlots, describe_coupon
from agents.offline.model import Call, Context

__all__ = ["promotion"]

_DEFAULT_STOCK = 200
_PER_PRODUCT = 3
_COUPON_KEYS = ("name", "type", "stock", "threshold_fen", "discount_fen", "percent_off", "max_discount_fen", "product_ids",
                "claim_days", "target", "target_segment")


def _proposed(ctx: Context, tool: str) -> int:
    return sum(1 for d in ctx.done if d.name == tool and d.ok)


def _refused(ctx: Context) -> str:
    bad = [d for d in ctx.done if not d.ok]
    return f" ({bad[0].text[:200]})" if bad else ""


def _coupon_from_terms(terms: dict[str, Any], product_ids: list[str], lang: str) -> dict[str, Any] | None:
    slots = CouponSlots.model_validate(terms)
    stock = slots.quantity or _DEFAULT_STOCK
    base: dict[str, Any] = {"name": describe_coupon(slots, lang)[:60], "stock": stock, "product_ids": product_ids, "claim_days": 7}
    if slots.type == "threshold" and slots.threshold_fen and slots.amount_fen:
        return {**base, "type": "threshold", "threshold_fen": slots.threshold_fen, "discount_fen": slots.amount_fen}
    if slots.type == "direct" and slots.amount_fen:
        return {**base, "type": "direct", "discount_fen": slots.amount_fen}
    if slots.type == "percent" and slots.percent_off:
        return {**base, "type": "percent", "percent_off": slots.percent_off,
                "max_discount_fen": slots.max_discount_fen or 5000}
    return None


def promotion(ctx: Context) -> list[Call] | str:
    task = ctx.task if isinstance(ctx.task, dict) else {}
    kind = task.get("kind")
    ids = list(task.get("product_ids") or [])
    if kind == "coupons":
        if ctx.called("create_coupon"):
            n = _proposed(ctx, "create_coupon")
            return (f"已提交 {n} 张优惠券方案{_refused(ctx)}" if ctx.zh else f"Proposed {n} coupon(s){_refused(ctx)}")
        if task.get("terms"):
            args = _coupon_from_terms(task["terms"], ids, ctx.lang)
            if args is None:
                return "优惠券条件不完整，请说明门槛和金额（如满200减30）。" if ctx.zh else \
                    "The coupon terms are incomplete: say the threshold and amount (e.g. ¥30 off orders over ¥200)."
            return [Call("create_coupon", args)]
        recs = ctx.results("recommend_coupons")
        if not recs:
            args: dict[str, Any] = {"horizon_days": 7}
            if ids:
                args["product_ids"] = ids
            if task.get("budget_fen"):
                args["liability_cap_fen"] = int(task["budget_fen"])
            return [Call("recommend_coupons", args)]
        plan = recs[-1].data
        if plan.get("no_coupon") or not plan.get("recommendations"):
            return ("模型判断现在发券不赚钱，建议不发：" if ctx.zh else "No coupon pays right now: ") + plan.get("why", "")
        best = plan["recommendations"][0]
        return [Call("create_coupon", {k: best[k] for k in _COUPON_KEYS if best.get(k) is not None})]
    if kind == "creators":
        return _creators(ctx, task, ids)
    if kind == "activate":
        if ctx.done:
            return f"已申请启用 {_proposed(ctx, 'activate_coupon')} 张优惠券。" if ctx.zh else \
                f"Proposed activating {_proposed(ctx, 'activate_coupon')} coupon(s)."
        return [Call("activate_coupon", {"coupon_id": c}) for c in task.get("targets", [])]
    return "我只负责优惠券和达人合作。" if ctx.zh else "I only handle coupons and creators."


def _creators(ctx: Context, task: dict[str, Any], ids: list[str]) -> list[Call] | str:
    if not ids:
        return "请告诉我要找达人推广哪个商品。" if ctx.zh else "Which product should the creators promote?"
    matched = {d.args.get("product_id"): d.data for d in ctx.results("match_creators")}
    todo = [p for p in ids if p not in matched and not any(d.args.get("product_id") == p for d in ctx.done)]
    if todo:
        return [Call("match_creators", {"product_id": p, "top_k": 10, **({"query": task["query"]} if task.get("query") else {})})
                for p in todo]
    if ctx.called("create_collaboration"):
        n = _proposed(ctx, "create_collaboration")
        return f"已提交 {n} 个达人合作方案{_refused(ctx)}" if ctx.zh else f"Proposed {n} creator collaboration(s){_refused(ctx)}"
    budget = int(task.get("budget_fen") or 0) or None
    per_product = int(task.get("count") or _PER_PRODUCT)
    calls: list[Call] = []
    spent = 0
    for pid in ids:
        for m in (matched.get(pid) or {}).get("matches", [])[:per_product]:
            if m["predicted_roi"] < 1.0:
                continue  # a creator not expected to earn back its cost is not proposed
            cost = int(m["predicted_cost_fen"])
            if budget is not None and spent + cost > budget:
                continue
            spent += cost
            fee = int(m.get("fee_fen", 0))
            rate = float(m.get("commission_rate", 0.0))
            args: dict[str, Any] = {"creator_id": m["creator_id"], "product_id": pid,
                                    "type": "fee_plus_commission" if fee and rate else ("fixed_fee" if fee else "commission")}
            if fee:
                args["fee_fen"] = fee
            if rate:
                args["commission_rate"] = rate
            calls.append(Call("create_collaboration", args))
    return calls or ("没有预计能回本的达人。" if ctx.zh else "No creator is expected to earn back their cost.")
