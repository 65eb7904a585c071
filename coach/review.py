"""Reviewing a recorded call: who spoke when, what was said, where the parties overlapped.

The recording runs through the same stages as a live call (see :mod:`coach.pipeline`), as fast
as it decodes; this module turns the result into the ``coach.review/1`` document and a summary.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audio.decode import AudioInfo
from audio.sources import FileSource, role_channels
from coach.config import CoachConfig
from coach.models import Models
from coach.review_doc import overlaps_to_dict
from coach.vocab import ROLES, Event, Overlap, Segment, Turn, Word


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
    checklist: dict[str, Any] = field(default_factory=dict)
    prosody: dict[str, Any] = field(default_factory=dict)
    marks: tuple[float, ...] = ()  # call times the agent marked during a live call (a recorded session's review)
    channels: dict[str, Any] = field(default_factory=dict)  # stereo: the leak found between the channels

    def to_dict(self) -> dict[str, Any]:
        doc = {
            "schema": "coach.review/1",
            "audio": {"path": str(self.info.path), "duration_s": round(self.info.duration_s, 3),
                      "sample_rate": self.info.sample_rate, "channels": self.info.channels},
            "roles": dict(self.roles),
            "segments": [{"role": s.role, "start": round(s.start, 3), "end": round(s.end, 3), "text": s.text}
                         for s in self.segments],
            # Additive to coach.review/1: who spoke when, independent of the transcript.
            "turns": [{"role": t.role, "start": round(t.start, 3), "end": round(t.end, 3)} for t in self.turns],
            "overlaps": overlaps_to_dict(self.overlaps),  # additive: where both spoke, who held the floor
            "words": [{"role": w.role, "start": round(w.start, 3), "end": round(w.end, 3), "text": w.text,
                       "p": round(w.p, 3)} for w in self.words],
            "events": [e.to_dict() for e in self.events],
            "metrics": dict(self.metrics),
        }
        # Additive to coach.review/1: the call checklist, and the agent's pitch/loudness curve for plots.
        if self.checklist:
            doc["checklist"] = self.checklist
        if self.prosody:
            doc["prosody"] = self.prosody
        if self.marks:
            doc["marks"] = marks_doc(self.marks)
        if self.channels:  # additive: each party's voice found leaking into the other's channel
            doc["channels"] = self.channels
        return doc


def marks_doc(marks: list[float] | tuple[float, ...]) -> list[dict[str, float]]:
    """Additive to coach.review/1: the moments the agent marked during the call, in call order."""
    return [{"at": round(float(t), 3)} for t in sorted(marks)]


REVIEW_BLOCK_S = 1.0
"""A review feeds the stages 1 s blocks (live: ``[audio] block_s``, 0.1 s). Every stage gives the same
results whatever the block size; bigger blocks cut the per-block overhead (a long call is mostly
silence, where that overhead is most of the work)."""


def review_file(path: Path, config: CoachConfig, models: Models | None = None) -> Review:
    """Run the whole pipeline over a recording, with the process's ``models`` (None: an owner for
    this review alone, from ``[models]``)."""
    audio = dataclasses.replace(config.audio, block_s=max(config.audio.block_s, REVIEW_BLOCK_S))
    with FileSource(path, audio) as source:  # a bad file fails here, before the stages and models load
        from coach.pipeline import analyse_mono, analyse_stereo

        info = source.info
        models = models or Models(config.models)
        if source.num_channels == 1:
            analysis, roles = analyse_mono(source, config, models)
        else:
            analysis = analyse_stereo(source, config, models)
            columns = role_channels(config.audio)
            picked = source.channels
            roles = analysis.roles or {r: f"channel:{picked[columns[r]] if picked else columns[r]}" for r in ROLES}
    agent_s = sum(t.duration for t in analysis.turns if t.role == "agent")
    speech_s = agent_s + sum(t.duration for t in analysis.turns if t.role == "customer")
    events = analysis.events

    def total(kind: str) -> float:
        return round(sum(e.end - e.start for e in events if e.kind == kind), 3)

    metrics = {
        "agent_talk_ratio": round(agent_s / speech_s, 3) if speech_s else 0.0,
        "interruptions": sum(e.kind == "interruption" for e in events),
        "customer_interruptions": sum(e.kind == "customer_interruption" for e in events),
        "backchannels": sum(e.kind == "backchannel" for e in events),
        "talk_over_s": total("talk_over"),
        "dead_air_s": total("dead_air"),
        "longest_monologue_s": max([e.end - e.start for e in events if e.kind == "monologue"], default=0.0),
        "overlap_s": round(sum(o.duration for o in analysis.overlaps), 3),
        "speaking_rate_wpm": {r: _words_per_minute(analysis.words, analysis.turns, r) for r in ROLES},
        "empathy_moments": sum(e.kind == "empathy" for e in events),
        "missing_empathy": sum(e.kind == "missing_empathy" for e in events),
        "phrases_to_avoid": sum(e.kind == "avoid_phrase" for e in events),
        "cold_tone_s": total("cold_tone"),
    }
    return Review(info, roles, tuple(analysis.turns), tuple(analysis.overlaps), tuple(analysis.segments),
                  tuple(analysis.words), tuple(events), metrics, analysis.checklist, analysis.prosody,
                  channels=analysis.channels)


def _words_per_minute(words: list[Word], turns: list[Turn], role: str) -> float:
    """Words per minute of the role's own speaking time (pauses between turns do not count)."""
    speech_s = sum(t.duration for t in turns if t.role == role)
    n = sum(len(w.text.split()) for w in words if w.role == role)
    return round(60.0 * n / speech_s, 1) if speech_s > 0 else 0.0


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
    lines.append(f"{len(review.events)} events:")
    for e in review.events:
        hint = f" Try: {e.detail['suggestion']}" if e.detail.get("suggestion") else ""
        lines.append(f"  {e.start:6.2f}-{e.end:6.2f}  {e.kind:<22} {e.role:<8} {e.message}{hint}")
    if review.marks:
        lines.append(f"{len(review.marks)} marked moments (by the agent, during the call):")
        lines.extend(f"  {t:6.2f}  marked" for t in sorted(review.marks))
    if review.checklist:
        lines.append("checklist:")
        marks = {"done": "[x]", "missed": "[ ]", "n/a": "[-]", "pending": "[.]"}
        for item in review.checklist.get("items", []):
            lines.append(f"  {marks.get(item['status'], '[?]')} {item['label']}")
        for flag in review.checklist.get("flags", []):
            lines.append(f"  ! {flag['kind']} at {flag['start']:.2f}: {flag['text']}")
    lines.append("transcript:")
    for s in review.segments:
        lines.append(f"  [{s.start:6.2f}] {s.role:<8} {s.text}")
    return "\n".join(lines)
