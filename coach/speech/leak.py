"""Each party's voice leaking into the other's channel (echo, crosstalk, sidetone), found and removed.

In a stereo call the other channel is a perfect reference for what can leak: a leak is that
channel, delayed and filtered. Per direction (agent -> customer's channel, customer -> agent's),
streaming, block by block:

1. **delay**: the running cross-correlation of the two channels over lags 0..``max_delay_s``
   (one FFT per block, accumulated with a forgetting time of ``memory_s``); its peak is the leak's
   delay;
2. **path**: a short FIR filter (``TAPS`` taps around that delay) fitted by least squares over the
   same running statistics (normal equations accumulated block by block), so a band-limited line
   echo or a codec's crosstalk is modelled, not only a gain;
3. **cancel**: the filtered reference is subtracted;
4. **judge**: a 10 ms frame of what remains counts as the party's own only when it is at least
   ``margin_db`` above the leak predicted for that frame; other frames are brought down to the
   channel's noise floor, so the VAD after it hears silence where there was only the other party.

True overlaps survive: where both really talk, the party's own voice is what the reference does not
explain, so it stays well above the predicted leak. Without a leak the fitted filter is close to zero,
the predicted leak far below everything, and the audio passes through unchanged.

Each block is judged with an estimate that already includes it and, until both paths are known
(``SETTLE_S`` of each party heard alone), the block after it, so the first words that leak are caught
too; the price is up to two ``block_s`` of added delay at the start of a call, then one (``finish``
flushes the rest).

Measured against Xiph's speexdsp echo canceller (``coach.speech.speex``, ctypes over Debian's
libspeexdsp, with its residual-echo suppressor) in ``benchmarks/stereo_degraded.py --leak speex``:
on stereo_interrupt / upset_no_empathy with echo at -24 dB 40 ms, -12 dB 250 ms, a band-limited
-18 dB 120 ms path and joint-stereo Opus 24, speexdsp left attribution 0.589-0.950 and 2-13 invented
events per call (and lowered the clean calls to 0.993 / 0.985); this module: 0.997-1.000 and none.
Its long adaptive filter does not converge within calls this short, and Silero hears its rest. So
this module is what ``ChannelSpeech`` uses (WebRTC's APM had no installable wheel here).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.linalg import solve_toeplitz

from coach.config import EchoConfig
from coach.vocab import MODEL_RATE, ROLES, Role, other_role

RATE = MODEL_RATE
FRAME = 160  # 10 ms judging frames
TAPS = 512  # FIR taps of the leak path (32 ms at 16 kHz: a line's hybrid echo, a codec's crosstalk)
PRE = 64  # taps before the correlation peak (a filter's group delay puts energy on both sides)
FLOOR_FRAMES = 800  # noise floor: a low percentile of the last 8 s of 10 ms frames
LOUD_DB = 15.0  # a source frame teaches the leak path only this far above its noise floor
MOVE_RATIO = 1.5  # the delay moves to a new peak only this much stronger than the old one
RIDGE = 1e-4  # relative regularisation of the normal equations (a silent reference fits no filter)
SETTLE_S = 4.0  # the source heard alone this long makes the path known (before: the cautious gate too)
FIRST_S = 1.0  # ... and this long makes its level known well enough to keep double talk out of the fit
QUIET_DB = 10.0  # a cancelled frame less than this over the floor is the leak's rest
LEVEL_MARGIN_DB = 6.0  # while the path is young, a frame this close to the leak's level is the leak
FIT_MARGIN_DB = 3.0  # a frame more than this over the leak's level is double talk, kept out of the fit
HEARD_DB = 10.0  # this channel "carries sound" this far over its floor
HEARD_FRAMES = 30  # frames of the source alone needed before judging that
HEARD_SHARE = 0.8  # ... and the share of them with sound that makes it a leak
MIN_ERLE_DB = 6.0  # a leak is found when cancelling it takes at least this off the frames it should explain
MAX_ERLE_DB = 30.0  # never trust the cancellation by more than this

Audio = npt.NDArray[np.float32]


@dataclass(frozen=True)
class LeakEstimate:
    """What one direction's leak looks like now: ``source``'s voice in the other's channel."""

    source: Role
    gain_db: float  # the leak's level over its source's, where only the source is heard
    delay_s: float  # lag of the cross-correlation's peak
    erle_db: float  # how much cancelling it takes off the frames it explains (a leak: >= MIN_ERLE_DB)

    @property
    def found(self) -> bool:
        return self.erle_db >= MIN_ERLE_DB

    def as_dict(self, report_db: float) -> dict[str, float | str | None]:
        found = self.found and self.gain_db > report_db
        return {"from": self.source, "into": other_role(self.source),
                "gain_db": round(self.gain_db, 1) if found else None,
                "delay_ms": round(1000 * self.delay_s, 1) if found else None}


class _Direction:
    """The leak of ``source``'s channel into the other one."""

    def __init__(self, source: Role, config: EchoConfig, block: int) -> None:
        self.source = source
        self.max_lag = int(round(config.max_delay_s * RATE))
        self.keep = block / RATE / config.memory_s  # share of old statistics forgotten per block
        self.history = self.max_lag + TAPS  # reference samples needed before a block
        self.min_loss_db = config.min_loss_db
        self.loud_db = LOUD_DB
        self.reset()

    def reset(self) -> None:
        self.xcorr = np.zeros(self.max_lag + 1)  # (lags,) running cross-correlation
        self.delay: int | None = None  # lag the filter is centred on
        self.auto = np.zeros(TAPS)  # running autocorrelation of the reference (fit frames)
        self.cross = np.zeros(TAPS)  # running cross-correlation with the channel, per tap
        self.filter = np.zeros(TAPS)
        self.erle_ring = np.full(FLOOR_FRAMES, np.nan)  # per fit frame: dB removed by cancellation
        self.erle_frames = 0
        self.ref_floor = np.full(FLOOR_FRAMES, np.nan)  # ring of the source's frame energies (dB)
        self.ref_frames = 0
        self.fit_frames = self.level_from = 0  # source frames heard alone so far; at the last move of the delay
        self.loss_ring = np.full(FLOOR_FRAMES, np.nan)  # per such frame: this channel's level over the source's
        self.heard_ring = np.full(FLOOR_FRAMES, np.nan)  # ... and whether the channel carried sound in it (1/0)
        self.y_floor = np.full(FLOOR_FRAMES, np.nan)  # this channel's frame energies (dB)

    @property
    def erle_db(self) -> float:
        """Echo return loss enhancement: how far below the leak its uncancelled rest lies (the median
        over recent fit frames, so the other party's own words in a few of them do not drag it down)."""
        if not np.isfinite(self.erle_ring).any():
            return 0.0
        return float(np.clip(np.nanmedian(self.erle_ring), 0.0, MAX_ERLE_DB))

    def _track_erle(self, y: npt.NDArray[np.float64], left: npt.NDArray[np.float64],
                    fit: npt.NDArray[np.bool_]) -> None:
        f = len(fit) // FRAME
        if f == 0:
            return
        on = fit[: f * FRAME].reshape(f, FRAME)[:, 0]  # (f,)
        if not on.any():
            return
        y_db = 10 * np.log10(np.mean(y[: f * FRAME].reshape(f, FRAME) ** 2, axis=1) + 1e-14)[on]
        left_db = 10 * np.log10(np.mean(left[: f * FRAME].reshape(f, FRAME) ** 2, axis=1) + 1e-14)[on]
        idx = (self.erle_frames + np.arange(len(y_db))) % FLOOR_FRAMES
        self.erle_ring[idx] = y_db - left_db
        self.erle_frames += len(y_db)

    @property
    def settled(self) -> float:
        """Enough of the source heard alone to know whether it leaks."""
        return self.fit_frames * FRAME / RATE >= SETTLE_S

    def _fit_frames(self, aligned: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
        """Which 10 ms frames of the block may teach the leak path. Shape: (n // FRAME,)."""
        f = len(y) // FRAME
        ref_db = 10 * np.log10(np.mean(aligned[: f * FRAME].reshape(f, FRAME) ** 2, axis=1) + 1e-14)
        y_db = 10 * np.log10(np.mean(y[: f * FRAME].reshape(f, FRAME) ** 2, axis=1) + 1e-14)
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
        heard = y_db[fit] > float(np.nanpercentile(self.y_floor, 10)) + HEARD_DB
        self.heard_ring[(self.fit_frames + np.arange(len(loss))) % FLOOR_FRAMES] = heard
        self.fit_frames += int(fit.sum())
        return fit

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
        return LeakEstimate(self.source, self.gain_db, (self.delay or 0) / RATE, self.erle_db)

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
        if moved:
            if self.delay is not None:
                # The path moved: the filter, and all that was measured at the old delay (the leak's
                # level too: it compares this channel with the source as aligned), no longer hold.
                self.auto[:] = 0.0
                self.cross[:] = 0.0
                self.heard_ring[:] = self.erle_ring[:] = self.loss_ring[:] = np.nan
                self.level_from = self.fit_frames
            self.delay = peak
        # 2. path: the leak is sum_t h[t] ref(j - (delay - PRE + t)).
        seg = self._segment(ref, n)  # (n + TAPS - 1,)
        # Fit only on frames the source could explain: it is loud there, and louder than this channel
        # by at least min_loss_db (a leak is weaker than its source; this also settles which way a
        # zero-delay leak goes, and keeps the other party's own speech out of the fit).
        aligned = ref[self.history - self.delay_or_zero: self.history - self.delay_or_zero + n]
        use = np.zeros(n)
        fit = np.repeat(self._fit_frames(aligned, y), FRAME)
        use[: len(fit)] = fit
        if not fit.any():
            # No frame may teach the path (silence, or only this party speaking): the correlations
            # below would add exact zeros, so forgetting is all that happens (most of a call's
            # blocks; a silent hour costs a third as much).
            self.auto *= forget
            self.cross *= forget
            return
        # Normal equations in Toeplitz form (the reference's autocorrelation over the fit frames),
        # so a long path costs O(n * TAPS), not O(n * TAPS^2).
        ym = y * use
        xm = seg[TAPS - 1:] * use  # (n,) the reference at lag `first`, fit frames only
        self.auto = forget * self.auto + np.correlate(seg, xm, "valid")[::-1]  # r[k], k = 0..TAPS-1
        self.cross = forget * self.cross + np.correlate(seg, ym, "valid")[::-1]  # p[t]
        power = self.auto[0]
        if power > 0 and fit.any():  # no new evidence: forgetting scales both sides, the solution stays
            column = self.auto.copy()
            column[0] += RIDGE * power
            self.filter = solve_toeplitz(column, self.cross)  # Levinson: O(TAPS^2), not O(TAPS^3)
        leak = np.convolve(seg, self.filter, "valid")  # (n,)
        self._track_erle(y, y - leak, fit)


class LeakCanceller:
    """Plain stage: per-role 16 kHz audio in, the same with the other party's leak removed, out.

    Output lags input by up to two blocks (``[echo] block_s``) until both paths are known, then up to
    one; ``finish`` returns the rest.
    """

    def __init__(self, config: EchoConfig | None = None) -> None:
        self.config = config or EchoConfig()
        self.block = max(FRAME, int(round(self.config.block_s * RATE)) // FRAME * FRAME)
        self._dirs = {role: _Direction(role, self.config, self.block) for role in ROLES}
        self.reset()

    def reset(self) -> None:
        for d in self._dirs.values():
            d.reset()
        history = self._dirs[ROLES[0]].history
        self._history = {r: np.zeros(history) for r in ROLES}  # past samples of each channel
        self._pending = {r: np.zeros(0) for r in ROLES}
        self._floor = {r: np.full(FLOOR_FRAMES, np.nan) for r in ROLES}  # ring of frame energies (dB)
        self._frames = {r: 0 for r in ROLES}
        self._held: tuple[dict[Role, npt.NDArray[np.float64]], dict[Role, npt.NDArray[np.float64]]] | None = None
        self._rng = np.random.default_rng(0)  # the hiss (seeded: a review gives the same result twice)

    def estimates(self) -> list[LeakEstimate]:
        """The leak into each channel, by the party whose voice it is."""
        return [d.estimate() for d in self._dirs.values()]

    def report(self) -> list[dict[str, float | str | None]]:
        return [e.as_dict(self.config.report_db) for e in self.estimates()]

    def push(self, audio: dict[Role, Audio]) -> dict[Role, Audio]:
        for role in ROLES:
            self._pending[role] = np.concatenate([self._pending[role], audio.get(role, np.zeros(0))])
        n = min(len(p) for p in self._pending.values()) // self.block * self.block
        return self._run(n)

    def finish(self) -> dict[Role, Audio]:
        n = min(len(p) for p in self._pending.values())
        out = self._run(n, final=True)
        last = self._flush() if self.config.enabled else {}
        for role in ROLES:  # a channel longer than the other passes its tail unchanged
            out[role] = np.concatenate([out[role], last.get(role, np.zeros(0)).astype(np.float32),
                                        self._pending[role].astype(np.float32)])
            self._pending[role] = np.zeros(0)
        return out

    def _run(self, n: int, final: bool = False) -> dict[Role, Audio]:
        parts: dict[Role, list[npt.NDArray[np.float64]]] = {r: [] for r in ROLES}
        step = self.block
        i = 0
        while i < n:
            size = min(step, n - i)
            if not final and size < step:
                break
            block = {r: self._pending[r][i: i + size] for r in ROLES}
            for role, cleaned in self._judge(block).items():
                parts[role].append(cleaned)
            i += size
        for role in ROLES:
            self._pending[role] = self._pending[role][i:]
        return {r: np.concatenate(parts[r]).astype(np.float32) if parts[r] else np.zeros(0, np.float32)
                for r in ROLES}

    def _judge(self, block: dict[Role, npt.NDArray[np.float64]]) -> dict[Role, npt.NDArray[np.float64]]:
        """Learn from ``block``, then judge the block before it (one block of look-ahead: the first
        words that leak are judged with the estimate their continuation gives)."""
        if not self.config.enabled:
            return block
        refs = {}
        for role in ROLES:
            source = other_role(role)
            refs[source] = np.concatenate([self._history[source], block[source].astype(np.float64)])
            if len(block[role]) >= TAPS:
                self._dirs[source].learn(refs[source], block[role].astype(np.float64))
        for role in ROLES:
            self._history[role] = refs[role][-len(self._history[role]):]
        if all(d.settled for d in self._dirs.values()):
            # Both paths known: the look-ahead has done its work, judge each block as it comes.
            done = self._flush()
            now = self._decide(block, refs)
            return {r: np.concatenate([done[r], now[r]]) for r in ROLES}
        held, self._held = self._held, (block, refs)
        return self._decide(*held) if held is not None else {r: np.zeros(0) for r in ROLES}

    def _flush(self) -> dict[Role, npt.NDArray[np.float64]]:
        held, self._held = self._held, None
        return self._decide(*held) if held is not None else {r: np.zeros(0) for r in ROLES}

    def _decide(self, block: dict[Role, npt.NDArray[np.float64]],
                refs: dict[Role, npt.NDArray[np.float64]]) -> dict[Role, npt.NDArray[np.float64]]:
        out = {}
        for role in ROLES:  # the channel `role`, and the leak of the other party into it
            source = other_role(role)
            y, ref, path = block[role].astype(np.float64), refs[source], self._dirs[source]
            if len(y) < TAPS:
                out[role] = y
                continue
            n = len(y) // FRAME * FRAME
            limit: npt.NDArray[np.float64] | None = None
            leak_db: npt.NDArray[np.float64] | None = None
            aligned = ref[len(ref) - len(y) - path.delay_or_zero: len(ref) - path.delay_or_zero][:n]
            if path.erle_db < MIN_ERLE_DB and path.heard and not path.settled:
                # The call's first words leak before the filter explains them: frames within
                # LEVEL_MARGIN_DB of the leak's level (its measured gain times the reference) are not
                # trusted as this party's own.
                limit = _frame_db(aligned) + path.gain_db + LEVEL_MARGIN_DB
            elif path.erle_db >= MIN_ERLE_DB:
                # A leak the filter really explains (one fitted to unrelated speech would add the other
                # party's voice, not remove it): cancel it, and judge what is left against its rest.
                leak = path.leak_in(ref, len(y))
                y = y - leak
                leak_db = _frame_db(leak[:n])
                limit = leak_db - path.erle_db + self.config.margin_db
                if not path.settled:
                    # A filter still converging leaves more than its ERLE says: frames within
                    # LEVEL_MARGIN_DB of the leak's level are not trusted as this party's own either.
                    limit = np.maximum(limit, _frame_db(aligned) + path.gain_db + LEVEL_MARGIN_DB)
            out[role] = self._suppress(role, y, limit, leak_db)
        return out

    def _suppress(self, role: Role, residual: npt.NDArray[np.float64], limit_db: npt.NDArray[np.float64] | None,
                  leak_db: npt.NDArray[np.float64] | None = None) -> npt.NDArray[np.float64]:
        """Frames of ``residual`` under ``limit_db`` (per 10 ms frame; None: none) brought down to the
        channel's noise floor, so the VAD hears silence there and the floor it measures stays true."""
        n = len(residual) // FRAME * FRAME
        res_db = _frame_db(residual[:n])
        ring = self._floor[role]
        ring[(self._frames[role] + np.arange(len(res_db))) % len(ring)] = res_db
        self._frames[role] += len(res_db)
        if limit_db is None:
            return residual
        floor = float(np.nanpercentile(ring, 10))
        if leak_db is not None:
            # Where a leak was cancelled, a faint rest just over the floor is the leak's, never a voice
            # (the VAD hears words in it however quiet, and its state carries them on).
            limit_db = np.maximum(limit_db, np.where(leak_db > floor, floor + QUIET_DB, -np.inf))
        hide = (res_db < limit_db) & (res_db > floor)  # (f,)
        out = residual.copy()
        if hide.any():
            # Hiss at the floor in place of what the leak explains, not a quieter copy of it: the VAD
            # is nearly level-blind, would hear words in a copy however quiet, and carry them on.
            shaped = out[:n].reshape(-1, FRAME)  # a view: writing it writes `out`
            shaped[hide] = self._rng.standard_normal((int(hide.sum()), FRAME)) * 10 ** (floor / 20)
        return out


def _frame_db(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Energy (dB) per 10 ms frame. ``x``: (f * FRAME,) -> (f,)."""
    return np.asarray(10 * np.log10(np.mean(x.reshape(-1, FRAME) ** 2, axis=1) + 1e-14))
