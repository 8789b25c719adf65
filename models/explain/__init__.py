"""KPI explainer: why GMV / overall ROI changed between two periods, with ranked, tested causes.

Call `explain_change(ExplainRequest(...))`; fill the request from the platform's reports with the
helpers in `models.explain.fill`. Funnel factors get exact Shapley shares; places (channel,
category, product, campaign, creative) are localised as in Adtributor; normal noise comes from the
history, so an ordinary day answers "no significant change".
"""

from models.explain.explainer import MODEL_NAME, MODEL_VERSION, explain_change
from models.explain.fill import (
    period_from_rows,
    periods_from_daily,
    summarise_auction_insights,
)
from models.explain.result import (
    Cause,
    CauseKind,
    Evidence,
    Explanation,
    FactorShare,
    KpiChange,
    NoiseInfo,
    Status,
)
from models.explain.types import (
    AuctionRow,
    Dimension,
    ExplainRequest,
    Factor,
    PeriodReport,
    ReportRowIn,
)

__all__ = [
    "MODEL_NAME",
    "MODEL_VERSION",
    "AuctionRow",
    "Cause",
    "CauseKind",
    "Dimension",
    "Evidence",
    "ExplainRequest",
    "Explanation",
    "Factor",
    "FactorShare",
    "KpiChange",
    "NoiseInfo",
    "PeriodReport",
    "ReportRowIn",
    "Status",
    "explain_change",
    "period_from_rows",
    "periods_from_daily",
    "summarise_auction_insights",
]
