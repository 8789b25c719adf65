"""The store manager: words -> goal -> plan -> delegation -> approval -> commit -> report.

One merchant turn runs once through the graph. `understand` lets the model pick one control tool
(set a goal, delegate a job, show the ledger, or just reply). A goal is planned by
policy.plan_budget and handed to the sub-agents as tasks; what they propose stops at an
interrupt when the merchant must approve it; approved and auto-approved plans are committed
with an idempotency key bound to this conversation, so a resumed or repeated commit applies
nothing twice; the model then reports in the merchant's language.

Every dependency comes in through `ManagerDeps`: the chat model, the MCP toolbox, the approval
channel. The state is checkpointed after every node (LangGraph's SQLite saver in the shells).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, TypedDict

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph
from langgraph.types import interrupt
from pydantic import ValidationError

from agents.bidding import BIDDING
from agents.creative import CREATIVE
from agents.diagnosis.run import diagnose
from agents.offline.language import detect_language
from agents.promotion import PROMOTION
from agents.runtime import ChatModel, McpToolbox, Message
from agents.store_manager.approvals import ApprovalAnswer, ApprovalChannel
from agents.store_manager.control import CONTROL_TOOLS, Delegate, Reply, ShowLedger
from agents.store_manager.goal import Goal
from agents.store_manager.subagent import AgentSpec, SubagentResult, run_subagent

__all__ = ["ManagerDeps", "ManagerState", "build_store_manager", "new_turn"]

log = logging.getLogger(__name__)

STEPS_PER_DAY = 48
AD_LEVERS = ("feed", "live", "search", "mall")
TOP_SELLERS = 3
"""Products called the shop's top sellers (爆款): the best 3 by GMV over the last 7 days; the rest is the long tail."""
MAX_ROUNDS = 3
"""Proposal rounds per turn: e.g. create (approved, committed) then activate what was created paused."""

SUPERVISOR = """You are 掌柜 (Zhanggui), the AI store manager of an e-commerce shop. Read the merchant's message and call
exactly one tool: set_goal when they give a budget / ROI target / products / horizon (amounts in fen: 1 yuan = 100 fen; 2万 =
20,000 yuan = 2,000,000 fen); delegate for a specific job (pause or boost products -> bidding; write creatives -> creative;
coupons or creators -> promotion; "why did ROI / GMV drop" -> diagnosis with {"kind":"explain","days":1}); show_ledger for
costs, spend, the ledger or a report; reply for anything else. Never approve anything yourself: approvals come from the merchant.
The shop's products: {products}"""

REPORT = """You are 掌柜 reporting to the merchant what just happened. The user message is a JSON summary of this turn (goal,
plan, proposals with their approval decision, commits, findings, errors). Write a short, concrete answer with the numbers (money
in yuan), what changed, what waits for approval and what you recommend next. Do not invent numbers."""


class ManagerState(TypedDict, total=False):
    request: str
    lang: str
    route: str
    goal: dict[str, Any] | None
    delegate: dict[str, Any] | None
    plan: dict[str, Any] | None
    results: list[dict[str, Any]]
    proposals: list[dict[str, Any]]
    decisions: dict[str, str]
    commits: list[dict[str, Any]]
    created: list[dict[str, Any]]
    ledger: dict[str, Any] | None
    errors: list[str]
    rounds: int
    reply: str


def new_turn(text: str) -> ManagerState:
    """The input of one merchant turn: the words, every per-turn field reset."""
    return ManagerState(request=text, lang=detect_language(text), route="", goal=None, delegate=None, plan=None, results=[],
                        proposals=[], decisions={}, commits=[], created=[], ledger=None, errors=[], rounds=0, reply="")


@dataclass(slots=True)
class ManagerDeps:
    model: ChatModel
    toolbox: McpToolbox
    approvals: ApprovalChannel
    auto_approve: bool = False
    """Approve every plan without asking (the scripted demo says so on screen); never the default."""
    operator: str = "merchant"


def _thread(config: RunnableConfig) -> str:
    return str((config.get("configurable") or {}).get("thread_id", "default"))


def _grouped(proposals: list[dict[str, Any]], group: int) -> list[dict[str, Any]]:
    return [{**p, "group": group} for p in proposals]


def _result_summary(r: SubagentResult) -> dict[str, Any]:
    return {"agent": r.agent, "text": r.text, "proposed": len(r.proposals),
            "tools": [c["name"] for c in r.tool_calls], "outputs": r.outputs}


def build_store_manager(deps: ManagerDeps) -> StateGraph:
    """The uncompiled graph; compile it with a checkpointer (interrupts need one)."""
    model, tools = deps.model, deps.toolbox

    async def call(name: str, args: dict[str, Any]) -> Any:
        out = await tools.call(name, args, allow={name})
        if not out.ok:
            raise RuntimeError(f"{name}: {out.text}")
        return out.data

    async def understand(state: ManagerState) -> ManagerState:
        products = await call("list_products", {"limit": 100})
        sales = await call("get_report", {"days": 7, "group_by": ["product"], "limit": 200})
        gmv = {r["group"].get("product"): r["gmv_fen"] for r in sales.get("rows", [])}
        top = set(sorted(gmv, key=lambda p: -gmv[p])[:TOP_SELLERS])
        compact = [{"id": p["id"], "title_zh": p["title_zh"], "title_en": p["title_en"], "category": p["category"],
                    "price_fen": p["price_fen"], "top_seller": p["id"] in top} for p in products.get("items", [])]
        lang = state.get("lang") or detect_language(state["request"])
        messages = [Message(role="system", content=f"[agent:supervisor] [lang:{lang}]\n" + SUPERVISOR.replace(
                        "{products}", json.dumps(compact, ensure_ascii=False))),
                    Message(role="user", content=state["request"])]
        for _attempt in range(2):
            turn = await model.complete(messages, CONTROL_TOOLS, tool_choice="required")
            calls = turn.message.tool_calls
            if not calls:
                return {"route": "reply", "reply": turn.message.content, "lang": lang}
            c = calls[0]
            try:
                if c.name == "set_goal":
                    return {"route": "goal", "goal": Goal.model_validate(c.arguments).model_dump(), "lang": lang}
                if c.name == "delegate":
                    return {"route": "delegate", "delegate": Delegate.model_validate(c.arguments).model_dump(), "lang": lang}
                if c.name == "show_ledger":
                    return {"route": "ledger", "ledger": {"days": ShowLedger.model_validate(c.arguments).days}, "lang": lang}
                if c.name == "reply":
                    return {"route": "reply", "reply": Reply.model_validate(c.arguments).text, "lang": lang}
                error = f"unknown tool {c.name!r}: call one of set_goal, delegate, show_ledger, reply"
            except ValidationError as exc:
                error = f"invalid arguments for {c.name}: {exc.errors()[0]['msg']} at {exc.errors()[0]['loc']}"
            # One chance to fix it, as with any tool error.
            messages += [turn.message, Message(role="tool", tool_call_id=c.id, name=c.name, content=error)]
        return {"route": "reply", "reply": "", "errors": [error], "lang": lang}

    async def plan(state: ManagerState) -> ManagerState:
        goal = state["goal"] or {}
        try:
            result = await call("plan_budget", goal)
        except RuntimeError as exc:
            return {"errors": [*state.get("errors", []), str(exc)], "route": "report"}
        feasible = result.get("status") in ("ok", "target_limits_spend")
        return {"plan": result, "route": "goal" if feasible else "report"}

    async def run_diagnosis(task: dict[str, Any], lang: str) -> SubagentResult:
        account = await call("get_account", {})
        now = int(account.get("step", account.get("now_step", 0)))
        days = max(1, int(task.get("days", 1)))
        end = now - now % STEPS_PER_DAY if now % STEPS_PER_DAY < STEPS_PER_DAY // 2 else now
        periods = {"after": [max(0, end - days * STEPS_PER_DAY), end],
                   "before": [max(0, end - 2 * days * STEPS_PER_DAY), max(0, end - days * STEPS_PER_DAY)]}
        return await diagnose(model, tools, periods, lang)

    async def delegate(state: ManagerState) -> ManagerState:
        lang = state.get("lang", "zh")
        jobs: list[tuple[AgentSpec | None, dict[str, Any]]] = []
        if state.get("route") == "goal":
            jobs = launch_jobs(state["goal"] or {}, state["plan"] or {})
        elif state.get("delegate"):
            d = state["delegate"]
            spec = {"bidding": BIDDING, "creative": CREATIVE, "promotion": PROMOTION}.get(d["agent"])
            jobs = [(spec, d["task"])]
        results = list(state.get("results", []))
        proposals = list(state.get("proposals", []))
        for spec, task in jobs:
            r = await (run_diagnosis(task, lang) if spec is None else run_subagent(spec, model, tools, task, lang))
            results.append(_result_summary(r))
            proposals += _grouped(r.proposals, len(results))
        return {"results": results, "proposals": proposals}

    async def approve(state: ManagerState) -> ManagerState:
        decisions = dict(state.get("decisions", {}))
        pending = [p for p in state.get("proposals", []) if p["needs_approval"] and p["plan_id"] not in decisions]
        if not pending:
            return {}
        if deps.auto_approve:
            answer = ApprovalAnswer(approve=[p["plan_id"] for p in pending], by=deps.operator, note="auto-approved (demo)")
        else:
            raw = interrupt({"kind": "approval", "plans": [
                {k: p.get(k) for k in ("plan_id", "summary", "tool", "spend_delta_fen", "risk_tier")} for p in pending]})
            answer = ApprovalAnswer.model_validate(raw)
        for p in pending:
            pid = p["plan_id"]
            if pid in answer.approve or pid in answer.reject:
                decision = "approved" if pid in answer.approve else "rejected"
                deps.approvals.decide(pid, decision, answer.by, answer.note)  # type: ignore[arg-type]
                decisions[pid] = decision
            else:
                decisions[pid] = "undecided"
        return {"decisions": decisions}

    async def commit(state: ManagerState, config: RunnableConfig) -> ManagerState:
        decisions = state.get("decisions", {})
        done = {c["plan_id"] for c in state.get("commits", [])}
        commits = list(state.get("commits", []))
        created = list(state.get("created", []))
        errors = list(state.get("errors", []))
        # One sub-agent run is one change: if the merchant rejected part of it, its auto-approved parts
        # (e.g. pausing the old plans the rejected new one was to replace) are not applied either.
        rejected = {p.get("group") for p in state.get("proposals", []) if decisions.get(p["plan_id"]) == "rejected"}
        for p in state.get("proposals", []):
            pid = p["plan_id"]
            ok = decisions.get(pid) == "approved" or (not p["needs_approval"] and decisions.get(pid) != "rejected"
                                                      and p.get("group") not in rejected)
            if pid in done or not ok:
                continue
            out = await tools.call("commit_plan", {"plan_id": pid, "checksum": p["checksum"],
                                                   "idempotency_key": f"{_thread(config)}:{pid}"}, allow={"commit_plan"})
            if not out.ok:
                errors.append(f"commit {pid}: {out.text}")
                continue
            commits.append({"plan_id": pid, "tool": p["tool"], "summary": p["summary"], "replayed": out.data.get("replayed")})
            obj = out.data.get("result") or {}
            if p["tool"] in ("create_overall_plan", "create_campaign", "create_coupon") and obj.get("status") in ("paused", "draft"):
                created.append({"id": obj.get("id"), "tool": p["tool"], "status": obj.get("status")})
        return {"commits": commits, "created": created, "errors": errors}

    async def follow_up(state: ManagerState) -> ManagerState:
        """Objects the merchant's policy created paused are activated in a second round (approved again)."""
        activated = {t for r in state.get("results", []) for t in r.get("activates", [])}
        todo = [c for c in state.get("created", []) if c["id"] not in activated]
        results = list(state.get("results", []))
        proposals = list(state.get("proposals", []))
        lang = state.get("lang", "zh")
        ads = [c["id"] for c in todo if c["tool"] != "create_coupon"]
        coupons = [c["id"] for c in todo if c["tool"] == "create_coupon"]
        replace = state.get("route") == "goal"
        for spec, task in ((BIDDING, {"kind": "activate", "targets": ads, "replace": replace}),
                           (PROMOTION, {"kind": "activate", "targets": coupons})):
            if task["targets"]:
                r = await run_subagent(spec, model, tools, task, lang)
                results.append({**_result_summary(r), "activates": task["targets"]})
                proposals += _grouped(r.proposals, len(results))
        return {"results": results, "proposals": proposals, "rounds": state.get("rounds", 0) + 1}

    async def ledger(state: ManagerState) -> ManagerState:
        days = (state.get("ledger") or {}).get("days", 7)
        total = await call("get_report", {"days": days})
        by_lever = await call("get_report", {"days": days, "group_by": ["lever"]})
        by_day = await call("get_report", {"days": days, "group_by": ["day"]})
        return {"ledger": {"days": days, "total": total.get("totals"), "by_lever": by_lever.get("rows"),
                           "by_day": by_day.get("rows")}}

    async def report(state: ManagerState) -> ManagerState:
        if state.get("route") == "reply" and state.get("reply"):
            return {}
        summary = {k: state.get(k) for k in ("route", "goal", "plan", "results", "commits", "ledger", "errors", "created")}
        summary["proposals"] = [{**{k: p.get(k) for k in ("plan_id", "summary", "tool", "spend_delta_fen", "needs_approval")},
                                 "decision": state.get("decisions", {}).get(p["plan_id"],
                                                                            "pending" if p["needs_approval"] else "auto")}
                                for p in state.get("proposals", [])]
        messages = [Message(role="system", content=f"[agent:report] [lang:{state.get('lang', 'zh')}]\n{REPORT}"),
                    Message(role="user", content=json.dumps(summary, ensure_ascii=False, default=str))]
        turn = await model.complete(messages, [], tool_choice="none")
        return {"reply": turn.message.content}

    def after_understand(state: ManagerState) -> str:
        return {"goal": "plan", "delegate": "delegate", "ledger": "ledger"}.get(state.get("route", ""), "report")

    def after_plan(state: ManagerState) -> str:
        return "delegate" if state.get("route") == "goal" else "report"

    def after_commit(state: ManagerState) -> str:
        activated = {t for r in state.get("results", []) for t in r.get("activates", [])}
        more = [c for c in state.get("created", []) if c["id"] not in activated]
        return "follow_up" if more and state.get("rounds", 0) < MAX_ROUNDS else "report"

    g = StateGraph(ManagerState)
    for name, fn in (("understand", understand), ("plan", plan), ("delegate", delegate), ("approve", approve),
                     ("commit", commit), ("follow_up", follow_up), ("ledger", ledger), ("report", report)):
        g.add_node(name, fn)
    g.add_edge(START, "understand")
    g.add_conditional_edges("understand", after_understand, ["plan", "delegate", "ledger", "report"])
    g.add_conditional_edges("plan", after_plan, ["delegate", "report"])
    g.add_edge("delegate", "approve")
    g.add_edge("approve", "commit")
    g.add_conditional_edges("commit", after_commit, ["follow_up", "report"])
    g.add_edge("follow_up", "approve")
    g.add_edge("ledger", "report")
    g.add_edge("report", END)
    return g


def launch_jobs(goal: dict[str, Any], plan: dict[str, Any]) -> list[tuple[AgentSpec | None, dict[str, Any]]]:
    """The sub-agents' tasks for a planned goal: one overall plan for the ad money, coupons, creators."""
    horizon = max(1, int(goal.get("horizon_days", 7)))
    ads: dict[str, int] = {}
    coupon_fen = creator_fen = 0
    for a in plan.get("allocations", []):
        lever, total = a["lever"], int(a["spend_fen"])
        if lever in AD_LEVERS:
            ads[a["product_id"]] = ads.get(a["product_id"], 0) + total
        elif lever == "coupon":
            coupon_fen += total
        elif lever == "creator":
            creator_fen += total
    jobs: list[tuple[AgentSpec | None, dict[str, Any]]] = []
    products = [{"product_id": p, "daily_budget_fen": t // horizon} for p, t in sorted(ads.items()) if t // horizon > 0]
    if products:
        jobs.append((BIDDING, {"kind": "launch", "products": products, "roi_target": goal["roi_target"], "horizon_days": horizon}))
    pushed = sorted({a["product_id"] for a in plan.get("allocations", [])})
    if coupon_fen > 0:
        jobs.append((PROMOTION, {"kind": "coupons", "product_ids": pushed, "budget_fen": coupon_fen}))
    if creator_fen > 0:
        jobs.append((PROMOTION, {"kind": "creators", "product_ids": pushed, "budget_fen": creator_fen}))
    return jobs
