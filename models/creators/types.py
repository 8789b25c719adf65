"""What the creator matcher reads and returns: a product, candidate creators, segments, history.

The policy MCP server fills a `MatchRequest` from the platform (`get_product`, `search_creators` /
`get_creator`, `list_segments`, `list_collaborations`); nothing here knows about the simulator.
Audience mixes and segment interests are keyed by name (segment key, category key) rather than
aligned lists, so a caller cannot silently shift a column.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CollaborationStatus",
    "CreatorMatch",
    "CreatorProfile",
    "MatchRequest",
    "MatchResult",
    "PastCollaboration",
    "ProductBrief",
    "SegmentInfo",
]

CollaborationStatus = Literal["proposed", "accepted", "declined", "published", "completed", "cancelled"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SegmentInfo(_Model):
    """One buyer segment of the platform (from `list_segments`)."""

    key: str = Field(min_length=1, description="Segment key, e.g. 'student'; the keys of creators' audience_mix.")
    name: str = Field(default="", description="Display name for reasons, e.g. '学生党'; the key is used if empty.")
    share: float = Field(gt=0.0, le=1.0, description="Share of all buyers in this segment.")
    interests: dict[str, float] = Field(
        description="Interest of this segment in each product category, 0..1, keyed by category key (e.g. 'beauty')."
    )


class CreatorProfile(_Model):
    """A candidate creator (达人) as the platform describes them (from `search_creators` / `get_creator`)."""

    id: str = Field(min_length=1, description="Creator id, e.g. 'crt_0001'.")
    name: str = Field(default="", description="Nickname.")
    category: str = Field(min_length=1, description="The creator's vertical (category key).")
    followers: int = Field(ge=0, description="Follower count.")
    engagement_rate: float = Field(ge=0.0, le=1.0, description="Share of followers who engage with a typical video.")
    content_quality: float | None = Field(
        default=None, ge=0.0, le=1.0,
        description="Platform's content quality score, 0..1, where the platform shows one; unknown = an average "
        "creator (0.5), and the shop's past results with the creator then stand in for it.",
    )
    fee_fen: int = Field(ge=0, description="Asked fixed fee per short video, in fen.")
    commission_rate: float = Field(ge=0.0, le=0.9, description="Asked commission on attributed GMV, 0..0.9.")
    audience_mix: dict[str, float] = Field(
        default_factory=dict,
        description="Share of followers per buyer segment key; normalised here. Empty = unknown (treated as the "
        "platform average).",
    )
    profile_zh: str = Field(default="", description="Profile text in Chinese.")
    profile_en: str = Field(default="", description="Profile text in English.")


class ProductBrief(_Model):
    """The product to find creators for (from `get_product`)."""

    id: str = Field(min_length=1, description="Product id, e.g. 'prd_0001'.")
    category: str = Field(min_length=1, description="Category key, e.g. 'beauty'.")
    price_fen: int = Field(gt=0, description="Current selling price in fen.")
    title_zh: str = Field(default="", description="Chinese title; give this or title_en (or both).")
    title_en: str = Field(default="", description="English title; give this or title_zh (or both).")
    selling_points: list[str] = Field(default_factory=list, max_length=20, description="Selling points, any language.")
    conversion_rate: float | None = Field(
        default=None, gt=0.0, le=1.0,
        description="Observed click-to-order rate of this product (e.g. from the shop report); used as the "
        "conversion prior while the shop has no completed creator collaborations.",
    )
    target_segments: list[str] = Field(
        default_factory=list,
        description="Segment keys the merchant wants to reach; empty = the category's natural buyers.",
    )


class PastCollaboration(_Model):
    """One of this shop's past collaborations with its results (from `list_collaborations`)."""

    creator_id: str = Field(min_length=1, description="Creator of the collaboration.")
    product_id: str = Field(min_length=1, description="Product promoted.")
    product_category: str = Field(min_length=1, description="Category key of that product.")
    product_price_fen: int = Field(gt=0, description="That product's price in fen at the time.")
    product_title: str = Field(
        default="", description="That product's title (any language); lets the model learn how much text fit matters."
    )
    status: CollaborationStatus = Field(description="Only 'completed' collaborations (final results) are learned from.")
    views: int = Field(ge=0, description="Content views (the platform's 'impressions' of the collaboration).")
    clicks: int = Field(ge=0, description="Clicks from the content to the product.")
    orders: int = Field(ge=0, description="Orders attributed to the content.")
    gmv_fen: int = Field(ge=0, description="GMV attributed to the content, in fen.")
    fee_paid_fen: int = Field(default=0, ge=0, description="Fixed and CPM fees paid, in fen.")
    commission_fen: int = Field(default=0, ge=0, description="Commission paid, in fen.")
    creator: CreatorProfile | None = Field(
        default=None, description="The creator's profile, needed only if they are not among the candidates."
    )


class MatchRequest(_Model):
    """Rank `creators` for `product`, learning from the shop's `history` when there is any."""

    product: ProductBrief = Field(description="The product to promote.")
    creators: list[CreatorProfile] = Field(max_length=5000, description="Candidate creators (ids unique).")
    segments: list[SegmentInfo] = Field(min_length=1, description="All buyer segments of the platform.")
    history: list[PastCollaboration] = Field(
        default_factory=list, max_length=5000, description="This shop's past collaborations, any product."
    )
    query: str = Field(
        default="", max_length=500,
        description="Extra words from the merchant about the creators wanted, e.g. '油皮 学生党 测评'.",
    )
    top_k: int = Field(default=10, ge=1, le=5000, description="How many ranked creators to return.")
    max_fee_fen: int | None = Field(default=None, ge=0, description="Leave out creators asking a higher fee.")


class CreatorMatch(_Model):
    """One ranked creator with the prediction behind the rank."""

    rank: int = Field(ge=1, description="1 = best predicted ROI.")
    creator_id: str = Field(description="Creator id.")
    name: str = Field(description="Nickname.")
    category: str = Field(description="The creator's vertical.")
    predicted_roi: float = Field(ge=0.0, description="Predicted GMV / (fee + commission) at the asked terms.")
    predicted_gmv_fen: int = Field(ge=0, description="Predicted GMV of one video over its content life, fen.")
    predicted_cost_fen: int = Field(ge=0, description="Asked fee + asked commission on the predicted GMV, fen.")
    predicted_views: float = Field(ge=0.0, description="Predicted content views.")
    predicted_orders: float = Field(ge=0.0, description="Predicted attributed orders.")
    audience_lift: float = Field(
        ge=0.0, description="How much more the creator's audience wants this product than the average buyer (1 = same)."
    )
    text_similarity: float = Field(description="Cosine similarity of the creator's profile and the product text.")
    same_category: bool = Field(description="The creator's vertical is the product's category (more likely to accept).")
    past_collaborations: int = Field(ge=0, description="Completed collaborations of this creator with this shop.")
    history_factor: float = Field(
        gt=0.0, description="What this creator's own past results multiply the prediction by (1 = no own history)."
    )
    reasons: list[str] = Field(description="Short reasons with numbers.")


class MatchResult(_Model):
    """Ranked creators for one product, with where the numbers came from."""

    model: str = Field(description="Model name.")
    version: str = Field(description="Model version.")
    learned: bool = Field(description="True if the shop's past collaborations calibrated the prediction; False = priors.")
    why: str = Field(description="One-paragraph summary of how the ranking was made.")
    embedder: str = Field(description="Text embedding model used for profile-product similarity.")
    product_id: str = Field(description="The product ranked for.")
    considered: int = Field(ge=0, description="Candidates scored (after the fee filter).")
    excluded_over_budget: int = Field(ge=0, description="Candidates left out by max_fee_fen.")
    history_used: int = Field(ge=0, description="Completed past collaborations learned from.")
    matches: list[CreatorMatch] = Field(description="Best first, at most top_k.")
