"""The diagnosis specialists' rules and the synthesis: findings from two periods' reports, causes with fixes."""

from __future__ import annotations

import json
from typing import Any

from agents.offline.model import Call, Context

__all__ = ["competition", "creative_check", "synthesis", "tracking_stock", "traffic"]

STEPS_PER_DAY = 48
_CTR_DROP = 1 / 3
_MOVE = 0.25
_TRACKING_DROP = 0.3
_MIN_IMPRESSIONS = 1000
_SEVERITY_SIGNIFICANT = 0.3
_SEVERITY_QUIET = 0.6


def _periods(ctx: Context) -> tuple[list[int], list[int]]:
    task = ctx.task if isinstance(ctx.task, dict) else {}
    return list(task.get("before", [0, 0])), list(task.get("after", [0, 0]))


def _reports(ctx: Context, group: str) -> list[Call] | tuple[dict[str, Any], dict[str, Any]]:
    """The before and after report rows keyed by group value, or the calls that fetch them."""
    before, after = _periods(ctx)
    got = {d.args.get("start_step"): d.data for d in ctx.results("get_report") if d.args.get("group_by") == [group]}
    if before[0] not in got or after[0] not in got:
        return [Call("get_report", {"start_step": p[0], "end_step": p[1], "group_by": [group], "limit": 200}) for p in (before, after)]
    key = lambda rows: {r["group"].get(group): r for r in rows.get("rows", [])}  # noqa: E731
    return key(got[before[0]]), key(got[after[0]])


def _answer(findings: list[dict[str, Any]]) -> str:
    return json.dumps({"findings": findings}, ensure_ascii=False)


def _change(a: float, b: float) -> float:
    return (b - a) / a if a else (1.0 if b else 0.0)


def creative_check(ctx: Context) -> list[Call] | str:
    rep = _reports(ctx, "creative")
    if isinstance(rep, list):
        return rep
    if not ctx.called("list_creatives"):
        return [Call("list_creatives", {"limit": 100})]
    before, after = rep
    fatigue = {c["id"]: c.get("fatigue", 0.0) for c in ctx.results("list_creatives")[-1].data.get("items", [])}
    out = []
    for cid, b in before.items():
        a = after.get(cid)
        if not cid or a is None or b["impressions"] < _MIN_IMPRESSIONS or a["impressions"] < _MIN_IMPRESSIONS:
            continue
        drop = -_change(b["ctr"], a["ctr"])
        if drop >= _CTR_DROP:
            out.append({"cause": "creative_fatigue", "dimension": "creative", "value": cid,
                        "evidence": {"ctr": [b["ctr"], a["ctr"]], "fatigue_now": fatigue.get(cid)},
                        "severity": round(min(1.0, drop), 3)})
    return _answer(out)


def traffic(ctx: Context) -> list[Call] | str:
    rep = _reports(ctx, "channel")
    if isinstance(rep, list):
        return rep
    before, after = rep
    out = []
    for ch in sorted(set(before) | set(after), key=str):
        if not ch:
            continue
        b = before.get(ch, {}).get("impressions", 0)
        a = after.get(ch, {}).get("impressions", 0)
        move = _change(b, a)
        if max(a, b) >= _MIN_IMPRESSIONS and abs(move) >= _MOVE:
            out.append({"cause": "traffic_shift", "dimension": "channel", "value": ch,
                        "evidence": {"impressions": [b, a], "gmv_fen": [before.get(ch, {}).get("gmv_fen", 0),
                                                                        after.get(ch, {}).get("gmv_fen", 0)]},
                        "severity": round(min(1.0, abs(move)), 3)})
    return _answer(out)


def competition(ctx: Context) -> list[Call] | str:
    if not ctx.called("list_campaigns"):
        return [Call("list_campaigns", {"status": "active", "limit": 50}), Call("list_overall_plans", {"limit": 50})]
    bidders = [c["id"] for c in ctx.results("list_campaigns")[-1].data.get("items", [])]
    bidders += [p["id"] for p in ctx.results("list_overall_plans")[-1].data.get("items", []) if p["status"] == "active"]
    seen = {d.args.get("campaign_id") for d in ctx.done if d.name == "get_auction_insights"}
    before, after = _periods(ctx)
    days = max(1, -(-(after[1] - before[0]) // STEPS_PER_DAY) + 1)
    todo = [b for b in bidders[:10] if b not in seen]
    if todo:
        return [Call("get_auction_insights", {"campaign_id": b, "days": min(30, days)}) for b in todo]
    out = []
    for d in ctx.results("get_auction_insights"):
        rows = d.data.get("days", [])
        pick = lambda p: [r for r in rows if p[0] // STEPS_PER_DAY <= r["day"] < -(-p[1] // STEPS_PER_DAY)]  # noqa: E731
        b, a = pick(before), pick(after)
        if not b or not a:
            continue
        def agg(rs: list[dict[str, Any]]) -> tuple[float, float]:
            elig, shown, spend = (sum(r[k] for r in rs) for k in ("eligible", "shown", "spend_fen"))
            return (shown / elig if elig else 0.0), (1000 * spend / shown if shown else 0.0)
        (wb, cb), (wa, ca) = agg(b), agg(a)
        if (wb and -_change(wb, wa) >= _MOVE) or (cb and _change(cb, ca) >= _MOVE):
            out.append({"cause": "competition", "dimension": "campaign", "value": d.args["campaign_id"],
                        "evidence": {"win_rate": [round(wb, 4), round(wa, 4)], "avg_cpm_fen": [round(cb, 1), round(ca, 1)]},
                        "severity": round(min(1.0, max(-_change(wb, wa), _change(cb, ca))), 3)})
    return _answer(out)


def tracking_stock(ctx: Context) -> list[Call] | str:
    rep = _reports(ctx, "lever")
    if isinstance(rep, list):
        return rep
    prod = _reports(ctx, "product")
    if isinstance(prod, list):
        return prod
    if not ctx.called("list_products"):
        return [Call("list_products", {"limit": 100})]
    (lb, la), (pb, _pa) = rep, prod
    out = []
    ads_b, ads_a = lb.get("ads", {}), la.get("ads", {})
    rb = ads_b.get("conversions", 0) / ads_b["orders"] if ads_b.get("orders") else None
    ra = ads_a.get("conversions", 0) / ads_a["orders"] if ads_a.get("orders") else None
    if rb and ra is not None and -_change(rb, ra) >= _TRACKING_DROP:
        out.append({"cause": "tracking_loss", "dimension": "shop", "value": "ads",
                    "evidence": {"attributed_share": [round(rb, 3), round(ra, 3)]}, "severity": round(-_change(rb, ra), 3)})
    for p in ctx.results("list_products")[-1].data.get("items", []):
        if p["stock"] == 0 and pb.get(p["id"], {}).get("gmv_fen", 0) > 0:
            out.append({"cause": "stock_out", "dimension": "product", "value": p["id"],
                        "evidence": {"stock": [None, 0], "gmv_fen_before": pb[p["id"]]["gmv_fen"]}, "severity": 0.9})
    return _answer(out)


_ACTIONS_ZH = {
    "creative_fatigue": "下线疲劳素材并补充新素材", "competition": "竞争加剧：小幅上调出价系数或调整 ROI 目标",
    "traffic_shift": "流量渠道变化：把预算跟随流量转移", "tracking_loss": "转化回传缺失：先检查追踪，别按归因 ROI 降价",
    "stock_out": "缺货：尽快补货，补货前暂停该商品投放",
}
_ACTIONS_EN = {
    "creative_fatigue": "retire the fatigued creative and add fresh material", "competition":
    "competition rose: raise the bid multiplier slightly or revisit the ROI goal", "traffic_shift":
    "traffic moved between channels: follow it with the budget", "tracking_loss":
    "conversion tracking is losing orders: check tracking before cutting bids on attributed ROI",
    "stock_out": "out of stock: restock, and pause its ads until then",
}


_KIND_ALIAS = {"traffic": "traffic_shift", "creative": "creative_fatigue", "availability": "stock_out",
               "tracking": "tracking_loss"}
_ACTIONS_ZH.update({"conversion": "转化率下降：检查价格、详情页和竞品价格", "price": "价格竞争：考虑限时券或调价",
                    "cost": "成本上升：复核出价与预算", "organic": "自然流量变化：关注内容与搜索排名"})
_ACTIONS_EN.update({"conversion": "conversion fell: check price, product page and rivals' prices",
                    "price": "price pressure: consider a limited coupon or a price change",
                    "cost": "costs rose: review bids and budgets", "organic": "organic traffic moved: watch content and search rank"})


def synthesis(ctx: Context) -> list[Call] | str:
    task = ctx.task if isinstance(ctx.task, dict) else {}
    before, after = _periods(ctx)
    if not ctx.called("explain_change"):
        return [Call("explain_change", {"before_start_step": before[0], "before_end_step": before[1],
                                        "after_start_step": after[0], "after_end_step": after[1]})]
    explained = ctx.results("explain_change")
    exp = explained[-1].data if explained else {}
    # A specialist's threshold is a fixed share; the explainer knows the shop's normal noise. When it
    # finds nothing significant, only a severe finding is worth the merchant's attention.
    significant = exp.get("status") == "significant_change"
    floor = _SEVERITY_SIGNIFICANT if significant else _SEVERITY_QUIET
    findings = sorted((f for f in task.get("findings", []) if float(f.get("severity", 0)) >= floor),
                      key=lambda f: -float(f.get("severity", 0)))
    proposals = [d for d in ctx.done if d.name == "set_creative_status"]
    fatigued = [f["value"] for f in findings if f.get("cause") == "creative_fatigue"]
    if fatigued and not proposals:
        return [Call("set_creative_status", {"creative_id": c, "status": "paused"}) for c in fatigued[:3]]
    actions = _ACTIONS_ZH if ctx.zh else _ACTIONS_EN
    causes = []
    for f in findings:
        causes.append({**f, "action": actions.get(f.get("cause", ""), "")})
    for c in exp.get("causes", [])[:3]:
        causes.append({"cause": c.get("kind") or "kpi_change", "dimension": c.get("dimension"), "value": c.get("value"),
                       "factor": c.get("factor"), "impact_fen": round(float(c.get("gmv_fen") or 0)),
                       "evidence": {e["metric"]: [e.get("before"), e.get("after")] for e in c.get("evidence", [])},
                       "action": actions.get(_KIND_ALIAS.get(c.get("kind") or "", c.get("kind") or ""), ""),
                       "confidence": c.get("confidence")})
    summary = exp.get("why") or ("无显著变化" if ctx.zh else "no significant change")
    return json.dumps({"causes": causes, "summary": summary, "significant": significant or bool(findings)},
                      ensure_ascii=False)
