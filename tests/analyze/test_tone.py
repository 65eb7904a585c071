"""Cold tone on hand-built prosody: flat and quiet against the agent's own lively baseline."""

from __future__ import annotations

import numpy as np

from coach.analyze.tone import ToneAnalyzer
from coach.vocab import Event, ProsodyFrame, SpeechUpdate
from tests.analyze.helpers import turns

HOP = 0.01


def frames(start: float, end: float, spread_st: float, db: float, role: str = "agent",
           base_hz: float = 110.0) -> list[ProsodyFrame]:
    """Voiced frames whose pitch swings ``spread_st`` semitones (std) around ``base_hz``."""
    t = np.arange(start, end, HOP)  # (n,)
    st = spread_st * np.sqrt(2) * np.sin(2 * np.pi * 0.7 * t)  # (n,) sine: std = amplitude / sqrt(2)
    return [ProsodyFrame(role, float(x), float(base_hz * 2 ** (s / 12)), db) for x, s in zip(t, st)]  # type: ignore[arg-type]


def run(spans: list[tuple[float, float, float, float]], end: float = 60.0,
        update: SpeechUpdate | None = None) -> list[Event]:
    """``spans``: agent turns (start, end, spread, loudness)."""
    tone = ToneAnalyzer(hop_s=HOP)
    update = update or turns(*[("agent", s, e) for s, e, _, _ in spans])
    fr = [f for s, e, sp, db in spans for f in frames(s, e, sp, db)]
    return tone.push(update, fr) + tone.finish(end)


def test_flat_quiet_stretch_after_a_lively_start_is_one_cold_window() -> None:
    lively = [(0, 4, 3.0, -20), (6, 10, 3.5, -19), (12, 15, 2.8, -20)]
    cold = [(17, 21, 0.5, -27), (23, 27, 0.6, -26), (29, 31, 0.5, -27)]
    events = run(lively + cold)
    assert [(e.kind, round(e.start), round(e.end)) for e in events] == [("cold_tone", 17, 31)]
    assert events[0].detail["baseline_spread_st"] > 2.5


def test_a_calm_but_steady_agent_is_not_cold() -> None:
    steady = [(i * 5.0, i * 5.0 + 4, 1.6 + 0.3 * (i % 2), -20) for i in range(8)]
    assert run(steady) == []


def test_warm_window_ends_the_cold_one_and_short_turns_join_the_next() -> None:
    spans = [(0, 4, 3.0, -20), (5, 9, 3.0, -20), (10, 14, 0.4, -28), (15, 15.3, 0.4, -28), (16, 20, 3.0, -20)]
    events = run(spans)
    assert [(round(e.start), round(e.end)) for e in events] == [(10, 14)]


def test_frames_outside_agent_turns_and_customer_frames_are_ignored() -> None:
    tone = ToneAnalyzer(hop_s=HOP)
    update = turns(("agent", 0, 4), ("agent", 6, 10))
    fr = frames(0, 4, 3.0, -20) + frames(4, 6, 0.1, -60) + frames(6, 10, 3.0, -20)
    fr += frames(0, 10, 0.1, -60, role="customer")
    assert tone.push(update, fr) + tone.finish(12) == []


def test_silent_agent_and_live_order() -> None:
    assert ToneAnalyzer().finish(30.0) == []
    # Frames arrive before the speech detector decides (live): same result as all at once.
    spans = [(0, 4, 3.0, -20), (5, 9, 3.0, -20), (10, 14, 0.4, -28), (15, 19, 0.4, -28)]
    whole = run(spans, end=20)
    tone = ToneAnalyzer(hop_s=HOP)
    update = turns(*[("agent", s, e) for s, e, _, _ in spans])
    fr = [f for s, e, sp, db in spans for f in frames(s, e, sp, db)]
    live: list[Event] = []
    for k in range(0, 2000, 10):
        now = k * HOP
        block = [f for f in fr if now <= f.t < now + 0.1]
        decided = SpeechUpdate(changes=tuple(c for c in update.changes if now - 0.4 <= c.t < now - 0.3))
        live += tone.push(decided, block)
        if k == 1800:
            assert [e.start for e in tone.ongoing(now)] == [whole[0].start]
    live += tone.finish(20)
    assert [(e.start, e.end) for e in live] == [(e.start, e.end) for e in whole]


def test_a_long_even_explanation_is_not_cold_but_a_short_flat_reply_is() -> None:
    # Issue 15: a warm agent explains for 14 s in an even voice (flat pitch, their usual loudness).
    explanation = [(0, 3, 3.0, -20), (4, 18, 0.8, -20)]
    assert run(explanation) == []
    # The same flatness in a short reply is judged by the floor, and flat and quiet in a long turn
    # against the agent's own baseline still is cold.
    assert [e.kind for e in run([(0, 3, 3.0, -20), (4, 6.5, 0.8, -20)])] == ["cold_tone"]
    lively = [(0, 4, 3.0, -20), (5, 9, 3.2, -20)]
    assert [e.kind for e in run(lively + [(10, 24, 0.8, -28)])] == ["cold_tone"]
