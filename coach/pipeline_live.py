"""The live side of the stage graph (:mod:`coach.pipeline`): plain stages a live call adds around
the shared ones, which :mod:`coach.live` runs on its threads. No threads here.

- :class:`LiveTranscription`: a streaming transcriber per stream of the shape, one Whisper for all;
- :class:`MonoWords`: a mono call's words to the diarized roles (:class:`WordAssigner`);
- :class:`ChannelHold`: a stereo input's first seconds wait for the channel check.
"""

from __future__ import annotations

import numpy as np

from audio.roles import RoleSplitter
from coach.asr.assign import WordAssigner
from coach.asr.stream import StreamingTranscriber
from coach.asr.whisper import WhisperEngine
from coach.config import CoachConfig
from coach.models import Models
from coach.pipeline import MIX, STEREO, Shape
from coach.speech.channelcheck import ChannelCheck, ChannelVerdict
from coach.speech.mono import History
from coach.vocab import MODEL_RATE, Chunk, Role, RoleAudio, SpeechUpdate, TranscriptUpdate, Word


def live_engine(config: CoachConfig, models: Models) -> WhisperEngine:
    """The live Whisper (one thread), with ``[asr] live_beam``: one per process."""
    return models.shared("live-engine", lambda: WhisperEngine(models.whisper(config.asr.live_model, live=True),
                                                              beam_size=config.asr.live_beam))


def load_live(config: CoachConfig, models: Models, mono: bool) -> None:
    """Load what a live call of this shape needs now, so a missing model is one line before the
    screen opens (a stereo call that turns out mono loads the diarizer's when it switches)."""
    live_engine(config, models)
    _ = models.silero
    if mono:
        _ = models.segmentation, models.campplus


class LiveTranscription:
    """Live words, as a plain stage: a streaming transcriber per stream of the shape (one Whisper for
    all). A new shape or a gap ends the transcribers (what they hold is final, or dropped when far
    behind) and starts new ones at the call time given."""

    def __init__(self, config: CoachConfig, models: Models) -> None:
        self.config, self.models = config, models
        self.shape = STEREO
        self.streams: dict[Role, StreamingTranscriber] = {}
        self.skipped_s = 0.0  # skipped by transcribers already ended

    def start(self, shape: Shape, at: float) -> list[TranscriptUpdate]:
        out = self.finish()
        engine = live_engine(self.config, self.models)
        self.shape = shape
        self.streams = {r: StreamingTranscriber(r, engine, self.models.silero, self.config.asr, start=at)
                        for r in shape.streams}
        return out

    def push(self, audio: RoleAudio, backlog_s: float) -> list[TranscriptUpdate]:
        return [u for role, t in self.streams.items()
                for u in t.push(audio.get(role, np.zeros(0, dtype=np.float32)), backlog_s=backlog_s)]

    def finish(self, drop: bool = False) -> list[TranscriptUpdate]:
        out = [] if drop else [u for t in self.streams.values() for u in t.finish()]
        self.skipped_s += sum(t.skipped_s for t in self.streams.values())
        self.streams = {}
        return out

    @property
    def behind(self) -> bool:
        return any(t.behind for t in list(self.streams.values()))

    def total_skipped_s(self) -> float:
        return self.skipped_s + sum(t.skipped_s for t in list(self.streams.values()))


HOLD_S = 4.0
"""Live, a stereo input's start waits while its two channels may be one voice twice (a review waits
for the channel check's verdict, up to a minute): that is sure after 2 s of speech, and coached as
two parties meanwhile it would be all talk-over. Two channels that differ
(:attr:`ChannelCheck.distinct`, within 0.5 s of speech) go on at once as stereo, and so does any
call past ``HOLD_S``; a later verdict (a dead channel) switches it."""


class ChannelHold:
    """Plain stage: ``push(chunk)`` -> the chunks ready to go on, and the channel check's verdict
    once it has one (held chunks come out together, once the channels differ, the check has a
    verdict, or at the first chunk after ``hold_s``). It keeps what the check heard (16 kHz, from
    ``start``; the check decides within ``MAX_HOLD_S``), for a mid-call switch to mono to diarize
    from the call's start (:meth:`mix`)."""

    def __init__(self, sample_rate: int, config: CoachConfig, hold_s: float = HOLD_S) -> None:
        self.hold_s = hold_s
        self.check = ChannelCheck(config.channels)
        self._split = RoleSplitter(sample_rate, config.audio)
        self._held: list[Chunk] = []
        self.start = 0.0  # call time of the first chunk
        self._heard: dict[Role, list[np.ndarray]] = {}

    def push(self, chunk: Chunk) -> tuple[list[Chunk], ChannelVerdict | None]:
        self.start = self.start if self._heard else chunk.start
        audio = self._split.push(chunk)
        for role, x in audio.items():
            self._heard.setdefault(role, []).append(x)
        verdict = self.check.push(audio)
        self._held.append(chunk)
        if verdict is None and not self.check.distinct and chunk.end < self.hold_s:
            return [], None
        return self.release(), verdict

    def release(self) -> list[Chunk]:
        out, self._held = self._held, []
        return out

    def mix(self, live: Role | None, until: float) -> History:
        """The call from :attr:`start` to ``until`` as the mono shape hears it (16 kHz): the ``live``
        channel, or (None: identical channels) the mean of both."""
        n = max(0, int(round((until - self.start) * MODEL_RATE)))
        heard = {r: np.concatenate(x) for r, x in self._heard.items()}
        if not heard:
            return self.start, np.zeros(n, dtype=np.float32)
        x = heard[live] if live is not None else np.mean([x[: min(map(len, heard.values()))]
                                                           for x in heard.values()], axis=0)
        return self.start, np.pad(x[:n].astype(np.float32), (0, max(0, n - len(x))))


class MonoWords:
    """Mono: the mix's words, each given the role heard saying it, as transcript updates per role.

    Words wait until who-speaks-when is settled past them (:class:`WordAssigner`); the mix's
    unstable tail is shown under the role speaking most recently.
    """

    def __init__(self) -> None:
        self.assigner = WordAssigner()
        self._partial: Role | None = None

    def heard(self, update: SpeechUpdate, speaking: dict[Role, float], settled: float) -> list[TranscriptUpdate]:
        """Role speech decided up to ``settled`` (``speaking``: role -> start, still talking)."""
        words = self.assigner.push(turns=update.turns, open_turns=speaking, settled=settled)
        return self._updates(words, settled)

    def transcribed(self, update: TranscriptUpdate, speaking: dict[Role, float]) -> list[TranscriptUpdate]:
        """The mix's transcriber heard more: its committed words wait for their speaker."""
        out = self._updates(self.assigner.push(words=update.committed), update.at)
        role: Role = max(speaking, key=speaking.__getitem__) if speaking else (self._partial or MIX)
        if self._partial is not None and self._partial != role:
            out.append(TranscriptUpdate(self._partial, at=update.at))  # its old tail moves over
        self._partial = role
        return out + [TranscriptUpdate(role, partial=update.partial, at=update.at)]

    def finish(self, end: float) -> list[TranscriptUpdate]:
        return self._updates(self.assigner.finish(end), end)

    @staticmethod
    def _updates(words: list[Word], at: float) -> list[TranscriptUpdate]:
        """Runs of one role's words, in order."""
        out: list[TranscriptUpdate] = []
        for w in words:
            if out and out[-1].role == w.role:
                out[-1] = TranscriptUpdate(w.role, out[-1].committed + (w,), at=at)
            else:
                out.append(TranscriptUpdate(w.role, (w,), at=at))
        return out
