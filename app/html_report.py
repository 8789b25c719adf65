"""A self-contained HTML report of a run: GMV, marketing cost and ROI per day and per channel.

Charts are inline SVG drawn here (no JavaScript, no network, no plotting dependency), so the file
opens anywhere and can be archived with the run. Every figure is read from the market's report.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from market import Backend
from market.clock import STEPS_PER_DAY
from market.types import ReportRow

__all__ = ["RunFigures", "load_figures", "render_html", "write_report"]

_W, _H, _PAD = 640, 220, 40
_COLORS = ("#2f6fdf", "#e4572e", "#17a398", "#f2a541", "#7b5ea7", "#888888")


class RunFigures(BaseModel):
    title: str
    start_step: int
    end_step: int
    by_day: list[ReportRow]
    by_channel_day: list[ReportRow]
    totals: ReportRow | None
    notes: list[str] = []


def load_figures(m: Backend, shop: str, start: int, end: int, title: str, notes: Sequence[str] = ()) -> RunFigures:
    totals = m.report(shop, start_step=start, end_step=end)
    return RunFigures(title=title, start_step=start, end_step=end,
                      by_day=m.report(shop, start_step=start, end_step=end, group_by=["day"]),
                      by_channel_day=m.report(shop, start_step=start, end_step=end, group_by=["day", "channel"]),
                      totals=totals[0] if totals else None, notes=list(notes))


def _bars(series: dict[str, list[float]], labels: list[str], title: str, unit: str) -> str:
    """Grouped bars: one group per label, one bar per series."""
    top = max([v for vals in series.values() for v in vals] + [1e-9])
    n, k = max(len(labels), 1), max(len(series), 1)
    gw = (_W - 2 * _PAD) / n
    bw = gw * 0.8 / k
    parts = [f'<svg viewBox="0 0 {_W} {_H + 40}" width="{_W}" role="img" aria-label="{html.escape(title)}">',
             f'<text x="{_PAD}" y="16" font-size="14" font-weight="bold">{html.escape(title)}</text>',
             f'<line x1="{_PAD}" y1="{_H}" x2="{_W - _PAD}" y2="{_H}" stroke="#999"/>',
             f'<text x="4" y="{_PAD}" font-size="10">{top:,.1f} {html.escape(unit)}</text>']
    for i, label in enumerate(labels):
        x0 = _PAD + i * gw + gw * 0.1
        for j, (name, vals) in enumerate(series.items()):
            v = vals[i] if i < len(vals) else 0.0
            h = (_H - _PAD) * (v / top) if top > 0 else 0
            parts.append(f'<rect x="{x0 + j * bw:.1f}" y="{_H - h:.1f}" width="{bw * 0.95:.1f}" height="{h:.1f}" '
                         f'fill="{_COLORS[j % len(_COLORS)]}"><title>{html.escape(name)} {html.escape(label)}: {v:,.2f}</title></rect>')
        parts.append(f'<text x="{x0 + gw * 0.4:.1f}" y="{_H + 14}" font-size="10" text-anchor="middle">{html.escape(label)}</text>')
    for j, name in enumerate(series):
        parts.append(f'<rect x="{_PAD + j * 110}" y="{_H + 24}" width="10" height="10" fill="{_COLORS[j % len(_COLORS)]}"/>'
                     f'<text x="{_PAD + j * 110 + 14}" y="{_H + 33}" font-size="11">{html.escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _day(r: ReportRow) -> int:
    return int(r.group.get("day") or 0)  # type: ignore[arg-type]


def render_html(f: RunFigures) -> str:
    days = sorted({_day(r) for r in f.by_day})
    labels = [f"D{d}" for d in days]
    day = {_day(r): r for r in f.by_day}
    gmv = [day[d].gmv_fen / 100 for d in days]
    cost = [day[d].total_marketing_cost_fen / 100 for d in days]
    roi = [day[d].overall_roi or 0.0 for d in days]
    channels = sorted({str(r.group.get("channel")) for r in f.by_channel_day if r.group.get("channel")})
    ch_gmv = {c: [sum(r.gmv_fen for r in f.by_channel_day if _day(r) == d and r.group.get("channel") == c) / 100 for d in days]
              for c in channels}
    ch_spend = {c: [sum(r.ad_spend_fen for r in f.by_channel_day if _day(r) == d and r.group.get("channel") == c) / 100
                    for d in days] for c in channels}
    ch_roi = {c: [(g / s if s else 0.0) for g, s in zip(ch_gmv[c], ch_spend[c], strict=True)] for c in channels}
    t = f.totals
    summary = "" if t is None else (
        f"<p>GMV ¥{t.gmv_fen / 100:,.2f} · marketing cost ¥{t.total_marketing_cost_fen / 100:,.2f} "
        f"(ads ¥{t.ad_spend_fen / 100:,.2f}, coupons ¥{t.coupon_fen / 100:,.2f}, creators "
        f"¥{(t.creator_fee_fen + t.creator_commission_fen) / 100:,.2f}) · overall ROI "
        f"{(t.overall_roi or 0):.2f} · net profit ¥{t.net_profit_fen / 100:,.2f}</p>")
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in f.notes)
    charts = [
        _bars({"GMV": gmv, "marketing cost": cost}, labels, "GMV and marketing cost per day", "yuan"),
        _bars({"overall ROI": roi}, labels, "Overall ROI per day", "x"),
        _bars(ch_gmv, labels, "Ad-attributed GMV per channel and day", "yuan"),
        _bars(ch_spend, labels, "Ad spend per channel and day", "yuan"),
        _bars(ch_roi, labels, "Ad ROI per channel and day", "x"),
    ]
    return ("<!doctype html><html lang=\"zh\"><meta charset=\"utf-8\"><title>" + html.escape(f.title) + "</title>"
            "<body style=\"font-family: sans-serif; max-width: 700px; margin: 2em auto\">"
            f"<h1>{html.escape(f.title)}</h1><p>Steps {f.start_step}–{f.end_step} "
            f"(days {f.start_step // STEPS_PER_DAY}–{(f.end_step - 1) // STEPS_PER_DAY}).</p>{summary}"
            f"<ul>{notes}</ul>" + "".join(f"<div>{c}</div>" for c in charts) + "</body></html>")


def write_report(path: Path, figures: RunFigures) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(figures), encoding="utf-8")
    return path
