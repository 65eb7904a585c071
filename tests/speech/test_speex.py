"""speexdsp's echo canceller as the benchmark's comparison (``benchmarks.stereo_degraded --leak speex``)."""

from __future__ import annotations

import ctypes.util
import shutil

import pytest

from benchmarks.stereo_degraded import load, run_coach
from coach.vad import load_silero
from tests.conftest import CALLS
from tests.speech.degrade import build

pytestmark = pytest.mark.skipif(
    ctypes.util.find_library("speexdsp") is None or shutil.which("sox") is None or shutil.which("ffmpeg") is None,
    reason="libspeexdsp, sox and ffmpeg (scripts/setup.sh installs them)")


def test_the_speexdsp_comparison_runs_and_hears_both_parties() -> None:
    """A stereo call with a headset echo through speexdsp in place of coach's canceller, as the benchmark
    runs it (asking after each push which leak was found): both parties' turns come out. The benchmark
    stopped at its first push, asking speexdsp's canceller for per-direction estimates it has not got."""
    audio, end = load(build(CALLS / "stereo_interrupt.flac", "echo:c2a:-24:40"))
    found_at: dict[str, list[tuple[float, bool]]] = {}
    (_, turns, _, _), found = run_coach(audio, end, load_silero(), "speex", found_at=found_at)
    assert {t.role for t in turns} == {"agent", "customer"}
    assert found_at == {}  # speexdsp reports no leak's gain or delay
