"""Unusual moves: each place's Shapley share of a change minus the part the shop-wide move explains.

For one pair of periods, every place (a channel, a product, ...) gets its exact Shapley shares per
funnel factor. The shop-wide move of a factor is the robust common rate of the report's leaves (a
weighted median of share / weight, i.e. of the factor's log change): a traffic wave moves every
leaf alike, an incident moves a few. A place's unusual move = its share - weight x common rate;
the shop-wide move = common rate x the shop's weight. Both are tested against the same quantities
computed on the history's period-to-period changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from models.explain.frame import NONE_LABEL, Frame
from models.explain.funnel import COST_FACTORS, GMV_FACTORS, Decomposition, decompose
from models.explain.noise import weighted_median

__all__ = ["COST_SIDE", "GMV_TEST", "TESTED", "Moves", "PairMoves", "pair_moves", "residual_moves", "rest_of_shop_move"]

Array = npt.NDArray[np.float64]

_COST_ONLY = ("cpm", "other_cost")
_COST_COLS = [COST_FACTORS.index(f) for f in _COST_ONLY]
TESTED: tuple[str, ...] = (*GMV_FACTORS, *_COST_ONLY, "gmv")
"""What is tested: the five GMV factors on their GMV shares, CPM and other cost per order on their
cost shares (the cost shares of the GMV factors, e.g. coupons that follow orders, follow them),
and the place's whole GMV (a move spread over several factors can be clear only in the sum)."""
COST_SIDE = np.array([False] * len(GMV_FACTORS) + [True] * len(_COST_ONLY) + [False])
GMV_TEST = len(TESTED) - 1


@dataclass(frozen=True, slots=True)
class Moves:
    """One dimension in one pair of periods."""

    dec: Decomposition
    share: Array
    """(n, 7) Shapley shares of the tested factors (GMV fen, cost fen for the cost side)."""
    weight: Array
    count: Array
    unusual: Array
    """(n, 7) share minus weight x common rate."""


@dataclass(frozen=True, slots=True)
class PairMoves:
    """Every dimension and the shop-wide move for one pair of periods."""

    rates: Array
    """(7,) the common rate (log change) per tested factor."""
    shop: Array
    """(7,) the shop-wide move in fen (GMV fen; cost fen for the cost side)."""
    shop_weight: Array
    """(7,) the shop's weight per tested factor (sum over leaves)."""
    shop_dec: Decomposition
    dims: dict[str, Moves]
    t0: int
    t1: int
    leaf_rate: Array
    """(leaves, 8) each leaf's share / weight per test (NaN where it does not vote)."""
    leaf_weight: Array


def _tested(dec: Decomposition) -> tuple[Array, Array, Array, npt.NDArray[np.bool_]]:
    total = dec.phi_g.sum(axis=1, keepdims=True)
    share = np.concatenate([dec.phi_g, dec.phi_c[:, _COST_COLS], total], axis=1)
    weight = np.concatenate([dec.weight_g, dec.weight_c[:, _COST_COLS], dec.weight_g[:, 4:5]], axis=1)
    count = np.concatenate([dec.counts_g, dec.counts_c[:, _COST_COLS], dec.counts_g[:, 4:5]], axis=1)
    both = np.concatenate([dec.both_g, dec.both_c[:, _COST_COLS], dec.both_g[:, 4:5]], axis=1)
    return share, weight, count, both


def pair_moves(frame: Frame, t0: int, t1: int) -> PairMoves:
    """Decompose the change from period t0 to t1 in every dimension."""
    # One decomposition for the leaves, every dimension and the shop (it is row-wise).
    blocks = [frame.leaf_metrics, *(d.metrics for d in frame.dims.values()), frame.total[:, None, :]]
    bounds = np.cumsum([0, *(b.shape[1] for b in blocks)])
    every = decompose(np.concatenate([b[t0] for b in blocks]), np.concatenate([b[t1] for b in blocks]))
    leaf = every.rows(0, int(bounds[1]))
    share, weight, _, both = _tested(leaf)
    # Leaves where a factor appears or vanishes are news by themselves, not the common move,
    # unless they are most of the shop (then appearing or vanishing is what the shop did).
    steady = (both * weight).sum(axis=0) >= 0.5 * weight.sum(axis=0)
    use = np.where(steady[None, :], both, True) & (weight > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_of_leaf = np.where(use, share / np.where(weight > 0, weight, 1.0), np.nan)
    # sqrt weights: big leaves count more (less noise) without one channel outvoting the rest.
    rates = np.array([weighted_median(rate_of_leaf[:, j], np.sqrt(weight[:, j])) for j in range(len(TESTED))])
    shop = rates * weight.sum(axis=0)
    dims = {}
    for i, (name, dim) in enumerate(frame.dims.items()):
        dec = every.rows(int(bounds[i + 1]), int(bounds[i + 2]))
        s, w, c, _ = _tested(dec)
        unusual = s - w * rates[None, :]
        # A channel's or category's order value and other cost per order move with its mix (an
        # expensive product selling less, a creator's commissioned orders), and so do those of the
        # "(none)" bucket of everything outside ads: prices and costs per order are a product's
        # and a campaign's story.
        mixed = np.full(len(dim.values), name in _MIXED) | (np.array(dim.values) == NONE_LABEL)
        if mixed.any():
            w = w.copy()
            w[np.ix_(mixed, [_VALUE, _OTHER_COST])] = 0.0
        if name == "creative" and dim.parents is not None:
            s, w, unusual = _within_product(s, w, unusual, dim.parents)
        dims[name] = Moves(dec=dec, share=s, weight=w, count=c, unusual=unusual)
    shop_dec = every.rows(int(bounds[-2]), int(bounds[-1]))
    return PairMoves(rates=rates, shop=shop, shop_weight=weight.sum(axis=0), shop_dec=shop_dec, dims=dims,
                     t0=t0, t1=t1, leaf_rate=rate_of_leaf, leaf_weight=weight)


_IMP, _CTR, _CVR, _CPM = TESTED.index("impressions"), TESTED.index("ctr"), TESTED.index("cvr"), TESTED.index("cpm")
_VALUE, _OTHER_COST = TESTED.index("order_value"), TESTED.index("other_cost")
_MIXED = ("channel", "category")


def _within_product(share: Array, weight: Array, unusual: Array, parents: npt.NDArray[np.int64]
                    ) -> tuple[Array, Array, Array]:
    """Creatives are judged on their material: a creative is unusual when its CTR / CVR moved
    unlike both the shop and its sibling creatives of the same product (a product-wide drop is
    not the material's; a sibling does not look better because one creative tired). How many
    impressions a creative gets is the platform's answer to its CTR and the product's delivery,
    so impressions and CPM are not tested; the whole-GMV test sums CTR and CVR."""
    share, weight, unusual = share.copy(), weight.copy(), unusual.copy()
    known = parents >= 0
    groups = np.where(known, parents, 0)
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    for j in (_CTR, _CVR):
        live = known & (weight[:, j] > 0)
        # Siblings' rate: the product's creatives without this one (leave-one-out sums).
        s_all = np.bincount(groups, weights=np.where(live, share[:, j], 0.0), minlength=n_groups)[groups]
        w_all = np.bincount(groups, weights=np.where(live, weight[:, j], 0.0), minlength=n_groups)[groups]
        s_mates = s_all - np.where(live, share[:, j], 0.0)
        w_mates = w_all - np.where(live, weight[:, j], 0.0)
        has = known & (w_mates > 1e-9 * np.maximum(w_all, 1.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            sib = np.where(has, share[:, j] - weight[:, j] * s_mates / np.where(has, w_mates, 1.0), unusual[:, j])
        same = np.sign(sib) == np.sign(unusual[:, j])
        unusual[:, j] = np.where(same, np.sign(sib) * np.minimum(np.abs(sib), np.abs(unusual[:, j])), 0.0)
    share[:, GMV_TEST] = share[:, _CTR] + share[:, _CVR]
    unusual[:, GMV_TEST] = unusual[:, _CTR] + unusual[:, _CVR]
    weight[:, GMV_TEST] = weight[:, _CTR]
    weight[:, _IMP] = 0.0
    weight[:, _CPM] = 0.0
    return share, weight, unusual


def rest_of_shop_move(now: PairMoves, j: int, leaves: npt.NDArray[np.bool_]) -> tuple[float, float]:
    """(move, weight share) of test j in the given leaves only: their common rate x their weight."""
    w = now.leaf_weight[:, j]
    total = float(w.sum())
    if not leaves.any() or total <= 0:
        return 0.0, 0.0
    rate = weighted_median(now.leaf_rate[leaves, j], np.sqrt(w[leaves]))
    rest = float(w[leaves].sum())
    return rate * rest, rest / total


def residual_moves(frame: Frame, now: PairMoves, leaves: npt.NDArray[np.bool_]) -> tuple[Array, Array, Array]:
    """(share, weight, count) of the tested factors for the given leaves taken together."""
    m0 = frame.leaf_metrics[now.t0][leaves].sum(axis=0, keepdims=True)
    m1 = frame.leaf_metrics[now.t1][leaves].sum(axis=0, keepdims=True)
    share, weight, count, _ = _tested(decompose(m0, m1))
    return share[0], weight[0], count[0]
