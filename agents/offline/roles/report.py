"""The report: what one merchant turn did, in the merchant's language, with the numbers from the tools."""

from __future__ import annotations

import json
from typing import Any

from agents.offline.language import format_money, say
from agents.offline.model import Context

__all__ = ["report"]


def _money(fen: Any, lang: str) -> str:
    return format_money(int(fen or 0), lang)  # type: ignore[arg-type]


def _plan_lines(plan: dict[str, Any], goal: dict[str, Any], lang: str) -> list[str]:
    zh = lang == "zh"
    if plan.get("status") not in ("ok", "target_limits_spend"):
        lines = [plan.get("why", "")] + list(plan.get("reasons", []))[:3]
        for alt in plan.get("alternatives", [])[:2]:
            lines.append(("可选方案：" if zh else "Option: ") + alt["description"])
        return [x for x in lines if x]
    items = []
    for a in plan.get("allocations", [])[:5]:
        items.append(f"{a['product_id']}/{a['lever']} {_money(a['spend_fen'], lang)}")
    lines = [say("plan_summary", lang, budget_fen=plan["spend_fen"], expected_gmv_fen=plan["expected_gmv_fen"],
                 expected_roi=round(plan.get("expected_overall_roi") or plan.get("expected_roi") or 0.0, 2),
                 items="; ".join(items))]
    low, high = plan.get("roi_interval") or (None, None)
    if low is not None:
        lines.append(f"投放本身ROI {plan.get('expected_roi') or 0:.2f}（80%区间 {low:.2f}–{high:.2f}），含自然成交的整体ROI如上"
                     if zh else f"Marketing's own ROI {plan.get('expected_roi') or 0:.2f} (80% interval {low:.2f}-{high:.2f}); "
                     "the overall ROI above includes natural sales")
    return lines


def _proposal_lines(summary: dict[str, Any], lang: str) -> list[str]:
    zh = lang == "zh"
    props = summary.get("proposals") or []
    commits = summary.get("commits") or []
    if not props:
        return []
    counts: dict[str, int] = {}
    for p in props:
        counts[p["decision"]] = counts.get(p["decision"], 0) + 1
    word = {"approved": ("已批准", "approved"), "rejected": ("已拒绝", "rejected"), "auto": ("自动通过", "auto-approved"),
            "pending": ("待您批准", "waiting for you"), "undecided": ("未决定", "undecided")}
    parts = [f"{n} {word.get(k, (k, k))[0 if zh else 1]}" for k, n in sorted(counts.items())]
    lines = [("变更方案：" if zh else "Changes: ") + ", ".join(parts) + (f"；已执行 {len(commits)} 项。" if zh else
                                                                      f"; {len(commits)} applied.")]
    for c in commits[:6]:
        lines.append(f"- {c['summary']}")
    for p in props:
        if p["decision"] in ("pending", "undecided"):
            lines.append(say("approval_request", lang, action=p["summary"], spend_fen=p.get("spend_delta_fen") or 0,
                             plan_id=p["plan_id"]))
    return lines


def _diagnosis_lines(results: list[dict[str, Any]], lang: str) -> list[str]:
    zh = lang == "zh"
    for r in results:
        if r.get("agent") != "diagnosis.synthesis":
            continue
        try:
            out = json.loads(r.get("text") or "{}")
        except json.JSONDecodeError:
            return [r.get("text", "")]
        causes = out.get("causes", [])
        if not causes:
            return [("诊断：" if zh else "Diagnosis: ") + str(out.get("summary", ""))]
        lines = [("诊断：" if zh else "Diagnosis: ") + str(out.get("summary", ""))]
        for i, c in enumerate(causes[:5], 1):
            ev = ", ".join(f"{k} {v[0]}→{v[1]}" if isinstance(v, list) and len(v) == 2 else f"{k} {v}"
                           for k, v in (c.get("evidence") or {}).items()) if isinstance(c.get("evidence"), dict) else ""
            where = f"{c.get('dimension')}={c.get('value')}"
            lines.append(f"{i}. {c.get('cause')} @ {where}" + (f" ({ev})" if ev else "") +
                         (f" → {c['action']}" if c.get("action") else ""))
        return lines
    return []


def report(ctx: Context) -> str:
    lang = ctx.lang
    zh = lang == "zh"
    try:
        s = json.loads(ctx.last_user)
    except json.JSONDecodeError:
        return ctx.last_user
    lines: list[str] = []
    goal = s.get("goal") or {}
    if s.get("route") in ("goal", "report") and goal:
        lines.append(say("goal_confirm", lang, budget_fen=goal["budget_fen"], roi_target=goal["roi_target"],
                         horizon_days=goal.get("horizon_days", 7),
                         products=(f"{len(goal['product_ids'])}个商品" if zh else f"{len(goal['product_ids'])} products")
                         if goal.get("product_ids") else ("全店" if zh else "the whole shop")))
    if s.get("plan"):
        lines += _plan_lines(s["plan"], goal, lang)
    lines += _diagnosis_lines(s.get("results") or [], lang)
    for r in s.get("results") or []:
        if r.get("agent") in ("bidding", "creative", "promotion") and r.get("text"):
            lines.append(r["text"])
    lines += _proposal_lines(s, lang)
    led = s.get("ledger") or {}
    if led.get("total"):
        t = led["total"]
        lines.append(say("ledger_summary", lang, period=(f"近{led['days']}天" if zh else f"last {led['days']} days"),
                         gmv_fen=t["gmv_fen"], cost_fen=t["total_marketing_cost_fen"], ad_fen=t["ad_spend_fen"],
                         coupon_fen=t["coupon_fen"], creator_fen=t["creator_fee_fen"] + t["creator_commission_fen"],
                         roi=round(t.get("overall_roi") or 0.0, 2), profit_fen=t["net_profit_fen"]))
    for e in s.get("errors") or []:
        lines.append(("出错：" if zh else "Error: ") + str(e)[:300])
    return "\n".join(x for x in lines if x) or say("not_understood", lang)
