"""A small synthetic shop whose report rows the tests can shape: Poisson counts around known rates.

Each day draws a common traffic factor (the normal day-to-day wave) and Poisson counts per leaf
(channel x product x campaign) and per creative; `change` lets a test move one place's factor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.explain import ExplainRequest, PeriodReport, ReportRowIn

__all__ = ["Leaf", "Shop", "make_request"]


@dataclass(frozen=True)
class Leaf:
    channel: str | None
    product: str
    campaign: str | None
    impressions: float = 0.0
    ctr: float = 0.02
    cvr: float = 0.05
    organic_orders: float = 0.0
    order_value: float = 10_000.0
    cpm: float = 2_000.0


@dataclass
class Shop:
    leaves: list[Leaf] = field(default_factory=list)
    creatives: dict[str, tuple[str, float]] = field(default_factory=dict)
    """creative id -> (product, share of the product's ad impressions)."""
    categories: dict[str, str] = field(default_factory=dict)
    coupon_per_order: float = 500.0

    @classmethod
    def standard(cls) -> Shop:
        leaves = []
        chans = ["feed", "feed", "live", "search", "mall", "feed"]
        for i in range(12):
            p = f"prd_{i:02d}"
            if i < 6:
                leaves.append(Leaf(chans[i], p, f"cmp_{i:02d}", impressions=40_000 + 8_000 * i,
                                   ctr=0.015 + 0.002 * i, cvr=0.04 + 0.004 * (i % 3), order_value=8_000 + 1_000 * i))
            leaves.append(Leaf(None, p, None, organic_orders=8 + i, order_value=8_000 + 1_000 * i))
        creatives = {}
        for i in range(6):
            creatives[f"crv_{i:02d}a"] = (f"prd_{i:02d}", 0.6)
            creatives[f"crv_{i:02d}b"] = (f"prd_{i:02d}", 0.4)
        cats = {f"prd_{i:02d}": ("beauty", "home", "digital")[i % 3] for i in range(12)}
        return cls(leaves, creatives, cats)

    def _factor(self, leaf: Leaf, change: dict[tuple[str, str], float], name: str) -> float:
        m = 1.0
        for place in ("all", leaf.channel, leaf.product, leaf.campaign):
            m *= change.get((str(place), name), 1.0)
        if name == "ctr" and leaf.campaign is not None:
            # A creative's CTR change moves its product's CTR by its share of impressions.
            m *= _creative_mix(self, leaf.product, change)
        return m

    def day(self, rng: np.random.Generator, change: dict[tuple[str, str], float] | None = None,
            wave: float = 0.08, attribution: dict[str, float] | None = None) -> PeriodReport:
        """One day's report. `change[(place, factor)]` multiplies a factor of the leaves of a place
        (place = channel, product or campaign id, or 'all'); `attribution[channel]` = share of ad
        orders the platform loses."""
        change = change or {}
        attribution = attribution or {}
        traffic = float(np.exp(rng.normal(0.0, wave)))
        rows, creative_rows = [], []
        for leaf in self.leaves:
            def f(name: str, leaf: Leaf = leaf) -> float:
                return self._factor(leaf, change, name)

            imp = int(rng.poisson(leaf.impressions * traffic * f("impressions")))
            clicks = int(rng.binomial(imp, min(leaf.ctr * f("ctr"), 1.0)))
            ad_orders = int(rng.binomial(clicks, min(leaf.cvr * f("cvr"), 1.0)))
            lost = int(rng.binomial(ad_orders, attribution.get(str(leaf.channel), 0.0)))
            organic = int(rng.poisson(leaf.organic_orders * traffic * f("other_orders")))
            orders = ad_orders + organic
            value = leaf.order_value * f("order_value")
            gmv = int(rng.normal(value, 0.1 * value, size=orders).sum())
            spend = int(imp * leaf.cpm * f("cpm") / 1000.0)
            coupon = int(orders * self.coupon_per_order)
            group = {"channel": leaf.channel, "product": leaf.product, "campaign": leaf.campaign}
            if lost:
                # Lost ad orders leave the campaign (the platform does not know them) but keep the channel.
                share = lost / max(orders, 1)
                rows.append(ReportRowIn(group={**group, "campaign": None}, orders=lost, gmv_fen=int(gmv * share),
                                        total_marketing_cost_fen=int(lost * self.coupon_per_order)))
                gmv -= int(gmv * share)
                orders -= lost
                coupon -= int(lost * self.coupon_per_order)
            rows.append(ReportRowIn(group=group, impressions=imp, clicks=clicks, conversions=ad_orders - lost,
                                    orders=orders, gmv_fen=max(gmv, 0), ad_spend_fen=spend,
                                    total_marketing_cost_fen=spend + coupon))
            if leaf.campaign is not None:
                for cid, (prod, sh) in self.creatives.items():
                    if prod != leaf.product:
                        continue
                    cimp = int(imp * sh)
                    ctr = leaf.ctr * f("ctr") / _creative_mix(self, prod, change) * change.get((cid, "ctr"), 1.0)
                    cclk = int(rng.binomial(cimp, min(ctr, 1.0)))
                    cconv = int(rng.binomial(cclk, min(leaf.cvr * f("cvr"), 1.0)))
                    creative_rows.append(ReportRowIn(group={"creative": cid, "product": prod}, impressions=cimp,
                                                     clicks=cclk, conversions=cconv, orders=cconv,
                                                     gmv_fen=int(cconv * value), ad_spend_fen=int(cimp * leaf.cpm / 1000),
                                                     total_marketing_cost_fen=int(cimp * leaf.cpm / 1000)))
        return PeriodReport(rows=rows, creative_rows=creative_rows)


def make_request(seed: int = 0, *, history: int = 10, change: dict[tuple[str, str], float] | None = None,
                 attribution: dict[str, float] | None = None, shop: Shop | None = None, **kw: object) -> ExplainRequest:
    """history days, then before, then after (with `change` / `attribution` applied to `after`)."""
    shop = shop or Shop.standard()
    rng = np.random.default_rng(seed)
    days = [shop.day(rng) for _ in range(history + 1)]
    after = shop.day(rng, change=change, attribution=attribution)
    return ExplainRequest(before=days[-1], after=after, history=days[:-1], product_categories=shop.categories, **kw)  # type: ignore[arg-type]


def _creative_mix(shop: Shop, product: str, change: dict[tuple[str, str], float]) -> float:
    mine = [(c, sh) for c, (prod, sh) in shop.creatives.items() if prod == product]
    return sum(sh * change.get((c, "ctr"), 1.0) for c, sh in mine) / max(sum(sh for _, sh in mine), 1e-9) if mine else 1.0
