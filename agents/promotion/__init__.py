"""The promotion sub-agent: coupons and creator collaborations, from the policy models to proposals."""

from agents.promotion.agent import PROMOTION

__all__ = ["PROMOTION"]
