"""A small shop catalogue for the language tests: titles as the market writes them, in one or both languages."""

from __future__ import annotations

import pytest

from agents.offline.language import ProductRef

CATALOGUE = [
    ProductRef(id="prd_serum", title="烟酰胺美白精华液 30ml 提亮肤色", category="beauty",
               aliases=["Niacinamide Brightening Serum 30ml, Evens Out Dull Skin"]),
    ProductRef(id="prd_sunscreen", title="清爽防晒霜 SPF50+ PA++++ 50ml", category="beauty",
               aliases=["Lightweight Sunscreen SPF50+ PA++++, 50ml"], top_seller=True),
    ProductRef(id="prd_latiao", title="麻辣辣条零食大礼包 1kg 办公室解馋", category="food",
               aliases=["Spicy Latiao Snack Gift Pack 1kg, Office Treats"], top_seller=True),
    ProductRef(id="prd_coffee", title="挂耳黑咖啡 现磨手冲 10g×30包", category="food"),
    ProductRef(id="prd_fryer", title="家用大容量空气炸锅 5L 无油低脂", category="home",
               aliases=["5L Large-Capacity Household Air Fryer, Oil-Free and Low-Fat"]),
    ProductRef(id="prd_earbuds", title="True Wireless Bluetooth Earbuds, Active Noise Cancelling, Long Battery Life",
               category="digital", top_seller=True),
    ProductRef(id="prd_tee", title="纯棉短袖T恤 男女同款 宽松百搭", category="apparel",
               aliases=["Pure Cotton Short-Sleeve T-Shirt, Unisex, Loose and Versatile"]),
    ProductRef(id="prd_yoga", title="加厚防滑瑜伽垫 TPE 6mm 初学者适用", category="sports",
               aliases=["Thick Non-Slip TPE Yoga Mat, 6mm, Beginner-Friendly"]),
    ProductRef(id="prd_brush", title="声波电动牙刷 成人款 5种模式 长续航", category="personal_care",
               aliases=["Sonic Electric Toothbrush for Adults, 5 Modes, Long Battery Life"]),
    ProductRef(id="prd_heads", title="电动牙刷替换刷头 4支装 软毛护龈", category="personal_care",
               aliases=["Electric Toothbrush Replacement Heads, 4-Pack, Soft Gum-Friendly Bristles"]),
]
ALL = [p.id for p in CATALOGUE]
TOP = [p.id for p in CATALOGUE if p.top_seller]
LONG_TAIL = [p.id for p in CATALOGUE if not p.top_seller]


@pytest.fixture
def catalogue() -> list[ProductRef]:
    """The ten products above, three of them top sellers."""
    return list(CATALOGUE)
