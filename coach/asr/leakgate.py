"""Review words that are the other party leaking into a channel (echo, crosstalk), left out.

Whisper hears speech at any level, so the other party's voice leaking 25 dB down into a channel is
transcribed as if this party said it, and the speech stage's VAD may make a turn of it when the
leak canceller (``coach.speech.leak``) has not found the path. A stereo review holds both channels,
so a word is the leak when two things hold at once:

* it is far quieter than this party's own words (``[asr] review_leak_gate_db`` under the 90th
  percentile of the role's recent word levels: the live ASR's rule), and
* the other channel, at the same time or up to ``LEAK_DELAY_S`` before (a leak lags its source),
  is louder than it by ``LEAK_LOSS_DB`` or more (a leak is weaker than its source).

The second test keeps a quiet speaker's own words: where nobody else speaks there is nothing to
leak. One channel (a mono mix) has no other channel: nothing is gated.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from audio.levels import FRAME, frame_db
from coach.vocab import MODEL_RATE, Role, Word

RATE = MODEL_RATE
LEAK_DELAY_S = 0.4  # a leak lags its source by at most this ([echo] max_delay_s)
LEAK_LOSS_DB = 6.0  # ... and is at least this much weaker than it ([echo] min_loss_db)
WORD_SLACK_S = 0.1  # Whisper's word times are off by a frame or ten: a word's loudest frame near its span
LEVEL_MIN_WORDS = 5  # the gate waits for this many words of the role
LEVEL_WORDS = 200  # a role's own level: the 90th percentile of its last words' levels


class LeakGate:
    """Each role's 10 ms frame levels (dB) over the part of the call still to be transcribed, and
    each role's own word level; ``keep`` says which words are the role's own."""

    def __init__(self, roles: tuple[Role, ...], gate_db: float, start: float = 0.0) -> None:
        self.roles = roles
        self.gate_db = gate_db  # 0: every word is kept
        self._origin = start
        self.reset()

    def reset(self) -> None:
        self._db: dict[Role, npt.NDArray[np.float32]] = {r: np.zeros(0, np.float32) for r in self.roles}  # (frames,)
        self._rest: dict[Role, npt.NDArray[np.float32]] = {r: np.zeros(0, np.float32) for r in self.roles}
        self._start = self._origin  # call time of frame 0
        self._levels: dict[Role, deque[float]] = {r: deque(maxlen=LEVEL_WORDS) for r in self.roles}
        self.gated = 0  # words left out

    def push(self, audio: Mapping[Role, npt.NDArray[np.float32]]) -> None:
        """Each role's new samples ((n,) float32, 16 kHz)."""
        for role in self.roles:
            x = np.concatenate([self._rest[role], audio.get(role, np.zeros(0, np.float32))])
            n = len(x) // FRAME
            db = frame_db(x, FRAME)  # (n,)
            self._db[role] = np.concatenate([self._db[role], db.astype(np.float32)])
            self._rest[role] = x[n * FRAME:]

    def trim(self, before: float) -> None:
        """Forget levels before call time ``before`` (no word to come starts there)."""
        k = int((before - LEAK_DELAY_S - WORD_SLACK_S - self._start) * 100)
        if k > 0:
            self._db = {r: db[k:] for r, db in self._db.items()}
            self._start += k / 100

    def _level(self, role: Role, t0: float, t1: float) -> float:
        db = self._db[role]
        a = max(0, int((t0 - self._start) * 100))
        b = min(len(db), max(a + 1, int(np.ceil((t1 - self._start) * 100))))
        return float(db[a:b].max()) if b > a else -np.inf

    def keep(self, words: list[Word]) -> list[Word]:
        """``words`` (call time, any roles) less those that are the other party's leak."""
        if self.gate_db <= 0 or len(self.roles) < 2:
            return words
        own = [self._level(w.role, w.start - WORD_SLACK_S, w.end + WORD_SLACK_S) for w in words]
        for role in self.roles:
            self._levels[role].extend(lv for w, lv in zip(words, own) if w.role == role and np.isfinite(lv))
        kept = []
        for w, lv in zip(words, own):
            levels = self._levels[w.role]
            floor = float(np.percentile(levels, 90)) - self.gate_db if len(levels) >= LEVEL_MIN_WORDS else -np.inf
            other = max(self._level(r, w.start - LEAK_DELAY_S, w.end) for r in self.roles if r != w.role)
            if lv < floor and other >= lv + LEAK_LOSS_DB:
                self.gated += 1
                continue
            kept.append(w)
        return kept
