"""Forecast backtest on simulated shops: the forecaster against seasonal-naive and last-value.

Seeds simulated worlds with weeks of history, reads each shop's report by day (GMV, orders, ad
spend) and by day x product (orders per product: small, noisy counts with zeros), and forecasts
7 days ahead from every origin with at least 7 days known (rolling origin, one day apart). The
same days are forecast by seasonal-naive (same weekday last week) and last value, in the same
run. Prints sMAPE and MAPE per method, the forecaster's error as a ratio of each baseline's, and
how often the actual fell inside the forecaster's 80% interval. Short histories (7-13 days known)
and longer ones are shown apart.

Usage: python benchmarks/forecast.py [--smoke] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from market import SimMarket  # noqa: E402
from models.forecast import backtest  # noqa: E402

__all__ = ["World", "main", "measure", "shop_series"]

World = tuple[str, int, int, dict[str, int]]
"""(profile, seed, history days, world overrides)."""

FULL: list[World] = [("market", 21, 42, {}), ("demo", 22, 42, {})]
SMOKE: list[World] = [("tiny", 23, 9, {"impressions_per_day": 20_000, "n_creators": 10})]
SHOP_SERIES = ("gmv_fen", "orders", "ad_spend_fen")
SHORT_MAX = 13
"""Origins with at most this many days known count as a short history."""


def shop_series(market: SimMarket, shop_id: str, days: int) -> dict[str, list[list[float]]]:
    """Daily series of one shop (gaps as 0): the shop totals, and orders per product."""
    out: dict[str, list[list[float]]] = {}
    by_day = {r.group["day"]: r for r in market.report(shop_id, group_by=["day"])}
    for name in SHOP_SERIES:
        out[name] = [[float(getattr(by_day[d], name)) if d in by_day else 0.0 for d in range(days)]]
    per_product: dict[str, list[float]] = {}
    for r in market.report(shop_id, group_by=["day", "product"]):
        pid, day = r.group["product"], r.group["day"]
        if pid is None or not isinstance(day, int) or day >= days:
            continue
        per_product.setdefault(str(pid), [0.0] * days)[day] += r.orders
    out["product_orders"] = list(per_product.values())
    return out


def measure(smoke: bool) -> dict[str, Any]:
    worlds = SMOKE if smoke else FULL
    horizon = 2 if smoke else 7
    series: dict[str, list[list[float]]] = {}
    shops = 0
    with tempfile.TemporaryDirectory() as tmp:
        for profile, seed, days, overrides in worlds:
            market = SimMarket.create(Path(tmp) / f"{profile}-{seed}.db", seed=seed, profile=profile,
                                      history_days=days, **overrides)
            for shop in market.list_shops():
                shops += 1
                for name, values in shop_series(market, shop.id, days).items():
                    series.setdefault(name, []).extend(values)
            market.close()
    rows = []
    for name, values in series.items():
        for bucket, lo, cut in (("short", 7, SHORT_MAX + horizon), ("long", SHORT_MAX + 1, None)):
            usable = [v[:cut] for v in values if len(v[:cut]) >= lo + horizon]
            if not usable:
                continue
            res = backtest(usable, horizon, min_history=lo)
            s = res.scores
            rows.append({
                "series": name, "history": bucket, "series_count": len(usable), "origins": res.origins,
                "points": s["forecast"].points,
                **{f"smape_{m}": s[m].smape for m in s}, **{f"mape_{m}": s[m].mape for m in s},
                "smape_ratio_vs_seasonal_naive": s["forecast"].smape / s["seasonal_naive"].smape,
                "smape_ratio_vs_last_value": s["forecast"].smape / s["last_value"].smape,
                "mape_ratio_vs_seasonal_naive": s["forecast"].mape / s["seasonal_naive"].mape,
                "mape_ratio_vs_last_value": s["forecast"].mape / s["last_value"].mape,
                "coverage_80": res.coverage,
            })
    return {"horizon_days": horizon, "worlds": [list(w[:3]) for w in worlds], "shops": shops, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="one tiny world, 9 days: check that it runs (used by the tests)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    res = measure(args.smoke)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"forecast backtest: {res['shops']} simulated shops, {res['horizon_days']}-day horizon, rolling origin "
          f"(worlds: {', '.join(f'{p} seed {s} {d} days' for p, s, d in res['worlds'])})")
    print(f"{'series':<15} {'history':<7} {'n':>4} {'points':>6}  {'sMAPE fc':>8} {'seas.naive':>10} {'last':>6}"
          f"  {'fc/seas':>7} {'fc/last':>7}  {'MAPE fc/seas':>12} {'fc/last':>7}  {'cover80':>7}")
    for r in res["rows"]:
        print(f"{r['series']:<15} {r['history']:<7} {r['series_count']:>4} {r['points']:>6}  "
              f"{r['smape_forecast']:>8.3f} {r['smape_seasonal_naive']:>10.3f} {r['smape_last_value']:>6.3f}  "
              f"{r['smape_ratio_vs_seasonal_naive']:>7.2f} {r['smape_ratio_vs_last_value']:>7.2f}  "
              f"{r['mape_ratio_vs_seasonal_naive']:>12.2f} {r['mape_ratio_vs_last_value']:>7.2f}  {r['coverage_80']:>7.2f}")
    print("ratios < 1: the forecaster's error is that share of the baseline's on the same days")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
