"""Creator matching: NDCG@10 against the simulator's true ROI ranking of creators, per product.

For each world seed: a marketplace is seeded (no ad history needed), every shop proposes
collaborations to random creators at their asked terms, and the world runs 11 days so that the
videos are published and their week of content ends; those results are the shop's history.
Then, for every product, every creator of the world is ranked by each method and scored by
NDCG@10 with the TRUE expected ROI as gain. The truth is the simulator's own sales model
(market.sim.creators_sim): expected views x content click-through x conversion x price x
units per order, from the creator's parameters and the product's hidden appeal (prices are
not changed here, so the price factor is 1),
divided by the asked fee + asked commission. Methods, all in the same run:

  followers      the baseline: biggest accounts first
  embeddings     text similarity of product and creator profile only
  overlap        audience lift (audience mix vs the category's buyers) only
  model_cold_no_text  the matcher without history and without the text fit
  model_cold     the matcher without the shop's history (priors)
  model_no_text  the matcher with history but the text fit switched off
  model          the matcher with the shop's history (the full model)
  model_quality_shown  the full model if the platform showed creators' content quality

The matcher sees what an advertiser sees: profiles, audience mixes, asked terms and the shop's own
collaboration results; not content quality (the platform hides it) nor product appeal.

Also: how far the predicted ROI level is from the true one (exp of the median |log ratio|),
cold and with history; same-vertical precision@10 of the embedding with Chinese-only and English-only product
texts, CPU and wall seconds to embed every creator profile (cold cache), and milliseconds to match one new
product (its text not yet embedded) against all cached creators for a top 10.

Usage: python benchmarks/creator_match.py [--smoke] [--json] [--seeds 11 12]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from market import SimMarket  # noqa: E402
from market.clock import STEPS_PER_DAY  # noqa: E402
from market.sim.creators_sim import CONTENT_DAYS, _content_ctr, _decay_share, audience_match, expected_views  # noqa: E402
from market.sim.engine import Statics  # noqa: E402
from market.sim.orders import _QTY  # noqa: E402
from market.sim.traffic import DIURNAL  # noqa: E402
from market.types import CATEGORIES  # noqa: E402
from models.creators import CachedEmbedder, MatchRequest, default_embedder, match_creators  # noqa: E402
from models.creators.platform import (  # noqa: E402
    collaboration_from_platform,
    creator_from_platform,
    product_from_platform,
    segments_from_platform,
)
from models.creators.texts import creator_text, product_text  # noqa: E402
from models.creators.types import CreatorProfile, PastCollaboration, ProductBrief, SegmentInfo  # noqa: E402

__all__ = ["METHODS", "main", "measure", "ndcg_at"]

METHODS = ("followers", "embeddings", "overlap", "model_cold_no_text", "model_cold", "model_no_text", "model",
           "model_quality_shown")
_K = 10
_PREDICTING = ("model_cold", "model")


class _NoText:
    """Every text the same vector: the matcher's text fit is exactly zero (an ablation)."""

    name = "none"
    baseline_similarity = 1.0

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_queries(texts)


def ndcg_at(order: Sequence[int], gains: np.ndarray, k: int = _K) -> float:
    """NDCG@k of a ranking (indices, best first) with real-valued gains."""
    disc = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = float(np.sum(gains[list(order[:k])] * disc[: min(k, len(order))]))
    ideal = float(np.sum(np.sort(gains)[::-1][:k] * disc[: min(k, len(gains))]))
    return dcg / ideal if ideal > 0 else 0.0


def _content_factor() -> float:
    """Share of a video's expected views that arrive in its content week, averaged over publish slots."""
    ages = np.arange(CONTENT_DAYS * STEPS_PER_DAY)
    decay = np.array([_decay_share(int(a)) for a in ages])
    return float(np.mean([np.sum(decay * DIURNAL[(s + ages) % STEPS_PER_DAY]) for s in range(STEPS_PER_DAY)]))


def true_roi(st: Statics, product: dict[str, Any], creators: list[dict[str, Any]]) -> np.ndarray:
    """Expected ROI of one video at asked terms, from the simulator's sales model (creators_sim)."""
    cat = product["category"]
    units = float(np.dot(_QTY[0], _QTY[1]))
    factor = _content_factor()
    out = np.empty(len(creators))
    for i, c in enumerate(creators):
        match = audience_match(st, c["audience_mix"], cat)
        views = expected_views(c) * factor
        ctr = min(_content_ctr(c, match), 1.0)
        cvr = min(st.base_cvr[cat] * product["appeal"] * match * (0.8 + 0.4 * c["content_quality"]), 1.0)
        gmv = views * ctr * cvr * product["price_fen"] * units
        out[i] = gmv / (c["fee_fen"] + c["commission_rate"] * gmv)
    return out


def _all_creators(m: SimMarket) -> list[Any]:
    out: list[Any] = []
    while True:
        page = m.search_creators({"limit": 100, "offset": len(out)})
        out.extend(page)
        if len(page) < 100:
            return out


def _world(seed: int, smoke: bool) -> dict[str, Any]:
    """Seed a world, give every shop a history of collaborations, return what the ranking needs."""
    if smoke:
        m = SimMarket.create(":memory:", seed, "tiny", history_days=0, impressions_per_day=1000,
                             n_creators=60, n_buyers=60)
        per_shop = 12
    else:
        m = SimMarket.create(":memory:", seed, "market", history_days=0, impressions_per_day=20_000)
        per_shop = 30
    rng = np.random.default_rng([seed, 42])
    shops = m.list_shops()
    creators = _all_creators(m)
    for shop in shops:
        products = m.list_products(shop.id)
        for _ in range(per_shop):
            c = creators[int(rng.integers(len(creators)))]
            p = products[int(rng.integers(len(products)))]
            m.create_collaboration(shop.id, {"creator_id": c.id, "product_id": p.id, "type": "fee_plus_commission",
                                             "fee_fen": c.fee_fen, "commission_rate": c.commission_rate})
    m.advance(11 * STEPS_PER_DAY)
    seg_rows = [s.model_dump() for s in m.list_segments()]
    segments = segments_from_platform(seg_rows, CATEGORIES)
    seg_keys = [s["key"] for s in seg_rows]
    # The platform does not show content quality (nobody sees it before the video exists), so the
    # matcher gets the profiles without it; "model_quality_shown" measures what seeing it would add.
    shown = [creator_from_platform(c.model_dump(), seg_keys) for c in creators]
    profiles = [creator_from_platform(c.model_dump(exclude={"content_quality"}), seg_keys) for c in creators]
    products, history = [], {}
    for shop in shops:
        rows = {p.id: p.model_dump() for p in m.list_products(shop.id)}
        products.extend(rows.values())
        history[shop.id] = [collaboration_from_platform(c.model_dump(), rows[c.product_id])
                            for c in m.list_collaborations(shop.id, limit=200)]
    st = Statics.load(m.store, m.config)
    m.close()
    return {"segments": segments, "profiles": profiles, "profiles_quality": shown,
            "creators": [c.model_dump() for c in creators],
            "products": products, "history": history, "statics": st}


def _rank(values: np.ndarray, ids: list[str]) -> list[int]:
    return sorted(range(len(ids)), key=lambda i: (-values[i], ids[i]))


def _evaluate(world: dict[str, Any], emb: CachedEmbedder) -> dict[str, Any]:
    profiles: list[CreatorProfile] = world["profiles"]
    segments: list[SegmentInfo] = world["segments"]
    ids = [c.id for c in profiles]
    pos = {c: i for i, c in enumerate(ids)}
    followers = np.array([c.followers for c in profiles], dtype=np.float64)
    scores: dict[str, list[float]] = {m: [] for m in METHODS}
    top_roi: dict[str, list[float]] = {m: [] for m in METHODS}
    precision = {"zh": [], "en": []}
    match_ms: list[tuple[float, float]] = []
    level_err: dict[str, list[float]] = {m: [] for m in _PREDICTING}
    cats = np.array([c.category for c in profiles])
    passages = emb.embed_passages([creator_text(c) for c in profiles])
    for prod in world["products"]:
        truth = true_roi(world["statics"], prod, world["creators"])
        brief = product_from_platform(prod)
        history: list[PastCollaboration] = world["history"][prod["shop_id"]]
        t, c = time.perf_counter(), time.process_time()
        match_creators(MatchRequest(product=brief, creators=profiles, segments=segments, history=history), emb)
        match_ms.append(((time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000))
        everyone = len(profiles)
        full = match_creators(MatchRequest(product=brief, creators=profiles, segments=segments, history=history,
                                           top_k=everyone), emb)
        cold = match_creators(MatchRequest(product=brief, creators=profiles, segments=segments, top_k=everyone), emb)
        no_text = match_creators(MatchRequest(product=brief, creators=profiles, segments=segments, history=history,
                                              top_k=everyone), _NoText())
        cold_no_text = match_creators(MatchRequest(product=brief, creators=profiles, segments=segments,
                                                   top_k=everyone), _NoText())
        with_quality = match_creators(MatchRequest(product=brief, creators=world["profiles_quality"],
                                                   segments=segments, history=history, top_k=everyone), emb)
        sims = np.zeros(len(ids))
        lifts = np.zeros(len(ids))
        for m in full.matches:
            sims[pos[m.creator_id]] = m.text_similarity
            lifts[pos[m.creator_id]] = m.audience_lift
        orders = {
            "followers": _rank(followers, ids),
            "embeddings": _rank(sims, ids),
            "overlap": _rank(lifts, ids),
            "model_cold_no_text": [pos[m.creator_id] for m in cold_no_text.matches],
            "model_cold": [pos[m.creator_id] for m in cold.matches],
            "model_no_text": [pos[m.creator_id] for m in no_text.matches],
            "model": [pos[m.creator_id] for m in full.matches],
            "model_quality_shown": [pos[m.creator_id] for m in with_quality.matches],
        }
        for name, order in orders.items():
            scores[name].append(ndcg_at(order, truth))
            top_roi[name].append(float(np.mean(truth[order[:_K]])))
        for name, res in (("model_cold", cold), ("model", full)):
            pred = np.array([m.predicted_roi for m in res.matches])
            true = truth[[pos[m.creator_id] for m in res.matches]]
            level_err[name].append(float(np.median(np.abs(np.log(np.maximum(pred, 1e-12) / true)))))
        for lang in ("zh", "en"):
            one = ProductBrief(id=brief.id, category=brief.category, price_fen=brief.price_fen,
                               title_zh=prod["title_zh"] if lang == "zh" else "",
                               title_en=prod["title_en"] if lang == "en" else "",
                               selling_points=list(prod[f"selling_points_{lang}"]))
            q = emb.embed_queries([product_text(one)])[0]
            top = np.argsort(-(passages @ q), kind="stable")[:_K]
            precision[lang].append(float(np.mean(cats[top] == prod["category"])))
    used = sum(1 for h in world["history"].values() for c in h if c.status == "completed")
    return {"ndcg": scores, "top_roi": top_roi, "precision": precision, "match_ms": match_ms, "level_err": level_err,
            "products": len(world["products"]), "creators": len(profiles), "history_completed": used}


def measure(smoke: bool, seeds: Sequence[int] | None = None) -> dict[str, Any]:
    """Run the benchmark; every figure in the result comes from this run."""
    seeds = list(seeds) if seeds else ([11] if smoke else [11, 12])
    emb = default_embedder()
    per_seed, embed_s = [], []
    for seed in seeds:
        world = _world(seed, smoke)
        texts = [creator_text(c) for c in world["profiles"]]
        t, c = time.perf_counter(), time.process_time()
        emb.embed_passages(texts)
        embed_s.append({"creators": len(texts), "seconds": time.perf_counter() - t,
                        "cpu_seconds": time.process_time() - c})
        per_seed.append({"seed": seed, **_evaluate(world, emb)})
    ndcg = {m: float(np.mean([x for r in per_seed for x in r["ndcg"][m]])) for m in METHODS}
    roi = {m: float(np.mean([x for r in per_seed for x in r["top_roi"][m]])) for m in METHODS}
    base, base_roi = ndcg["followers"], roi["followers"]
    return {
        "seeds": seeds,
        "products": sum(r["products"] for r in per_seed),
        "creators_per_world": [r["creators"] for r in per_seed],
        "history_completed": [r["history_completed"] for r in per_seed],
        "methods": [{"method": m, "ndcg10": ndcg[m], "ndcg_vs_followers": ndcg[m] / base if base else 0.0,
                     "top10_true_roi": roi[m], "roi_vs_followers": roi[m] / base_roi if base_roi else 0.0}
                    for m in METHODS],
        "embedding_same_vertical_p10": {lang: float(np.mean([x for r in per_seed for x in r["precision"][lang]]))
                                        for lang in ("zh", "en")},
        "embed_profiles": embed_s,
        "match_ms_median": float(np.median([x[0] for r in per_seed for x in r["match_ms"]])),
        "match_cpu_ms_median": float(np.median([x[1] for r in per_seed for x in r["match_ms"]])),
        "roi_level_error_factor": {m: float(np.exp(np.mean([x for r in per_seed for x in r["level_err"][m]])))
                                   for m in _PREDICTING},
        "embedder": emb.name,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny world and one seed: check that it runs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--seeds", type=int, nargs="+", help="world seeds (default 11 12; smoke 11)")
    args = parser.parse_args(argv)
    res = measure(args.smoke, args.seeds)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"creator matching: {res['products']} products, seeds {res['seeds']}, creators per world "
          f"{res['creators_per_world']}, completed collaborations in history {res['history_completed']}")
    print(f"{'method':<19} {'NDCG@10':>8} {'vs followers':>13} {'top-10 true ROI':>16} {'vs followers':>13}")
    for r in res["methods"]:
        print(f"{r['method']:<19} {r['ndcg10']:>8.3f} {r['ndcg_vs_followers']:>12.2f}x "
              f"{r['top10_true_roi']:>16.4f} {r['roi_vs_followers']:>12.2f}x")
    p = res["embedding_same_vertical_p10"]
    print(f"\nembeddings ({res['embedder']}): same-vertical precision@10 with a Chinese product text "
          f"{p['zh']:.3f}, English {p['en']:.3f}")
    err = res["roi_level_error_factor"]
    print(f"predicted ROI level vs the truth (typical factor off, all creators): cold {err['model_cold']:.2f}x, "
          f"with history {err['model']:.2f}x")
    for e in res["embed_profiles"]:
        print(f"embed {e['creators']} creator profiles (cold cache): {e['cpu_seconds']:.1f} s CPU, "
              f"{e['seconds']:.1f} s wall")
    print(f"match one new product against all {res['creators_per_world'][0]} cached creators, top 10 "
          f"(incl. embedding its text and learning the history): {res['match_cpu_ms_median']:.1f} ms CPU, "
          f"{res['match_ms_median']:.1f} ms wall (medians)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
