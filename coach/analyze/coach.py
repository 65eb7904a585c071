"""The call coach: every analyzer behind one object, fed the streams a call produces.

Why one composite: the live path and the review must judge a call identically, so both feed the
same object the same three streams (speech updates, committed words, prosody frames) and get the
same events, nudges, checklist and prosody curve. It knows nothing of threads or sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from coach.analyze.checklist import ChecklistTracker
from coach.analyze.empathy import EmpathyAnalyzer
from coach.analyze.meters import CallMeterTracker
from coach.analyze.nudges import Nudger
from coach.analyze.overlaps import OverlapAnalyzer
from coach.analyze.phrases import PhraseAnalyzer
from coach.analyze.tone import ToneAnalyzer
from coach.config import CoachConfig
from coach.vocab import CallMeters, Event, Nudge, ProsodyFrame, SpeechUpdate, Word


class ProsodyCurve:
    """The agent's pitch and loudness at a coarse hop, built as frames arrive.

    Memory is the curve only: two numbers per hop once a hop is over, so a 3-hour review holds
    kilobytes here, not every prosody frame of the call."""

    def __init__(self, hop_s: float) -> None:
        self.hop_s = hop_s
        self.reset()

    def reset(self) -> None:
        self._pitch: list[float | None] = []  # per finished bin: median voiced pitch, or None
        self._loud: list[float | None] = []  # per finished bin: mean loudness, or None
        self._k = 0  # the bin being filled
        self._f0: list[float] = []  # its voiced pitches
        self._db: list[float] = []  # its frames' loudness

    def push(self, frames: Sequence[ProsodyFrame]) -> None:
        for f in frames:
            k = max(0, int(f.t / self.hop_s))
            while k > self._k:  # frames come in time order: the bin before is complete
                self._close()
            self._db.append(f.rms_db)  # a late frame (k < current) joins the current bin
            if f.f0_hz is not None:
                self._f0.append(f.f0_hz)

    @staticmethod
    def _summary(f0: list[float], db: list[float]) -> tuple[float | None, float | None]:
        """A bin's (pitch: median when mostly voiced, loudness: mean)."""
        pitch = round(float(np.median(f0)), 1) if f0 and 2 * len(f0) >= len(db) else None
        return pitch, (round(float(np.mean(db)), 1) if db else None)

    def _close(self) -> None:
        pitch, loud = self._summary(self._f0, self._db)
        self._pitch.append(pitch)
        self._loud.append(loud)
        self._f0, self._db = [], []
        self._k += 1

    def as_dict(self) -> dict[str, Any]:
        """``{"hop_s", "pitch_hz": [Hz or None when mostly unvoiced], "loudness_db": [dBFS]}``, one per hop."""
        pitch, loud = list(self._pitch), list(self._loud)
        if self._db:  # the bin being filled, as far as it goes
            last = self._summary(self._f0, self._db)
            pitch.append(last[0])
            loud.append(last[1])
        return {"hop_s": self.hop_s, "pitch_hz": pitch, "loudness_db": loud}


class CallCoach:
    """Plain stage: ``push(speech=, words=, frames=)`` -> new events; nudges, checklist and curve alongside."""

    def __init__(self, config: CoachConfig | None = None) -> None:
        cfg = self.config = config or CoachConfig()
        self.overlaps = OverlapAnalyzer(cfg.overlaps)
        self.tone = ToneAnalyzer(cfg.tone, hop_s=cfg.prosody.hop_s)
        self.phrases = PhraseAnalyzer(cfg.phrases, cfg.empathy.confusion, cfg.empathy.feelings)
        self.empathy = EmpathyAnalyzer(cfg.empathy, cfg.phrases.max_skip_words, cfg.overlaps.backchannel_max_s,
                                       cfg.phrases.question_openers)
        self.checklist = ChecklistTracker(cfg.checklist, cfg.empathy.ownership, cfg.phrases.max_skip_words)
        self.nudger = Nudger(cfg.nudges)
        self.curve = ProsodyCurve(cfg.prosody.review_hop_s)
        self.counts = CallMeterTracker()
        self.nudges: list[Nudge] = []  # every nudge raised so far, in order
        self.meters: CallMeters | None = None  # the counts, when they changed since take_meters()

    def reset(self) -> None:
        for stage in (self.overlaps, self.tone, self.phrases, self.empathy, self.checklist, self.nudger,
                      self.curve, self.counts):
            stage.reset()
        self.nudges = []
        self.meters = None

    def push(self, speech: SpeechUpdate | None = None, words: Sequence[Word] = (),
             frames: Sequence[ProsodyFrame] = ()) -> list[Event]:
        events: list[Event] = []
        if speech is not None:
            events += self.overlaps.push(speech)
        self.curve.push([f for f in frames if f.role == "agent"])
        events += self.tone.push(speech, frames)
        events += self.phrases.push(speech, words)
        empathy = self.empathy.push(speech, words, frames)
        events += empathy
        self.checklist.push(speech, words, empathy)
        self.nudges += self.nudger.push(events)
        self._count(events)
        return events

    def ongoing(self, now: float) -> list[Event]:
        """Findings certain but still running at ``now`` (live); they nudge at once, under the cooldown."""
        events = self.overlaps.ongoing(now) + self.tone.ongoing(now)
        self.nudges += self.nudger.push(events, now=now)
        self._count(events)
        return events

    def finish(self, end: float) -> list[Event]:
        events = self.overlaps.finish(end) + self.tone.finish(end) + self.phrases.finish(end)
        empathy = self.empathy.finish(end)
        events += empathy
        self.checklist.push(events=empathy)
        self.checklist.finish(end)
        self.nudges += self.nudger.push(events)
        self._count(events)
        return events

    def _count(self, events: list[Event]) -> None:
        if (meters := self.counts.push(events)) is not None:
            self.meters = meters

    def take_meters(self) -> CallMeters | None:
        """The call's counts if they changed since the last call (for a live display), else None."""
        out, self.meters = self.meters, None
        return out

    def take_nudges(self) -> list[Nudge]:
        """Nudges raised since the last call (for a live display)."""
        out, self.nudges = self.nudges, []
        return out
