"""Per-agent trends over the call history (`coach history`): a table, a terminal chart, CSV.

What a supervisor coaches on over weeks: interruptions per call, empathy rate (empathy events
over empathy plus missed-empathy events: how often a customer's distress got acknowledged),
agent talk ratio, and minutes of cold tone. One grouped SQL query over indexed columns.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from coach.errors import UserError
from coach.history.store import History

PERIODS = {"day": "%Y-%m-%d", "week": "%Y-W%W", "month": "%Y-%m"}
_SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class TrendRow:
    """One agent in one period (or overall, ``period == "all"``)."""

    agent: str
    period: str
    calls: int
    interruptions: int
    empathy: int
    missing_empathy: int
    talk_ratio: float
    cold_tone_s: float

    @property
    def interruptions_per_call(self) -> float:
        return self.interruptions / self.calls if self.calls else 0.0

    @property
    def empathy_rate(self) -> float | None:
        total = self.empathy + self.missing_empathy
        return self.empathy / total if total else None

    @property
    def cold_tone_min(self) -> float:
        return self.cold_tone_s / 60.0


def parse_since(value: str | None) -> float | None:
    """``--since`` as unix seconds: an ISO date or date-time (UTC when no zone is given)."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise UserError(f"--since: {value!r} is not a date (use YYYY-MM-DD)") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def trend_rows(history: History, agent: str | None = None, since: float | None = None,
               by: str = "week") -> list[TrendRow]:
    """Rows per (agent, period), ordered by agent then period."""
    fmt = PERIODS[by]
    where: list[str] = []
    params: list[object] = []
    if agent:
        where.append("agent_id = ?")
        params.append(agent)
    if since is not None:
        where.append("call_time >= ?")
        params.append(since)
    sql = ("SELECT agent_id, strftime(?, call_time, 'unixepoch') AS period, COUNT(*), SUM(interruptions),"
           " SUM(empathy), SUM(missing_empathy), AVG(agent_talk_ratio), SUM(cold_tone_s) FROM calls"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " GROUP BY agent_id, period ORDER BY agent_id, period")
    return [TrendRow(a, p, int(n), int(i), int(e), int(m), float(t), float(c))
            for a, p, n, i, e, m, t, c in history.query(sql, [fmt, *params])]


def per_agent(rows: list[TrendRow]) -> dict[str, list[TrendRow]]:
    out: dict[str, list[TrendRow]] = {}
    for r in rows:
        out.setdefault(r.agent, []).append(r)
    return out


def overall(rows: list[TrendRow]) -> TrendRow:
    """All periods of one agent folded into one row (talk ratio weighted by calls)."""
    calls = sum(r.calls for r in rows)
    return TrendRow(rows[0].agent if rows else "", "all", calls, sum(r.interruptions for r in rows),
                    sum(r.empathy for r in rows), sum(r.missing_empathy for r in rows),
                    sum(r.talk_ratio * r.calls for r in rows) / calls if calls else 0.0,
                    sum(r.cold_tone_s for r in rows))


def sparkline(values: list[float]) -> str:
    """Values as block characters, scaled to their own maximum (0 is the lowest block)."""
    top = max(values, default=0.0)
    if top <= 0:
        return _SPARK[0] * len(values)
    return "".join(_SPARK[min(len(_SPARK) - 1, int(v / top * (len(_SPARK) - 1) + 0.5))] for v in values)


def bar_chart(labels: list[str], values: list[float], height: int = 6, title: str = "") -> str:
    """A small vertical bar chart for the terminal, one column per period."""
    top = max(values, default=0.0) or 1.0
    lines = [title] if title else []
    for level in range(height, 0, -1):
        cut = top * (level - 0.5) / height
        axis = f"{top * level / height:6.2f} |" if level in (height, 1) else "       |"
        lines.append(axis + "".join(" ##" if v >= cut else "   " for v in values))
    lines.append("       +" + "---" * len(values))
    if labels:
        lines.append(f"        {labels[0]} .. {labels[-1]} ({len(labels)} periods)")
    return "\n".join(lines)


def format_trends(rows: list[TrendRow], by: str = "week") -> str:
    """The table (one line per agent, with sparkline trends per period) and the chart."""
    if not rows:
        return "no calls in the history match"
    groups = per_agent(rows)
    head = (f"{'agent':<16} {'calls':>6} {'interr/call':>11} {'empathy':>8} {'talk':>5} {'cold min':>9}  "
            f"interruptions/call by {by}   empathy by {by}")
    lines = [head, "-" * len(head)]
    for agent, rs in groups.items():
        o = overall(rs)
        rate = f"{o.empathy_rate:.0%}" if o.empathy_rate is not None else "-"
        lines.append(f"{agent[:16]:<16} {o.calls:>6} {o.interruptions_per_call:>11.2f} {rate:>8} "
                     f"{o.talk_ratio:>5.2f} {o.cold_tone_min:>9.1f}  "
                     f"{sparkline([r.interruptions_per_call for r in rs]):<26}"
                     f"{sparkline([r.empathy_rate or 0.0 for r in rs])}")
    periods = sorted({r.period for r in rows})
    per_period = [[r for r in rows if r.period == p] for p in periods[-40:]]
    values = [sum(r.interruptions for r in rs) / max(1, sum(r.calls for r in rs)) for rs in per_period]
    who = "all shown agents" if len(groups) > 1 else next(iter(groups))
    lines += ["", bar_chart(periods[-40:], values, title=f"interruptions per call by {by}, {who}")]
    return "\n".join(lines)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text cell a spreadsheet shows as text: one starting like a formula (``= + - @``, tab, CR)
    gets a leading apostrophe, as spreadsheet exporters do (an agent id is typed by whoever runs
    a review, and ``=HYPERLINK(...)`` would run when the CSV is opened)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def trends_csv(rows: list[TrendRow]) -> str:
    """Rows per agent and period, for a spreadsheet (text cells neutralised by :func:`csv_text`)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["agent", "period", "calls", "interruptions_per_call", "empathy_rate", "agent_talk_ratio",
                "cold_tone_min"])
    for r in rows:
        w.writerow([csv_text(r.agent), csv_text(r.period), r.calls, f"{r.interruptions_per_call:.3f}",
                    "" if r.empathy_rate is None else f"{r.empathy_rate:.3f}", f"{r.talk_ratio:.3f}",
                    f"{r.cold_tone_min:.2f}"])
    return buf.getvalue()
