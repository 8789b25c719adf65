"""The policy server: the numeric brains of models/ as read-only tools.

Each tool reads what it needs from the market through the Backend (reports, auction insights,
catalog), runs a model and returns the decision with the model's name, version, whether it is a
learned model or a baseline, and a short why. Nothing here changes the shop: applying a decision
is a proposal on the ads / coupons / creators servers. Run alone with `python -m mcp_servers.policy`
or `zhanggui serve policy`.
"""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer

from mcp_servers.policy.bids import make_recommend_bids
from mcp_servers.policy.budget import make_plan_budget
from mcp_servers.policy.coupons import make_recommend_coupons
from mcp_servers.policy.creators import make_match_creators
from mcp_servers.policy.explain import make_explain_change
from mcp_servers.policy.forecast import make_forecast
from mcp_servers.runtime import ToolRuntime, register

__all__ = ["INSTRUCTIONS", "build_policy_server"]

INSTRUCTIONS = """Policy models for one merchant's shop, all read-only: recommend_bids (next step's bid
multiplier per campaign), plan_budget (one budget + one ROI target -> allocation over products and
levers), recommend_coupons, match_creators, explain_change (why a KPI moved) and forecast_kpi. Each
answer names the model, its version and whether it is learned or a baseline. To act on an answer,
propose the change with the ads / coupons / creators tools and commit_plan. Money is in fen."""


def build_policy_server(rt: ToolRuntime, server: MCPServer | None = None) -> MCPServer:
    """Register the policy tools on `server` (a new one named 'zhanggui-policy' by default)."""
    srv = server or MCPServer("zhanggui-policy", instructions=INSTRUCTIONS)
    register(srv, make_plan_budget(rt), kind="read", title="Plan the budget (super plan)")
    register(srv, make_recommend_bids(rt), kind="read", title="Recommend bid multipliers")
    register(srv, make_recommend_coupons(rt), kind="read", title="Recommend coupons")
    register(srv, make_match_creators(rt), kind="read", title="Match creators to a product")
    register(srv, make_explain_change(rt), kind="read", title="Explain a KPI change")
    register(srv, make_forecast(rt), kind="read", title="Forecast a KPI")
    return srv
