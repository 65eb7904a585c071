"""Nudges: events turned into one short line telling the agent what to do next.

Why a cooldown: a nudge is only useful if the agent reads it; a burst of them during a tense
moment is noise. At most one nudge per kind per ``cooldown_s``; findings that are only
informational (a backchannel) never nudge, and doing well (empathy) earns a positive one.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.config import NudgesConfig
from coach.vocab import Event, EventKind, Nudge, Severity

SEVERITY: dict[EventKind, Severity] = {
    "interruption": "warning",
    "customer_interruption": "info",
    "talk_over": "warning",
    "cold_tone": "warning",
    "missing_empathy": "alert",
    "empathy": "positive",
    "avoid_phrase": "warning",
    "dead_air": "info",
    "monologue": "info",
}


class Nudger:
    """Plain stage: ``push(events)`` -> the nudges to show now (cooldown per kind)."""

    def __init__(self, config: NudgesConfig | None = None) -> None:
        self.config = config or NudgesConfig()
        self.reset()

    def reset(self) -> None:
        self._last: dict[str, float] = {}  # kind -> time of its latest nudge

    def push(self, events: Sequence[Event], now: float | None = None) -> list[Nudge]:
        """Nudges for ``events``; ``now`` is when they are shown (default: each event's end)."""
        out: list[Nudge] = []
        for e in sorted(events, key=lambda e: e.end):
            severity = SEVERITY.get(e.kind)
            if severity is None or (severity == "positive" and not self.config.positive):
                continue
            at = e.end if now is None else now
            last = self._last.get(e.kind)
            if last is not None and at - last < self.config.cooldown_s:
                continue
            self._last[e.kind] = at
            out.append(Nudge(e.kind, at, self.text(e), severity))
        return out

    def finish(self, end: float) -> list[Nudge]:
        return []

    def text(self, e: Event) -> str:
        template: str = getattr(self.config, e.kind)
        if "{suggestion}" in template:
            return template.replace("{suggestion}", str(e.detail.get("suggestion", "say what you can do")))
        return template
