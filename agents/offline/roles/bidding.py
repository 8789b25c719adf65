"""The bidding agent's rules: launch one overall plan per goal, activate, tune bids, pause or boost products."""

from __future__ import annotations

from typing import Any

from agents.offline.model import Call, Context

__all__ = ["bidding"]

_TUNE_BAND = 0.05
"""Bid changes smaller than 5% are noise: leave the plan alone (every change costs an approval check)."""
_MIN_ALPHA = 0.05


def _update(bidder_id: str, **changes: Any) -> Call:
    if bidder_id.startswith("pln_"):
        return Call("update_overall_plan", {"plan_id": bidder_id, **changes})
    return Call("update_campaign", {"campaign_id": bidder_id, **changes})


def _finish(ctx: Context, what: str) -> str:
    proposed = [d for d in ctx.done if d.ok and isinstance(d.data, dict) and "plan_id" in d.data]
    failed = [d for d in ctx.done if not d.ok]
    note = f" ({len(failed)} refused: {failed[0].text[:160]})" if failed else ""
    if ctx.zh:
        return f"已提交 {len(proposed)} 个变更方案：{what}{note}"
    return f"Proposed {len(proposed)} change(s): {what}{note}"


def _split(products: list[dict[str, Any]], cap: int) -> list[list[dict[str, Any]]]:
    """Products into as few plans as the merchant's per-plan daily budget cap allows (largest first, first fit).

    A product whose own daily budget is over the cap gets a plan of its own at the cap."""
    bins: list[list[dict[str, Any]]] = []
    loads: list[int] = []
    for p in sorted(products, key=lambda p: -int(p["daily_budget_fen"])):
        need = min(int(p["daily_budget_fen"]), cap)
        for i, load in enumerate(loads):
            if load + need <= cap:
                bins[i].append({**p, "daily_budget_fen": need})
                loads[i] += need
                break
        else:
            bins.append([{**p, "daily_budget_fen": need}])
            loads.append(need)
    return bins


def bidding(ctx: Context) -> list[Call] | str:
    task = ctx.task if isinstance(ctx.task, dict) else {}
    kind = task.get("kind")
    if kind == "launch":
        if ctx.called("create_overall_plan"):
            return _finish(ctx, "全域推广计划" if ctx.zh else "overall (全域) plans")
        if not ctx.called("get_account"):
            return [Call("get_account", {})]
        cap = int(ctx.results("get_account")[-1].data["spend_policy"]["max_campaign_daily_budget_fen"])
        roi = float(task["roi_target"])
        groups = _split(task.get("products", []), cap)
        calls = []
        for i, group in enumerate(groups, 1):
            suffix = f" #{i}" if len(groups) > 1 else ""
            name = (f"掌柜全域 ROI{roi:g}" if ctx.zh else f"Zhanggui overall ROI {roi:g}") + suffix
            calls.append(Call("create_overall_plan", {
                "name": name, "product_ids": [p["product_id"] for p in group], "roi_goal": roi,
                "daily_budget_fen": sum(int(p["daily_budget_fen"]) for p in group), "activate": True}))
        return calls
    if kind == "activate":
        targets = list(task.get("targets", []))
        if task.get("replace") and not ctx.called("list_campaigns"):
            return [Call("list_campaigns", {"status": "active", "limit": 100}), Call("list_overall_plans", {"limit": 100})]
        if any(d.name in ("update_campaign", "update_overall_plan") for d in ctx.done):
            return _finish(ctx, "启用新计划" + ("并停掉旧计划" if task.get("replace") else "") if ctx.zh else
                           "switching the new plans on" + (" and the old ones off" if task.get("replace") else ""))
        old: list[Call] = []
        if task.get("replace"):
            # The new plan carries the whole goal: older plans would spend outside it. They stop in the
            # same round the new one starts, so a rejected start leaves the shop as it was.
            old += [_update(c["id"], status="paused") for c in ctx.results("list_campaigns")[-1].data.get("items", [])
                    if c["id"] not in targets]
            old += [_update(p["id"], status="paused") for p in ctx.results("list_overall_plans")[-1].data.get("items", [])
                    if p["status"] == "active" and p["id"] not in targets]
        return [*[_update(t, status="active") for t in targets], *old]
    if kind == "tune":
        recs = ctx.results("recommend_bids")
        if not recs:
            return [Call("recommend_bids", {})]
        if len(ctx.done) > 1:
            return _finish(ctx, "按出价模型调整出价系数" if ctx.zh else "bid multipliers from the bidding policy")
        calls = []
        for item in recs[-1].data.get("items", []):
            cur, rec = float(item["current_multiplier"]), float(item["recommended_multiplier"])
            rec = max(_MIN_ALPHA, rec)
            if abs(rec - cur) > _TUNE_BAND * cur:
                calls.append(_update(item["bidder_id"], bid_multiplier=round(rec, 3)))
        return calls or ("出价无需调整。" if ctx.zh else "No bid needs to change.")
    if kind in ("pause_product", "boost_product"):
        return _pause_or_boost(ctx, task, kind)
    return "我只处理投放计划与出价。" if ctx.zh else "I only handle campaigns, plans and bids."


def _pause_or_boost(ctx: Context, task: dict[str, Any], kind: str) -> list[Call] | str:
    if not ctx.called("list_campaigns"):
        return [Call("list_campaigns", {"status": "active", "limit": 100}), Call("list_overall_plans", {"limit": 100})]
    if len(ctx.done) > 2:
        return _finish(ctx, ("暂停" if kind == "pause_product" else "加投") if ctx.zh else kind.replace("_", " "))
    targets = set(task.get("product_ids", []))
    pct = float(task.get("pct", 0.2))
    calls: list[Call] = []
    camps = ctx.results("list_campaigns")[-1].data.get("items", [])
    plans = ctx.results("list_overall_plans")[-1].data.get("items", [])
    for c in camps:
        if c["product_id"] in targets:
            calls.append(_update(c["id"], status="paused") if kind == "pause_product"
                         else _update(c["id"], daily_budget_fen=int(c["daily_budget_fen"] * (1 + pct))))
    for p in plans:
        if p["status"] != "active" or not targets & set(p["product_ids"]):
            continue
        if kind == "boost_product":
            calls.append(_update(p["id"], daily_budget_fen=int(p["daily_budget_fen"] * (1 + pct))))
        else:
            rest = [x for x in p["product_ids"] if x not in targets]
            calls.append(_update(p["id"], product_ids=rest) if rest else _update(p["id"], status="paused"))
    if not calls:
        return ("没有正在投放这些商品的计划。" if ctx.zh else "No live campaign or plan promotes those products.")
    return calls
