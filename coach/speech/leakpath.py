"""One direction of a stereo call's leak (one party's voice in the other's channel), estimated.

:class:`LeakPath` keeps running statistics of the two channels, block by block: the delay (the
cross-correlation's peak), the path (a short FIR filter fitted by least squares), its level and how
much cancelling it removes (ERLE). :class:`coach.speech.leak.LeakCanceller` learns one per direction
and judges the audio with them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.linalg import solve_toeplitz

from audio.levels import frame_db, frame_power
from coach.config import EchoConfig
from coach.vocab import MODEL_RATE, Role, other_role

RATE = MODEL_RATE
FRAME = 160  # 10 ms judging frames
SILENCE = 1e-14  # power floor of a frame: digital silence reads -140 dB in the canceller
TAPS = 512  # FIR taps of the leak path (32 ms at 16 kHz: a line's hybrid echo, a codec's crosstalk)
PRE = 64  # taps before the correlation peak (a filter's group delay puts energy on both sides)
FLOOR_FRAMES = 800  # noise floor: a low percentile of the last 8 s of 10 ms frames
LOUD_DB = 15.0  # a source frame teaches the leak path only this far above its noise floor
MOVE_RATIO = 1.5  # the delay moves to a new peak only this much stronger than the old one
RIDGE = 1e-4  # relative regularisation of the normal equations (a silent reference fits no filter)
YOUNG_RIDGE = 1e-2  # ... this much while the fit has learnt from YOUNG_FRAMES only, less as it learns more:
YOUNG_FRAMES = 100  # a young fit's poorly excited bands fit the line's noise, not the path
SETTLE_S = 4.0  # the source heard alone this long makes the path known (before: the cautious gate too)
FIRST_S = 1.0  # ... and this long makes its level known well enough to keep double talk out of the fit
QUIET_DB = 10.0  # a cancelled frame less than this over the floor is the leak's rest
LEVEL_MARGIN_DB = 6.0  # while the path is young, a frame this close to the leak's level is the leak
FIT_MARGIN_DB = 3.0  # a frame more than this over the leak's level is double talk, kept out of the fit
HEARD_DB = 10.0  # this channel "carries sound" this far over its floor
HEARD_FRAMES = 30  # frames of the source alone needed before judging that
KNOWN_FRAMES = 30  # ... and those that make whether it leaks known (judging needs no look-ahead past this)
HEARD_SHARE = 0.8  # ... and the share of them with sound that makes it a leak
MIN_ERLE_DB = 6.0  # a leak is found when cancelling it takes at least this off the frames it should explain
MAX_ERLE_DB = 30.0  # never trust the cancellation by more than this
NOISY_DB = 6.0  # on a noisy line, frames this far over the channel's noise show the leak over it ...
REMOVED_DB = 3.0  # ... where cancelling takes at least this off them (half their power) ...
OVER_NOISE_SHARE = 0.25  # ... in this share of the fit frames at least (chance fits to noise: ~10 %)
OVER_NOISE_FRAMES = 20  # ... and in this many (a few frames the fit has just learnt prove nothing)

PREDICT_FRAMES = 5  # a filter learnt from fewer fit frames predicts nothing worth testing
PREDICT_MEMORY_S = 2.0  # the out-of-sample test forgets fast: a young filter's overfit predictions pass
COHERENT_FRAMES = 10  # fit frames predicted out of sample before the prediction may find a leak ...
COHERENT_RHO = 0.25  # ... when it correlates with the channel this well (no leak: <= 0.09) ...
COHERENT_BETA = 0.2  # ... and explains at least this share of itself (a wrong filter predicts too much)
KEEP_RHO = 0.15  # once found, it stays found while the correlation stays this far over chance
WHITEN_ORDER = 12  # the prediction test whitens against this channel's noise with an LPC filter this long
WHITEN_FRAMES = 50  # ... once this many noise frames are heard (before: pre-emphasis)
NOISE_MEMORY_S = 8.0  # ... learnt from this channel's noise frames over about this many seconds

Audio = npt.NDArray[np.float32]


def is_found(erle_db: float, coherent: bool) -> bool:
    """A leak is found when cancelling it takes ``MIN_ERLE_DB`` off the frames it should explain, or
    when the filter predicts the channel out of sample (a leak under a noisy line's noise)."""
    return erle_db >= MIN_ERLE_DB or coherent


@dataclass(frozen=True)
class LeakEstimate:
    """What one direction's leak looks like now: ``source``'s voice in the other's channel."""

    source: Role
    gain_db: float  # the leak's level over its source's, where only the source is heard
    delay_s: float  # lag of the cross-correlation's peak
    erle_db: float  # how much cancelling it takes off the frames it explains (a leak: >= MIN_ERLE_DB)
    coherent: bool = False  # the filter predicts the channel out of sample (a leak under a line's noise too)

    @property
    def found(self) -> bool:
        return is_found(self.erle_db, self.coherent)

    def as_dict(self, report_db: float) -> dict[str, float | str | None]:
        found = self.found and self.gain_db > report_db
        return {"from": self.source, "into": other_role(self.source),
                "gain_db": round(self.gain_db, 1) if found else None,
                "delay_ms": round(1000 * self.delay_s, 1) if found else None}


class LeakPath:
    """The leak of ``source``'s channel into the other one."""

    def __init__(self, source: Role, config: EchoConfig, block: int) -> None:
        self.source = source
        self.max_lag = int(round(config.max_delay_s * RATE))
        self.keep = block / RATE / config.memory_s  # share of old statistics forgotten per block
        self.pred_keep = min(1.0, block / RATE / PREDICT_MEMORY_S)  # ... and of the out-of-sample test's
        self.history = self.max_lag + TAPS  # reference samples needed before a block
        self.min_loss_db = config.min_loss_db
        self.loud_db = LOUD_DB
        self.reverse: LeakPath | None = None  # the other direction (set by the canceller)
        self.reset()

    def reset(self) -> None:
        self.xcorr = np.zeros(self.max_lag + 1)  # (lags,) running cross-correlation
        self.delay: int | None = None  # lag the filter is centred on
        self.auto = np.zeros(TAPS)  # running autocorrelation of the reference (fit frames)
        self.cross = np.zeros(TAPS)  # running cross-correlation with the channel, per tap
        self.filter = np.zeros(TAPS)
        self.fitted = 0.0  # fit frames in the running statistics (forgotten as they are)
        self.erle_ring = np.full(FLOOR_FRAMES, np.nan)  # per fit frame: dB removed by cancellation
        self.over_ring = np.full(FLOOR_FRAMES, np.nan)  # ... and over the channel's noise (loud frames only)
        self.erle_frames = 0
        self.ref_floor = np.full(FLOOR_FRAMES, np.nan)  # ring of the source's frame energies (dB)
        self.ref_frames = 0
        self.fit_frames = self.level_from = 0  # source frames heard alone so far; at the last move of the delay
        self.loss_ring = np.full(FLOOR_FRAMES, np.nan)  # per such frame: this channel's level over the source's
        self.heard_ring = np.full(FLOOR_FRAMES, np.nan)  # ... and whether the channel carried sound in it (1/0)
        self.y_floor = np.full(FLOOR_FRAMES, np.nan)  # this channel's frame energies (dB)
        self.y_noise_db = -140.0  # ... their 10th percentile, as of the last block learnt
        # Out of sample: each block's fit frames predicted with the filter learnt before it. Running
        # sums of y * leak, leak^2, y^2 and the frames predicted.
        self.pred = np.zeros(4)
        self.noise_r = np.zeros(WHITEN_ORDER + 1)  # running autocorrelation of this channel's noise frames
        self.noise_frames = 0.0
        self._coherent = False

    @property
    def erle_db(self) -> float:
        """Echo return loss enhancement: how far below the leak its uncancelled rest lies (the median
        over recent fit frames, so the other party's own words in a few of them do not drag it down)."""
        if not np.isfinite(self.erle_ring).any():
            return 0.0
        plain = float(np.nanmedian(self.erle_ring))
        over = np.isfinite(self.over_ring)
        if over.sum() >= max(OVER_NOISE_FRAMES, OVER_NOISE_SHARE * np.isfinite(self.erle_ring).sum()):
            # A leak just over a noisy line's noise: cancelling it leaves the noise, which no filter
            # removes, so plainly it measures little (a -28 dB echo 6-9 dB over the noise: 4-5 dB).
            plain = max(plain, float(np.nanmedian(self.over_ring)))
        return float(np.clip(plain, 0.0, MAX_ERLE_DB))

    def _track_erle(self, y: npt.NDArray[np.float64], left: npt.NDArray[np.float64],
                    fit: npt.NDArray[np.bool_]) -> None:
        f = len(fit) // FRAME
        if f == 0:
            return
        on = fit[: f * FRAME].reshape(f, FRAME)[:, 0]  # (f,)
        if not on.any():
            return
        y_p = frame_power(y, FRAME)[on] + SILENCE  # (k,)
        left_p = frame_power(left, FRAME)[on] + SILENCE
        plain = 10 * np.log10(y_p / left_p)  # (k,) dB removed
        idx = (self.erle_frames + np.arange(len(plain))) % FLOOR_FRAMES
        self.erle_ring[idx] = plain
        noise = 10 ** (self.y_noise_db / 10)  # this channel's noise (power)
        loud = (y_p >= noise * 10 ** (NOISY_DB / 10)) & (plain >= REMOVED_DB)
        over = np.full(len(plain), np.nan)
        over[loud] = 10 * np.log10((y_p - noise)[loud] / np.maximum((left_p - noise)[loud],
                                                                     (y_p - noise)[loud] * 10 ** (-MAX_ERLE_DB / 10)))
        self.over_ring[idx] = over
        self.erle_frames += len(plain)

    @property
    def coherent(self) -> bool:
        """The filter learnt before each block predicts that block's fit frames: a leak, however far
        under the line's noise (there cancelling it removes little power, so its ERLE says nothing,
        yet the VAD still hears the voice in it). See :meth:`_test_prediction`. Not while the other
        direction's leak is found by its ERLE: then this path's reference carries this channel's own
        voice, which predicts this channel (model_empathy, customer echo at -12 dB: the echo's tail after
        the customer's last words found an agent "leak" that hid them)."""
        return self._coherent and not (self.reverse is not None and self.reverse.erle_db >= MIN_ERLE_DB)

    def _predict(self, seg: npt.NDArray[np.float64], y: npt.NDArray[np.float64], use: npt.NDArray[np.float64]) -> None:
        """Predict this block's fit frames (``use``: (n,) 1/0) with the filter learnt before it, out of
        sample, and test the running prediction. Compared whitened against this channel's own noise (an
        LPC filter of its frames at the noise floor; pre-emphasis until 0.5 s of them is heard): a line's
        noise is mostly low (pink, hum), and so are its chance correlations, but a band-limited voice
        (8 kHz recordings) has little above 1-2 kHz either, where pre-emphasis put most of the weight."""
        w = self._whitener()
        ahead = np.convolve(np.convolve(seg, self.filter, "valid"), w)[: len(y)] * use  # (n,)
        yd = np.convolve(y, w)[: len(y)] * use  # (n,)
        now = np.array([np.dot(yd, ahead), np.dot(ahead, ahead), np.dot(yd, yd), use.sum() / FRAME])
        if now[1] > now[2]:
            # A prediction louder than the channel it predicts (fit frames hold no double talk, so a
            # leak is never louder than them) is a young filter gone wild where the reference excites
            # a band it barely knew, not evidence about the leak: one such block (the Asterisk voice,
            # band-limited to 4 kHz, at -22 dB on a line 20 dB under the speech) sank rho for 2 s.
            return
        self.pred = (1.0 - self.pred_keep) * self.pred + now
        self._test_prediction()

    def _test_prediction(self) -> None:
        """A filter fitted to noise predicts nothing (pre-emphasised, rho <= 0.09 and beta ~0 on the
        fixtures' noisy lines and codecs); a -30 dB echo on a line 30 dB under the speech: rho 0.3-0.6.
        Once found, a young filter's overfit dips (beta) do not lose it; a correlation near chance does."""
        yl, ll, yy, k = self.pred
        rho = yl / np.sqrt(ll * yy) if ll > 0 and yy > 0 else 0.0
        if self._coherent:
            self._coherent = rho >= KEEP_RHO
        else:
            self._coherent = bool(k >= COHERENT_FRAMES and rho >= COHERENT_RHO and yl >= COHERENT_BETA * ll)

    def _whitener(self) -> npt.NDArray[np.float64]:
        """FIR that whitens this channel's noise (LPC of its noise frames); pre-emphasis until known."""
        if self.noise_frames < WHITEN_FRAMES or self.noise_r[0] <= 0:
            return np.array([1.0, -1.0])
        r = self.noise_r.copy()
        r[0] *= 1.0 + 1e-3
        a = solve_toeplitz(r[:-1], r[1:])
        return np.concatenate([[1.0], -a])

    def noise_shape(self) -> tuple[npt.NDArray[np.float64], float] | None:
        """This channel's noise as an all-pole model: the LPC polynomial A (``[1, -a...]``, the
        whitener) and the share of the noise's power its past does not predict (the error power over
        r[0]): white noise of power P through 1/A has power P / share. None until ``WHITEN_FRAMES`` of
        noise are heard. The canceller's hiss takes this shape."""
        if self.noise_frames < WHITEN_FRAMES or self.noise_r[0] <= 0:
            return None
        w = self._whitener()
        r = self.noise_r
        return w, float(np.clip((r[0] - np.dot(-w[1:], r[1:])) / r[0], 1e-4, 1.0))

    def _track_noise(self, y: npt.NDArray[np.float64], y_db: npt.NDArray[np.float64], fit: npt.NDArray[np.bool_],
                     forget: float) -> None:
        """Autocorrelation of this channel's frames at its noise floor (no fit frame: no leak in them).
        ``y_db``: (n // FRAME,) the block's frame levels, as :meth:`_fit_frames` measured them."""
        f = len(y_db)
        sel = (y_db <= self.y_noise_db + 3.0) & ~fit[:f]
        self.noise_r *= forget
        self.noise_frames *= forget
        if sel.any():
            x = y[: f * FRAME].reshape(f, FRAME)[sel]  # (k, FRAME)
            self.noise_r += np.array([np.sum(x[:, : FRAME - k] * x[:, k:]) for k in range(WHITEN_ORDER + 1)])
            self.noise_frames += float(sel.sum())

    @property
    def found(self) -> bool:
        return is_found(self.erle_db, self.coherent)

    @property
    def settled(self) -> float:
        """Enough of the source heard alone to know whether it leaks."""
        return self.fit_frames * FRAME / RATE >= SETTLE_S

    @property
    def known(self) -> bool:
        """The source has been heard alone long enough (``KNOWN_FRAMES``) to tell whether it leaks
        (:attr:`heard`), so a leak's first words are gated by its level without looking ahead."""
        return self.fit_frames >= KNOWN_FRAMES

    def _fit_frames(self, aligned: npt.NDArray[np.float64], y: npt.NDArray[np.float64],
                    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
        """Which 10 ms frames of the block may teach the leak path, and the channel's frame levels (dB).
        Shapes: (n // FRAME,) each."""
        f = len(y) // FRAME
        ref_db = frame_db(aligned, FRAME, floor=SILENCE)  # (f,)
        y_db = frame_db(y, FRAME, floor=SILENCE)  # (f,)
        self.ref_floor[(self.ref_frames + np.arange(f)) % FLOOR_FRAMES] = ref_db
        self.ref_frames += f
        floor = float(np.nanpercentile(self.ref_floor, 10))
        fit = (ref_db > floor + self.loud_db) & (ref_db > y_db + self.min_loss_db)
        if (self.fit_frames - self.level_from) * FRAME / RATE >= FIRST_S:
            # Once the leak's level is known, a frame louder than it carries this party's own voice
            # too (double talk): fitting on it would pull the filter off the path.
            fit &= y_db < ref_db + self.gain_db + FIT_MARGIN_DB
        loss = (y_db - ref_db)[fit]
        self.loss_ring[(self.fit_frames + np.arange(len(loss))) % FLOOR_FRAMES] = loss
        self.y_floor[(self.ref_frames - f + np.arange(f)) % FLOOR_FRAMES] = y_db
        self.y_noise_db = float(np.nanpercentile(self.y_floor, 10))  # this channel's noise floor (dB)
        heard = y_db[fit] > self.y_noise_db + HEARD_DB
        self.heard_ring[(self.fit_frames + np.arange(len(loss))) % FLOOR_FRAMES] = heard
        self.fit_frames += int(fit.sum())
        return fit, y_db

    @property
    def heard(self) -> bool:
        """The channel carries sound where only the source speaks: the signature of a leak, visible
        from the first words on, long before a filter has converged."""
        seen = self.heard_ring[np.isfinite(self.heard_ring)]
        return len(seen) >= HEARD_FRAMES and float(seen.mean()) >= HEARD_SHARE

    @property
    def gain_db(self) -> float:
        """Level of this channel over the source's where only the source is heard (median, dB)."""
        return float(np.nanmedian(self.loss_ring)) if np.isfinite(self.loss_ring).any() else -120.0

    @property
    def delay_or_zero(self) -> int:
        return self.delay or 0

    def estimate(self) -> LeakEstimate:
        return LeakEstimate(self.source, self.gain_db, (self.delay or 0) / RATE, self.erle_db, self.coherent)

    def leak_in(self, ref: npt.NDArray[np.float64], n: int) -> npt.NDArray[np.float64]:
        """The leak the current estimate predicts in a block. ``ref``: (history + n,) -> (n,)."""
        return np.convolve(self._segment(ref, n), self.filter, "valid")

    def _segment(self, ref: npt.NDArray[np.float64], n: int) -> npt.NDArray[np.float64]:
        """The reference samples the filter reads for a block: seg[j + TAPS - 1 - t] is ref at lag
        (delay - PRE + t) of sample j. Shape: (n + TAPS - 1,)."""
        first = (self.delay or 0) - PRE  # may be < 0: taps that look a little ahead (zeros past the block)
        padded = np.concatenate([ref, np.zeros(max(0, -first))])
        base = self.history - first - (TAPS - 1)
        return padded[base: base + n + TAPS - 1]

    def learn(self, ref: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> None:
        """Update the estimate with this block.

        ``ref``: (history + n,) the source channel, the block's n samples last; ``y``: (n,) the block
        of the channel it leaks into.
        """
        n = len(y)
        forget = 1.0 - self.keep
        # 1. delay: c[k] = sum_j y[j] ref[j + k]; the leak at lag L lines up at k = history - L.
        size = 1 << int(np.ceil(np.log2(len(ref) + n)))
        c = np.fft.irfft(np.conj(np.fft.rfft(y, size)) * np.fft.rfft(ref, size), size)
        lags = self.history - np.arange(self.max_lag + 1)  # (lags,) index into c per lag
        self.xcorr = forget * self.xcorr + c[lags]
        peak = int(np.argmax(np.abs(self.xcorr)))
        moved = self.delay is None or (abs(peak - self.delay) > PRE // 2
                                       and abs(self.xcorr[peak]) > MOVE_RATIO * abs(self.xcorr[self.delay]))
        if moved and self.delay is not None and abs(peak - self.delay) <= PRE:
            # A small move (a voice's pitch sidelobe first, the true peak later): the window slides and
            # what it learnt slides with it; the reference's autocorrelation does not depend on the lag.
            shift = peak - self.delay
            self.cross = _slide(self.cross, shift)
            self.filter = _slide(self.filter, shift)
            self.delay = peak
        elif moved:
            if self.delay is not None:
                # The path moved: the filter, and all that was measured at the old delay (the leak's
                # level too: it compares this channel with the source as aligned), no longer hold.
                self.auto[:] = 0.0
                self.cross[:] = 0.0
                self.fitted = 0.0
                self.heard_ring[:] = self.erle_ring[:] = self.over_ring[:] = self.loss_ring[:] = np.nan
                self.pred[:] = 0.0
                self._coherent = False
                self.filter[:] = 0.0
                self.level_from = self.fit_frames
            self.delay = peak
        # 2. path: the leak is sum_t h[t] ref(j - (delay - PRE + t)).
        seg = self._segment(ref, n)  # (n + TAPS - 1,)
        # Fit only on frames the source could explain: it is loud there, and louder than this channel
        # by at least min_loss_db (a leak is weaker than its source; this also settles which way a
        # zero-delay leak goes, and keeps the other party's own speech out of the fit).
        aligned = ref[self.history - self.delay_or_zero: self.history - self.delay_or_zero + n]
        use = np.zeros(n)
        learnt = self.fit_frames - self.level_from  # fit frames the filter has learnt from so far
        fit_f, y_db = self._fit_frames(aligned, y)
        self._track_noise(y, y_db, fit_f, 1.0 - min(1.0, n / RATE / NOISE_MEMORY_S))
        fit = np.repeat(fit_f, FRAME)
        use[: len(fit)] = fit
        if not fit.any():
            # No frame may teach the path (silence, or only this party speaking): the correlations
            # below would add exact zeros, so forgetting is all that happens (most of a call's
            # blocks; a silent hour costs a third as much).
            self.auto *= forget
            self.cross *= forget
            self.fitted *= forget
            return
        if learnt >= PREDICT_FRAMES:
            self._predict(seg, y, use)
        # Normal equations in Toeplitz form (the reference's autocorrelation over the fit frames),
        # so a long path costs O(n * TAPS), not O(n * TAPS^2).
        ym = y * use
        xm = seg[TAPS - 1:] * use  # (n,) the reference at lag `first`, fit frames only
        self.auto = forget * self.auto + np.correlate(seg, xm, "valid")[::-1]  # r[k], k = 0..TAPS-1
        self.fitted = forget * self.fitted + use.sum() / FRAME
        self.cross = forget * self.cross + np.correlate(seg, ym, "valid")[::-1]  # p[t]
        power = self.auto[0]
        if power > 0 and fit.any():  # no new evidence: forgetting scales both sides, the solution stays
            column = self.auto.copy()
            column[0] += max(RIDGE, YOUNG_RIDGE * YOUNG_FRAMES / max(self.fitted, 1.0)) * power
            self.filter = solve_toeplitz(column, self.cross)  # Levinson: O(TAPS^2), not O(TAPS^3)
        leak = np.convolve(seg, self.filter, "valid")  # (n,)
        self._track_erle(y, y - leak, fit)


def _slide(taps: npt.NDArray[np.float64], shift: int) -> npt.NDArray[np.float64]:
    """Per-tap values of a window that moves ``shift`` taps later: out[t] = taps[t + shift] (0 outside)."""
    out = np.zeros_like(taps)
    if shift >= 0:
        out[: len(taps) - shift] = taps[shift:]
    else:
        out[-shift:] = taps[: len(taps) + shift]
    return out
