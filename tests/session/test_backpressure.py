"""Back-pressure: analysis slow and transcription stuck while a burst of audio arrives, yet memory
stays bounded, every sample is recorded, and the session says that coaching is delayed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from coach.config import CoachConfig
from coach.live import LiveSession, Status
from coach.models import Models
from coach.session.recorder import SessionRecorder
from coach.vad import load_silero
from coach.vocab import Chunk
from tests.conftest import CALLS
from tests.session.conftest import StubEngine

MINUTES = 12  # of call audio
PACE = 150  # times real time: a device delivering a backlog, faster than even the speech stage keeps up
PAGE = 4096


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * PAGE / 2**20


class Peak:
    """Samples this process's resident memory every 20 ms on a thread."""

    def __init__(self) -> None:
        self.base = rss_mb()
        self.peak = self.base
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mb())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak - self.base


def test_slow_stages_keep_memory_bounded_and_every_sample_recorded(sessions: Path) -> None:
    x, sr = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True)  # (frames, 2), 8 kHz
    call = np.tile(x, (int(np.ceil(MINUTES * 60 * sr / x.shape[0])), 1))[:MINUTES * 60 * sr]  # (frames, 2)
    block = sr // 10
    captured = threading.Event()

    def burst() -> Iterator[Chunk]:
        """A device delivering a backlog in a rush: the worst case for the queues behind capture."""
        for i in range(0, call.shape[0], block):
            yield Chunk(i / sr, call[i:i + block], sr)
            time.sleep(block / sr / PACE)
        captured.set()

    config = CoachConfig()
    engine = StubEngine(delay_s=0.05, release=captured)  # Whisper hangs for as long as the burst lasts
    models = Models(live_engine=engine, silero=load_silero())
    statuses: list[Status] = []
    lock = threading.Lock()

    def emit(item: Any) -> None:
        if isinstance(item, Status):
            with lock:
                statuses.append(item)

    gc_peak = Peak()
    rec = SessionRecorder.create(sessions, sample_rate=sr, channels=2, source="burst", config=config)
    session = LiveSession(burst(), sr, config, emit, models, recorder=rec)
    push = session.coach.push

    def slow_push(**kw: Any) -> Any:
        if not captured.is_set():
            time.sleep(0.002)  # analysis far behind while the burst lasts
        return push(**kw)

    session.coach.push = slow_push  # type: ignore[method-assign]
    t0 = time.monotonic()
    session.start()
    assert session.join(timeout=240), "the session drains and ends"
    wall = time.monotonic() - t0
    rec.finish()
    grown = gc_peak.stop()
    assert session.error is None

    # Every sample is on disk, exactly, although analysis never kept up.
    y, rate = sf.read(rec.path / "audio.wav", dtype="float32", always_2d=True)
    assert rate == sr and np.array_equal(y, call)
    # Memory: with ASR stuck, an unbounded ASR queue holds the burst at 16 kHz (the previous session
    # grew 67 MB on 8 minutes, and on with the call's length); bounded, at most a minute waits per queue.
    assert grown < 40, f"resident memory grew {grown:.0f} MB"
    # The dashboard was told: coaching delayed, and how much was heard as silence to catch up.
    final = statuses[-1]
    assert any(s.delayed and s.delay_s >= config.live.delayed_s for s in statuses)
    assert final.gap_s > 0 and final.skipped_s > 0 and final.at == pytest.approx(MINUTES * 60, abs=0.2)
    print(f"{MINUTES} min burst: {wall:.1f} s wall, RSS +{grown:.0f} MB, gap {final.gap_s:.0f} s, "
          f"untranscribed {final.skipped_s:.0f} s, max delay {max(s.delay_s for s in statuses):.0f} s, "
          f"dropped items {session.dropped_items}, Whisper passes {engine.calls}")
