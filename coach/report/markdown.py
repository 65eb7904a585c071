"""A short Markdown summary of one call, fit to paste into a ticket: scorecard, events, suggestions."""

from __future__ import annotations

from coach.report.html import metric_text
from coach.review_doc import ReviewDoc

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


def render_markdown(review: ReviewDoc) -> str:
    lines = [f"## Call review: {_cell(review.path)}", "",
             f"{review.duration_s:.1f} s; roles: "
             + ", ".join(f"{r} = {_cell(how)}" for r, how in review.roles.items() if r in ("agent", "customer")), ""]
    metrics = review.metrics
    if metrics:
        lines += ["| metric | value |", "|---|---|"]
        for k, v in metrics.items():
            lines.append(f"| {_cell(str(k).replace('_', ' '))} | {_cell(metric_text(v))} |")
        lines.append("")
    events = review.events
    lines.append(f"**{len(events)} events**" + (":" if events else ""))
    for e in events:
        tip = e.detail.get("suggestion")
        lines.append(f"- {_t(e.start)} **{_cell(e.kind)}** ({_cell(e.role)})"
                     f" {_cell(e.message)}" + (f" *Try:* {_cell(tip)}" if tip else ""))
    if review.marks:
        lines += ["", "**Marked by the agent during the call:** " + ", ".join(_t(at) for at in review.marks)]
    red = review.redaction
    lines += ["", "_Personal data redacted._" if red.get("applied") else "_Not redacted._"]
    return "\n".join(lines) + "\n"
