"""Fixture calls: the truth agrees with the audio, and the generator is deterministic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import CALLS, FIXTURE_NAMES, ROOT, load_truth

FRAME_S = 0.02


def frame_energy_db(x: np.ndarray, sr: int) -> np.ndarray:
    """RMS in dBFS per 20 ms frame. Shape: (n_frames,)."""
    hop = int(sr * FRAME_S)
    n = len(x) // hop
    frames = x[: n * hop].reshape(n, hop).astype(np.float64)
    return 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)


def truth_mask(segments: list[dict], role: str | None, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    for s in segments:
        if role is None or s["role"] == role:
            mask[int(s["start"] / FRAME_S): int(np.ceil(s["end"] / FRAME_S))] = True
    return mask


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_truth_segments_agree_with_channel_energy(name: str) -> None:
    truth = load_truth(name)
    audio, sr = sf.read(CALLS / truth["audio"]["path"], dtype="float32", always_2d=True)
    assert sr == truth["audio"]["sample_rate"]
    assert audio.shape[1] == truth["audio"]["channels"]
    assert abs(len(audio) / sr - truth["audio"]["duration_s"]) < 0.01
    channels = {"agent": 0, "customer": 1} if audio.shape[1] == 2 else {None: 0}
    for role, ch in channels.items():
        energy = frame_energy_db(audio[:, ch], sr)
        loud = energy > -58.0
        inside = truth_mask(truth["segments"], role, len(energy))
        # Outside the truth segments the channel is silent (line noise only).
        stray = np.flatnonzero(loud & ~inside)
        assert stray.size == 0, f"{name}/{role}: sound outside the truth segments at frames {stray[:5]}"
        # Inside, most frames carry speech (word gaps are short).
        assert loud[inside].mean() > 0.75, f"{name}/{role}: truth segments mostly silent"
        # Each truth segment starts and ends on speech (boundaries are exact to a frame).
        for s in truth["segments"]:
            if role is None or s["role"] == role:
                a, b = int(s["start"] / FRAME_S), int(s["end"] / FRAME_S) - 1
                assert loud[a: a + 3].any() and loud[max(a, b - 2): b + 1].any(), s


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_truth_events_follow_the_contract(name: str) -> None:
    truth = load_truth(name)
    assert truth["schema"] == "coach.truth/1"
    segs = truth["segments"]
    for e in truth["events"]:
        assert e["start"] <= e["end"]
        assert e["role"] in ("agent", "customer")
        if e["kind"] == "backchannel":
            assert e["end"] - e["start"] < 1.0
            other = [s for s in segs if s["role"] != e["role"]]
            assert any(s["start"] < e["start"] and e["end"] < s["end"] for s in other)
        if e["kind"] in ("interruption", "customer_interruption"):
            speaker = "agent" if e["kind"] == "interruption" else "customer"
            assert e["role"] == speaker
            assert any(s["role"] != speaker and s["start"] < e["start"] < s["end"] for s in segs)
        if e["kind"] == "avoid_phrase":
            assert e["detail"]["phrase"] and e["detail"]["suggestion"]


def test_required_scenarios_are_present() -> None:
    kinds = {name: {e["kind"] for e in load_truth(name)["events"]} for name in FIXTURE_NAMES}
    first = load_truth("stereo_interrupt")
    assert first["audio"]["sample_rate"] == 8000 and first["audio"]["channels"] == 2
    assert [e["kind"] for e in first["events"]].count("interruption") == 1
    assert [e["kind"] for e in first["events"]].count("backchannel") == 2
    assert "cold_tone" in kinds["cold_vs_lively"]
    assert {"missing_empathy", "avoid_phrase"} <= kinds["upset_no_empathy"]
    assert "empathy" in kinds["model_empathy"] and "missing_empathy" not in kinds["model_empathy"]
    mono = load_truth("mono_interrupt")
    assert mono["audio"]["channels"] == 1 and mono["audio"]["sample_rate"] == 16000
    assert mono["roles"] == {"agent": "mixed", "customer": "mixed"}
    # Rendered at another rate, so times agree to a 10 ms trimming frame, not bit for bit.
    assert [(e["kind"], e["role"]) for e in mono["events"]] == [(e["kind"], e["role"]) for e in first["events"]]
    for a, b in zip(mono["events"], first["events"]):
        assert abs(a["start"] - b["start"]) <= 0.02 and abs(a["end"] - b["end"]) <= 0.02


def test_mulaw_copy_decodes_to_the_same_call() -> None:
    ulaw, sr = sf.read(CALLS / "stereo_interrupt_ulaw.wav", dtype="float32", always_2d=True)
    flac, _ = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True)
    assert sf.info(str(CALLS / "stereo_interrupt_ulaw.wav")).subtype == "ULAW"
    assert sr == 8000 and ulaw.shape == flac.shape
    assert np.corrcoef(ulaw[:, 0], flac[:, 0])[0, 1] > 0.99


@pytest.mark.slow
def test_generator_is_deterministic(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(CALLS / "generate.py"), "--out", str(tmp_path), "--only",
                    "upset_no_empathy"], check=True, capture_output=True, cwd=ROOT)
    new, _ = sf.read(tmp_path / "upset_no_empathy.flac", dtype="int16")
    old, _ = sf.read(CALLS / "upset_no_empathy.flac", dtype="int16")
    assert np.array_equal(new, old)
    assert json.loads((tmp_path / "upset_no_empathy.truth.json").read_text()) == load_truth("upset_no_empathy")


def test_pyannote_real_sample_is_found_through_the_package() -> None:
    from coach.samples import pyannote_sample

    sample = pyannote_sample()
    assert sample.wav.is_file() and sample.rttm.is_file() and sample.stm.is_file()
    info = sf.info(str(sample.wav))
    assert info.samplerate == 16000 and 29 < info.duration < 31
    speakers = {t.speaker for t in sample.reference}
    assert len(speakers) == 2
    assert len(sample.transcript) > 5
