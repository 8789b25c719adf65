"""The KPI-explainer benchmark runs in smoke mode (one small world, two event kinds) and reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _bench():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import explainer
    finally:
        sys.path.pop(0)
    return explainer


def test_smoke_mode_runs_from_the_command_line_and_reports_every_figure() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "explainer.py"), "--smoke", "--json"],
                         capture_output=True, text=True, timeout=600, check=True)
    res = json.loads(out.stdout)
    s = res["summary"]
    assert set(s["per_kind"]) == {"stock_out", "competitor_bid_war"}
    for who in ("ours", "naive"):
        for row in [*s["per_kind"].values(), s["total"]]:
            fig = row[who]
            assert fig["events"] >= 1 and all(0.0 <= fig[k] <= 1.0 for k in ("precision", "recall", "f1"))
        fa = s["false_alarms"][who]
        assert fa["controls"] >= 1 and 0.0 <= fa["rate"] <= 1.0
    assert s["explain_seconds_mean"] > 0
    assert all(sample["truth"] for sample in res["samples"] if sample["kind"] != "none")
    table = _bench().render(res)
    assert "stock_out" in table and "total" in table and "false alarms" in table


def test_ground_truth_maps_each_event_to_its_place_and_mechanism() -> None:
    b = _bench()
    world = b.World(products={"p1": "beauty", "p2": "beauty", "p3": "home"},
                    campaigns={"c1": ("p1", "feed"), "c3": ("p3", "live")}, creatives={"k1": "p1", "k3": "p3"})
    cut = b.truth_for("competitor_price_cut", {"category": "beauty", "pct": 0.5}, world)
    assert cut.correct("category", "beauty", "cvr") and cut.correct("campaign", "c1", "other_orders")
    assert not cut.correct("category", "beauty", "impressions") and not cut.correct("channel", "feed", "cvr")
    war = b.truth_for("competitor_bid_war", {"channel": "feed", "multiplier": 3.0}, world)
    assert war.correct("channel", "feed", "cpm") and war.correct("campaign", "c1", "impressions")
    assert not war.correct("campaign", "c3", "impressions")
    tired = b.truth_for("creative_fatigue", {"creative_id": "k1", "fatigue_per_day": 1.0}, world)
    assert tired.correct("creative", "k1", "ctr") and tired.correct("product", "p1", "ctr")
    assert not tired.correct("product", "p1", "impressions")
    out = b.truth_for("stock_out", {"product_id": "p3"}, world)
    assert out.correct("category", "home", "impressions") and out.correct("creative", "k3", "other_orders")
    lost = b.truth_for("tracking_loss", {"channel": "feed", "share": 0.5}, world)
    assert lost.correct("channel", "feed", "attribution") and not lost.correct("channel", "live", "attribution")
    promo = b.truth_for("promo_spike", {"multiplier": 1.8, "channels": []}, world)
    assert promo.correct("shop", "all", "impressions") and not promo.correct("product", "p1", "impressions")
