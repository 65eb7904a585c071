"""A mono call's diarized turns snapped to the mix's energy edges (``coach.speech.turns.snap_to_energy``).

On the real audio of a stereo fixture stored as dual-mono (built with sox, ``tests/speech/degrade.py``),
with turns placed where a diarizer typically puts them (50-100 ms off), not through the diarizer
itself (slow; the CLI test of a dual-mono call covers that path end to end).
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from benchmarks.stereo_degraded import load
from coach.speech.turns import snap_to_energy
from coach.vocab import ROLES, SpeakerTurn
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
            if inside_other(s["role"], true):  # the other party is talking: the mix tells nothing
                assert now == pytest.approx(was, abs=0.011)
                kept += 1
            else:
                assert abs(now - true) <= 0.02, (s, was, now)
                edges += 1
    assert edges >= 12 and kept >= 4  # both kinds of boundary were exercised
