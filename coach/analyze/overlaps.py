"""Turn-taking findings from who-speaks-when: backchannels, interruptions, talk-over, dead air, monologues.

Fed the :class:`SpeechChange` stream (the same live and in review), it classifies each time one
party starts while the other is speaking ("an incursion") at the first of three moments:

1. the newcomer stops while the other still speaks, within ``backchannel_max_s``: a backchannel
   ("mm-hmm" inside the other's turn), never an interruption;
2. both are still speaking ``backchannel_max_s`` after the onset: an interruption (agent) or a
   customer interruption, decided at that instant so a live nudge can follow at once;
3. the speaker yields before that: an interruption only if they overlapped at least
   ``interruption_min_overlap_s`` and the newcomer kept the floor; otherwise an ordinary,
   slightly early turn change.

Any stretch of both speaking for ``talk_over_min_s`` or more is also a talk-over, whoever began.
Completed findings come from ``push``/``finish``; findings already certain but still running
(an interruption whose overlap continues, dead air still going) come from ``ongoing(now)`` with
``end = now``, for live nudges.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.config import OverlapsConfig
from coach.vocab import ROLES, Event, Role, SpeechChange, SpeechUpdate, other_role

MESSAGES = {
    "interruption": "You started talking while the customer was still speaking.",
    "customer_interruption": "The customer cut in while you were speaking.",
    "backchannel": "A short listening response inside the other person's turn.",
    "talk_over": "You and the customer spoke at the same time for a while.",
    "dead_air": "Nobody spoke for a long stretch.",
    "monologue": "You spoke for a long time without the customer getting a word in.",
}


def _event(kind: str, role: Role, start: float, end: float, **detail: float | str) -> Event:
    return Event(kind, role, start, max(start, end), MESSAGES[kind], dict(detail))  # type: ignore[arg-type]


@dataclass
class _Incursion:
    role: Role  # who came in
    onset: float
    decided: str | None = None  # "interruption" / "customer_interruption" once certain


class OverlapAnalyzer:
    """Plain stage: ``push(SpeechUpdate)`` -> completed :class:`Event`s."""

    def __init__(self, config: OverlapsConfig | None = None) -> None:
        self.config = config or OverlapsConfig()
        self.reset()

    def reset(self) -> None:
        self._since: dict[Role, float] = {}  # role -> start of its current speech
        self._incursion: _Incursion | None = None
        self._overlap_start: float | None = None
        self._last_speech_end: float | None = None  # when the last party fell silent (None: never spoke)
        self._mono_start: float | None = None  # agent's current stretch without the customer taking the floor
        self._mono_last: float = 0.0  # end of the agent's latest speech in that stretch
        self._time = 0.0

    # ------------------------------------------------------------------ feeding

    def push(self, update: SpeechUpdate) -> list[Event]:
        events: list[Event] = []
        for change in update.changes:
            events += self._apply(change)
        return events

    def finish(self, end: float) -> list[Event]:
        """Close what is open at the end of the call (dead air at the very end is not counted)."""
        events: list[Event] = []
        for role in ROLES:
            if role in self._since:
                events += self._apply(SpeechChange(role, max(end, self._since[role]), False, end))
        events += self._close_monologue(end)
        return events

    def ongoing(self, now: float) -> list[Event]:
        """Findings certain at ``now`` but not finished: for nudging during a live call."""
        out: list[Event] = []
        inc = self._incursion
        if inc is not None:
            if inc.decided is None and now - inc.onset >= self.config.backchannel_max_s and len(self._since) == 2:
                inc.decided = "interruption" if inc.role == "agent" else "customer_interruption"
            if inc.decided is not None:
                out.append(_event(inc.decided, inc.role, inc.onset, now, ongoing=1.0))
        if self._overlap_start is not None and now - self._overlap_start >= self.config.talk_over_min_s:
            out.append(_event("talk_over", "agent", self._overlap_start, now, ongoing=1.0))
        if not self._since and self._last_speech_end is not None \
                and now - self._last_speech_end >= self.config.dead_air_s:
            out.append(_event("dead_air", "agent", self._last_speech_end, now, ongoing=1.0))
        if self._mono_start is not None and "agent" in self._since \
                and now - self._mono_start >= self.config.monologue_s:
            out.append(_event("monologue", "agent", self._mono_start, now, ongoing=1.0))
        return out

    # ------------------------------------------------------------------ state machine

    def _apply(self, c: SpeechChange) -> list[Event]:
        events: list[Event] = []
        role, other = c.role, other_role(c.role)
        if c.speaking:
            if role in self._since:
                return events
            if not self._since and self._last_speech_end is not None \
                    and c.t - self._last_speech_end >= self.config.dead_air_s:
                events.append(_event("dead_air", "agent", self._last_speech_end, c.t,
                                     silence_s=round(c.t - self._last_speech_end, 3)))
            self._since[role] = c.t
            if other in self._since:
                self._overlap_start = c.t
                if self._incursion is None:
                    self._incursion = _Incursion(role, c.t)
            if role == "agent":
                if self._mono_start is not None and c.t - self._mono_last >= self.config.monologue_gap_s:
                    events += self._close_monologue(self._mono_last)
                if self._mono_start is None:
                    self._mono_start = c.t
            return events
        if role not in self._since:
            return events
        start = self._since.pop(role)
        end = max(c.t, start)
        if not self._since:
            self._last_speech_end = end
        if self._overlap_start is not None:
            events += self._close_overlap(role, end)
        if role == "agent":
            self._mono_last = end
        elif end - start >= self.config.backchannel_max_s:
            # The customer took the floor: the agent's stretch, if any, ended when they began.
            events += self._close_monologue(start)
        return events

    def _close_overlap(self, stopped: Role, end: float) -> list[Event]:
        """``stopped`` fell silent at ``end`` while the overlap was running."""
        cfg = self.config
        events: list[Event] = []
        assert self._overlap_start is not None
        overlap = end - self._overlap_start
        inc = self._incursion
        if inc is not None:
            kind: str | None = inc.decided
            if kind is None:
                if stopped == inc.role and end - inc.onset < cfg.backchannel_max_s:
                    events.append(_event("backchannel", inc.role, inc.onset, end,
                                         duration_s=round(end - inc.onset, 3)))
                elif (stopped == inc.role  # spoke over the other longer than a backchannel
                      or end - inc.onset >= cfg.backchannel_max_s
                      or overlap >= cfg.interruption_min_overlap_s):  # the other yielded to them
                    kind = "interruption" if inc.role == "agent" else "customer_interruption"
            if kind is not None:
                events.append(_event(kind, inc.role, inc.onset, end, overlap_s=round(end - inc.onset, 3)))
            self._incursion = None
        if overlap >= cfg.talk_over_min_s and not (events and events[0].kind == "backchannel"):
            events.append(_event("talk_over", "agent", self._overlap_start, end, overlap_s=round(overlap, 3)))
        self._overlap_start = None
        return events

    def _close_monologue(self, until: float) -> list[Event]:
        start, self._mono_start = self._mono_start, None
        if start is None:
            return []
        end = min(self._mono_last, until) if self._mono_last > start else until
        if end - start >= self.config.monologue_s:
            return [_event("monologue", "agent", start, end, duration_s=round(end - start, 3))]
        return []
