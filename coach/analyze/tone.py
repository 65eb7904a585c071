"""Cold tone: the agent sounding flat or cold, judged on windows of the agent's own speech.

Why windows of speech and a personal baseline: voices differ (a deep, calm voice is not a cold
one), so a window is cold when its pitch spread (semitones around its median) and loudness drop
well below what this agent usually does, or below floors no warm delivery goes under. A long
turn (an explanation, longer than one window) is judged against the baseline only: even delivery
over a long explanation is not coldness by itself. Only
prosody frames inside the agent's turns count; pauses and the customer never dilute a window.
Consecutive cold windows form one ``cold_tone`` event, closed by the next warm window or the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from coach.config import ToneConfig
from coach.vocab import Event, ProsodyFrame, SpeechUpdate

_LOOKBACK_S = 2.0  # longer than any speech detector takes to decide a start
MESSAGE = "Your voice sounded flat: little pitch movement and low energy."


@dataclass
class _Window:
    start: float
    end: float
    f0: list[float] = field(default_factory=list)
    db: list[float] = field(default_factory=list)
    cut: bool = False  # began where a long turn was cut, not at a turn's start
    long: bool = False  # a piece of a turn longer than one window (an explanation)


@dataclass
class _Judged:
    start: float
    end: float
    spread_st: float
    loudness_db: float
    voiced_s: float
    cold: bool


class ToneAnalyzer:
    """Plain stage: ``push(speech=..., frames=...)`` -> completed ``cold_tone`` events (agent only)."""

    def __init__(self, config: ToneConfig | None = None, hop_s: float = 0.01) -> None:
        self.config = config or ToneConfig()
        self.hop_s = hop_s  # seconds per prosody frame, to turn frame counts into voiced seconds
        self.reset()

    def reset(self) -> None:
        self._frames: list[ProsodyFrame] = []  # agent frames not yet placed inside or outside speech
        self._closed: list[tuple[float, float]] = []  # agent speech stretches waiting for their frames
        self._open: float | None = None  # agent speaking since
        self._window: _Window | None = None
        self._history: list[_Judged] = []  # warm windows: the agent's own baseline
        self._run: list[_Judged] = []  # consecutive cold windows not yet reported

    # ------------------------------------------------------------------ feeding

    def push(self, speech: SpeechUpdate | None = None, frames: Sequence[ProsodyFrame] = ()) -> list[Event]:
        if speech is not None:
            for c in speech.changes:
                if c.role != "agent":
                    continue
                if c.speaking and self._open is None:
                    self._open = c.t
                elif not c.speaking and self._open is not None:
                    self._closed.append((self._open, max(self._open, c.t)))
                    self._open = None
        self._frames += [f for f in frames if f.role == "agent"]
        return self._consume(final=False)

    def finish(self, end: float) -> list[Event]:
        if self._open is not None:
            self._closed.append((self._open, max(self._open, end)))
            self._open = None
        events = self._consume(final=True)
        events += self._close_window()
        events += self._close_run()
        return events

    def ongoing(self, now: float) -> list[Event]:
        """A cold stretch still running at ``now`` (for live nudges)."""
        if not self._run:
            return []
        return [self._event(self._run, end=max(self._run[-1].end, now), ongoing=True)]

    # ------------------------------------------------------------------ windows

    def _consume(self, final: bool) -> list[Event]:
        events: list[Event] = []
        horizon = self._frames[-1].t if self._frames else float("-inf")
        while self._closed and (final or horizon >= self._closed[0][1]):
            start, end = self._closed.pop(0)
            events += self._add(start, end, turn_end=True)
        if self._open is not None and horizon >= self._open:
            events += self._add(self._open, horizon, turn_end=False)
        # Frames may arrive before the speech detector decides the start they belong to: keep a little.
        keep_from = self._closed[0][0] if self._closed else (self._open if self._open is not None
                                                             else horizon - _LOOKBACK_S)
        self._frames = [f for f in self._frames if f.t > keep_from or (f.t == keep_from and self._open is not None)]
        return events

    def _add(self, start: float, end: float, turn_end: bool) -> list[Event]:
        """Move the frames of agent speech ``[start, end]`` into windows."""
        events: list[Event] = []
        for f in self._frames:
            if f.t < start or f.t > end:
                continue
            if self._window is None:
                self._window = _Window(f.t, f.t)
            w = self._window
            w.end = f.t
            if f.f0_hz is not None:
                w.f0.append(f.f0_hz)
                w.db.append(f.rms_db)
            if w.end - w.start >= self.config.window_s:
                w.long = True
                events += self._close_window()
                if self._window is None:
                    self._window = _Window(f.t, f.t, cut=True, long=True)
        self._frames = [f for f in self._frames if f.t > end]
        if turn_end:
            events += self._close_window()
            if self._window is not None and self._window.cut:
                self._window = None  # a long turn's short tail: judged with its turn already
        return events

    def _close_window(self) -> list[Event]:
        w = self._window
        if w is None or len(w.f0) * self.hop_s < self.config.min_voiced_s:
            return []  # too little voiced speech: joins the next turn
        self._window = None
        judged = self._judge(w)
        if judged.cold:
            self._run.append(judged)
            return []
        self._history.append(judged)
        return self._close_run()

    def _baseline(self, min_s: float | None = None) -> tuple[float, float] | None:
        """(pitch spread, loudness) of the agent's warm windows so far, once ``min_s`` voiced (default baseline_s)."""
        voiced = sum(j.voiced_s for j in self._history)
        if voiced < (self.config.baseline_s if min_s is None else min_s) or not self._history:
            return None
        weights = np.array([j.voiced_s for j in self._history])  # (W,)
        spread = np.array([j.spread_st for j in self._history])  # (W,)
        loud = np.array([j.loudness_db for j in self._history])  # (W,)
        return float(np.average(spread, weights=weights)), float(np.average(loud, weights=weights))

    def _judge(self, w: _Window) -> _Judged:
        cfg = self.config
        f0 = np.asarray(w.f0)  # (V,) Hz of voiced frames
        st = 12.0 * np.log2(f0 / np.median(f0))  # (V,) semitones around the window's median
        st = st[np.abs(st) <= 12.0]  # octave jumps are tracking errors, not melody
        spread = float(st.std()) if len(st) else 0.0
        loud = float(np.median(w.db))
        base = self._baseline()
        cold = loud < cfg.floor_db or spread < cfg.floor_semitones
        if w.long and spread >= cfg.floor_semitones * 0.5 and loud >= cfg.floor_db:
            # A long, even explanation is not coldness by itself: flat in a long turn is cold only when
            # also quieter than the agent's own speech so far (however little of it there is).
            usual = self._baseline(min_s=cfg.min_voiced_s)
            cold = usual is not None and loud < usual[1] - cfg.quiet_db
        if base is not None:
            cold = cold or (spread < cfg.flat_ratio * base[0] and loud < base[1] - cfg.quiet_db)
        return _Judged(w.start, w.end, spread, loud, len(w.f0) * self.hop_s, cold)

    def _close_run(self) -> list[Event]:
        run, self._run = self._run, []
        return [self._event(run, run[-1].end)] if run else []

    def _event(self, run: list[_Judged], end: float, ongoing: bool = False) -> Event:
        base = self._baseline()
        detail: dict[str, float | bool] = {
            "pitch_spread_st": round(float(np.mean([j.spread_st for j in run])), 2),
            "loudness_db": round(float(np.mean([j.loudness_db for j in run])), 1),
        }
        if base is not None:
            detail |= {"baseline_spread_st": round(base[0], 2), "baseline_loudness_db": round(base[1], 1)}
        if ongoing:
            detail["ongoing"] = True
        start = max(0.0, run[0].start - self.hop_s / 2)
        return Event("cold_tone", "agent", start, max(start, end + self.hop_s / 2), MESSAGE, detail)
