"""凑单: the cheapest way to buy a cart with a shop's coupons, exactly.

Rules: an order takes at most one coupon; a coupon counts the list prices of the order's units
whose product it covers (no product ids = every product) and gives `CouponRule.discount` of that
sum (the market's `Coupon.discount_for`); a coupon is used at most once; the buyer may split the
cart into as many orders as helps. Units no coupon needs ride along in a coupon order: discounts
only grow with the amount, so that never costs anything and saves a parcel.

The search is exact. Units are bits of a mask (at most MAX_UNITS). With coupons taken in a fixed
order, T_k[M] = the most the first k+1 coupons can take off on disjoint parts of the units M, and

    T_k[M] = max over R ⊆ M of T_{k-1}[R] + d_k(w_k(M) - w_k(R))

(coupon k gets M \\ R; w_k sums the prices it covers). The max-plus subset convolution costs 3^n in
general; because d_k depends on the subset only through w_k and is non-decreasing, it splits by
the levels v of T_{k-1}: with m_v[M] = min w_k(R) over R ⊆ M with T_{k-1}[R] >= v (a subset-min
transform, n·2^n), T_k[M] = max over v of v + d_k(w_k(M) - m_v[M]). Coupons are ordered by how
many levels their table has and the last one is evaluated at the full cart only, so few-valued
coupons (满减 has two values) keep it to milliseconds. Pure: no I/O; the discount rule itself is the market's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from market.types.coupons import coupon_discount

__all__ = ["MAX_UNITS", "CartOrder", "CartPlan", "CouponRule", "Unit", "best_split", "order_discount"]

MAX_UNITS = 15
_INF = np.int64(1) << 60
_BIG32 = 2**31 - 1
_CHUNK_CELLS = 1 << 21  # level rows x masks per vectorised block (16 MB of int64)

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of a cart line (a line of qty 3 is three units)."""

    product_id: str
    price_fen: int


@dataclass(frozen=True, slots=True)
class CouponRule:
    """A coupon's arithmetic, as `market.types.coupons.Coupon.discount_for` defines it."""

    coupon_id: str
    type: Literal["threshold", "direct", "percent"]
    threshold_fen: int = 0
    discount_fen: int = 0
    percent_off: float = 0.0
    max_discount_fen: int | None = None
    product_ids: frozenset[str] = frozenset()

    def covers(self, product_id: str) -> bool:
        return not self.product_ids or product_id in self.product_ids

    def discount(self, amount_fen: int) -> int:
        """The discount on an order whose covered units list at `amount_fen` in total (the market's rule)."""
        return coupon_discount(self.type, amount_fen, threshold_fen=self.threshold_fen,
                               discount_fen=self.discount_fen, percent_off=self.percent_off,
                               max_discount_fen=self.max_discount_fen)

    def discounts(self, amounts: Ints) -> Ints:
        """`discount` over an array of non-negative amounts."""
        if self.type == "threshold":
            return np.where(amounts >= self.threshold_fen, self.discount_fen, 0).astype(np.int64)
        if self.type == "direct":
            return np.minimum(amounts, self.discount_fen).astype(np.int64)
        off = np.rint(amounts * self.percent_off).astype(np.int64)
        if self.max_discount_fen is not None:
            off = np.minimum(off, self.max_discount_fen)
        return np.where(amounts < self.threshold_fen, 0, off).astype(np.int64)


@dataclass(frozen=True, slots=True)
class CartOrder:
    units: tuple[int, ...]
    """Indices into the cart's units."""
    coupon_id: str | None
    list_fen: int
    discount_fen: int

    @property
    def pay_fen(self) -> int:
        return self.list_fen - self.discount_fen


@dataclass(frozen=True, slots=True)
class CartPlan:
    orders: tuple[CartOrder, ...]
    """The cheapest split; a single order when no split helps."""
    single_order: CartOrder
    """The whole cart as one order with its best single coupon, for comparison."""
    list_fen: int

    @property
    def pay_fen(self) -> int:
        return sum(o.pay_fen for o in self.orders)

    @property
    def saved_fen(self) -> int:
        return self.list_fen - self.pay_fen


def order_discount(units: Sequence[Unit], rule: CouponRule) -> int:
    """What `rule` takes off one order of `units`."""
    return rule.discount(sum(u.price_fen for u in units if rule.covers(u.product_id)))


def best_split(units: Sequence[Unit], rules: Sequence[CouponRule]) -> CartPlan:
    """The cheapest orders for `units` with each of `rules` used at most once (exact)."""
    if len(units) > MAX_UNITS:
        raise ValueError(f"at most {MAX_UNITS} units, got {len(units)}")
    if len({r.coupon_id for r in rules}) != len(rules):
        raise ValueError("coupon ids must be unique")
    list_fen = sum(u.price_fen for u in units)
    everything = tuple(range(len(units)))
    single = CartOrder(everything, None, list_fen, 0)
    for r in rules:
        d = order_discount(units, r)
        if d > single.discount_fen:
            single = CartOrder(everything, r.coupon_id, list_fen, d)
    useful = [r for r in rules if order_discount(units, r) > 0]
    idx = [i for i, u in enumerate(units) if any(r.covers(u.product_id) for r in useful)]
    parts = _assign([units[i] for i in idx], useful)
    groups = [(rule, tuple(idx[b] for b in bits)) for rule, bits in parts]
    return CartPlan(orders=_orders(units, groups), single_order=single, list_fen=list_fen)


# ---- the search ----------------------------------------------------------------------------


def _weights(units: Sequence[Unit], rule: CouponRule) -> Ints:
    """w[M]: list total of the units in mask M that `rule` covers."""
    w = np.zeros(1, dtype=np.int64)
    for u in units:
        w = np.concatenate([w, w + (u.price_fen if rule.covers(u.product_id) else 0)])
    return w


def _subset_min(a: npt.NDArray[np.integer], n: int) -> None:
    """In place, per column: a[M] = min over R ⊆ M of a[R] (masks on axis 0, levels contiguous on axis 1)."""
    cols = a.shape[1]
    for b in range(n):
        v = a.reshape(-1, 2, cols << b)
        np.minimum(v[:, 1, :], v[:, 0, :], out=v[:, 1, :])


def _convolve(table: Ints, w: Ints, rule: CouponRule, n: int) -> Ints:
    """max over R ⊆ M of table[R] + rule.discount(w[M] - w[R]), for every mask M."""
    levels = np.unique(table)
    small = int(w[-1]) < _BIG32  # int32 halves the memory traffic of the transform
    dtype, inf = (np.int32, _BIG32) if small else (np.int64, int(_INF))
    wc = w.astype(dtype)[:, None]
    out = np.zeros_like(table)
    step = max(1, _CHUNK_CELLS // table.size)
    for lo in range(0, levels.size, step):
        lv = levels[lo : lo + step]
        m = np.where(table[:, None] >= lv[None, :], wc, dtype(inf))
        _subset_min(m, n)
        reach = m < inf
        gain = rule.discounts(np.where(reach, wc - m, 0).astype(np.int64))
        np.maximum(out, np.where(reach, lv[None, :] + gain, -1).max(axis=1), out=out)
    return out


def _assign(units: Sequence[Unit], rules: Sequence[CouponRule]) -> list[tuple[CouponRule, tuple[int, ...]]]:
    """Disjoint unit sets (bit indices) for some of `rules`, with the largest total discount."""
    n = len(units)
    if not rules or n == 0:
        return []
    weights = [_weights(units, r) for r in rules]
    alone = [r.discounts(w) for r, w in zip(rules, weights, strict=True)]
    order = sorted(range(len(rules)), key=lambda k: (np.unique(alone[k]).size, k))
    tables = [alone[order[0]]]
    for k in order[1:-1]:
        tables.append(_convolve(tables[-1], weights[k], rules[k], n))
    full = (1 << n) - 1
    masks = np.arange(1 << n, dtype=np.int64)
    popcount = np.bitwise_count(masks)
    picked: list[tuple[CouponRule, tuple[int, ...]]] = []
    m = full
    for t in range(len(order) - 1, 0, -1):
        k = order[t]
        w = weights[k]
        sub = masks[(masks & ~m) == 0]  # every R ⊆ m
        value = tables[t - 1][sub] + rules[k].discounts(w[m] - w[sub])
        ties = sub[value == value.max()]
        r = int(ties[np.argmax(popcount[ties])])  # leave coupon k the fewest units
        if rules[k].discount(int(w[m] - w[r])) > 0:
            picked.append((rules[k], _bits(m & ~r)))
        m = r
    first = rules[order[0]]
    if int(alone[order[0]][m]) > 0:
        picked.append((first, _bits(m)))
    return picked


def _bits(mask: int) -> tuple[int, ...]:
    return tuple(b for b in range(mask.bit_length()) if mask >> b & 1)


def _orders(units: Sequence[Unit], groups: list[tuple[CouponRule, tuple[int, ...]]]) -> tuple[CartOrder, ...]:
    """One order per coupon, biggest discount first; the units no coupon needs join the first order."""
    if not groups:
        return (CartOrder(tuple(range(len(units))), None, sum(u.price_fen for u in units), 0),)
    taken = {i for _, g in groups for i in g}
    rest = tuple(i for i in range(len(units)) if i not in taken)
    groups = sorted(groups, key=lambda rg: -order_discount([units[i] for i in rg[1]], rg[0]))
    made = []
    for pos, (rule, g) in enumerate(groups):
        members = tuple(sorted(g + rest)) if pos == 0 else g
        lines = [units[i] for i in members]
        made.append(CartOrder(members, rule.coupon_id, sum(u.price_fen for u in lines), order_discount(lines, rule)))
    return tuple(made)
