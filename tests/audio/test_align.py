"""StreamAligner: blocks of several capture streams placed on one call-time clock."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from audio.align import StreamAligner

RATE = 16_000
BLOCK = 1600



def timecode(start: float, frames: int) -> npt.NDArray[np.float32]:
    """Samples whose value is their own true capture time: alignment becomes arithmetic. (n, 1)"""
    return (start + np.arange(frames) / RATE).astype(np.float32)[:, None]


def run_aligner(aligner: StreamAligner, script: list[tuple[int, float, float, int]]) -> npt.NDArray[np.float32]:
    """Feed (stream, true start, reported adc, lost) blocks; return every chunk, (frames, columns)."""
    out = []
    for stream, true_start, adc, lost in script:
        aligner.add(stream, timecode(true_start, BLOCK), adc, lost)
        out += list(aligner.ready())
    out += list(aligner.flush())
    return np.concatenate(out)


def test_aligner_places_a_late_stream_by_its_timestamps_despite_jitter() -> None:
    rng = np.random.default_rng(3)
    script = []
    for k in range(60):  # stream 1 starts 0.25 s later; timestamps jitter by +-20 ms
        script.append((0, 0.1 * k, 100 + 0.1 * k + rng.uniform(-0.02, 0.02), 0))
        script.append((1, 0.25 + 0.1 * k, 100.25 + 0.1 * k + rng.uniform(-0.02, 0.02), 0))
    aligner = StreamAligner(RATE, (1, 1), BLOCK)
    y = run_aligner(aligner, script)
    t = np.arange(y.shape[0]) / RATE
    assert np.allclose(y[:60 * BLOCK, 0], t[:60 * BLOCK], atol=1e-4)
    assert np.all(y[60 * BLOCK:, 0] == 0)  # the flush pads the stream that ended first
    start = int(np.flatnonzero(y[:, 1])[0])  # silence before the customer's device started at 0.25 s
    assert abs(start - 4000) < 0.02 * RATE
    assert np.abs(y[start:, 1] - t[start:]).max() < 0.02
    assert aligner.gap_frames == aligner.trimmed_frames == 0


def test_aligner_ignores_start_up_timestamps_until_they_settle() -> None:
    """ALSA's pulse plugin reports each stream's first second of timestamps off by tens of ms
    (differently per stream), then jumps to the truth: only settled timestamps may decide."""
    script = []
    for k in range(60):
        bias = (0.0, 0.0) if k >= 13 else (-0.3, -0.33)  # then a jump over ~3 blocks in the real thing
        script.append((0, 0.1 * k, 7 + 0.1 * k + bias[0], 0))
        script.append((1, 0.1 * k, 7 + 0.1 * k + bias[1], 0))
    aligner = StreamAligner(RATE, (1, 1), BLOCK)
    y = run_aligner(aligner, script)
    assert np.abs(y[:, 1] - y[:, 0]).max() < 1e-4  # the 30 ms start-up difference left no trace
    assert aligner.gap_frames == aligner.trimmed_frames == 0


def test_aligner_fills_frames_a_stream_lost_without_telling() -> None:
    script = []
    for k in range(80):
        script.append((0, 0.1 * k, 0.1 * k, 0))
        if k not in (20, 21):  # stream 1 drops 0.2 s uncounted; its next timestamps show it
            script.append((1, 0.1 * k, 0.1 * k, 0))
    aligner = StreamAligner(RATE, (1, 1), BLOCK)
    y = run_aligner(aligner, script)
    assert aligner.gap_frames == 3200 and aligner.trimmed_frames == 0
    t = np.arange(y.shape[0]) / RATE
    tail = slice(y.shape[0] - 2 * RATE, y.shape[0])  # back in step once the gap is filled
    assert np.abs(y[tail, 1] - t[tail]).max() < 1e-3


def test_aligner_trims_a_device_whose_clock_runs_fast() -> None:
    script = []
    for k in range(300):  # stream 1 delivers 0.5 % more frames per second than stream 0
        script.append((0, 0.1 * k, 0.1 * k, 0))
        script.append((1, 0.0995 * k, 0.0995 * k, 0))  # its block k really started at 0.0995 k
    aligner = StreamAligner(RATE, (1, 1), BLOCK)
    y = run_aligner(aligner, script)
    assert aligner.trimmed_frames > 0 and aligner.gap_frames == 0
    t = np.arange(y.shape[0]) / RATE
    valid = slice(RATE, 29 * RATE)  # the last second is the flush's padding
    # At most: the tolerance, plus the drift during the hold (1 s) and the median's lag (<= 1.5 s).
    assert np.abs(y[valid, 1] - t[valid]).max() < 0.08 + 2.5 * 0.005 + 0.01
    assert np.abs(y[valid, 1] - t[valid])[-RATE:].max() < 0.08


def test_aligner_single_stream_needs_no_warmup_and_fills_known_losses() -> None:
    aligner = StreamAligner(RATE, (2,), BLOCK)
    aligner.add(0, np.ones((BLOCK, 2), dtype=np.float32), 5.0)
    assert [c.shape for c in aligner.ready()] == [(BLOCK, 2)]
    aligner.add(0, np.ones((BLOCK, 2), dtype=np.float32), 5.3, lost=2 * BLOCK)
    y = np.concatenate(list(aligner.ready()) + list(aligner.flush()))
    assert y.shape == (3 * BLOCK, 2)
    assert np.all(y[:2 * BLOCK] == 0) and np.all(y[2 * BLOCK:] == 1)


# ---------------------------------------------------------------------------------------- devices
