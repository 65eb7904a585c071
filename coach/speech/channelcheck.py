"""Is a two-channel call really stereo? Two identical channels, or one dead channel, mean mono.

Many recorders store a mono call as two identical channels, and a line that lost one leg leaves a
channel with nothing but hiss. Judged per channel as if each were one party, such a call reads as
both parties talking at once all the time. This stage watches the start of the call, streaming:

- **identical**: over frames where anyone speaks, the part of one channel a gain times the other
  cannot explain (``1 - rho^2`` at lag 0) is below ``[channels] identical_db``;
- **dead**: one channel never rises above its own noise floor by speech-like amounts (or stays
  under ``dead_db``) while the other has carried ``dead_s`` of speech, or to the end of a shorter
  call (a customer who only listens for a while is not a dead line: one "mm hmm" is speech).

It decides ``stereo`` as soon as both channels have carried their own speech (at least
``MIN_OWN_S`` each, not explained by the other), so a normal call is judged within seconds;
identical channels take ``IDENTICAL_S`` of speech; a dead channel ``dead_s`` or the whole call.
Until then the caller holds the audio (at most ``MAX_HOLD_S``). A live caller need not wait that
long: :attr:`ChannelCheck.distinct` tells within ``MIN_DISTINCT_S`` of speech that the channels are
not one signal twice, the only case coached wrongly meanwhile (all talk-over); a dead channel,
coached as stereo until its verdict, raises no false event.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from audio.levels import frame_db
from coach.config import ChannelsConfig
from coach.vocab import MODEL_RATE, ROLES, Role, other_role

RATE = MODEL_RATE
FRAME = 160  # 10 ms
SPEECH_DB = 15.0  # a frame this far above its channel's floor is speech-like
MIN_OWN_S = 1.0  # each channel's own speech needed to call the call stereo
DEAD_OWN_S = 0.1  # a dead channel carries less speech-like sound than this (a backchannel is more)
IDENTICAL_S = 2.0  # speech heard on both channels as one signal this long: they are identical
MAX_HOLD_S = 60.0  # past this much audio, whatever was seen decides
SAME_LEVEL_DB = 6.0  # identical channels are stored at (nearly) the same level
JUDGE_EVERY_S = 0.5  # re-judge after this much new audio (each judgement looks at everything held)
MIN_DISTINCT_S = 0.5  # speech heard (either channel) before two channels can be told apart
DISTINCT_EVERY_S = 0.1  # until they are, look again after this much new audio


@dataclass(frozen=True)
class ChannelVerdict:
    """What the two channels turned out to carry."""

    stereo: bool
    reason: str = ""  # for a mono verdict, the review's ``roles.mono_because``
    live: Role | None = None  # the channel to diarize when the other is dead; None: either (identical)


class ChannelCheck:
    """Plain stage: ``push`` per-role 16 kHz audio until ``verdict`` is not None."""

    def __init__(self, config: ChannelsConfig | None = None) -> None:
        self.config = config or ChannelsConfig()
        self.reset()

    def reset(self) -> None:
        self.verdict: ChannelVerdict | None = None
        self._pending = {r: np.zeros(0) for r in ROLES}
        self._db: dict[Role, list[npt.NDArray[np.float64]]] = {r: [] for r in ROLES}
        self._frames: dict[Role, list[npt.NDArray[np.float64]]] = {r: [] for r in ROLES}
        self._seen_s = 0.0
        self._judged_s = 0.0
        self.distinct = False  # the channels are known not to carry one signal twice
        self._distinct_at = 0.0

    def push(self, audio: dict[Role, npt.NDArray[np.float32]]) -> ChannelVerdict | None:
        if self.verdict is not None:
            return self.verdict
        for r in ROLES:
            self._pending[r] = np.concatenate([self._pending[r], audio.get(r, np.zeros(0)).astype(np.float64)])
        f = min(len(p) for p in self._pending.values()) // FRAME
        if f == 0:
            return None
        for r in ROLES:
            frames = self._pending[r][: f * FRAME].reshape(f, FRAME)  # (f, 160)
            self._pending[r] = self._pending[r][f * FRAME:]
            self._frames[r].append(frames)
            self._db[r].append(frame_db(frames.reshape(-1), FRAME, floor=1e-14))
        self._seen_s += f * FRAME / RATE
        if self._seen_s - self._judged_s >= JUDGE_EVERY_S or self._seen_s >= MAX_HOLD_S:
            self._judged_s = self._seen_s
            self.verdict = self._decide(final=self._seen_s >= MAX_HOLD_S)
            if self.verdict is not None:  # what was held is no longer needed
                self._frames = {r: [] for r in ROLES}
                self._db = {r: [] for r in ROLES}
        elif not self.distinct and self._seen_s - self._distinct_at >= DISTINCT_EVERY_S:
            self._distinct_at = self._seen_s
            speech = self._speech()
            if speech is not None and self._heard_s(speech) >= MIN_DISTINCT_S:
                self.distinct = not self._same_signal(self._difference(speech))
        if self.verdict is not None:
            self.distinct = self.distinct or self.verdict.stereo
        return self.verdict

    def finish(self) -> ChannelVerdict:
        """The call ended before the check was sure: decide on what was seen."""
        verdict = self.verdict or self._decide(final=True) or ChannelVerdict(True)
        self.verdict = verdict
        return verdict

    def _speech(self) -> tuple[dict[Role, npt.NDArray[np.float64]], dict[Role, npt.NDArray[np.bool_]]] | None:
        """Each channel's frame levels (dB) and its speech-like frames, over all that was seen."""
        if not self._db[ROLES[0]]:
            return None
        db = {r: np.concatenate(self._db[r]) for r in ROLES}  # (frames,) per role
        return db, {r: db[r] > max(np.percentile(db[r], 10) + SPEECH_DB, self.config.dead_db) for r in ROLES}

    @staticmethod
    def _heard_s(speech: tuple[object, dict[Role, npt.NDArray[np.bool_]]]) -> float:
        """Seconds in which anyone speaks."""
        return float((speech[1][ROLES[0]] | speech[1][ROLES[1]]).sum() * FRAME / RATE)

    def _difference(self, speech: tuple[object, dict[Role, npt.NDArray[np.bool_]]]) -> tuple[float, float] | None:
        """Over the frames where anyone speaks: the part of one channel a gain times the other cannot
        explain (dB), and their level gap (dB); None without such frames."""
        anyone = speech[1][ROLES[0]] | speech[1][ROLES[1]]
        a = np.concatenate(self._frames[ROLES[0]])[anyone].reshape(-1)
        b = np.concatenate(self._frames[ROLES[1]])[anyone].reshape(-1)
        if not len(a):
            return None
        ea, eb = float(a @ a), float(b @ b)
        rho2 = float(a @ b) ** 2 / (ea * eb) if ea > 0 and eb > 0 else 0.0
        return 10 * np.log10(max(1.0 - rho2, 1e-12)), abs(10 * np.log10((ea + 1e-20) / (eb + 1e-20)))

    def _same_signal(self, difference: tuple[float, float] | None) -> bool:
        """One signal twice (a leak alone, before the other party first speaks, looks the same but is
        far weaker than its source)."""
        return (difference is not None and difference[0] < self.config.identical_db
                and difference[1] < SAME_LEVEL_DB)

    def _decide(self, final: bool) -> ChannelVerdict | None:
        cfg = self.config
        found = self._speech()
        if found is None:
            return ChannelVerdict(True) if final else None
        db, speech = found
        if self._heard_s(found) < 1.0 and not final:
            return None
        if self._same_signal(self._difference(found)):
            # Wait for 2 s of it, then it is mono.
            if self._heard_s(found) >= IDENTICAL_S or final:
                return ChannelVerdict(False, "channels identical")
            return None
        # Own speech: speech-like frames that are not just the other channel, louder, leaking in.
        own = {r: speech[r] & (db[r] > db[other_role(r)] - 6.0) for r in ROLES}
        own_s = {r: own[r].sum() * FRAME / RATE for r in ROLES}
        if all(s >= MIN_OWN_S for s in own_s.values()):
            return ChannelVerdict(True)
        for r in ROLES:
            if own_s[r] < DEAD_OWN_S and own_s[other_role(r)] >= cfg.dead_s:
                return ChannelVerdict(False, f"{r} channel silent", live=other_role(r))
        if final:
            quiet = min(ROLES, key=lambda r: own_s[r])
            if own_s[quiet] < DEAD_OWN_S and own_s[other_role(quiet)] >= MIN_OWN_S:
                return ChannelVerdict(False, f"{quiet} channel silent", live=other_role(quiet))
            return ChannelVerdict(True)
        return None
