"""Live capture for real: a fixture call played into a virtual device, recorded through PortAudio.

Each test runs DeviceSource in a fresh interpreter (``live_driver.py``) against a private
PulseAudio daemon (see conftest.py) and checks the captured signal against what was played.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import soundfile as sf
from scipy.signal import correlate

from audio.resample import to_rate
from tests.audio.conftest import RATE, VirtualPulse
from tests.conftest import CALLS, ROOT

EXCERPT_S = (22.8, 25.8)  # both parties speak, different words: the columns cannot be confused


@dataclass(frozen=True)
class Capture:
    audio: npt.NDArray[np.float32]  # (frames, 2)
    result: dict[str, Any]
    stderr: str


def _excerpt(tmp: Path) -> tuple[Path, npt.NDArray[np.float32]]:
    """A 3 s stereo excerpt of a fixture call (8 kHz) and the same at 16 kHz, (frames, 2)."""
    x, rate = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True,
                      start=int(EXCERPT_S[0] * 8000), stop=int(EXCERPT_S[1] * 8000))
    path = tmp / "excerpt.wav"
    sf.write(path, x, rate)
    ref = np.stack([to_rate(np.ascontiguousarray(x[:, c]), rate, RATE) for c in range(2)], axis=1)
    return path, ref


def _driver(pulse: VirtualPulse, out: Path, *args: str) -> subprocess.Popen[str]:
    out.mkdir(exist_ok=True)
    return subprocess.Popen([sys.executable, "-m", "tests.audio.live_driver", "--out", str(out), *args],
                            cwd=ROOT, env=pulse.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_capturing(proc: subprocess.Popen[str], pulse: VirtualPulse) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the first chunk arrived (or the driver died)
    if line.strip() != "capturing":
        proc.kill()
        _, err = proc.communicate(timeout=10)
        raise AssertionError(f"capture did not start: {line!r}\n{err[-3000:]}\npulse log:\n{pulse.log()}")


def _finish(proc: subprocess.Popen[str], out: Path, timeout: float = 15) -> Capture:
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"the capture did not end within {timeout} s:\n{err[-3000:]}") from None
    assert proc.returncode == 0, err[-3000:]
    return Capture(np.load(out / "audio.npy"), json.loads((out / "result.json").read_text()), err)


def _locate(captured: npt.NDArray[np.float32], ref: npt.NDArray[np.float32]) -> tuple[int, float]:
    """Where ``ref`` (n,) sits in ``captured`` (m,), and the normalised correlation there."""
    c = correlate(captured, ref, mode="valid", method="fft")  # (m - n + 1,)
    lag = int(np.argmax(c))
    seg = captured[lag:lag + ref.shape[0]]
    return lag, float(np.dot(seg, ref) / (np.linalg.norm(seg) * np.linalg.norm(ref) + 1e-12))


def test_stereo_device_records_what_is_played_and_survives_the_device_vanishing(
        virtual_pulse: VirtualPulse, tmp_path: Path) -> None:
    wav, ref = _excerpt(tmp_path)
    out = tmp_path / "capture"
    proc = _driver(virtual_pulse, out, "--device", "coach_call", "--seconds", "30")
    _wait_capturing(proc, virtual_pulse)
    player = virtual_pulse.play(wav)
    assert player.wait(timeout=15) == 0, player.stderr.read() if player.stderr else ""
    time.sleep(0.5)  # the tail reaches the capture
    killed_at = time.monotonic()
    virtual_pulse.kill()
    cap = _finish(proc, out)
    ended_after = time.monotonic() - killed_at

    lost = cap.result["lost"]
    info = f"{cap.result}\n{cap.stderr[-2000:]}"
    assert lost is not None, f"killing the daemon must end capture with a DeviceLost notice: {info}"
    assert lost["device"] == "coach_call" and "lost at" in lost["text"], info
    assert ended_after < 5, f"capture took {ended_after:.1f} s to notice the device vanished"
    # Everything captured before the loss is kept, in order, in fixed-size chunks.
    audio = cap.audio
    assert audio.shape[1] == 2 and audio.shape[0] >= ref.shape[0], info
    assert abs(lost["at_s"] - audio.shape[0] / RATE) < 1e-6
    sizes, starts = cap.result["sizes"], cap.result["starts"]
    assert all(s == 1600 for s in sizes[:-1]) and 0 < sizes[-1] <= 1600
    assert np.allclose(starts, np.arange(len(starts)) * 0.1)
    # The recording is the excerpt: same words on the same columns, at one lag for both.
    lag_a, corr_a = _locate(audio[:, 0], ref[:, 0])
    lag_c, corr_c = _locate(audio[:, 1], ref[:, 1])
    assert corr_a > 0.9 and corr_c > 0.9, (corr_a, corr_c, info)
    assert lag_a == lag_c, (lag_a, lag_c, info)
    _, crossed = _locate(audio[:, 0], ref[:, 1])
    assert crossed < 0.5, "the agent column must not carry the customer's audio"
    assert cap.result["stats"]["queue_full"] == 0, info


def test_two_devices_are_kept_in_step(virtual_pulse: VirtualPulse, tmp_path: Path) -> None:
    wav, ref = _excerpt(tmp_path)
    out = tmp_path / "capture"
    proc = _driver(virtual_pulse, out, "--agent", "coach_agent", "--customer", "coach_customer",
                   "--seconds", "6.0")
    _wait_capturing(proc, virtual_pulse)
    virtual_pulse.play(wav)
    cap = _finish(proc, out)

    info = f"{cap.result}\n{cap.stderr[-2000:]}"
    assert cap.result["lost"] is None, info
    assert cap.result["devices"] == ["coach_agent", "coach_customer"]
    lag_a, corr_a = _locate(cap.audio[:, 0], ref[:, 0])
    lag_c, corr_c = _locate(cap.audio[:, 1], ref[:, 1])
    assert corr_a > 0.9 and corr_c > 0.9, (corr_a, corr_c, info)
    # Both halves of one stereo stream, captured by two separate PortAudio streams started one
    # after the other and placed by their ADC timestamps once those settled: in step to well
    # within a 100 ms chunk (typically under 5 ms here; the pulse plugin's timestamps jitter).
    assert abs(lag_a - lag_c) <= 0.02 * RATE, (lag_a, lag_c, info)


def test_device_that_cannot_be_opened_is_one_clear_line(virtual_pulse: VirtualPulse, tmp_path: Path) -> None:
    for device, expected in (("coach_nosuch", "input device 'coach_nosuch': cannot capture ("),
                             ("no such thing", "input device 'no such thing': not found")):
        proc = _driver(virtual_pulse, tmp_path / "capture", "--device", device)
        _, err = proc.communicate(timeout=20)
        assert proc.returncode == 2, err
        lines = [ln for ln in err.splitlines() if ln.startswith("error: ")]
        assert len(lines) == 1 and lines[0].startswith(f"error: {expected}"), err
        assert "Traceback" not in err
