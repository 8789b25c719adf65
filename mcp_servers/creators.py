"""The creators server: find creators (达人), propose collaborations, set alliance commission plans.

Collaborations and commission plans move money, so they are proposals applied with commit_plan
(every server carries the change tools, see mcp_servers/changes.py). Run alone with
`python -m mcp_servers.creators` or `zhanggui serve creators`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from market import Backend
from market.specs import CollaborationSpec, CommissionPlanSpec, CreatorQuery
from market.types import Category, Collaboration, CommissionPlan, Creator
from market.types.policy import SpendPolicy
from mcp_servers import governance as gov
from mcp_servers.changes import register_change_tools
from mcp_servers.governance import ACTIONS, Action, Assessment, FieldChange, PlanView
from mcp_servers.runtime import Page, ToolRuntime, decode_cursor, market_errors, next_cursor, register, validated

__all__ = ["build_creators_server", "estimated_views"]

INSTRUCTIONS = """Creators (达人) for one merchant's shop: search creators, propose collaborations (fixed fee,
commission, CPM or fee + commission), set a product's alliance commission plan (open, targeted,
exclusive) and follow each collaboration's views, orders, GMV and ROI. Money is in fen (1 yuan =
100 fen); rates are shares (0.2 = 20%). create_collaboration, set_commission_plan and
end_collaboration only return a plan: apply it with commit_plan (plan_id, checksum, a fresh
idempotency_key). A proposed collaboration is answered by the creator within about a day."""

S = TypeVar("S", bound=BaseModel)
CollabStatusArg = Literal["proposed", "accepted", "declined", "published", "completed", "cancelled"]
CollabType = Literal["fixed_fee", "commission", "cpm", "fee_plus_commission"]

_PROFILE_CHARS = 200
_VIEW_SHARE = 0.6
"""Lifetime views of one video per follower x engagement for content of average quality."""
_FIXED_FEE_TYPES = ("fixed_fee", "fee_plus_commission")
_RATE_JUMP = 0.10
"""A commission plan whose rate rises by more than this (10 points) needs the merchant."""


def estimated_views(creator: Creator) -> int:
    """Expected lifetime views of one video: followers x engagement x 0.6 (average content quality).

    The platform's own model also weighs content quality, which nobody can see before the video
    exists, so this is an estimate for pricing CPM deals, not a promise."""
    return int(creator.followers * creator.engagement_rate * _VIEW_SHARE)


def _truncate(text: str, n: int = _PROFILE_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"




class CreatorCard(BaseModel):
    """A creator in search results."""

    id: str
    name: str
    category: Category
    followers: int
    engagement_rate: float = Field(description="Share of followers who engage with a video.")
    fee_fen: int = Field(description="Asked fixed fee per short video, fen.")
    commission_rate: float = Field(description="Asked commission on attributed GMV.")
    profile_zh: str = Field(description="Profile, truncated; get_creator has it in full.")
    profile_en: str


class CreatorDetail(CreatorCard):
    audience_mix: list[float] = Field(description="Share of followers per buyer segment (the platform's segment order).")
    estimated_views: int = Field(description="Expected lifetime views of one video at average content quality (an "
                                 "estimate: real views also depend on the video).")


class CreatorPage(Page):
    items: list[CreatorCard]


class CollaborationPage(Page):
    items: list[Collaboration]


class CommissionPlanList(BaseModel):
    items: list[CommissionPlan]


class CollaborationStats(BaseModel):
    collaboration_id: str
    creator_id: str
    product_id: str
    type: CollabType
    status: CollabStatusArg
    publish_step: int | None
    end_step: int | None
    views: int
    clicks: int
    orders: int
    gmv_fen: int
    commission_fen: int
    fees_paid_fen: int = Field(description="Fixed fee and CPM fees paid so far.")
    cost_fen: int = Field(description="fees_paid_fen + commission_fen.")
    ctr: float | None = Field(description="clicks / views; null before any view.")
    roi: float | None = Field(description="gmv_fen / cost_fen; null while nothing has been spent.")


def _card(c: Creator) -> CreatorCard:
    return CreatorCard(id=c.id, name=c.name, category=c.category, followers=c.followers,
                       engagement_rate=c.engagement_rate, fee_fen=c.fee_fen, commission_rate=c.commission_rate,
                       profile_zh=_truncate(c.profile_zh), profile_en=_truncate(c.profile_en))


def _detail(c: Creator) -> CreatorDetail:
    return CreatorDetail(**_card(c).model_dump(), audience_mix=c.audience_mix, estimated_views=estimated_views(c))


# ---- actions (what a committed plan does) ---------------------------------------------------


def _collab_cost(spec: CollaborationSpec, creator: Creator) -> tuple[int, str]:
    """The up-front cost the deal commits the shop to, and how it was reckoned."""
    if spec.type in _FIXED_FEE_TYPES:
        return spec.fee_fen, f"fee {spec.fee_fen} fen"
    if spec.type == "cpm":
        views = estimated_views(creator)
        est = spec.cpm_fen * views // 1000
        return est, f"about {est} fen in CPM fees (estimate: {spec.cpm_fen} fen x ~{views} views / 1000)"
    return 0, "no fixed cost (commission on sales only)"


def _assess_create_collaboration(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    spec = CollaborationSpec.model_validate(args)
    product = m.get_product(shop, spec.product_id)
    creator = m.get_creator(spec.creator_id)
    cost, how = _collab_cost(spec, creator)
    v = []
    if spec.fee_fen > policy.max_creator_fee_fen:
        v.append(f"fee {spec.fee_fen} fen exceeds the creator fee cap of {policy.max_creator_fee_fen} fen")
    if spec.type == "cpm" and cost > policy.max_creator_fee_fen:
        v.append(f"estimated CPM fees of {cost} fen exceed the creator fee cap of {policy.max_creator_fee_fen} fen")
    if spec.commission_rate > policy.max_commission_rate:
        v.append(f"commission {spec.commission_rate:.0%} exceeds the cap of {policy.max_commission_rate:.0%}")
    diff = [FieldChange(field=k, after=val) for k, val in spec.model_dump(mode="json").items()
            if val or k not in ("fee_fen", "commission_rate", "cpm_fen")]
    return Assessment(
        summary=f"propose a {spec.type} collaboration to {creator.name} ({creator.id}) for {product.title_zh}: {how}",
        target_id=None, diff=diff, spend_delta_fen=cost, violations=v,
    )


def _active_plans(m: Backend, shop: str, product_id: str) -> list[CommissionPlan]:
    return [p for p in m.list_commission_plans(shop) if p.product_id == product_id and p.status == "active"]


def _assess_commission_plan(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    spec = CommissionPlanSpec.model_validate(args)
    product = m.get_product(shop, spec.product_id)
    for cid in spec.creator_ids:
        m.get_creator(cid)
    v = []
    if spec.commission_rate > policy.max_commission_rate:
        v.append(f"commission {spec.commission_rate:.0%} exceeds the cap of {policy.max_commission_rate:.0%}")
    cur = _active_plans(m, shop, spec.product_id)
    old = cur[0] if cur else None
    old_rate = old.commission_rate if old else 0.0
    diff = [FieldChange(field="kind", before=old.kind if old else None, after=spec.kind),
            FieldChange(field="commission_rate", before=old_rate if old else None, after=spec.commission_rate),
            FieldChange(field="creator_ids", before=old.creator_ids if old else None, after=spec.creator_ids)]
    replaced = f", replacing {old.id} ({old.kind} at {old.commission_rate:.0%})" if old else ""
    return Assessment(
        summary=f"set {'an' if spec.kind == 'open' else 'a'} {spec.kind} commission plan at "
        f"{spec.commission_rate:.0%} for {product.title_zh}{replaced}",
        target_id=None, diff=diff, spend_delta_fen=0, violations=v,
        high_risk=spec.commission_rate - old_rate > _RATE_JUMP + 1e-9,
    )


def _assess_end_collaboration(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    col = m.get_collaboration(shop, args["collaboration_id"])
    gov.require(col.status not in ("declined", "completed", "cancelled"),
                f"collaboration {col.id} is already {col.status}; nothing to end")
    unpaid = col.fee_fen if col.status in ("proposed", "accepted") and col.type in _FIXED_FEE_TYPES else 0
    after = "cancelled" if col.status in ("proposed", "accepted") else "completed"
    how = "the fee will not be paid" if unpaid else "its content stops bringing traffic and costs"
    return Assessment(summary=f"end collaboration {col.id} ({col.status} -> {after}): {how}", target_id=col.id,
                      diff=[FieldChange(field="status", before=col.status, after=after)], spend_delta_fen=-unpaid)


ACTIONS.update({
    "create_collaboration": Action(
        _assess_create_collaboration, lambda m, s, a: None,
        lambda m, s, a: m.create_collaboration(s, CollaborationSpec.model_validate(a)),
    ),
    "set_commission_plan": Action(
        _assess_commission_plan,
        lambda m, s, a: [p.model_dump(mode="json") for p in _active_plans(m, s, a["product_id"])],
        lambda m, s, a: m.set_commission_plan(s, CommissionPlanSpec.model_validate(a)),
    ),
    "end_collaboration": Action(
        _assess_end_collaboration,
        lambda m, s, a: m.get_collaboration(s, a["collaboration_id"]).status,
        lambda m, s, a: m.end_collaboration(s, a["collaboration_id"]),
    ),
})


# ---- the server ------------------------------------------------------------------------------


def build_creators_server(rt: ToolRuntime, server: MCPServer | None = None) -> MCPServer:
    """Register the creators tools on `server` (a new one named 'zhanggui-creators' by default)."""
    srv = server or MCPServer("zhanggui-creators", instructions=INSTRUCTIONS)
    m = rt.market

    async def search_creators(
        query: Annotated[str | None, Field(max_length=200, description=(
            "Words to find in names and profiles, Chinese or English (e.g. '穿搭 白领' or 'office outfits')."))] = None,
        category: Annotated[Category | None, Field(description="Only creators of this vertical.")] = None,
        min_followers: Annotated[int | None, Field(ge=0, description="At least this many followers.")] = None,
        max_followers: Annotated[int | None, Field(ge=0, description="At most this many followers.")] = None,
        max_fee_fen: Annotated[int | None, Field(ge=0, description="Asked fee per video at most this, fen.")] = None,
        limit: Annotated[int, Field(ge=1, le=100, description="Page size.")] = 20,
        cursor: Annotated[str | None, Field(description="next_cursor from the previous page.")] = None,
    ) -> CreatorPage:
        """Find creators by vertical, size, asked fee and words in their profile (best text match first)."""
        offset = decode_cursor(cursor)
        q = validated(CreatorQuery, {"category": category, "min_followers": min_followers,
                                      "max_followers": max_followers, "max_fee_fen": max_fee_fen,
                                      "query": query or None, "limit": limit, "offset": offset})
        with market_errors():
            rt.shop()
            items = [_card(c) for c in m.search_creators(q)]
        return CreatorPage(items=items, next_cursor=next_cursor(offset, len(items), limit))

    async def get_creator(creator_id: Annotated[str, Field(description="Creator id (crt_...).")]) -> CreatorDetail:
        """One creator in full: profile, audience mix, asked terms and the expected views of a video."""
        with market_errors():
            rt.shop()
            return _detail(m.get_creator(creator_id))

    async def list_collaborations(
        status: Annotated[CollabStatusArg | None, Field(description="Only collaborations with this status.")] = None,
        limit: Annotated[int, Field(ge=1, le=100, description="Page size.")] = 20,
        cursor: Annotated[str | None, Field(description="next_cursor from the previous page.")] = None,
    ) -> CollaborationPage:
        """The shop's collaborations with their terms, status and results so far."""
        offset = decode_cursor(cursor)
        with market_errors():
            items = m.list_collaborations(rt.shop(), status=status, limit=limit, offset=offset)
        return CollaborationPage(items=items, next_cursor=next_cursor(offset, len(items), limit))

    async def get_collaboration_stats(
        collaboration_id: Annotated[str, Field(description="Collaboration id (col_...).")],
    ) -> CollaborationStats:
        """One collaboration's results: views, clicks, orders, GMV, fees and commission paid, and ROI."""
        with market_errors():
            c = m.get_collaboration(rt.shop(), collaboration_id)
        cost = c.fee_paid_fen + c.commission_fen
        return CollaborationStats(
            collaboration_id=c.id, creator_id=c.creator_id, product_id=c.product_id, type=c.type, status=c.status,
            publish_step=c.publish_step, end_step=c.end_step, views=c.impressions, clicks=c.clicks, orders=c.orders,
            gmv_fen=c.gmv_fen, commission_fen=c.commission_fen, fees_paid_fen=c.fee_paid_fen, cost_fen=cost,
            ctr=round(c.clicks / c.impressions, 5) if c.impressions else None,
            roi=round(c.gmv_fen / cost, 3) if cost else None,
        )

    async def list_commission_plans(
        product_id: Annotated[str | None, Field(description="Only this product's plans.")] = None,
        active_only: Annotated[bool, Field(description="Leave out ended plans.")] = True,
    ) -> CommissionPlanList:
        """The shop's alliance (精选联盟) commission plans: open, targeted or exclusive, with rates."""
        with market_errors():
            plans = m.list_commission_plans(rt.shop())
        return CommissionPlanList(items=[p for p in plans if (product_id is None or p.product_id == product_id)
                                         and (not active_only or p.status == "active")])

    async def create_collaboration(
        creator_id: Annotated[str, Field(description="The creator (crt_...).")],
        product_id: Annotated[str, Field(description="The product the video sells (prd_...).")],
        type: Annotated[CollabType, Field(description=(
            "fixed_fee: pay fee_fen per video; commission: pay commission_rate on attributed GMV; cpm: pay cpm_fen per "
            "thousand views; fee_plus_commission: both fee_fen and commission_rate."))],
        fee_fen: Annotated[int, Field(ge=0, description="Fixed fee, fen (fixed_fee, fee_plus_commission).")] = 0,
        commission_rate: Annotated[float, Field(ge=0, le=0.9, description=(
            "Commission on attributed GMV, 0.2 = 20% (commission, fee_plus_commission)."))] = 0.0,
        cpm_fen: Annotated[int, Field(ge=0, description="Fen per thousand views (cpm).")] = 0,
    ) -> PlanView:
        """Propose a collaboration. Returns a plan with the up-front cost (for CPM an estimate); nothing is sent to
        the creator until commit_plan. Offers well below the creator's asked terms are usually declined."""
        unused = [name for name, value, used in (
            ("fee_fen", fee_fen, type in _FIXED_FEE_TYPES),
            ("commission_rate", commission_rate, type in ("commission", "fee_plus_commission")),
            ("cpm_fen", cpm_fen, type == "cpm")) if value and not used]
        if unused:
            raise ToolError(f"[invalid_input] {', '.join(unused)} does not apply to a {type} collaboration; leave it "
                            "out or choose the type that pays it")
        spec = validated(CollaborationSpec, {"creator_id": creator_id, "product_id": product_id, "type": type,
                                              "fee_fen": fee_fen, "commission_rate": commission_rate,
                                              "cpm_fen": cpm_fen})
        return gov.propose(m, rt.shop(), "create_collaboration", "create_collaboration", spec.model_dump(mode="json"))

    async def set_commission_plan(
        product_id: Annotated[str, Field(description="The product (prd_...).")],
        kind: Annotated[Literal["open", "targeted", "exclusive"], Field(description=(
            "open: any creator may sell it; targeted: only creator_ids; exclusive: exactly one creator."))],
        commission_rate: Annotated[float, Field(gt=0, le=0.9, description="Commission on GMV, 0.2 = 20%.")],
        creator_ids: Annotated[list[str], Field(max_length=50, description=(
            "Creators for targeted (one or more) or exclusive (exactly one); empty for open."))] = [],  # noqa: B006
    ) -> PlanView:
        """Propose the product's alliance commission plan; it replaces the product's active plan on commit. Raising
        the rate by more than 10 points (a product without a plan counts from 0) needs the merchant's approval."""
        spec = validated(CommissionPlanSpec, {"product_id": product_id, "kind": kind,
                                               "commission_rate": commission_rate, "creator_ids": list(creator_ids)})
        return gov.propose(m, rt.shop(), "set_commission_plan", "set_commission_plan", spec.model_dump(mode="json"))

    async def end_collaboration(
        collaboration_id: Annotated[str, Field(description="Collaboration id (col_...).")],
    ) -> PlanView:
        """Propose ending a collaboration: a proposed or accepted one is cancelled (no fee is paid), a published one
        is completed early (its content stops bringing traffic and costs)."""
        return gov.propose(m, rt.shop(), "end_collaboration", "end_collaboration",
                           {"collaboration_id": collaboration_id})

    for fn in (search_creators, get_creator, list_collaborations, get_collaboration_stats, list_commission_plans):
        register(srv, fn, kind="read", title=fn.__name__.replace("_", " "))
    register(srv, create_collaboration, kind="propose", money="high", title="propose a collaboration",
             idempotent=False)
    register(srv, set_commission_plan, kind="propose", money="high", title="propose a commission plan",
             idempotent=False)
    register(srv, end_collaboration, kind="propose", money="low", title="propose ending a collaboration",
             idempotent=False)
    register_change_tools(rt, srv)
    return srv


if __name__ == "__main__":
    from mcp_servers.serve import main

    raise SystemExit(main("creators"))
