"""The creator-matching benchmark runs in smoke mode (a tiny world) and reports every figure."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    import creator_match
finally:
    sys.path.pop(0)


@pytest.fixture(scope="module")
def smoke() -> dict[str, Any]:
    return creator_match.measure(smoke=True)


def test_smoke_mode_reports_every_figure(smoke: dict[str, Any]) -> None:
    assert smoke["products"] > 0 and smoke["creators_per_world"][0] > 0 and smoke["seeds"]
    assert [m["method"] for m in smoke["methods"]] == list(creator_match.METHODS)
    for m in smoke["methods"]:
        assert 0.0 <= m["ndcg10"] <= 1.0 and m["ndcg_vs_followers"] >= 0 and m["top10_true_roi"] >= 0
    assert next(m for m in smoke["methods"] if m["method"] == "followers")["ndcg_vs_followers"] == 1.0
    assert set(smoke["embedding_same_vertical_p10"]) == {"zh", "en"}
    assert all(e["seconds"] > 0 and e["cpu_seconds"] > 0 and e["creators"] > 0 for e in smoke["embed_profiles"])
    assert smoke["match_ms_median"] > 0 and smoke["match_cpu_ms_median"] > 0 and smoke["history_completed"][0] >= 0
    assert set(smoke["roi_level_error_factor"]) == {"model_cold", "model"}
    assert all(v >= 1.0 for v in smoke["roi_level_error_factor"].values())


def test_table_and_json_output(smoke: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(creator_match, "measure", lambda smoke_, seeds=None: smoke)
    assert creator_match.main(["--smoke"]) == 0
    out = capsys.readouterr().out
    assert all(m in out for m in creator_match.METHODS) and "NDCG@10" in out and "precision@10" in out
    assert "with history" in out and "ms CPU" in out
    assert creator_match.main(["--smoke", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["methods"] == smoke["methods"]


def test_ndcg_at_ten() -> None:
    gains = np.array([0.1, 3.0, 0.0, 2.0, 1.0])
    assert creator_match.ndcg_at([1, 3, 4, 0, 2], gains) == pytest.approx(1.0)
    worst = creator_match.ndcg_at([2, 0, 4, 3, 1], gains)
    assert 0.0 < worst < creator_match.ndcg_at([3, 1, 4, 0, 2], gains) < 1.0
    assert creator_match.ndcg_at([0, 1], np.zeros(2)) == 0.0
