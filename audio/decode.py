"""Reading call recordings: probe, then decode in blocks (constant memory for long calls).

libsndfile (through soundfile) reads wav (PCM, float, mu-law, A-law), flac, ogg and mp3.
Every failure becomes an :class:`AudioError` naming the file and the problem in one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from coach.errors import AudioError
from coach.vocab import Chunk

MAX_SAMPLE_RATE = 192_000


@dataclass(frozen=True)
class AudioInfo:
    """What a recording is, before any sample is decoded."""

    path: Path
    sample_rate: int
    channels: int
    frames: int
    format: str  # e.g. "FLAC/PCM_16", "WAV/ULAW"

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0


def probe(path: Path) -> AudioInfo:
    """Open ``path`` just far enough to know its rate, channels and length."""
    if not path.exists():
        raise AudioError(f"{path}: file not found")
    if path.is_dir():
        raise AudioError(f"{path}: is a folder, not an audio file")
    if path.stat().st_size == 0:
        raise AudioError(f"{path}: file is empty")
    try:
        info = sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError) as exc:
        raise AudioError(f"{path}: not a readable audio file ({_reason(exc)})") from None
    if info.channels < 1:
        raise AudioError(f"{path}: has no audio channels")
    if not 1000 <= info.samplerate <= MAX_SAMPLE_RATE:
        raise AudioError(f"{path}: sample rate {info.samplerate} Hz is outside 1000-{MAX_SAMPLE_RATE} Hz")
    return AudioInfo(path, int(info.samplerate), int(info.channels), int(info.frames),
                     f"{info.format}/{info.subtype}")


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    return text.split(": ", 1)[-1] if text.startswith("Error opening") else text


def read_blocks(info: AudioInfo, block_s: float = 1.0) -> Iterator[Chunk]:
    """Decode the file in blocks of ``block_s`` seconds. Chunk samples: (frames, channels) float32."""
    block = max(1, int(round(block_s * info.sample_rate)))
    start_frame = 0
    try:
        with sf.SoundFile(str(info.path)) as fh:
            while True:
                x = fh.read(block, dtype="float32", always_2d=True)  # (n, channels)
                if x.shape[0] == 0:
                    break
                if not np.isfinite(x).all():
                    x = np.nan_to_num(x, nan=0.0, posinf=1.0, neginf=-1.0)
                yield Chunk(start_frame / info.sample_rate, x, info.sample_rate)
                start_frame += x.shape[0]
    except (sf.LibsndfileError, RuntimeError) as exc:
        raise AudioError(f"{info.path}: decoding failed at {start_frame / info.sample_rate:.1f} s "
                         f"({_reason(exc)})") from None


def read_all(info: AudioInfo) -> np.ndarray:
    """The whole recording, shape (frames, channels) float32. For short calls and tests."""
    blocks = [c.samples for c in read_blocks(info, block_s=30.0)]
    if not blocks:
        return np.zeros((0, info.channels), dtype=np.float32)
    return np.concatenate(blocks, axis=0)
