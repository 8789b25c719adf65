"""The super-plan allocator (千策): response curves per product x lever and one budget across them.

Public API (what the policy MCP server calls):
- `plan_budget(PlanRequest) -> PlanResult`: the allocation, expected GMV / ROI with an interval,
  reasons, and feasible alternatives when the request cannot be met as asked.
- `fit_response_curves(products, history) -> ResponseCurves`: the fitted curves alone.
"""

from models.plan.fit import fit_response_curves
from models.plan.planner import plan_budget
from models.plan.types import (
    LEVERS,
    HistoryRow,
    Lever,
    NotFunded,
    Objective,
    PlanAllocation,
    PlanAlternative,
    PlanProduct,
    PlanRequest,
    PlanResult,
    PlanStatus,
    ResponseCurve,
    ResponseCurves,
)

__all__ = [
    "LEVERS",
    "HistoryRow",
    "Lever",
    "NotFunded",
    "Objective",
    "PlanAllocation",
    "PlanAlternative",
    "PlanProduct",
    "PlanRequest",
    "PlanResult",
    "PlanStatus",
    "ResponseCurve",
    "ResponseCurves",
    "fit_response_curves",
    "plan_budget",
]
