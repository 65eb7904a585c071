"""Wiring the stages. The only room that knows them all: the stage graph is built here, once.

A call runs one of two shapes of one graph:

- **stereo**: a channel per role -> channel VADs (:class:`ChannelSpeech`) -> a transcriber per role;
- **mono**: the mix -> diarization (who speaks when, by voice) -> one transcriber over the mix ->
  each word to the role heard saying it (:class:`WordAssigner`).

Both feed the same analyzer (:class:`CallCoach`) and prosody. A review is that graph fed by a
:class:`FileSource` with no pacing (its transcriber is the accurate review model, and a mono
review diarizes the whole file at once, which the DER table in the README shows is better than
streaming); a live call (:mod:`coach.live`) is the same graph on threads, with the streaming
transcriber and diarizer (the stages only live adds are in :mod:`coach.pipeline_live`). Stages are
plain synchronous objects; this module starts no threads.
Models come from the caller's :class:`Models`; nothing here loads one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from audio.roles import RoleSplitter
from audio.sources import FileSource
from coach.analyze.coach import CallCoach
from coach.analyze.prosody import ProsodyTracker
from coach.asr.assign import WordAssigner
from coach.asr.review import TurnTranscriber, segments_by_turn
from coach.asr.whisper import WhisperEngine
from coach.config import CoachConfig
from coach.models import Models
from coach.speech.channelcheck import ChannelCheck
from coach.speech.channels import ChannelSpeech
from coach.speech.mono import DiarizedSpeech, History
from coach.speech.turns import TurnBuilder, merge_changes
from coach.vocab import (
    ROLES,
    Chunk,
    Event,
    Nudge,
    Overlap,
    Role,
    RoleAudio,
    Segment,
    SpeechChange,
    SpeechUpdate,
    Turn,
    Word,
)

_EMPTY = np.zeros(0, dtype=np.float32)
MIX_GAP_S = 0.5  # mono: pauses shorter than this stay inside one stretch of speech to transcribe


@dataclass
class CallAnalysis:
    """Everything the stages produced for one call, in call time."""

    turns: list[Turn] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    nudges: list[Nudge] = field(default_factory=list)
    checklist: dict[str, Any] = field(default_factory=dict)
    prosody: dict[str, Any] = field(default_factory=dict)  # role -> compact pitch/loudness curve
    roles: dict[str, str] = field(default_factory=dict)  # a stereo file reviewed as mono: how roles were found
    channels: dict[str, Any] = field(default_factory=dict)  # stereo: the leak found per direction

    def add_coach(self, coach: CallCoach) -> None:
        """What the coach concluded once the call ended."""
        self.nudges = list(coach.nudges)
        self.checklist = coach.checklist.as_dict()
        self.prosody = {"agent": coach.curve.as_dict()}

    def add_speech(self, update: SpeechUpdate) -> None:
        self.turns += update.turns
        self.overlaps += update.overlaps

    def sort(self) -> None:
        for items in (self.turns, self.overlaps, self.segments, self.words, self.events):
            items.sort(key=lambda x: x.start)


MIX: Role = "agent"  # the key a mono call's mix travels under in RoleAudio (it is nobody's yet)


@dataclass(frozen=True)
class Shape:
    """Which shape of the graph a call runs, from call time ``start`` on."""

    mono: bool
    because: str = ""  # a two-channel input run as mono: why (the channel check's reason)
    column: int | None = None  # that input's live column (None: the mean of the columns)
    start: float = 0.0

    @property
    def streams(self) -> tuple[Role, ...]:
        """What the transcribers hear: each role's channel, or the mix."""
        return (MIX,) if self.mono else ROLES


STEREO = Shape(False)


class MixSplitter:
    """Plain stage: ``push(chunk)`` -> the call's mix at 16 kHz, as ``{MIX: samples}`` (a mono
    input's channel, or one column / the mean of a two-channel input found to be mono)."""

    def __init__(self, sample_rate: int, column: int | None = None) -> None:
        from audio.resample import MODEL_RATE, StreamResampler

        self.column = column
        self._resampler = StreamResampler(sample_rate, MODEL_RATE)

    def push(self, chunk: Chunk) -> RoleAudio:
        x = chunk.samples  # (frames, channels)
        mono = x[:, self.column] if self.column is not None else x.mean(axis=1, dtype=np.float32)
        return {MIX: self._resampler.push(np.ascontiguousarray(mono, dtype=np.float32))}

    def finish(self) -> RoleAudio:
        return {MIX: self._resampler.finish()}

    def reset(self) -> None:
        self._resampler.reset()


def splitter(shape: Shape, sample_rate: int, config: CoachConfig) -> RoleSplitter | MixSplitter:
    """Chunks to the 16 kHz streams of ``shape``."""
    return MixSplitter(sample_rate, shape.column) if shape.mono else RoleSplitter(sample_rate, config.audio)


def speech_stage(shape: Shape, config: CoachConfig, models: Models, start: float = 0.0,
                 history: History | None = None) -> ChannelSpeech | DiarizedSpeech:
    """Who speaks when: channel VADs (stereo) or the streaming diarizer (live mono; ``history``: a
    mid-call switch's mix before ``start``, diarized first, :class:`DiarizedSpeech`)."""
    if shape.mono:
        return DiarizedSpeech(config.diarization, config.vad, models, start=start, history=history)
    return ChannelSpeech(models.silero, config.vad, start=start, echo=config.echo)


def prosody_stage(shape: Shape, config: CoachConfig, start: float = 0.0) -> ProsodyTracker:
    """Stereo: both voices (the customer's backs empathy cues); mono: the mix, whose tone counts
    only inside the agent's turns."""
    return ProsodyTracker(shape.streams, config.prosody, start=start)


def _review_transcriber(config: CoachConfig, models: Models, roles: tuple[Role, ...] = ROLES) -> TurnTranscriber:
    """The review model (``models.threads`` cores) behind the turn packer, as ``[asr]`` says."""
    cfg = config.asr
    engine = models.shared("review-engine", lambda: WhisperEngine(models.whisper(cfg.review_model),
                                                                  beam_size=cfg.review_beam))
    return TurnTranscriber(engine, cfg, roles)


def _union(turns: tuple[Turn, ...], gap: float) -> list[tuple[float, float]]:
    """Stretches where anyone speaks, pauses shorter than ``gap`` bridged."""
    spans: list[list[float]] = []
    for t in sorted(turns, key=lambda t: t.start):
        if spans and t.start - spans[-1][1] < gap:
            spans[-1][1] = max(spans[-1][1], t.end)
        else:
            spans.append([t.start, t.end])
    return [(a, b) for a, b in spans]


def analyse_stereo(source: FileSource, config: CoachConfig, models: Models | None = None) -> CallAnalysis:
    """Who spoke when (channel VAD) and what was said (review model, per turn) in a stereo call.

    The start of the call is held until the channel check is sure (seconds, at most a minute): a
    call whose two channels carry one signal, or whose one channel is dead, is reviewed as mono
    (the live channel diarized), with the reason in ``roles.mono_because``.
    """
    models = Models.of(models or config.models)
    splitter = RoleSplitter(source.sample_rate, config.audio)
    check = ChannelCheck(config.channels)
    chunks = iter(source)
    held: list[RoleAudio] = []
    verdict = None
    for chunk in chunks:
        held.append(splitter.push(chunk))
        if (verdict := check.push(held[-1])) is not None:
            break
    if verdict is None or not verdict.stereo:
        held += [splitter.push(chunk) for chunk in chunks] + [splitter.finish()]
        verdict = verdict or check.finish()
    if not verdict.stereo:
        live = [verdict.live] if verdict.live else list(ROLES)
        x16 = np.concatenate([np.mean([a[r] for r in live], axis=0) for a in held if a])  # (n,) the mix
        out, roles = _mono_analysis(x16.astype(np.float32), source.info.duration_s, config, models)
        out.roles = {**roles, "mono_because": verdict.reason}
        return out
    return _stereo_analysis(source, config, models, splitter, held, chunks)


def _stereo_analysis(source: FileSource, config: CoachConfig, models: Models, splitter: RoleSplitter,
                     held: list[RoleAudio], chunks: Any) -> CallAnalysis:
    speech = speech_stage(STEREO, config, models)
    assert isinstance(speech, ChannelSpeech)
    asr = _review_transcriber(config, models)
    coach = CallCoach(config)
    prosody = prosody_stage(STEREO, config)
    out = CallAnalysis()

    def feed(audio: RoleAudio, update: SpeechUpdate) -> None:
        out.add_speech(update)
        out.events += coach.push(speech=update, frames=prosody.push(audio))
        segments, words = asr.push(audio, update.turns, update.changes)
        out.segments += segments
        out.words += words
        out.events += coach.push(words=words)

    for audio in held:
        feed(audio, speech.push(audio))
    for chunk in chunks:
        audio = splitter.push(chunk)
        feed(audio, speech.push(audio))
    tail = splitter.finish()
    feed(tail, speech.push(tail))
    feed({}, speech.finish(source.info.duration_s))
    out.events += coach.push(frames=prosody.finish())
    segments, words = asr.finish()
    out.segments += segments
    out.words += words
    out.events += coach.push(words=words)
    out.events += coach.finish(source.info.duration_s)
    out.add_coach(coach)
    out.channels = {"leak": speech.leak.report()} if config.echo.enabled else {}
    out.sort()
    return out


def _role_changes(turns: list[Turn], min_gap: float) -> list[SpeechChange]:
    """Speech starts/ends per role from (possibly overlapping, same-role) turns; short gaps bridged."""
    changes: list[SpeechChange] = []
    for role in ROLES:
        spans: list[list[float]] = []
        for t in sorted((t for t in turns if t.role == role), key=lambda t: t.start):
            if spans and t.start - spans[-1][1] < min_gap:
                spans[-1][1] = max(spans[-1][1], t.end)
            else:
                spans.append([t.start, t.end])
        for start, end in spans:
            changes += [SpeechChange(role, start, True, start), SpeechChange(role, end, False, end)]
    return merge_changes(changes)


def analyse_mono(source: FileSource, config: CoachConfig,
                 models: Models | None = None) -> tuple[CallAnalysis, dict[str, str]]:
    """Who spoke when (offline diarization of the whole file) and what was said, in a mono call.

    Returns the analysis and the review document's ``roles`` (how each role was found).
    """
    from audio.resample import MODEL_RATE, StreamResampler

    resampler = StreamResampler(source.sample_rate, MODEL_RATE)
    blocks = [resampler.push(chunk.samples[:, 0]) for chunk in source]
    x16 = np.concatenate(blocks + [resampler.finish()])  # (n,) the whole call: diarization sees it all
    return _mono_analysis(x16, source.info.duration_s, config, Models.of(models or config.models))


def _mono_analysis(x16: np.ndarray, end: float, config: CoachConfig,
                   models: Models) -> tuple[CallAnalysis, dict[str, str]]:
    """Diarize and transcribe a mono call given as 16 kHz samples (shape (n,))."""
    from coach.speech.diarize import Diarizer
    from coach.speech.roles import assign_roles

    diarization = Diarizer(config.diarization, models)(x16)
    assignment = assign_roles(diarization, config.diarization, samples=x16)
    role_of: dict[str, Role] = {label: assignment.role_of(label) for label in diarization.speakers}
    turns = [Turn(role_of[t.speaker], t.start, t.end) for t in diarization.turns]
    changes = _role_changes(turns, config.vad.min_silence_s)
    builder = TurnBuilder()
    closed = builder.push_all(changes) + builder.finish(end)
    update = SpeechUpdate(tuple(changes), tuple(r for r in closed if isinstance(r, Turn)),
                          tuple(r for r in closed if isinstance(r, Overlap)))
    out = CallAnalysis()
    out.add_speech(update)
    coach = CallCoach(config)
    prosody = prosody_stage(Shape(True), config)  # the mix: tone keeps only frames in agent turns
    out.events += coach.push(speech=update, frames=prosody.push({MIX: x16}) + prosody.finish())
    # The mix is transcribed where anyone speaks (a role's turns alone would cut words at every
    # change of speaker and lose their context); then each word goes to the speaker heard saying it.
    asr = _review_transcriber(config, models, roles=(MIX,))
    speech = tuple(Turn(MIX, a, b) for a, b in _union(update.turns, MIX_GAP_S))
    _, heard = asr.push({MIX: x16}, speech)
    heard += asr.finish()[1]
    assigner = WordAssigner()
    words = assigner.push(heard, update.turns) + assigner.finish(end)
    out.words += words
    out.segments += segments_by_turn(words, update.turns)
    out.events += coach.push(words=words)
    out.events += coach.finish(end)
    out.add_coach(coach)
    out.sort()
    return out, {**assignment.roles_field(), "agent_by": assignment.method}
