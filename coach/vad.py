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

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from coach.config import VadConfig
from coach.vocab import Role, SpeechChange

RATE = 16_000
WINDOW = 512  # samples per Silero window at 16 kHz (32 ms)
CONTEXT = 64  # samples of the previous window the model sees
WINDOW_S = WINDOW / RATE
FRAME = 160  # samples per energy frame (10 ms)
FRAME_S = FRAME / RATE
FLOOR_HISTORY_S = 8.0  # noise floor: a low percentile of this much recent audio
MIN_REFINE_DB = 4.0  # the least energy over the floor that counts as sound, however noisy the line
GAP_FRAMES = 5  # silent 10 ms frames a boundary search crosses (stop closures inside words)


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
        self._frame_pending = np.zeros(0, dtype=np.float32)
        n_hist = int(FLOOR_HISTORY_S / FRAME_S)
        self._energy_db = np.full(n_hist, np.nan, dtype=np.float32)  # ring buffer of frame energies
        self._frames_done = 0

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
            change = self._step(float(p), t)
            if change is not None:
                changes.append(change)
        return changes

    def _track_energy(self, samples: npt.NDArray[np.float32]) -> None:
        buf = np.concatenate([self._frame_pending, samples])
        n = len(buf) // FRAME
        self._frame_pending = buf[n * FRAME:]
        if n == 0:
            return
        frames = buf[: n * FRAME].reshape(n, FRAME).astype(np.float64)  # (n, 160)
        db = (10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)).astype(np.float32)  # (n,)
        size = len(self._energy_db)
        idx = (self._frames_done + np.arange(n)) % size
        self._energy_db[idx] = db
        self._frames_done += n

    def _energy_at(self, t: float) -> float | None:
        """Energy (dB) of the 10 ms frame at call time ``t``, if still in the ring buffer."""
        i = int(np.floor((t - self._start) / FRAME_S + 1e-9))
        if i < 0 or i >= self._frames_done or i < self._frames_done - len(self._energy_db):
            return None
        return float(self._energy_db[i % len(self._energy_db)])

    def _sound_db(self) -> float:
        """Frame energy (dB) that counts as sound: ``refine_db`` over the channel's running floor, or,
        on a line so noisy that speech never gets that far, half way from the floor to its loud frames."""
        floor, loud = (float(v) for v in np.nanpercentile(self._energy_db, [10, 90]))
        return floor + min(self.config.refine_db, max(MIN_REFINE_DB, (loud - floor) / 2))

    def _refine(self, t: float, starting: bool, limit: float) -> float:
        """Move a boundary at ``t`` to the energy edge, at most ``refine_s`` away and not past ``limit``.

        A start moves back over sound frames that precede it and forward over silent ones; an
        end moves back over silent frames before it and forward over sound after it.
        """
        cfg = self.config
        if cfg.refine_s <= 0 or self._frames_done < 10:
            return t
        thresh = self._sound_db()
        max_steps = int(round(cfg.refine_s / FRAME_S))

        def sound(x: float) -> bool | None:
            e = self._energy_at(x)
            return None if e is None else e > thresh

        k = int(round((t - self._start) / FRAME_S))
        t = self._start + k * FRAME_S  # snap to the frame grid
        if starting:
            # Frame k is the first frame of speech. Go back over sound that precedes it (crossing
            # gaps shorter than GAP_S, as inside a word), else forward over silent frames.
            earliest, gap = t, 0
            for i in range(1, max_steps + 1):
                x = t - i * FRAME_S
                if x < limit:
                    break
                s = sound(x)
                if s:
                    earliest, gap = x, 0
                elif s is None or (gap := gap + 1) > GAP_FRAMES:
                    break
            if earliest < t:
                return earliest
            for _ in range(max_steps):
                if sound(t) is False:
                    t += FRAME_S
                else:
                    break
            return t
        # End: the frame before t is the last of speech. Go forward over sound that follows
        # (crossing short gaps), else back over silent frames.
        latest, gap = t, 0
        for i in range(max_steps):
            x = t + i * FRAME_S
            if x + FRAME_S > limit:
                break
            s = sound(x)
            if s:
                latest, gap = x + FRAME_S, 0
            elif s is None or (gap := gap + 1) > GAP_FRAMES:
                break
        if latest > t:
            return latest
        for _ in range(max_steps):
            if sound(t - FRAME_S) is False:
                t -= FRAME_S
            else:
                break
        return t

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
