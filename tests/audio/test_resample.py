"""StreamResampler: block by block equals the whole signal at once (live and file paths agree)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from audio.resample import MODEL_RATE, StreamResampler, to_rate

RATES = [8000, 11025, 22050, 44100, 48000, 96000, 16000]


def _signal(rate: int, seconds: float, seed: int = 0) -> npt.NDArray[np.float32]:
    rng = np.random.default_rng(seed)
    t = np.arange(int(rate * seconds)) / rate
    x = 0.5 * np.sin(2 * np.pi * 300 * t) + 0.2 * rng.standard_normal(t.shape[0])
    return x.astype(np.float32)  # (n,)


def _stream(r: StreamResampler, x: npt.NDArray[np.float32], sizes: list[int]) -> npt.NDArray[np.float32]:
    out, i, k = [], 0, 0
    while i < x.shape[0]:
        n = sizes[k % len(sizes)]
        out.append(r.push(x[i:i + n]))
        i, k = i + n, k + 1
    out.append(r.finish())
    return np.concatenate(out)


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("sizes", [[1], [7, 1, 300], [160], [4097, 13], [10**6]], ids=str)
def test_blocks_of_any_size_equal_the_whole_signal(rate: int, sizes: list[int]) -> None:
    seconds = 0.05 if sizes == [1] else 1.3
    x = _signal(rate, seconds)
    whole = to_rate(x, rate)
    y = _stream(StreamResampler(rate), x, sizes)
    assert y.dtype == np.float32 and y.shape == whole.shape == (int(np.ceil(x.shape[0] * MODEL_RATE / rate)),)
    assert np.abs(y - whole).max() < 1e-5


@pytest.mark.parametrize("rate", RATES)
def test_random_block_sizes_and_reuse_after_finish(rate: int) -> None:
    rng = np.random.default_rng(rate)
    r = StreamResampler(rate)
    for seed in (1, 2):  # finish() leaves the stream ready for the next signal
        x = _signal(rate, 0.7, seed)
        sizes = [int(s) for s in rng.integers(1, 5000, 50)]
        assert np.abs(_stream(r, x, sizes) - to_rate(x, rate)).max() < 1e-5


def test_reset_forgets_the_previous_signal() -> None:
    r = StreamResampler(48_000)
    r.push(_signal(48_000, 0.3, 5))
    r.reset()
    x = _signal(48_000, 0.5)
    assert np.abs(_stream(r, x, [480]) - to_rate(x, 48_000)).max() < 1e-5


def test_output_keeps_pace_with_input() -> None:
    """Live use: after each 100 ms push the stream is at most the filter's latency behind."""
    r = StreamResampler(44_100)
    x = _signal(44_100, 2.0)
    produced = 0
    for i in range(0, x.shape[0], 4410):
        produced += r.push(x[i:i + 4410]).shape[0]
        expected = (i + 4410) * MODEL_RATE / 44_100
        assert expected - r.latency_s * MODEL_RATE - 1 <= produced <= expected
    assert r.latency_s < 0.002


def test_passthrough_and_bad_input() -> None:
    r = StreamResampler(16_000)
    x = _signal(16_000, 0.1)
    assert np.array_equal(r.push(x), x) and r.finish().shape == (0,) and r.latency_s == 0
    with pytest.raises(ValueError, match="mono block"):
        StreamResampler(8000).push(np.zeros((10, 2), dtype=np.float32))
    with pytest.raises(ValueError, match="positive"):
        StreamResampler(0)


def test_downsampling_removes_what_16_khz_cannot_hold() -> None:
    t = np.arange(48_000) / 48_000
    alias = (0.5 * np.sin(2 * np.pi * 12_000 * t)).astype(np.float32)  # above 8 kHz Nyquist
    y = _stream(StreamResampler(48_000), alias, [480])
    assert np.sqrt(np.mean(y[200:-200] ** 2)) < 1e-3
