"""Live meters: the agent's recent delivery (pitch variability, loudness), and the call's counts.

Why a separate, tiny stage: the dashboard wants a glanceable reading a couple of times a second,
not the 100 prosody frames a second the tone analyzer consumes, and not only the finished
``cold_tone`` windows. The reading uses the same measures as :mod:`coach.analyze.tone` (spread of
semitones around the median, median loudness of voiced frames) over the agent's most recent
voiced speech, twice the ``[tone] min_voiced_s`` one judged window needs (with the 20-40 % of
frames that are voiced in speech, the last several seconds the agent spoke), so what the meter
shows and what the coach judges agree, and a flat stretch shows within a few seconds.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import numpy as np

from coach.config import ToneConfig
from coach.vocab import CallMeters, Event, ProsodyFrame, ToneMeter

METER_EVERY_S = 0.5  # call time between two readings: at most 2 per second of call


class ToneMeterTracker:
    """Plain stage: ``push(frames)`` -> a :class:`ToneMeter` every :data:`METER_EVERY_S` of call time, else None."""

    def __init__(self, config: ToneConfig | None = None, hop_s: float = 0.01, every_s: float = METER_EVERY_S) -> None:
        self.config = config or ToneConfig()
        self.every_s = every_s
        self.min_frames = max(1, int(round(self.config.min_voiced_s / hop_s)))  # voiced frames one window needs
        self.keep = 2 * self.min_frames
        self.reset()

    def reset(self) -> None:
        self._f0: deque[float] = deque(maxlen=self.keep)  # Hz of the newest voiced agent frames
        self._db: deque[float] = deque(maxlen=self.keep)  # dBFS of the same frames
        self._voiced_at: float | None = None
        self._next = 0.0  # call time of the next reading

    def push(self, frames: Sequence[ProsodyFrame]) -> ToneMeter | None:
        at = None
        for f in frames:
            if f.role != "agent":
                continue
            at = f.t
            if f.f0_hz is not None:
                self._f0.append(f.f0_hz)
                self._db.append(f.rms_db)
                self._voiced_at = f.t
        if at is None or at < self._next:
            return None
        self._next = at + self.every_s
        return self.reading(at)

    def reading(self, at: float) -> ToneMeter:
        """The meter now, from the frames kept."""
        if len(self._f0) < self.min_frames:
            return ToneMeter(at, None, None, self._voiced_at, False, False)
        f0 = np.fromiter(self._f0, dtype=np.float64)  # (V,) Hz
        st = 12.0 * np.log2(f0 / np.median(f0))  # (V,) semitones around the median
        st = st[np.abs(st) <= 12.0]  # octave jumps are tracking errors, as in the tone analyzer
        spread = float(st.std()) if len(st) else 0.0
        loud = float(np.median(np.fromiter(self._db, dtype=np.float64)))
        cfg = self.config
        return ToneMeter(at, spread, loud, self._voiced_at, spread < cfg.floor_semitones, loud < cfg.floor_db)


class CallMeterTracker:
    """Plain stage: ``push(events)`` -> new :class:`CallMeters` when a count changed, else None.

    Why here and not in the dashboard: a live interruption is reported twice, first while it lasts
    (an ongoing finding, for the nudge) and again when the overlap ends (the event), and only the
    analyzer knows the two are one. Both carry the incursion's onset as ``start``, and incursions
    follow one another, so a new onset of a kind is a new interruption.
    """

    KINDS = ("interruption", "customer_interruption")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._last_onset: dict[str, float] = {}
        self._counts = {k: 0 for k in self.KINDS}

    def push(self, events: Sequence[Event]) -> CallMeters | None:
        at = None
        for e in events:
            if e.kind in self._counts and self._last_onset.get(e.kind) != e.start:
                self._last_onset[e.kind] = e.start
                self._counts[e.kind] += 1
                at = e.start if at is None else max(at, e.start)
        return None if at is None else self.reading(at)

    def reading(self, at: float) -> CallMeters:
        """The counts now."""
        return CallMeters(at, self._counts["interruption"], self._counts["customer_interruption"])
