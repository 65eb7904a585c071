"""Speech activity per channel: streaming Silero VAD + energy edges, and turns/overlaps from it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from audio.decode import probe, read_all
from audio.resample import to_rate
from coach.config import VadConfig
from coach.speech.turns import TurnBuilder, merge_changes
from coach.vad import StreamingVad, load_silero
from coach.vocab import Overlap, SpeechChange, Turn
from tests.conftest import CALLS, load_truth
from tests.speech.scoring import overlaps_between

STEREO = ("stereo_interrupt", "cold_vs_lively", "upset_no_empathy", "model_empathy")


@pytest.fixture(scope="module")
def silero():  # type: ignore[no-untyped-def]
    return load_silero()


def channel_changes(silero, path: Path, block: int = 1600) -> tuple[list[SpeechChange], float]:  # type: ignore[no-untyped-def]
    info = probe(path)
    audio = read_all(info)
    changes: list[SpeechChange] = []
    for role, ch in (("agent", 0), ("customer", 1)):
        vad = StreamingVad(role, silero)
        x = to_rate(audio[:, ch], info.sample_rate)
        for i in range(0, len(x), block):
            changes += vad.push(x[i: i + block])
        changes += vad.finish()
    return changes, info.duration_s


def turns_and_overlaps(changes: list[SpeechChange], end: float) -> tuple[list[Turn], list[Overlap]]:
    tb = TurnBuilder()
    out = tb.push_all(merge_changes(changes)) + tb.finish(end)
    return [r for r in out if isinstance(r, Turn)], [r for r in out if isinstance(r, Overlap)]


def truth_overlaps(truth: dict) -> list[tuple[float, float]]:
    return overlaps_between(truth["segments"])


def covered(turns: list[Turn], role: str, start: float, end: float, step: float = 0.01) -> float:
    ts = np.arange(start, end, step)
    hit = np.zeros(len(ts), dtype=bool)
    for t in turns:
        if t.role == role:
            hit |= (ts >= t.start) & (ts < t.end)
    return float(hit.sum() * step)


@pytest.mark.parametrize("name", STEREO)
def test_stereo_attribution_and_overlaps_match_truth(silero, name: str) -> None:  # type: ignore[no-untyped-def]
    truth = load_truth(name)
    changes, duration = channel_changes(silero, CALLS / f"{name}.flac")
    turns, overlaps = turns_and_overlaps(changes, duration)
    speech = sum(s["end"] - s["start"] for s in truth["segments"])
    right = sum(covered(turns, s["role"], s["start"], s["end"]) for s in truth["segments"])
    assert right / speech >= 0.99
    # Speech given to a role where the truth has none for it is rare.
    wrong = sum(t.duration for t in turns) - right
    assert wrong / speech < 0.02
    expected = truth_overlaps(truth)
    assert len(overlaps) == len(expected)
    for start, end in expected:
        assert any(abs(o.start - start) <= 0.1 and abs(o.end - end) <= 0.1 for o in overlaps), (start, end)


def test_mulaw_telephone_copy_gives_the_same_turns(silero) -> None:  # type: ignore[no-untyped-def]
    flac, d1 = channel_changes(silero, CALLS / "stereo_interrupt.flac")
    ulaw, d2 = channel_changes(silero, CALLS / "stereo_interrupt_ulaw.wav")
    t1, o1 = turns_and_overlaps(flac, d1)
    t2, o2 = turns_and_overlaps(ulaw, d2)
    assert len(o1) == len(o2)
    for a, b in zip(o1, o2):
        assert abs(a.start - b.start) <= 0.05 and abs(a.end - b.end) <= 0.05


def test_push_size_does_not_change_the_result(silero) -> None:  # type: ignore[no-untyped-def]
    a, _ = channel_changes(silero, CALLS / "upset_no_empathy.flac", block=160)
    b, _ = channel_changes(silero, CALLS / "upset_no_empathy.flac", block=48000)
    assert [(c.role, round(c.t, 3), c.speaking) for c in a] == [(c.role, round(c.t, 3), c.speaking) for c in b]


def test_boundaries_are_decided_quickly(silero) -> None:  # type: ignore[no-untyped-def]
    changes, _ = channel_changes(silero, CALLS / "stereo_interrupt.flac")
    starts = [c.decided_at - c.t for c in changes if c.speaking]
    ends = [c.decided_at - c.t for c in changes if not c.speaking]
    cfg = VadConfig()
    assert max(starts) <= cfg.min_speech_s + 0.1 + cfg.refine_s  # onset known within ~0.25-0.45 s
    assert np.median(ends) <= cfg.min_silence_s + 0.1


def test_silence_and_noise_have_no_speech(silero) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    for x in (np.zeros(16000 * 5, np.float32), (rng.standard_normal(16000 * 5) * 0.01).astype(np.float32)):
        vad = StreamingVad("agent", silero)
        assert vad.push(x) + vad.finish() == []


def test_speech_running_at_the_end_is_closed(silero) -> None:  # type: ignore[no-untyped-def]
    info = probe(CALLS / "stereo_interrupt.flac")
    x = to_rate(read_all(info)[:, 0], info.sample_rate)[: int(3.0 * 16000)]  # cut mid-greeting
    vad = StreamingVad("agent", silero)
    changes = vad.push(x) + vad.finish()
    assert changes[0].speaking and not changes[-1].speaking
    assert changes[-1].t == pytest.approx(3.0, abs=0.04)


def test_vad_config_rejects_inverted_thresholds() -> None:
    from coach.config import ConfigError

    with pytest.raises(ConfigError, match="neg_threshold"):
        VadConfig(threshold=0.3, neg_threshold=0.5)


# ---------------------------------------------------------------- TurnBuilder on hand-built timelines


def ch(role: str, t: float, speaking: bool) -> SpeechChange:
    return SpeechChange(role, t, speaking, t)  # type: ignore[arg-type]


def test_overlap_records_who_held_the_floor() -> None:
    tb = TurnBuilder()
    out = tb.push_all([ch("customer", 1, True), ch("agent", 3, True), ch("customer", 4, False),
                       ch("agent", 6, False)])
    assert Overlap(3, 4, "customer", "agent") in out
    assert Turn("customer", 1, 4) in out and Turn("agent", 3, 6) in out


def test_simultaneous_starts_and_overlaps_at_call_edges() -> None:
    tb = TurnBuilder()
    out = tb.push_all(merge_changes([ch("agent", 0, True), ch("customer", 0, True)]))
    out += tb.finish(2.0)
    overlaps = [o for o in out if isinstance(o, Overlap)]
    assert overlaps == [Overlap(0, 2.0, "agent", "customer")]
    assert {t.role for t in out if isinstance(t, Turn)} == {"agent", "customer"}


def test_end_decided_late_does_not_invent_an_overlap() -> None:
    # The agent's end (t=10.0) is decided after the customer's start (t=10.1) arrived.
    tb = TurnBuilder()
    out = tb.push_all([ch("agent", 5, True), ch("customer", 10.1, True), ch("agent", 10.0, False)])
    assert not [o for o in out if isinstance(o, Overlap)]
    assert Turn("agent", 5, 10.0) in out


def test_silent_party_gives_turns_for_one_role_only() -> None:
    tb = TurnBuilder()
    out = tb.push_all([ch("agent", 1, True), ch("agent", 2, False), ch("agent", 3, True)]) + tb.finish(4)
    assert out == [Turn("agent", 1, 2), Turn("agent", 3, 4)]
