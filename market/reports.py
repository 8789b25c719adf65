"""Roll the ledger and the ad statistics up into report rows (the 一本账)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from market.errors import InvalidInput
from market.types.ledger import MARKETING_COST_KINDS, ReportRow

if TYPE_CHECKING:
    from market.store import Store

__all__ = ["GROUPS", "build_report", "finish_row", "total_of"]

GROUPS = ("day", "product", "channel", "campaign", "lever", "creative")


def build_report(store: Store, shop_id: str, start: int, end: int, group_by: list[str]) -> list[ReportRow]:
    bad = [g for g in group_by if g not in GROUPS]
    if bad or len(set(group_by)) != len(group_by):
        raise InvalidInput(f"group_by must be distinct values from {', '.join(GROUPS)}; got {group_by}")
    ads = store.ad_sums(shop_id, start, end, group_by)
    if "creative" in group_by:
        # Money by creative exists only on the ad side: the ledger does not know creatives.
        ledger: dict[tuple[Any, ...], dict[str, int]] = {
            k: {"ad_spend": v["spend_fen"], "gmv": v["gmv_fen"]} for k, v in ads.items()
        }
        orders = {k: v["orders"] for k, v in ads.items()}
    else:
        ledger = store.ledger_sums(shop_id, start, end, group_by)
        orders = store.order_counts(shop_id, start, end, group_by)
    keys = sorted(set(ledger) | set(ads) | set(orders), key=lambda k: tuple("" if x is None else str(x) for x in k))
    rows = []
    for key in keys:
        money = ledger.get(key, {})
        ad = ads.get(key, {})
        rows.append(finish_row(dict(zip(group_by, key, strict=True)), money, ad, orders.get(key, 0)))
    return rows


def finish_row(group: dict[str, Any], money: dict[str, int], ad: dict[str, int], orders: int) -> ReportRow:
    gmv = money.get("gmv", 0)
    refund = money.get("refund", 0)
    marketing = sum(money.get(k, 0) for k in MARKETING_COST_KINDS)
    platform = money.get("platform_fee", 0)
    cogs = money.get("cogs", 0)
    imps, clicks, conv = ad.get("impressions", 0), ad.get("clicks", 0), ad.get("conversions", 0)
    return ReportRow(
        group=group,
        impressions=imps,
        clicks=clicks,
        conversions=conv,
        orders=orders,
        ctr=round(clicks / imps, 5) if imps else 0.0,
        cvr=round(conv / clicks, 5) if clicks else 0.0,
        gmv_fen=gmv,
        refund_fen=refund,
        settled_gmv_fen=gmv - refund,
        ad_spend_fen=money.get("ad_spend", 0),
        coupon_fen=money.get("coupon", 0),
        creator_fee_fen=money.get("creator_fee", 0),
        creator_commission_fen=money.get("creator_commission", 0),
        total_marketing_cost_fen=marketing,
        platform_fee_fen=platform,
        cogs_fen=cogs,
        overall_roi=round(gmv / marketing, 3) if marketing > 0 else None,
        settled_roi=round((gmv - refund) / marketing, 3) if marketing > 0 else None,
        net_profit_fen=gmv - refund - marketing - platform - cogs,
    )


_MONEY = {
    "gmv": "gmv_fen", "refund": "refund_fen", "ad_spend": "ad_spend_fen", "coupon": "coupon_fen",
    "creator_fee": "creator_fee_fen", "creator_commission": "creator_commission_fen",
    "platform_fee": "platform_fee_fen", "cogs": "cogs_fen",
}


def total_of(rows: list[ReportRow]) -> ReportRow:
    """The ungrouped row, from rows grouped by anything but creative (their sums are exact)."""
    if any("creative" in r.group for r in rows):
        raise InvalidInput("rows grouped by creative do not add up to the shop's totals")
    money = {kind: sum(getattr(r, col) for r in rows) for kind, col in _MONEY.items()}
    ad = {k: sum(getattr(r, k) for r in rows) for k in ("impressions", "clicks", "conversions")}
    return finish_row({}, money, ad, sum(r.orders for r in rows))
