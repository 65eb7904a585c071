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
   channel's noise (hiss with its level and spectral shape), so the VAD after it hears the line's
   silence where there was only the other party.

True overlaps survive: where both really talk, the party's own voice is what the reference does not
explain, so it stays well above the predicted leak. Without a leak the fitted filter is close to zero,
the predicted leak far below everything, and the audio passes through unchanged.

Until a leak is found (or 4 s of its source alone showed there is none), a frame within
``UNFOUND_NOISE_DB`` of the channel's noise, over it by ``UNFOUND_OVER_DB``, ``UNFOUND_GAP_DB`` under
the other party's loudest frame at any delay a leak could have, and with no frame of this channel
``UNFOUND_VOICE_DB`` over its noise in the 0.3 s before (a voice's own fading tail), is not trusted as
this party's own: an echo near a noisy line's noise is found late or never, and Silero hears words in it.

A leak is *found* (and only then cancelled) when cancelling it takes at least 6 dB off the frames it
should explain, plainly or over the line's noise, or when the filter learnt before each block predicts
that block out of sample (:attr:`LeakPath.coherent`): a leak near or under a noisy line's noise, which
cancelling barely changes in power but the VAD still hears words in (a -26 dB echo on a line 20 dB
under the speech invented five interruptions, talk-overs and backchannels before).

The estimate learns on blocks of ``block_s``. Until each party has been heard alone (``KNOWN_FRAMES``,
0.3 s: long enough to tell whether it leaks), a block is judged with an estimate that includes it and
the block after it, so the first words that leak are caught too: up to two ``block_s`` of added delay.
From then on each 10 ms frame is judged as it arrives with the estimate learnt so far (the leak's
delay and level change slowly), so the VADs, and the nudges that wait for them, hear the audio at once.
Judging those frames a block late bought nothing on the fixture grid and cost every interruption
nudge up to 0.3 s; judging the first words without the look-ahead invented events (5 of 12 degraded
fixture calls failed). A review pushes whole blocks: each is judged once it is learnt, as before,
but without the look-ahead from 0.3 s of each party alone on (it was 4 s).

Measured against Xiph's speexdsp echo canceller (``coach.speech.speex``, ctypes over Debian's
libspeexdsp, with its residual-echo suppressor) in ``benchmarks/stereo_degraded.py --leak speex``:
on stereo_interrupt / upset_no_empathy with echo at -24 dB 40 ms, -12 dB 250 ms, a band-limited
-18 dB 120 ms path and joint-stereo Opus 24, speexdsp left attribution 0.589-0.950 and 2-13 invented
events per call (and lowered the clean calls to 0.993 / 0.985); this module: 0.997-1.000 and none.
Its long adaptive filter does not converge within calls this short, and Silero hears its rest. So
this module is what ``ChannelSpeech`` uses (WebRTC's APM had no installable wheel here).
"""


from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.signal import lfilter

from audio.levels import frame_db
from coach.config import EchoConfig
from coach.speech.leakpath import (
    FLOOR_FRAMES,
    FRAME,
    LEVEL_MARGIN_DB,
    QUIET_DB,
    RATE,
    SILENCE,
    TAPS,
    Audio,
    LeakEstimate,
    LeakPath,
)
from coach.vocab import ROLES, Role, other_role

__all__ = ["LeakCanceller", "LeakEstimate"]

UNFOUND_GAP_DB = 12.0  # before a leak is found, a frame this far under the other's speech may be its leak ...
UNFOUND_NOISE_DB = 10.0  # ... when it is also within this of the channel's noise floor ...
UNFOUND_HOLD_FRAMES = 30  # ... and no frame came in the 0.3 s before ...
UNFOUND_OVER_DB = 3.0  # ... and this far over it (4 dB while the hiss was white at the floor: hidden noise frames
#   then made a sound of their own, a 20 ms backchannel on stereo_interrupt, echo c2a -26 dB 40 ms, SNR 20)
NOISE_BAND_DB = 3.0  # the hiss is as loud as the channel's frames within this of its floor (its noise)
UNFOUND_VOICE_DB = 20.0  # ... this far over the floor (a voice's own fading tail stays; a leak that faint has none)


class LeakCanceller:
    """Plain stage: per-role 16 kHz audio in, the same with the other party's leak removed, out.

    Output lags input by up to two blocks (``[echo] block_s``) until both paths are known; then each
    10 ms frame comes out as it arrives (the estimate still learns on whole blocks); ``finish``
    returns the rest.
    """

    def __init__(self, config: EchoConfig | None = None) -> None:
        self.config = config or EchoConfig()
        self.block = max(FRAME, int(round(self.config.block_s * RATE)) // FRAME * FRAME)
        self._dirs = {role: LeakPath(role, self.config, self.block) for role in ROLES}
        for role in ROLES:
            self._dirs[role].reverse = self._dirs[other_role(role)]
        self.reset()

    def reset(self) -> None:
        for d in self._dirs.values():
            d.reset()
        self._h = self._dirs[ROLES[0]].history  # reference samples a block's estimate reads before it
        self._past = {r: np.zeros(self._h + self.block) for r in ROLES}  # each channel's last samples
        self._streaming = False  # both paths known: frames are judged as they arrive
        self._since_learn = 0  # samples since the estimate last learnt (streaming)
        self._pending = {r: np.zeros(0) for r in ROLES}
        self._floor = {r: np.full(FLOOR_FRAMES, np.nan) for r in ROLES}  # ring of frame energies (dB)
        self._frames = {r: 0 for r in ROLES}
        self._loud_at = {r: -UNFOUND_HOLD_FRAMES - 1 for r in ROLES}  # last frame well over the floor
        self._held: tuple[dict[Role, npt.NDArray[np.float64]], dict[Role, npt.NDArray[np.float64]]] | None = None
        self._rng = np.random.default_rng(0)  # the hiss (seeded: a review gives the same result twice)
        self._hiss_state = {r: np.zeros(0) for r in ROLES}  # its shaping filter's state, per channel

    def estimates(self) -> list[LeakEstimate]:
        """The leak into each channel, by the party whose voice it is."""
        return [d.estimate() for d in self._dirs.values()]

    def report(self) -> list[dict[str, float | str | None]]:
        return [e.as_dict(self.config.report_db) for e in self.estimates()]

    def push(self, audio: dict[Role, Audio]) -> dict[Role, Audio]:
        for role in ROLES:
            self._pending[role] = np.concatenate([self._pending[role], audio.get(role, np.zeros(0))])
        if not self._streaming:
            out = self._run(min(len(p) for p in self._pending.values()) // self.block * self.block)
            if not self._streaming:
                return out
            rest = self._stream(min(len(p) for p in self._pending.values()) // FRAME * FRAME)
            return {r: np.concatenate([out[r], rest[r]]) for r in ROLES}
        return self._stream(min(len(p) for p in self._pending.values()) // FRAME * FRAME)

    def finish(self) -> dict[Role, Audio]:
        out = {r: np.zeros(0, np.float32) for r in ROLES}
        if not self._streaming:
            out = self._run(min(len(p) for p in self._pending.values()), final=True)
        if self._streaming:
            rest = self._stream(min(len(p) for p in self._pending.values()))
            out = {r: np.concatenate([out[r], rest[r]]) for r in ROLES}
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
        while i < n and not self._streaming:
            size = min(step, n - i)
            if not final and size < step:
                break
            block = {r: self._pending[r][i: i + size] for r in ROLES}
            for role, cleaned in self._judge(block).items():
                parts[role].append(cleaned)
            i += size
        return self._taken(i, parts)

    def _judge(self, block: dict[Role, npt.NDArray[np.float64]]) -> dict[Role, npt.NDArray[np.float64]]:
        """Learn from ``block``, then judge the block before it (one block of look-ahead: the first
        words that leak are judged with the estimate their continuation gives)."""
        if not self.config.enabled:
            return block
        refs = {}
        for role in ROLES:
            source = other_role(role)
            refs[source] = np.concatenate([self._past[source][-self._h:], block[source].astype(np.float64)])
            if len(block[role]) >= TAPS:
                self._dirs[source].learn(refs[source], block[role].astype(np.float64))
        for role in ROLES:
            self._past[role] = np.concatenate([self._past[role], block[role]])[-len(self._past[role]):]
        if all(d.known for d in self._dirs.values()):
            # Each party heard alone: the look-ahead has done its work; this block is judged now,
            # and from here each frame as it comes (`_stream`).
            self._streaming = True
            done = self._flush()
            now = self._decide(block, refs)
            return {r: np.concatenate([done[r], now[r]]) for r in ROLES}
        held, self._held = self._held, (block, refs)
        return self._decide(*held) if held is not None else {r: np.zeros(0) for r in ROLES}

    def _stream(self, n: int) -> dict[Role, Audio]:
        """Each party heard alone (:attr:`LeakPath.known`): the next ``n`` samples judged at once with
        the estimate learnt so far. The estimate keeps learning on whole blocks; a piece that completes
        one is judged after it is learnt, so whole-block pushes (a review's) are judged as blocks were."""
        parts: dict[Role, list[npt.NDArray[np.float64]]] = {r: [] for r in ROLES}
        i = 0
        while i < n:
            size = min(n - i, self.block - self._since_learn)
            piece = {r: self._pending[r][i: i + size].astype(np.float64) for r in ROLES}
            for r in ROLES:
                self._past[r] = np.concatenate([self._past[r], piece[r]])[-len(self._past[r]):]
            self._since_learn += size
            if self._since_learn >= self.block:
                self._since_learn = 0
                for role in ROLES:
                    source = other_role(role)
                    self._dirs[source].learn(self._past[source], self._past[role][-self.block:])
            refs = {r: self._past[r][-(self._h + size):] for r in ROLES}
            for role, cleaned in self._decide(piece, refs, short=True).items():
                parts[role].append(cleaned)
            i += size
        return self._taken(i, parts)

    def _taken(self, i: int, parts: dict[Role, list[npt.NDArray[np.float64]]]) -> dict[Role, Audio]:
        """The first ``i`` pending samples are judged (``parts``): drop them, and join what came out."""
        for role in ROLES:
            self._pending[role] = self._pending[role][i:]
        return {r: np.concatenate(parts[r]).astype(np.float32) if parts[r] else np.zeros(0, np.float32)
                for r in ROLES}

    def _flush(self) -> dict[Role, npt.NDArray[np.float64]]:
        held, self._held = self._held, None
        return self._decide(*held) if held is not None else {r: np.zeros(0) for r in ROLES}

    def _decide(self, block: dict[Role, npt.NDArray[np.float64]],
                refs: dict[Role, npt.NDArray[np.float64]], short: bool = False) -> dict[Role, npt.NDArray[np.float64]]:
        """Judge ``block`` (``refs``: each channel's ``history`` samples before it, then it); a block
        shorter than the filter passes unjudged, but for a piece of a streamed block (``short``)."""
        out = {}
        for role in ROLES:  # the channel `role`, and the leak of the other party into it
            source = other_role(role)
            y, ref, path = block[role].astype(np.float64), refs[source], self._dirs[source]
            if len(y) < (1 if short else TAPS):
                out[role] = y
                continue
            n = len(y) // FRAME * FRAME
            limit: npt.NDArray[np.float64] | None = None
            leak_db: npt.NDArray[np.float64] | None = None
            aligned = ref[len(ref) - len(y) - path.delay_or_zero: len(ref) - path.delay_or_zero][:n]
            faint: npt.NDArray[np.float64] | None = None
            if not path.found and not path.settled:
                # Before a leak is found, a faint frame under the other party's speech at any delay a leak
                # could have is not trusted as this party's own (see `_unfound_limit`).
                faint = self._unfound_limit(ref, len(y))
            if not path.found and path.heard and not path.settled:
                # The call's first words leak before the filter explains them: frames within
                # LEVEL_MARGIN_DB of the leak's level (its measured gain times the reference) are not
                # trusted as this party's own.
                limit = _frame_db(aligned) + path.gain_db + LEVEL_MARGIN_DB
            elif path.found:
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
            out[role] = self._suppress(role, y, limit, leak_db, faint)
        return out

    def _unfound_limit(self, ref: npt.NDArray[np.float64], n: int) -> npt.NDArray[np.float64]:
        """Per 10 ms frame of a block of ``n`` samples, the level under which it is the other party's leak
        while no leak is found yet: ``UNFOUND_GAP_DB`` under the loudest frame of the other channel at
        any delay up to ``max_delay_s``. ``_suppress`` hides such a frame only within ``UNFOUND_NOISE_DB``
        of this channel's noise floor, so a quiet party's own voice (a 20 dB level gap) stays.
        A leak near a noisy line's noise is found late or never, and Silero hears words in it: before,
        such an echo under the other's speech started turns (``benchmarks.stereo_degraded --set
        real-noisy-echo``, tune: 11 of 14 invented events, 6 before the leak was known, 5 after).
        ``ref``: (history + n,) the other channel, the block's samples last -> (n // FRAME,)."""
        f, lag = n // FRAME, -(-self._dirs[ROLES[0]].max_lag // FRAME)
        if not f:
            return np.zeros(0)
        ref_db = _frame_db(ref[len(ref) - n - lag * FRAME: len(ref) - n + f * FRAME])  # (lag + f,)
        loudest = np.max(np.lib.stride_tricks.sliding_window_view(ref_db, lag + 1), axis=1)  # (f,)
        return loudest - UNFOUND_GAP_DB

    def _suppress(self, role: Role, residual: npt.NDArray[np.float64], limit_db: npt.NDArray[np.float64] | None,
                  leak_db: npt.NDArray[np.float64] | None = None,
                  faint_db: npt.NDArray[np.float64] | None = None) -> npt.NDArray[np.float64]:
        """Frames of ``residual`` under ``limit_db`` (per 10 ms frame; None: none) replaced by the channel's
        own noise (:meth:`_hiss`), so the VAD hears silence there and the floor it measures stays true."""
        n = len(residual) // FRAME * FRAME
        res_db = _frame_db(residual[:n])
        ring = self._floor[role]
        index = self._frames[role] + np.arange(len(res_db))  # (f,) frames since the call began
        ring[index % len(ring)] = res_db
        self._frames[role] += len(res_db)
        floor = float(np.nanpercentile(ring, 10))
        # The last frame well over the floor at or before each frame (this party's voice, or a leak's onset).
        loud_at = np.maximum.accumulate(np.where(res_db > floor + UNFOUND_VOICE_DB, index, self._loud_at[role]))
        if len(loud_at):
            self._loud_at[role] = int(loud_at[-1])
        if faint_db is not None:  # a faint frame far under the other's speech, no voice's tail: its leak
            faint_db = np.where((index - loud_at > UNFOUND_HOLD_FRAMES) & (res_db > floor + UNFOUND_OVER_DB),
                                np.minimum(faint_db, floor + UNFOUND_NOISE_DB), -np.inf)
            limit_db = faint_db if limit_db is None else np.maximum(limit_db, faint_db)
        if limit_db is None:
            return residual
        if leak_db is not None:
            # Where a leak was cancelled, a faint rest just over the floor is the leak's, never a voice
            # (the VAD hears words in it however quiet, and its state carries them on).
            limit_db = np.maximum(limit_db, np.where(leak_db > floor, floor + QUIET_DB, -np.inf))
        hide = (res_db < limit_db) & (res_db > floor)  # (f,)
        out = residual.copy()
        if hide.any():
            # Hiss like the line's own noise in place of what the leak explains, not a quieter copy of
            # it: the VAD is nearly level-blind, would hear words in a copy however quiet, and carry them on.
            shaped = out[:n].reshape(-1, FRAME)  # a view: writing it writes `out`
            shaped[hide] = self._hiss(role, int(hide.sum()), floor)
        return out

    def _hiss(self, role: Role, frames: int, floor_db: float) -> npt.NDArray[np.float64]:
        """``frames`` 10 ms frames of noise at the level of ``role``'s channel noise (the mean power of
        its frames within ``NOISE_BAND_DB`` of ``floor_db``), shaped like it (its LPC, as the leak path's
        prediction test learns it) once known, white before: one continuous stream across calls.
        Hiss white and at the floor (a low percentile) was another sound than the line around it: on a
        pink line 4 dB brighter above 2 kHz and quieter, so Silero heard the change where the other party
        began (real-noisy-echo, tune: the first words' echo still invented events). -> (frames, FRAME)."""
        ring = self._floor[role]
        near = ring[np.isfinite(ring) & (ring <= floor_db + NOISE_BAND_DB)]
        level = 10 * np.log10(np.mean(10 ** (near / 10))) if len(near) else floor_db
        white = self._rng.standard_normal(frames * FRAME)
        shape = self._dirs[other_role(role)].noise_shape()
        if shape is None:
            return white.reshape(frames, FRAME) * 10 ** (level / 20)
        a, share = shape
        state = self._hiss_state[role]
        if len(state) != len(a) - 1:
            state = np.zeros(len(a) - 1)
        hiss, self._hiss_state[role] = lfilter([1.0], a, white * np.sqrt(share), zi=state)
        return np.asarray(hiss).reshape(frames, FRAME) * 10 ** (level / 20)


def _frame_db(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Energy (dB) per 10 ms frame. ``x``: (f * FRAME,) -> (f,). Digital silence reads -140 dB here
    (-120 dB elsewhere), as it always has in the canceller: its tuned levels were measured so."""
    return frame_db(x, FRAME, floor=SILENCE)
