"""Merchant messages -> one typed intent with its slots (no LLM: cue tables and slot parsers).

`parse_merchant("本周预算2万，投产比不低于2.5，主推精华和长尾商品", products)` gives kind "set_goal",
budget_fen 2000000, roi_target 2.5, horizon_days 7 and the serum plus every non-top-seller in
product_ids. Anything it cannot read is kind "unknown" with confidence 0, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from agents.offline.language.changes import find_percent_change
from agents.offline.language.coupons import CouponSlots, find_coupon
from agents.offline.language.glossary import CATEGORY_WORDS
from agents.offline.language.lang import detect_language
from agents.offline.language.money import Amount, Lang, find_amounts
from agents.offline.language.numbers import numbers_in
from agents.offline.language.periods import Period, find_horizon_days, find_period
from agents.offline.language.polarity import reply_polarity
from agents.offline.language.products import ProductRef, match_products
from agents.offline.language.roi import find_roi_target
from agents.offline.language.text import ID_RE, as_text, fold, mask, protected_spans

__all__ = ["GOAL_SLOTS", "MERCHANT_KINDS", "MerchantIntent", "MerchantKind", "Metric", "parse_merchant"]

MerchantKind = Literal["set_goal", "show_ledger", "explain_change", "pause_product", "boost_product", "create_coupon",
                       "find_creators", "write_creatives", "report", "approve", "reject", "help", "unknown"]
MERCHANT_KINDS: tuple[MerchantKind, ...] = MerchantKind.__args__  # type: ignore[attr-defined]
Metric = Literal["roi", "gmv", "spend", "orders"]
GoalSlot = Literal["budget_fen", "roi_target", "horizon_days"]
GOAL_SLOTS: tuple[GoalSlot, ...] = ("budget_fen", "roi_target", "horizon_days")
"""The slots a set_goal needs; those not given are listed in `MerchantIntent.missing`."""


class MerchantIntent(BaseModel):
    """What a merchant asked for, with every slot the message filled (None / empty when not said)."""

    kind: MerchantKind = Field(description="The request: set_goal, show_ledger, explain_change, pause_product, "
                                           "boost_product (also budget cuts: negative percent_change), create_coupon, "
                                           "find_creators, write_creatives, report, approve, reject, help or unknown.")
    language: Lang = Field(description="The message's language; answer in it.")
    confidence: float = Field(ge=0, le=1, description="How sure the parser is of `kind` (0 for unknown, 1 for an "
                                                       "unambiguous strong cue).")
    missing: list[GoalSlot] = Field(default_factory=list, description="For set_goal: the goal slots the message did "
                                                                      "not give, to ask for (products default to the whole shop).")
    alternatives: list[MerchantKind] = Field(default_factory=list, description="Other kinds the message also hinted "
                                                                               "at, best first.")
    affirmative: bool | None = Field(default=None, description="True when the message opens with a yes (好的, 批准, "
                                                               "ok), False with a no (不要, 算了, no), None otherwise: "
                                                               "read this when an approval is pending.")
    budget_fen: int | None = Field(default=None, description="Total budget in fen (set_goal: for the whole horizon; "
                                                             "boost_product: the extra money; find_creators: the fee cap).")
    daily_budget_fen: int | None = Field(default=None, description="The budget per day when the merchant gave one "
                                                                   "(每天500, 500 a day); budget_fen = this × horizon_days.")
    roi_target: float | None = Field(default=None, description="Overall ROI target (GMV / marketing cost), e.g. 3.0.")
    product_ids: list[str] = Field(default_factory=list, description="Products named, scopes expanded (long tail, "
                                                                     "top sellers, whole shop), exclusions removed.")
    excluded_product_ids: list[str] = Field(default_factory=list, description="Products explicitly excluded (除了X).")
    product_terms: list[str] = Field(default_factory=list, description="The words that named products, as written.")
    long_tail: bool = Field(default=False, description="The long tail was named (长尾商品, the long tail).")
    top_sellers: bool = Field(default=False, description="The top sellers were named (爆款, best sellers).")
    whole_shop: bool = Field(default=False, description="Every product was named (全店, all products).")
    categories: list[str] = Field(default_factory=list, description="Categories named as a whole (美妆, beauty).")
    horizon_days: int | None = Field(default=None, description="Days the goal covers: this week / 本周 = 7, "
                                                               "this month / 本月 = 30, today / 今天 = 1, 三天 = 3.")
    period: Period | None = Field(default=None, description="The past period asked about (explanations, ledger, "
                                                            "report): today, yesterday, this_week, last_week, "
                                                            "this_month, last_month or last_n_days.")
    period_days: int | None = Field(default=None, description="For period last_n_days: how many days (近7天 = 7).")
    metric: Metric | None = Field(default=None, description="The figure asked about: roi, gmv, spend or orders.")
    direction: Literal["down", "up"] | None = Field(default=None, description="Which way the figure moved (drop / 涨).")
    percent_change: float | None = Field(default=None, description="Signed relative change: +0.2 = boost by 20%, "
                                                                   "-0.3 = cut by 30%, +1.0 = double.")
    coupon: CouponSlots | None = Field(default=None, description="Coupon terms given (满200减30, 8折, 10% off).")
    creator_query: list[str] = Field(default_factory=list, description="Words describing the creators wanted "
                                                                       "(categories, audiences, styles, products).")
    min_followers: int | None = Field(default=None, description="Minimum follower count for creators (粉丝10万以上).")
    count: int | None = Field(default=None, description="How many items were asked for (5条标题, 3 creators).")
    creative_kind: Literal["title", "script"] | None = Field(default=None, description="title (标题, headline) or "
                                                                                       "script (脚本, video script).")
    plan_id: str | None = Field(default=None, description="A plan id (prp_... / pln_...) the message refers to.")
    why: str = Field(default="", description="Which cues and slots led to `kind` (for logs, not for the merchant).")


# (kind, weight, pattern) over folded text. Weight 3 = names the request alone; 1 = a hint.
_CUES: tuple[tuple[MerchantKind, int, re.Pattern[str]], ...] = tuple((k, w, re.compile(p)) for k, w, p in (
    ("set_goal", 3, (r"目标|\bgoal\b|\btarget\b|托管|帮我跑|帮我投|run the (?:store|shop)|manage (?:the|my) (?:store|shop)|"
                    r"全域推广|乘方|autopilot|开始投放|start (?:the )?campaign|plan (?:for|the) (?:week|month)")),
    ("set_goal", 1, r"预算|budget|总共|一共|in total|主推|重点推|\bpush\b|\bpromote\b"),
    ("show_ledger", 3, (r"一本账|账本|看(?:一?下)?账|查账|对账|账目|ledger|账单|明细|breakdown|花了多少|花多少了|how much (?:have |did |has )?(?:i|we|you|it)? ?"
                       r"(?:spent|spend)|spent so far|spend so far|收支|盈亏|profit and loss|p&l|净利润|net profit|"
                       r"成本构成|cost breakdown|where did the money go|钱花哪")),
    ("show_ledger", 1, r"costs?\b|费用|利润|profit"),
    ("explain_change", 3, (r"怎么(?:这么)?(?:跌|掉|降|下滑|少|涨|多|变|低|差|高)|为什么|为啥|怎么回事|咋回事|什么原因|啥原因|原因|\bwhy\b|what happened|what caused|how come|explain|"
                          r"诊断|diagnos")),
    ("explain_change", 1, (r"下降|下滑|掉了|掉到|跌|暴跌|变差|变低|\bdrop|\bfell\b|\bfall|declin|\bdown\b|worse|涨|上升|"
                          r"飙升|\brise|\brose\b|jump|spike")),
    ("pause_product", 3, (r"暂停|停投|停掉|停止投放|停了|先停|停一下|停下来?|关掉|关停|下线|别投|不要投|不投了|\bpause|\bstop (?:the |pushing |"
                         r"promoting |advertising |spending on |ads for )|\bhalt\b|turn off|switch off|shut (?:off|down)")),
    ("boost_product", 4, (r"加预算|追加|追投|多投|加投|加码|放量|加大|加.{0,6}预算|预算.{0,4}(?:加|提高|提升|增加|翻倍)|"
                         r"\bboost|scale up|ramp up|double down|push harder|more budget|more money|more spend|"
                         r"(?:increase|raise) (?:the )?(?:\w+ )?(?:budget|spend|bids?)|"
                         r"(?:cut|reduce|lower|decrease|trim) (?:the )?(?:\w+ )?(?:budget|spend|bids?)|"
                         r"降预算|减预算|预算.{0,4}(?:降|减|砍|缩)|少投|砍预算|缩减|削减|减半|翻倍")),
    ("boost_product", 1, r"提高|提升|\braise|increase|推一推|多推|推一下|主推|重点推|\bpush\b|\bpromote\b"),
    ("create_coupon", 3, (r"优惠券|券|coupon|voucher|满减|打折|折扣|\d+(?:\.\d)?折|[一二三四五六七八九]+折|% off|percent off|"
                         r"立减|直降|红包|discount")),
    ("find_creators", 3, (r"达人|主播|网红|博主|带货|\bkols?\b|\bkocs?\b|creators?|influencers?|streamers?|bloggers?|"
                         r"affiliates?|livestreamers?")),
    ("find_creators", 1, r"\bfind\b|找|推荐|recommend|\bsearch\b|match"),
    ("write_creatives", 3, (r"文案|标题|脚本|素材|创意|口播|卖点|\bcopy\b|copywriting|headlines?|\btitles?\b|scripts?\b|"
                           r"creatives?\b|ad text|captions?|slogans?|hooks?\b")),
    ("write_creatives", 1, r"\bwrite|\bdraft|写|生成|generate|来几条|想几个"),
    ("report", 3, (r"报告|日报|周报|战报|汇报|进展|进度|效果怎么样|效果如何|怎么样了|跑得怎么样|\breport|how are we doing|"
                  r"how(?:'s| is) it going|how did we do|progress|overview|update me|\brecap|kpis?\b|summary|总结|复盘")),
    ("report", 1, r"数据|表现|status|performance|情况"),
    ("approve", 3, (r"批准|同意|\bapprove|\bapproved\b|确认执行|执行吧|就这么办|照办|按这个来|就按这个|go ahead|do it\b|"
                   r"\blgtm\b|sounds good|ship it|confirmed?\b|可以执行|没问题.{0,3}执行")),
    ("reject", 3, (r"拒绝|驳回|不同意|不批准|否决|撤回|撤销|作废|\breject|\bdecline|don'?t do it|do not do it|不要执行|别执行|先别|"
                  r"cancel (?:it|that|the plan|this)|不行|算了|\bnope\b")),
    ("help", 3, (r"帮助|\bhelp\b(?! me\b| us\b| with\b)|你能做什么|你会什么|能干什么|能做什么|怎么用|what can you do|how do i use|\bcommands?\b|"
                r"使用说明|功能有哪些")),
))
_SHORT_YES = re.compile(r"(?:好|好的|好滴|行|可以|可以的|确认|确定|嗯|嗯嗯|对|是的|执行|没问题|ok|okay|yes|yep|yeah|sure|y|"
                        r"approve|approved|go|go ahead|do it|agreed?)(?:[ ,]*(?:please|thanks|谢谢|吧|啊|呀))?")
_SHORT_NO = re.compile(r"(?:不|不要|不了|不用|不用了|不行|算了|取消|先不要|先别|先不|暂时不要|不要了|no|nope|nah|n|cancel|stop|reject|rejected|don'?t)"
                       r"(?:[ ,]*(?:thanks|谢谢|吧|了))?")
_PUNCT = re.compile(r"[\s,.!?;:~…，。！？；：、'\"“”‘’()（）]+")
# Which kind wins a tie.
_PRIORITY: tuple[MerchantKind, ...] = ("approve", "reject", "explain_change", "pause_product", "create_coupon",
                                       "find_creators", "write_creatives", "boost_product", "show_ledger", "set_goal",
                                       "report", "help")

_METRICS: tuple[tuple[Metric, re.Pattern[str]], ...] = (
    ("roi", re.compile(r"roas|roi|投产|产出比|回报率")),
    ("gmv", re.compile(r"gmv|成交额|成交|销售额|营业额|营收|流水|revenue|\bsales\b|卖得")),
    ("spend", re.compile(r"\bspend|\bspent|\bcosts?\b|花费|消耗|花钱|花了|成本|费用|烧钱")),
    ("orders", re.compile(r"orders?\b|订单|单量|出单|成单|销量|conversions?|转化")),
)
_DOWN = re.compile(r"下降|下滑|掉|跌|降|变差|变低|少了|\bdrop|\bfell\b|\bfall|declin|\bdown\b|\blower\b|worse|tank|plung")
_UP = re.compile(r"上涨|涨|上升|增长|飙升|变高|多了|\brise|\brose\b|jump|spike|\bup\b|increas|\bgrew\b|higher|surg|soar")
_DAILY = re.compile(r"每天|每日|一天|日预算|天预算|per day|a day|/day|/天|daily|each day")
_FOLLOWER_HEAD = re.compile(r"(?:粉丝|followers?|fans?)\s*(?:数|量)?\s*(?:在|要|需要|超过|大于|不少于|至少|at least|over|above|of|>|≥|>=)?\s*$")
_FOLLOWER_TAIL = re.compile(r"\s*(?:\+|以上|多|plus)?\s*(?:的)?\s*(?:粉丝|粉|followers?|fans?|subscribers?)")
_COUNT_TAIL = re.compile(r"\s*(?:[a-z-]+\s+)?(?:条|个|份|版|套|位|名|组|款|titles?\b|variants?\b|versions?\b|scripts?\b|creators?\b|"
                         r"options?\b|ideas?\b|headlines?\b|influencers?\b|kols?\b|copies\b|candidates?\b)")
_CREATOR_WORDS = re.compile(
    r"女性|女生|宝妈|妈妈|男性|男生|学生|大学生|年轻人?|白领|中老年|一二线|下沉|直播|短视频|测评|种草|开箱|头部|腰部|尾部|中小|"
    r"高性价比|\bfemale\b|\bwomen\b|\bmale\b|\bmen\b|\bmoms?\b|\bmothers?\b|\bstudents?\b|\byoung\b|gen ?z|"
    r"live ?stream(?:ing)?|\blive\b|short[- ]video|reviews?|unboxing|micro|mid[- ]tier|top[- ]tier|\bbig\b|\bsmall\b|"
    r"affordable|cheap")
_CREATIVE_TITLE = re.compile(r"标题|headlines?|\btitles?\b|captions?")
_CREATIVE_SCRIPT = re.compile(r"脚本|口播|视频|scripts?\b|video")


def _score(folded: str) -> tuple[dict[str, int], list[str]]:
    scores: dict[str, int] = {}
    cues: list[str] = []
    for kind, weight, pattern in _CUES:
        m = pattern.search(folded)
        if m:
            scores[kind] = scores.get(kind, 0) + weight
            cues.append(m.group())
    bare = _PUNCT.sub(" ", folded).strip()
    if bare and len(bare) <= 16:
        if _SHORT_YES.fullmatch(bare):
            scores["approve"] = scores.get("approve", 0) + 3
            cues.append(bare)
        elif _SHORT_NO.fullmatch(bare):
            scores["reject"] = scores.get("reject", 0) + 3
            cues.append(bare)
    return scores, cues


def _first(patterns: Sequence[tuple[str, re.Pattern[str]]], folded: str) -> str | None:
    found = [(m.start(), key) for key, p in patterns if (m := p.search(folded))]
    return min(found)[1] if found else None


def _overlaps(a: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _pick_budget(amounts: list[Amount], folded: str) -> tuple[Amount | None, bool]:
    """The budget among the amounts (a budget word beats a currency mark beats a bare 万), and whether it is per day."""
    if not amounts:
        return None, False
    rank = {"budget": 0, "currency": 1, "magnitude": 2}
    best = min(amounts, key=lambda a: (rank[a.cue], -a.value_fen))
    around = folded[max(0, best.start - 6):best.end + 6]
    return best, bool(_DAILY.search(around))


def parse_merchant(text: str | None, products: Sequence[ProductRef] = ()) -> MerchantIntent:
    """Read one merchant message against the shop's products (see `MerchantIntent` for the slots)."""
    original = as_text(text)
    folded = fold(original)
    lang = detect_language(original)
    if not folded.strip():
        return MerchantIntent(kind="unknown", language=lang, confidence=0.0, why="empty message")
    protected = protected_spans(folded)
    prepared = mask(folded, protected)

    coupon, coupon_spans = find_coupon(prepared, original)
    roi = find_roi_target(prepared)
    roi_spans = [roi[1]] if roi else []
    change = find_percent_change(prepared, skip=coupon_spans)
    change_spans = [change[1]] if change else []
    followers, follower_spans = _min_followers(prepared)
    used = coupon_spans + roi_spans + change_spans + follower_spans
    free = mask(prepared, used, " ")
    amounts = [a for a in find_amounts(free, budget_context=True) if not _overlaps((a.start, a.end), used)]
    horizon = find_horizon_days(free)
    period, period_days = find_period(free)
    match = match_products(original, products)

    scores, cues = _score(folded)
    strong_money = [a for a in amounts if a.cue != "magnitude"]
    budget_seen = bool(strong_money) or (bool(amounts) and (roi is not None or horizon is not None))
    slot_notes = []
    if budget_seen:
        slot_notes.append("budget")
    if roi is not None:
        slot_notes.append("roi")
    goal_bonus = 2 * budget_seen + 2 * (roi is not None) + (1 if horizon and (budget_seen or roi) else 0)
    if goal_bonus:
        scores["set_goal"] = scores.get("set_goal", 0) + goal_bonus
    if coupon is not None:
        scores["create_coupon"] = scores.get("create_coupon", 0) + 2
        slot_notes.append("coupon")
    if change is not None and "explain_change" not in scores:
        scores["boost_product"] = scores.get("boost_product", 0) + 2
        slot_notes.append("percent_change")
    if followers is not None:
        scores["find_creators"] = scores.get("find_creators", 0) + 1
    if match.product_ids:
        for kind in ("pause_product", "boost_product"):
            if kind in scores:
                scores[kind] += 1

    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], _PRIORITY.index(kv[0])))  # type: ignore[arg-type]
    if not ranked or ranked[0][1] < 2:
        return MerchantIntent(kind="unknown", language=lang, confidence=0.0,
                              why=f"no request recognised (cues: {', '.join(cues) or 'none'})")
    kind: MerchantKind = ranked[0][0]  # type: ignore[assignment]
    top = ranked[0][1]
    second = ranked[1][1] if len(ranked) > 1 else 0
    confidence = round(min(1.0, top / 4) * top / (top + second), 2)
    alternatives = [k for k, s in ranked[1:] if s >= 2]

    intent = MerchantIntent(kind=kind, language=lang, confidence=confidence, alternatives=alternatives,  # type: ignore[arg-type]
                            why=f"cues: {', '.join(cues) or 'none'}; slots: {', '.join(slot_notes) or 'none'}")
    intent.affirmative = reply_polarity(original)
    intent.product_ids = match.product_ids
    intent.excluded_product_ids = match.excluded_ids
    intent.product_terms = match.terms
    intent.long_tail, intent.top_sellers, intent.whole_shop = match.long_tail, match.top_sellers, match.whole_shop
    intent.categories = match.categories
    intent.metric = _first(_METRICS, free)  # type: ignore[assignment]
    intent.plan_id = next((m.group().lower() for m in ID_RE.finditer(folded) if m.group().lower()[:4] in ("prp_", "pln_")), None)

    if kind in ("set_goal", "boost_product", "find_creators"):
        budget, daily = _pick_budget(amounts if budget_seen or kind != "set_goal" else [], free)
        if budget is not None and not (budget.cue == "magnitude" and kind != "set_goal"):
            if daily:
                intent.daily_budget_fen = budget.value_fen
                if horizon:
                    intent.budget_fen = budget.value_fen * horizon
            else:
                intent.budget_fen = budget.value_fen
    if kind in ("set_goal", "boost_product"):
        intent.roi_target = roi[0] if roi else None
        intent.horizon_days = horizon
    if kind in ("explain_change", "show_ledger", "report"):
        intent.period, intent.period_days = period, period_days
    if kind == "explain_change":
        down, up = _DOWN.search(free), _UP.search(free)
        if down or up:
            intent.direction = "down" if down and (not up or down.start() <= up.start()) else "up"
    if change is not None and kind != "create_coupon":
        intent.percent_change = change[0]
    if kind == "create_coupon" or coupon is not None:
        intent.coupon = coupon
    if kind == "find_creators":
        intent.min_followers = followers
        words = [m.group() for m in _CREATOR_WORDS.finditer(folded)]
        cats = [w for c in intent.categories for w in CATEGORY_WORDS[c][:1]]
        intent.creator_query = list(dict.fromkeys(words + cats + match.terms))
    if kind in ("find_creators", "write_creatives", "create_coupon"):
        intent.count = _count(free, skip=used) if kind != "create_coupon" else None
    if kind == "write_creatives":
        intent.creative_kind = ("title" if _CREATIVE_TITLE.search(folded) else
                                "script" if _CREATIVE_SCRIPT.search(folded) else None)
    if kind == "set_goal":
        have = {"budget_fen": intent.budget_fen is not None or intent.daily_budget_fen is not None,
                "roi_target": intent.roi_target is not None, "horizon_days": intent.horizon_days is not None}
        intent.missing = [slot for slot in GOAL_SLOTS if not have[slot]]
    return intent


def _min_followers(prepared: str) -> tuple[int | None, list[tuple[int, int]]]:
    """The minimum follower count asked for (粉丝10万以上, 100k+ followers) and its span."""
    for value, span in numbers_in(prepared, prepared):
        before = prepared[max(0, span.start - 12):span.start]
        tail = _FOLLOWER_TAIL.match(prepared, span.end)
        if tail or _FOLLOWER_HEAD.search(before):
            end = tail.end() if tail else span.end
            end += len(m.group()) if (m := re.match(r"\s*(?:以上|\+|plus)", prepared[end:])) else 0
            return int(value), [(span.start, end)]
    return None, []


def _count(free: str, skip: list[tuple[int, int]]) -> int | None:
    """How many items were asked for (5条标题, three scripts), skipping numbers other slots used."""
    for value, span in numbers_in(free, free):
        if _overlaps((span.start, span.end), skip) or value != int(value) or not 0 < value <= 100:
            continue
        if _COUNT_TAIL.match(free, span.end):
            return int(value)
    return None
