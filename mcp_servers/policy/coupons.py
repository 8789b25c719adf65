"""recommend_coupons: the coupon, target and stock that add the most profit within the liability cap."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from mcp_servers.policy.common import model_errors
from mcp_servers.policy.history import complete_days, products, segment_interests
from mcp_servers.runtime import ToolRuntime
from models.coupons import CouponPlan, CouponProduct, CouponRequest, CouponSegment, ProductDay
from models.coupons import recommend_coupons as run_model

__all__ = ["make_recommend_coupons"]

_HISTORY_DAYS = 28


def make_recommend_coupons(rt: ToolRuntime) -> Any:
    m = rt.market

    async def recommend_coupons(
        product_ids: Annotated[list[str] | None, Field(
            description="Products the coupon may cover (prd_...); omit to consider the whole shop.", max_length=60)] = None,
        horizon_days: Annotated[int, Field(ge=1, le=90, description="How long the coupon runs (its claim days).")] = 7,
        liability_cap_fen: Annotated[int | None, Field(ge=0, description=(
            "Most the coupon's stock x face value may add, fen; default: what the merchant's cap leaves free."))] = None,
        segment_targeting: Annotated[bool, Field(description="Also consider coupons for one buyer segment only.")] = True,
        top_k: Annotated[int, Field(ge=1, le=10, description="How many recommendations.")] = 3,
    ) -> CouponPlan:
        """Recommend coupons (满减 / 立减 / 折扣, all buyers or one segment, with stock) that add the most profit:
        orders they create x margin minus the discount given on orders that would have come anyway, with the
        price elasticity estimated from the shop's own daily sales. Says "no coupon" when none pays. Read-only:
        propose the chosen one with create_coupon."""
        with model_errors():
            shop = rt.shop()
            catalog = products(m, shop)
            known = {p.id for p in catalog}
            for pid in product_ids or []:
                if pid not in known:
                    m.get_product(shop, pid)  # the market's not-found error, with its hint
            free = m.changes.spend_policy(shop).max_coupon_liability_fen - m.changes.coupon_liability(shop)
            _, _, rows = complete_days(m, shop, _HISTORY_DAYS, ["day", "product"])
            history = [ProductDay(day=int(r.group["day"]), product_id=str(r.group["product"]), orders=r.orders,  # type: ignore[arg-type]
                                  gmv_fen=r.gmv_fen, coupon_fen=r.coupon_fen, refund_fen=r.refund_fen,
                                  platform_fee_fen=r.platform_fee_fen)
                       for r in rows if r.group.get("product") in known]
            request = CouponRequest(
                products=[CouponProduct(product_id=p.id, category=p.category, price_fen=p.price_fen,
                                        unit_cost_fen=p.unit_cost_fen, stock=p.stock) for p in catalog if p.status == "on_sale"],
                segments=[CouponSegment(key=s.key, share=s.share, price_sensitivity=s.price_sensitivity,
                                        interest=segment_interests(s)) for s in m.list_segments()],
                history=history, horizon_days=horizon_days,
                liability_cap_fen=max(0, free if liability_cap_fen is None else min(liability_cap_fen, free)),
                product_ids=list(product_ids or []), segment_targeting=segment_targeting, top_k=top_k)
            return run_model(request)

    return recommend_coupons
