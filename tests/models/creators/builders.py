"""Builders for creator-matching tests: four segments, hand-written bilingual creators, history rows."""

from __future__ import annotations

from typing import Any

from models.creators import CreatorProfile, PastCollaboration, ProductBrief, SegmentInfo

CATS = ("beauty", "food", "digital", "sports")


def segments() -> list[SegmentInfo]:
    return [
        SegmentInfo(key="student", name="学生党", share=0.3,
                    interests={"beauty": 0.7, "food": 0.8, "digital": 0.7, "sports": 0.4}),
        SegmentInfo(key="office_lady", name="精致白领", share=0.3,
                    interests={"beauty": 0.95, "food": 0.6, "digital": 0.4, "sports": 0.4}),
        SegmentInfo(key="urban_male", name="都市男士", share=0.25,
                    interests={"beauty": 0.2, "food": 0.5, "digital": 0.95, "sports": 0.6}),
        SegmentInfo(key="fitness", name="健身达人", share=0.15,
                    interests={"beauty": 0.3, "food": 0.6, "digital": 0.5, "sports": 0.95}),
    ]


PROFILES: dict[str, list[tuple[str, str, str]]] = {
    "beauty": [
        ("小鹿美妆日记", "专注油皮护肤测评，擅长成分党干货讲解", "Reviews skincare for oily skin; good at ingredient breakdowns"),
        ("糖糖的化妆台", "主打平价彩妆试色和口红合集", "Known for swatches of affordable makeup and lipstick round-ups"),
    ],
    "food": [
        ("阿杰美食记", "分享家常菜和快手早餐做法", "Shares home-cooking and quick breakfast recipes"),
        ("豆豆零食测评", "主打办公室零食和解馋小吃开箱", "Known for unboxing office snacks and treats"),
    ],
    "digital": [
        ("老K测评室", "主打耳机音质和降噪横评", "Head-to-head comparisons of earbud sound and noise cancelling"),
        ("极客小林", "专注手机和数码配件开箱评测", "Unboxing and reviewing phones and accessories"),
    ],
    "sports": [
        ("健身教练阿飞", "由健身教练分享力量训练和动作纠正", "A fitness coach sharing strength training and form corrections"),
        ("橙子在跑步", "主打跑步装备和跑鞋测评", "Specialises in running gear and running-shoe reviews"),
    ],
}


def creator(cid: str, category: str = "beauty", *, zh: str = "", en: str = "", name: str = "",
            **kw: Any) -> CreatorProfile:
    base: dict[str, Any] = dict(id=cid, name=name or cid, category=category, followers=100_000, engagement_rate=0.05,
                                content_quality=0.6, fee_fen=300_000, commission_rate=0.2, audience_mix={},
                                profile_zh=zh, profile_en=en)
    base.update(kw)
    return CreatorProfile(**base)


def bilingual_creators(*, zh: bool = True, en: bool = True) -> list[CreatorProfile]:
    """Eight creators, two per vertical, identical but for vertical and words (audience = platform average)."""
    out = []
    for cat in CATS:
        for j, (name, pz, pe) in enumerate(PROFILES[cat]):
            out.append(creator(f"crt_{cat[:3]}{j}", cat, name=name, zh=pz if zh else "", en=pe if en else ""))
    return out


def product(**kw: Any) -> ProductBrief:
    base: dict[str, Any] = dict(id="prd_1", category="beauty", price_fen=12_900, title_zh="控油保湿精华液",
                                title_en="Oil-control hydrating serum", selling_points=["油皮友好", "清爽不黏腻"])
    base.update(kw)
    return ProductBrief(**base)


def past(creator_id: str, *, views: int, clicks: int, orders: int, product_id: str = "prd_1",
         category: str = "beauty", price: int = 12_900, status: str = "completed", **kw: Any) -> PastCollaboration:
    return PastCollaboration(creator_id=creator_id, product_id=product_id, product_category=category,
                             product_price_fen=price, status=status, views=views, clicks=clicks, orders=orders,
                             gmv_fen=orders * price, fee_paid_fen=300_000, **kw)
