"""The market's domain types (pydantic, strict, money in integer fen, prefixed ids)."""

from market.types.ads import BidType, Campaign, CampaignStatus, Creative, CreativeStatus, OverallPlan, Schedule
from market.types.base import CATEGORIES, CHANNELS, Category, Channel, DomainModel, Lever
from market.types.catalog import Buyer, BuyerSegment, FaqEntry, Product, Shop
from market.types.coupons import Coupon, CouponKind, CouponTarget, CouponType
from market.types.creators import Collaboration, CollaborationType, CommissionPlan, CommissionPlanKind, Creator
from market.types.events import EVENT_KINDS, EVENT_PARAMS, EventKind, MarketEvent
from market.types.policy import SpendPolicy
from market.types.ledger import LEDGER_KINDS, MARKETING_COST_KINDS, LedgerEntry, LedgerKind, ReportGroup, ReportRow
from market.types.orders import LogisticsEvent, Order, OrderLine, ReturnKind, ReturnPolicy, ReturnReason, ReturnRequest

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "EVENT_KINDS",
    "EVENT_PARAMS",
    "LEDGER_KINDS",
    "MARKETING_COST_KINDS",
    "BidType",
    "Buyer",
    "BuyerSegment",
    "Campaign",
    "CampaignStatus",
    "Category",
    "Channel",
    "Collaboration",
    "CollaborationType",
    "CommissionPlan",
    "CommissionPlanKind",
    "Coupon",
    "CouponKind",
    "CouponTarget",
    "CouponType",
    "Creative",
    "CreativeStatus",
    "Creator",
    "DomainModel",
    "EventKind",
    "FaqEntry",
    "LedgerEntry",
    "LedgerKind",
    "Lever",
    "LogisticsEvent",
    "MarketEvent",
    "Order",
    "OrderLine",
    "OverallPlan",
    "Product",
    "ReportGroup",
    "ReportRow",
    "ReturnKind",
    "ReturnPolicy",
    "ReturnReason",
    "ReturnRequest",
    "Schedule",
    "Shop",
    "SpendPolicy",
]
