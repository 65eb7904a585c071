"""Wiring the stages. The only room that knows them all.

A review is a replay at infinite speed: the same stages a live call runs, fed from a file as
fast as it decodes. Stages are plain synchronous objects; this module starts no threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from audio.roles import RoleAudio, RoleSplitter
from audio.sources import FileSource
from coach.analyze.overlaps import OverlapAnalyzer
from coach.asr.review import TurnTranscriber
from coach.config import CoachConfig
from coach.models import load_model, resolve
from coach.speech.channels import ChannelSpeech
from coach.speech.turns import TurnBuilder, merge_changes
from coach.speech.vad import load_silero
from coach.vocab import ROLES, Event, Overlap, Role, Segment, SpeechChange, SpeechUpdate, Turn, Word

_EMPTY = np.zeros(0, dtype=np.float32)


@dataclass
class CallAnalysis:
    """Everything the stages produced for one call, in call time."""

    turns: list[Turn] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def add_speech(self, update: SpeechUpdate) -> None:
        self.turns += update.turns
        self.overlaps += update.overlaps

    def sort(self) -> None:
        for items in (self.turns, self.overlaps, self.segments, self.words, self.events):
            items.sort(key=lambda x: x.start)


def analyse_stereo(source: FileSource, config: CoachConfig) -> CallAnalysis:
    """Who spoke when (channel VAD) and what was said (review model, per turn) in a stereo call."""
    splitter = RoleSplitter(source.sample_rate, config.audio)
    speech = ChannelSpeech(load_silero(resolve("silero-vad", config.models).path), config.vad)
    model = load_model(resolve("whisper-base", config.models), threads=2)
    asr = {role: TurnTranscriber(role, model, beam_size=5) for role in ROLES}
    overlaps = OverlapAnalyzer(config.overlaps)
    out = CallAnalysis()

    def feed(audio: RoleAudio, update: SpeechUpdate) -> None:
        out.add_speech(update)
        out.events += overlaps.push(update)
        for role in ROLES:
            segments, words = asr[role].push(audio.get(role, _EMPTY), update.turns)
            out.segments += segments
            out.words += words

    for chunk in source:
        audio = splitter.push(chunk)
        feed(audio, speech.push(audio))
    tail = splitter.finish()
    feed(tail, speech.push(tail))
    feed({}, speech.finish(source.info.duration_s))
    out.events += overlaps.finish(source.info.duration_s)
    for role in ROLES:
        segments, words = asr[role].finish()
        out.segments += segments
        out.words += words
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


def analyse_mono(source: FileSource, config: CoachConfig) -> tuple[CallAnalysis, dict[str, str]]:
    """Who spoke when (offline diarization of the whole file) and what was said, in a mono call.

    Returns the analysis and the review document's ``roles`` (how each role was found).
    """
    from audio.resample import MODEL_RATE, StreamResampler
    from coach.speech.diarize import Diarizer
    from coach.speech.roles import assign_roles

    resampler = StreamResampler(source.sample_rate, MODEL_RATE)
    blocks = [resampler.push(chunk.samples[:, 0]) for chunk in source]
    x16 = np.concatenate(blocks + [resampler.finish()])  # (n,) the whole call: diarization sees it all
    diarization = Diarizer(config.diarization, config.models)(x16)
    assignment = assign_roles(diarization, config.diarization, samples=x16)
    role_of: dict[str, Role] = {label: assignment.role_of(label) for label in diarization.speakers}
    turns = [Turn(role_of[t.speaker], t.start, t.end) for t in diarization.turns]
    changes = _role_changes(turns, config.vad.min_silence_s)
    end = source.info.duration_s
    builder = TurnBuilder()
    closed = builder.push_all(changes) + builder.finish(end)
    update = SpeechUpdate(tuple(changes), tuple(r for r in closed if isinstance(r, Turn)),
                          tuple(r for r in closed if isinstance(r, Overlap)))
    out = CallAnalysis()
    out.add_speech(update)
    analyzer = OverlapAnalyzer(config.overlaps)
    out.events += analyzer.push(update) + analyzer.finish(end)
    model = load_model(resolve("whisper-base", config.models), threads=2)
    for role in ROLES:
        asr = TurnTranscriber(role, model, beam_size=5)
        segments, words = asr.push(x16, update.turns)
        more_segments, more_words = asr.finish()
        out.segments += segments + more_segments
        out.words += words + more_words
    out.sort()
    return out, {**assignment.roles_field(), "agent_by": assignment.method}
