"""Session tests: a private sessions folder for every test, a stand-in for Whisper, the fake PortAudio."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from coach.asr.whisper import Hypothesis, TimedWord
from tests.audio.conftest import virtual_pulse  # noqa: F401 - the private PulseAudio fixture, shared
from tests.audio.test_capture import fake_pa  # noqa: F401 - the scripted PortAudio fixture, shared


@pytest.fixture(autouse=True)
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$COACH_SESSIONS for this test only: nothing is recorded into the user's data folder."""
    root = tmp_path / "sessions"
    monkeypatch.setenv("COACH_SESSIONS", str(root))
    return root


class StubEngine:
    """Stands in for Whisper where words do not matter: one word per pass, after ``delay_s``, and
    not before ``release`` is set (a pass that hangs, as on a starved CPU)."""

    def __init__(self, delay_s: float = 0.0, release: threading.Event | None = None) -> None:
        self.delay_s = delay_s
        self.release = release
        self.calls = 0

    def transcribe(self, audio: npt.NDArray[np.float32], prompt: str = "", window_s: float = 0.0,
                   fallback: bool = True, beam_size: int | None = None) -> Hypothesis:
        self.calls += 1
        if self.release is not None:
            self.release.wait()
        if self.delay_s:
            time.sleep(self.delay_s)
        n = len(audio) / 16000
        return Hypothesis((TimedWord(" hello", 0.0, min(0.3, n), 0.9),), " hello", 0.0, -0.2, False)
