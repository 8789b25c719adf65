"""Platform records (dicts as the Backend returns them) become matcher inputs."""

from __future__ import annotations

import pytest

from models.creators.platform import (
    collaboration_from_platform,
    creator_from_platform,
    product_from_platform,
    segments_from_platform,
)
from models.errors import ModelInputError

CATS = ("beauty", "food")
SEG_ROWS = [
    {"key": "student", "name_zh": "学生党", "name_en": "Students", "share": 0.6, "interests": [0.7, 0.8]},
    {"key": "silver", "name_zh": "银发族", "name_en": "Seniors", "share": 0.4, "interests": [0.15, 0.8]},
]
CREATOR = {"id": "crt_1", "name": "小鹿", "category": "beauty", "followers": 1000, "audience_mix": [0.9, 0.1],
           "engagement_rate": 0.05, "fee_fen": 50_000, "commission_rate": 0.2, "content_quality": 0.5,
           "profile_zh": "护肤", "profile_en": "skincare"}
PRODUCT = {"id": "prd_1", "shop_id": "shp_1", "category": "beauty", "price_fen": 9_900, "title_zh": "精华",
           "title_en": "Serum", "selling_points_zh": ["保湿"], "selling_points_en": ["hydrating"], "appeal": 1.3}
COLLAB = {"id": "col_1", "creator_id": "crt_1", "product_id": "prd_1", "status": "completed", "impressions": 900,
          "clicks": 20, "orders": 2, "gmv_fen": 19_800, "fee_paid_fen": 50_000, "commission_fen": 3_960}


def test_records_are_keyed_by_name() -> None:
    segs = segments_from_platform(SEG_ROWS, CATS)
    assert segs[1].interests == {"beauty": 0.15, "food": 0.8} and segs[0].name == "学生党"
    c = creator_from_platform(CREATOR, [s.key for s in segs])
    assert c.audience_mix == {"student": 0.9, "silver": 0.1}
    p = product_from_platform(PRODUCT, conversion_rate=0.03)
    assert p.selling_points == ["保湿", "hydrating"] and p.conversion_rate == 0.03
    assert "appeal" not in p.model_dump()  # the simulator's hidden truth never reaches the model
    h = collaboration_from_platform(COLLAB, PRODUCT)
    assert (h.views, h.clicks, h.orders, h.product_price_fen, h.product_title) == (900, 20, 2, 9_900, "精华")


def test_misaligned_records_are_refused() -> None:
    with pytest.raises(ModelInputError, match="3 categories"):
        segments_from_platform(SEG_ROWS, ("beauty", "food", "home"))
    with pytest.raises(ModelInputError, match="crt_1"):
        creator_from_platform(CREATOR, ["student"])
    with pytest.raises(ModelInputError, match="prd_2"):
        collaboration_from_platform({**COLLAB, "product_id": "prd_2"}, PRODUCT)
