"""The creative agent's rules: A/B variants per product from its selling points, checked against ad law; retire losers."""

from __future__ import annotations

from typing import Any

from agents.creative.compliance import check_copy
from agents.offline.model import Call, Context

__all__ = ["creative", "variants_for"]

_MIN_IMPRESSIONS = 2000
_LOSER_CTR_SHARE = 0.5
_FATIGUED = 0.6

# Three hook styles so an A/B test compares ideas, not wording: a question, a pain point, a scene.
_HOOKS = {
    "zh": ["还在为{pain}发愁？", "{title}，3秒告诉你为什么回购", "今天只说一件事：{point}"],
    "en": ["Still struggling with {pain}?", "{title}: 3 seconds to see why people buy it again", "One thing today: {point}"],
}
_OFFER = {"zh": "到手价 ¥{price}，点击下方小黄车", "en": "Yours for ¥{price} - tap the cart below"}


def variants_for(product: dict[str, Any], lang: str, n: int) -> tuple[list[dict[str, Any]], list[str]]:
    """`n` compliant variants (title, hook, script, selling points) and the reasons lines were dropped."""
    zh = lang == "zh"
    title = product["title_zh" if zh else "title_en"]
    points_all = product["selling_points_zh" if zh else "selling_points_en"] or [title]
    dropped: list[str] = []
    points = []
    for p in points_all:
        bad = check_copy(p)
        if bad:
            dropped.append(f"{p!r}: {bad[0].word} - {bad[0].reason}")
        else:
            points.append(p)
    points = points or [title]
    price = f"{product['price_fen'] / 100:.0f}"
    out = []
    for i in range(n):
        order = points[i % len(points):] + points[: i % len(points)]
        hook = _HOOKS[lang][i % 3].format(pain=order[0], title=title, point=order[0])
        script = " / ".join([hook, *order[:3], _OFFER[lang].format(price=price)])
        v = {"product_id": product["id"], "title": f"{title} | {order[0]}"[:120], "hook": hook[:200], "script": script[:4000],
             "selling_points": order[:5], "format": "short_video"}
        problems = check_copy(" ".join([v["title"], v["hook"], v["script"]]))
        if problems:
            dropped.append(f"variant {i + 1}: {problems[0].word} - {problems[0].reason}")
            continue
        out.append(v)
    return out, dropped


def creative(ctx: Context) -> list[Call] | str:
    task = ctx.task if isinstance(ctx.task, dict) else {}
    kind = task.get("kind")
    ids = list(task.get("product_ids", []))
    if kind == "write":
        got = {d.data["id"]: d.data for d in ctx.results("get_product")}
        missing = [i for i in ids if i not in got and not any(d.args.get("product_id") == i for d in ctx.done)]
        if missing:
            return [Call("get_product", {"product_id": i}) for i in missing]
        if not ctx.called("create_creative"):
            calls = []
            for i in ids:
                if i in got:
                    vs, _ = variants_for(got[i], ctx.lang, int(task.get("variants", 3)))
                    calls += [Call("create_creative", v) for v in vs]
            return calls or ("没有可写的商品。" if ctx.zh else "No product to write for.")
        if not ctx.called("set_creative_status"):
            return [Call("set_creative_status", {"creative_id": d.data["id"], "status": "active"})
                    for d in ctx.results("create_creative")]
        made = len(ctx.results("create_creative"))
        return f"已为 {len(ids)} 个商品写了 {made} 条素材并申请上线。" if ctx.zh else \
            f"Wrote {made} creatives for {len(ids)} product(s) and proposed serving them."
    if kind == "retire":
        if not ctx.called("get_report"):
            return [Call("get_report", {"days": 3, "group_by": ["creative"], "limit": 200}),
                    Call("list_creatives", {"limit": 100})]
        if ctx.called("set_creative_status"):
            return "已申请下线表现差的素材。" if ctx.zh else "Proposed retiring the losing creatives."
        calls = [Call("set_creative_status", {"creative_id": c, "status": "paused"}) for c in losers(ctx, set(ids))]
        return calls or ("没有需要下线的素材。" if ctx.zh else "No creative needs retiring.")
    return "我只负责素材。" if ctx.zh else "I only handle creatives."


def losers(ctx: Context, products: set[str]) -> list[str]:
    """Creatives under half their product's best CTR (with enough impressions) or heavily fatigued; one stays per product."""
    rows = ctx.results("get_report")[-1].data.get("rows", [])
    crv = {c["id"]: c for c in ctx.results("list_creatives")[-1].data.get("items", []) if c.get("status") == "active"}
    ctr = {r["group"].get("creative"): (r["ctr"], r["impressions"]) for r in rows if r["group"].get("creative")}
    by_product: dict[str, list[str]] = {}
    for cid, c in crv.items():
        if not products or c["product_id"] in products:
            by_product.setdefault(c["product_id"], []).append(cid)
    out = []
    for ids in by_product.values():
        best = max((ctr.get(i, (0.0, 0))[0] for i in ids), default=0.0)
        bad = [i for i in ids if (ctr.get(i, (0.0, 0))[1] >= _MIN_IMPRESSIONS and ctr[i][0] < _LOSER_CTR_SHARE * best)
               or float(crv[i].get("fatigue", 0.0)) > _FATIGUED]
        if len(bad) == len(ids):
            bad = sorted(bad, key=lambda i: ctr.get(i, (0.0, 0))[0])[:-1]
        out += bad
    return out
