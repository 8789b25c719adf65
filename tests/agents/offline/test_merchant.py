"""Merchant intents: real-sounding requests in both languages -> the exact kind and slots."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.offline.language import (
    MERCHANT_KINDS,
    LanguageInputError,
    ProductRef,
    parse_merchant,
)
from tests.agents.offline.conftest import ALL, LONG_TAIL, TOP

SERUM_AND_TAIL = LONG_TAIL  # the serum is in the long tail already

# (text, expected): every key of `expected` must equal the intent's field of that name.
CASES: list[tuple[str, dict[str, Any]]] = [
    # --- set_goal ---
    ("this week: 20,000 yuan in total, overall ROI at least 3, push the new serum and the long tail",
     {"kind": "set_goal", "language": "en", "budget_fen": 2_000_000, "roi_target": 3.0, "horizon_days": 7,
      "product_ids": SERUM_AND_TAIL, "long_tail": True, "missing": []}),
    ("本周预算2万，投产比不低于2.5，主推精华和长尾商品",
     {"kind": "set_goal", "language": "zh", "budget_fen": 2_000_000, "roi_target": 2.5, "horizon_days": 7,
      "product_ids": SERUM_AND_TAIL, "missing": []}),
    ("这周2万，投产3以上", {"kind": "set_goal", "budget_fen": 2_000_000, "roi_target": 3.0, "horizon_days": 7,
                         "product_ids": [], "missing": []}),
    ("本月预算一万五，ROI≥2，全店", {"kind": "set_goal", "budget_fen": 1_500_000, "roi_target": 2.0, "horizon_days": 30,
                               "whole_shop": True, "product_ids": ALL}),
    ("今天花5千块推防晒，ROI要3", {"kind": "set_goal", "budget_fen": 500_000, "roi_target": 3.0, "horizon_days": 1,
                              "product_ids": ["prd_sunscreen"]}),
    ("两周预算3w，roi at least 2.8", {"kind": "set_goal", "budget_fen": 3_000_000, "roi_target": 2.8, "horizon_days": 14}),
    ("Budget 50k for this month, ROI >= 4, focus on the top sellers",
     {"kind": "set_goal", "budget_fen": 5_000_000, "roi_target": 4.0, "horizon_days": 30, "top_sellers": True,
      "product_ids": TOP}),
    ("三天，RMB 6000，ROI 2.5", {"kind": "set_goal", "budget_fen": 600_000, "roi_target": 2.5, "horizon_days": 3}),
    ("每天500，跑7天，ROI 2", {"kind": "set_goal", "daily_budget_fen": 50_000, "budget_fen": 350_000, "horizon_days": 7,
                            "roi_target": 2.0, "missing": []}),
    ("每天500块，ROI 2", {"kind": "set_goal", "daily_budget_fen": 50_000, "budget_fen": None, "missing": ["horizon_days"]}),
    ("花5千块推精华", {"kind": "set_goal", "budget_fen": 500_000, "product_ids": ["prd_serum"],
                   "missing": ["roi_target", "horizon_days"]}),
    ("目标：ROI不低于三", {"kind": "set_goal", "roi_target": 3.0, "budget_fen": None, "missing": ["budget_fen", "horizon_days"]}),
    ("I want overall ROI of 3 with twenty thousand yuan over 7 days",
     {"kind": "set_goal", "budget_fen": 2_000_000, "roi_target": 3.0, "horizon_days": 7, "missing": []}),
    ("本周总预算2万块钱，整体投产比做到2以上，除了辣条都推",
     {"kind": "set_goal", "budget_fen": 2_000_000, "roi_target": 2.0, "excluded_product_ids": ["prd_latiao"],
      "product_ids": [p for p in ALL if p != "prd_latiao"]}),
    ("帮我托管店铺", {"kind": "set_goal", "missing": ["budget_fen", "roi_target", "horizon_days"]}),
    ("订单号 20240501123 的预算不变，本周2万，ROI 3", {"kind": "set_goal", "budget_fen": 2_000_000, "roi_target": 3.0}),
    ("帮我把这周的预算定在两万，ROI不能低于3", {"kind": "set_goal", "budget_fen": 2_000_000, "roi_target": 3.0, "missing": []}),
    ("接下来10天投1万，投产要2.5以上", {"kind": "set_goal", "budget_fen": 1_000_000, "roi_target": 2.5, "horizon_days": 10}),
    ("Spend up to 8000 yuan this week on the sunscreen, keep ROI above 2.5",
     {"kind": "set_goal", "budget_fen": 800_000, "roi_target": 2.5, "horizon_days": 7, "product_ids": ["prd_sunscreen"]}),
    ("I have 10k for the next two weeks, need a 3x ROI", {"kind": "set_goal", "budget_fen": 1_000_000, "roi_target": 3.0,
                                                          "horizon_days": 14}),
    ("月预算10万 roi 3.5 全店托管", {"kind": "set_goal", "budget_fen": 10_000_000, "horizon_days": 30, "whole_shop": True}),
    # --- show_ledger ---
    ("show me the ledger", {"kind": "show_ledger", "language": "en"}),
    ("看下账", {"kind": "show_ledger"}),
    ("上个月一共花了多少", {"kind": "show_ledger", "period": "last_month", "metric": "spend"}),
    ("本周花了多少钱", {"kind": "show_ledger", "period": "this_week", "metric": "spend"}),
    ("看看一本账", {"kind": "show_ledger"}),
    ("How much have we spent so far this week?", {"kind": "show_ledger", "period": "this_week", "metric": "spend"}),
    ("上周的成本明细", {"kind": "show_ledger", "period": "last_week"}),
    # --- explain_change ---
    ("why did ROI drop yesterday?", {"kind": "explain_change", "metric": "roi", "period": "yesterday", "direction": "down",
                                     "roi_target": None}),
    ("昨天ROI为什么掉了", {"kind": "explain_change", "metric": "roi", "period": "yesterday", "direction": "down"}),
    ("GMV上周怎么跌了这么多", {"kind": "explain_change", "metric": "gmv", "period": "last_week", "direction": "down"}),
    ("Why did spend jump today?", {"kind": "explain_change", "metric": "spend", "period": "today", "direction": "up"}),
    ("近7天订单为什么少了", {"kind": "explain_change", "metric": "orders", "period": "last_n_days", "period_days": 7,
                       "direction": "down"}),
    ("why did ROI drop from 3.2 to 2.1?", {"kind": "explain_change", "roi_target": None, "budget_fen": None}),
    ("诊断一下精华的数据", {"kind": "explain_change", "product_ids": ["prd_serum"]}),
    ("ROI怎么这么低", {"kind": "explain_change", "metric": "roi"}),
    ("昨天GMV掉了30%，什么原因", {"kind": "explain_change", "metric": "gmv", "direction": "down", "percent_change": -0.3}),
    # --- pause_product ---
    ("pause the latiao", {"kind": "pause_product", "product_ids": ["prd_latiao"]}),
    ("停掉辣条的投放", {"kind": "pause_product", "product_ids": ["prd_latiao"]}),
    ("先暂停空气炸锅和咖啡", {"kind": "pause_product", "product_ids": ["prd_coffee", "prd_fryer"]}),
    ("Stop the ads for the earbuds", {"kind": "pause_product", "product_ids": ["prd_earbuds"]}),
    ("瑜伽垫别投了", {"kind": "pause_product", "product_ids": ["prd_yoga"]}),
    ("精华的广告先停一下", {"kind": "pause_product", "product_ids": ["prd_serum"]}),
    # --- boost_product ---
    ("boost the serum by 20%", {"kind": "boost_product", "product_ids": ["prd_serum"], "percent_change": 0.2}),
    ("给精华加预算20%", {"kind": "boost_product", "product_ids": ["prd_serum"], "percent_change": 0.2}),
    ("防晒加大投放", {"kind": "boost_product", "product_ids": ["prd_sunscreen"], "percent_change": None}),
    ("把猕猴桃预算砍一半", {"kind": "boost_product", "percent_change": -0.5}),
    ("cut the coffee budget by 30%", {"kind": "boost_product", "product_ids": ["prd_coffee"], "percent_change": -0.3}),
    ("耳机预算翻倍", {"kind": "boost_product", "product_ids": ["prd_earbuds"], "percent_change": 1.0}),
    ("给T恤追加500块预算", {"kind": "boost_product", "product_ids": ["prd_tee"], "budget_fen": 50_000}),
    ("Increase the air fryer budget 15 percent", {"kind": "boost_product", "product_ids": ["prd_fryer"],
                                                   "percent_change": 0.15}),
    ("把精华的预算降低百分之二十", {"kind": "boost_product", "percent_change": -0.2}),
    ("help me push the serum", {"kind": "boost_product", "product_ids": ["prd_serum"]}),
    ("给所有长尾商品加20%预算", {"kind": "boost_product", "long_tail": True, "product_ids": LONG_TAIL, "percent_change": 0.2}),
    # --- create_coupon ---
    ("发一张满200减30的券", {"kind": "create_coupon", "coupon": {"type": "threshold", "threshold_fen": 20000,
                                                               "amount_fen": 3000}, "budget_fen": None}),
    ("create a 10% off coupon for the coffee", {"kind": "create_coupon", "product_ids": ["prd_coffee"],
                                                "coupon": {"type": "percent", "rate": 0.9, "percent_off": 0.1}}),
    ("给防晒打个8折，最高减50，发500张", {"kind": "create_coupon", "product_ids": ["prd_sunscreen"],
                                  "coupon": {"type": "percent", "rate": 0.8, "percent_off": 0.2,
                                             "max_discount_fen": 5000, "quantity": 500}, "percent_change": None}),
    ("Make a coupon: 30 off orders over 200", {"kind": "create_coupon",
                                               "coupon": {"type": "threshold", "threshold_fen": 20000, "amount_fen": 3000}}),
    ("全店打九折", {"kind": "create_coupon", "coupon": {"type": "percent", "rate": 0.9, "percent_off": 0.1}}),
    ("发点优惠券", {"kind": "create_coupon", "coupon": None}),
    ("Coupon: 满99减10, 2000张", {"kind": "create_coupon",
                                 "coupon": {"type": "threshold", "threshold_fen": 9900, "amount_fen": 1000, "quantity": 2000}}),
    # --- find_creators ---
    ("找几个美妆达人，粉丝10万以上", {"kind": "find_creators", "min_followers": 100_000, "categories": ["beauty"],
                               "budget_fen": None}),
    ("find 3 creators for the earbuds with over 100k followers",
     {"kind": "find_creators", "count": 3, "min_followers": 100_000, "product_ids": ["prd_earbuds"]}),
    ("帮精华找宝妈类的带货主播，费用5000元以内", {"kind": "find_creators", "product_ids": ["prd_serum"], "budget_fen": 500_000}),
    ("recommend some female influencers for skincare", {"kind": "find_creators", "categories": ["beauty"]}),
    ("帮我找10个粉丝50万以上的美食达人", {"kind": "find_creators", "count": 10, "min_followers": 500_000, "categories": ["food"]}),
    # --- write_creatives ---
    ("帮精华写5条标题", {"kind": "write_creatives", "product_ids": ["prd_serum"], "count": 5, "creative_kind": "title"}),
    ("write three video scripts for the air fryer", {"kind": "write_creatives", "product_ids": ["prd_fryer"], "count": 3,
                                                     "creative_kind": "script"}),
    ("给防晒出几版口播脚本", {"kind": "write_creatives", "creative_kind": "script", "product_ids": ["prd_sunscreen"]}),
    ("Draft some ad copy for the yoga mat", {"kind": "write_creatives", "product_ids": ["prd_yoga"], "creative_kind": None}),
    # --- report ---
    ("how are we doing this week?", {"kind": "report", "period": "this_week"}),
    ("今天效果怎么样", {"kind": "report", "period": "today"}),
    ("给我一份日报", {"kind": "report"}),
    ("Give me a progress report for yesterday", {"kind": "report", "period": "yesterday"}),
    # --- approve / reject ---
    ("好的", {"kind": "approve", "affirmative": True}),
    ("yes", {"kind": "approve", "affirmative": True}),
    ("批准", {"kind": "approve"}),
    ("OK, go ahead", {"kind": "approve"}),
    ("approve prp_abc123", {"kind": "approve", "plan_id": "prp_abc123"}),
    ("同意，执行吧", {"kind": "approve"}),
    ("no", {"kind": "reject", "affirmative": False}),
    ("算了", {"kind": "reject", "affirmative": False}),
    ("拒绝这个计划", {"kind": "reject"}),
    ("Reject it, too expensive", {"kind": "reject"}),
    ("不行，先别执行", {"kind": "reject"}),
    ("先不要", {"kind": "reject"}),
    ("撤回这个计划", {"kind": "reject"}),
    # --- help / unknown ---
    ("help", {"kind": "help"}),
    ("你能做什么", {"kind": "help"}),
    ("What can you do?", {"kind": "help"}),
    ("asdf", {"kind": "unknown", "confidence": 0.0}),
    ("", {"kind": "unknown", "confidence": 0.0}),
    ("今天天气不错", {"kind": "unknown"}),
    ("🙂🙂", {"kind": "unknown"}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_merchant_sentences(catalogue: list[ProductRef], text: str, expected: dict[str, Any]) -> None:
    intent = parse_merchant(text, catalogue)
    got = intent.model_dump()
    if intent.coupon is not None:
        got["coupon"] = intent.coupon.model_dump(exclude_none=True)
    assert {k: got[k] for k in expected} == expected, intent.why


def test_recognised_requests_are_confident_and_unknown_is_not(catalogue: list[ProductRef]) -> None:
    for text, expected in CASES:
        intent = parse_merchant(text, catalogue)
        if expected["kind"] == "unknown":
            assert intent.confidence == 0.0
        else:
            assert intent.confidence >= 0.3, (text, intent.confidence, intent.why)


def test_mixed_language_punctuation_and_spacing(catalogue: list[ProductRef]) -> None:
    for text in ("本周 预算 ２万 ， ROI ≥ 3 ， push serum", "this week 预算2w, roi>=3", "本周预算：2万；ROI：3！！"):
        intent = parse_merchant(text, catalogue)
        assert (intent.kind, intent.budget_fen, intent.roi_target, intent.horizon_days) == ("set_goal", 2_000_000, 3.0, 7)


def test_order_ids_and_phones_are_not_budgets(catalogue: list[ProductRef]) -> None:
    intent = parse_merchant("订单 ord_3k9x12ab 买家电话13812345678，这周2万", catalogue)
    assert intent.budget_fen == 2_000_000
    assert parse_merchant("13812345678", catalogue).budget_fen is None


def test_products_are_optional() -> None:
    intent = parse_merchant("本周预算2万，ROI 3，主推精华")
    assert (intent.kind, intent.budget_fen, intent.product_ids) == ("set_goal", 2_000_000, [])


def test_non_text_is_a_caller_error() -> None:
    with pytest.raises(LanguageInputError):
        parse_merchant(b"bytes")  # type: ignore[arg-type]
    assert parse_merchant(None).kind == "unknown"


@settings(max_examples=80, deadline=None)
@given(text=st.text(max_size=80))
def test_any_text_parses_to_a_valid_intent(text: str) -> None:
    intent = parse_merchant(text, [ProductRef(id="prd_a", title="烟酰胺精华液", aliases=["serum"])])
    assert intent.kind in MERCHANT_KINDS
    assert 0.0 <= intent.confidence <= 1.0
    assert intent.budget_fen is None or intent.budget_fen >= 0
    assert set(intent.product_ids) <= {"prd_a"}


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.sampled_from(["预算", "2万", "ROI", "3", "本周", "精华", "why", "pause", "满200减30", "达人", "标题",
                                       "，", " ", "好的", "no", "%", "20", "ord_1a2b", "138", "一万五", "k", "折"]), max_size=12))
def test_word_salad_never_crashes(words: list[str]) -> None:
    intent = parse_merchant("".join(words), [ProductRef(id="prd_a", title="烟酰胺精华液")])
    assert intent.kind in MERCHANT_KINDS
