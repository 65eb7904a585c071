"""Reviewing a recorded call: who spoke when, what was said, where the parties overlapped.

This is the batch path over a whole recording: decode, split channels into roles, Silero VAD
per channel for speech turns, faster-whisper (the review model) per channel for words, and the
overlaps between the two roles' turns.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from audio.decode import AudioInfo, probe, read_all
from audio.resample import MODEL_RATE, to_rate
from coach.config import CoachConfig
from coach.errors import AudioError, UserError
from coach.models import load_model, resolve
from coach.vocab import ROLES, Event, Overlap, Role, Segment, Turn, Word

AGENT_CHANNEL = 0


@dataclass(frozen=True)
class Review:
    """Everything found in one call; serialises to the ``coach.review/1`` document."""

    info: AudioInfo
    roles: dict[str, str]
    turns: tuple[Turn, ...]
    overlaps: tuple[Overlap, ...]
    segments: tuple[Segment, ...]
    words: tuple[Word, ...]
    events: tuple[Event, ...] = ()
    metrics: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "coach.review/1",
            "audio": {"path": str(self.info.path), "duration_s": round(self.info.duration_s, 3),
                      "sample_rate": self.info.sample_rate, "channels": self.info.channels},
            "roles": dict(self.roles),
            "segments": [{"role": s.role, "start": round(s.start, 3), "end": round(s.end, 3), "text": s.text}
                         for s in self.segments],
            "words": [{"role": w.role, "start": round(w.start, 3), "end": round(w.end, 3), "text": w.text,
                       "p": round(w.p, 3)} for w in self.words],
            "events": [e.to_dict() for e in self.events],
            "metrics": dict(self.metrics),
        }


def speech_turns(x16: np.ndarray, role: Role) -> list[Turn]:
    """Silero VAD over one channel at 16 kHz. Shape of ``x16``: (n,)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    opts = VadOptions(threshold=0.5, min_speech_duration_ms=150, min_silence_duration_ms=300, speech_pad_ms=30)
    return [Turn(role, s["start"] / MODEL_RATE, s["end"] / MODEL_RATE)
            for s in get_speech_timestamps(x16, opts)]


def find_overlaps(turns: list[Turn]) -> list[Overlap]:
    """Stretches where both roles speak; ``first`` is whoever started their turn earlier."""
    agent = [t for t in turns if t.role == "agent"]
    customer = [t for t in turns if t.role == "customer"]
    out: list[Overlap] = []
    for a in agent:
        for c in customer:
            start, end = max(a.start, c.start), min(a.end, c.end)
            if start < end:
                first, second = ("agent", "customer") if a.start <= c.start else ("customer", "agent")
                out.append(Overlap(start, end, first, second))  # type: ignore[arg-type]
    return sorted(out, key=lambda o: o.start)


def transcribe(model: Any, x16: np.ndarray, role: Role) -> tuple[list[Segment], list[Word]]:
    segments, _ = model.transcribe(x16, language="en", beam_size=5, word_timestamps=True, vad_filter=True,
                                   condition_on_previous_text=False)
    segs: list[Segment] = []
    words: list[Word] = []
    for s in segments:
        segs.append(Segment(role, float(s.start), float(s.end), s.text.strip()))
        for w in s.words or []:
            words.append(Word(role, float(w.start), float(max(w.end, w.start)), w.word.strip(), float(w.probability)))
    return segs, words


def review_file(path: Path, config: CoachConfig) -> Review:
    info = probe(path)
    if info.channels == 1:
        raise UserError(f"{path}: mono recording; speaker diarization for mono calls is not available in this "
                        "version, use a stereo recording (agent on channel 0, customer on channel 1)")
    if info.channels > 2:
        raise AudioError(f"{path}: has {info.channels} channels; expected 1 or 2")
    audio = read_all(info)  # (frames, 2)
    model = load_model(resolve("whisper-base", config.models))
    channel_of: dict[Role, int] = {"agent": AGENT_CHANNEL, "customer": 1 - AGENT_CHANNEL}
    turns: list[Turn] = []
    segments: list[Segment] = []
    words: list[Word] = []
    for role in ROLES:
        x16 = to_rate(audio[:, channel_of[role]], info.sample_rate)
        turns += speech_turns(x16, role)
        segs, ws = transcribe(model, x16, role)
        segments += segs
        words += ws
    turns.sort(key=lambda t: t.start)
    segments.sort(key=lambda s: s.start)
    words.sort(key=lambda w: w.start)
    overlaps = find_overlaps(turns)
    agent_s = sum(t.duration for t in turns if t.role == "agent")
    speech_s = agent_s + sum(t.duration for t in turns if t.role == "customer")
    metrics = {"agent_talk_ratio": round(agent_s / speech_s, 3) if speech_s else 0.0,
               "overlap_s": round(sum(o.duration for o in overlaps), 3)}
    roles: dict[str, str] = {r: f"channel:{channel_of[r]}" for r in ROLES}
    return Review(info, roles, tuple(turns), tuple(overlaps), tuple(segments), tuple(words), (), metrics)


def format_summary(review: Review) -> str:
    info = review.info
    lines = [f"{info.path}: {info.duration_s:.1f} s, {info.sample_rate} Hz, {info.channels} ch ({info.format})",
             "roles: " + ", ".join(f"{r} = {how}" for r, how in review.roles.items())]
    for role in ROLES:
        ts = [t for t in review.turns if t.role == role]
        lines.append(f"{role:<8} {len(ts)} turns, {sum(t.duration for t in ts):.1f} s of speech")
    lines.append(f"agent talk ratio {review.metrics.get('agent_talk_ratio', 0):.2f}")
    lines.append(f"{len(review.overlaps)} overlaps:")
    for o in review.overlaps:
        lines.append(f"  {o.start:6.2f}-{o.end:6.2f}  {o.second} spoke over {o.first} ({o.duration:.2f} s)")
    lines.append("transcript:")
    for s in review.segments:
        lines.append(f"  [{s.start:6.2f}] {s.role:<8} {s.text}")
    return "\n".join(lines)


def write_review_json(review: Review, out: Path) -> None:
    """Write atomically: a temporary file in the same folder, renamed into place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(review.to_dict(), fh, indent=1)
            fh.write("\n")
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
