"""Reviewing a recorded call: who spoke when, what was said, where the parties overlapped.

The recording runs through the same stages as a live call (see :mod:`coach.pipeline`), as fast
as it decodes; this module turns the result into the ``coach.review/1`` document and a summary.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audio.decode import AudioInfo
from audio.sources import FileSource, role_channels
from coach.config import CoachConfig
from coach.pipeline import analyse_mono, analyse_stereo
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "coach.review/1",
            "audio": {"path": str(self.info.path), "duration_s": round(self.info.duration_s, 3),
                      "sample_rate": self.info.sample_rate, "channels": self.info.channels},
            "roles": dict(self.roles),
            "segments": [{"role": s.role, "start": round(s.start, 3), "end": round(s.end, 3), "text": s.text}
                         for s in self.segments],
            # Additive to coach.review/1: who spoke when, independent of the transcript.
            "turns": [{"role": t.role, "start": round(t.start, 3), "end": round(t.end, 3)} for t in self.turns],
            "words": [{"role": w.role, "start": round(w.start, 3), "end": round(w.end, 3), "text": w.text,
                       "p": round(w.p, 3)} for w in self.words],
            "events": [e.to_dict() for e in self.events],
            "metrics": dict(self.metrics),
        }


def review_file(path: Path, config: CoachConfig) -> Review:
    """Run the whole pipeline over a recording."""
    with FileSource(path, config.audio) as source:
        info = source.info
        if source.num_channels == 1:
            analysis, roles = analyse_mono(source, config)
        else:
            analysis = analyse_stereo(source, config)
            columns = role_channels(config.audio)
            picked = source.channels
            roles = {r: f"channel:{picked[columns[r]] if picked else columns[r]}" for r in ROLES}
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
    }
    return Review(info, roles, tuple(analysis.turns), tuple(analysis.overlaps), tuple(analysis.segments),
                  tuple(analysis.words), tuple(events), metrics)


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
        lines.append(f"  {e.start:6.2f}-{e.end:6.2f}  {e.kind:<22} {e.role:<8} {e.message}")
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
