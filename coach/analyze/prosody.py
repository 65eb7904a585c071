"""Streaming pitch (YIN) and loudness per role: 16 kHz samples in, :class:`ProsodyFrame` s out.

Why YIN in numpy: it is accurate on telephone speech, needs no model, and vectorised over a block
of frames (one FFT per frame for the autocorrelation term) it runs hundreds of times faster than
real time on one core. The tracker keeps only the samples the next frame needs, so a live call
and a review produce identical frames whatever the block size.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from coach.config import ProsodyConfig
from coach.vocab import MODEL_RATE, ProsodyFrame, Role

RATE = MODEL_RATE
_EPS = 1e-10


def _next_pow2(n: int) -> int:
    return 1 << (n - 1).bit_length()


class PitchTracker:
    """Plain stage for one role: ``push(samples)`` -> the frames completed by them.

    Frame ``i`` analyses samples ``[i*hop, i*hop + window + tau_max)`` and is stamped at the centre
    of its integration window.
    """

    def __init__(self, role: Role, config: ProsodyConfig | None = None, start: float = 0.0) -> None:
        self.role = role
        self.config = cfg = config or ProsodyConfig()
        self.hop = max(1, int(round(cfg.hop_s * RATE)))
        self.window = max(8, int(round(cfg.window_s * RATE)))
        self.tau_min = max(2, int(RATE / cfg.fmax_hz))
        self.tau_max = int(np.ceil(RATE / cfg.fmin_hz))
        self.span = self.window + self.tau_max + 1  # samples one frame needs
        self.nfft = _next_pow2(self.span)
        self._origin = start
        self.reset()

    def reset(self) -> None:
        self._buf = np.zeros(0, dtype=np.float32)  # (n,) samples not yet fully consumed
        self._buf_start = 0  # sample index (since the origin) of _buf[0]
        self._next = 0  # sample index of the next frame's first sample

    def push(self, samples: npt.NDArray[np.float32]) -> list[ProsodyFrame]:
        """Append 16 kHz mono samples (shape (n,)); return every frame now complete."""
        if len(samples):
            self._buf = np.concatenate([self._buf, samples.astype(np.float32, copy=False)])
        first = self._next - self._buf_start
        n_frames = (len(self._buf) - first - self.span) // self.hop + 1 if len(self._buf) - first >= self.span else 0
        frames: list[ProsodyFrame] = []
        if n_frames > 0:
            f0, db = self.analyse(self._buf[first:first + (n_frames - 1) * self.hop + self.span], n_frames)
            first_t = self._next + self.window / 2  # in samples; times from absolute indices, block-independent
            frames = [ProsodyFrame(self.role, self._origin + (first_t + i * self.hop) / RATE,
                                   None if f != f else float(f), float(d))
                      for i, (f, d) in enumerate(zip(f0.tolist(), db.tolist()))]
            self._next += n_frames * self.hop
        drop = self._next - self._buf_start
        if drop > 0:
            self._buf = self._buf[drop:]
            self._buf_start += drop
        return frames

    def finish(self) -> list[ProsodyFrame]:
        """Pad the tail with silence so the last samples get their frames."""
        tail = self._buf_start + len(self._buf) - self._next
        if tail <= 0:
            return []
        pad = self.span + self.hop * ((tail - 1) // self.hop) - tail
        frames = self.push(np.zeros(max(0, pad), dtype=np.float32))
        return frames

    def analyse(self, x: npt.NDArray[np.float32], n_frames: int) -> tuple[npt.NDArray[np.float64],
                                                                           npt.NDArray[np.float64]]:
        """YIN over ``n_frames`` frames of ``x``: (f0 in Hz, NaN when unvoiced; loudness in dBFS), each (n_frames,).

        Frames at or under ``silence_db`` are unvoiced whatever YIN finds, so YIN runs on the
        louder frames only (the same numbers for them; silence, most of a long call, costs little).
        """
        w = self.window
        view = np.lib.stride_tricks.sliding_window_view(x.astype(np.float64), self.span)[::self.hop][:n_frames]
        frames = view - view[:, :w].mean(axis=1, keepdims=True)  # (F, span) DC removed
        energy0 = np.cumsum(frames[:, :w] ** 2, axis=1)[:, -1]  # (F,) sum of x^2 over the window, as YIN sums it
        db = 20 * np.log10(np.sqrt(energy0 / w) + _EPS)
        loud = db > self.config.silence_db
        if loud.all():
            return self._yin(frames), db
        f0 = np.full(len(frames), np.nan)
        if loud.any():
            f0[loud] = self._yin(frames[loud])
        return f0, db

    def _yin(self, frames: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """f0 in Hz (NaN: no period found) of DC-removed frames, (F, span) -> (F,)."""
        cfg = self.config
        w, tmax = self.window, self.tau_max
        head = np.zeros_like(frames)
        head[:, :w] = frames[:, :w]
        spec = np.fft.rfft(frames, self.nfft) * np.conj(np.fft.rfft(head, self.nfft))
        r = np.fft.irfft(spec, self.nfft)[:, :tmax + 1]  # (F, tmax+1) sum_j x[j] x[j+tau], j < w
        sq = np.concatenate([np.zeros((len(frames), 1)), np.cumsum(frames ** 2, axis=1)], axis=1)  # (F, span+1)
        taus = np.arange(tmax + 1)
        energy = sq[:, taus + w] - sq[:, taus]  # (F, tmax+1) sum of x^2 over [tau, tau+w)
        d = energy[:, :1] + energy - 2.0 * r  # (F, tmax+1) YIN difference function
        d[:, 0] = 0.0
        cum = np.cumsum(d[:, 1:], axis=1)  # (F, tmax)
        cmnd = np.ones_like(d)
        cmnd[:, 1:] = d[:, 1:] * taus[1:] / np.maximum(cum, _EPS)  # (F, tmax+1) normalised difference
        band = cmnd[:, self.tau_min:tmax]  # (F, B) candidate lags
        below = band < cfg.yin_threshold
        local_min = np.ones_like(below)
        local_min[:, :-1] = band[:, :-1] <= band[:, 1:]
        pick = below & local_min
        has = pick.any(axis=1)
        idx = np.argmax(pick, axis=1) + self.tau_min  # (F,) first dip under the threshold
        rows = np.arange(len(frames))
        # Parabolic interpolation around the chosen lag for sub-sample precision.
        i0 = np.clip(idx, 1, tmax - 1)
        a, b, c = cmnd[rows, i0 - 1], cmnd[rows, i0], cmnd[rows, i0 + 1]
        denom = a - 2 * b + c
        shift = np.where(np.abs(denom) > _EPS, 0.5 * (a - c) / np.where(denom == 0, 1, denom), 0.0)
        tau = i0 + np.clip(shift, -1, 1)
        f0: npt.NDArray[np.float64] = np.where(has, RATE / tau, np.nan)
        return f0


class ProsodyTracker:
    """One :class:`PitchTracker` per role, fed the role-split 16 kHz audio the pipeline already has."""

    def __init__(self, roles: tuple[Role, ...], config: ProsodyConfig | None = None, start: float = 0.0) -> None:
        self.trackers = {role: PitchTracker(role, config, start) for role in roles}

    def reset(self) -> None:
        for t in self.trackers.values():
            t.reset()

    def push(self, audio: dict[Role, npt.NDArray[np.float32]]) -> list[ProsodyFrame]:
        out: list[ProsodyFrame] = []
        for role, tracker in self.trackers.items():
            samples = audio.get(role)
            if samples is not None and len(samples):
                out += tracker.push(samples)
        return out

    def finish(self) -> list[ProsodyFrame]:
        return [f for t in self.trackers.values() for f in t.finish()]

