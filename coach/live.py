"""Live coaching: the call's stages on threads, fed by live devices or a recording at real-time pace.

The only place with threads. Each stage is the same plain object a review uses; here each runs
on its own thread, joined by bounded queues that end with a sentinel::

    capture --chunks--> speech (roles, VAD, turns) --role audio--> asr (one Whisper, both roles)
                           \\--speech updates--> analyze <--transcript updates--/
                                                   \\--> emit(item) to the dashboard

The stages and the graph's two shapes come from :mod:`coach.pipeline`; a mono input (or a stereo
one whose channel check finds one voice twice, or a dead channel) runs the mono shape: the mix is
diarized and transcribed, and each word gets the role heard saying it. One Whisper thread serves
every stream (one core at most); the speech stage never waits for it. The ASR thread passes its
backlog to the transcribers, which coarsen and then skip to catch up. ``emit`` gets each
:data:`LiveItem` from the analyze thread (``Status`` from the capture thread) and must not block.
Back-pressure (memory bounded, the call recorded whatever happens downstream):
:mod:`coach.backpressure`. :attr:`Status.delay_s`: how far coaching lags the audio captured.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from audio.resample import MODEL_RATE
from audio.sources import role_channels
from coach import pipeline
from coach.analyze.coach import CallCoach
from coach.analyze.meters import ToneMeterTracker
from coach.backpressure import Gap, Valve, offer
from coach.config import CoachConfig
from coach.models import Models
from coach.pipeline import STEREO, Shape
from coach.pipeline_live import ChannelHold, History, LiveTranscription, MonoWords
from coach.speech.channelcheck import ChannelVerdict
from coach.vocab import (
    Chunk,
    Event,
    LiveItem,
    ProsodyFrame,
    Role,
    RoleAudio,
    SpeechUpdate,
    Status,
    TranscriptUpdate,
)

if TYPE_CHECKING:
    from coach.session.recorder import SessionRecorder

log = logging.getLogger(__name__)

_END = object()  # the sentinel that ends a queue
QUEUE_CHUNKS = 600  # chunks the speech stage may lag behind capture (60 s of 0.1 s chunks)
ASR_QUEUE_S = 60.0  # audio the ASR stage may lag behind speech (at least 2 x [asr] drop_s), ~8 MB
ANALYZE_QUEUE = 2000  # items the analyze stage may lag behind (about a minute of a busy call)
STATUS_EVERY_S = 1.0


@dataclass(frozen=True)
class _Heard:
    """A speech update and the call time the speech stage had reached when it made it."""

    at: float
    update: SpeechUpdate
    settled: float  # call time up to which who speaks is final (the VADs' open candidates aside)
    speaking: dict[Role, float] | None = None  # mono: roles talking at ``settled`` (role -> start)


class StageFailed(RuntimeError):
    """A stage raised: the call ends, and this one line says which stage and why."""


class LiveSession:
    """One call, live: ``start()``, then items arrive through ``emit``; ``stop()`` or the end of
    the source ends it, ``join()`` waits until every stage has finished and flushed."""

    def __init__(self, source: Iterable[Chunk], sample_rate: int, config: CoachConfig,
                 emit: Callable[[LiveItem], None], models: Models | None = None, *,
                 recorder: SessionRecorder | None = None) -> None:
        self.source = source
        self.config = config
        self.sample_rate = sample_rate
        self.recorder = recorder  # audio and findings to disk as they come (the caller finishes it)
        self.emit = emit if recorder is None else self._recorded(recorder, emit)
        self.models = models or Models(config.models)  # the process's models (loaded on first use)
        self.error: BaseException | None = None  # what ended the session early, if anything
        # The graph's shape is known at the first chunk (its columns) and may switch to mono once
        # (the channel check): the speech thread builds its stages; the others hear of it in order.
        self.shape: Shape | None = None
        self._split: Any = None  # chunks -> 16 kHz streams of the shape (speech thread)
        self._speech: Any = None  # who speaks when: ChannelSpeech or DiarizedSpeech (speech thread)
        self._prosody: Any = None
        self._hold: ChannelHold | None = None  # a stereo input's start, until the channel check is sure
        self._asr = LiveTranscription(config, self.models)  # ASR thread
        self._words: MonoWords | None = None  # mono: words to the diarized roles (analyze thread)
        self._speaking: dict[Role, float] = {}  # mono: roles talking, as the speech stage last said
        self._meter = ToneMeterTracker(config.tone, config.prosody.hop_s)  # the dashboard's pitch/loudness meters
        self.coach = CallCoach(config)  # its checklist is the call's, live and after join()
        self._to_speech: queue.Queue[Any] = queue.Queue(QUEUE_CHUNKS)
        asr_s = max(ASR_QUEUE_S, 2 * config.asr.drop_s)
        self._to_asr: queue.Queue[Any] = queue.Queue(max(10, int(asr_s / config.audio.block_s)))
        self._to_analyze: queue.Queue[Any] = queue.Queue(ANALYZE_QUEUE)
        self._captured = 0.0  # call time the capture thread has recorded (written by it alone)
        self._heard = 0.0  # call time the speech stage has reached (written by it alone)
        self._asr_at = 0.0  # call time the ASR stage has reached (written by it alone)
        self._analyzed = 0.0  # call time of the speech the analyze stage has taken (written by it alone)
        self._settled = 0.0  # call time up to which that speech is final (analyze stage)
        self._gap_s = 0.0  # capture -> speech gaps (capture thread)
        self._asr_gap_s = 0.0  # speech -> ASR gaps (speech thread)
        self._speech_valve = Valve(self._to_speech)  # capture thread only
        self._asr_valve = Valve(self._to_asr)  # speech thread only
        self.dropped_items = 0  # cheap items dropped because the analyze queue was full
        self._notices: list[str] = []  # device problems, newest last (capture thread)
        self._channel_notice = ""  # its finding, once (one str assignment: read by status())
        self._cpu0 = 0.0
        self._threads = [threading.Thread(target=self._guard, args=(f,), name=f"coach-{f.__name__.strip('_')}",
                                          daemon=True)
                         for f in (self._capture, self._speech_stage, self._asr_stage, self._analyze_stage)]

    # ------------------------------------------------------------------ control

    def start(self) -> None:
        self._cpu0 = time.process_time()
        for t in self._threads:
            t.start()

    def stop(self) -> None:
        """End the call: the source stops, what was heard is finished and flushed."""
        close = getattr(self.source, "close", None)
        if close is not None:
            close()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for every stage to finish; True when they have."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for t in self._threads:
            t.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in self._threads)

    def mark(self, at: float) -> None:
        """The agent marked call time ``at`` (recorded with the session's findings)."""
        if self.recorder is not None:
            self.recorder.mark(at)

    @staticmethod
    def _recorded(recorder: SessionRecorder, emit: Callable[[LiveItem], None]) -> Callable[[LiveItem], None]:
        """``emit`` that writes each finding to the session first: what was shown is on disk."""

        def tee(item: LiveItem) -> None:
            recorder.push(item)
            emit(item)

        return tee

    # ------------------------------------------------------------------ stages (one thread each)

    def _guard(self, stage: Callable[[], None]) -> None:
        try:
            stage()
        except BaseException as exc:  # noqa: BLE001 - a stage's failure ends the session, it is kept and logged
            log.exception("live stage %s failed", stage.__name__)
            name = stage.__name__.strip("_").replace("_stage", "")
            self.error = self.error or StageFailed(f"coaching stopped: the {name} stage failed "
                                                   f"({type(exc).__name__}: {exc})")
            self.stop()

    def _capture(self) -> None:
        last_status = 0.0
        try:
            for chunk in self.source:
                if self.recorder is not None:
                    self.recorder.push(chunk)  # first, in this thread: never waits for analysis
                self._captured = chunk.end
                if not self._speech_valve.offer(chunk, chunk.samples.shape[0]):
                    self._gap_s += chunk.duration
                self._check_source()
                if self._captured - last_status >= STATUS_EVERY_S:
                    last_status = self._captured
                    self.emit(self.status())  # from here: it comes even when analysis is stuck
        finally:
            self._check_source(ended=True)
            self._speech_valve.close()
            self._to_speech.put(_END)

    def _check_source(self, ended: bool = False) -> None:
        """A device lost (one of two, or the call's end) becomes a notice on screen and in the recording."""
        found = [str(x) for x in getattr(self.source, "losses", ())]
        lost = getattr(self.source, "lost", None) if ended else None
        if lost is not None and str(lost) not in found:
            found.append(str(lost))
        for text in found[len(self._notices):]:
            self._notices.append(text)
            log.warning("%s", text)
            if self.recorder is not None:
                self.recorder.note(self._captured, text)

    def _speech_stage(self) -> None:
        try:
            while (chunk := self._to_speech.get()) is not _END:
                if isinstance(chunk, Gap):
                    self._skip(chunk.frames)
                else:
                    self._hear(chunk)
            self._settle_hold()
            self._close_speech()
            self._asr_valve.close()
        finally:
            self._to_asr.put(_END)
            self._to_analyze.put(_END)

    def _hear(self, chunk: Chunk) -> None:
        if self.shape is None and not self._begin(STEREO if chunk.samples.shape[1] >= 2 else Shape(True)).mono:
            self._hold = ChannelHold(self.sample_rate, self.config)  # is it really two channels?
        ready, verdict = self._hold.push(chunk) if self._hold is not None else ([chunk], None)
        self._go_on(ready, verdict)

    def _settle_hold(self) -> None:
        """The call ended (or a gap came) while its start was held: the check decides on what it saw.
        Past the hold nothing waits for it, so nothing is re-shaped (a call stopped before the
        customer spoke is not announced as one with a dead channel)."""
        if self._hold is not None:
            held = self._hold.release()
            self._go_on(held, self._hold.check.finish() if held else None)
            self._hold = None

    def _go_on(self, ready: list[Chunk], verdict: ChannelVerdict | None) -> None:
        if verdict is not None and self._hold is not None:
            hold, self._hold = self._hold, None
            if not verdict.stereo:
                self._to_mono(verdict, hold.mix(verdict.live, self._heard))  # the call so far, from its start
        for c in ready:
            audio = self._split.push(c)
            self._heard = c.end
            self._forward(audio, self._speech.push(audio))

    def _begin(self, shape: Shape, announce: bool = True, history: History | None = None) -> Shape:
        """Build the speech thread's stages for ``shape``; tell the ASR and analyze threads (in order)."""
        self.shape = shape
        self._split = pipeline.splitter(shape, self.sample_rate, self.config)
        self._speech = pipeline.speech_stage(shape, self.config, self.models, start=self._heard, history=history)
        self._prosody = pipeline.prosody_stage(shape, self.config, start=self._heard)
        if announce:
            self._to_asr.put(shape)
            self._to_analyze.put(shape)
        return shape

    def _to_mono(self, verdict: ChannelVerdict, history: History) -> None:
        """Two columns of one voice (or one dead): diarized from here, as a review would (``history`` heard first)."""
        column = role_channels(self.config.audio)[verdict.live] if verdict.live else None
        self._close_speech()
        self._begin(Shape(True, verdict.reason, column, self._heard), True, history)
        since = f" from {self._heard:.0f} s" if self._heard >= 1 else ""
        self._channel_notice = f"{verdict.reason}: speakers told apart by voice{since}"
        log.warning("%s", self._channel_notice)

    def _close_speech(self) -> None:
        """What is open (resampler tail, turns, prosody frames) ends where the audio heard ends."""
        if self._speech is None:
            return
        tail = self._split.finish()
        self._forward(tail, self._speech.push(tail))
        self._to_analyze.put(self._heard_item(self._speech.finish(self._heard)))
        self._to_analyze.put(tuple(self._prosody.finish()))

    def _skip(self, frames: int) -> None:
        """A gap (analysis was full): close what was open, then start again after it at no cost."""
        self._settle_hold()
        self._close_speech()
        self._heard += frames / self.sample_rate
        if self.shape is not None:
            self._begin(self.shape, announce=False)
        self._asr_valve.pending += int(round(frames * MODEL_RATE / self.sample_rate))  # ASR skips it too

    def _heard_item(self, update: SpeechUpdate) -> _Heard:
        mono = self.shape is not None and self.shape.mono
        return _Heard(self._heard, update, self._speech.settled(), self._speech.speaking() if mono else None)

    def _forward(self, audio: RoleAudio, update: SpeechUpdate) -> None:
        heard = self._heard_item(update)  # even empty: it carries the clock
        if update.changes or update.turns or update.overlaps:
            self._to_analyze.put(heard)  # what happened: waits for room
        elif not offer(self._to_analyze, heard):
            self.dropped_items += 1  # only the clock: the next one carries it too
        frames = self._prosody.push(audio)
        if frames and not offer(self._to_analyze, tuple(frames)):
            self.dropped_items += 1  # prosody is the cheapest to lose (a hole in the tone meter)
        n = max((len(x) for x in audio.values()), default=0)
        if n and not self._asr_valve.offer(audio, n):
            self._asr_gap_s += n / MODEL_RATE

    def _asr_stage(self) -> None:
        try:
            while (audio := self._to_asr.get()) is not _END:
                if isinstance(audio, Shape):
                    self._put_all(self._asr.start(audio, audio.start))
                elif isinstance(audio, Gap):
                    self._skip_asr(audio.frames)
                else:
                    self._asr_at += max(len(x) for x in audio.values()) / MODEL_RATE
                    self._put_all(self._asr.push(audio, self.backlog_s()))
            self._put_all(self._asr.finish())
        finally:
            self._to_analyze.put(_END)

    def _skip_asr(self, frames: int) -> None:
        """A gap: what is open is finished (dropped when far behind); new transcribers after it."""
        self._put_all(self._asr.finish(drop=self.backlog_s() >= self.config.asr.drop_s))
        self._asr_at += frames / MODEL_RATE
        self._asr.start(self._asr.shape, self._asr_at)

    def _put_all(self, updates: list[TranscriptUpdate]) -> None:
        for update in updates:
            self._to_analyze.put(update)

    def _analyze_stage(self) -> None:
        ended = 0
        coach = self.coach
        while ended < 2:  # the speech and the ASR stages both end their output
            item = self._to_analyze.get()
            if item is _END:
                ended += 1
                continue
            events: list[Event] = []
            words: list[TranscriptUpdate] = []
            if isinstance(item, Shape):
                words = self._words.finish(self._analyzed) if self._words is not None else []
                self._words = MonoWords() if item.mono else None
            elif isinstance(item, _Heard):
                self._analyzed, self._settled = item.at, item.settled
                if item.update.changes or item.update.turns or item.update.overlaps:
                    self.emit(item.update)
                events = coach.push(speech=item.update)
                coach.ongoing(self._decided())  # a talk-over or a cold stretch nudges while it lasts
                self._speaking = item.speaking or {}
                if self._words is not None:
                    words = self._words.heard(item.update, self._speaking, item.settled)
            elif isinstance(item, TranscriptUpdate):
                words = self._words.transcribed(item, self._speaking) if self._words is not None else [item]
            elif isinstance(item, tuple):
                frames = cast(tuple[ProsodyFrame, ...], item)
                events = coach.push(frames=frames)
                if (meter := self._meter.push(frames)) is not None:
                    self.emit(meter)  # at most 2 per second of call
            else:
                self.emit(item)
            self._emit_all(events + self._emit_words(words))
        self._emit_all(self._emit_words(self._words.finish(self._heard) if self._words is not None else []))
        self._emit_all(coach.finish(self._heard))
        self.emit(self.status())

    def _emit_words(self, updates: list[TranscriptUpdate]) -> list[Event]:
        """Each transcript update to the screen, its words to the analyzer; the events they raised."""
        events: list[Event] = []
        for update in updates:
            self.emit(update)
            events += self.coach.push(words=update.committed)
        return events

    def _decided(self) -> float:
        """Call time up to which who-is-speaking is certain: the speech stage's settled time (a
        VAD's open pause or burst, or the diarizer's latency, is what is undecided)."""
        return max(0.0, self._settled)

    def _emit_all(self, events: list[Event]) -> None:
        for event in events:
            self.emit(event)
        if (meters := self.coach.take_meters()) is not None:
            self.emit(meters)  # the analyzer's counts (the dashboard's "interrupts"), before the nudge they explain
        for nudge in self.coach.take_nudges():
            self.emit(nudge)

    def backlog_s(self) -> float:
        """Audio heard but not yet given to the transcribers: each position has a single writer, so
        the difference needs no shared counter."""
        return max(0.0, self._heard - self._asr_at)

    def delay_s(self) -> float:
        """How far coaching lags the audio captured: the slower of analysis and transcription."""
        return max(0.0, self._captured - min(self._analyzed, self._asr_at))

    def status(self) -> Status:
        delay = self.delay_s()
        notices = self._notices + ([self.recorder.error] if self.recorder is not None and self.recorder.error else [])
        notices += [self._channel_notice] if self._channel_notice else []
        return Status(self._heard, self.backlog_s(), self._asr.behind, self._asr.total_skipped_s() + self._asr_gap_s,
                      time.process_time() - self._cpu0,
                      delay, delay >= self.config.live.delayed_s, self._gap_s, "; ".join(notices), self._roles_by())

    def _roles_by(self) -> str:
        """How the roles are told apart, for the header: by channel (""), or by voice and how."""
        if self.shape is None or not self.shape.mono:
            return ""
        method = getattr(self._speech, "method", "")
        return "by voice" + (f", agent {method.replace('rule: ', 'by ')}" if method else "")
