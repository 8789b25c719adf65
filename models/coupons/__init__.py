"""The coupon optimizer: which coupon, for whom and how much stock adds the most profit.

Public API: `recommend_coupons(CouponRequest) -> CouponPlan`. `candidate_grid` and `discounts` are
public so that benchmarks can score the same candidates against the truth.
"""

from models.coupons.demand import DemandFit, fit_demand
from models.coupons.optimizer import MODEL_NAME, MODEL_VERSION, recommend_coupons
from models.coupons.terms import candidate_grid, coupon_name, discounts, face_value
from models.coupons.types import (
    CouponPlan,
    CouponProduct,
    CouponRecommendation,
    CouponRequest,
    CouponSegment,
    CouponTerms,
    CouponType,
    ElasticityEstimate,
    Outcome,
    ProductDay,
)

__all__ = [
    "MODEL_NAME",
    "MODEL_VERSION",
    "CouponPlan",
    "CouponProduct",
    "CouponRecommendation",
    "CouponRequest",
    "CouponSegment",
    "CouponTerms",
    "CouponType",
    "DemandFit",
    "ElasticityEstimate",
    "Outcome",
    "ProductDay",
    "candidate_grid",
    "coupon_name",
    "discounts",
    "face_value",
    "fit_demand",
    "recommend_coupons",
]
