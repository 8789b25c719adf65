"""match_creators: creators ranked for a product by predicted ROI, with the terms they ask."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

from market import Backend
from market.types import CATEGORIES, Creator
from mcp_servers.policy.common import model_errors
from mcp_servers.runtime import ToolRuntime
from models.creators import CreatorMatch, CreatorProfile, MatchRequest, MatchResult, PastCollaboration
from models.creators import match_creators as run_model
from models.creators.platform import collaboration_from_platform, product_from_platform, segments_from_platform

__all__ = ["CreatorMatches", "creator_profile", "make_match_creators"]

_PAGE = 100
_MAX_CANDIDATES = 5000


class RankedCreator(CreatorMatch):
    fee_fen: int = Field(description="The creator's asked fixed fee per video, fen (use it in create_collaboration).")
    commission_rate: float = Field(description="The creator's asked commission rate (use it in create_collaboration).")


class CreatorMatches(BaseModel):
    product_id: str
    matches: list[RankedCreator] = Field(description="Best predicted ROI first.")
    candidates: int = Field(description="Creators considered.")
    model: str
    version: str
    learned: bool
    why: str


def creator_profile(c: Creator, segment_keys: list[str]) -> CreatorProfile:
    """What the platform shows about a creator. Content quality is the simulator's hidden truth (it
    shapes how a video sells and nobody sees it before the video exists), so it is not passed on."""
    row = c.model_dump()
    row.pop("content_quality", None)
    return CreatorProfile(**{k: v for k, v in row.items() if k != "audience_mix"},
                          audience_mix=dict(zip(segment_keys, c.audience_mix, strict=True)))


def _all_creators(m: Backend, max_fee: int | None) -> list[Creator]:
    out: list[Creator] = []
    while len(out) < _MAX_CANDIDATES:
        page = m.search_creators({"max_fee_fen": max_fee, "limit": _PAGE, "offset": len(out)})
        out += page
        if len(page) < _PAGE:
            break
    return out


def make_match_creators(rt: ToolRuntime) -> Any:
    m = rt.market

    async def match_creators(
        product_id: Annotated[str, Field(description="The product to promote (prd_...).")],
        query: Annotated[str | None, Field(max_length=200, description="Extra words for the kind of creator wanted (zh or en).")] = None,
        top_k: Annotated[int, Field(ge=1, le=50, description="How many creators to return.")] = 10,
        max_fee_fen: Annotated[int | None, Field(ge=0, description="Leave out creators asking a higher fixed fee.")] = None,
    ) -> CreatorMatches:
        """Rank creators (达人) for a product by predicted ROI (GMV / fee + commission): multilingual text fit of
        profiles and product, audience overlap with the product's buyers, reach, and this shop's past
        collaborations. Each match has reasons and the creator's asked terms. Read-only: propose with
        create_collaboration."""
        with model_errors():
            shop = rt.shop()
            product = m.get_product(shop, product_id)
            segments = m.list_segments()
            keys = [s.key for s in segments]
            creators = _all_creators(m, max_fee_fen)
            by_id = {c.id: c for c in creators}
            history: list[PastCollaboration] = []
            offset = 0
            while True:
                page = m.list_collaborations(shop, status="completed", limit=_PAGE, offset=offset)
                for col in page:
                    past_product = product if col.product_id == product.id else m.get_product(shop, col.product_id)
                    who = by_id.get(col.creator_id) or m.get_creator(col.creator_id)
                    history.append(collaboration_from_platform(col.model_dump(), past_product.model_dump(),
                                                               creator_profile(who, keys)))
                offset += len(page)
                if len(page) < _PAGE:
                    break
            request = MatchRequest(
                product=product_from_platform(product.model_dump()),
                creators=[creator_profile(c, keys) for c in creators],
                segments=segments_from_platform([s.model_dump() for s in segments], list(CATEGORIES)),
                history=history, query=query or "", top_k=top_k, max_fee_fen=max_fee_fen)
            result: MatchResult = run_model(request)
        ranked = [RankedCreator(**x.model_dump(), fee_fen=by_id[x.creator_id].fee_fen,
                                commission_rate=by_id[x.creator_id].commission_rate) for x in result.matches]
        return CreatorMatches(product_id=product_id, matches=ranked, candidates=len(creators), model=result.model,
                              version=result.version, learned=result.learned, why=result.why)

    return match_creators
