"""Sources: channel roles, the file source and replay pacing (the aligner: test_align.py; devices: test_capture.py)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audio.decode import read_all
from audio.sources import FileSource, ReplaySource, channel_roles, role_channels
from coach.config import AudioConfig
from coach.errors import AudioError
from coach.vocab import Chunk
from tests.conftest import CALLS

RATE = 16_000
BLOCK = 1600


# ---------------------------------------------------------------------------------------- roles, file


def test_channel_roles_follow_agent_channel() -> None:
    assert channel_roles(AudioConfig()) == {0: "agent", 1: "customer"}
    assert channel_roles(AudioConfig(agent_channel=1)) == {1: "agent", 0: "customer"}
    assert role_channels(AudioConfig(agent_channel=1)) == {"agent": 1, "customer": 0}


def test_file_source_yields_fixed_size_chunks_in_call_time() -> None:
    path = CALLS / "stereo_interrupt.flac"
    with FileSource(path, AudioConfig(block_s=0.25)) as src:
        assert (src.info.sample_rate, src.num_channels) == (8000, 2)
        chunks = list(src)
        again = list(src)  # iterable more than once
    assert [c.samples.shape[0] for c in chunks[:-1]] == [2000] * (len(chunks) - 1)
    assert 0 < chunks[-1].samples.shape[0] <= 2000
    assert all(c.sample_rate == 8000 and c.samples.dtype == np.float32 for c in chunks)
    assert [c.start for c in chunks] == pytest.approx([0.25 * i for i in range(len(chunks))])
    whole = np.concatenate([c.samples for c in chunks])
    assert np.array_equal(whole, read_all(src.info))
    assert len(again) == len(chunks)


def test_file_source_mono_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "mono.wav"
    sf.write(path, np.zeros(1000, dtype=np.float32), 16_000)
    with FileSource(path) as src:
        assert [c.samples.shape for c in src] == [(1000, 1)]
    with pytest.raises(AudioError, match="file not found"):
        FileSource(tmp_path / "missing.flac")


def test_file_source_close_stops_iteration() -> None:
    src = FileSource(CALLS / "stereo_interrupt.flac", AudioConfig(block_s=0.1))
    it = iter(src)
    next(it)
    src.close()
    assert list(it) == []


# ---------------------------------------------------------------------------------------- replay


def test_replay_paces_chunks_in_real_time_times_speed(tmp_path: Path) -> None:
    path = tmp_path / "two_seconds.wav"
    x = np.random.default_rng(0).uniform(-0.5, 0.5, (32_000, 2)).astype(np.float32)
    sf.write(path, x, RATE, subtype="FLOAT")
    got: list[tuple[float, Chunk]] = []
    with ReplaySource(FileSource(path, AudioConfig(block_s=0.1)), speed=4.0) as replay:
        assert replay.info is not None and replay.info.duration_s == 2.0
        t0 = time.monotonic()
        for chunk in replay:
            got.append((time.monotonic() - t0, chunk))
    elapsed = time.monotonic() - t0
    assert 0.48 <= elapsed < 0.8, elapsed
    assert [c.start for _, c in got] == pytest.approx([0.1 * i for i in range(20)])
    assert np.array_equal(np.concatenate([c.samples for _, c in got]), x)
    for at, chunk in got:  # delivered when its end is due, as a device would
        assert at >= chunk.end / 4.0 - 0.01, (at, chunk.end)
        assert at < chunk.end / 4.0 + 0.15


def test_replay_close_from_another_thread_ends_a_long_wait() -> None:
    replay = ReplaySource(FileSource(CALLS / "stereo_interrupt.flac", AudioConfig(block_s=2.0)), speed=1.0)
    threading.Timer(0.2, replay.close).start()
    t0 = time.monotonic()
    assert list(replay) == []  # the first chunk was due at 2 s
    assert time.monotonic() - t0 < 1.0


def test_replay_rejects_a_bad_speed() -> None:
    with pytest.raises(ValueError):
        ReplaySource([], speed=0)
