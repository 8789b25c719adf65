"""Static catalogue material for the simulated Douyin-style marketplace, plus small generators.

Everything here is plain data (bilingual zh/en) and deterministic helpers that draw only from the
``numpy.random.Generator`` they are given: product categories with demand parameters, buyer
segments, brand-neutral best-seller product templates, shop names, a shop-wide policy FAQ, Chinese
name material, and a creator (KOL) generator. Money is always integer fen (1 yuan = 100 fen).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "CATEGORIES",
    "SEGMENTS",
    "PRODUCT_TEMPLATES",
    "SHOP_NAMES",
    "SHOP_POLICY_FAQ",
    "SURNAMES",
    "GIVEN_NAME_CHARS",
    "CITIES",
    "make_person_name",
    "make_phone",
    "make_creators",
]

# ---------------------------------------------------------------------------------------------
# Categories
# ---------------------------------------------------------------------------------------------

CATEGORIES: dict[str, dict] = {
    "beauty": {
        "name_zh": "美妆护肤", "name_en": "Beauty & Skincare",
        "elasticity": -1.6, "base_ctr": 0.024, "base_cvr": 0.028,
        "return_rate": 0.05, "exchange_rate": 0.01, "no_reason_return": True,
        "return_exception_zh": "已拆封使用的化妆品，经商品页面显著提示并由消费者确认后，不适用七天无理由退货",
        "return_exception_en": "Opened or used cosmetics are excluded from 7-day no-reason returns when this is "
                               "clearly stated on the product page and confirmed by the buyer.",
    },
    "apparel": {
        "name_zh": "服饰内衣", "name_en": "Apparel & Underwear",
        "elasticity": -2.2, "base_ctr": 0.026, "base_cvr": 0.020,
        "return_rate": 0.25, "exchange_rate": 0.08, "no_reason_return": True,
        "return_exception_zh": "贴身内衣、泳衣等拆封后影响卫生的商品（经页面提示）及消费者定作的服装，不适用七天无理由退货",
        "return_exception_en": "Intimate apparel and swimwear that affect hygiene once unsealed (when stated on the "
                               "page), and made-to-order garments, are excluded from 7-day no-reason returns.",
    },
    "food": {
        "name_zh": "食品生鲜", "name_en": "Food & Fresh Produce",
        "elasticity": -1.8, "base_ctr": 0.022, "base_cvr": 0.042,
        "return_rate": 0.02, "exchange_rate": 0.005, "no_reason_return": True,
        "return_exception_zh": "鲜活易腐的生鲜、水果等商品，签收后不适用七天无理由退货",
        "return_exception_en": "Perishable fresh goods such as fresh produce and fruit are excluded from 7-day "
                               "no-reason returns once delivered.",
    },
    "home": {
        "name_zh": "家居家电", "name_en": "Home & Appliances",
        "elasticity": -2.0, "base_ctr": 0.018, "base_cvr": 0.018,
        "return_rate": 0.07, "exchange_rate": 0.02, "no_reason_return": True,
        "return_exception_zh": "", "return_exception_en": "",
    },
    "baby": {
        "name_zh": "母婴用品", "name_en": "Mother & Baby",
        "elasticity": -1.5, "base_ctr": 0.020, "base_cvr": 0.030,
        "return_rate": 0.04, "exchange_rate": 0.03, "no_reason_return": True,
        "return_exception_zh": "已拆封的奶粉、纸尿裤等直接接触婴幼儿的卫生用品，经商品页面显著提示后不适用七天无理由退货",
        "return_exception_en": "Opened formula milk, diapers and other hygiene products in direct contact with "
                               "infants are excluded from 7-day no-reason returns when clearly stated on the "
                               "product page.",
    },
    "digital": {
        "name_zh": "3C数码", "name_en": "Digital & Electronics",
        "elasticity": -2.8, "base_ctr": 0.016, "base_cvr": 0.012,
        "return_rate": 0.06, "exchange_rate": 0.02, "no_reason_return": True,
        "return_exception_zh": "在线下载或已激活的软件、激活码等数字化商品，不适用七天无理由退货",
        "return_exception_en": "Downloaded or activated digital goods such as software and activation codes are "
                               "excluded from 7-day no-reason returns.",
    },
    "personal_care": {
        "name_zh": "个护清洁", "name_en": "Personal Care & Cleaning",
        "elasticity": -1.7, "base_ctr": 0.020, "base_cvr": 0.035,
        "return_rate": 0.03, "exchange_rate": 0.01, "no_reason_return": True,
        "return_exception_zh": "已拆封的牙刷刷头、剃须刀头等个人护理用品，经商品页面显著提示后不适用七天无理由退货",
        "return_exception_en": "Opened personal-care items such as toothbrush heads and shaver heads are excluded "
                               "from 7-day no-reason returns when this is clearly stated on the product page.",
    },
    "sports": {
        "name_zh": "运动户外", "name_en": "Sports & Outdoors",
        "elasticity": -2.1, "base_ctr": 0.019, "base_cvr": 0.020,
        "return_rate": 0.10, "exchange_rate": 0.05, "no_reason_return": True,
        "return_exception_zh": "", "return_exception_en": "",
    },
}

_CATEGORY_KEYS: list[str] = list(CATEGORIES)

# ---------------------------------------------------------------------------------------------
# Buyer segments (interests aligned with CATEGORIES order:
# beauty, apparel, food, home, baby, digital, personal_care, sports)
# ---------------------------------------------------------------------------------------------

SEGMENTS: list[dict] = [
    {"key": "student", "name_zh": "学生党", "name_en": "Students", "share": 0.14,
     "interests": [0.70, 0.80, 0.80, 0.25, 0.05, 0.70, 0.50, 0.40],
     "price_sensitivity": 1.4, "base_propensity": 0.8},
    {"key": "office_lady", "name_zh": "精致白领", "name_en": "Urban Professional Women", "share": 0.16,
     "interests": [0.95, 0.85, 0.60, 0.50, 0.15, 0.40, 0.70, 0.40],
     "price_sensitivity": 0.7, "base_propensity": 1.3},
    {"key": "young_parent", "name_zh": "新手爸妈", "name_en": "New Parents", "share": 0.13,
     "interests": [0.40, 0.40, 0.60, 0.70, 0.95, 0.30, 0.60, 0.20],
     "price_sensitivity": 0.9, "base_propensity": 1.2},
    {"key": "small_town_youth", "name_zh": "小镇青年", "name_en": "Small-Town Youth", "share": 0.17,
     "interests": [0.50, 0.70, 0.70, 0.40, 0.20, 0.60, 0.50, 0.30],
     "price_sensitivity": 1.3, "base_propensity": 1.0},
    {"key": "silver", "name_zh": "银发族", "name_en": "Silver-Haired Seniors", "share": 0.09,
     "interests": [0.15, 0.30, 0.80, 0.60, 0.30, 0.20, 0.50, 0.30],
     "price_sensitivity": 1.2, "base_propensity": 0.7},
    {"key": "urban_male", "name_zh": "都市男士", "name_en": "Urban Men", "share": 0.12,
     "interests": [0.20, 0.40, 0.50, 0.40, 0.10, 0.95, 0.50, 0.60],
     "price_sensitivity": 0.8, "base_propensity": 0.9},
    {"key": "fitness", "name_zh": "健身达人", "name_en": "Fitness Enthusiasts", "share": 0.08,
     "interests": [0.30, 0.50, 0.60, 0.20, 0.05, 0.50, 0.50, 0.95],
     "price_sensitivity": 0.8, "base_propensity": 1.1},
    {"key": "homemaker", "name_zh": "居家主妇", "name_en": "Homemakers", "share": 0.11,
     "interests": [0.40, 0.40, 0.80, 0.90, 0.60, 0.20, 0.80, 0.10],
     "price_sensitivity": 1.1, "base_propensity": 1.1},
]

# ---------------------------------------------------------------------------------------------
# Product templates
# ---------------------------------------------------------------------------------------------


def _faq(*rows: tuple[str, str, str, str]) -> list[dict[str, str]]:
    return [{"q_zh": q_zh, "a_zh": a_zh, "q_en": q_en, "a_en": a_en} for q_zh, a_zh, q_en, a_en in rows]


def _p(key: str, category: str, title_zh: str, title_en: str, price_fen: int, unit_cost_ratio: float,
       attributes: dict[str, str], sp_zh: list[str], sp_en: list[str], faq: list[dict[str, str]],
       return_exception: bool = False, variants: list[str] | None = None) -> dict:
    return {"key": key, "category": category, "title_zh": title_zh, "title_en": title_en,
            "price_fen": price_fen, "unit_cost_ratio": unit_cost_ratio, "attributes": attributes,
            "selling_points_zh": sp_zh, "selling_points_en": sp_en, "faq": faq,
            "return_exception": return_exception, "variants": list(variants or [])}


PRODUCT_TEMPLATES: list[dict] = [
    # ----- beauty -----
    _p("niacinamide_serum", "beauty", "烟酰胺美白精华液 30ml 提亮肤色",
       "Niacinamide Brightening Serum 30ml, Evens Out Dull Skin", 12900, 0.22,
       {"规格": "30ml", "功效": "美白提亮", "适用肤质": "所有肤质", "保质期": "3年"},
       ["5%烟酰胺复配传明酸，双重提亮", "水感质地，清爽好吸收不黏腻", "经敏感肌人群测试，温和不刺激"],
       ["5% niacinamide plus tranexamic acid for double brightening",
        "Watery texture that absorbs quickly without stickiness",
        "Tested on people with sensitive skin – gentle and non-irritating"],
       _faq(("敏感肌可以用吗？", "可以，产品已通过敏感肌测试。初次使用建议先在耳后试用，无不适再全脸使用。",
             "Is it OK for sensitive skin?",
             "Yes, it has been tested on sensitive skin. On first use, patch-test behind the ear and apply "
             "to the whole face only if there is no reaction."),
            ("白天能用吗？需要防晒吗？", "早晚都可以用，白天使用后请搭配防晒霜。",
             "Can I use it during the day? Do I need sunscreen?",
             "You can use it morning and night; in the daytime, follow with sunscreen."),
            ("开封后能放多久？", "未开封保质期3年，开封后建议6个月内用完。",
             "How long does it keep once opened?",
             "Shelf life is 3 years unopened; once opened, use it within 6 months."))),
    _p("cushion_bb_cream", "beauty", "轻薄遮瑕气垫BB霜 持久不脱妆",
       "Lightweight Concealing Cushion BB Cream, Long-Wearing", 8900, 0.25,
       {"规格": "15g+替换芯15g", "色号": "象牙白/自然色/小麦色", "功效": "遮瑕控油", "适用肤质": "混合肌/油性肌"},
       ["一盒两芯，附赠同色号替换装", "轻薄服帖，遮瑕不卡粉", "控油持妆，长时间不易脱妆"],
       ["Comes with a refill in the same shade", "Light, skin-hugging coverage that doesn't cake",
        "Controls oil for long-lasting wear"],
       _faq(("色号怎么选？", "偏白皮选象牙白，自然肤色选自然色，偏黄或小麦肤色选小麦色；拿不准可以发素颜照给客服帮您选。",
             "How do I choose a shade?",
             "Fair skin: Ivory; medium skin: Natural; yellow-toned or tan skin: Wheat. If unsure, send customer "
             "service a bare-face photo and we'll help you choose."),
            ("干皮能用吗？", "干皮建议上妆前做好保湿打底，可避免卡粉起皮。",
             "Can I use it on dry skin?", "For dry skin, moisturise and prime well first to avoid caking and flaking."),
            ("色号不合适可以换吗？", "未拆封可在签收7天内申请换色号，已拆封使用过的不支持换货。",
             "Can I exchange it if the shade is wrong?",
             "Unopened items can be exchanged for another shade within 7 days of delivery; opened, used items "
             "cannot be exchanged.")),
       variants=["象牙白", "自然色", "小麦色"]),
    _p("velvet_lipstick", "beauty", "丝绒雾面口红 显白不拔干 3.5g",
       "Velvet Matte Lipstick, Brightening and Non-Drying, 3.5g", 6900, 0.20,
       {"规格": "3.5g", "质地": "丝绒雾面", "色号": "4个色号", "保质期": "3年"},
       ["丝绒雾面质地，黄皮也显白", "添加植物油脂，滋润不拔干", "高显色，一抹饱满上色"],
       ["Velvet matte finish that brightens even warm-toned skin",
        "Enriched with plant oils so lips stay moisturised", "Highly pigmented – full colour in one swipe"],
       _faq(("会沾杯吗？", "雾面质地成膜后不易沾杯，喝水前用纸巾轻压可进一步减少沾杯。",
             "Does it transfer onto cups?",
             "Once the matte film sets it transfers very little; blotting with a tissue before drinking reduces "
             "transfer further."),
            ("嘴唇干可以用吗？", "可以，建议先涂一层润唇膏打底，效果更好。",
             "Can I use it if my lips are dry?", "Yes; applying lip balm first gives the best result.")),
       variants=["正红色", "豆沙色", "枫叶棕", "番茄红"]),
    _p("amino_cleanser", "beauty", "氨基酸洗面奶 温和清洁不紧绷 120g",
       "Amino Acid Facial Cleanser, Gentle and Non-Tightening, 120g", 4990, 0.22,
       {"规格": "120g", "功效": "清洁控油", "适用肤质": "所有肤质", "保质期": "3年"},
       ["氨基酸表活，弱酸性温和洁面", "绵密泡沫，洗后不紧绷", "敏感肌、男士都适用"],
       ["Amino-acid surfactants for gentle, mildly acidic cleansing",
        "Rich, fine lather; skin doesn't feel tight afterwards", "Suits sensitive skin and men alike"],
       _faq(("能卸妆吗？", "只能清洁淡妆和防晒，浓妆请先使用卸妆产品。",
             "Does it remove makeup?",
             "It removes light makeup and sunscreen only; use a makeup remover first for heavy makeup."),
            ("一支能用多久？", "每次用黄豆大小，早晚使用约可用2-3个月。",
             "How long does one tube last?",
             "Using a pea-sized amount morning and night, about 2–3 months."))),
    _p("hyaluronic_mask", "beauty", "玻尿酸补水面膜 10片装 深层保湿",
       "Hyaluronic Acid Hydrating Sheet Masks, 10-Pack, Deep Moisture", 5900, 0.25,
       {"规格": "25ml×10片", "功效": "补水保湿", "适用肤质": "所有肤质", "保质期": "3年"},
       ["每片25ml精华，浸润饱满", "天丝膜布，贴合轻薄透气", "熬夜、换季干燥急救"],
       ["25 ml of essence per sheet, fully soaked", "Tencel sheet that fits closely and breathes",
        "Quick rescue after late nights and seasonal dryness"],
       _faq(("多久敷一次？", "建议每周2-3次，每次15-20分钟，不要敷到面膜变干。",
             "How often should I use it?",
             "2–3 times a week for 15–20 minutes each time; don't leave it on until it dries out."),
            ("敷完要洗脸吗？", "不用洗，轻拍促进吸收，再接后续乳液面霜即可。",
             "Do I rinse my face afterwards?",
             "No need to rinse; pat the essence in, then follow with lotion or cream."))),
    _p("spf50_sunscreen", "beauty", "清爽防晒霜 SPF50+ PA++++ 50ml",
       "Lightweight Sunscreen SPF50+ PA++++, 50ml", 7900, 0.22,
       {"规格": "50ml", "防晒指数": "SPF50+ PA++++", "质地": "清爽乳液", "保质期": "3年"},
       ["SPF50+ PA++++高倍防护，户外通勤都适用", "清爽不油腻，不泛白不搓泥", "防汗防水，适合军训和运动"],
       ["High SPF50+ PA++++ protection for the outdoors and commuting",
        "Light and non-greasy, with no white cast or pilling",
        "Sweat- and water-resistant, good for military training and sports"],
       _faq(("需要卸妆吗？", "日常用洗面奶洗两遍即可；长时间户外涂得较厚时，建议使用卸妆产品。",
             "Do I need a makeup remover to take it off?",
             "Day to day, cleansing twice with facial cleanser is enough; after heavy outdoor application, "
             "use a makeup remover."),
            ("多久补涂一次？", "户外建议每2-3小时补涂一次，出汗或游泳后及时补涂。",
             "How often should I reapply?",
             "Outdoors, every 2–3 hours, and right after sweating or swimming."))),
    # ----- apparel -----
    _p("cotton_tee", "apparel", "纯棉短袖T恤 男女同款 宽松百搭",
       "Pure Cotton Short-Sleeve T-Shirt, Unisex, Loose and Versatile", 5900, 0.32,
       {"面料": "100%棉", "版型": "宽松", "领型": "圆领", "适用季节": "夏季"},
       ["230g重磅纯棉，厚实不透", "宽松落肩版型，男女都能穿", "多次水洗不变形不起球"],
       ["230 g heavyweight cotton, thick and not see-through",
        "Loose drop-shoulder cut that fits men and women",
        "Keeps its shape without pilling after repeated washes"],
       _faq(("身高170cm、体重60kg穿什么码？", "建议选L码，喜欢更宽松的效果可以选XL。",
             "I'm 170 cm and 60 kg – what size should I get?", "We suggest L; choose XL for a looser fit."),
            ("会缩水吗？", "纯棉面料首次洗涤可能轻微缩水1-2%，建议冷水手洗或轻柔机洗，不要暴晒。",
             "Will it shrink?",
             "Pure cotton may shrink slightly (1–2%) in the first wash; wash cold by hand or on a gentle cycle "
             "and avoid drying in strong sun."),
            ("尺码不合适可以换吗？", "可以，签收后7天内未穿着未洗涤、吊牌完好，即可在订单页申请换码。",
             "Can I exchange it if the size is wrong?",
             "Yes – within 7 days of delivery, if it's unworn, unwashed and the tags are intact, request a size "
             "exchange from the order page.")),
       variants=["S", "M", "L", "XL", "XXL"]),
    _p("ice_silk_wide_pants", "apparel", "冰丝阔腿裤女 夏季垂感 高腰显瘦",
       "Women's Ice-Silk Wide-Leg Trousers, Summer Drape, High-Waisted and Slimming", 7900, 0.30,
       {"面料": "冰丝（聚酯纤维+氨纶）", "版型": "高腰阔腿", "裤长": "长裤", "适用季节": "夏季"},
       ["冰丝面料，凉感透气不闷热", "高腰垂坠，遮肉显腿长", "抗皱易打理，通勤休闲都能穿"],
       ["Ice-silk fabric that feels cool and breathes",
        "High waist and fluid drape that flatter and lengthen the legs",
        "Wrinkle-resistant and easy care, for work or leisure"],
       _faq(("会透吗？", "黑色、灰色不透，白色建议搭配肤色内裤。",
             "Is it see-through?", "Black and grey are not; with white, wear nude-coloured underwear."),
            ("身高160cm穿会拖地吗？", "裤长约102cm，160cm左右穿平底鞋刚好到脚面，搭配小高跟更好看。",
             "Will it drag on the floor if I'm 160 cm tall?",
             "The length is about 102 cm; at around 160 cm in flats it reaches the top of the foot, and it looks "
             "even better with low heels.")),
       variants=["S", "M", "L", "XL"]),
    _p("duck_down_jacket", "apparel", "90白鸭绒短款羽绒服 轻薄保暖防风",
       "Short Down Jacket, 90% White Duck Down, Light, Warm and Windproof", 29900, 0.40,
       {"填充物": "90%白鸭绒", "充绒量": "150g", "版型": "短款", "适用季节": "冬季"},
       ["90%白鸭绒，蓬松度高保暖好", "防风防泼水面料，雨雪天也不怕", "轻薄不臃肿，可收进随附收纳袋"],
       ["90% white duck down with high loft for real warmth",
        "Windproof, water-repellent shell for rain and snow",
        "Light and not bulky; packs into the included pouch"],
       _faq(("北方零下能穿吗？", "适合零下10℃以内的日常穿着，更冷的地区建议内搭毛衣。",
             "Is it warm enough for sub-zero northern winters?",
             "It suits everyday wear down to about −10 °C; in colder places, layer a sweater underneath."),
            ("会跑绒吗？", "采用防跑绒面料和走线工艺，偶有少量细绒钻出属正常现象。",
             "Does the down leak out?",
             "The fabric and stitching are down-proof; an occasional wisp of fine down is normal."),
            ("可以机洗吗？", "建议手洗或干洗，水温不超过30℃，平铺晾干，不要暴晒。",
             "Can it be machine-washed?",
             "Hand-wash or dry-clean it in water no hotter than 30 °C, dry it flat, and keep it out of strong sun.")),
       variants=["S", "M", "L", "XL"]),
    _p("seamless_bra", "apparel", "无痕无钢圈内衣女 舒适聚拢 软支撑",
       "Women's Seamless Wireless Bra, Comfortable Lift, Soft Support", 6900, 0.30,
       {"面料": "锦纶+氨纶", "款式": "无钢圈", "杯型": "3/4杯", "适用场景": "日常"},
       ["一体无痕设计，贴身穿也不勒", "无钢圈软支撑，聚拢不压胸", "透气排汗，夏天也不闷"],
       ["One-piece seamless design that doesn't dig in",
        "Wire-free soft support that lifts without pressing", "Breathable and wicking, comfortable in summer"],
       _faq(("怎么选尺码？", "S码对应70A-70B，M码75A-75B，L码80A-80B，XL码85A-85B；也可以告诉客服下胸围帮您选。",
             "How do I choose a size?",
             "S fits 70A–70B, M 75A–75B, L 80A–80B and XL 85A–85B; or tell customer service your underbust "
             "measurement and we'll help."),
            ("可以退换吗？", "贴身内衣属卫生用品，拆封后不支持七天无理由退换（质量问题除外），请确认尺码后再拆封。",
             "Can I return or exchange it?",
             "As intimate apparel, it can't be returned or exchanged without reason once unsealed (quality "
             "problems excepted), so please confirm the size before opening.")),
       return_exception=True, variants=["S", "M", "L", "XL"]),
    _p("knit_cardigan", "apparel", "软糯针织开衫女 秋冬慵懒风外套",
       "Women's Soft Knit Cardigan, Relaxed Autumn/Winter Layer", 12900, 0.35,
       {"面料": "腈纶+羊毛", "版型": "宽松均码", "厚度": "常规", "适用季节": "秋冬"},
       ["软糯亲肤，贴身穿不扎", "宽松慵懒版型，遮肉显瘦", "三色可选，百搭好配"],
       ["Soft and gentle on the skin, not itchy", "Relaxed loose cut that skims the figure",
        "Three easy-to-match colours"],
       _faq(("会掉毛起球吗？", "新衣初穿可能有少量浮毛，属正常现象；建议反面手洗、平铺晾干，可减少起球。",
             "Does it shed or pill?",
             "A little loose fibre is normal at first; hand-wash inside out and dry flat to reduce pilling."),
            ("均码适合多大体重？", "均码适合体重90-140斤（45-70kg）左右的身材。",
             "What weight does the one size fit?", "The one size fits roughly 45–70 kg.")),
       variants=["米白色", "燕麦色", "黑色"]),
    # ----- food -----
    _p("daily_mixed_nuts", "food", "每日坚果混合装 30袋 独立小包装",
       "Daily Mixed Nuts, 30 Individually Wrapped Packs", 6990, 0.50,
       {"净含量": "750g（25g×30袋）", "口味": "原味", "保质期": "8个月", "储存方式": "阴凉干燥处"},
       ["6种坚果果干科学配比", "独立小包，随身携带不受潮", "低温烘焙，不额外添加糖和盐"],
       ["Six kinds of nuts and dried fruit in a balanced mix",
        "Individual packs that travel well and stay crisp", "Low-temperature roasted with no added sugar or salt"],
       _faq(("孕妇和小孩能吃吗？", "可以；3岁以下儿童请在大人看护下食用或磨碎后食用，避免呛噎。",
             "Can pregnant women and children eat it?",
             "Yes; children under 3 should eat it under supervision or ground up, to avoid choking."),
            ("生产日期是什么时候？", "均为近3个月内生产的新鲜批次，保质期8个月。",
             "When was it produced?",
             "All stock comes from fresh batches made within the last 3 months, with an 8-month shelf life."))),
    _p("spicy_latiao_pack", "food", "麻辣辣条零食大礼包 1kg 办公室解馋",
       "Spicy Latiao Snack Gift Pack 1kg, Office Treats", 2990, 0.50,
       {"净含量": "1kg", "口味": "麻辣/甜辣", "包装": "独立小包", "保质期": "6个月"},
       ["多种口味混合，一次吃个够", "独立小包装，干净卫生", "麻辣鲜香，越嚼越香"],
       ["Assorted flavours for plenty of variety", "Individually wrapped for hygiene",
        "Numbing, spicy and savoury – tastier the more you chew"],
       _faq(("很辣吗？", "属于中辣，能吃一般辣度的都能接受，礼包里也有甜辣口味。",
             "Is it very spicy?",
             "Medium-hot: fine for anyone used to moderate spice, and the pack also includes sweet-spicy flavours."),
            ("大概有多少小包？", "1kg约含50-60小包，具体数量因口味搭配略有不同。",
             "About how many small packs are there?",
             "1 kg holds around 50–60 small packs; the exact number varies with the flavour mix."))),
    _p("snail_rice_noodles", "food", "正宗柳州螺蛳粉 5袋装 酸辣够味",
       "Authentic Liuzhou River Snail Rice Noodles, 5 Packs, Sour and Spicy", 4990, 0.45,
       {"净含量": "400g×5袋", "口味": "原味酸辣", "保质期": "6个月", "产地": "广西柳州"},
       ["柳州本地工厂生产，老汤熬制", "料包足量，酸笋腐竹花生一应俱全", "5分钟煮好，宿舍加班都方便"],
       ["Made by a local Liuzhou factory with a long-simmered broth",
        "Generous sachets including pickled bamboo shoots, tofu skin and peanuts",
        "Ready in 5 minutes – handy in the dorm or when working late"],
       _faq(("可以用开水泡吗？", "建议煮制，米粉需沸水煮5-8分钟才会软滑入味，泡的口感偏硬。",
             "Can I just soak it in boiling water?",
             "We recommend boiling: the noodles need 5–8 minutes in boiling water to turn soft and absorb the "
             "flavour; soaking leaves them firm."),
            ("味道大吗？快递会漏味吗？", "酸笋独立真空密封，运输途中不会漏味；煮的时候味道较浓，建议开窗通风。",
             "Does it smell strong, and will the smell leak in transit?",
             "The pickled bamboo shoots are vacuum-sealed separately, so nothing leaks in transit; the smell is "
             "strong while cooking, so open a window."))),
    _p("drip_bag_coffee", "food", "挂耳黑咖啡 现磨手冲 10g×30包",
       "Drip-Bag Black Coffee, Freshly Ground Pour-Over, 10g × 30 Packs", 5990, 0.45,
       {"净含量": "300g（10g×30包）", "烘焙程度": "中深烘", "风味": "坚果可可", "保质期": "12个月"},
       ["阿拉比卡咖啡豆，中深烘焙醇厚不酸", "每包独立充氮保鲜", "不添加蔗糖和植脂末"],
       ["Arabica beans, medium-dark roast, full-bodied and low in acidity",
        "Each pack nitrogen-flushed for freshness", "No added sugar or non-dairy creamer"],
       _faq(("怎么冲泡？", "撕开挂耳挂在杯口，先用少量90℃左右的热水闷蒸20秒，再分2-3次注入约180ml热水即可。",
             "How do I brew it?",
             "Tear open the filter and hang it on the cup, bloom with a little water at about 90 °C for 20 "
             "seconds, then pour about 180 ml in 2–3 stages."),
            ("可以加奶吗？", "可以，加入牛奶或燕麦奶就是拿铁风味。",
             "Can I add milk?", "Yes – add dairy or oat milk for a latte-style drink."))),
    _p("fresh_kiwifruit", "food", "陕西周至徐香猕猴桃 5斤装 新鲜水果",
       "Xuxiang Kiwifruit from Zhouzhi, Shaanxi, 2.5kg, Fresh Fruit", 3990, 0.55,
       {"净含量": "5斤（2.5kg）", "单果重": "80-100g", "产地": "陕西周至", "储存方式": "常温催熟后冷藏"},
       ["产地现摘现发，新鲜直达", "果肉翠绿，酸甜多汁", "坏果包赔，售后无忧"],
       ["Picked and shipped straight from the orchard", "Bright green flesh, sweet-tart and juicy",
        "Damaged fruit fully compensated – hassle-free after-sales"],
       _faq(("收到是硬的怎么办？", "猕猴桃是后熟水果，收到偏硬属正常；和苹果、香蕉一起放3-5天，按压微软即可食用。",
             "What if they arrive hard?",
             "Kiwifruit ripen after picking, so firm fruit on arrival is normal. Keep them with apples or "
             "bananas for 3–5 days and eat them once slightly soft."),
            ("坏果怎么赔？", "签收后48小时内拍照（坏果切面及快递面单）联系客服，核实后按坏果数量退款。",
             "How is damaged fruit compensated?",
             "Within 48 hours of delivery, photograph the damaged fruit (cut open) and the shipping label and "
             "contact customer service; after verification we refund for each damaged fruit."),
            ("可以七天无理由退货吗？", "生鲜水果属于鲜活易腐商品，签收后不支持七天无理由退货，质量问题按坏果包赔处理。",
             "Can I return it within 7 days without a reason?",
             "Fresh fruit is perishable, so it's excluded from 7-day no-reason returns once delivered; quality "
             "problems are covered by our damaged-fruit compensation.")),
       return_exception=True),
    _p("air_dried_beef_jerky", "food", "内蒙古风干牛肉干 手撕 500g",
       "Inner Mongolian Air-Dried Beef Jerky, Hand-Torn, 500g", 9900, 0.55,
       {"净含量": "500g", "口味": "原味/香辣", "保质期": "9个月", "产地": "内蒙古"},
       ["草原黄牛肉，约2.5斤鲜肉出1斤干", "风干工艺，越嚼越香有嚼劲", "高蛋白，健身追剧都适合"],
       ["Grassland beef: about 1.25 kg of fresh meat makes 500 g of jerky",
        "Traditionally air-dried, chewy and full of flavour",
        "High in protein, great for workouts or binge-watching"],
       _faq(("很硬吗？老人能吃吗？", "风干牛肉干有嚼劲、偏硬，牙口不好的老人建议选原味并撕成细条慢慢吃。",
             "Is it very hard? Can elderly people eat it?",
             "Air-dried jerky is firm and chewy; for older people with weaker teeth we suggest the original "
             "flavour, torn into thin strips."),
            ("开封后怎么保存？", "开封后请密封放在阴凉干燥处，建议一周内吃完。",
             "How do I store it once opened?",
             "Reseal it and keep it somewhere cool and dry; finish it within a week.")),
       variants=["原味", "香辣"]),
    # ----- home -----
    _p("air_fryer_5l", "home", "家用大容量空气炸锅 5L 无油低脂",
       "5L Large-Capacity Household Air Fryer, Oil-Free and Low-Fat", 29900, 0.45,
       {"容量": "5L", "功率": "1400W", "控制方式": "旋钮", "保修": "1年"},
       ["5L大容量，一次可放整只鸡", "360°热风循环，少油也酥脆", "不粘内胆可拆洗，清洁方便"],
       ["5 L capacity – fits a whole chicken", "360° hot-air circulation for crispiness with little oil",
        "Removable non-stick basket that's easy to clean"],
       _faq(("第一次使用要注意什么？", "首次使用请先清洗炸篮，再空锅200℃加热10分钟，去除新机味道。",
             "What should I do before first use?",
             "Wash the basket, then run it empty at 200 °C for 10 minutes to remove the new-appliance smell."),
            ("一次能做几人份？", "5L适合3-5口之家，一次可做约1kg薯条或一只1.5kg左右的整鸡。",
             "How many people can it cook for?",
             "5 L suits a household of 3–5: about 1 kg of fries or a whole chicken of around 1.5 kg at a time."),
            ("保修怎么算？", "整机保修1年，自签收之日起计算，保修期内非人为损坏免费维修或换新。",
             "How does the warranty work?",
             "The whole unit has a 1-year warranty from the delivery date; faults not caused by misuse are "
             "repaired or replaced free within that period.")),
       variants=["白色", "黑色"]),
    _p("clear_storage_boxes", "home", "透明衣物收纳箱 带滑轮 66L 3个装",
       "Clear Clothes Storage Boxes with Wheels, 66L, Set of 3", 5990, 0.40,
       {"容量": "66L", "数量": "3个", "材质": "PP", "尺寸": "60×42×35cm"},
       ["透明箱体，找衣服一目了然", "加厚PP材质，可叠放承重", "底部万向轮，床底推拉方便"],
       ["Clear body so you can find clothes at a glance", "Thickened PP that stacks and bears weight",
        "Swivel casters for easy sliding under the bed"],
       _faq(("能放进床底吗？", "箱高35cm，请先量一下床底高度，高于36cm即可放入。",
             "Will it fit under my bed?",
             "The box is 35 cm tall; measure the clearance under your bed – anything over 36 cm will fit."),
            ("有异味吗？", "采用食品级PP材质，开箱时可能有轻微塑料味，通风1-2天即可散去。",
             "Does it smell?",
             "It's made of food-grade PP; a faint plastic smell on unboxing fades after 1–2 days of airing."))),
    _p("latex_pillow", "home", "天然乳胶枕 护颈椎 单只装",
       "Natural Latex Pillow, Neck Support, Single", 9900, 0.40,
       {"材质": "天然乳胶", "尺寸": "60×40cm", "高度": "10/12cm", "适用人群": "成人"},
       ["天然乳胶，回弹支撑不塌陷", "人体工学波浪曲线，贴合颈椎", "蜂窝透气孔，夏天不闷热"],
       ["Natural latex with responsive, non-sagging support",
        "Ergonomic wave contour that follows the neck", "Honeycomb ventilation holes keep it cool in summer"],
       _faq(("刚收到有味道正常吗？", "天然乳胶有淡淡的乳胶味，属正常现象，取下外套放在通风处1-3天即可减淡。",
             "Is it normal for it to smell on arrival?",
             "Yes – natural latex has a mild smell; remove the cover and air it for 1–3 days to reduce it."),
            ("乳胶芯可以水洗吗？", "乳胶芯不可水洗和暴晒，外套可拆下机洗。",
             "Can the latex core be washed?",
             "No – the core can't be washed or left in direct sun; the removable cover is machine-washable."))),
    _p("washed_cotton_bedding", "home", "水洗棉床上四件套 简约纯色 亲肤裸睡",
       "Washed Cotton Four-Piece Bedding Set, Minimal Solid Colour, Soft on Bare Skin", 15900, 0.40,
       {"面料": "水洗棉", "件数": "被套+床单+枕套×2", "风格": "简约纯色", "适用床尺寸": "1.5m/1.8m/2.0m"},
       ["水洗工艺，越洗越柔软", "亲肤透气，不起球不掉色", "四季通用，简约纯色百搭"],
       ["Pre-washed finish that gets softer with every wash", "Breathable and skin-friendly; no pilling or fading",
        "For all seasons, in minimal solid colours that suit any bedroom"],
       _faq(("1.8m的床被套多大？", "1.8m床对应被套220×240cm、床单245×250cm、枕套48×74cm。",
             "How big is the duvet cover for a 1.8 m bed?",
             "For a 1.8 m bed: duvet cover 220 × 240 cm, flat sheet 245 × 250 cm, pillowcases 48 × 74 cm."),
            ("第一次洗要注意什么？", "首次洗涤建议冷水加少量盐浸泡30分钟，可减少浮色，之后正常机洗即可。",
             "Anything to note for the first wash?",
             "Soak in cold water with a little salt for 30 minutes to reduce excess dye, then machine-wash as usual.")),
       variants=["1.5m床", "1.8m床", "2.0m床"]),
    _p("cordless_handheld_vacuum", "home", "无线手持吸尘器 大吸力 家用车载两用",
       "Cordless Handheld Vacuum, Strong Suction, for Home and Car", 19900, 0.45,
       {"吸力": "15000Pa", "续航": "约30分钟", "充电接口": "Type-C", "保修": "1年"},
       ["15000Pa大吸力，猫毛碎屑一吸就净", "整机仅1.2kg，单手操作不累", "多种刷头，沙发、缝隙、车内都能吸"],
       ["15,000 Pa suction picks up pet hair and crumbs", "Weighs only 1.2 kg – comfortable one-handed",
        "Multiple nozzles for sofas, gaps and car interiors"],
       _faq(("充满电要多久？能用多久？", "Type-C充电约3.5小时充满，强力模式约用12分钟，标准模式约30分钟。",
             "How long does it take to charge, and how long does it run?",
             "About 3.5 hours via Type-C; it runs about 12 minutes on boost and 30 minutes on standard."),
            ("能吸水吗？", "不能吸水或湿垃圾，以免损坏电机。",
             "Can it pick up water?", "No – don't vacuum water or wet debris, as it can damage the motor."),
            ("保修多久？", "整机保修1年，电池保修6个月。",
             "How long is the warranty?", "1 year on the unit and 6 months on the battery."))),
    # ----- baby -----
    _p("ultra_thin_diapers", "baby", "超薄透气婴儿纸尿裤 干爽不红屁屁",
       "Ultra-Thin Breathable Baby Diapers, Dry and Rash-Free", 12900, 0.45,
       {"尺码": "S/M/L/XL", "片数": "S码84片/M码68片/L码52片/XL码44片",
        "适用体重": "S码4-8kg/M码6-11kg/L码9-14kg/XL码12kg以上", "表层": "弱酸性亲肤表层"},
       ["0.2cm超薄芯体，透气干爽", "3D立体防漏围，夜间也不侧漏", "弱酸性亲肤表层，呵护宝宝娇嫩肌肤"],
       ["Ultra-thin 0.2 cm core that stays breathable and dry",
        "3D leak guards that prevent side leaks even overnight",
        "Mildly acidic, skin-friendly top layer for delicate baby skin"],
       _faq(("怎么选尺码？", "按体重选：S码4-8kg，M码6-11kg，L码9-14kg，XL码12kg以上；在两个码之间建议选大一码。",
             "How do I choose a size?",
             "Go by weight: S 4–8 kg, M 6–11 kg, L 9–14 kg, XL 12 kg and up. Between sizes, choose the larger one."),
            ("买错尺码可以换吗？", "未拆封的可在签收后7天内申请换码，已拆封的不支持换货。",
             "Can I exchange a wrong size?",
             "Unopened packs can be exchanged within 7 days of delivery; opened packs can't.")),
       variants=["S", "M", "L", "XL"]),
    _p("baby_hand_mouth_wipes", "baby", "婴儿手口湿巾 80抽×10包 无酒精",
       "Baby Hand & Mouth Wipes, 80 Sheets × 10 Packs, Alcohol-Free", 3990, 0.40,
       {"规格": "80抽×10包", "材质": "珍珠纹无纺布", "成分": "EDI纯水+植物提取", "保质期": "3年"},
       ["EDI纯水，无酒精无香精", "加厚珍珠纹，擦拭不易破", "手口可用，外出必备"],
       ["EDI-purified water; no alcohol or fragrance", "Thick pearl-textured sheets that don't tear",
        "Safe for hands and mouth – an outing essential"],
       _faq(("新生儿能用吗？", "可以，不含酒精和香精，新生儿也可以放心使用。",
             "Can newborns use them?", "Yes – they contain no alcohol or fragrance and are safe for newborns."),
            ("开封后多久用完？", "开封后请盖好盖子防止变干，建议30天内用完。",
             "How soon should I use them once opened?",
             "Close the lid to keep them moist, and use them within 30 days."))),
    _p("toddler_formula_stage3", "baby", "婴幼儿配方奶粉3段 800g 12-36月龄",
       "Toddler Formula Milk Powder, Stage 3, 800g, 12–36 Months", 22800, 0.50,
       {"段位": "3段（12-36月龄）", "净含量": "800g", "奶源": "进口奶源", "保质期": "2年"},
       ["添加乳铁蛋白和OPO结构脂", "进口奶源，生产日期新鲜", "易冲调不结块"],
       ["With lactoferrin and OPO structured lipids", "Imported milk source, freshly produced batches",
        "Mixes easily without lumps"],
       _faq(("转奶要注意什么？", "建议用7-10天逐步转奶，每天按比例增加新奶粉的量，同时观察宝宝的大便情况。",
             "How should I switch formulas?",
             "Transition gradually over 7–10 days, increasing the share of the new formula each day, and "
             "watch your baby's stools."),
            ("开罐后能放多久？", "开罐后请盖紧放在阴凉干燥处，4周内吃完，不要放冰箱。",
             "How long does it keep once opened?",
             "Close the lid tightly, store it somewhere cool and dry, use it within 4 weeks and don't refrigerate it."),
            ("可以退货吗？", "未开罐、封口完好的可在签收7天内无理由退货，开罐后不支持。",
             "Can I return it?",
             "Unopened tins with intact seals can be returned within 7 days of delivery; opened tins can't."))),
    _p("ppsu_baby_bottle", "baby", "宽口径PPSU奶瓶 防胀气 新生儿可用",
       "Wide-Neck PPSU Baby Bottle, Anti-Colic, Newborn-Safe", 8900, 0.35,
       {"材质": "PPSU", "容量": "160ml/240ml/300ml", "奶嘴": "硅胶防胀气奶嘴", "耐温": "-20℃~180℃"},
       ["PPSU材质，耐高温可蒸煮消毒", "双侧防胀气阀，减少吐奶胀气", "宽口径设计，冲奶清洗都方便"],
       ["PPSU material withstands high heat and steam sterilisation",
        "Dual anti-colic vents to reduce spit-up and gas", "Wide neck makes mixing and cleaning easy"],
       _faq(("奶嘴怎么选？", "160ml配S号奶嘴，适合0-3个月；240ml配M号，适合3-6个月；300ml配L号，适合6个月以上；奶嘴也可单独购买。",
             "Which teat should I choose?",
             "The 160 ml bottle comes with an S teat (0–3 months), the 240 ml with an M (3–6 months) and the "
             "300 ml with an L (6 months+); teats can also be bought separately."),
            ("可以用消毒柜吗？", "可以，支持蒸汽消毒和消毒柜，不建议用微波炉加热。",
             "Can I use a sterilising cabinet?",
             "Yes – steam sterilisers and sterilising cabinets are fine; don't heat it in a microwave.")),
       variants=["160ml", "240ml", "300ml"]),
    _p("baby_sleeping_bag", "baby", "婴儿纯棉睡袋 防踢被 四季通用",
       "Baby Pure-Cotton Sleeping Bag, Anti-Kick, All-Season", 9900, 0.40,
       {"面料": "A类纯棉", "适用季节": "四季通用（可拆袖）", "尺码": "80/90/100cm", "拉链": "双向拉链"},
       ["A类纯棉，宝宝贴身穿更安心", "可拆卸袖子，四季都能用", "双向拉链，换尿布不用脱"],
       ["Class A pure cotton, safe next to baby's skin", "Detachable sleeves for year-round use",
        "Two-way zip for diaper changes without taking it off"],
       _faq(("尺码怎么选？", "80码适合身高60-75cm，90码适合70-85cm，100码适合80-95cm。",
             "Which size do I need?",
             "80 fits heights of 60–75 cm, 90 fits 70–85 cm and 100 fits 80–95 cm."),
            ("冬天够暖吗？", "适合室温18-24℃使用，室温较低时可以加盖薄被。",
             "Is it warm enough for winter?",
             "It's designed for room temperatures of 18–24 °C; add a thin blanket if the room is colder.")),
       variants=["80cm", "90cm", "100cm"]),
    # ----- digital -----
    _p("anc_tws_earbuds", "digital", "真无线蓝牙耳机 主动降噪 超长续航",
       "True Wireless Bluetooth Earbuds, Active Noise Cancelling, Long Battery Life", 19900, 0.50,
       {"蓝牙版本": "5.3", "续航": "单次6小时/配合充电盒30小时", "降噪": "主动降噪", "保修": "1年"},
       ["主动降噪深度达40dB，通勤更安静", "蓝牙5.3低延迟，打游戏看视频不卡顿", "单次续航6小时，配合充电盒共30小时"],
       ["Active noise cancelling up to 40 dB for quieter commutes",
        "Low-latency Bluetooth 5.3 – no lag in games or videos",
        "6 hours per charge, 30 hours in total with the case"],
       _faq(("手机、平板、电脑都能连吗？", "都可以，支持所有带蓝牙功能的手机、平板和电脑。",
             "Does it connect to phones, tablets and computers?",
             "Yes – it works with any phone, tablet or computer that has Bluetooth."),
            ("一只耳机没声音怎么办？", "把两只耳机放回充电盒，长按充电盒按键10秒重置后重新配对；仍不能解决请联系客服，保修期内免费换新。",
             "What if one earbud has no sound?",
             "Put both earbuds back in the case, hold the case button for 10 seconds to reset, then pair again. "
             "If that doesn't help, contact customer service – it will be replaced free within the warranty."),
            ("保修多久？", "整机保修1年，自签收之日起计算。",
             "How long is the warranty?", "1 year on the whole product, starting from the delivery date.")),
       variants=["白色", "黑色"]),
    _p("power_bank_20000", "digital", "20000mAh充电宝 22.5W快充 可带上飞机",
       "20000mAh Power Bank, 22.5W Fast Charging, Allowed on Flights", 9900, 0.55,
       {"容量": "20000mAh", "输出功率": "22.5W", "接口": "Type-C+USB-A", "保修": "1年"},
       ["20000mAh大容量，手机可充4-5次", "22.5W快充，30分钟约充至50%", "符合民航规定，可随身带上飞机"],
       ["20,000 mAh – charges a phone 4–5 times", "22.5 W fast charging: about 50% in 30 minutes",
        "Meets civil aviation rules for carry-on luggage"],
       _faq(("能带上飞机吗？", "可以，额定能量74Wh，低于民航100Wh的限制；需随身携带，不能托运。",
             "Can I take it on a plane?",
             "Yes – its rated energy is 74 Wh, below the 100 Wh civil aviation limit. Keep it in your carry-on; "
             "it can't go in checked luggage."),
            ("能给笔记本电脑充电吗？", "最大输出22.5W，适合手机、平板和耳机，不支持笔记本电脑。",
             "Can it charge a laptop?",
             "Its maximum output is 22.5 W: suitable for phones, tablets and earbuds, but not laptops.")),
       variants=["白色", "黑色"]),
    _p("braided_usb_c_cable", "digital", "Type-C快充数据线 1米 2条装 编织耐用",
       "Type-C Fast-Charging Cable, 1m, 2-Pack, Braided and Durable", 2990, 0.35,
       {"接口": "USB-A转Type-C", "长度": "1米", "最大功率": "66W", "材质": "尼龙编织"},
       ["支持最高66W快充", "尼龙编织线身，弯折上万次不断", "2条装，家里公司各放一条"],
       ["Supports fast charging up to 66 W", "Braided nylon that survives tens of thousands of bends",
        "Pack of two – one for home, one for the office"],
       _faq(("能传数据吗？", "可以，支持充电和数据传输，传输速率为USB 2.0（480Mbps）。",
             "Does it transfer data?",
             "Yes – it supports both charging and data transfer, at USB 2.0 speed (480 Mbps)."),
            ("坏了怎么办？", "提供1年质保，非人为损坏可免费换新。",
             "What if it breaks?",
             "It has a 1-year warranty; damage not caused by misuse is replaced free of charge."))),
    _p("smart_sports_watch", "digital", "智能运动手表 心率血氧监测 超长续航",
       "Smart Sports Watch, Heart Rate and SpO2 Monitoring, Extra-Long Battery", 29900, 0.55,
       {"屏幕": "1.43英寸AMOLED", "续航": "典型使用14天", "防水等级": "5ATM", "保修": "1年"},
       ["全天候心率、血氧、睡眠监测", "100+运动模式，跑步骑行游泳都能记录", "典型使用续航14天，告别天天充电"],
       ["Round-the-clock heart rate, SpO2 and sleep tracking",
        "100+ sport modes covering running, cycling and swimming",
        "14 days of typical use – no more daily charging"],
       _faq(("能接电话吗？", "支持来电提醒和蓝牙通话，需要与手机保持连接。",
             "Can it take calls?", "It supports call alerts and Bluetooth calling while connected to your phone."),
            ("游泳可以戴吗？", "5ATM防水，可以戴着游泳，但不支持潜水、热水淋浴和桑拿。",
             "Can I wear it swimming?",
             "It's rated 5 ATM, so swimming is fine, but not diving, hot showers or saunas.")),
       variants=["曜石黑", "星光银"]),
    _p("pdf_editor_license", "digital", "PDF编辑软件 正版激活码 1年订阅",
       "PDF Editor Software, Genuine Activation Code, 1-Year Subscription", 9900, 0.30,
       {"授权期限": "1年", "授权设备": "1台电脑", "适用系统": "Windows/macOS", "发货方式": "电子激活码"},
       ["正版授权，支持PDF编辑、转换、合并", "下单后自动发送激活码，即买即用", "一年内免费升级，提供远程安装指导"],
       ["Genuine licence for editing, converting and merging PDFs",
        "Activation code sent automatically after purchase – use it right away",
        "Free upgrades for a year, with remote installation help"],
       _faq(("在哪里查看激活码？", "付款后激活码会通过订单消息发送，也可以在订单详情页查看。",
             "Where do I find my activation code?",
             "After payment the code is sent as an order message and is also shown on the order details page."),
            ("激活后可以退款吗？", "激活码属于数字化商品，发送并激活后不支持七天无理由退货；尚未查看激活码的订单可以申请退款。",
             "Can I get a refund after activating?",
             "Activation codes are digital goods and can't be returned without reason once delivered and "
             "activated; orders whose code hasn't been viewed yet can be refunded.")),
       return_exception=True),
    _p("wireless_mech_keyboard", "digital", "三模无线机械键盘 87键 热插拔 RGB背光",
       "Tri-Mode Wireless Mechanical Keyboard, 87 Keys, Hot-Swappable, RGB Backlight", 24900, 0.55,
       {"连接方式": "有线/蓝牙/2.4G", "键数": "87键", "轴体": "青轴/茶轴/红轴", "电池": "4000mAh"},
       ["有线、蓝牙、2.4G三模连接，可切换3台设备", "全键热插拔，换轴不用焊", "4000mAh大电池，关灯续航可达一个月"],
       ["Wired, Bluetooth and 2.4 GHz modes; switch among 3 devices",
        "Fully hot-swappable – change switches without soldering",
        "4,000 mAh battery lasts up to a month with the backlight off"],
       _faq(("青轴、茶轴、红轴怎么选？", "青轴段落感强、声音大，适合打字；茶轴手感均衡；红轴轻柔安静，适合游戏和办公室。",
             "Blue, brown or red switches – which should I choose?",
             "Blue switches are clicky and loud, good for typing; brown are balanced; red are light and quiet, "
             "good for gaming and offices."),
            ("苹果电脑能用吗？", "支持Windows和macOS系统，按Fn组合键即可切换键位。",
             "Does it work with a Mac?",
             "It supports Windows and macOS; switch the key layout with an Fn key combination.")),
       variants=["青轴", "茶轴", "红轴"]),
    # ----- personal_care -----
    _p("sonic_toothbrush", "personal_care", "声波电动牙刷 成人款 5种模式 长续航",
       "Sonic Electric Toothbrush for Adults, 5 Modes, Long Battery Life", 15900, 0.40,
       {"清洁模式": "5种", "续航": "充满电约60天", "防水等级": "IPX7", "保修": "2年"},
       ["每分钟约40000次声波振动，深层清洁", "5种模式，敏感牙龈也能用", "充一次电用60天，出差不用带充电器"],
       ["About 40,000 sonic vibrations per minute for a deep clean",
        "5 modes, including one for sensitive gums", "60 days per charge – no need to pack the charger"],
       _faq(("牙龈出血能用吗？", "可以选择敏感模式；刚开始使用1-2周牙龈轻微出血多为适应期，持续出血请咨询牙医。",
             "Can I use it if my gums bleed?",
             "Use sensitive mode. Slight bleeding in the first 1–2 weeks is usually part of adjusting; if it "
             "persists, see a dentist."),
            ("刷头多久换一次？", "建议每3个月更换一次刷头，刷毛变形时应及时更换。",
             "How often should I change the brush head?", "Every 3 months, or sooner if the bristles splay."),
            ("保修多久？", "主机保修2年，刷头属于耗材，不在保修范围内。",
             "How long is the warranty?",
             "The handle has a 2-year warranty; brush heads are consumables and aren't covered.")),
       variants=["白色", "粉色", "黑色"]),
    _p("toothbrush_heads_4pack", "personal_care", "电动牙刷替换刷头 4支装 软毛护龈",
       "Electric Toothbrush Replacement Heads, 4-Pack, Soft Gum-Friendly Bristles", 3990, 0.30,
       {"数量": "4支", "刷毛": "细软刷毛", "适配": "本店声波电动牙刷", "包装": "独立密封"},
       ["细软刷毛，呵护牙龈", "独立密封包装，干净卫生", "适配本店电动牙刷，卡扣安装方便"],
       ["Fine, soft bristles that are gentle on gums", "Individually sealed for hygiene",
        "Fits our sonic toothbrush and clicks on easily"],
       _faq(("能适配其他品牌的牙刷吗？", "本刷头仅适配本店声波电动牙刷，购买前请核对型号。",
             "Will they fit other brands' toothbrushes?",
             "They only fit our sonic electric toothbrush; please check the model before buying."),
            ("拆封后可以退吗？", "刷头属于直接入口的个人卫生用品，拆封后不支持七天无理由退货，未拆封可以正常退货。",
             "Can I return them after opening?",
             "Brush heads go in the mouth and count as personal hygiene items, so once opened they can't be "
             "returned without reason; unopened packs can be returned as normal.")),
       return_exception=True),
    _p("oil_control_shampoo", "personal_care", "控油蓬松洗发水 无硅油 500ml",
       "Oil-Control Volumising Shampoo, Silicone-Free, 500ml", 5990, 0.30,
       {"净含量": "500ml", "功效": "控油蓬松", "适用发质": "油性发质", "保质期": "3年"},
       ["无硅油配方，洗后蓬松不扁塌", "添加茶树精华，控油清爽", "氨基酸表活，温和不刺激头皮"],
       ["Silicone-free formula leaves hair light and full", "Tea tree extract controls oil for a fresh feel",
        "Amino-acid surfactants that are gentle on the scalp"],
       _faq(("干性发质可以用吗？", "本款针对油性头皮，干性发质建议搭配护发素使用。",
             "Can people with dry hair use it?",
             "It's made for oily scalps; if your hair is dry, follow with conditioner."),
            ("用了会掉头发吗？", "每天掉50-100根头发属正常代谢，本产品不会导致脱发；洗头时请用指腹按摩。",
             "Will it make my hair fall out?",
             "Losing 50–100 hairs a day is normal; this product doesn't cause hair loss. Massage with your "
             "fingertips when washing."))),
    _p("fragrance_body_wash", "personal_care", "香氛沐浴露 持久留香 1L大瓶装",
       "Fragranced Body Wash, Long-Lasting Scent, 1L Large Bottle", 4990, 0.30,
       {"净含量": "1L", "香型": "白茶/小苍兰", "功效": "清洁保湿", "保质期": "3年"},
       ["香水级调香，留香可达8小时", "添加烟酰胺，洗后滋润不干燥", "1L大瓶装，全家可用约3个月"],
       ["Perfume-grade fragrance that lingers for up to 8 hours",
        "With niacinamide – skin feels moisturised, not dry", "1 L bottle lasts a family about 3 months"],
       _faq(("香味浓吗？", "香味清新淡雅，洗后身上留有淡淡香气，不会刺鼻。",
             "Is the scent strong?",
             "It's light and fresh, leaving a subtle fragrance on the skin that isn't overpowering."),
            ("孕妇可以用吗？", "可以，配方温和；如对香精敏感，建议先小面积试用。",
             "Can pregnant women use it?",
             "Yes – the formula is mild; if you're sensitive to fragrance, try it on a small area first.")),
       variants=["白茶", "小苍兰"]),
    _p("foil_electric_shaver", "personal_care", "往复式电动剃须刀 男士 全身水洗",
       "Men's Foil Electric Shaver, Fully Washable", 19900, 0.40,
       {"刀头类型": "往复式", "防水等级": "IPX7", "续航": "充电1小时用60分钟", "保修": "2年"},
       ["往复式刀网，剃得干净不夹须", "IPX7全身水洗，清洁方便", "1小时快充，可用约60分钟"],
       ["Foil head for a close shave without pulling", "IPX7 – rinse the whole unit under the tap",
        "1-hour fast charge gives about 60 minutes of use"],
       _faq(("可以湿剃吗？", "支持干湿双剃，可以搭配剃须泡沫使用，对敏感肌更友好。",
             "Can I shave wet?", "Yes – it works wet or dry; using shaving foam is gentler on sensitive skin."),
            ("刀网多久换一次？", "建议12-18个月更换一次刀网，本店有原装刀网单独销售。",
             "How often should the foil be replaced?",
             "Every 12–18 months; genuine replacement foils are sold separately in our shop."))),
    _p("laundry_pods_52", "personal_care", "洗衣凝珠 除菌除螨 持久留香 52颗",
       "Laundry Pods, Antibacterial and Anti-Mite, Long-Lasting Scent, 52 Count", 3990, 0.35,
       {"数量": "52颗", "功效": "除菌除螨", "香型": "清新花香", "适用方式": "手洗/机洗"},
       ["浓缩配方，一颗洗一桶", "除菌率99%，贴身衣物也能洗", "持久留香，衣服香一周"],
       ["Concentrated – one pod per load", "Kills 99% of bacteria, suitable for underwear too",
        "Long-lasting scent keeps clothes fresh for a week"],
       _faq(("凝珠要剪开吗？", "不用剪开，直接放进洗衣机滚筒底部，再放衣服即可，外膜遇水自动溶解。",
             "Do I need to cut the pod open?",
             "No – put it straight into the bottom of the drum before the clothes; the film dissolves in water."),
            ("家里有小孩要注意什么？", "请把凝珠放在儿童接触不到的地方，避免误食；手湿时不要取用。",
             "Any precautions with children at home?",
             "Keep the pods out of children's reach so they can't be swallowed, and don't handle them "
             "with wet hands."))),
    # ----- sports -----
    _p("tpe_yoga_mat", "sports", "加厚防滑瑜伽垫 TPE 6mm 初学者适用",
       "Thick Non-Slip TPE Yoga Mat, 6mm, Beginner-Friendly", 6900, 0.40,
       {"材质": "TPE", "厚度": "6mm", "尺寸": "183×61cm", "赠品": "绑带+收纳袋"},
       ["双面防滑纹理，出汗也不打滑", "6mm厚度，跪姿不硌膝盖", "TPE环保材质，无异味易清洁"],
       ["Non-slip texture on both sides, even when sweaty", "6 mm thick, so kneeling doesn't hurt",
        "Eco-friendly TPE, odour-free and easy to clean"],
       _faq(("6mm会不会太厚？", "6mm兼顾缓冲和稳定，适合瑜伽、普拉提和居家健身。",
             "Isn't 6 mm too thick?",
             "6 mm balances cushioning and stability, and suits yoga, Pilates and home workouts."),
            ("怎么清洁？", "用湿布蘸少量中性清洁剂擦拭，放阴凉处晾干，不要暴晒。",
             "How do I clean it?",
             "Wipe it with a damp cloth and a little mild detergent, then air-dry it in the shade, "
             "out of direct sun.")),
       variants=["紫色", "蓝色", "灰色"]),
    _p("cushioned_running_shoes", "sports", "轻量缓震跑步鞋 男女同款 透气网面",
       "Lightweight Cushioned Running Shoes, Unisex, Breathable Mesh", 29900, 0.45,
       {"鞋面": "飞织网面", "中底": "超临界发泡", "重量": "约220g（42码单只）", "适用场景": "路跑/训练"},
       ["超临界发泡中底，回弹缓震", "单只约220g，轻盈不累脚", "飞织网面，透气排汗"],
       ["Supercritical-foam midsole for bouncy cushioning", "About 220 g per shoe – light on the feet",
        "Knit mesh upper that breathes and wicks sweat"],
       _faq(("尺码偏大还是偏小？", "尺码标准；脚背高或脚偏宽建议选大半码到一码。",
             "Do they run large or small?",
             "True to size; if you have a high instep or wide feet, go up half to one size."),
            ("试穿后可以换码吗？", "在室内试穿、不影响二次销售的，签收7天内可以换码，请保持鞋底干净、吊牌和鞋盒完好。",
             "Can I exchange the size after trying them on?",
             "If you only tried them on indoors and they're still resaleable, you can exchange the size within "
             "7 days of delivery – keep the soles clean and the tags and box intact.")),
       variants=["38", "39", "40", "41", "42", "43", "44"]),
    _p("cordless_jump_rope", "sports", "无绳计数跳绳 燃脂健身 双模式",
       "Cordless Counting Jump Rope, Fat-Burning Fitness, Dual Mode", 3990, 0.35,
       {"计数方式": "电子计数", "模式": "有绳/无绳", "绳长": "2.8m可调", "电池": "纽扣电池"},
       ["有绳无绳两用，室内楼下都能跳", "液晶屏自动计数，记录时间和卡路里", "钢丝绳芯，长度可调"],
       ["Use it with or without the rope, indoors or outside",
        "LCD screen counts jumps and records time and calories", "Steel-cored rope with adjustable length"],
       _faq(("楼下邻居会听到吗？", "无绳模式没有绳子拍地的声音，适合在家跳；建议铺瑜伽垫减少落地噪音。",
             "Will my downstairs neighbours hear it?",
             "Cordless mode has no rope slapping the floor, so it suits home use; a yoga mat reduces landing noise."),
            ("计数准吗？", "内置霍尔传感器，计数误差很小；电量不足时可能计数不准，更换纽扣电池即可。",
             "Is the counter accurate?",
             "A built-in Hall sensor keeps the count accurate; if the battery runs low the count may slip, so "
             "replace the coin cell."))),
    _p("adjustable_dumbbells", "sports", "家用可调节哑铃 20kg一对 男士健身",
       "Adjustable Home Dumbbells, 20kg Pair, Men's Fitness", 19900, 0.50,
       {"总重量": "20kg（一对）", "材质": "包胶铸铁", "调节方式": "片式组合", "赠品": "连接杆"},
       ["可拆卸组合，一套顶多种重量", "包胶设计，保护地板、噪音小", "附赠连接杆，可当杠铃使用"],
       ["Detachable plates give many weight combinations in one set",
        "Rubber-coated to protect floors and reduce noise", "Includes a connecting bar to use it as a barbell"],
       _faq(("新手选多重合适？", "男性新手一般从20kg一对起步，女性新手建议10kg一对，随训练逐步加重。",
             "What weight suits beginners?",
             "Male beginners usually start with a 20 kg pair and women with a 10 kg pair, adding weight as "
             "they progress."),
            ("会有异味吗？", "包胶材质刚拆开可能有轻微橡胶味，放通风处几天即可散去。",
             "Does it smell?",
             "The rubber coating may smell faintly at first; it fades after a few days in a ventilated place."))),
    _p("quick_dry_sports_tee", "sports", "冰丝速干运动T恤 男 透气健身服",
       "Men's Ice-Silk Quick-Dry Sports T-Shirt, Breathable Gym Top", 4990, 0.35,
       {"面料": "聚酯纤维+氨纶", "功能": "速干透气", "版型": "修身", "适用场景": "跑步/健身"},
       ["速干面料，出汗后快速排干", "高弹修身，训练不受束缚", "冰丝凉感，夏季运动不闷热"],
       ["Quick-dry fabric that sheds sweat fast", "Stretchy slim fit that doesn't restrict movement",
        "Cool-feel ice silk for summer training"],
       _faq(("175cm、70kg穿什么码？", "建议L码，喜欢宽松可选XL。",
             "What size for 175 cm and 70 kg?", "L is recommended, or XL if you like a looser fit."),
            ("可以机洗吗？", "可以机洗，建议装洗衣袋，不要使用柔顺剂，以免影响速干效果。",
             "Is it machine-washable?",
             "Yes – use a laundry bag and skip fabric softener, which reduces the quick-dry effect.")),
       variants=["M", "L", "XL", "XXL"]),
    _p("camping_moon_chair", "sports", "户外露营折叠月亮椅 便携轻量 承重150kg",
       "Outdoor Folding Moon Chair for Camping, Portable and Light, 150kg Capacity", 8900, 0.45,
       {"材质": "铝合金+牛津布", "承重": "150kg", "重量": "约1.3kg", "收纳尺寸": "35×12×12cm"},
       ["铝合金支架，承重150kg稳固不晃", "整椅仅约1.3kg，收纳后可放进背包", "包裹式月亮椅设计，坐着更放松"],
       ["Aluminium frame holds 150 kg without wobbling",
        "Weighs only about 1.3 kg and fits in a backpack when packed",
        "Enveloping moon-chair design for relaxed seating"],
       _faq(("安装复杂吗？", "支架由弹力绳连接，展开后套上椅布即可，1分钟左右完成。",
             "Is it hard to set up?",
             "The frame is linked by shock cord – unfold it and slip on the seat fabric; it takes about a minute."),
            ("椅布可以洗吗？", "椅布可以拆下手洗，晾干后再装回。",
             "Can the seat fabric be washed?", "Yes – remove it and hand-wash it, then refit it once dry.")),
       variants=["黑色", "卡其色"]),
]

# ---------------------------------------------------------------------------------------------
# Shops and shop-wide policy knowledge base
# ---------------------------------------------------------------------------------------------

SHOP_NAMES: list[dict] = [
    {"name_zh": "花漾美妆旗舰店", "name_en": "Huayang Beauty Flagship Store", "main_category": "beauty"},
    {"name_zh": "衣见倾心女装店", "name_en": "Yijian Qingxin Womenswear Store", "main_category": "apparel"},
    {"name_zh": "山野小馋猫零食铺", "name_en": "Shanye Little Foodie Snack Shop", "main_category": "food"},
    {"name_zh": "暖居生活馆", "name_en": "Nuanju Home Living Store", "main_category": "home"},
    {"name_zh": "贝贝成长母婴店", "name_en": "Beibei Growth Mother & Baby Store", "main_category": "baby"},
    {"name_zh": "极客数码专营店", "name_en": "Jike Digital Specialty Store", "main_category": "digital"},
    {"name_zh": "净享个护旗舰店", "name_en": "Jingxiang Personal Care Flagship Store", "main_category": "personal_care"},
    {"name_zh": "燃动运动户外店", "name_en": "Randong Sports & Outdoors Store", "main_category": "sports"},
]

SHOP_POLICY_FAQ: list[dict] = [
    {"topic": "shipping_time",
     "q_zh": "下单后多久发货？多久能到？",
     "a_zh": "付款后48小时内发货（预售和定制商品以页面标注时间为准），发货后一般2-4天送达，偏远地区约5-7天。",
     "q_en": "How soon will my order ship, and when will it arrive?",
     "a_en": "Orders ship within 48 hours of payment (pre-sale and custom items follow the time stated on the "
             "product page). Delivery usually takes 2–4 days after dispatch, or about 5–7 days to remote regions."},
    {"topic": "shipping_fee_remote_regions",
     "q_zh": "包邮吗？偏远地区运费怎么算？",
     "a_zh": "全国大部分地区包邮；新疆、西藏、青海、宁夏、内蒙古等偏远地区需补运费15元，下单时系统自动计算。港澳台及海外暂不发货。",
     "q_en": "Is shipping free? How are remote regions charged?",
     "a_en": "Shipping is free to most of mainland China. Remote regions such as Xinjiang, Tibet, Qinghai, Ningxia "
             "and Inner Mongolia carry a 15-yuan surcharge, calculated automatically at checkout. We don't "
             "currently ship to Hong Kong, Macao, Taiwan or overseas."},
    {"topic": "seven_day_no_reason_return",
     "q_zh": "支持七天无理由退货吗？",
     "a_zh": "支持。签收之日起7天内，商品及包装完好、不影响二次销售的，可在订单页申请无理由退货。非质量问题的退货运费由买家承担，"
             "订单含运费险的可获理赔；质量问题的退货运费由本店承担。",
     "q_en": "Do you offer 7-day no-reason returns?",
     "a_en": "Yes. Within 7 days of delivery, if the item and its packaging are intact and resaleable, you can request "
             "a no-reason return from the order page. Return postage for non-quality reasons is paid by the buyer "
             "(reimbursed if your order has return-shipping insurance); for quality problems we pay it."},
    {"topic": "return_exceptions",
     "q_zh": "哪些商品不支持七天无理由退货？",
     "a_zh": "根据《消费者权益保护法》第二十五条，以下商品不适用：鲜活易腐商品（如生鲜水果）；消费者定作的商品；已激活或已查看的"
             "数字化商品（如软件激活码）；以及经页面显著提示、拆封后影响卫生安全的商品（如贴身内衣、已拆封的化妆品和牙刷刷头）。"
             "存在质量问题的商品不受此限制。",
     "q_en": "Which items are excluded from 7-day no-reason returns?",
     "a_en": "Under Article 25 of the Consumer Rights Protection Law, the following are excluded: perishable fresh "
             "goods (such as fresh fruit); made-to-order items; digital goods that have been activated or viewed "
             "(such as software activation codes); and items whose unsealing affects hygiene or safety, when this is "
             "clearly stated on the product page (such as intimate apparel, opened cosmetics and toothbrush heads). "
             "Items with quality problems are not subject to these exclusions."},
    {"topic": "exchange",
     "q_zh": "怎么换尺码或颜色？",
     "a_zh": "签收后7天内，商品未穿着未洗涤、吊牌和包装完好的，可在订单页点击“申请售后-换货”选择新的尺码或颜色。我们收到退回商品后"
             "48小时内寄出新商品；非质量问题换货的寄回运费由买家承担，质量问题由本店承担。所需规格缺货时，可改为退货退款。",
     "q_en": "How do I exchange for a different size or colour?",
     "a_en": "Within 7 days of delivery, if the item is unworn, unwashed and its tags and packaging are intact, tap "
             "“After-sales – Exchange” on the order page and choose the new size or colour. We ship the replacement "
             "within 48 hours of receiving your return. For non-quality exchanges the buyer pays the return "
             "postage; for quality problems we do. If the variant you want is out of stock, you can switch to a "
             "return and refund."},
    {"topic": "refund_timing",
     "q_zh": "退款多久到账？",
     "a_zh": "我们收到退货并验收后1-3天内处理退款，款项原路退回：平台钱包余额即时到账，银行卡一般1-3个工作日到账。"
             "未发货订单申请退款会自动极速退款。",
     "q_en": "How long does a refund take?",
     "a_en": "We process the refund within 1–3 days of receiving and inspecting the return, back to the original "
             "payment method: wallet balance arrives instantly and bank cards usually within 1–3 working days. "
             "Refunds on orders that haven't shipped are issued automatically right away."},
    {"topic": "coupon_stacking",
     "q_zh": "优惠券可以叠加使用吗？",
     "a_zh": "每笔订单只能使用一张店铺优惠券，店铺券之间不能叠加；平台发放的优惠券（如平台满减券、新人券）可以与店铺券叠加使用。"
             "部分退款时，优惠金额按商品金额比例分摊扣除。",
     "q_en": "Can coupons be combined?",
     "a_en": "Only one shop coupon can be used per order, and shop coupons can't be combined with each other. "
             "Platform coupons (such as platform spend-and-save or new-user coupons) can be stacked with a shop "
             "coupon. For partial refunds, the discount is apportioned across items in proportion to their prices."},
    {"topic": "price_protection",
     "q_zh": "买完降价了可以补差价吗？",
     "a_zh": "支持价格保护：下单后7天内，本店同一商品同一规格降价的，可联系客服申请退还差价。直播间限时秒杀、赠品以及使用优惠券"
             "形成的价差不在保价范围内。",
     "q_en": "Can I get the difference back if the price drops after I buy?",
     "a_en": "Yes, we offer price protection: if the same item in the same variant drops in price in our shop within "
             "7 days of your order, contact customer service to claim the difference. Livestream flash-sale prices, "
             "free gifts and price differences created by coupons aren't covered."},
    {"topic": "invoice",
     "q_zh": "可以开发票吗？",
     "a_zh": "可以开具电子普通发票。确认收货后在订单详情页点击“申请开票”，填写抬头和税号，3个工作日内发送到您的邮箱或订单页。"
             "如需增值税专用发票，请联系客服。",
     "q_en": "Can I get an invoice?",
     "a_en": "Yes, we issue standard electronic invoices. After confirming receipt, tap “Request invoice” on the order "
             "details page and enter the invoice title and tax ID; it will be sent to your email or order page within "
             "3 working days. For a special VAT invoice, please contact customer service."},
    {"topic": "human_agent",
     "q_zh": "怎么联系人工客服？",
     "a_zh": "在商品页或订单页点击“客服”，输入“转人工”即可接入人工客服。人工服务时间为每天9:00-23:00，其他时间可以留言，"
             "上班后优先回复。",
     "q_en": "How do I reach a human agent?",
     "a_en": "Tap “Customer service” on the product or order page and type “human agent” to be transferred. Human "
             "agents are available 9:00–23:00 every day; outside those hours, leave a message and we'll reply first "
             "thing when we're back."},
    {"topic": "damaged_on_arrival",
     "q_zh": "收到的商品破损了怎么办？",
     "a_zh": "请在签收后48小时内拍照（外包装、破损部位、快递面单），通过订单页联系客服，核实后为您补发或退款，一般无需寄回破损商品"
             "（大件商品除外）。超过48小时可能无法核实运输责任。",
     "q_en": "What if my item arrives damaged?",
     "a_en": "Within 48 hours of delivery, take photos (outer packaging, the damage and the shipping label) and "
             "contact customer service from the order page. After verification we'll send a replacement or refund you, "
             "usually without needing the damaged item back (large items excepted). After 48 hours we may be unable "
             "to establish whether the damage happened in transit."},
    {"topic": "order_cancellation",
     "q_zh": "下单后可以取消吗？",
     "a_zh": "未发货前可在订单页直接申请取消，款项自动原路退回；已发货的订单无法取消，可以拒收快递或签收后申请退货。",
     "q_en": "Can I cancel my order?",
     "a_en": "Before it ships, you can cancel directly on the order page and the money goes back to your original "
             "payment method automatically. Once shipped, the order can't be cancelled, but you can refuse the "
             "delivery or request a return after receiving it."},
]

# ---------------------------------------------------------------------------------------------
# Names, phones, cities
# ---------------------------------------------------------------------------------------------

SURNAMES: list[str] = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)

GIVEN_NAME_CHARS: list[str] = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉玲丹宇浩凯健俊帆帅旭宁龙林欣佳怡婷雪慧颖琳晨阳思雨"
    "萱梓涵子轩博文诗梦悦嘉瑶晓鑫昊然宏志建国云飞亮倩春晶峰斌凤兰楠睿泽琪彤"
)

CITIES: list[dict] = [
    {"city_zh": c_zh, "city_en": c_en, "province_zh": p_zh, "remote": remote}
    for c_zh, c_en, p_zh, remote in [
        ("北京", "Beijing", "北京", False), ("上海", "Shanghai", "上海", False),
        ("广州", "Guangzhou", "广东", False), ("深圳", "Shenzhen", "广东", False),
        ("佛山", "Foshan", "广东", False), ("东莞", "Dongguan", "广东", False),
        ("杭州", "Hangzhou", "浙江", False), ("温州", "Wenzhou", "浙江", False),
        ("南京", "Nanjing", "江苏", False), ("苏州", "Suzhou", "江苏", False),
        ("成都", "Chengdu", "四川", False), ("重庆", "Chongqing", "重庆", False),
        ("武汉", "Wuhan", "湖北", False), ("长沙", "Changsha", "湖南", False),
        ("西安", "Xi'an", "陕西", False), ("郑州", "Zhengzhou", "河南", False),
        ("天津", "Tianjin", "天津", False), ("青岛", "Qingdao", "山东", False),
        ("济南", "Jinan", "山东", False), ("临沂", "Linyi", "山东", False),
        ("沈阳", "Shenyang", "辽宁", False), ("长春", "Changchun", "吉林", False),
        ("哈尔滨", "Harbin", "黑龙江", False), ("石家庄", "Shijiazhuang", "河北", False),
        ("太原", "Taiyuan", "山西", False), ("合肥", "Hefei", "安徽", False),
        ("南昌", "Nanchang", "江西", False), ("福州", "Fuzhou", "福建", False),
        ("厦门", "Xiamen", "福建", False), ("昆明", "Kunming", "云南", False),
        ("贵阳", "Guiyang", "贵州", False), ("南宁", "Nanning", "广西", False),
        ("海口", "Haikou", "海南", False), ("兰州", "Lanzhou", "甘肃", False),
        ("呼和浩特", "Hohhot", "内蒙古", True), ("银川", "Yinchuan", "宁夏", True),
        ("西宁", "Xining", "青海", True), ("拉萨", "Lhasa", "西藏", True),
        ("乌鲁木齐", "Urumqi", "新疆", True), ("喀什", "Kashgar", "新疆", True),
    ]
]

_MOBILE_PREFIXES: list[str] = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "150", "151", "152", "153", "155", "156", "157", "158", "159",
    "173", "175", "176", "177", "178",
    "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
    "191", "193", "195", "196", "197", "198", "199",
]


def make_person_name(rng: np.random.Generator) -> str:
    """A plausible Chinese full name: surname + one or two given-name characters."""
    surname = SURNAMES[int(rng.integers(len(SURNAMES)))]
    n_given = 2 if rng.random() < 0.65 else 1
    given = "".join(GIVEN_NAME_CHARS[int(i)] for i in rng.integers(len(GIVEN_NAME_CHARS), size=n_given))
    return surname + given


def make_phone(rng: np.random.Generator) -> str:
    """An 11-digit mainland mobile number starting with 13/15/17/18/19."""
    prefix = _MOBILE_PREFIXES[int(rng.integers(len(_MOBILE_PREFIXES)))]
    return prefix + "".join(str(int(d)) for d in rng.integers(0, 10, size=8))


# ---------------------------------------------------------------------------------------------
# Creators (KOLs)
# ---------------------------------------------------------------------------------------------

_CREATOR_CATEGORY_WEIGHTS: list[float] = [0.18, 0.16, 0.16, 0.12, 0.09, 0.10, 0.08, 0.11]
_COMMISSION_BASE: dict[str, float] = {
    "beauty": 0.25, "apparel": 0.20, "food": 0.18, "home": 0.15,
    "baby": 0.15, "digital": 0.08, "personal_care": 0.20, "sports": 0.15,
}

_NICK_PREFIXES: list[str] = [
    "小鹿", "阿杰", "老K", "橙子", "七七", "糖糖", "小鱼", "阿飞", "小雨", "木子", "大米", "豆豆", "小满", "阿宁",
    "老陈", "小林", "晴天", "果果", "一一", "安安", "小野", "阿瑶", "胖虎", "阿柒", "西西", "小白", "大熊", "小周",
    "阿凯", "兔兔", "小葵", "阿乐", "麦子", "团子", "阿文", "小北", "南南", "鹿鹿", "阿哲", "小蛮", "柚子", "阿珂",
    "小新", "老王", "芒果", "小十", "阿布", "桃子", "米粒", "可乐", "阿泽", "小樱", "大壮", "奶糖", "阿花", "小川",
    "九月", "阿丁", "小叶", "老罗", "猫猫", "阿远", "小暖", "星星",
]

_NICK_PATTERNS: dict[str, list[str]] = {
    "beauty": ["{p}爱护肤", "{p}的化妆台", "{p}美妆日记", "护肤师{p}", "{p}的变美笔记", "美妆博主{p}", "{p}聊成分",
               "{p}的素颜日常", "化妆师{p}", "{p}彩妆实验室"],
    "apparel": ["{p}的衣橱", "{p}穿搭日记", "{p}每日穿搭", "穿搭博主{p}", "{p}的小个子穿搭", "{p}爱穿搭",
                "服装设计师{p}", "{p}的换季衣橱", "{p}潮流穿搭", "搭配师{p}"],
    "food": ["{p}爱吃零食", "{p}的厨房", "{p}美食记", "吃货{p}", "{p}探店中", "{p}的深夜食堂", "{p}吃遍全国",
             "美食博主{p}", "{p}家的饭", "{p}零食测评"],
    "home": ["{p}的小家", "{p}家居好物", "{p}爱收纳", "收纳师{p}", "{p}的租房日记", "{p}居家生活", "{p}家电实验室",
             "{p}的理想之家", "家居博主{p}", "{p}爱整理"],
    "baby": ["{p}妈妈育儿记", "{p}的带娃日常", "{p}爸爸带娃", "育儿师{p}", "{p}家的小宝贝", "{p}母婴好物",
             "儿科护士{p}", "{p}的育儿笔记", "奶爸{p}", "{p}宝妈日记"],
    "digital": ["{p}的数码日记", "{p}玩数码", "数码博主{p}", "{p}测评室", "{p}聊科技", "极客{p}", "{p}的桌面搭建",
                "{p}爱数码", "{p}开箱记", "科技达人{p}"],
    "personal_care": ["{p}的洗护日记", "{p}个护好物", "{p}爱干净", "{p}的浴室", "理容师{p}", "{p}好物分享",
                      "{p}的香氛生活", "{p}洗护测评", "{p}清洁小妙招", "个护达人{p}"],
    "sports": ["健身教练{p}", "{p}在跑步", "{p}练起来", "{p}的户外日记", "{p}爱露营", "{p}瑜伽馆", "{p}健身日记",
               "{p}跳绳打卡", "运动博主{p}", "{p}燃脂中"],
}

# (zh, en) pairs: what the creator makes, and what they are good at, per vertical.
_PROFILE_STYLES: dict[str, list[tuple[str, str]]] = {
    "beauty": [
        ("专注油皮护肤测评", "Focuses on skincare reviews for oily skin"),
        ("日常分享新手友好的快速妆容教程", "Shares beginner-friendly quick makeup tutorials"),
        ("主打平价彩妆试色和口红合集", "Known for swatches of affordable makeup and lipstick round-ups"),
        ("持续记录敏感肌修护和换季护肤", "Documents sensitive-skin repair and seasonal skincare routines"),
        ("专注抗初老精华和面霜的长期实测", "Runs long-term tests of anti-ageing serums and face creams"),
        ("以沉浸式vlog记录早晚护肤流程", "Films immersive vlogs of morning and evening skincare routines"),
    ],
    "apparel": [
        ("专注小个子女生穿搭分享", "Focuses on outfit ideas for petite women"),
        ("每日更新通勤职场穿搭", "Posts daily office and commuting outfits"),
        ("主打男生基础款和街头潮流穿搭", "Specialises in men's basics and streetwear styling"),
        ("分享微胖身材的显瘦穿搭技巧", "Shares flattering outfit tips for curvy figures"),
        ("记录一衣多穿和换季衣橱整理", "Documents mix-and-match outfits and seasonal wardrobe changes"),
        ("专注平价女装开箱试穿", "Does try-on hauls of affordable womenswear"),
    ],
    "food": [
        ("专注各地特色美食和零食测评", "Focuses on regional specialities and snack reviews"),
        ("分享家常菜和快手早餐做法", "Shares home-cooking and quick breakfast recipes"),
        ("主打办公室零食和解馋小吃开箱", "Known for unboxing office snacks and treats"),
        ("记录产地直发的水果和生鲜", "Documents fruit and fresh produce shipped direct from farms"),
        ("以沉浸式吃播展示零食和速食", "Showcases snacks and instant foods through immersive eating videos"),
        ("专注低脂轻食和控糖饮食分享", "Shares low-fat light meals and low-sugar eating ideas"),
    ],
    "home": [
        ("专注小户型收纳和家居改造", "Focuses on storage and makeovers for small homes"),
        ("分享厨房小家电实测和快手菜", "Shares hands-on tests of small kitchen appliances with quick recipes"),
        ("主打租房党平价家居好物推荐", "Recommends budget home finds for renters"),
        ("记录温馨居家生活和床品布置", "Documents cosy home life and bedding styling"),
        ("专注清洁家电和懒人家务技巧", "Focuses on cleaning appliances and low-effort housework hacks"),
        ("以家居好物开箱和使用对比为主", "Mostly unboxes home goods and compares them in use"),
    ],
    "baby": [
        ("专注新手爸妈育儿经验分享", "Focuses on parenting tips for new parents"),
        ("记录宝宝日常和辅食制作", "Documents baby's daily life and homemade baby food"),
        ("主打母婴用品测评和避坑指南", "Reviews baby products and warns which ones to avoid"),
        ("由儿科护士分享科学育儿知识", "A paediatric nurse sharing evidence-based parenting advice"),
        ("分享从孕期到产后的好物清单", "Shares must-have lists from pregnancy to postpartum"),
        ("以奶爸视角记录带娃日常", "Records everyday childcare from a hands-on dad's point of view"),
    ],
    "digital": [
        ("专注手机和数码配件开箱评测", "Focuses on unboxing and reviewing phones and accessories"),
        ("分享高性价比数码好物和桌面搭建", "Shares great-value gadgets and desk setups"),
        ("主打耳机音质和降噪横评", "Specialises in head-to-head comparisons of earbud sound and noise cancelling"),
        ("记录智能手表和智能家居的长期使用体验", "Documents long-term use of smartwatches and smart-home devices"),
        ("专注电脑外设和机械键盘测评", "Reviews PC peripherals and mechanical keyboards"),
        ("以硬核拆解视频讲解电子产品", "Explains electronics through in-depth teardown videos"),
    ],
    "personal_care": [
        ("专注洗护发和头皮护理", "Focuses on hair care and scalp care"),
        ("分享男士理容和剃须护理", "Shares men's grooming and shaving care"),
        ("主打口腔护理和电动牙刷测评", "Specialises in oral care and electric toothbrush reviews"),
        ("记录香氛沐浴和身体护理日常", "Documents scented body wash and body-care routines"),
        ("专注家庭清洁和洗衣用品测评", "Reviews household cleaning and laundry products"),
        ("以平价个护好物合集为主", "Mostly posts round-ups of affordable personal-care finds"),
    ],
    "sports": [
        ("专注居家健身和减脂训练", "Focuses on home workouts and fat-loss training"),
        ("由健身教练分享力量训练和动作纠正", "A fitness coach sharing strength training and form corrections"),
        ("主打跑步装备和跑鞋测评", "Specialises in running gear and running-shoe reviews"),
        ("记录露营、徒步等户外生活", "Documents camping, hiking and other outdoor life"),
        ("分享瑜伽、普拉提和体态矫正", "Shares yoga, Pilates and posture correction"),
        ("以跳绳打卡和燃脂挑战为主", "Mostly runs jump-rope check-ins and fat-burning challenges"),
    ],
}

_PROFILE_STRENGTHS: dict[str, list[tuple[str, str]]] = {
    "beauty": [
        ("擅长成分党干货讲解", "good at no-fluff ingredient breakdowns"),
        ("上妆前后对比直观，种草力强", "clear before-and-after makeup comparisons that drive purchases"),
        ("擅长按肤质给出护肤搭配建议", "good at recommending skincare routines by skin type"),
        ("真人素颜实测，信任度高", "real bare-face testing that earns strong trust"),
        ("口播节奏快，适合新品快速种草", "fast-paced voice-overs suited to quickly promoting new launches"),
        ("善于讲解面膜、精华等护肤单品的使用手法", "good at showing how to apply masks, serums and other skincare"),
    ],
    "apparel": [
        ("擅长上身对比和尺码建议", "good at on-body comparisons and size advice"),
        ("镜头感强，版型面料讲解细致", "confident on camera, with detailed explanations of cut and fabric"),
        ("搭配思路清晰，粉丝常照着买整套", "clear styling ideas – followers often buy the whole look"),
        ("擅长讲解面料成分和洗护方法", "good at explaining fabric composition and garment care"),
        ("试穿视频真实不修图，退货率低", "unretouched try-on videos that keep return rates low"),
        ("上新节奏快，爆款嗅觉敏锐", "keeps up with new drops and has a sharp eye for best-sellers"),
    ],
    "food": [
        ("擅长描述口感和味道，食欲感强", "vivid descriptions of taste and texture that whet the appetite"),
        ("擅长讲解配料表和保质期", "good at explaining ingredient lists and shelf life"),
        ("产地实拍，信任度高", "on-location footage from the source that builds strong trust"),
        ("擅长做分量和性价比对比", "good at portion-size and value-for-money comparisons"),
        ("直播试吃互动强，转化稳定", "interactive live tastings with steady conversion"),
        ("擅长把速食和零食做出新吃法", "good at inventing new ways to enjoy instant foods and snacks"),
    ],
    "home": [
        ("擅长真实场景演示，使用效果直观", "realistic at-home demos that make results easy to see"),
        ("擅长讲解家电参数和选购要点", "good at explaining appliance specs and what to look for when buying"),
        ("改造前后对比明显，种草力强", "striking before-and-after makeovers that drive purchases"),
        ("长期使用反馈真实可信", "credible long-term usage feedback"),
        ("擅长设计收纳整理方案", "good at designing storage and organising solutions"),
        ("画面治愈，粉丝黏性高", "soothing visuals that keep followers loyal"),
    ],
    "baby": [
        ("擅长讲解奶粉、纸尿裤的成分和选购", "good at explaining formula and diaper ingredients and how to choose them"),
        ("真实带娃场景，宝妈信任度高", "real childcare scenes that mothers trust"),
        ("擅长按月龄给出用品建议", "good at recommending products by the baby's age in months"),
        ("安全性讲解专业细致", "thorough, professional explanations of product safety"),
        ("内容温馨，评论区互动活跃", "heart-warming content with an active comment section"),
        ("擅长整理囤货清单和性价比对比", "good at stock-up lists and value comparisons"),
    ],
    "digital": [
        ("擅长参数对比和实测数据讲解", "good at spec comparisons and explaining test data"),
        ("讲解通俗易懂，小白也能看懂", "explanations simple enough for complete beginners"),
        ("横评客观，粉丝信任度高", "objective comparisons that followers trust"),
        ("擅长挖掘百元内高性价比数码", "good at finding great-value gadgets under 100 yuan"),
        ("拍摄布光专业，产品质感强", "professional filming and lighting that make products look premium"),
        ("擅长讲解续航、快充等使用细节", "good at explaining battery life, fast charging and other practical details"),
    ],
    "personal_care": [
        ("擅长讲解成分和适用人群", "good at explaining ingredients and who each product suits"),
        ("使用前后对比直观", "clear before-and-after comparisons"),
        ("擅长实测留香、泡沫等细节", "good at testing details such as scent longevity and lather"),
        ("擅长按发质肤质给出选购建议", "good at buying advice by hair and skin type"),
        ("性价比分析清楚，囤货转化高", "clear value analysis that drives stock-up purchases"),
        ("口播真诚，粉丝复购率高", "sincere voice-overs and a high follower repurchase rate"),
    ],
    "sports": [
        ("动作示范专业，跟练性强", "professional demonstrations that are easy to follow along with"),
        ("擅长讲解装备参数和适用场景", "good at explaining gear specs and when to use them"),
        ("真实训练记录，减脂效果有说服力", "real training logs with convincing fat-loss results"),
        ("户外实景拍摄，画面感强", "shot outdoors on location with striking visuals"),
        ("擅长给新手制定训练计划", "good at building training plans for beginners"),
        ("粉丝打卡氛围浓，社群活跃", "a lively check-in culture and an active fan community"),
    ],
}

# Dominant-audience phrases, aligned with SEGMENTS order.
_AUDIENCE_PHRASES: list[tuple[str, str]] = [
    ("粉丝以18-24岁学生党为主", "followers are mainly students aged 18–24"),
    ("粉丝以25-35岁一二线城市白领女性为主", "followers are mainly professional women aged 25–35 in tier-1 and tier-2 cities"),
    ("粉丝多为0-3岁宝宝的新手爸妈", "followers are mostly new parents of children aged 0–3"),
    ("粉丝集中在三四线城市和县城的年轻人", "followers are concentrated among young people in tier-3/4 cities and county towns"),
    ("粉丝以50岁以上的中老年人为主", "followers are mainly middle-aged and older people over 50"),
    ("粉丝以25-40岁都市男性为主", "followers are mainly urban men aged 25–40"),
    ("粉丝多为热爱运动的健身人群", "followers are mostly people who love sport and fitness"),
    ("粉丝以注重家庭生活的宝妈和主妇为主", "followers are mainly family-focused mothers and homemakers"),
]

_TIER_PHRASES: list[tuple[int, str, str]] = [
    (1_000_000, "头部账号，曝光量大，合作报价较高。", "A top-tier account with huge reach and premium rates."),
    (100_000, "腰部达人，粉丝黏性强，性价比高。", "A mid-tier creator with loyal followers and good value for money."),
    (0, "成长中的新锐账号，内容真实接地气。", "An up-and-coming account with authentic, down-to-earth content."),
]


def _unique_nickname(rng: np.random.Generator, category: str, used: set[str]) -> str:
    patterns = _NICK_PATTERNS[category]
    name = ""
    for _ in range(40):
        pattern = patterns[int(rng.integers(len(patterns)))]
        name = pattern.format(p=_NICK_PREFIXES[int(rng.integers(len(_NICK_PREFIXES)))])
        if name not in used:
            return name
    k = 2
    while f"{name}{k}" in used:
        k += 1
    return f"{name}{k}"


def _round_mix(mix: np.ndarray) -> list[float]:
    rounded = np.round(mix, 4)
    rounded[int(np.argmax(rounded))] += 1.0 - float(rounded.sum())
    return [round(float(x), 6) for x in rounded]


def make_creators(rng: np.random.Generator, n: int) -> list[dict]:
    """Generate ``n`` creators with unique nicknames; deterministic for a given ``rng`` state."""
    weights = np.asarray(_CREATOR_CATEGORY_WEIGHTS) / sum(_CREATOR_CATEGORY_WEIGHTS)
    shares = np.asarray([s["share"] for s in SEGMENTS])
    interests = np.asarray([s["interests"] for s in SEGMENTS])  # (segment, category)
    used: set[str] = set()
    creators: list[dict] = []
    for _ in range(n):
        ci = int(rng.choice(len(_CATEGORY_KEYS), p=weights))
        category = _CATEGORY_KEYS[ci]
        name = _unique_nickname(rng, category, used)
        used.add(name)

        followers = int(np.clip(round(float(np.exp(rng.normal(np.log(80_000), 1.35)))), 5_000, 20_000_000))

        affinity = shares * interests[:, ci] ** 2
        affinity = affinity / affinity.sum()
        focus = int(rng.choice(len(SEGMENTS), p=affinity))  # the segment this creator's content targets
        tilted = 0.6 * affinity
        tilted[focus] += 0.4
        mix = rng.dirichlet(tilted * 30.0 + 0.05)
        audience_mix = _round_mix(mix)

        engagement = 0.06 * (followers / 80_000) ** -0.25 * float(np.exp(rng.normal(0.0, 0.25)))
        engagement_rate = round(float(np.clip(engagement, 0.01, 0.12)), 4)

        yuan_per_follower = float(rng.uniform(0.02, 0.08))
        fee_fen = max(50_000, int(round(followers * yuan_per_follower)) * 100 // 10_000 * 10_000)

        commission = _COMMISSION_BASE[category] + float(rng.normal(0.0, 0.04))
        commission_rate = round(float(np.clip(commission, 0.05, 0.35)), 2)

        content_quality = round(float(rng.beta(4.0, 3.0)), 3)

        style_zh, style_en = _PROFILE_STYLES[category][int(rng.integers(6))]
        strength_zh, strength_en = _PROFILE_STRENGTHS[category][int(rng.integers(6))]
        aud_zh, aud_en = _AUDIENCE_PHRASES[int(np.argmax(audience_mix))]
        tier_zh, tier_en = next((zh, en) for floor, zh, en in _TIER_PHRASES if followers >= floor)

        creators.append({
            "name": name,
            "category": category,
            "followers": followers,
            "audience_mix": audience_mix,
            "engagement_rate": engagement_rate,
            "fee_fen": fee_fen,
            "commission_rate": commission_rate,
            "content_quality": content_quality,
            "profile_zh": f"{style_zh}，{aud_zh}，{strength_zh}。{tier_zh}",
            "profile_en": f"{style_en}; {aud_en}; {strength_en}. {tier_en}",
        })
    return creators


# ---------------------------------------------------------------------------------------------
# Cheap import-time consistency checks
# ---------------------------------------------------------------------------------------------

assert list(CATEGORIES) == ["beauty", "apparel", "food", "home", "baby", "digital", "personal_care", "sports"]
assert len(SEGMENTS) == 8 and abs(sum(s["share"] for s in SEGMENTS) - 1.0) < 1e-9
assert all(len(s["interests"]) == len(CATEGORIES) for s in SEGMENTS)
assert len({p["key"] for p in PRODUCT_TEMPLATES}) == len(PRODUCT_TEMPLATES) >= 40
assert all(p["category"] in CATEGORIES for p in PRODUCT_TEMPLATES)
assert len(SURNAMES) >= 60 and len(GIVEN_NAME_CHARS) >= 80 and len(CITIES) >= 30
