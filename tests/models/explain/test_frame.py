"""Aligning periods: leaves, dimension marginals, categories, creatives, bad groupings."""

from __future__ import annotations

import numpy as np
import pytest

from models.errors import ModelInputError
from models.explain.frame import NONE_LABEL, build_frame
from models.explain.types import PeriodReport, ReportRowIn


def _row(channel: str | None, product: str, campaign: str | None, gmv: int, **kw: int) -> ReportRowIn:
    return ReportRowIn(group={"channel": channel, "product": product, "campaign": campaign}, gmv_fen=gmv,
                       orders=max(gmv // 100, 0), **kw)


def _periods() -> list[PeriodReport]:
    a = PeriodReport(
        rows=[_row("feed", "p1", "c1", 1000, impressions=100), _row(None, "p1", None, 500), _row("live", "p2", "c2", 300)],
        creative_rows=[ReportRowIn(group={"creative": "k1", "product": "p1"}, impressions=60, conversions=3, orders=5,
                                   gmv_fen=400)],
    )
    b = PeriodReport(rows=[_row("feed", "p1", "c1", 800), _row("search", "p3", "c3", 200)])
    return [a, b]


def test_dimensions_are_marginals_of_the_leaves() -> None:
    f = build_frame(_periods(), {"p1": "beauty", "p2": "home"})
    assert f.keys == ("channel", "product", "campaign")
    assert len(f.leaves) == 4
    ch = f.dims["channel"]
    assert ch.values == sorted(["feed", "live", "search", NONE_LABEL])
    gmv = dict(zip(ch.values, ch.metrics[0, :, 4], strict=True))
    assert gmv == {"feed": 1000, "live": 300, "search": 0, NONE_LABEL: 500}
    prod = f.dims["product"]
    assert dict(zip(prod.values, prod.metrics[1, :, 4], strict=True)) == {"p1": 800, "p2": 0, "p3": 200}
    cat = f.dims["category"]
    assert dict(zip(cat.values, cat.metrics[0, :, 4], strict=True)) == {"beauty": 1500, "home": 300, "(unknown)": 0}
    assert np.allclose(f.total[:, 4], [1800, 1000])


def test_creatives_cover_their_products_leaves_and_count_attributed_orders() -> None:
    f = build_frame(_periods(), {})
    assert "category" not in f.dims
    crv = f.dims["creative"]
    assert crv.values == ["k1"]
    covered = [f.leaves[i] for i in np.nonzero(crv.members[0])[0]]
    assert sorted(str(x) for x in covered) == sorted(str(x) for x in f.leaves if x[1] == "p1")
    assert crv.metrics[0, 0, 3] == 3  # orders taken as attributed conversions, like its GMV


def test_rows_with_the_same_group_are_added_up() -> None:
    p = PeriodReport(rows=[_row("feed", "p1", "c1", 100), _row("feed", "p1", "c1", 50)])
    f = build_frame([p, p], {})
    assert f.total[0, 4] == 150


def test_periods_grouped_differently_are_refused() -> None:
    a = PeriodReport(rows=[ReportRowIn(group={"channel": "feed"}, gmv_fen=1)])
    b = PeriodReport(rows=[ReportRowIn(group={"product": "p1"}, gmv_fen=1)])
    with pytest.raises(ModelInputError, match="grouped by different keys") as e:
        build_frame([a, b], {})
    assert e.value.hint


def test_unknown_group_keys_and_creative_rows_without_ids_are_refused() -> None:
    with pytest.raises(ModelInputError, match="unknown group key"):
        build_frame([PeriodReport(rows=[ReportRowIn(group={"chanel": "feed"})])], {})
    with pytest.raises(ModelInputError, match="without a creative id"):
        build_frame([PeriodReport(creative_rows=[ReportRowIn(group={"product": "p"})])], {})
