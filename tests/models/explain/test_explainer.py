"""explain_change on a synthetic shop: it finds what was moved, and only that."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from models.errors import ModelInputError
from models.explain import (
    MODEL_NAME,
    MODEL_VERSION,
    AuctionRow,
    ExplainRequest,
    Explanation,
    PeriodReport,
    ReportRowIn,
    explain_change,
)
from tests.models.explain.synth import Leaf, Shop, make_request


def _top(ex: Explanation) -> tuple[str, str, str]:
    c = ex.causes[0]
    return c.dimension, c.value, c.factor


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_an_ordinary_day_is_no_significant_change(seed: int) -> None:
    ex = explain_change(make_request(seed))
    assert ex.status == "no_significant_change"
    assert ex.causes == []
    assert ex.learned and ex.noise.source == "history" and ex.noise.history_pairs == 10
    assert ex.why.startswith("No significant change")


def test_a_channel_losing_traffic_is_that_channel_x_impressions() -> None:
    ex = explain_change(make_request(5, change={("feed", "impressions"): 0.5}))
    assert ex.status == "significant_change"
    assert _top(ex) == ("channel", "feed", "impressions")
    c = ex.causes[0]
    assert c.kind == "traffic" and c.unusual_gmv_fen < 0 and c.gmv_fen < 0 and c.z < -ex.noise.z_threshold / 2
    assert c.confidence >= 0.95
    shown = {e.metric: e for e in c.evidence}
    assert shown["impressions"].after < 0.7 * shown["impressions"].before
    assert "shop impressions" in shown


def test_a_tired_creative_is_that_creative_x_ctr_not_its_siblings() -> None:
    ex = explain_change(make_request(6, change={("crv_02a", "ctr"): 0.4}))
    assert [(c.dimension, c.value, c.factor) for c in ex.causes] == [("creative", "crv_02a", "ctr")]
    assert ex.causes[0].kind == "creative"


def test_a_shop_wide_wave_is_one_shop_cause() -> None:
    ex = explain_change(make_request(7, change={("all", "impressions"): 1.8, ("all", "other_orders"): 1.8}))
    assert _top(ex) == ("shop", "all", "impressions")
    assert len(ex.causes) == 1


def test_lost_attribution_is_tracking_even_though_gmv_did_not_move() -> None:
    ex = explain_change(make_request(8, attribution={"feed": 0.6}))
    assert _top(ex) == ("channel", "feed", "attribution")
    c = ex.causes[0]
    assert c.kind == "tracking"
    shown = {e.metric: e for e in c.evidence}
    assert shown["attributed_share"].before == 1.0 and shown["attributed_share"].after < 0.6


def test_a_product_that_stops_selling_is_availability() -> None:
    ex = explain_change(make_request(9, change={("prd_02", "impressions"): 0.0, ("prd_02", "other_orders"): 0.0}))
    c = ex.causes[0]
    assert (c.dimension, c.value) in {("product", "prd_02"), ("campaign", "cmp_02")}
    assert c.kind == "availability" and c.factor == "impressions"


def test_a_conversion_drop_in_a_category_is_found_in_that_category() -> None:
    ex = explain_change(make_request(10, change={("prd_00", "cvr"): 0.3, ("prd_03", "cvr"): 0.3,
                                                 ("prd_00", "other_orders"): 0.3, ("prd_03", "other_orders"): 0.3}))
    dims = {(c.dimension, c.value) for c in ex.causes}
    assert dims & {("category", "beauty"), ("product", "prd_00"), ("product", "prd_03")}
    assert ex.causes[0].factor in {"cvr", "other_orders"}


def test_shares_add_up_to_the_gmv_and_roi_changes_exactly() -> None:
    ex = explain_change(make_request(11, change={("feed", "impressions"): 0.5}))
    assert ex.gmv.change is not None and ex.roi.change is not None
    assert sum(f.gmv_fen for f in ex.funnel) == pytest.approx(ex.gmv.change, abs=0.5)
    assert sum(f.roi_points or 0.0 for f in ex.funnel) == pytest.approx(ex.roi.change, abs=1e-3)
    assert {f.factor for f in ex.funnel} == {"impressions", "ctr", "cvr", "other_orders", "order_value", "cpm",
                                              "other_cost"}
    assert ex.causes[0].roi_points is not None and ex.causes[0].share_of_change is not None


def test_same_input_same_answer() -> None:
    req = make_request(12, change={("feed", "impressions"): 0.5})
    assert explain_change(req).model_dump() == explain_change(req).model_dump()
    assert explain_change(req).model == MODEL_NAME and explain_change(req).version == MODEL_VERSION


def test_without_history_a_conservative_prior_still_finds_a_large_move() -> None:
    quiet = explain_change(make_request(13, history=0))
    assert quiet.status == "no_significant_change" and not quiet.learned and quiet.noise.source == "prior"
    assert quiet.gmv.normal_pct is None
    big = explain_change(make_request(13, history=0, change={("feed", "impressions"): 0.2}))
    assert _top(big) == ("channel", "feed", "impressions") and not big.learned


def test_a_shop_that_stopped_entirely_is_one_shop_wide_cause() -> None:
    req = make_request(14)
    ex = explain_change(req.model_copy(update={"after": PeriodReport()}))
    assert ex.gmv.after == 0.0 and ex.gmv.change_pct == -100.0
    assert ex.roi.after is None
    assert [(c.dimension, c.kind) for c in ex.causes] == [("shop", "availability")]


def test_no_marketing_cost_leaves_roi_undefined_but_explains_gmv() -> None:
    shop = Shop.standard()
    shop.coupon_per_order = 0.0
    shop.leaves = [Leaf(**{**leaf.__dict__, "cpm": 0.0}) for leaf in shop.leaves]
    ex = explain_change(make_request(15, shop=shop, change={("prd_01", "impressions"): 0.2}))
    assert ex.roi.before is None and ex.roi.change is None
    assert all(f.roi_points is None for f in ex.funnel)
    assert ex.causes and ex.causes[0].roi_points is None


def test_max_causes_and_min_share_are_respected() -> None:
    change = {("feed", "impressions"): 0.3, ("crv_04a", "ctr"): 0.3, ("prd_08", "other_orders"): 0.0}
    full = explain_change(make_request(16, change=change))
    assert len(full.causes) >= 2
    one = explain_change(make_request(16, change=change, max_causes=1))
    assert len(one.causes) == 1 and one.causes[0].value == full.causes[0].value
    strict = explain_change(make_request(16, change=change, min_share=0.9))
    assert strict.causes == []


def test_auction_figures_tell_competition_from_traffic() -> None:
    req = make_request(17, change={("feed", "impressions"): 0.4, ("feed", "cpm"): 1.6})
    feed = ["cmp_00", "cmp_01", "cmp_05"]
    before = [AuctionRow(bidder_id=b, channel="feed", eligible=10_000, won=5_000, shown=5_000, spend_fen=1e5,
                         lwc_cpm_p50_fen=2_000) for b in feed]
    after = [AuctionRow(bidder_id=b, channel="feed", eligible=10_000, won=2_000, shown=2_000, spend_fen=1e5,
                        lwc_cpm_p50_fen=3_500) for b in feed]
    ex = explain_change(req.model_copy(update={"auction_before": before, "auction_after": after}))
    c = ex.causes[0]
    assert (c.dimension, c.value, c.kind) == ("channel", "feed", "competition")
    shown = {e.metric: e for e in c.evidence}
    assert shown["win_rate"].before == 0.5 and shown["win_rate"].after == 0.2
    traffic = [r.model_copy(update={"eligible": 4_000, "won": 2_000, "shown": 2_000, "lwc_cpm_p50_fen": 2_000})
               for r in after]
    ex2 = explain_change(req.model_copy(update={"auction_before": before, "auction_after": traffic}))
    assert ex2.causes[0].kind == "traffic"


def test_bad_input_is_refused_with_a_hint() -> None:
    with pytest.raises(ModelInputError, match="no report rows") as e:
        explain_change(ExplainRequest(before=PeriodReport(), after=PeriodReport()))
    assert e.value.hint and "report" in e.value.hint
    a = PeriodReport(rows=[ReportRowIn(group={"channel": "feed"}, gmv_fen=1)])
    b = PeriodReport(rows=[ReportRowIn(group={"product": "p"}, gmv_fen=1)])
    with pytest.raises(ModelInputError, match="different keys"):
        explain_change(ExplainRequest(before=a, after=b))
    with pytest.raises(ValidationError):
        ReportRowIn(impressions=-1)
    with pytest.raises(ValidationError):
        ExplainRequest(before=a, after=a, false_alarm_rate=0.0)
    with pytest.raises(ValidationError):
        ExplainRequest(before=a, after=a, unknown_field=1)  # type: ignore[call-arg]


def test_tiny_data_gives_a_valid_answer() -> None:
    row = ReportRowIn(group={"channel": "feed", "product": "p", "campaign": "c"}, impressions=10, clicks=1,
                      conversions=0, orders=1, gmv_fen=100, ad_spend_fen=5, total_marketing_cost_fen=5)
    ex = explain_change(ExplainRequest(before=PeriodReport(rows=[row]), after=PeriodReport(rows=[row])))
    assert ex.status == "no_significant_change" and ex.gmv.change == 0.0
    assert all(f.gmv_fen == 0.0 for f in ex.funnel)


def test_every_input_and_output_field_is_described_for_the_llm() -> None:
    def walk(schema: dict, defs: dict) -> list[str]:
        missing = []
        for name, prop in schema.get("properties", {}).items():
            if "description" not in prop and "$ref" not in prop:
                missing.append(name)
        return missing

    for model in (ExplainRequest, Explanation):
        schema = model.model_json_schema()
        defs = schema.get("$defs", {})
        missing = walk(schema, defs) + [f"{k}.{m}" for k, d in defs.items() for m in walk(d, defs)]
        assert not missing, missing


def test_a_group_with_negative_cost_from_reversals_is_accepted() -> None:
    req = make_request(18)
    rows = [*req.after.rows, ReportRowIn(group={"channel": None, "product": "prd_00", "campaign": None},
                                          total_marketing_cost_fen=-6_238)]
    ex = explain_change(req.model_copy(update={"after": req.after.model_copy(update={"rows": rows})}))
    assert ex.roi.after is not None and ex.status in ("significant_change", "no_significant_change")


def test_a_move_inside_a_category_is_pinned_on_the_product_that_carries_it() -> None:
    ex = explain_change(make_request(19, change={("prd_03", "cvr"): 0.2, ("prd_03", "other_orders"): 0.2}))
    c = ex.causes[0]
    assert (c.dimension, c.value) in {("product", "prd_03"), ("campaign", "cmp_03")}
    assert c.factor in {"cvr", "other_orders"} and c.kind in {"conversion", "organic"}
    assert all(x.dimension != "category" for x in ex.causes)
