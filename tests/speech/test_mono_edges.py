"""A mono call's diarized turns snapped to the mix's energy edges (``coach.speech.turns.snap_to_energy``).

On the real audio of a stereo fixture stored as dual-mono (built with sox, ``tests/speech/degrade.py``),
with turns placed where a diarizer typically puts them (50-100 ms off), not through the diarizer
itself (slow; the CLI test of a dual-mono call covers that path end to end).
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import torch

from benchmarks.stereo_degraded import load
from coach.config import CoachConfig
from coach.models import Models, set_torch_threads
from coach.speech.mono import DiarizedSpeech
from coach.speech.turns import snap_to_energy
from coach.vocab import ROLES, SpeakerTurn, SpeechChange
from tests.conftest import CALLS, load_truth
from tests.speech.degrade import build
from tests.speech.scoring import truth_turns

pytestmark = pytest.mark.skipif(shutil.which("sox") is None, reason="sox builds the dual-mono variant")


def test_boundaries_next_to_silence_go_to_the_energy_edge_and_overlaps_stay() -> None:
    audio, _ = load(build(CALLS / "stereo_interrupt.flac", "dualmono"))
    mix = np.mean([audio[r] for r in ROLES], axis=0).astype(np.float32)  # (n,) as the review's mono path
    truth = sorted(truth_turns(load_truth("stereo_interrupt")), key=lambda s: s["start"])
    rng = np.random.default_rng(0)
    off = [SpeakerTurn(s["role"], s["start"] + rng.choice([-1, 1]) * rng.uniform(0.05, 0.1),
                       s["end"] + rng.choice([-1, 1]) * rng.uniform(0.05, 0.1)) for s in truth]
    snapped = {(t.speaker, round(t.start, 2)): t for t in snap_to_energy(off, mix)}
    assert len(snapped) == len(off)

    def inside_other(role: str, t: float) -> bool:
        return any(s["role"] != role and s["start"] - 0.1 <= t <= s["end"] + 0.1 for s in truth)

    edges = kept = 0
    for s, o in zip(truth, off):
        new = next(t for t in snapped.values() if t.speaker == s["role"] and abs(t.start - o.start) <= 0.25
                   and abs(t.end - o.end) <= 0.25)
        for was, now, true in ((o.start, new.start, s["start"]), (o.end, new.end, s["end"])):
            if inside_other(s["role"], true):  # inside the other party's turn: stays, unless in a pause
                assert now == pytest.approx(was, abs=0.011) or abs(now - true) <= 0.02, (s, was, now)
                kept += 1
            else:
                assert abs(now - true) <= 0.02, (s, was, now)
                edges += 1
    assert edges >= 12 and kept >= 4  # both kinds of boundary were exercised


def test_two_starts_in_one_pause_both_go_to_the_speech_that_ends_it() -> None:
    """stereo_interrupt's customer says "mm hmm" at 30.13 s, as the agent resumes after a 0.2 s pause
    (30.14 s); the diarizer starts both voices in the pause (30.03 s, as it did on this call). The mix
    is silent there, so neither start may stay in it, though each is inside the other's turn."""
    audio, _ = load(build(CALLS / "stereo_interrupt.flac", "dualmono"))
    mix = np.mean([audio[r] for r in ROLES], axis=0).astype(np.float32)  # (n,)
    turns = [SpeakerTurn("agent", 27.85, 29.9), SpeakerTurn("agent", 30.03, 33.13),
             SpeakerTurn("customer", 30.03, 30.86)]
    snapped = snap_to_energy(turns, mix, min_gap=0.1)
    starts = {t.speaker: t.start for t in snapped if t.start > 29.95}
    assert starts["customer"] == pytest.approx(30.12, abs=0.02)
    assert starts["agent"] == pytest.approx(30.13, abs=0.02)


@pytest.mark.slow
def test_live_mono_boundaries_next_to_silence_go_to_the_energy_edge() -> None:
    """The live mono path (streaming diarizer, 0.1 s pushes as audio arrives) places a turn's start
    and end where the mix's energy says, as the review does; its changes still come in time order and
    at most ``refine_s`` later than the streaming diarizer alone allows."""
    config = CoachConfig()
    audio, end = load(build(CALLS / "stereo_interrupt.flac", "dualmono"))
    mix = np.mean([audio[r] for r in ROLES], axis=0).astype(np.float32)  # (n,)
    threads = torch.get_num_threads()
    set_torch_threads(1)  # as `coach live` runs (two threads only spin between the diarizer's small calls)
    speech = DiarizedSpeech(config.diarization, config.vad, Models.of(config.models))
    changes: list[SpeechChange] = []
    lags: list[float] = []
    for i in range(0, len(mix), 1600):
        got = speech.push({"agent": mix[i:i + 1600]}).changes
        lags += [(i + 1600) / 16_000 - c.t for c in got]
        changes += got
    changes += speech.finish(end).changes
    torch.set_num_threads(threads)
    assert [c.t for c in changes] == sorted(c.t for c in changes)
    assert max(lags) <= config.diarization.latency_s + 0.5 + config.vad.min_silence_s + config.vad.refine_s + 0.1
    truth = truth_turns(load_truth("stereo_interrupt"))
    errors = []
    for s in truth:
        for t, starting in ((s["start"], True), (s["end"], False)):
            if any(o["role"] != s["role"] and o["start"] - 0.1 <= t <= o["end"] + 0.1 for o in truth):
                continue  # the other party is talking: the mix has no edge
            found = [c.t for c in changes if c.role == s["role"] and c.speaking == starting]
            errors.append(min(abs(f - t) for f in found))
    near = [e for e in errors if e <= config.vad.refine_s]  # the rest the diarizer missed (a pause bridged)
    assert len(near) >= 8 and max(near) <= 0.02, errors


def test_signal_read_out_moves_only_overlap_boundaries_and_only_within_its_reach() -> None:
    """benchmarks.overlap_edges' ``signal`` read-out (measured against segmentation-3.0's own edges, not
    used by coach): on stereo_interrupt's real mix with its truth turns shifted 120 ms, a boundary next to
    silence never moves, one inside the other party's turn moves at most the read-out's reach and at least
    one does, and a margin no step can beat moves nothing."""
    from benchmarks.overlap_edges import to_signal_steps

    audio, _ = load(build(CALLS / "stereo_interrupt.flac", "dualmono"))
    mix = np.mean([audio[r] for r in ROLES], axis=0).astype(np.float32)  # (n,)
    truth = truth_turns(load_truth("stereo_interrupt"))
    off = tuple(SpeakerTurn(s["role"], s["start"] - 0.12, s["end"] + 0.12) for s in truth)
    for mode in ("flux", "level"):
        moved = to_signal_steps(off, mix, f"signal:{mode},0.15,5,0,0")
        assert len(moved) == len(off)
        inside = 0
        for was in off:
            now = next(t for t in moved if t.speaker == was.speaker and abs(t.start - was.start) <= 0.16
                       and abs(t.end - was.end) <= 0.16)
            for a, b in ((was.start, now.start), (was.end, now.end)):
                if any(o.speaker != was.speaker and o.start + 0.05 < a < o.end - 0.05 for o in off):
                    inside += abs(b - a) > 0.005
                else:
                    assert b == a, (was, now)
        assert inside >= 2, mode
        unmoved = to_signal_steps(off, mix, f"signal:{mode},0.15,5,0,1000")
        assert unmoved == tuple(sorted(off, key=lambda t: (t.start, t.end)))
