"""What the KPI explainer answers: the change, its funnel decomposition and the ranked causes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.explain.types import Dimension, Factor

__all__ = ["Cause", "CauseKind", "Evidence", "Explanation", "FactorShare", "KpiChange", "NoiseInfo", "Status"]

Status = Literal["significant_change", "no_significant_change"]
CauseKind = Literal[
    "traffic", "competition", "creative", "conversion", "availability", "organic", "price", "cost", "tracking"
]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KpiChange(_Out):
    """One headline number in both periods and how unusual its change is."""

    name: Literal["gmv_fen", "overall_roi"] = Field(description="GMV in fen, or GMV / total marketing cost.")
    before: float | None = Field(description="Value in the earlier period (None: undefined, e.g. no cost).")
    after: float | None = Field(description="Value in the later period.")
    change: float | None = Field(description="after - before.")
    change_pct: float | None = Field(description="Relative change in percent.")
    normal_pct: float | None = Field(
        description="Typical period-to-period change in percent (one standard deviation, from the history)."
    )


class FactorShare(_Out):
    """One funnel factor's exact share of the shop-level change (Shapley; the shares add up)."""

    factor: Factor = Field(description="The funnel factor.")
    before: float | None = Field(
        description="Factor value before: impressions and other orders are counts, CTR and CVR rates, order value "
        "fen per order, CPM fen per thousand impressions, other cost fen per order."
    )
    after: float | None = Field(description="Factor value after.")
    gmv_fen: float = Field(description="Its part of the GMV change in fen; the parts add up to the GMV change.")
    roi_points: float | None = Field(description="Its part of the overall-ROI change; the parts add up to it.")


class Evidence(_Out):
    """A number that shows the cause, before and after."""

    metric: str = Field(description="What is measured, e.g. 'ctr', 'impressions', 'win_rate', 'shop ctr'.")
    before: float | None = Field(description="Value in the earlier period.")
    after: float | None = Field(description="Value in the later period.")


class Cause(_Out):
    """One localised cause: where (dimension, value), how (funnel factor), how much and how sure."""

    rank: int = Field(ge=1, description="1 = largest.")
    dimension: Dimension = Field(description="'shop' for a shop-wide move, else where the change is concentrated.")
    value: str = Field(description="The channel / category / product / campaign / creative id; 'all' for the shop; "
                       "'(none)' for sales outside ads or not attributed to any.")
    factor: Factor = Field(description="The funnel factor that moved (attribution = ad orders the platform lost track of).")
    kind: CauseKind = Field(description="The family of cause, for the specialist that should look further.")
    also: list[Factor] = Field(default_factory=list, description="Other factors of the same place that moved too.")
    gmv_fen: float = Field(description="This place-and-factor's exact part of the shop's GMV change, in fen.")
    unusual_gmv_fen: float = Field(
        description="The part beyond what the rest of the shop did (GMV-equivalent fen; for cost factors the "
        "cost change times the shop ROI, negative = worse); what the significance test is on."
    )
    roi_points: float | None = Field(description="Its part of the overall-ROI change (ROI points).")
    share_of_change: float | None = Field(description="gmv_fen / the shop's GMV change (None when it did not change).")
    z: float = Field(description="How many noise standard deviations the unusual part is.")
    confidence: float = Field(ge=0.0, le=1.0, description="1 - the chance that noise alone shows a move this large anywhere.")
    evidence: list[Evidence] = Field(description="Before/after figures that show the cause.")
    summary: str = Field(description="One sentence for the merchant.")


class NoiseInfo(_Out):
    """How normal variation was estimated."""

    source: Literal["history", "prior"] = Field(description="history: fitted from earlier periods; prior: assumed.")
    history_pairs: int = Field(ge=0, description="Period-to-period changes the noise was fitted on.")
    tests: int = Field(ge=0, description="Places x factors tested (the false-alarm budget is shared among them).")
    z_threshold: float = Field(description="|z| a localised move needs to be reported (the strictest dimension's).")


class Explanation(_Out):
    """Why the shop's GMV / overall ROI changed, or that it did not change beyond normal noise."""

    model: str = Field(description="Model name.")
    version: str = Field(description="Model version.")
    learned: bool = Field(description="True when the noise model was fitted from the given history.")
    why: str = Field(description="Short summary of the answer.")
    status: Status = Field(description="significant_change when at least one cause passed the tests.")
    gmv: KpiChange = Field(description="Shop GMV in both periods.")
    roi: KpiChange = Field(description="Overall ROI (GMV / total marketing cost) in both periods.")
    funnel: list[FactorShare] = Field(description="Shop-level Shapley shares of the change per funnel factor.")
    causes: list[Cause] = Field(description="Ranked causes, largest first; empty when nothing unusual happened.")
    noise: NoiseInfo = Field(description="How normal variation was estimated.")
