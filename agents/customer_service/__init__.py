"""The buyer-facing customer-service agent (店小蜜-style): identification, orders, returns, coupons, hand-off."""

from agents.customer_service.graph import ALLOW, ServiceDeps, ServiceState, build_customer_service, buyer_turn
from agents.customer_service.guard import BUYER_SCOPED, NEEDS_YES, BuyerGuard, GuardState

__all__ = ["ALLOW", "BUYER_SCOPED", "NEEDS_YES", "BuyerGuard", "GuardState", "ServiceDeps", "ServiceState",
           "build_customer_service", "buyer_turn"]
