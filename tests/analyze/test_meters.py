"""Live pitch/loudness meters: rate-limited readings that follow the agent's delivery."""

from __future__ import annotations

import numpy as np
import soundfile as sf

from audio.resample import to_rate
from coach.analyze.meters import ToneMeterTracker
from coach.analyze.prosody import ProsodyTracker
from coach.vocab import ToneMeter
from tests.analyze.test_tone import frames
from tests.conftest import CALLS, load_truth


def test_readings_come_at_most_twice_a_second_and_only_from_agent_speech() -> None:
    meter = ToneMeterTracker()
    readings = []
    for start in np.arange(0.0, 10.0, 0.1):  # 0.1 s pushes, like the live session's chunks
        lively = frames(float(start), float(start) + 0.1, 3.0, -20)
        readings += [r for r in [meter.push(lively + frames(float(start), float(start) + 0.1, 0.1, -60,
                                                                    role="customer"))] if r]
    assert 19 <= len(readings) <= 21, len(readings)
    gaps = np.diff([r.at for r in readings])
    assert gaps.min() >= 0.5 - 1e-9
    assert readings[0].pitch_spread_st is None, "no reading before enough voiced speech"
    last = readings[-1]
    assert last.pitch_spread_st is not None and abs(last.pitch_spread_st - 3.0) < 0.3
    assert last.loudness_db == -20 and not last.flat and not last.quiet
    assert meter.push(frames(10.0, 10.1, 0.1, -60, role="customer")) is None


def test_flat_quiet_speech_turns_the_meter_flat_and_silence_keeps_the_last_reading() -> None:
    meter = ToneMeterTracker()
    meter.push(frames(0, 4, 3.0, -20))
    reading = meter.push(frames(4, 8.5, 0.3, -55))
    assert reading is not None and reading.flat and reading.quiet
    silent = [f.__class__("agent", f.t, None, -90.0) for f in frames(8.5, 20, 0.0, -90)]
    after = meter.push(silent)
    assert after is not None and after.pitch_spread_st == reading.pitch_spread_st
    assert after.voiced_at is not None and after.at - after.voiced_at > 10, "the reading says how old it is"


def test_cold_fixture_reads_flat_in_its_cold_stretch_and_varied_before() -> None:
    x, sr = sf.read(CALLS / "cold_vs_lively.flac", dtype="float32", always_2d=True)
    agent = to_rate(np.ascontiguousarray(x[:, 0]), sr, 16000)  # (n,) agent channel at 16 kHz
    prosody = ProsodyTracker(("agent",))
    meter = ToneMeterTracker()
    readings: list[ToneMeter] = []
    for i in range(0, len(agent), 1600):
        got = meter.push(prosody.push({"agent": agent[i:i + 1600]}))
        if got is not None and got.pitch_spread_st is not None:
            readings.append(got)
    cold = next(e for e in load_truth("cold_vs_lively")["events"] if e["kind"] == "cold_tone")

    def spread(a: float, b: float) -> float:
        return float(np.median([r.pitch_spread_st for r in readings if a <= r.at < b and r.pitch_spread_st]))

    before, during = spread(5.0, cold["start"]), spread(cold["start"] + 5.0, cold["end"])
    assert during < 0.5 * before, (before, during)
    assert sum(r.flat for r in readings if r.at > cold["start"] + 5.0) > sum(r.flat for r in readings
                                                                              if r.at < cold["start"])
