"""Pitch and loudness tracking: right pitch, block-size independent, far faster than real time."""

from __future__ import annotations

import time

import numpy as np

from coach.analyze.coach import ProsodyCurve
from coach.analyze.prosody import RATE, PitchTracker, ProsodyTracker


def tone(hz: float, seconds: float, amp: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (amp * np.sin(2 * np.pi * hz * t) + 0.2 * amp * np.sin(4 * np.pi * hz * t)).astype(np.float32)


def test_pitch_and_loudness_of_a_voiced_tone() -> None:
    for hz in (80.0, 150.0, 300.0):
        tracker = PitchTracker("agent")
        frames = tracker.push(tone(hz, 1.0)) + tracker.finish()
        f0 = [f.f0_hz for f in frames[5:-5]]
        assert all(f is not None and abs(f - hz) / hz < 0.01 for f in f0), hz
    loud = PitchTracker("agent").push(tone(150, 0.5, amp=0.5))
    quiet = PitchTracker("agent").push(tone(150, 0.5, amp=0.05))
    assert abs((loud[10].rms_db - quiet[10].rms_db) - 20.0) < 0.5


def test_silence_and_noise_are_unvoiced() -> None:
    rng = np.random.default_rng(0)
    tracker = PitchTracker("customer")
    silent = tracker.push(np.zeros(RATE // 2, dtype=np.float32))
    noisy = tracker.push((0.1 * rng.standard_normal(RATE // 2)).astype(np.float32))
    assert all(f.f0_hz is None for f in silent)
    assert sum(f.f0_hz is not None for f in noisy) < 0.1 * len(noisy)
    assert all(f.role == "customer" for f in silent + noisy)


def test_frames_do_not_depend_on_block_size() -> None:
    x = np.concatenate([tone(120, 0.7), np.zeros(3000, dtype=np.float32), tone(200, 0.4)])
    whole = PitchTracker("agent")
    reference = whole.push(x) + whole.finish()
    for block in (1, 160, 777, 16000):
        tracker = PitchTracker("agent")
        frames = [f for i in range(0, len(x), block) for f in tracker.push(x[i:i + block])] + tracker.finish()
        assert frames == reference, block
    assert reference[0].t == 0.0125 and abs(reference[1].t - reference[0].t - 0.01) < 1e-9
    assert reference[-1].t >= len(x) / RATE - 0.03


def test_far_faster_than_real_time_on_one_core() -> None:
    x = tone(140, 20.0)
    tracker = PitchTracker("agent")
    t0 = time.process_time()
    tracker.push(x)
    assert time.process_time() - t0 < 20.0 / 10  # 10x real time even on a loaded machine


def test_tracker_per_role_and_coarse_curve() -> None:
    both = ProsodyTracker(("agent", "customer"))
    frames = both.push({"agent": tone(100, 0.5), "customer": tone(220, 0.5)}) + both.finish()
    curve = ProsodyCurve(0.1)
    curve.push([f for f in frames if f.role == "agent"])
    d = curve.as_dict()
    assert d["hop_s"] == 0.1 and len(d["pitch_hz"]) == len(d["loudness_db"]) >= 5
    assert abs(d["pitch_hz"][2] - 100.0) < 1.0
