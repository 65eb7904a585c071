"""Device faults in a recorded live session: a device pulled mid-call, one of two devices pulled,
a device that cannot be opened (missing, busy, rate not supported).

Capture runs through the private PulseAudio daemon of tests/audio (a null sink and its monitor,
split into the mono sources agent_src / customer_src); a device "unplugged" is the daemon killed
(the stereo device) or the source's module unloaded (one of two devices). PulseAudio resamples
any rate and shares a source among clients, so "busy" and "rate not supported" cannot happen
there: those come from the scripted PortAudio of tests/audio/test_sources.py, with the errors
PortAudio really raises.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
import soundfile as sf

from coach import cli
from coach.session.store import list_sessions, load_records
from tests.audio.conftest import RATE, VirtualPulse, _start_pulse
from tests.audio.test_capture import FakePortAudio
from tests.audio.test_live import _excerpt, _locate
from tests.conftest import ROOT


def _driver(pulse: VirtualPulse, out: Path, sessions: Path, *args: str) -> subprocess.Popen[str]:
    out.mkdir(exist_ok=True)
    env = {**pulse.env, "COACH_SESSIONS": str(sessions)}
    return subprocess.Popen([sys.executable, "-m", "tests.session.device_driver", "--out", str(out), *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_capturing(proc: subprocess.Popen[str], pulse: VirtualPulse) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line.strip() != "capturing":
        proc.kill()
        _, err = proc.communicate(timeout=10)
        raise AssertionError(f"capture did not start: {line!r}\n{err[-3000:]}\npulse log:\n{pulse.log()}")


def _finish(proc: subprocess.Popen[str], out: Path, timeout: float = 30) -> tuple[dict[str, Any], str]:
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"the session did not end within {timeout} s:\n{err[-3000:]}") from None
    assert proc.returncode == 0, err[-3000:]
    return json.loads((out / "result.json").read_text()), err


def _recording(sessions: Path) -> tuple[npt.NDArray[np.float32], list[dict[str, Any]], dict[str, Any]]:
    (info,) = list_sessions(sessions)
    assert info.state == "ended", info
    audio, rate = sf.read(info.audio, dtype="float32", always_2d=True)  # (frames, 2)
    assert rate == RATE
    records, bad = load_records(info.events)
    assert bad == 0
    return audio, records, info.manifest


@pytest.fixture
def second_pulse(virtual_pulse: VirtualPulse, tmp_path: Path) -> Iterator[VirtualPulse]:
    """A second private PulseAudio, its customer source reachable from the first one's environment
    as the ALSA device ``coach_customer2``: killing it pulls that one device and nothing else.

    (Unloading a source inside one daemon does not do: PulseAudio moves its streams to the
    default source, so the capture goes on, from another device, and nothing can tell.)
    """
    root = tmp_path / "pulse2"
    root.mkdir()
    pulse = _start_pulse(root)
    rc = Path(virtual_pulse.env["HOME"]) / ".asoundrc"
    rc.write_text(rc.read_text() + f'pcm.coach_customer2 {{ type pulse; device "customer_src"; '
                  f'server "unix:{root / "native"}" }}\n')
    try:
        yield pulse
    finally:
        pulse.stop()


def test_stereo_device_pulled_mid_call_ends_it_with_the_audio_kept(
        virtual_pulse: VirtualPulse, tmp_path: Path, sessions: Path) -> None:
    wav, ref = _excerpt(tmp_path)
    out = tmp_path / "run"
    proc = _driver(virtual_pulse, out, sessions, "--device", "coach_call", "--seconds", "60")
    _wait_capturing(proc, virtual_pulse)
    player = virtual_pulse.play(wav)
    assert player.wait(timeout=15) == 0
    time.sleep(0.5)
    virtual_pulse.kill()
    result, err = _finish(proc, out)

    info = f"{result}\n{err[-2000:]}"
    assert result["lost"] is not None and "input device 'coach_call' lost" in result["lost"], info
    assert result["final_notice"].startswith("input device 'coach_call' lost"), info
    assert result["error"] is None, info
    audio, records, manifest = _recording(sessions)
    # Everything heard before the device went is in the recording, and it is what was played.
    assert audio.shape[0] == result["frames"] and manifest["duration_s"] == pytest.approx(audio.shape[0] / RATE)
    for col in (0, 1):
        assert _locate(audio[:, col], ref[:, col])[1] > 0.9, info
    notices = [r for r in records if r["type"] == "notice"]
    assert len(notices) == 1 and "coach_call" in notices[0]["text"], records[-5:]


def test_one_of_two_devices_pulled_the_other_channel_goes_on(
        virtual_pulse: VirtualPulse, second_pulse: VirtualPulse, tmp_path: Path, sessions: Path) -> None:
    wav, ref = _excerpt(tmp_path)
    out = tmp_path / "run"
    proc = _driver(virtual_pulse, out, sessions, "--agent", "coach_agent", "--customer", "coach_customer2",
                   "--seconds", "9")
    _wait_capturing(proc, virtual_pulse)
    second_pulse.kill()  # the customer's device is gone
    time.sleep(1.5)  # the loss is noticed (no audio for 1 s), the agent's device keeps going
    virtual_pulse.play(wav)  # played after the loss: the agent's side must still be recorded
    result, err = _finish(proc, out)

    info = f"{result}\n{err[-2000:]}"
    assert result["lost"] is None, "the call goes on with one device left: " + info
    (loss,) = result["losses"]
    assert loss["device"] == "coach_customer2", info
    assert result["final_notice"].startswith("input device 'coach_customer2' lost"), info
    audio, records, _ = _recording(sessions)
    assert audio.shape[0] / RATE == pytest.approx(9.0, abs=0.2), info
    lag, corr = _locate(audio[:, 0], ref[:, 0])
    assert corr > 0.9 and lag / RATE > loss["at_s"], (lag / RATE, corr, info)
    after = int((loss["at_s"] + 0.1) * RATE)
    assert not np.any(audio[after:, 1]), "the lost device's column is silence from the loss on"
    assert any(r["type"] == "notice" and "coach_customer2" in r["text"] for r in records)


def test_a_device_that_does_not_exist_is_one_line_before_anything_is_recorded(
        virtual_pulse: VirtualPulse, tmp_path: Path, sessions: Path) -> None:
    env = {**virtual_pulse.env, "COACH_SESSIONS": str(sessions)}
    run = subprocess.run([sys.executable, "-m", "coach.cli", "live", "--device", "coach_nosuch"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("coach: input device 'coach_nosuch': cannot capture (") and \
        run.stderr.count("\n") == 1, run.stderr
    assert not sessions.exists() or not any(sessions.iterdir())


@pytest.mark.parametrize(("fail", "message"), [
    ({"fail_open": "Error opening InputStream: Device unavailable [PaErrorCode -9985]"},
     "coach: input device 'Fake Stereo': is busy or unavailable (Error opening InputStream: Device unavailable"),
    ({"fail_check": "Invalid sample rate [PaErrorCode -9997]"},
     "coach: input device 'Fake Stereo': does not support 16000 Hz capture ([live] sample_rate)"),
])
def test_busy_device_or_unsupported_rate_is_one_line_exit_2_before_the_screen(
        fake_pa: FakePortAudio, fail: dict[str, str], message: str, sessions: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in fail.items():
        setattr(fake_pa, key, value)
    opened: list[object] = []
    monkeypatch.setattr("coach.ui.app.CoachApp.run", lambda self: opened.append(self))  # the screen
    assert cli.main(["live", "--device", "Fake Stereo"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1, err
    assert not opened and (not sessions.exists() or not any(sessions.iterdir()))
