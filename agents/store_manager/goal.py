"""The merchant's goal: what the whole store manager works toward."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Goal"]


class Goal(BaseModel):
    """One total budget, one overall ROI target, the products to push and the horizon."""

    model_config = ConfigDict(extra="forbid")

    budget_fen: int = Field(gt=0, description="Total marketing budget for the horizon, in fen (1 yuan = 100 fen).")
    roi_target: float = Field(gt=0, le=100, description="Overall ROI target: GMV / total marketing cost.")
    product_ids: list[str] = Field(default_factory=list, description="Products to push (prd_...); empty = the whole shop.")
    horizon_days: int = Field(default=7, ge=1, le=90, description="Days the budget covers.")
    objective: Literal["gmv", "profit"] = Field(default="gmv", description="Maximize GMV or profit.")
