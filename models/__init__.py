"""Numeric brains (bidding, allocation, coupons, creator matching, KPI explainer).

Pure functions of observations to decisions; no imports of `market` at inference time.
"""
