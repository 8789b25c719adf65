"""`seed_world`: build a whole simulated marketplace from a seed and a profile.

Profiles: `tiny` (one shop, 4 products, 2 days of history: tests), `demo` (one shop with ~30
products across categories, realistic Chinese and English names and prices, two weeks of
history), `market` (five shops of different verticals). The same seed gives the same database,
byte for byte in content.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from market import catalog_data as data
from market.clock import STEPS_PER_DAY
from market.errors import Conflict, InvalidInput
from market.sim.config import PROFILES, WorldConfig
from market.store import Store
from market.types import CATEGORIES

__all__ = ["Progress", "seed_world"]

Progress = Callable[[int, int], None]
"""Called with (steps done, steps total) while history is simulated."""

_DISTRICTS = ("朝阳区", "海淀区", "浦东新区", "天河区", "南山区", "武侯区", "西湖区", "江汉区", "雨花区", "鼓楼区")
_CAMPAIGN_CHANNELS = ("feed", "search", "live", "feed", "mall", "feed", "live", "search")
"""Channels of the plans a merchant already runs: feed first, as most Qianchuan spend is there."""
_ROADS = ("建设路", "人民路", "解放路", "中山路", "文化路", "长江路", "新华路", "和平路", "幸福路", "光明街")


def _yuan_price(rng: np.random.Generator, base_fen: int) -> int:
    """Jitter a list price by up to 10% and end it in .90 yuan, as shops price."""
    yuan = base_fen / 100 * rng.uniform(0.9, 1.1)
    return max(int(yuan) * 100 + 90, 190)


def seed_world(
    store: Store, seed: int, profile: str = "demo", *, progress: Progress | None = None, **overrides: int | float
) -> WorldConfig:
    """Create every table's content for a new world and simulate its history.

    Raises InvalidInput for an unknown profile or bad overrides and Conflict if the database
    already holds a world; in either case nothing is written.
    """
    if profile not in PROFILES:
        raise InvalidInput(f"unknown profile {profile!r}", hint=f"use one of: {', '.join(PROFILES)}")
    if not isinstance(seed, int) or not 0 <= seed < 2**31:
        raise InvalidInput(f"seed must be an integer in [0, 2**31), got {seed!r}")
    params = {**PROFILES[profile], **overrides}
    try:
        cfg = WorldConfig(seed=seed, profile=profile, **params)  # type: ignore[arg-type]
    except Exception as exc:  # pydantic's ValidationError, told in the market's terms
        raise InvalidInput(f"invalid world parameters: {exc}") from exc
    if store.is_seeded():
        raise Conflict("this database already holds a world", hint="use a new --db file or delete this one")
    rng = np.random.default_rng([seed, 1])
    with store.transaction():
        store.set_meta("seed", str(seed))
        store.set_meta("profile", profile)
        store.set_meta("step", "0")
        store.set_meta("config", cfg.model_dump_json())
        _static_tables(store)
        shops = _shops(store, rng, cfg)
        products = _products(store, rng, cfg, shops)
        _buyers(store, rng, cfg)
        _creators(store, rng, cfg)
        _rivals(store, rng, cfg)
        _creatives(store, rng, products)
        _merchant_setup(store, rng, cfg, shops, products)
    if cfg.history_days:
        from market.sim.engine import Engine

        engine = Engine(store, cfg)
        total = cfg.history_days * STEPS_PER_DAY
        for done in range(total):
            engine.step()
            if progress is not None:
                progress(done + 1, total)
    return cfg


def _static_tables(store: Store) -> None:
    cats = list(data.CATEGORIES.items())
    if [k for k, _ in cats] != list(CATEGORIES):
        raise RuntimeError("catalog_data.CATEGORIES must follow market.types.CATEGORIES")
    store.insert_many("categories", [
        {"key": k, "idx": i, "name_zh": c["name_zh"], "name_en": c["name_en"], "elasticity": c["elasticity"],
         "base_ctr": c["base_ctr"], "base_cvr": c["base_cvr"], "return_rate": c["return_rate"],
         "exchange_rate": c["exchange_rate"]}
        for i, (k, c) in enumerate(cats)
    ])
    store.insert_many("return_policies", [
        {"category": k, "no_reason_days": 7, "no_reason_allowed": c["no_reason_return"],
         "exception_zh": c["return_exception_zh"], "exception_en": c["return_exception_en"],
         "auto_approve_steps": 2 * STEPS_PER_DAY}
        for k, c in cats
    ])
    total = sum(s["share"] for s in data.SEGMENTS)
    store.insert_many("segments", [
        {"key": s["key"], "idx": i, "name_zh": s["name_zh"], "name_en": s["name_en"], "share": s["share"] / total,
         "interests": s["interests"], "price_sensitivity": s["price_sensitivity"],
         "base_propensity": s["base_propensity"]}
        for i, s in enumerate(data.SEGMENTS)
    ])


def _shops(store: Store, rng: np.random.Generator, cfg: WorldConfig) -> list[dict[str, object]]:
    order = rng.permutation(len(data.SHOP_NAMES))[: cfg.n_shops]
    ids = store.new_ids("shp", cfg.n_shops)
    shops = []
    for sid, i in zip(ids, order, strict=True):
        s = data.SHOP_NAMES[int(i)]
        shops.append({"id": sid, "name_zh": s["name_zh"], "name_en": s["name_en"],
                      "main_category": s["main_category"], "rating": round(float(rng.uniform(4.6, 4.9)), 2),
                      "balance_fen": cfg.balance_fen, "created_step": 0})
    store.insert_many("shops", shops)
    for shop in shops:
        store.insert_many("knowledge", [
            {"shop_id": shop["id"], "topic": f["topic"], "q_zh": f["q_zh"], "a_zh": f["a_zh"],
             "q_en": f["q_en"], "a_en": f["a_en"]}
            for f in data.SHOP_POLICY_FAQ
        ])
    return shops


def _products(
    store: Store, rng: np.random.Generator, cfg: WorldConfig, shops: list[dict[str, object]]
) -> list[dict[str, object]]:
    templates = data.PRODUCT_TEMPLATES
    out = []
    for shop in shops:
        if cfg.n_shops == 1:
            # A one-shop world is a general lifestyle store: products from every category.
            picks = rng.permutation(len(templates))[: cfg.products_per_shop]
        else:
            main = [i for i, t in enumerate(templates) if t["category"] == shop["main_category"]]
            rest = [i for i, t in enumerate(templates) if t["category"] != shop["main_category"]]
            n_main = min(len(main), (cfg.products_per_shop + 1) // 2)
            picks = np.concatenate([
                rng.permutation(main)[:n_main], rng.permutation(rest)[: cfg.products_per_shop - n_main]
            ])
        ids = store.new_ids("prd", len(picks))
        for pid, i in zip(ids, picks, strict=True):
            t = templates[int(i)]
            price = _yuan_price(rng, t["price_fen"])
            out.append({
                "id": pid, "shop_id": shop["id"], "key": t["key"], "title_zh": t["title_zh"],
                "title_en": t["title_en"], "category": t["category"], "price_fen": price, "ref_price_fen": price,
                "unit_cost_fen": int(price * t["unit_cost_ratio"]), "stock": cfg.initial_stock,
                "attributes": t["attributes"], "selling_points_zh": t["selling_points_zh"],
                "selling_points_en": t["selling_points_en"], "faq": t["faq"], "variants": t["variants"],
                "return_exception": t["return_exception"],
                "appeal": round(float(np.exp(rng.normal(0.0, 0.35))), 4), "status": "on_sale",
            })
    store.insert_many("products", out)
    return out


def _buyers(store: Store, rng: np.random.Generator, cfg: WorldConfig) -> None:
    shares = np.array([s["share"] for s in data.SEGMENTS])
    segs = rng.choice(len(shares), size=cfg.n_buyers, p=shares / shares.sum())
    ids = store.new_ids("byr", cfg.n_buyers)
    phones: set[str] = set()
    rows = []
    for bid, s in zip(ids, segs, strict=True):
        phone = data.make_phone(rng)
        while phone in phones:
            phone = data.make_phone(rng)
        phones.add(phone)
        city = data.CITIES[int(rng.integers(len(data.CITIES)))]
        address = (f"{city['province_zh']}{city['city_zh']}{_DISTRICTS[int(rng.integers(len(_DISTRICTS)))]}"
                   f"{_ROADS[int(rng.integers(len(_ROADS)))]}{int(rng.integers(1, 300))}号")
        rows.append({"id": bid, "name": data.make_person_name(rng), "phone": phone,
                     "email": f"{phone[3:]}{bid[-3:]}@mail.example.cn", "segment": data.SEGMENTS[int(s)]["key"],
                     "city": city["city_zh"], "address": address, "remote": city["remote"]})
    store.insert_many("buyers", rows)


def _creators(store: Store, rng: np.random.Generator, cfg: WorldConfig) -> None:
    creators = data.make_creators(rng, cfg.n_creators)
    ids = store.new_ids("crt", len(creators))
    store.insert_many("creators", [{"id": cid, **c} for cid, c in zip(ids, creators, strict=True)])


def _rivals(store: Store, rng: np.random.Generator, cfg: WorldConfig) -> None:
    n = cfg.competitors_per_category * len(CATEGORIES)
    if n == 0:
        return
    # Rivals can together spend about 3 fen per impression opportunity of the day.
    per_rival = cfg.impressions_per_day * 3.0 / n
    rows = []
    ids = store.new_ids("adv", n)
    i = 0
    for cat in CATEGORIES:
        for _ in range(cfg.competitors_per_category):
            channel = None if rng.random() < 0.75 else str(rng.choice(["feed", "live", "search", "mall"]))
            rows.append({"id": ids[i], "category": cat, "channel": channel,
                         "daily_budget_fen": int(per_rival * rng.uniform(0.6, 1.6)),
                         "strength": round(float(rng.uniform(0.7, 1.3)), 3), "pacing": 1.0,
                         "entered_step": 0, "event_id": None})
            i += 1
    store.insert_many("competitors", rows)


def _creatives(store: Store, rng: np.random.Generator, products: list[dict[str, object]]) -> None:
    rows = []
    hooks = ("开头3秒：{p}真实上手对比", "开头3秒：一句话说清{p}解决什么问题", "开头3秒：主播现场拆箱{p}")
    for p in products:
        n = int(rng.integers(2, 4))
        ids = store.new_ids("crv", n)
        points = list(p["selling_points_zh"])  # type: ignore[arg-type]
        name = str(p["title_zh"]).split(" ")[0]
        for j, cid in enumerate(ids):
            sp = points[j % len(points)] if points else name
            rows.append({
                "id": cid, "shop_id": p["shop_id"], "product_id": p["id"],
                "format": "short_video" if j != 2 else "image",
                "title": f"{name}｜{sp}", "hook": hooks[j % len(hooks)].format(p=name),
                "script": f"【开头】{hooks[j % len(hooks)].format(p=name)}\n【卖点】{'；'.join(points)}\n【利益点】限时优惠，点击下方链接购买",
                "selling_points": points, "quality": round(float(rng.beta(4, 3)), 4),
                "fatigue": round(float(rng.uniform(0.0, 0.25)), 4), "exposures": 0, "status": "active",
                "created_step": 0,
            })
    store.insert_many("creatives", rows)


def _merchant_setup(
    store: Store, rng: np.random.Generator, cfg: WorldConfig,
    shops: list[dict[str, object]], products: list[dict[str, object]],
) -> None:
    """What each merchant was already running when the history starts: plans, a coupon, creators."""
    from market.types import Schedule

    always = Schedule(start_step=0).model_dump(mode="json")
    for shop in shops:
        mine = [p for p in products if p["shop_id"] == shop["id"]]
        n_camp = max(1, len(mine) // 2)
        picks = rng.permutation(len(mine))[:n_camp]
        ids = store.new_ids("cmp", n_camp)
        rows = []
        for n, (cid, i) in enumerate(zip(ids, picks, strict=True)):
            p = mine[int(i)]
            channel = _CAMPAIGN_CHANNELS[n % len(_CAMPAIGN_CHANNELS)]
            bid_type = str(rng.choice(["roi_goal", "cost_cap", "max_delivery"], p=[0.6, 0.25, 0.15]))
            price = int(p["price_fen"])  # type: ignore[call-overload]
            rows.append({
                "id": cid, "shop_id": shop["id"], "name": f"{str(p['title_zh'])[:12]}-{channel}",
                "product_id": p["id"], "channel": channel, "bid_type": bid_type,
                "roi_goal": round(float(rng.uniform(1.8, 3.2)), 2) if bid_type == "roi_goal" else None,
                "target_cost_fen": int(price * rng.uniform(0.3, 0.5)) if bid_type == "cost_cap" else None,
                "daily_budget_fen": int(rng.integers(30, 160)) * 1000 * max(1, cfg.impressions_per_day // 400_000),
                "bid_multiplier": 1.0, "schedule": always, "status": "active", "smart_coupon": bool(rng.random() < 0.3),
                "created_step": 0, "pacing": 1.0, "conversions_total": 0,
            })
        store.insert_many("campaigns", rows)
        # One store-wide 满减 coupon, running for the whole history and a week beyond.
        threshold = 19900
        store.insert("coupons", {
            "id": store.new_id("cpn"), "shop_id": shop["id"], "name": "满199减20", "kind": "shop", "type": "threshold",
            "threshold_fen": threshold, "discount_fen": 2000, "percent_off": 0.0, "max_discount_fen": None,
            "product_ids": [], "stock": 500, "issued": 0, "used": 0, "per_buyer_limit": 1,
            "claim_start_step": 0, "claim_end_step": (cfg.history_days + 7) * STEPS_PER_DAY,
            "use_end_step": (cfg.history_days + 7) * STEPS_PER_DAY, "target": "all", "target_segment": None,
            "buyer_id": None, "status": "active", "created_step": 0,
        })
        hero = mine[int(rng.integers(len(mine)))]
        store.insert("commission_plans", {
            "id": store.new_id("cpl"), "shop_id": shop["id"], "product_id": hero["id"], "kind": "open",
            "commission_rate": 0.2, "creator_ids": [], "status": "active", "created_step": 0,
        })
