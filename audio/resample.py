"""Resampling to the 16 kHz the speech models expect (polyphase, anti-aliased).

:func:`to_rate` resamples a whole signal; :class:`StreamResampler` does the same block by block
for live audio. Both use scipy's ``resample_poly`` filter (Kaiser-windowed sinc, beta 5, 10 zero
crossings per side), so a call resampled live and the same call resampled as a file agree to
float precision: the stream's output, concatenated with :meth:`StreamResampler.finish`, equals
``to_rate`` of the whole signal.
"""

from __future__ import annotations

from math import gcd

import numpy as np
import numpy.typing as npt
from scipy.signal import firwin, resample_poly

from coach.vocab import MODEL_RATE

KAISER_BETA = 5.0
"""scipy's default window for ``resample_poly``; the stream must use the very same filter."""


def to_rate(x: npt.NDArray[np.float32], rate: int, target: int = MODEL_RATE) -> npt.NDArray[np.float32]:
    """Resample a mono signal (shape (n,)) from ``rate`` to ``target`` Hz."""
    if rate == target:
        return x.astype(np.float32, copy=False)
    g = gcd(rate, target)
    return resample_poly(x, target // g, rate // g).astype(np.float32)


def ratio(in_rate: int, out_rate: int) -> tuple[int, int]:
    """The reduced (up, down) factors for ``in_rate`` -> ``out_rate``."""
    if in_rate <= 0 or out_rate <= 0:
        raise ValueError(f"sample rates must be positive, got {in_rate} -> {out_rate}")
    g = gcd(in_rate, out_rate)
    return out_rate // g, in_rate // g


def design_filter(up: int, down: int) -> npt.NDArray[np.float64]:
    """The low-pass FIR ``resample_poly`` designs for (up, down), unscaled. Shape (20*max(up,down)+1,)."""
    max_rate = max(up, down)
    half_len = 10 * max_rate
    return np.asarray(firwin(2 * half_len + 1, 1.0 / max_rate, window=("kaiser", KAISER_BETA)), dtype=np.float64)


class StreamResampler:
    """Resample a mono stream block by block with the same result as resampling it whole.

    Output sample ``k`` is ``sum_i h[i] * xu[k*down + half_len - i]`` where ``xu`` is the input
    upsampled by zero insertion: the zero-phase filter of ``resample_poly``. It needs input up to
    ``(k*down + half_len) // up``, so the stream lags by about ``half_len / up`` input samples
    (10 zero crossings of the filter: under 1 ms for the usual rates); :meth:`finish` flushes that
    tail as if the signal were followed by silence, as ``resample_poly`` assumes.
    """

    def __init__(self, in_rate: int, out_rate: int = MODEL_RATE) -> None:
        self.in_rate = int(in_rate)
        self.out_rate = int(out_rate)
        self.up, self.down = ratio(self.in_rate, self.out_rate)
        self.passthrough = self.up == self.down == 1
        h = np.ones(1) if self.passthrough else design_filter(self.up, self.down) * self.up  # (L,)
        self._half_len = (h.shape[0] - 1) // 2
        # Polyphase taps: phase p uses h[p], h[p + up], h[p + 2*up], ... ; zero-padded to equal length.
        self._ntaps = -(-h.shape[0] // self.up)
        padded = np.zeros(self._ntaps * self.up, dtype=np.float64)
        padded[: h.shape[0]] = h
        self._taps = padded.reshape(self._ntaps, self.up).T.copy()  # (up, ntaps)
        self.reset()

    def reset(self) -> None:
        """Forget all input: the next push starts a new signal at time zero."""
        # The history holds input samples [offset, offset + len); indices below 0 are the
        # silence before the signal, so start with ntaps zeros.
        self._hist: npt.NDArray[np.float64] = np.zeros(self._ntaps, dtype=np.float64)  # (len,)
        self._offset = -self._ntaps
        self._n_in = 0
        self._k_out = 0  # index of the next output sample

    @property
    def latency_s(self) -> float:
        """How much input the stream holds back until it knows enough to produce the output."""
        return 0.0 if self.passthrough else (self._half_len / self.up + 1) / self.in_rate

    def push(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Feed the next input block (shape (n,)); returns every output sample now computable, (m,)."""
        x = np.asarray(x, dtype=np.float32)
        if x.ndim != 1:
            raise ValueError(f"StreamResampler takes a mono block of shape (n,), got {x.shape}")
        if self.passthrough:
            self._n_in += x.shape[0]
            self._k_out += x.shape[0]
            return x.copy()
        self._hist = np.concatenate([self._hist, x.astype(np.float64)])
        self._n_in += x.shape[0]
        # Output k is computable once its newest input sample (k*down + half_len) // up exists.
        k_end = (self._n_in * self.up - self._half_len - 1) // self.down + 1
        return self._emit(max(k_end, self._k_out))

    def finish(self) -> npt.NDArray[np.float32]:
        """The remaining output, (m,), as if silence followed; the stream then starts anew."""
        if self.passthrough:
            self.reset()
            return np.zeros(0, dtype=np.float32)
        n_total = -(-self._n_in * self.up // self.down)  # ceil: resample_poly's output length
        pad = self._ntaps + (self._half_len // self.up) + 1
        self._hist = np.concatenate([self._hist, np.zeros(pad, dtype=np.float64)])
        out = self._emit(max(n_total, self._k_out))
        self.reset()
        return out

    def _emit(self, k_end: int) -> npt.NDArray[np.float32]:
        """Outputs [k_out, k_end) from the history, then drop input no later output needs."""
        k = np.arange(self._k_out, k_end, dtype=np.int64)  # (m,)
        if k.shape[0] == 0:
            return np.zeros(0, dtype=np.float32)
        pos = k * self.down + self._half_len  # (m,) position in the upsampled signal
        newest = pos // self.up - self._offset  # (m,) history index of each output's newest input
        phase = pos % self.up  # (m,)
        idx = newest[:, None] - np.arange(self._ntaps)[None, :]  # (m, ntaps), newest first
        y = np.einsum("mt,mt->m", self._taps[phase], self._hist[idx])  # (m,)
        self._k_out = k_end
        oldest_needed = (self._k_out * self.down + self._half_len) // self.up - (self._ntaps - 1)
        drop = oldest_needed - self._offset
        if drop > 0:
            self._hist = self._hist[drop:]
            self._offset += drop
        return y.astype(np.float32)
