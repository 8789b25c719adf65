"""Audience lift (TGI) and its input checks."""

from __future__ import annotations

import numpy as np
import pytest

from models.creators.audience import INTEREST_FLOOR, Segments, audience_matrix, lift
from models.errors import ModelInputError

from .builders import creator, segments


def test_platform_average_audience_has_lift_one() -> None:
    segs = Segments(segments())
    mix = audience_matrix([creator("crt_a")], segs)
    assert mix[0] == pytest.approx(segs.share)
    assert lift(mix, segs, segs.weights("beauty"))[0] == pytest.approx(1.0)


def test_lift_follows_category_interest() -> None:
    segs = Segments(segments())
    mix = audience_matrix([creator("crt_a", audience_mix={"office_lady": 3.0, "student": 1.0}),
                           creator("crt_b", audience_mix={"urban_male": 1.0})], segs)
    assert mix[0] == pytest.approx([0.25, 0.75, 0.0, 0.0])
    beauty = lift(mix, segs, segs.weights("beauty"))
    digital = lift(mix, segs, segs.weights("digital"))
    assert beauty[0] > 1.0 > beauty[1] and digital[1] > 1.0 > digital[0]
    w = segs.weights("beauty")
    assert w[1] == pytest.approx(0.95 + INTEREST_FLOOR)


def test_target_segments_override_the_category() -> None:
    segs = Segments(segments())
    w = segs.weights("beauty", ["fitness"])
    assert w.tolist() == [INTEREST_FLOOR, INTEREST_FLOOR, INTEREST_FLOOR, 1.0 + INTEREST_FLOOR]


def test_bad_segments_and_mixes_are_named() -> None:
    with pytest.raises(ModelInputError, match="duplicate segment"):
        Segments(segments() + segments()[:1])
    segs = Segments(segments())
    with pytest.raises(ModelInputError, match="'toys'"):
        segs.weights("toys")
    with pytest.raises(ModelInputError, match="nobody"):
        segs.weights("beauty", ["nobody"])
    with pytest.raises(ModelInputError, match="crt_x"):
        audience_matrix([creator("crt_x", audience_mix={"student": float("nan")})], segs)
    with pytest.raises(ModelInputError, match="crt_y"):
        audience_matrix([creator("crt_y", audience_mix={"student": -0.1, "fitness": 1.0})], segs)
    assert np.isfinite(lift(audience_matrix([], segs), segs, segs.weights("food"))).all()
