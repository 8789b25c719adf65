"""KPI explainer on simulator-injected events: precision / recall / F1 of the top causes, false alarms.

For each seed, one demo world is seeded (a fortnight of history) and advanced 16 more days, once;
then, for every event kind, a copy of the database (same seed = common random numbers) gets the
event at the start of the next day and simulates the period (2 days by default). The explainer
compares that period with the period before (history: the earlier periods) and its top causes
are checked against the ground truth below. False alarms: the same comparison on a copy without
any event, and on every earlier period of the base world with enough history. Each event is aimed
at the shop's largest category / advertised product / channel of the day before, so that it is
material (a merchant would ask about it).

Ground truth, from what market/sim/engine.py and market/sim/effects.py do with each event (a cause
is correct when its place lies inside what the event touched and its factor is the mechanism):
  competitor_price_cut(category)  a rival's 50% price cut: our CVR in the category falls (ads and organic)
      -> category / product / campaign / creative of that category x {cvr, other_orders}
  competitor_bid_war(channel)     rivals bid x3 in the channel: we win fewer, dearer impressions
      -> channel / its campaigns x {impressions, cpm}
  creative_fatigue(creative)      the creative's CTR falls; the platform shows it less (the most
                                  shown creative that is not tired yet)
      -> creative x {ctr, impressions}; its product / campaigns x {ctr}
  traffic_channel_shift(a -> b)   80% of a's impression opportunities move to b
      -> channels a, b / their campaigns x {impressions}
  stock_out(product)              the product stops selling: no ads (zero CVR), no organic orders
      -> product / its campaigns / creatives (its category if it is the only one) x {impressions, other_orders, cvr}
  promo_spike(all channels)       traffic x1.8 everywhere (ads and organic)
      -> shop / any channel x {impressions, other_orders}
  tracking_loss(channel)          half the channel's ad orders lose their attribution (sales unchanged)
      -> channel / its campaigns x {attribution, cvr}
  new_competitor(category)        a strong rival with a large budget enters the category; it bids in
                                  every auction, most on the category's buyers
      -> category / its products / campaigns, or the shop, x {impressions, cpm}
The baseline (same runs): alarm when |GMV change| or |ROI change| exceeds twice the history's
normal day-to-day change; its cause = the place with the largest absolute GMV change (over
channel, category, product, campaign, creative) x the funnel factor with the largest relative change.

Control periods start after the world's seeded store-wide coupon runs out (a real change of the
world, not injected, that a correct explainer reports), and the merchant keeps the ad account
funded and the shelves stocked (the demo balance would run dry after about a month and stop every
campaign; best sellers would sell out: real changes that would count as false alarms here).

Usage: python benchmarks/explainer.py [--smoke] [--json] [--seeds 3] [--days 2] [--top 3] [--worlds DIR] [--verbose]
Targets (issue 4): F1 >= 0.85, false alarms <= 5%.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from market import STEPS_PER_DAY, SimMarket
from models.explain import (
    ExplainRequest,
    explain_change,
    period_from_rows,
    periods_from_daily,
    summarise_auction_insights,
)

__all__ = ["Truth", "World", "fill_request", "main", "measure", "naive_cause", "render", "truth_for"]

CUBE = ["channel", "product", "campaign"]
CREATIVE = ["creative", "product"]
S = STEPS_PER_DAY


# ---- filling the request from the Backend (what the policy MCP server does) -----------------------


def fill_request(m: SimMarket, shop: str, after_start: int, first_history_day: int, days: int = 1,
                 auction: bool = True) -> ExplainRequest:
    """Days [after_start, after_start + days) against the `days` before; the whole periods of `days`
    days from `first_history_day` up to those are the history."""
    def period(start: int) -> Any:
        a, b = start * S, (start + days) * S
        label = f"day {start}" if days == 1 else f"days {start}-{start + days - 1}"
        return period_from_rows(m.report(shop, start_step=a, end_step=b, group_by=CUBE),
                                m.report(shop, start_step=a, end_step=b, group_by=CREATIVE),
                                label=label, start_step=a, end_step=b)

    before = after_start - days
    h0, h1 = first_history_day * S, before * S
    history = periods_from_daily(m.report(shop, start_step=h0, end_step=h1, group_by=["day", *CUBE]),
                                 m.report(shop, start_step=h0, end_step=h1, group_by=["day", *CREATIVE]),
                                 days_per_period=days)
    cats = {p.id: p.category for p in m.list_products(shop, limit=200)}
    auctions: dict[str, list[Any]] = {"before": [], "after": []}
    if auction:
        for c in m.list_campaigns(shop, limit=200):
            for key, start in (("before", before), ("after", after_start)):
                raw = m.auction_insights(shop, c.id, start_step=start * S, end_step=(start + days) * S)
                auctions[key] += summarise_auction_insights(c.id, raw)
    return ExplainRequest(before=period(before), after=period(after_start), history=history, product_categories=cats,
                          auction_before=auctions["before"], auction_after=auctions["after"])


# ---- ground truth ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Truth:
    """Per dimension: the places the event touched and the factors that count as its mechanism."""

    kind: str
    places: dict[str, frozenset[str]]
    factors: dict[str, frozenset[str]]

    def correct(self, dimension: str, value: str, factor: str) -> bool:
        return value in self.places.get(dimension, frozenset()) and factor in self.factors.get(dimension, frozenset())


@dataclass(frozen=True)
class World:
    products: dict[str, str]
    """product -> category"""
    campaigns: dict[str, tuple[str, str]]
    """campaign -> (product, channel)"""
    creatives: dict[str, str]
    """creative -> product"""


def _world(m: SimMarket, shop: str) -> World:
    return World(
        products={p.id: p.category for p in m.list_products(shop, limit=200)},
        campaigns={c.id: (c.product_id, c.channel) for c in m.list_campaigns(shop, limit=200)},
        creatives={c.id: c.product_id for c in m.list_creatives(shop, limit=200)},
    )


def truth_for(kind: str, params: dict[str, Any], w: World) -> Truth:
    """The mapping in the module docstring, for one injected event."""
    def fs(*xs: str) -> frozenset[str]:
        return frozenset(xs)

    if kind in ("competitor_price_cut", "new_competitor"):
        cat = params["category"]
        prods = {p for p, c in w.products.items() if c == cat}
        camps = {k for k, (p, ch) in w.campaigns.items() if p in prods and (not params.get("channel") or ch == params["channel"])}
        places = {"category": fs(cat), "product": frozenset(prods), "campaign": frozenset(camps)}
        if kind == "competitor_price_cut":
            places["creative"] = frozenset(c for c, p in w.creatives.items() if p in prods)
            return Truth(kind, places, {d: fs("cvr", "other_orders") for d in places})
        # The rival bids in every auction of its channel(s), most on its category's buyers.
        places["shop" if not params.get("channel") else "channel"] = fs(params.get("channel") or "all")
        return Truth(kind, places, {d: fs("impressions", "cpm") for d in places})
    if kind in ("competitor_bid_war", "tracking_loss"):
        ch = params["channel"]
        places = {"channel": fs(ch), "campaign": frozenset(k for k, (_, c) in w.campaigns.items() if c == ch)}
        f = fs("impressions", "cpm") if kind == "competitor_bid_war" else fs("attribution", "cvr")
        return Truth(kind, places, {d: f for d in places})
    if kind == "creative_fatigue":
        crv = params["creative_id"]
        prod = w.creatives[crv]
        places = {"creative": fs(crv), "product": fs(prod),
                  "campaign": frozenset(k for k, (p, _) in w.campaigns.items() if p == prod)}
        return Truth(kind, places, {"creative": fs("ctr", "impressions"), "product": fs("ctr"), "campaign": fs("ctr")})
    if kind == "traffic_channel_shift":
        chs = {params["from_channel"], params["to_channel"]}
        places = {"channel": frozenset(chs), "campaign": frozenset(k for k, (_, c) in w.campaigns.items() if c in chs)}
        return Truth(kind, places, {d: fs("impressions") for d in places})
    if kind == "stock_out":
        prod = params["product_id"]
        cat = w.products[prod]
        places = {"product": fs(prod), "campaign": frozenset(k for k, (p, _) in w.campaigns.items() if p == prod),
                  "creative": frozenset(c for c, p in w.creatives.items() if p == prod)}
        if sum(1 for c in w.products.values() if c == cat) == 1:
            places["category"] = fs(cat)
        return Truth(kind, places, {d: fs("impressions", "other_orders", "cvr") for d in places})
    if kind == "promo_spike":
        places = {"shop": fs("all"), "channel": fs("feed", "live", "search", "mall", "(none)")}
        return Truth(kind, places, {d: fs("impressions", "other_orders") for d in places})
    raise ValueError(f"no ground truth for {kind}")


def events_for(m: SimMarket, shop: str, day: int, kinds: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """Material events aimed at the shop's largest category / product / creative / channel of `day`."""
    a, b = day * S, (day + 1) * S
    by_product = {r.group["product"]: r for r in m.report(shop, start_step=a, end_step=b, group_by=["product"])}
    advertised = {c.product_id for c in m.list_campaigns(shop, limit=200)}
    products = {p.id: p.category for p in m.list_products(shop, limit=200)}
    top_product = max(advertised, key=lambda p: by_product[p].gmv_fen if p in by_product else 0)
    cat_gmv: dict[str, int] = {}
    for p, r in by_product.items():
        if p is not None:
            cat_gmv[products[str(p)]] = cat_gmv.get(products[str(p)], 0) + r.gmv_fen
    top_cat = max((c for c in cat_gmv if any(products[p] == c for p in advertised)), key=lambda c: cat_gmv[c])
    channels = [r for r in m.report(shop, start_step=a, end_step=b, group_by=["channel"]) if r.group["channel"]]
    top_channel = str(max(channels, key=lambda r: r.gmv_fen).group["channel"])
    other = "mall" if top_channel != "mall" else "search"
    # A creative that is not tired yet (exposure tires creatives too: a worn-out one cannot tire more).
    fresh = {c.id for c in m.list_creatives(shop, limit=200) if c.fatigue <= 0.3}
    creatives = [r for r in m.report(shop, start_step=a, end_step=b, group_by=["creative"]) if r.group["creative"] in fresh]
    top_creative = str(max(creatives, key=lambda r: r.impressions).group["creative"])
    spend = sum(r.ad_spend_fen for r in channels)
    catalogue: dict[str, dict[str, Any]] = {
        "competitor_price_cut": {"category": top_cat, "pct": 0.5},
        "competitor_bid_war": {"multiplier": 3.0, "channel": top_channel},
        "creative_fatigue": {"creative_id": top_creative, "fatigue_per_day": 1.0},
        "traffic_channel_shift": {"from_channel": top_channel, "to_channel": other, "share": 0.8},
        "stock_out": {"product_id": top_product},
        "promo_spike": {"multiplier": 1.8, "channels": []},
        "tracking_loss": {"share": 0.5, "channel": top_channel},
        "new_competitor": {"category": top_cat, "daily_budget_fen": int(2 * spend), "strength": 3.0},
    }
    return [(k, catalogue[k]) for k in kinds]


# ---- the naive baseline --------------------------------------------------------------------------


def naive_cause(req: ExplainRequest) -> tuple[bool, tuple[str, str, str]]:
    """(alarm?, (dimension, value, factor)) as described in the module docstring."""
    from models.explain.frame import build_frame
    from models.explain.funnel import decompose

    periods = [*req.history, req.before, req.after]
    frame = build_frame(periods, req.product_categories)
    tot = frame.total
    g, c = tot[:, 4], tot[:, 6]
    roi = [gi / ci if ci > 0 else float("nan") for gi, ci in zip(g, c, strict=True)]

    def rms_log(x: list[float]) -> float:
        logs = [math.log(x[t + 1] / x[t]) for t in range(len(x) - 2) if x[t] > 0 and x[t + 1] > 0]
        return math.sqrt(sum(v * v for v in logs) / len(logs)) if logs else float("inf")

    def jump(x: list[float]) -> float:
        return abs(math.log(x[-1] / x[-2])) if x[-1] > 0 and x[-2] > 0 else float("inf")

    gl = [float(v) for v in g]
    alarm = jump(gl) > 2 * rms_log(gl) or jump(roi) > 2 * rms_log(roi)
    best: tuple[float, str, int] = (-1.0, "", -1)
    for name, dim in frame.dims.items():
        delta = abs(dim.metrics[-1, :, 4] - dim.metrics[-2, :, 4])
        i = int(delta.argmax())
        if delta[i] > best[0]:
            best = (float(delta[i]), name, i)
    _, name, i = best
    dim = frame.dims[name]
    dec = decompose(dim.metrics[-2, i : i + 1], dim.metrics[-1, i : i + 1])
    names = ["impressions", "ctr", "cvr", "other_orders", "order_value", "cpm", "other_cost"]
    before = [*dec.xg0[0], dec.xc0[0, 4], dec.xc0[0, 5]]
    after = [*dec.xg1[0], dec.xc1[0, 4], dec.xc1[0, 5]]
    rel = [abs(math.log(a / b)) if a > 0 and b > 0 else (0.0 if a == b else float("inf")) for a, b in zip(after, before, strict=True)]
    return alarm, (name, dim.values[i], names[rel.index(max(rel))])


# ---- the run ---------------------------------------------------------------------------------------


_BALANCE = 2_000_000_000
_STOCK = 10_000_000
_EXTRA_DAYS = 16
"""Days simulated after the seeded fortnight: the controls (and the history) live there."""
KINDS = ["competitor_price_cut", "competitor_bid_war", "creative_fatigue", "traffic_channel_shift",
         "stock_out", "promo_spike", "tracking_loss", "new_competitor"]


def _coupon_gone(m: SimMarket, shop: str, days: int) -> int:
    """The first day after the seeded store-wide coupon ran out (its coupon cost falls below 30%)."""
    rows = m.report(shop, start_step=0, end_step=days * S, group_by=["day", "lever"])
    cost = [0] * days
    for r in rows:
        if r.group["lever"] == "coupon":
            cost[int(r.group["day"])] = r.total_marketing_cost_fen  # type: ignore[arg-type]
    peak = 0
    for d, c in enumerate(cost):
        peak = max(peak, c)
        if d > 0 and peak > 0 and c < 0.3 * peak:
            return d + 1
    return 1


def _score(causes: list[tuple[str, str, str]], truth: Truth | None) -> dict[str, int]:
    if truth is None:
        return {"reported": len(causes), "correct": 0, "hit": 0, "alarm": int(bool(causes))}
    correct = sum(truth.correct(*c) for c in causes)
    return {"reported": len(causes), "correct": correct, "hit": int(correct > 0), "alarm": int(bool(causes))}


def _base_world(worlds: Path, seed: int, smoke: bool) -> tuple[Path, SimMarket]:
    """The seed's world, seeded and advanced once (kept and reused when `worlds` holds it)."""
    seeded, extra = (4, 1) if smoke else (14, _EXTRA_DAYS)
    path = worlds / f"base{seed}{'_smoke' if smoke else ''}_{seeded + extra}d.db"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        # A merchant who keeps the ad account funded and the shelves stocked: the demo balance runs
        # dry after about a month and best sellers sell out, real changes a correct explainer
        # reports, which would count as false alarms here.
        kept_up = {"balance_fen": _BALANCE, "initial_stock": _STOCK}
        if smoke:
            m = SimMarket.create(partial, seed=seed, profile="demo", history_days=seeded, products_per_shop=12,
                                 impressions_per_day=300_000, **kept_up)
        else:
            m = SimMarket.create(partial, seed=seed, profile="demo", history_days=seeded, **kept_up)
        m.advance(extra * S)
        m.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        m.close()
        partial.rename(path)
    return path, SimMarket.open(path)


def _branch(base: Path, path: Path, kind: str, params: dict[str, Any], day: int, days: int) -> SimMarket:
    """A copy of the base world with the event injected at the start of `day`; it simulates `days` days."""
    if not path.exists():
        partial = path.with_suffix(".partial")
        shutil.copyfile(base, partial)
        b = SimMarket.open(partial)
        if kind != "none":
            b.inject_event(kind, day * S, params, description="benchmark")
        b.advance(days * S)
        b.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        b.close()
        partial.rename(path)
    return SimMarket.open(path)


def run_seed(seed: int, worlds: Path, keep: bool, smoke: bool, top: int, kinds: list[str], days: int, log: Any
             ) -> list[dict[str, Any]]:
    t0 = time.perf_counter()
    base, m = _base_world(worlds, seed, smoke)
    min_history = 2 if smoke else 5
    shop = m.list_shops()[0].id
    day = m.now().step // S
    first = min(_coupon_gone(m, shop, day), day - min_history - 2) if not smoke else 1
    world = _world(m, shop)
    log(f"seed {seed}: world of {day} days in {time.perf_counter() - t0:.0f} s; history from day {first}")
    samples: list[dict[str, Any]] = []

    def judge(mm: SimMarket, after_day: int, kind: str, truth: Truth | None, params: dict[str, Any]) -> None:
        req = fill_request(mm, shop, after_day, first, days)
        t = time.perf_counter()
        ex = explain_change(req)
        seconds = time.perf_counter() - t
        ours = [(c.dimension, c.value, c.factor) for c in ex.causes[:top]]
        alarm, naive = naive_cause(req)
        samples.append({
            "seed": seed, "day": after_day, "kind": kind, "params": params, "seconds": seconds,
            "ours": _score(ours, truth), "naive": _score([naive] if alarm else [], truth),
            "causes": ours, "naive_cause": list(naive) if alarm else None,
            "truth": None if truth is None else {d: sorted(v) for d, v in truth.places.items()},
        })

    # Controls: every window of `days` days that ends by the base world's last day, with at least
    # `min_history` earlier windows of history.
    for d in range(first + (min_history + 1) * days, day - days + 1):
        judge(m, d, "none", None, {})
        log(f"  day {d} (no event): ours {samples[-1]['causes']} naive {samples[-1]['naive_cause']}")
    events = events_for(m, shop, day - 1, kinds)
    m.close()
    for kind, params in [("none", {}), *events]:
        tag = hashlib.sha1(json.dumps([params, days, day], sort_keys=True).encode()).hexdigest()[:8]
        path = worlds / f"branch{seed}{'_smoke' if smoke else ''}_{kind}_{tag}.db"
        b = _branch(base, path, kind, params, day, days)
        judge(b, day, kind, truth_for(kind, params, world) if kind != "none" else None, params)
        b.close()
        if not keep:
            path.unlink()
        log(f"  {kind}: ours {samples[-1]['causes']} naive {samples[-1]['naive_cause']}")
    return samples


def summarise(samples: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision / recall / F1 per event kind and in total, and the false-alarm rates."""
    def prf(rows: list[dict[str, Any]], who: str) -> dict[str, float]:
        rep = sum(r[who]["reported"] for r in rows)
        cor = sum(r[who]["correct"] for r in rows)
        hits = sum(r[who]["hit"] for r in rows)
        p = cor / rep if rep else 0.0
        rc = hits / len(rows) if rows else 0.0
        return {"events": len(rows), "precision": p, "recall": rc, "f1": 2 * p * rc / (p + rc) if p + rc else 0.0}

    events = [s for s in samples if s["kind"] != "none"]
    controls = [s for s in samples if s["kind"] == "none"]
    kinds = sorted({s["kind"] for s in events}, key=KINDS.index)
    out: dict[str, Any] = {"per_kind": {k: {w: prf([s for s in events if s["kind"] == k], w) for w in ("ours", "naive")}
                                        for k in kinds}}
    out["total"] = {w: prf(events, w) for w in ("ours", "naive")}
    out["false_alarms"] = {w: {"controls": len(controls), "alarms": sum(s[w]["alarm"] for s in controls),
                               "rate": sum(s[w]["alarm"] for s in controls) / len(controls) if controls else 0.0}
                           for w in ("ours", "naive")}
    out["explain_seconds_mean"] = sum(s["seconds"] for s in samples) / len(samples) if samples else 0.0
    return out


def measure(smoke: bool = False, seeds: list[int] | None = None, top: int = 3, kinds: list[str] | None = None,
            verbose: bool = False, worlds: Path | None = None, days: int | None = None) -> dict[str, Any]:
    seeds = seeds or ([5] if smoke else [101, 202, 303])
    kinds = kinds or (["stock_out", "competitor_bid_war"] if smoke else KINDS)
    days = days or (1 if smoke else 2)

    def log(msg: str) -> None:
        if verbose:
            print(msg, file=sys.stderr, flush=True)

    samples: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        keep = worlds is not None
        where = worlds or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        for seed in seeds:
            samples += run_seed(seed, where, keep, smoke, top, kinds, days, log)
    return {"seeds": seeds, "top": top, "days": days, "summary": summarise(samples), "samples": samples}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="one small world, two event kinds (used by the tests)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--seeds", type=int, default=None, help="number of worlds (default 3; smoke 1)")
    parser.add_argument("--seed", type=int, action="append", default=None,
                        help="run exactly these world seeds (repeatable) instead of --seeds")
    parser.add_argument("--top", type=int, default=3, help="causes per answer that are scored")
    parser.add_argument("--days", type=int, default=None, help="days per period (default 2; smoke 1)")
    parser.add_argument("--verbose", action="store_true", help="progress and every answer on stderr")
    parser.add_argument("--worlds", type=Path, default=None,
                        help="keep the simulated worlds in this folder and reuse them on the next run")
    args = parser.parse_args(argv)
    seeds = args.seed or ([101 * (i + 1) for i in range(args.seeds)] if args.seeds else None)
    res = measure(args.smoke, seeds, args.top, verbose=args.verbose, worlds=args.worlds, days=args.days)
    print(json.dumps(res, indent=2, default=str) if args.json else render(res))
    return 0


def render(res: dict[str, Any]) -> str:
    """The table: per event kind and in total, ours against the naive baseline; then false alarms."""
    s = res["summary"]
    lines = [(f"KPI explainer vs naive baseline: {len(res['seeds'])} world(s), {res['days']}-day periods, "
             f"top {res['top']} causes scored"),
             f"{'event kind':<24}{'n':>3} | {'ours P':>7}{'R':>6}{'F1':>6} | {'naive P':>8}{'R':>6}{'F1':>6}"]
    for kind, v in [*s["per_kind"].items(), ("total", s["total"])]:
        o, n = v["ours"], v["naive"]
        lines.append(f"{kind:<24}{o['events']:>3} | {o['precision']:>7.2f}{o['recall']:>6.2f}{o['f1']:>6.2f} | "
                     f"{n['precision']:>8.2f}{n['recall']:>6.2f}{n['f1']:>6.2f}")
    fa = s["false_alarms"]
    lines.append(f"false alarms on {fa['ours']['controls']} periods without an event: ours {fa['ours']['alarms']} "
                 f"({100 * fa['ours']['rate']:.1f}%), naive {fa['naive']['alarms']} ({100 * fa['naive']['rate']:.1f}%)")
    t, nv = s["total"]["ours"]["f1"], s["total"]["naive"]["f1"]
    lines.append(f"F1 ours / naive = {t / nv:.2f}x" if nv > 0 else f"F1 ours {t:.2f}, naive 0.00")
    lines.append(f"mean explain_change time: {1000 * s['explain_seconds_mean']:.0f} ms")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
