"""Word tables the parsers share: category names and product nouns in both languages.

Tables, not code: add a row to teach the parsers a word. Product nouns let a merchant say "the
serum" about a product titled only in Chinese (精华液), and 耳机 about one titled "earbuds".
"""

from __future__ import annotations

__all__ = [
           "CATEGORY_NOUNS_EN",
           "CATEGORY_NOUNS_ZH",
           "CATEGORY_WORDS",
           "PRODUCT_NOUNS",
           "TITLE_STOPWORDS_EN",
           "TITLE_STOPWORDS_ZH",
]

CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "beauty": ("美妆", "护肤", "彩妆", "化妆品", "美容", "beauty", "skincare", "skin care", "cosmetics", "makeup"),
    "apparel": ("服饰", "服装", "衣服", "女装", "男装", "apparel", "clothing", "clothes", "fashion"),
    "food": ("食品", "零食", "生鲜", "美食", "吃的", "food", "snacks", "snack", "groceries"),
    "home": ("家居", "家电", "家用电器", "home", "appliances", "homeware", "household"),
    "baby": ("母婴", "婴儿用品", "宝宝用品", "baby", "mother and baby", "kids"),
    "digital": ("数码", "3c", "电子产品", "digital", "electronics", "gadgets"),
    "personal_care": ("个护", "个人护理", "清洁用品", "personal care", "toiletries"),
    "sports": ("运动", "户外", "健身", "sports", "outdoor", "fitness"),
}
"""Category key (as in the market's catalogue) -> words that name the whole category."""

CATEGORY_NOUNS_ZH = ("类", "品类", "类目", "商品", "产品", "用品", "系列", "的货")
CATEGORY_NOUNS_EN = ("products", "product", "items", "category", "line", "range", "goods", "stuff", "catalog", "catalogue")
"""Nouns that, right after a category word, make it name the category ("美妆类", "beauty products")."""

PRODUCT_NOUNS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("精华", "精华液"), ("serum", "essence")),
    (("气垫", "bb霜", "粉底"), ("cushion", "bb cream", "foundation")),
    (("口红", "唇膏"), ("lipstick",)),
    (("洗面奶", "洁面"), ("cleanser", "face wash")),
    (("面膜",), ("mask", "sheet mask")),
    (("防晒", "防晒霜"), ("sunscreen", "sunblock")),
    (("t恤", "短袖"), ("t-shirt", "tee", "tshirt")),
    (("阔腿裤", "裤子"), ("trousers", "pants")),
    (("羽绒服",), ("down jacket", "puffer", "jacket")),
    (("内衣", "文胸"), ("bra",)),
    (("开衫", "针织衫"), ("cardigan",)),
    (("坚果",), ("nuts",)),
    (("辣条",), ("latiao",)),
    (("螺蛳粉",), ("luosifen", "rice noodles", "noodles")),
    (("咖啡",), ("coffee",)),
    (("猕猴桃", "奇异果"), ("kiwi", "kiwifruit")),
    (("牛肉干",), ("jerky",)),
    (("空气炸锅",), ("air fryer", "fryer")),
    (("收纳箱",), ("storage box", "storage")),
    (("枕头", "乳胶枕"), ("pillow",)),
    (("四件套", "床品"), ("bedding",)),
    (("吸尘器",), ("vacuum",)),
    (("纸尿裤", "尿不湿"), ("diapers", "nappies")),
    (("湿巾",), ("wipes",)),
    (("奶粉",), ("formula", "milk powder")),
    (("奶瓶",), ("baby bottle", "feeding bottle")),
    (("睡袋",), ("sleeping bag",)),
    (("耳机",), ("earbuds", "earphones", "headphones")),
    (("充电宝",), ("power bank",)),
    (("数据线",), ("cable",)),
    (("手表",), ("watch", "smartwatch")),
    (("激活码", "软件"), ("software", "license", "licence")),
    (("键盘",), ("keyboard",)),
    (("牙刷",), ("toothbrush",)),
    (("刷头",), ("brush heads", "replacement heads")),
    (("洗发水",), ("shampoo",)),
    (("沐浴露",), ("body wash", "shower gel")),
    (("剃须刀",), ("shaver", "razor")),
    (("洗衣凝珠", "洗衣液"), ("laundry pods", "detergent")),
    (("瑜伽垫",), ("yoga mat",)),
    (("跑鞋", "跑步鞋"), ("running shoes", "sneakers")),
    (("跳绳",), ("jump rope", "skipping rope")),
    (("哑铃",), ("dumbbells", "dumbbell")),
    (("月亮椅", "露营椅"), ("camping chair", "moon chair")),
)
"""Groups of (Chinese nouns, English nouns) that name the same kind of product."""

TITLE_STOPWORDS_ZH = frozenset({
    "男女", "同款", "宽松", "百搭", "家用", "大容量", "持久", "新鲜", "水果", "加厚", "便携", "轻量", "续航", "超长",
    "长续航", "舒适", "透气", "温和", "清爽", "保暖", "防风", "干爽", "正版", "快充", "耐用", "防滑", "初学者", "适用",
    "大瓶", "瓶装", "包装", "装", "新品", "新款", "商品", "产品", "推广", "预算", "优惠", "达人", "文案", "标题",
    "一周", "每天", "今天", "本周", "全部", "所有", "其他", "长尾", "爆款", "主推", "夏季", "秋冬", "四季", "通用",
    "智能", "无线", "女士", "男士", "成人", "家居", "独立", "小包", "大吸", "吸力", "留香", "持久留香", "不脱妆",
})
"""Two-or-more-character pieces of Chinese titles too generic to name one product."""

TITLE_STOPWORDS_EN = frozenset(["the", "and", "for", "with", "new", "push", "boost", "pause", "stop", "budget", "roi", "this", "week", "month", "today", "long", "tail", "pack", "set", "free", "large", "light", "lightweight", "home", "car", "women", "men", "womens", "mens", "unisex", "fresh", "natural", "smart", "pure", "soft", "strong", "fast", "daily", "extra", "life", "battery", "all", "day", "skin", "gentle", "thick", "dry", "quick", "count", "single", "size", "style", "high", "top", "seller", "sellers", "best", "products", "product", "items", "item", "shop", "store", "more", "less", "please", "our", "my", "your", "some", "them", "ads", "spend", "total", "least", "overall", "over", "under", "off", "orders", "order", "coupon", "coupons", "creators", "creator", "write", "titles", "title", "scripts", "script", "copy", "sales", "gmv", "yesterday", "why", "did", "drop", "show", "ledger", "report", "run", "get", "make", "give", "find", "plus", "per", "yuan", "rmb", "target", "goal", "every", "other", "rest", "everything", "else", "only", "just", "also", "very", "much", "hot", "sale", "price", "cheap", "good", "great", "nice", "one", "two", "three", "baby", "kids", "home", "sports", "digital", "beauty", "food", "outdoor", "fitness", "genuine", "wireless", "non", "portable", "durable", "breathable", "long-lasting", "lasting", "volumising", "large-capacity", "capacity", "household", "fully", "washable", "waterproof", "mode", "modes", "dual", "heart", "rate", "minimal", "solid", "colour", "color", "bare", "adults", "adult", "summer", "winter", "autumn", "spring", "round", "wearing", "evens", "out", "dull", "that", "than", "what", "when", "where", "which", "who", "will", "would", "should", "could", "can", "may", "might", "must"])
"""English title words too generic (or too much a part of commands) to name one product."""
