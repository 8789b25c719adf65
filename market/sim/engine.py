"""One simulated step of the whole market, applied in one transaction.

Order of work in a step: events that start now change state; rivals, campaigns and overall plans
bid in a GSP auction per channel; our won impressions draw clicks and orders; natural traffic and
creators' content sell too; orders are written with their coupon, fees and ledger entries; the
pacing, fatigue and learning states move on; shipped, delivered and returned orders advance.
Randomness comes from streams keyed by (seed, step, purpose, object), so a step can be replayed.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import numpy as np
import numpy.typing as npt

from market.clock import STEPS_PER_DAY, SimTime
from market.sim.auction import run_auction
from market.sim.bidders import (
    AVG_QTY,
    LEARNING_CONVERSIONS,
    LEARNING_FACTOR,
    Bidder,
    ProductTables,
    build_our_tables,
    campaign_k,
)
from market.sim.config import WorldConfig
from market.sim.effects import StepEffects, effects_for
from market.sim.orders import OrderBook, Sale
from market.sim.traffic import CHANNEL_CTR, DIURNAL, WEEKDAY, affinity_table, sample_contexts, step_volumes
from market.store import Store
from market.types import CATEGORIES, CHANNELS, Coupon

__all__ = ["NOISE_LEVELS", "Engine", "Statics", "bid_matrix", "bidder_noise_index",
           "noise_pools", "noise_table", "rng_for"]

_RIVAL_ROI = 2.2
_SMART_COUPON_SHARE = 0.08
_TRUTH_SIGMA = 0.15
"""How far a true click or conversion probability strays from the platform's prediction."""
_LANDSCAPE_SAMPLE = 512
_PCTS = (10, 25, 50, 75, 90)
_CUM_DIURNAL = np.concatenate([[0.0], np.cumsum(DIURNAL) / DIURNAL.sum()])
NOISE_LEVELS = 256


def noise_table(sigma: float) -> npt.NDArray[np.float32]:
    """256 equiprobable quantiles of a mean-one lognormal: drawn with one random byte each."""
    z = np.array([NormalDist().inv_cdf((i + 0.5) / NOISE_LEVELS) for i in range(NOISE_LEVELS)])
    return np.exp(sigma * z - sigma * sigma / 2.0).astype(np.float32)


@dataclass(slots=True)
class Statics:
    """World tables that never change after seeding, as arrays."""

    cfg: WorldConfig
    cat_idx: dict[str, int]
    elasticity: dict[str, float]
    base_ctr: dict[str, float]
    base_cvr: dict[str, float]
    return_rate: dict[str, float]
    exchange_rate: dict[str, float]
    seg_keys: list[str]
    seg_share: npt.NDArray[np.float64]
    interests: npt.NDArray[np.float64]
    price_sens: npt.NDArray[np.float64]
    propensity: npt.NDArray[np.float64]
    aff: npt.NDArray[np.float64]
    ctx_seg: npt.NDArray[np.int64]
    buyers_by_seg: list[list[str]]
    cat_price: dict[str, float]
    policies: dict[str, dict[str, Any]]
    noise: npt.NDArray[np.float32] = field(default_factory=lambda: noise_table(0.35))
    low_propensity: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros((0, 0), bool))
    """[segment, category]: buyers unlikely to buy the category (what smart coupons aim at)."""

    @classmethod
    def load(cls, store: Store, cfg: WorldConfig) -> Statics:
        cats = store.categories()
        segs = store.segments()
        interests = np.array([s["interests"] for s in segs], dtype=np.float64)
        aff = affinity_table(interests)
        n_ctx = aff.shape[0]
        buyers = store.buyer_ids_by_segment()
        return cls(
            cfg=cfg,
            cat_idx={c["key"]: c["idx"] for c in cats},
            elasticity={c["key"]: c["elasticity"] for c in cats},
            base_ctr={c["key"]: c["base_ctr"] for c in cats},
            base_cvr={c["key"]: c["base_cvr"] for c in cats},
            return_rate={c["key"]: c["return_rate"] for c in cats},
            exchange_rate={c["key"]: c["exchange_rate"] for c in cats},
            seg_keys=[s["key"] for s in segs],
            seg_share=np.array([s["share"] for s in segs]) / sum(s["share"] for s in segs),
            interests=interests,
            price_sens=np.array([s["price_sensitivity"] for s in segs]),
            propensity=np.array([s["base_propensity"] for s in segs]),
            aff=aff,
            ctx_seg=np.arange(n_ctx) // (len(CATEGORIES) + 1),
            buyers_by_seg=[buyers.get(s["key"], []) for s in segs],
            cat_price=store.category_mean_prices(),
            policies={p["category"]: p for p in store.return_policies()},
            noise=noise_table(cfg.noise_sigma),
            low_propensity=_low_propensity_matrix(interests, np.array([s["base_propensity"] for s in segs])),
        )


def rng_for(seed: int, step: int, *keys: int) -> np.random.Generator:
    return np.random.default_rng([seed, step, *keys])


_POOL_PAD = 1 << 12
_POOL_MASK = _POOL_PAD - 1


def noise_pools(seed: int, step: int, ch_i: int, n: int) -> npt.NDArray[np.uint8]:
    """Two pools of random bytes per step and channel, from which every bidder reads its noise."""
    raw = rng_for(seed, step, 200 + ch_i).bytes(2 * (n + _POOL_PAD))
    return np.frombuffer(raw, dtype=np.uint8).reshape(2, n + _POOL_PAD)


def bid_matrix(
    tables: npt.NDArray[np.float32],
    keys: list[int],
    ctx: npt.NDArray[np.int16],
    pools: npt.NDArray[np.uint8],
    noise: npt.NDArray[np.float32],
) -> npt.NDArray[np.float32]:
    """Every bidder's eCPM for every impression: its context table times its noise.

    Each bidder's table is expanded once to (context x noise level), so an impression costs one
    16-bit index (context << 8 | noise byte) and one gather instead of two gathers and a product.
    """
    n_bidders, n_ctx = tables.shape
    if n_ctx > 256:
        raise ValueError("at most 256 contexts")
    n = ctx.shape[0]
    expanded = (tables[:, :, None] * noise[None, None, :]).reshape(n_bidders, n_ctx * NOISE_LEVELS)
    base = ctx.astype(np.uint16) << 8
    out = np.empty((n_bidders, n), dtype=np.float32)
    level = np.empty(n, dtype=np.uint8)
    index = np.empty(n, dtype=np.uint16)
    for j, key in enumerate(keys):
        o1, o2 = key & _POOL_MASK, (key >> 12) & _POOL_MASK
        np.bitwise_xor(pools[0, o1 : o1 + n], pools[1, o2 : o2 + n], out=level)
        np.bitwise_or(base, level, out=index)
        np.take(expanded[j], index, out=out[j])
    return out


def bidder_noise_index(pools: npt.NDArray[np.uint8], key: int, n: int) -> npt.NDArray[np.uint8]:
    """A bidder's noise level per impression: two pool windows at offsets taken from its id, XORed.

    Keyed by the bidder's id rather than its position, so adding or pausing one bidder leaves
    every other bidder's noise unchanged (common random numbers across counterfactual runs),
    at the cost of one random stream per step instead of one per bidder.
    """
    o1, o2 = key & _POOL_MASK, (key >> 12) & _POOL_MASK
    return pools[0, o1 : o1 + n] ^ pools[1, o2 : o2 + n]


@dataclass(slots=True)
class ChannelOutcome:
    """What our bidders got in one channel: per won-and-shown impression arrays."""

    bidder: Bidder
    channel: str
    impressions: npt.NDArray[np.int64]
    price: npt.NDArray[np.float32]
    ctx: npt.NDArray[np.int16]
    noise: npt.NDArray[np.float32]
    """The prediction noise the auction applied to each of these impressions."""


class Engine:
    """Advances a market database one step at a time."""

    def __init__(self, store: Store, cfg: WorldConfig) -> None:
        self.store = store
        self.cfg = cfg
        self.statics = Statics.load(store, cfg)
        self._truth = noise_table(_TRUTH_SIGMA)

    # ---- public -----------------------------------------------------------------------------

    def step(self) -> int:
        """Simulate the current step and move the clock on; returns the step simulated."""
        with self.store.transaction():
            step = self.store.current_step()
            self._step(step)
            self.store.set_step(step + 1)
        return step

    # ---- one step ---------------------------------------------------------------------------

    def _step(self, step: int) -> None:
        st = self.statics
        seed = self.cfg.seed
        self._start_events(step)
        events = self.store.active_events(step)
        fx = effects_for(events, st.elasticity)
        products = {p["id"]: p for p in self.store.products_for_sim()}
        self._shop_of = {pid: p["shop_id"] for pid, p in products.items()}
        coupons = self.store.active_coupons(step)
        creatives = self.store.active_creatives_by_product()
        tables = {pid: self._product_tables(p, coupons, creatives, fx) for pid, p in products.items()}
        book = OrderBook(self.store, st, step, products, coupons)

        bidders = self._bidders(step, products, tables, fx, coupons, creatives)
        bidder_rows: list[dict[str, Any]] = []
        stats: dict[tuple[str, str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
        volumes = step_volumes(seed, step, self.cfg.impressions_per_day, self.cfg.block_noise, fx.traffic, fx.shifts)
        spend_by_bidder: dict[str, float] = defaultdict(float)
        for ch_i, ch in enumerate(CHANNELS):
            n = volumes[ch]
            self.store.insert("traffic_steps", {"step": step, "channel": ch, "impressions": n})
            group = sorted((b for b in bidders if ch in b.channel_ok), key=lambda b: b.id)
            if n == 0 or not group:
                continue
            outcomes = self._auction(step, ch_i, ch, n, group, bidder_rows, spend_by_bidder)
            for out in outcomes:
                self._draw_sales(step, ch_i, out, products, creatives, fx, book, stats)

        self._organic(step, products, fx, book)
        self._creators(step, products, fx, book)
        book.flush(stats)
        self._write_ad_stats(step, stats, products)
        self.store.insert_many("bidder_steps", bidder_rows)
        self._bidder_rows = bidder_rows
        self._move_states(step, bidders, spend_by_bidder, creatives, stats, fx)
        book.advance_lifecycle()

    # ---- events -----------------------------------------------------------------------------

    def _start_events(self, step: int) -> None:
        for ev in self.store.events_starting(step):
            if ev.kind == "stock_out":
                self.store.set_stock(ev.params["product_id"], 0)
            elif ev.kind == "new_competitor":
                p = ev.params
                self.store.insert(
                    "competitors",
                    {
                        "id": self.store.new_id("adv"),
                        "category": p["category"],
                        "channel": p.get("channel"),
                        "daily_budget_fen": int(p["daily_budget_fen"]),
                        "strength": float(p.get("strength", 1.5)),
                        "pacing": 1.0,
                        "entered_step": step,
                        "event_id": ev.id,
                    },
                )

    # ---- tables -----------------------------------------------------------------------------

    def _expected_discount(self, product: dict[str, Any], coupons: list[Coupon]) -> npt.NDArray[np.float64]:
        """Per segment: the best shop-coupon discount a buyer of one unit can expect."""
        st = self.statics
        out = np.zeros(len(st.seg_keys))
        for c in coupons:
            if c.kind != "shop" or c.shop_id != product["shop_id"] or c.stock <= 0:
                continue
            if c.product_ids and product["id"] not in c.product_ids:
                continue
            d = c.discount_for(product["price_fen"])
            if d <= 0:
                continue
            for s, key in enumerate(st.seg_keys):
                if c.target == "segment" and c.target_segment != key:
                    continue
                if c.target == "low_propensity" and not self._low_propensity(s, product["category"]):
                    continue
                # New-buyer coupons reach about half of a segment's buyers.
                share = 0.5 if c.target == "new_buyers" else 1.0
                out[s] = max(out[s], d * share)
        return out

    def _low_propensity(self, seg: int, category: str) -> bool:
        st = self.statics
        return bool(st.low_propensity[seg, st.cat_idx[category]])

    def _product_tables(
        self,
        p: dict[str, Any],
        coupons: list[Coupon],
        creatives: dict[str, list[dict[str, Any]]],
        fx: StepEffects,
        smart: bool = False,
    ) -> ProductTables:
        st = self.statics
        cat = p["category"]
        c = st.cat_idx[cat]
        disc = self._expected_discount(p, coupons)
        if smart:
            low = st.low_propensity[:, c]
            disc = np.where(low, np.maximum(disc, p["price_fen"] * _SMART_COUPON_SHARE), disc)
        eff_price = np.maximum(p["price_fen"] - disc, 1.0)
        price_factor = (eff_price / p["ref_price_fen"]) ** (st.elasticity[cat] * st.price_sens)
        crv = creatives.get(p["id"], [])
        crv_mult = _blended_creative_mult(crv)
        aff = st.aff[:, c]
        seg = st.ctx_seg
        in_stock = 1.0 if (p["stock"] > 0 and p["status"] == "on_sale") else 0.0
        ctr = np.minimum(st.base_ctr[cat] * crv_mult * aff, 1.0)
        cvr = np.minimum(
            st.base_cvr[cat] * p["appeal"] * st.propensity[seg] * price_factor[seg] * fx.our_cvr[cat] * aff * in_stock,
            1.0,
        )
        value = float((eff_price * st.seg_share).sum()) * AVG_QTY
        return ProductTables(ctr=ctr, cvr=cvr, value_fen=value)

    def _bidders(
        self,
        step: int,
        products: dict[str, dict[str, Any]],
        tables: dict[str, ProductTables],
        fx: StepEffects,
        coupons: list[Coupon],
        creatives: dict[str, list[dict[str, Any]]],
    ) -> list[Bidder]:
        st = self.statics
        t = SimTime(step)
        spent = self.store.spent_on_day(t.day)
        shops = {s["id"]: s for s in self.store.shops_raw()}
        out: list[Bidder] = []
        for r in self.store.active_rivals(step):
            cat = r["category"]
            chans = [r["channel"]] if r["channel"] else list(CHANNELS)
            # In a bid war rivals raise their budgets along with their bids.
            war = max(fx.rival_bid[(cat, ch)] for ch in chans)
            left = r["daily_budget_fen"] * war - spent.get(r["id"], 0.0)
            if left <= 0:
                continue
            b = Bidder(r["id"], "rival", None, frozenset(chans), left, 0.0)
            k = st.cat_price.get(cat, 8000.0) * AVG_QTY / _RIVAL_ROI * r["strength"] * r["pacing"]
            b.bid_k = k
            c = st.cat_idx[cat]
            base = st.base_ctr[cat] * st.base_cvr[cat] * st.propensity[st.ctx_seg] * st.aff[:, c] ** 2
            for ch in chans:
                b.ecpm[ch] = (k * CHANNEL_CTR[ch] * base * fx.rival_bid[(cat, ch)]).astype(np.float32)
            out.append(b)

        live_by_shop: dict[str, int] = defaultdict(int)
        ours = [("campaign", r) for r in self.store.live_campaigns(step)]
        ours += [("plan", r) for r in self.store.live_plans(step)]
        ours = [(k, r) for k, r in ours if _in_daypart(r, t.slot)]
        for _, r in ours:
            live_by_shop[r["shop_id"]] += 1
        for kind, r in ours:
            shop = shops[r["shop_id"]]
            if shop["rating"] < 4.0 or shop["balance_fen"] <= 0:
                continue
            left = min(
                r["daily_budget_fen"] - spent.get(r["id"], 0.0),
                shop["balance_fen"] / live_by_shop[r["shop_id"]],
            )
            if left <= 0:
                continue
            pids = [r["product_id"]] if kind == "campaign" else list(r["product_ids"])
            entries = []
            for pid in pids:
                p = products.get(pid)
                if p is None or p["shop_id"] != r["shop_id"]:
                    continue
                tab = tables[pid]
                if r["smart_coupon"]:
                    tab = self._product_tables(p, coupons, creatives, fx, smart=True)
                if not tab.cvr.any() or not tab.ctr.any():
                    continue
                if kind == "campaign":
                    k = campaign_k(r, tab.value_fen)
                else:
                    k = tab.value_fen / float(r["roi_goal"]) * float(r["bid_multiplier"])
                entries.append((pid, tab, k))
            if not entries:
                continue
            chans = [r["channel"]] if kind == "campaign" else list(CHANNELS)
            b = Bidder(r["id"], kind, r["shop_id"], frozenset(chans), left, 0.0, campaign_row=r)
            b.bid_k = float(np.mean([k for _, _, k in entries]))
            learning = LEARNING_FACTOR if r["conversions_total"] < LEARNING_CONVERSIONS else 1.0
            build_our_tables(b, entries, chans, learning)
            out.append(b)
        return out

    # ---- auction ----------------------------------------------------------------------------

    def _auction(
        self,
        step: int,
        ch_i: int,
        ch: str,
        n: int,
        group: list[Bidder],
        rows: list[dict[str, Any]],
        spend_by_bidder: dict[str, float],
    ) -> list[ChannelOutcome]:
        st = self.statics
        seed = self.cfg.seed
        rng = rng_for(seed, step, 100 + ch_i)
        ctx = sample_contexts(rng, n, ch, st.seg_share, st.interests).ctx
        exposure_u = rng.random((2, n), dtype=np.float32)
        pools = noise_pools(seed, step, ch_i, n)
        ecpm = bid_matrix(np.stack([b.ecpm[ch] for b in group]), [b.key for b in group], ctx, pools, st.noise)
        res = run_auction(ecpm, self.cfg.reserve_fen, exposure_u)

        # Shown wins as flat arrays (bidder, impression, price), then the budget cut: a bidder's
        # wins beyond its remaining budget are dropped, in impression order (never overspent).
        # Bidder indexes fit in 16 bits, which lets numpy's stable sorts below run as radix sorts.
        slot_w = res.winner[res.shown].astype(np.int16)
        slot_i = np.nonzero(res.shown)[1]
        slot_p = res.price[res.shown]
        won_pre = np.bincount(res.winner[res.winner >= 0], minlength=len(group))
        keep = np.ones(slot_w.shape[0], dtype=bool)
        totals = np.bincount(slot_w, weights=slot_p, minlength=len(group))
        for j, b in enumerate(group):
            if totals[j] > b.budget_left_fen:
                mine = np.nonzero(slot_w == j)[0]
                mine = mine[np.argsort(slot_i[mine], kind="stable")]
                over = np.cumsum(slot_p[mine].astype(np.float64)) > b.budget_left_fen
                keep[mine[over]] = False
        dropped = np.bincount(slot_w[~keep], minlength=len(group))
        slot_w, slot_i, slot_p = slot_w[keep], slot_i[keep], slot_p[keep]
        shown_n = np.bincount(slot_w, minlength=len(group))
        spend = np.bincount(slot_w, weights=slot_p.astype(np.float64), minlength=len(group))
        eligible = (ecpm >= self.cfg.reserve_fen).sum(axis=1)
        landscape = self._landscape(ecpm, group)

        order = np.argsort(slot_w, kind="stable")
        bounds = np.searchsorted(slot_w[order], np.arange(len(group) + 1))
        outcomes = []
        for j, b in enumerate(group):
            spend_by_bidder[b.id] += float(spend[j])
            rows.append(
                {
                    "step": step,
                    "bidder_id": b.id,
                    "channel": ch,
                    "shop_id": b.shop_id,
                    "bid_k": b.bid_k,
                    "budget_left_fen": int(b.budget_left_fen),
                    "eligible": int(eligible[j]),
                    "won": int(won_pre[j]),
                    "shown": int(shown_n[j]),
                    "dropped": int(dropped[j]),
                    "spend_fen": int(round(spend[j])),
                    "landscape": landscape[j],
                    "ctx_ecpm": b.ecpm[ch].astype(np.float32).tobytes(),
                    "ctx_product": (
                        json.dumps([b.product_ids[i] for i in b.product[ch]]) if b.kind == "plan" else None
                    ),
                }
            )
            b.budget_left_fen -= float(spend[j])
            if b.kind != "rival" and shown_n[j] > 0:
                mine = order[bounds[j] : bounds[j + 1]]
                imps = slot_i[mine].astype(np.int64)
                c = ctx[imps]
                noise = ecpm[j, imps] / np.maximum(b.ecpm[ch][c], np.float32(1e-30))
                outcomes.append(ChannelOutcome(b, ch, imps, slot_p[mine], c, noise))
        return outcomes

    def _landscape(self, ecpm: npt.NDArray[np.float32], group: list[Bidder]) -> list[dict[str, Any]]:
        """Per bidder: percentiles of the least cost to win a slot, from others' bids on a sample."""
        sample = ecpm[:, :_LANDSCAPE_SAMPLE]
        b_count, width = sample.shape
        top = -np.sort(-sample, axis=0)
        third = top[2] if b_count > 2 else np.zeros(width, np.float32)
        fourth = top[3] if b_count > 3 else np.zeros(width, np.float32)
        lwc = np.maximum(np.where(sample >= third[None, :], fourth[None, :], third[None, :]), self.cfg.reserve_fen)
        k = np.array([max(b.bid_k, 1e-9) for b in group], dtype=np.float64)[:, None]
        need = lwc / np.maximum(sample / k, 1e-12)
        at = [min(width - 1, int(p / 100 * width)) for p in _PCTS]
        cpm = np.sort(lwc, axis=1)[:, at] * 1000.0
        ks = np.sort(need, axis=1)[:, at]
        cpm_rows = np.round(cpm, 2).tolist()
        k_rows = np.round(ks, 1).tolist()
        return [
            {"lwc_cpm_fen": cpm_rows[j], "win_k_fen": k_rows[j], "percentiles": list(_PCTS)} for j in range(b_count)
        ]

    # ---- sales ------------------------------------------------------------------------------

    def _draw_sales(
        self,
        step: int,
        ch_i: int,
        out: ChannelOutcome,
        products: dict[str, dict[str, Any]],
        creatives: dict[str, list[dict[str, Any]]],
        fx: StepEffects,
        book: OrderBook,
        stats: dict[tuple[str, str, str, str], list[int]],
    ) -> None:
        st = self.statics
        b, ch = out.bidder, out.channel
        rng = rng_for(self.cfg.seed, step, 300 + ch_i, b.key)
        ctx = out.ctx
        n = ctx.shape[0]
        # The prediction noise is shared between CTR and CVR; the truth deviates from the
        # prediction by its own small noise (drawn for clicks first, then only for the clicked).
        root = np.sqrt(out.noise)
        truth = self._truth[np.frombuffer(rng.bytes(n), dtype=np.uint8)]
        p_click = np.minimum(b.ctr[ch][ctx] * root * truth, 1.0)
        prod_local = b.product[ch][ctx]
        loss = fx.tracking_loss[ch]
        smart = bool(b.campaign_row and b.campaign_row.get("smart_coupon"))
        for local, pid in enumerate(b.product_ids):
            crv = creatives.get(pid, [])
            sel = np.nonzero(prod_local == local)[0]
            if sel.size == 0 or not crv:
                continue
            weights = np.array([_creative_weight(c) for c in crv])
            mults = np.array([_creative_mult(c) for c in crv]) / _blended_creative_mult(crv)
            choice = rng.choice(len(crv), size=sel.size, p=weights / weights.sum())
            clicked = rng.random(sel.size) < np.minimum(p_click[sel] * mults[choice], 1.0)
            shown_by = np.bincount(choice, minlength=len(crv))
            clicks_by = np.bincount(choice[clicked], minlength=len(crv))
            spend_by = np.bincount(choice, weights=out.price[sel].astype(np.float64), minlength=len(crv))
            keys = [(b.id, ch, pid, c["id"]) for c in crv]
            for ci, key in enumerate(keys):
                if shown_by[ci]:
                    row = stats[key]
                    row[0] += int(shown_by[ci])
                    row[1] += int(clicks_by[ci])
                    book.add_spend(key, float(spend_by[ci]))
            hit = np.nonzero(clicked)[0]
            if hit.size == 0:
                continue
            imp = sel[hit]
            truth_cvr = self._truth[np.frombuffer(rng.bytes(hit.size), dtype=np.uint8)]
            converted = rng.random(hit.size) < np.minimum(b.cvr[ch][ctx[imp]] * root[imp] * truth_cvr, 1.0)
            attributed = rng.random(hit.size) >= loss
            price = products[pid]["price_fen"]
            category = products[pid]["category"]
            for h in np.nonzero(converted)[0]:
                seg = int(st.ctx_seg[ctx[imp[h]]])
                credited = bool(attributed[h])
                book.sale(
                    Sale(
                        product_id=pid,
                        segment=seg,
                        lever="ads" if credited else "organic",
                        channel=ch,
                        campaign_id=b.id if credited else None,
                        stats_key=keys[int(choice[hit[h]])],
                        attributed=credited,
                        smart_discount_fen=(
                            int(price * _SMART_COUPON_SHARE) if smart and self._low_propensity(seg, category) else 0
                        ),
                    )
                )

    def _organic(
        self, step: int, products: dict[str, dict[str, Any]], fx: StepEffects, book: OrderBook
    ) -> None:
        st = self.statics
        t = SimTime(step)
        rng = rng_for(self.cfg.seed, step, 400)
        traffic = float(np.mean([fx.traffic[ch] for ch in CHANNELS]))
        base = self.cfg.organic_orders_per_product_day / STEPS_PER_DAY * DIURNAL[t.slot] * WEEKDAY[t.weekday]
        for pid in sorted(products):
            p = products[pid]
            if p["stock"] <= 0 or p["status"] != "on_sale":
                continue
            cat = p["category"]
            price_factor = (p["price_fen"] / p["ref_price_fen"]) ** st.elasticity[cat]
            lam = base * p["appeal"] * price_factor * fx.our_cvr[cat] * traffic
            n = int(rng.poisson(lam))
            if n == 0:
                continue
            w = st.seg_share * (0.35 + st.interests[:, st.cat_idx[cat]])
            segs = rng.choice(len(w), size=n, p=w / w.sum())
            for s in segs:
                book.sale(Sale(product_id=pid, segment=int(s), lever="organic"))

    def _creators(
        self, step: int, products: dict[str, dict[str, Any]], fx: StepEffects, book: OrderBook
    ) -> None:
        from market.sim.creators_sim import simulate_creators

        simulate_creators(self.store, self.statics, step, products, fx, book)

    # ---- state ------------------------------------------------------------------------------

    def _write_ad_stats(
        self, step: int, stats: dict[tuple[str, str, str, str], list[int]], products: dict[str, dict[str, Any]]
    ) -> None:
        rows = []
        for (bid, ch, pid, cid), v in sorted(stats.items()):
            rows.append(
                {
                    "step": step,
                    "shop_id": products[pid]["shop_id"],
                    "campaign_id": bid,
                    "product_id": pid,
                    "channel": ch,
                    "creative_id": cid,
                    "impressions": v[0],
                    "clicks": v[1],
                    "conversions": v[2],
                    "orders": v[3],
                    "spend_fen": v[4],
                    "gmv_fen": v[5],
                }
            )
        self.store.insert_many("ad_stats", rows)

    def _move_states(
        self,
        step: int,
        bidders: list[Bidder],
        spend: dict[str, float],
        creatives: dict[str, list[dict[str, Any]]],
        stats: dict[tuple[str, str, str, str], list[int]],
        fx: StepEffects,
    ) -> None:
        t = SimTime(step)
        step_spend: dict[str, int] = defaultdict(int)
        for row in self._bidder_rows:
            step_spend[row["bidder_id"]] += row["spend_fen"]
        self.store.add_day_spend(t.day, step_spend)
        spent_today = self.store.spent_on_day(t.day)
        target_share = _CUM_DIURNAL[t.slot + 1]
        for b in bidders:
            row_budget = None
            if b.kind == "rival":
                row_budget = self.store.rival_budget(b.id)
            elif b.campaign_row is not None and b.campaign_row.get("bid_type") == "max_delivery":
                row_budget = float(b.campaign_row["daily_budget_fen"])
            if row_budget is None or row_budget <= 0:
                continue
            ratio = spent_today.get(b.id, 0.0) / max(row_budget * target_share, 1.0)
            factor = math.exp(-0.5 * (ratio - 1.0))
            self.store.adjust_pacing(b.id, b.kind, factor)
        # Creatives tire with exposure and recover slowly when rested.
        exposures: dict[str, int] = defaultdict(int)
        for (_, _, _, cid), v in stats.items():
            exposures[cid] += v[0]
        updates = []
        for crv_list in creatives.values():
            for c in crv_list:
                shown = exposures.get(c["id"], 0)
                delta = shown / self.cfg.fatigue_impressions + fx.fatigue_per_step.get(c["id"], 0.0)
                if shown == 0:
                    delta -= 0.02 / STEPS_PER_DAY
                fatigue = min(max(c["fatigue"] + delta, 0.0), 1.0)
                if shown or fatigue != c["fatigue"]:
                    updates.append((fatigue, shown, c["id"]))
        self.store.update_creatives_fatigue(updates)
        conv: dict[str, int] = defaultdict(int)
        for (bid, _, _, _), v in stats.items():
            conv[bid] += v[2]
        self.store.add_conversions({k: v for k, v in conv.items() if v})
        by_shop: dict[str, int] = defaultdict(int)
        for (_, _, pid, _), v in stats.items():
            by_shop[self._shop_of[pid]] += v[4]
        self.store.charge_balances(by_shop)


def _low_propensity_matrix(
    interests: npt.NDArray[np.float64], propensity: npt.NDArray[np.float64]
) -> npt.NDArray[np.bool_]:
    score = interests * propensity[:, None]
    return score < 0.6 * score.max(axis=0, keepdims=True)


def _in_daypart(row: dict[str, Any], slot: int) -> bool:
    parts = row["schedule"].get("dayparts") or []
    return not parts or slot in parts


def _creative_mult(c: dict[str, Any]) -> float:
    return (0.5 + c["quality"]) * (1.0 - 0.6 * c["fatigue"])


def _creative_weight(c: dict[str, Any]) -> float:
    # The platform favours materials that perform: weight grows with the square of appeal.
    return _creative_mult(c) ** 2 + 1e-9


def _blended_creative_mult(crv: list[dict[str, Any]]) -> float:
    if not crv:
        return 0.0
    w = np.array([_creative_weight(c) for c in crv])
    m = np.array([_creative_mult(c) for c in crv])
    return float((w * m).sum() / w.sum())
