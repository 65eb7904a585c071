"""``coach live`` on a device: a fixture call played into a virtual PulseAudio device, the real
session and models behind the headless screen (see tests/audio/conftest.py for the device)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile as sf

from tests.audio.conftest import VirtualPulse, virtual_pulse  # noqa: F401 - the fixture
from tests.conftest import CALLS, ROOT, load_truth

EXCERPT_S = (18.0, 32.0)  # the customer explains, the agent cuts in at 23.41 s, then answers


@pytest.mark.slow
def test_live_screen_on_a_device_shows_the_interruption_nudge(virtual_pulse: VirtualPulse,  # noqa: F811
                                                              tmp_path: Path) -> None:
    x, rate = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True,
                      start=int(EXCERPT_S[0] * 8000), stop=int(EXCERPT_S[1] * 8000))
    wav = tmp_path / "excerpt.wav"
    sf.write(wav, x, rate)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "tests.ui.live_app_driver", "--out", str(out),
                             "live", "--device", "coach_call"], cwd=ROOT, env=virtual_pulse.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()  # once the session's first items reached the screen
    if line.strip() != "capturing":
        proc.kill()
        _, err = proc.communicate(timeout=10)
        raise AssertionError(f"the live screen did not start: {line!r}\n{err[-3000:]}\n{virtual_pulse.log()}")
    virtual_pulse.play(wav)
    try:
        stdout, err = proc.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, err = proc.communicate()
        raise AssertionError(f"coach live did not end:\n{err[-3000:]}") from None
    assert proc.returncode == 0, err[-3000:]
    result = json.loads((out / "result.json").read_text())
    info = f"{ {k: v for k, v in result.items() if k != 'screen'} }\n{result.get('screen')}\n{err[-2000:]}"
    assert result["rc"] == 0, info

    # The interruption nudge, at the moment the agent cut in (call time counts from capture start,
    # so it is the excerpt's moment plus however long the device ran before the excerpt began).
    nudges = [n for n in result["nudges"] if n[0] == "interruption"]
    assert nudges, info
    truth = next(e for e in load_truth("stereo_interrupt")["events"] if e["kind"] == "interruption")
    assert nudges[0][1] >= truth["start"] - EXCERPT_S[0], info
    shown = result["at_nudge"]["screen"]
    assert "Let the customer finish" in shown and "warning" in shown and "interrupts 1" in shown, info
    # Words from both sides, meters from the agent's voice, the device's name, the mark printed.
    transcript = result["transcript"].lower()
    assert "AGENT:" in result["transcript"] and "CUST:" in result["transcript"], info
    assert "charge" in transcript, info
    assert result["tone"] is not None and result["tone"][0] is not None, info
    assert result["talk_s"]["agent"] > 0 and result["talk_s"]["customer"] > 0, info
    assert "marked moments:" in stdout, stdout
