"""Labels shared by both screens: every colour comes with a word or a symbol beside it."""

from __future__ import annotations

from coach.vocab import Severity

ROLE_LABEL: dict[str, str] = {"agent": "AGENT", "customer": "CUST"}
ROLE_MARK: dict[str, str] = {"agent": "A", "customer": "C"}
ROLE_STYLE: dict[str, str] = {"agent": "bold cyan", "customer": "bold magenta"}

EVENT_SYMBOL: dict[str, str] = {
    "interruption": "↯",  # one cell wide everywhere (⚡ is drawn two cells wide)
    "customer_interruption": "↜",
    "backchannel": "·",
    "talk_over": "≡",
    "cold_tone": "❄",
    "missing_empathy": "♡",
    "empathy": "♥",
    "avoid_phrase": "✗",
    "dead_air": "…",
    "monologue": "◼",
    "mark": "★",  # a moment the agent marked during the call (the live screen's ``m``)
}

SEVERITY_LABEL: dict[Severity, str] = {"info": "i info", "positive": "✓ good", "warning": "! warning",
                                       "alert": "‼ alert"}
SEVERITY_STYLE: dict[Severity, str] = {"info": "", "positive": "green", "warning": "yellow", "alert": "bold red"}


def clock(t: float) -> str:
    """Call time as ``m:ss`` (``h:mm:ss`` past an hour)."""
    s = max(0, int(t))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def event_label(kind: str) -> str:
    """Symbol and words for an event kind, e.g. ``↯ interruption``."""
    return f"{EVENT_SYMBOL.get(kind, '?')} {kind.replace('_', ' ')}"
