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
from coach.speech.vad import load_silero
from coach.vocab import ROLES, Event, Overlap, Segment, SpeechUpdate, Turn, Word

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

