"""Streaming Silero VAD for one channel: audio in, speech starts and ends out as they are decided.

Silero v6 (the ONNX model shipped with faster-whisper) scores 32 ms windows (512 samples at
16 kHz), each seen with the previous window's last 64 samples as context, and carries an LSTM
state across windows. Feeding windows one push at a time with that state kept gives the same
probabilities as scoring the whole file at once, so live and review agree.

Hysteresis turns probabilities into turns: speech starts when the probability reaches
``threshold`` and holds (not dropping under ``neg_threshold``) for ``min_speech_s``; it ends when
the probability stays under ``neg_threshold`` for ``min_silence_s``. Boundaries are placed where
the evidence began (the first speech window, the first silent window), not when it was decided.

Silero decides *whether* there is speech; on a one-speaker channel the energy edge says *where*
it starts and stops far more precisely than the 32 ms grid (and Silero's onset lag). So each
boundary is moved, by at most ``refine_s``, to where the channel's 10 ms frame energy crosses
``refine_db`` above its running noise floor. Overlap boundaries (who cut in when) depend on it.

It lives beside the stages rather than inside one because two stages use it: who-speaks-when
(``coach.speech``) for turns, and live transcription (``coach.asr.stream``) as its endpointer.
Stages never import each other (import-linter contract in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from audio.edges import energy_edge, is_sound, sound_db
from audio.levels import frame_db
from coach.config import VadConfig
from coach.vocab import MODEL_RATE, Role, SpeechChange

RATE = MODEL_RATE
WINDOW = 512  # samples per Silero window at 16 kHz (32 ms)
CONTEXT = 64  # samples of the previous window the model sees
WINDOW_S = WINDOW / RATE
FRAME = 160  # samples per energy frame (10 ms)
FRAME_S = FRAME / RATE
FLOOR_HISTORY_S = 8.0  # noise floor: a low percentile of this much recent audio
QUIET_P = 0.1  # a Silero window this sure of no speech measures the line's noise
NOISE_REACH = 95  # percentile of the noise's 32 ms energies that sound must exceed
MIN_QUIET = 32  # quiet windows (1 s) before the noise's reach is trusted
NOISY_DB = 30.0  # a line whose noise (median) is within this of its loud frames is noisy
HIGHPASS_HZ = 200.0  # a noisy line's edges are judged above this (2nd-order Butterworth)


def _highpass() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    from scipy.signal import butter

    b, a = butter(2, HIGHPASS_HZ, btype="highpass", fs=RATE)
    return b, a


_HIGHPASS = _highpass()


class SileroModel:
    """The ONNX session, shareable by several channels (each keeps its own state)."""

    def __init__(self, path: Path) -> None:
        import onnxruntime

        opts = onnxruntime.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 4
        self._session = onnxruntime.InferenceSession(str(path), sess_options=opts,
                                                     providers=["CPUExecutionProvider"])

    def score(self, windows: npt.NDArray[np.float32], h: npt.NDArray[np.float32],
              c: npt.NDArray[np.float32]) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32],
                                                   npt.NDArray[np.float32]]:
        """Speech probability per window. ``windows``: (n, CONTEXT + WINDOW); h, c: (1, 1, 128)."""
        probs, h, c = self._session.run(None, {"input": windows, "h": h, "c": c})
        return probs.reshape(-1), h, c


def load_silero(path: Path | None = None) -> SileroModel:
    """The Silero model from the registry (or ``path``)."""
    if path is None:
        from coach.models import resolve

        path = resolve("silero-vad").path
    return SileroModel(path)


@dataclass
class _State:
    speaking: bool = False
    candidate: float | None = None  # start of the evidence for a change of state
    held_s: float = 0.0  # how long that evidence has held


class StreamingVad:
    """Speech activity of one role's channel; ``push`` 16 kHz audio, get :class:`SpeechChange`s.

    ``start`` is the call time of the first sample pushed (chunks then follow contiguously).
    """

    def __init__(self, role: Role, model: SileroModel, config: VadConfig | None = None, start: float = 0.0) -> None:
        self.role = role
        self.config = config or VadConfig()
        self._model = model
        self._start = start
        self.reset()

    def reset(self) -> None:
        self._pending = np.zeros(0, dtype=np.float32)  # samples not yet in a full window
        self._context = np.zeros(CONTEXT, dtype=np.float32)
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._windows_done = 0
        self._last_end = float("-inf")  # end of this role's previous turn
        self._state = _State()
        self._frame_pending = np.zeros((2, 0), dtype=np.float32)
        n_hist = int(FLOOR_HISTORY_S / FRAME_S)
        # Ring buffers, row 0 the plain energy, row 1 above HIGHPASS_HZ (what a noisy line is judged on).
        self._energy_db = np.full((2, n_hist), np.nan, dtype=np.float32)  # (2, frames)
        self._frames_done = 0
        self._highpass_state = np.zeros(2)  # the filter's state across pushes
        self._quiet_db = np.full((2, int(FLOOR_HISTORY_S / WINDOW_S)), np.nan, dtype=np.float32)  # (2, windows)
        self._quiet_done = 0

    @property
    def speaking(self) -> bool:
        return self._state.speaking

    @property
    def pause_since(self) -> float | None:
        """While speaking: call time where a possible end of speech (a pause not yet long enough to
        end it) began, else None. Lets a caller act on a short pause before the turn ends."""
        st = self._state
        return st.candidate if st.speaking else None

    @property
    def time(self) -> float:
        """Call time up to which audio has been scored."""
        return self._start + self._windows_done * WINDOW_S

    @property
    def settled(self) -> float:
        """Call time up to which speaking or not is final: the scored audio, but for an open
        candidate (a pause not yet long enough to end speech, a burst not yet long enough to start
        it), whose boundary would be placed where it began. Lets a live caller act on who speaks
        a window after the audio, not ``min_silence_s`` after it (boundary refinement aside)."""
        st = self._state
        return self.time if st.candidate is None else min(self.time, st.candidate)

    def push(self, samples: npt.NDArray[np.float32]) -> list[SpeechChange]:
        """Score the new audio (shape (n,), 16 kHz) and return the boundaries it settled."""
        samples = samples.astype(np.float32, copy=False)
        self._track_energy(samples)
        buf = np.concatenate([self._pending, samples])
        n = len(buf) // WINDOW
        self._pending = buf[n * WINDOW:]
        if n == 0:
            return []
        frames = buf[: n * WINDOW].reshape(n, WINDOW)  # (n, 512)
        contexts = np.vstack([self._context[None, :], frames[:-1, -CONTEXT:]])  # (n, 64)
        self._context = frames[-1, -CONTEXT:].copy()
        probs, self._h, self._c = self._model.score(np.hstack([contexts, frames]), self._h, self._c)
        changes: list[SpeechChange] = []
        for p in probs:
            t = self.time  # start of this window
            self._windows_done += 1
            if p < QUIET_P:
                self._remember_quiet(t)
            change = self._step(float(p), t)
            if change is not None:
                changes.append(change)
        return changes

    def _track_energy(self, samples: npt.NDArray[np.float32]) -> None:
        from scipy.signal import lfilter

        high = np.zeros(0)
        if len(samples):
            high, self._highpass_state = lfilter(*_HIGHPASS, samples.astype(np.float64), zi=self._highpass_state)
        buf = np.concatenate([self._frame_pending, np.stack([samples, high])], axis=1)  # (2, m)
        n = buf.shape[1] // FRAME
        self._frame_pending = buf[:, n * FRAME:]
        if n == 0:
            return
        db = frame_db(buf, FRAME).astype(np.float32)  # (2, n) 10 ms levels
        size = self._energy_db.shape[1]
        idx = (self._frames_done + np.arange(n)) % size
        self._energy_db[:, idx] = db
        self._frames_done += n

    def _remember_quiet(self, t: float) -> None:
        """A window Silero is sure holds no speech: its energy (the 10 ms frames in it) is the line's noise."""
        for band in (0, 1):
            inside = (self._energy_at(t + (i + 0.5) * FRAME_S, band) for i in range(WINDOW // FRAME))
            energies = [e for e in inside if e is not None]
            if not energies:
                return
            db = 10 * np.log10(np.mean(np.power(10.0, np.array(energies) / 10)))
            self._quiet_db[band, self._quiet_done % self._quiet_db.shape[1]] = db
        self._quiet_done += 1

    def _energy_at(self, t: float, band: int = 0) -> float | None:
        """Energy (dB) of the 10 ms frame at call time ``t`` (band 1: above HIGHPASS_HZ), if still held."""
        i = int(np.floor((t - self._start) / FRAME_S + 1e-9))
        size = self._energy_db.shape[1]
        if i < 0 or i >= self._frames_done or i < self._frames_done - size:
            return None
        return float(self._energy_db[band, i % size])

    def _band(self) -> int:
        """1 on a noisy line (its noise within NOISY_DB of its loud frames): edges are judged above
        HIGHPASS_HZ there, where line noise (hum, rumble, pink) swells far less and speech keeps its
        edges; 0 (the plain energy) on a clean line, whose edges that would only blur."""
        if self._quiet_done < MIN_QUIET:
            return 0
        loud = float(np.nanpercentile(self._energy_db[0], 90))
        return int(loud - float(np.nanmedian(self._quiet_db[0])) < NOISY_DB)

    def _sound_db(self, band: int = 0) -> float:
        """Frame energy (dB) that counts as sound on this channel now (see :func:`sound_db`)."""
        floor, loud = (float(v) for v in np.nanpercentile(self._energy_db[band], [10, 90]))
        reach = float(np.nanpercentile(self._quiet_db[band], NOISE_REACH)) if self._quiet_done >= MIN_QUIET else None
        return sound_db(floor, loud, reach, self.config.refine_db, noisy=band == 1)

    def _sound_rule(self) -> Callable[[int], bool | None]:
        """Whether 10 ms frame ``i`` (counted from the stream's start) is sound by the energy edges'
        rule, with this line's band and threshold as they are now (None: the frame is not held)."""
        band = self._band()
        thresh = self._sound_db(band)

        def energy(i: int) -> float | None:  # the frame's middle: no rounding drift
            return self._energy_at(self._start + (i + 0.5) * FRAME_S, band)

        def sound(i: int) -> bool | None:
            e = energy(i)
            if e is None:
                return None
            near = [v for v in (energy(i - 1), e, energy(i + 1)) if v is not None]
            return is_sound(e, near, thresh)

        return sound

    def _refine(self, t: float, starting: bool, limit: float) -> float:
        """Move a boundary at ``t`` to the energy edge, at most ``refine_s`` away and not past ``limit``.

        A start moves back over sound frames that precede it and forward over silent ones; an
        end moves back over silent frames before it and forward over sound after it.
        """
        cfg = self.config
        if cfg.refine_s <= 0 or self._frames_done < 10:
            return t
        sound = self._sound_rule()
        max_steps = int(round(cfg.refine_s / FRAME_S))
        k = int(round((t - self._start) / FRAME_S))  # snap to the frame grid
        bound = (limit - self._start) / FRAME_S
        lo, hi = (int(np.ceil(bound - 1e-6)), k) if starting else (k, int(np.floor(bound + 1e-6)))
        return self._start + energy_edge(sound, k, starting, max_steps, lo, hi) * FRAME_S

    def _sounds(self, t0: float, t1: float) -> bool:
        """Whether any 10 ms frame in [t0, t1) is sound by the energy edges' rule (True when they are off
        or not yet known)."""
        if self.config.refine_s <= 0 or self._frames_done < 10:
            return True
        sound = self._sound_rule()
        first, last = (int(round((t - self._start) / FRAME_S)) for t in (t0, t1))
        heard = [sound(i) for i in range(first, last)]
        return None in heard or any(heard)

    def _resumed(self, edge: float, now: float) -> bool:
        """Whether sound came back less than ``min_silence_s`` after an end's energy edge at ``edge`` and has
        lasted without a break up to ``now``, for no more than ``refine_s`` (a voice Silero has not yet
        heard; longer unheard sound is not speech)."""
        cfg = self.config
        if cfg.refine_s <= 0 or self._frames_done < 10:
            return False
        sound = self._sound_rule()
        first = int(round((edge - self._start) / FRAME_S))
        last = int(np.floor((now - self._start) / FRAME_S + 1e-9))  # frames [first, last) lie in the pause, all heard
        k = last
        while k > first and sound(k - 1):
            k -= 1  # k: where the unbroken sound up to now began
        return k < last and (k - first) * FRAME_S < cfg.min_silence_s and (last - k) * FRAME_S <= cfg.refine_s

    def _step(self, p: float, t: float) -> SpeechChange | None:
        cfg, st = self.config, self._state
        now = t + WINDOW_S
        if not st.speaking:
            if st.candidate is None:
                if p >= cfg.threshold:
                    st.candidate, st.held_s = t, WINDOW_S
            elif p < cfg.neg_threshold:
                st.candidate = None
            else:
                st.held_s += WINDOW_S
            if st.candidate is not None and st.held_s >= max(cfg.min_speech_s, WINDOW_S):
                edge = self._refine(st.candidate, True, max(self._start, self._last_end))
                if edge >= st.candidate and not self._sounds(st.candidate, now):
                    # Silero's burst has no sound in it at all (a leak's rest or line noise it heard words
                    # in): no speech starts. Its start would walk forward past the evidence, its end back
                    # before the start, and leave a turn of no length that still counts as a backchannel.
                    st.candidate = None
                    return None
                start = max(self._start, self._last_end, edge - cfg.speech_pad_s)
                st.speaking, st.candidate = True, None
                return SpeechChange(self.role, start, True, now)
            return None
        if st.candidate is None:
            if p < cfg.neg_threshold:
                st.candidate, st.held_s = t, WINDOW_S
        elif p >= cfg.threshold:
            st.candidate = None
        else:
            st.held_s += WINDOW_S
        if st.candidate is not None and st.held_s >= cfg.min_silence_s:
            edge = self._refine(st.candidate, False, now)
            if now - edge < cfg.min_silence_s:
                # Silero fell before the voice did (a soft tail): the pause is measured from where the
                # sound ended, so one shorter than min_silence_s stays inside the turn.
                return None
            if self._resumed(edge, now):
                # ... and to where the sound came back: Silero rises 50-150 ms after a voice does (more on a
                # noisy line), so a 0.45 s pause between two phrases had ended the turn before Silero heard
                # the next one. Wait for Silero while the new sound lasts, at most refine_s.
                return None
            end = min(edge + cfg.speech_pad_s, now)
            st.speaking, st.candidate = False, None
            self._last_end = end
            return SpeechChange(self.role, end, False, now)
        return None

    def finish(self) -> list[SpeechChange]:
        """Close an open turn at the end of the audio (a trailing partial window is scored padded)."""
        changes: list[SpeechChange] = []
        if len(self._pending):
            tail = len(self._pending)
            end_of_audio = self.time + tail / RATE
            changes = self.push(np.zeros(WINDOW - tail, dtype=np.float32))
            changes = [c if c.t <= end_of_audio else SpeechChange(c.role, end_of_audio, c.speaking, c.decided_at)
                       for c in changes]
        else:
            end_of_audio = self.time
        st = self._state
        if st.speaking:
            end = st.candidate if st.candidate is not None else end_of_audio
            st.speaking, st.candidate = False, None
            changes.append(SpeechChange(self.role, min(end, end_of_audio), False, end_of_audio))
        return changes

