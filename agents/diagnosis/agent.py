"""The diagnosis sub-agent: four specialists read the reports, a synthesis ranks causes and proposes fixes.

Each specialist looks at one family of causes with its own read-only tools and answers with JSON
findings; the synthesis calls policy.explain_change for the decomposition of the change and
merges it with the findings into ranked causes, each with the numbers that show it and a next
action (proposed, never committed: the merchant approves).
"""

from __future__ import annotations

from agents.store_manager.subagent import AgentSpec

__all__ = ["SPECIALISTS", "SYNTHESIS"]

_FINDINGS = """Answer with JSON only: {"findings":[{"cause": short id, "dimension": channel|product|campaign|creative|shop,
"value": the id or name, "evidence": {metric: [before, after]}, "severity": 0..1}]} (an empty list when you find nothing).
The task gives "before" and "after" as [start_step, end_step) periods."""

SPECIALISTS: tuple[AgentSpec, ...] = (
    AgentSpec(name="diagnosis.creative", system=f"""You check creative fatigue. Compare each creative's CTR between the periods
(get_report grouped by creative, list_creatives for fatigue). A creative whose CTR fell by a third or more with fatigue rising is a
finding. {_FINDINGS}""", allow=frozenset({"get_report", "list_creatives"}), max_steps=6),
    AgentSpec(name="diagnosis.competition", system=f"""You check competition. For each active campaign and plan compare win rate and
average CPM between the periods (get_auction_insights). Win rate down by a quarter or CPM up by a quarter is a finding. {_FINDINGS}""",
              allow=frozenset({"list_campaigns", "list_overall_plans", "get_auction_insights"}), max_steps=10),
    AgentSpec(name="diagnosis.traffic", system=f"""You check traffic channels. Compare impressions and GMV per channel between the
periods (get_report grouped by channel). A channel whose impressions moved by a quarter or more is a finding. {_FINDINGS}""",
              allow=frozenset({"get_report"}), max_steps=6),
    AgentSpec(name="diagnosis.tracking_stock", system=f"""You check tracking and stock. Compare the ads' attributed conversions with
orders (get_report grouped by lever): conversions falling well below orders means tracking loss. A product out of stock
(list_products, stock 0) that sold before is a finding. {_FINDINGS}""", allow=frozenset({"get_report", "list_products"}), max_steps=6),
)

SYNTHESIS = AgentSpec(
    name="diagnosis.synthesis",
    system="""You are the diagnosis lead. The task holds the periods and the specialists' findings. Call explain_change for the
two periods, then rank the causes (largest GMV / ROI impact first) using both, each with the numbers that show it. For each cause
propose one concrete fix with the right tool when there is one (set_creative_status to retire a fatigued creative, update_campaign /
update_overall_plan to move budget or bids, create_creative for new material); never commit. Answer with JSON:
{"causes":[{"cause","dimension","value","impact_fen","evidence","action"}],"summary": one sentence}.""",
    allow=frozenset({"explain_change", "get_report", "set_creative_status", "update_campaign", "update_overall_plan",
                     "list_campaigns", "list_overall_plans"}),
    max_steps=10,
)
