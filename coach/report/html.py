"""The HTML report of one call: a single self-contained file (inline SVG, CSS and JS, no network).

Supervisors open it from disk or an e-mail attachment, often offline, so nothing is fetched: no
fonts, no CDN, no images. Sections: scorecard, timeline of both speakers with overlaps and
events, the agent's pitch and loudness with cold-tone windows shaded (from the review's additive
``prosody`` field; a plain note when the review has none), and the transcript with each event
inline beside the words it concerns, with its suggestion. It reads the review as typed objects
(:class:`coach.review_doc.ReviewDoc`), its overlaps as the review found them.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from coach.review_doc import ReviewDoc
from coach.vocab import ROLES, Turn

COLORS = {"agent": "#2563eb", "customer": "#d97706", "overlap": "#dc2626", "pitch": "#7c3aed",
          "loudness": "#059669", "cold": "#93c5fd"}
KIND_COLORS = {"interruption": "#dc2626", "customer_interruption": "#f97316", "backchannel": "#64748b",
               "talk_over": "#b91c1c", "cold_tone": "#0ea5e9", "missing_empathy": "#a21caf",
               "empathy": "#16a34a", "avoid_phrase": "#ca8a04", "dead_air": "#475569", "monologue": "#7c2d12"}
WIDTH, LEFT, RIGHT = 1000, 80, 16
MAX_POINTS = 1500  # a prosody series is reduced to this many points (a 1 h call has 360,000 hops)


@dataclass(frozen=True)
class Axis:
    """Call time to x pixels on the charts' shared horizontal axis."""

    duration: float

    def x(self, t: float) -> float:
        span = WIDTH - LEFT - RIGHT
        return LEFT + span * max(0.0, min(t, self.duration)) / self.duration if self.duration > 0 else LEFT


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _fmt_t(t: float) -> str:
    m, s = divmod(max(0.0, t), 60.0)
    return f"{int(m)}:{s:04.1f}"


def _ticks(axis: Axis, y0: float, y1: float) -> str:
    step = next((s for s in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800) if axis.duration / s <= 12), 3600)
    out = []
    t = 0.0
    while t <= axis.duration + 1e-9:
        x = axis.x(t)
        out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y1}" class="grid"/>'
                   f'<text x="{x:.1f}" y="{y1 + 14}" class="tick" text-anchor="middle">{_fmt_t(t)}</text>')
        t += step
    return "".join(out)


def timeline_svg(review: ReviewDoc) -> str:
    """Both speakers' turns on two lanes, overlaps shaded across them, events on a lane below."""
    axis = Axis(review.length_s)
    lane = {"agent": 20, "customer": 62}
    h_lane, ev_y = 34, 112
    marks = review.marks  # moments the agent marked during a live call: a row of their own
    height = ev_y + 58 + (20 if marks else 0)
    parts = [f'<svg id="timeline" class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="Timeline of both speakers">', _ticks(axis, 12, ev_y + 30)]
    turns = review.turns or tuple(Turn(s.role, s.start, s.end) for s in review.segments)
    for role in ROLES:
        parts.append(f'<text x="{LEFT - 8}" y="{lane[role] + 22}" class="lane" text-anchor="end">{role}</text>')
    for t in turns:
        role = t.role
        x0, x1 = axis.x(t.start), axis.x(t.end)
        parts.append(f'<rect class="turn {role}" x="{x0:.1f}" y="{lane[role]}" width="{max(1.0, x1 - x0):.1f}" '
                     f'height="{h_lane}" fill="{COLORS[role]}"><title>{role} {_fmt_t(t.start)}-'
                     f'{_fmt_t(t.end)}</title></rect>')
    for o in review.overlaps:
        lo, hi = o.start, o.end
        x0, x1 = axis.x(lo), axis.x(hi)
        parts.append(f'<rect class="overlap" x="{x0:.1f}" y="{lane["agent"] - 4}" width="{max(1.5, x1 - x0):.1f}" '
                     f'height="{lane["customer"] + h_lane - lane["agent"] + 8}" fill="{COLORS["overlap"]}" '
                     f'fill-opacity="0.35"><title>both speaking {hi - lo:.2f} s</title></rect>')
    parts.append(f'<text x="{LEFT - 8}" y="{ev_y + 16}" class="lane" text-anchor="end">events</text>')
    for n, e in enumerate(review.events):
        kind = e.kind
        x0, x1 = axis.x(e.start), axis.x(e.end)
        color = KIND_COLORS.get(kind, "#334155")
        parts.append(f'<a href="#ev{n}"><rect class="event" data-ev="{n}" x="{x0:.1f}" y="{ev_y + (n % 2) * 12}" '
                     f'width="{max(4.0, x1 - x0):.1f}" height="10" rx="2" fill="{color}"><title>{_e(kind)} '
                     f'({_e(e.role)}) {_fmt_t(e.start)}: {_e(e.message)}'
                     f'</title></rect></a>')
    if marks:
        parts.append(f'<text x="{LEFT - 8}" y="{height - 6}" class="lane" text-anchor="end">marked</text>')
    for n, at in enumerate(marks):
        parts.append(f'<a href="#mark{n}"><text class="mark" x="{axis.x(at):.1f}" y="{height - 5}" '
                     f'text-anchor="middle">\u2605<title>marked by the agent at {_fmt_t(at)}</title></text></a>')
    parts.append("</svg>")
    return "".join(parts)


def _reduce(values: list[float | None], hop: float) -> list[tuple[float, float | None]]:
    """(time, value) with at most MAX_POINTS points: buckets averaged over their voiced values."""
    n = len(values)
    size = max(1, math.ceil(n / MAX_POINTS))
    out: list[tuple[float, float | None]] = []
    for i in range(0, n, size):
        bucket = [v for v in values[i:i + size] if v is not None and math.isfinite(v)]
        out.append(((i + size / 2) * hop, sum(bucket) / len(bucket) if bucket else None))
    return out


def _series_path(points: list[tuple[float, float | None]], axis: Axis, y0: float, h: float,
                 lo: float, hi: float) -> str:
    """An SVG path; a gap (unvoiced) lifts the pen."""
    d, pen = [], False
    for t, v in points:
        if v is None:
            pen = False
            continue
        y = y0 + h - (v - lo) / (hi - lo) * h if hi > lo else y0 + h / 2
        # a run's first point also draws a dot (l0.1,0), so a lone voiced frame is visible
        d.append(f"L{axis.x(t):.1f},{y:.1f}" if pen else f"M{axis.x(t):.1f},{y:.1f} l0.1,0")
        pen = True
    return " ".join(d)


def prosody_svg(review: ReviewDoc) -> str:
    """The agent's pitch (Hz) and loudness (dB) over the call, cold-tone windows shaded."""
    axis = Axis(review.length_s)
    cold = [e for e in review.events if e.kind == "cold_tone"]
    agent = review.prosody.get("agent") or {}
    hop = float(agent.get("hop_s") or 0.0)
    pitch = list(agent.get("pitch_hz") or [])
    loud = list(agent.get("loudness_db") or [])
    if hop <= 0 or not (pitch or loud):
        windows = ", ".join(f"{_fmt_t(e.start)}-{_fmt_t(e.end)}" for e in cold) or "none"
        return ('<p class="note" id="no-prosody">No prosody in this review (it was made without the agent\'s '
                f'pitch and loudness track), so there is no tone chart. Cold-tone windows: {_e(windows)}.</p>')
    panel_h, gap = 110, 34
    height = 2 * panel_h + gap + 30
    parts = [f'<svg id="prosody" class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="Agent pitch and loudness">']
    for e in cold:
        x0, x1 = axis.x(e.start), axis.x(e.end)
        parts.append(f'<rect class="cold" x="{x0:.1f}" y="4" width="{max(2.0, x1 - x0):.1f}" '
                     f'height="{2 * panel_h + gap - 4}" fill="{COLORS["cold"]}" fill-opacity="0.45">'
                     f'<title>cold tone {_fmt_t(e.start)}-{_fmt_t(e.end)}</title></rect>')
    parts.append(_ticks(axis, 4, 2 * panel_h + gap))
    for k, (name, values, unit, color) in enumerate((("pitch", pitch, "Hz", COLORS["pitch"]),
                                                     ("loudness", loud, "dB", COLORS["loudness"]))):
        y0 = 6 + k * (panel_h + gap)
        pts = _reduce([None if v is None else float(v) for v in values], hop)
        voiced = [v for _, v in pts if v is not None]
        lo, hi = (min(voiced), max(voiced)) if voiced else (0.0, 1.0)
        pad = (hi - lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
        parts.append(f'<text x="{LEFT - 8}" y="{y0 + 12}" class="tick" text-anchor="end">{hi:.0f} {unit}</text>'
                     f'<text x="{LEFT - 8}" y="{y0 + panel_h}" class="tick" text-anchor="end">{lo:.0f} {unit}</text>'
                     f'<text x="{LEFT - 8}" y="{y0 + panel_h / 2 + 4}" class="lane" text-anchor="end">{name}</text>')
        parts.append(f'<path class="series {name}" d="{_series_path(pts, axis, y0, panel_h, lo, hi)}" '
                     f'fill="none" stroke="{color}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>')
    parts.append("</svg>")
    return "".join(parts)


def metric_text(value: object) -> str:
    """A metric as shown: floats to 2 places, a per-role mapping as "agent 234, customer 212"."""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {metric_text(v)}" for k, v in value.items())
    return str(value)


def scorecard_html(review: ReviewDoc) -> str:
    items = []
    for key, value in review.metrics.items():
        shown = metric_text(value)
        items.append(f'<div class="metric"><div class="v">{_e(shown)}</div><div class="k">'
                     f'{_e(str(key).replace("_", " "))}</div></div>')
    counts: dict[str, int] = {}
    for e in review.events:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    for kind, n in sorted(counts.items()):
        items.append(f'<div class="metric"><div class="v" style="color:{KIND_COLORS.get(kind, "#334155")}">{n}</div>'
                     f'<div class="k">{_e(kind.replace("_", " "))} events</div></div>')
    return f'<div class="scorecard">{"".join(items) or "<p>No metrics.</p>"}</div>'


def transcript_html(review: ReviewDoc) -> str:
    """Segments in time order, each event placed before the first segment that starts after it."""
    rows: list[tuple[float, int, str]] = []
    for s in review.segments:
        rows.append((s.start, 1,
                     f'<div class="seg {_e(s.role)}"><span class="t">{_fmt_t(s.start)}</span>'
                     f'<span class="who">{_e(s.role)}</span><span class="text">{_e(s.text)}</span></div>'))
    for n, e in enumerate(review.events):
        kind = e.kind
        suggestion = e.detail.get("suggestion")
        extra = f'<div class="suggest">Try: {_e(suggestion)}</div>' if suggestion else ""
        rows.append((e.start, 0,
                     f'<div class="ev" id="ev{n}" style="border-color:{KIND_COLORS.get(kind, "#334155")}">'
                     f'<span class="t">{_fmt_t(e.start)}</span><b>{_e(kind.replace("_", " "))}'
                     f'</b> <span class="who">{_e(e.role)}</span> {_e(e.message)}{extra}</div>'))
    for n, at in enumerate(review.marks):
        rows.append((at, 0, f'<div class="ev markrow" id="mark{n}"><span class="t">{_fmt_t(at)}</span>'
                            f'<b>\u2605 marked</b> by the agent during the call</div>'))
    rows.sort(key=lambda r: (r[0], r[1]))
    return "".join(r[2] for r in rows) or "<p>No transcript.</p>"


CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f8fafc;color:#0f172a}
main{max-width:1100px;margin:0 auto;padding:16px 24px}
h1{font-size:20px;margin:8px 0} h2{font-size:16px;margin:22px 0 8px}
.meta{color:#475569}.note{background:#fef9c3;border:1px solid #facc15;padding:8px 12px;border-radius:6px}
.chart{width:100%;height:auto;background:#fff;border:1px solid #e2e8f0;border-radius:6px}
.grid{stroke:#e2e8f0;stroke-width:1}.tick{font-size:11px;fill:#64748b}.lane{font-size:12px;fill:#334155}
.event{cursor:pointer}.event:hover,.event.hot{stroke:#0f172a;stroke-width:2}
.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:12px;height:12px;
margin-right:4px;vertical-align:-1px;border-radius:2px}
.scorecard{display:flex;flex-wrap:wrap;gap:8px}.metric{background:#fff;border:1px solid #e2e8f0;border-radius:6px;
padding:8px 12px;min-width:120px}.metric .v{font-size:20px;font-weight:600}.metric .k{color:#64748b;font-size:12px}
.seg{display:flex;gap:8px;padding:3px 0}.seg .t,.ev .t{color:#94a3b8;font-variant-numeric:tabular-nums;
min-width:56px;display:inline-block}.seg .who{min-width:72px;font-weight:600}.seg.agent .who{color:#2563eb}
.seg.customer .who{color:#d97706}.ev{margin:4px 0 4px 64px;padding:4px 10px;border-left:4px solid;
background:#fff;border-radius:4px}.ev.hot{background:#fef3c7}.suggest{color:#166534;margin-top:2px}
.mark{font-size:14px;fill:#7c3aed;cursor:pointer}.markrow{border-color:#7c3aed}
"""

JS = """
document.querySelectorAll('.event').forEach(function (r) {
  r.addEventListener('mouseenter', function () {
    var t = document.getElementById('ev' + r.dataset.ev); if (t) { t.classList.add('hot'); }
  });
  r.addEventListener('mouseleave', function () {
    var t = document.getElementById('ev' + r.dataset.ev); if (t) { t.classList.remove('hot'); }
  });
});
"""


def render_html(review: ReviewDoc) -> str:
    """The whole report as one HTML string (the caller writes it atomically)."""
    roles = review.roles
    red = review.redaction
    red_note = ("personal data redacted" if red.get("applied") else
                "<b>not redacted</b>" if red else "redaction unknown")
    legend = "".join(f'<span><i style="background:{c}"></i>{_e(k.replace("_", " "))}</span>'
                     for k, c in (("agent", COLORS["agent"]), ("customer", COLORS["customer"]),
                                  ("both speaking", COLORS["overlap"]), *sorted(KIND_COLORS.items())))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Call review: {_e(review.path)}</title>
<style>{CSS}</style></head>
<body><main>
<h1>Call review</h1>
<p class="meta">{_e(review.path)} &middot; {review.duration_s:.1f} s &middot;
{_e(", ".join(f"{r} = {how}" for r, how in roles.items() if r in ROLES))} &middot; {red_note}</p>
<h2>Scorecard</h2>
{scorecard_html(review)}
<h2>Timeline</h2>
<p class="legend">{legend}</p>
{timeline_svg(review)}
<h2>Agent tone: pitch and loudness</h2>
<p class="legend"><span><i style="background:{COLORS["pitch"]}"></i>pitch</span>
<span><i style="background:{COLORS["loudness"]}"></i>loudness</span>
<span><i style="background:{COLORS["cold"]}"></i>cold tone</span></p>
{prosody_svg(review)}
<h2>Transcript</h2>
<div class="transcript">{transcript_html(review)}</div>
</main><script>{JS}</script></body></html>
"""
