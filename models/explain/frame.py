"""All periods' report rows as aligned arrays: leaves of the report cube and the dimensions over them.

The leaves are the distinct (channel, product, campaign) groups of `PeriodReport.rows` over all
periods; each dimension value (a channel, a category, a product, a campaign) is a set of leaves,
so two places overlap when their leaf sets meet. Creatives come from their own rows (ads only,
attributed GMV and orders) and cover the leaves of their product / campaign / channel when the
rows say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from models.errors import ModelInputError
from models.explain.funnel import METRICS
from models.explain.types import CUBE_KEYS, PeriodReport, ReportRowIn

__all__ = ["NONE_LABEL", "Dim", "Frame", "build_frame"]

NONE_LABEL = "(none)"
_KNOWN_KEYS = {*CUBE_KEYS, "creative", "day", "lever"}

Key = tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class Dim:
    """One dimension: its values, which leaves each covers, and its metrics per period."""

    name: str
    values: list[str]
    members: npt.NDArray[np.bool_]
    """(values, leaves)."""
    metrics: npt.NDArray[np.float64]
    """(periods, values, metrics)."""
    parents: npt.NDArray[np.int64] | None = None
    """Creatives: the index of each one's product in the product dimension (-1 if unknown)."""


@dataclass(frozen=True, slots=True)
class Frame:
    """Every period aligned on the same leaves and dimension values."""

    leaves: list[Key]
    keys: tuple[str, ...]
    leaf_metrics: npt.NDArray[np.float64]
    """(periods, leaves, metrics)."""
    dims: dict[str, Dim]

    @property
    def total(self) -> npt.NDArray[np.float64]:
        """(periods, metrics): the shop."""
        return self.leaf_metrics.sum(axis=1)


def _vec(row: ReportRowIn, attributed_only: bool = False) -> list[float]:
    v = [float(getattr(row, m)) for m in METRICS]
    if attributed_only:
        # Creative rows carry attributed GMV only: count their attributed orders with it.
        v[METRICS.index("orders")] = v[METRICS.index("conversions")]
    return v


def _label(v: str | int | None) -> str:
    return NONE_LABEL if v is None else str(v)


def _keys_of(rows: Sequence[ReportRowIn], where: str) -> tuple[str, ...]:
    found: set[tuple[str, ...]] = set()
    for r in rows:
        unknown = set(r.group) - _KNOWN_KEYS
        if unknown:
            raise ModelInputError(
                f"{where}: unknown group key(s) {sorted(unknown)}",
                hint=f"group rows by {', '.join(CUBE_KEYS)} (and creative for creative_rows)",
            )
        found.add(tuple(k for k in CUBE_KEYS if k in r.group))
    if len(found) > 1:
        raise ModelInputError(f"{where}: rows are grouped by different keys {sorted(found)}",
                              hint="pass the rows of one report call")
    return found.pop() if found else ()


def build_frame(periods: Sequence[PeriodReport], product_categories: dict[str, str]) -> Frame:
    """Align all periods; raises ModelInputError when the periods are grouped differently."""
    key_sets = {_keys_of(p.rows, f"period {p.label or i}") for i, p in enumerate(periods) if p.rows}
    if len(key_sets) > 1:
        raise ModelInputError(
            f"periods are grouped by different keys: {sorted(key_sets)}",
            hint="call the report with the same group_by for every period",
        )
    keys = key_sets.pop() if key_sets else ()
    leaf_index: dict[Key, int] = {}
    for p in periods:
        for r in p.rows:
            leaf_index.setdefault(tuple(_none(r.group.get(k)) for k in keys), len(leaf_index))
    leaves = list(leaf_index)
    leaf_metrics = np.zeros((len(periods), len(leaves), len(METRICS)))
    for t, p in enumerate(periods):
        for r in p.rows:
            leaf_metrics[t, leaf_index[tuple(_none(r.group.get(k)) for k in keys)]] += _vec(r)

    dims: dict[str, Dim] = {}
    for j, k in enumerate(keys):
        labels = [_label(leaf[j]) for leaf in leaves]
        dims[k] = _dim_from_labels(k, labels, leaf_metrics)
    if "product" in keys and product_categories:
        j = keys.index("product")
        labels = [
            _label(None if leaf[j] is None else product_categories.get(str(leaf[j]), "(unknown)")) for leaf in leaves
        ]
        dims["category"] = _dim_from_labels("category", labels, leaf_metrics)
    creative = _creative_dim(periods, keys, leaves, dims.get("product"))
    if creative is not None:
        dims["creative"] = creative
    return Frame(leaves=leaves, keys=keys, leaf_metrics=leaf_metrics, dims=dims)


def _none(v: str | int | None) -> str | None:
    return None if v is None else str(v)


def _dim_from_labels(name: str, labels: list[str], leaf_metrics: npt.NDArray[np.float64]) -> Dim:
    values = sorted(set(labels))
    members = np.array([[lab == v for lab in labels] for v in values], dtype=bool).reshape(len(values), len(labels))
    metrics = np.einsum("vl,plm->pvm", members.astype(np.float64), leaf_metrics)
    return Dim(name, values, members, metrics)


def _creative_dim(periods: Sequence[PeriodReport], keys: tuple[str, ...], leaves: list[Key],
                  products: Dim | None) -> Dim | None:
    index: dict[str, int] = {}
    scopes: dict[str, set[Key]] = {}
    product_of: dict[str, str] = {}
    for p in periods:
        for r in p.creative_rows:
            if set(r.group) - _KNOWN_KEYS:
                raise ModelInputError(f"creative_rows: unknown group key(s) {sorted(set(r.group) - _KNOWN_KEYS)}",
                                      hint="group creative rows by creative and optionally product/campaign/channel")
            if r.group.get("creative") is None:
                raise ModelInputError("creative_rows: a row without a creative id",
                                      hint="pass report(group_by=['creative', ...]) rows")
            cid = str(r.group["creative"])
            index.setdefault(cid, len(index))
            if r.group.get("product") is not None:
                product_of.setdefault(cid, str(r.group["product"]))
            scopes.setdefault(cid, set()).add(tuple(_none(r.group.get(k)) if k in r.group else "*" for k in keys))
    if not index:
        return None
    metrics = np.zeros((len(periods), len(index), len(METRICS)))
    for t, p in enumerate(periods):
        for r in p.creative_rows:
            metrics[t, index[str(r.group["creative"])]] += _vec(r, attributed_only=True)
    members = np.zeros((len(index), len(leaves)), dtype=bool)
    for cid, i in index.items():
        for scope in scopes[cid]:
            for li, leaf in enumerate(leaves):
                if all(s == "*" or s == v for s, v in zip(scope, leaf, strict=True)):
                    members[i, li] = True
    parents = np.array([
        products.values.index(product_of[c]) if products is not None and product_of.get(c) in products.values else -1
        for c in index
    ], dtype=np.int64)
    return Dim("creative", list(index), members, metrics, parents)
