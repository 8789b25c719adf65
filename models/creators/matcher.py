"""`match_creators`: rank creators for a product by predicted ROI, with the reasons.

Predicted GMV of one video comes from the funnel (models.creators.funnel): reach from followers,
engagement and content quality; click-through from the audience's lift for the product (audience
overlap) and how well the creator's profile fits the product text (multilingual embeddings);
conversion from the audience lift. The shop's completed collaborations calibrate every stage
(`learned=True`); without them the priors rank (`learned=False`). ROI = GMV / (asked fee + asked
commission x GMV).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from pydantic import ValidationError

from models.creators.audience import Segments, audience_matrix, lift
from models.creators.embedding import Embedder, default_embedder
from models.creators.funnel import FunnelFit, PairFeatures, Prediction, fit_funnel, predict
from models.creators.texts import creator_text, past_product_text, product_text
from models.creators.types import CreatorMatch, CreatorProfile, MatchRequest, MatchResult, PastCollaboration
from models.errors import ModelInputError

__all__ = ["MODEL_NAME", "MODEL_VERSION", "UNKNOWN_QUALITY", "match_creators"]

MODEL_NAME = "creator_matcher"
MODEL_VERSION = "1.0.0"
UNKNOWN_QUALITY = 0.5
"""Content quality assumed where the platform shows none: the middle of the scale."""


def _request(request: MatchRequest | Mapping[str, Any]) -> MatchRequest:
    if isinstance(request, MatchRequest):
        return request
    try:
        return MatchRequest.model_validate(request)
    except ValidationError as exc:
        msgs = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'request'}: {e['msg']}" for e in exc.errors()[:5])
        raise ModelInputError(f"invalid MatchRequest: {msgs}", hint="fix the named fields; see the tool schema") from exc


def _check(req: MatchRequest) -> None:
    p = req.product
    if not (p.title_zh.strip() or p.title_en.strip()):
        raise ModelInputError(f"product {p.id} has no title", hint="pass title_zh or title_en from get_product")
    ids = [c.id for c in req.creators]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})[:5]
        raise ModelInputError(f"duplicate creator ids {dup}", hint="pass each candidate creator once")


def _features(creators: Sequence[CreatorProfile], lifts: np.ndarray, fit: np.ndarray) -> PairFeatures:
    return PairFeatures(
        reach=np.array([c.followers * c.engagement_rate for c in creators], dtype=np.float64),
        quality=np.array([UNKNOWN_QUALITY if c.content_quality is None else c.content_quality for c in creators],
                         dtype=np.float64),
        lift=lifts, text_fit=fit,
    )


def _learn(req: MatchRequest, segs: Segments, emb: Embedder, known: dict[str, CreatorProfile]) -> tuple[FunnelFit, int]:
    """Fit the funnel on completed collaborations whose creator profile is known."""
    rows: list[tuple[PastCollaboration, CreatorProfile]] = []
    for h in req.history:
        creator = known.get(h.creator_id) or h.creator
        if h.status == "completed" and creator is not None:
            rows.append((h, creator))
    if not rows:
        return FunnelFit(), 0
    creators = [c for _, c in rows]
    mix = audience_matrix(creators, segs)
    lifts = np.array([lift(mix[i : i + 1], segs, segs.weights(h.product_category))[0] for i, (h, _) in enumerate(rows)])
    fit = np.zeros(len(rows))
    this_text = product_text(req.product)
    texts = [this_text if h.product_id == req.product.id else
             past_product_text(h.product_category, h.product_title) if h.product_title else "" for h, _ in rows]
    has_text = [i for i, t in enumerate(texts) if t]
    if has_text:
        q = emb.embed_queries([texts[i] for i in has_text])
        p = emb.embed_passages([creator_text(creators[i]) for i in has_text])
        fit[has_text] = np.sum(q * p, axis=1) - emb.baseline_similarity
    counts = np.array([(h.views, h.clicks, h.orders, h.gmv_fen / h.product_price_fen) for h, _ in rows], dtype=float)
    funnel = fit_funnel(_features(creators, lifts, fit), [c.id for c in creators], [h.product_id for h, _ in rows],
                        counts[:, 0], counts[:, 1], counts[:, 2], counts[:, 3])
    return funnel, len(rows)


def _reasons(c: CreatorProfile, i: int, pred: Prediction, gmv: float, roi: float, lifts: np.ndarray,
             sims: np.ndarray, baseline: float, mix: np.ndarray, segs: Segments, n_past: int,
             product_category: str) -> list[str]:
    top = int(np.argmax(mix[i]))
    out = [
        f"predicted ROI {roi:.2f}: GMV {gmv / 100:,.0f} yuan vs fee {c.fee_fen / 100:,.0f} yuan "
        f"+ {c.commission_rate:.0%} commission",
        f"audience {lifts[i]:.2f}x as keen on this product as the average buyer "
        f"(largest segment {segs.names[top]} {mix[i, top]:.0%})",
        f"{pred.views[i]:,.0f} views expected from {c.followers:,} followers at {c.engagement_rate:.1%} engagement, "
        + (f"content quality {c.content_quality:.2f}" if c.content_quality is not None else "content quality unknown"),
        f"profile {'fits' if sims[i] > baseline else 'is far from'} the product "
        f"(text similarity {sims[i]:.2f}, unrelated ~{baseline:.2f})",
    ]
    if n_past:
        out.append(f"{n_past} completed collaboration(s) with this shop moved the forecast x{pred.own_factor[i]:.2f}")
    if c.category != product_category:
        out.append(f"off-vertical creator ({c.category}): less likely to accept")
    return out


def match_creators(request: MatchRequest | Mapping[str, Any], embedder: Embedder | None = None) -> MatchResult:
    """Rank candidate creators for a product by predicted ROI = GMV / (asked fee + commission).

    Deterministic for the same request and embedder. Raises ModelInputError for inconsistent input
    (unknown segment or category keys, duplicate creators, a product without a title). No
    candidates, or all over `max_fee_fen`, give an empty, explained result.
    """
    req = _request(request)
    _check(req)
    segs = Segments(req.segments)
    weights = segs.weights(req.product.category, req.product.target_segments)
    emb = embedder if embedder is not None else default_embedder()
    cands = [c for c in req.creators if req.max_fee_fen is None or c.fee_fen <= req.max_fee_fen]
    excluded = len(req.creators) - len(cands)
    known = {c.id: c for c in req.creators}
    funnel, used = _learn(req, segs, emb, known)
    mix = audience_matrix(cands, segs)
    how = (f"calibrated on {used} completed collaboration(s) of this shop" if used
           else "cold-start priors (no completed collaborations of this shop with a known creator)")
    base = dict(model=MODEL_NAME, version=MODEL_VERSION, learned=used > 0, embedder=emb.name,
                product_id=req.product.id, considered=len(cands), excluded_over_budget=excluded, history_used=used)
    if not cands:
        why = ("No candidate creators to rank" + (f" ({excluded} asked more than max_fee_fen)" if excluded else "")
               + ": search creators (search_creators) or raise max_fee_fen.")
        return MatchResult(**base, why=why, matches=[])

    lifts = lift(mix, segs, weights)
    q = emb.embed_queries([product_text(req.product, req.query)])
    p = emb.embed_passages([creator_text(c) for c in cands])
    sims = (p @ q[0]).astype(np.float64)
    pred = predict(_features(cands, lifts, sims - emb.baseline_similarity), funnel, [c.id for c in cands],
                   req.product.id, req.product.conversion_rate)
    gmv = pred.orders * req.product.price_fen * funnel.units_per_order
    fee = np.array([c.fee_fen for c in cands], dtype=np.float64)
    rate = np.array([c.commission_rate for c in cands], dtype=np.float64)
    cost = fee + rate * gmv
    roi = gmv / np.maximum(cost, 1.0)
    order = sorted(range(len(cands)), key=lambda i: (-roi[i], cands[i].id))[: req.top_k]
    matches = [
        CreatorMatch(
            rank=r + 1, creator_id=cands[i].id, name=cands[i].name, category=cands[i].category,
            predicted_roi=float(roi[i]), predicted_gmv_fen=int(round(gmv[i])), predicted_cost_fen=int(round(cost[i])),
            predicted_views=float(pred.views[i]), predicted_orders=float(pred.orders[i]),
            audience_lift=float(lifts[i]), text_similarity=float(sims[i]),
            same_category=cands[i].category == req.product.category,
            past_collaborations=funnel.creator_rows.get(cands[i].id, 0), history_factor=float(pred.own_factor[i]),
            reasons=_reasons(cands[i], i, pred, float(gmv[i]), float(roi[i]), lifts, sims, emb.baseline_similarity,
                             mix, segs, funnel.creator_rows.get(cands[i].id, 0), req.product.category),
        )
        for r, i in enumerate(order)
    ]
    why = (f"Ranked {len(cands)} creators for {req.product.id} by predicted ROI = GMV / (asked fee + commission). "
           f"GMV per video = views (followers x engagement x quality) x click-through (audience lift, profile-product "
           f"text fit by {emb.name}) x conversion (audience lift) x price; {how}.")
    return MatchResult(**base, why=why, matches=matches)
