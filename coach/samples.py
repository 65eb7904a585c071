"""pyannote's real two-speaker telephone sample, used as a real-world fixture.

It ships inside the pyannote.audio wheel (``pyannote/audio/sample/``): a 30 s call, its
reference diarization (RTTM) and its transcript (STM). Located through the package metadata.
"""

from __future__ import annotations

import importlib.metadata as md
from dataclasses import dataclass
from pathlib import Path

from coach.errors import UserError


@dataclass(frozen=True)
class SpeakerTurn:
    """A reference turn with a diarization label (not yet mapped to agent/customer)."""

    speaker: str
    start: float
    end: float


@dataclass(frozen=True)
class TranscriptLine:
    speaker: str
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class RealSample:
    wav: Path
    rttm: Path
    stm: Path
    reference: tuple[SpeakerTurn, ...]
    transcript: tuple[TranscriptLine, ...]


def _parse_rttm(path: Path) -> tuple[SpeakerTurn, ...]:
    turns = []
    for line in path.read_text().splitlines():
        f = line.split()
        if len(f) >= 8 and f[0] == "SPEAKER":
            start, dur = float(f[3]), float(f[4])
            turns.append(SpeakerTurn(f[7], start, start + dur))
    return tuple(turns)


def _parse_stm(path: Path) -> tuple[TranscriptLine, ...]:
    lines = []
    for line in path.read_text().splitlines():
        f = line.split(maxsplit=5)
        if len(f) == 6:
            lines.append(TranscriptLine(f[2], float(f[3]), float(f[4]), f[5]))
    return tuple(lines)


def pyannote_sample() -> RealSample:
    try:
        dist = md.distribution("pyannote.audio")
    except md.PackageNotFoundError:
        raise UserError("pyannote.audio is not installed; run scripts/setup.sh") from None
    base = "pyannote/audio/sample/sample"
    wav, rttm, stm = (Path(str(dist.locate_file(f"{base}.{ext}"))) for ext in ("wav", "rttm", "stm"))
    for p in (wav, rttm, stm):
        if not p.is_file():
            raise UserError(f"{p}: missing from pyannote.audio {dist.version}")
    return RealSample(wav, rttm, stm, _parse_rttm(rttm), _parse_stm(stm))
