"""A short Markdown summary of one call, fit to paste into a ticket: scorecard, events, suggestions."""

from __future__ import annotations

from typing import Any

from coach.report.html import metric_text

_ACTIVE = set("\\`*_{}[]#|~")
"""ASCII punctuation that opens Markdown markup anywhere in a line (CommonMark, GFM tables and
strikethrough); each is backslash-escaped, which every renderer shows as the character itself.
(A cell never starts a line, so list and heading markers need no escape.)"""
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
"""What could open raw HTML: written as entities, as the HTML report escapes them."""


def _cell(value: object) -> str:
    """``value`` as inert Markdown text: one line, no markup, no raw HTML, no control characters.

    Recording names, event messages and configured suggestions reach the summary from outside;
    escaped like this a backtick cannot close a code span and ``<img onerror=...>`` stays text.
    """
    out = []
    for ch in str(value):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _ACTIVE:
            out.append("\\" + ch)
        elif ch in "\r\n\t" or ch.isspace():
            out.append(" ")
        elif ch.isprintable():
            out.append(ch)
    return "".join(out)


def _t(t: float) -> str:
    m, s = divmod(max(0.0, t), 60.0)
    return f"{int(m)}:{s:04.1f}"


def render_markdown(doc: dict[str, Any]) -> str:
    audio = doc.get("audio") or {}
    roles = doc.get("roles") or {}
    lines = [f"## Call review: {_cell(audio.get('path', ''))}", "",
             f"{float(audio.get('duration_s', 0.0)):.1f} s; roles: "
             + ", ".join(f"{r} = {_cell(how)}" for r, how in roles.items() if r in ("agent", "customer")), ""]
    metrics = doc.get("metrics") or {}
    if metrics:
        lines += ["| metric | value |", "|---|---|"]
        for k, v in metrics.items():
            lines.append(f"| {_cell(str(k).replace('_', ' '))} | {_cell(metric_text(v))} |")
        lines.append("")
    events = doc.get("events") or []
    lines.append(f"**{len(events)} events**" + (":" if events else ""))
    for e in events:
        detail = e.get("detail") or {}
        tip = detail.get("suggestion") if isinstance(detail, dict) else None
        lines.append(f"- {_t(float(e.get('start', 0.0)))} **{_cell(e.get('kind', ''))}** ({_cell(e.get('role', ''))})"
                     f" {_cell(e.get('message', ''))}" + (f" *Try:* {_cell(tip)}" if tip else ""))
    marks = doc.get("marks") or []
    if marks:
        lines += ["", "**Marked by the agent during the call:** "
                  + ", ".join(_t(float(m.get("at", 0.0))) for m in marks)]
    red = doc.get("redaction") or {}
    lines += ["", "_Personal data redacted._" if red.get("applied") else "_Not redacted._"]
    return "\n".join(lines) + "\n"
