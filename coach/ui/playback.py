"""Playing a moment of a reviewed call through sounddevice (PortAudio).

Why its own module: the review screen only asks "play this stretch" from a worker thread and
shows one line of outcome; finding the recording, cutting the stretch, adapting it to the output
device and every way that can fail (no PortAudio, no output device, a moved recording) live here,
each failure a one-line :class:`UserError` the screen shows instead of crashing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from audio.decode import probe, read_blocks
from audio.devices import portaudio
from audio.resample import to_rate
from coach.errors import UserError


@dataclass(frozen=True)
class Clip:
    """A stretch of the recording, ready to play."""

    start: float  # call time of the first sample
    samples: npt.NDArray[np.float32]  # (frames, channels)
    rate: int

    @property
    def duration(self) -> float:
        return self.samples.shape[0] / self.rate if self.rate else 0.0


def find_recording(stored: str, review_json: Path | None = None) -> Path | None:
    """The recording a review document was made from (``stored``, its ``audio.path``): that path,
    else next to the JSON."""
    if not stored:
        return None
    path = Path(stored)
    candidates = [path]
    if review_json is not None and not path.is_absolute():
        candidates += [review_json.parent / path, review_json.parent / path.name]
    return next((c for c in candidates if c.is_file()), None)


def read_clip(path: Path, start: float, end: float) -> Clip:
    """Samples of ``[start, end)`` seconds of ``path`` (decoded block by block, nothing more kept)."""
    info = probe(path)  # AudioError (a UserError) when it is gone or unreadable
    rate = info.sample_rate
    first, last = int(max(0.0, start) * rate), int(max(start, end) * rate)
    parts: list[npt.NDArray[np.float32]] = []  # each (n, channels)
    for chunk in read_blocks(info, block_s=1.0):
        c0 = int(round(chunk.start * rate))
        c1 = c0 + chunk.samples.shape[0]
        if c1 <= first:
            continue
        if c0 >= last:
            break
        parts.append(chunk.samples[max(0, first - c0):min(c1, last) - c0])
    samples = np.concatenate(parts) if parts else np.zeros((0, info.channels), dtype=np.float32)
    return Clip(first / rate, samples, rate)


def play_clip(clip: Clip) -> str:
    """Play ``clip`` on the default output device and wait until it has played; says what played.

    The clip is resampled when the device does not take its rate (telephone audio is often 8 kHz)
    and mixed down for a mono device.
    """
    sd = portaudio()
    try:
        device: Any = sd.query_devices(kind="output")
    except (sd.PortAudioError, ValueError) as exc:
        raise UserError(f"no audio output device to play on ({' '.join(str(exc).split())})") from None
    samples, rate = clip.samples, clip.rate  # (frames, channels)
    if int(device["max_output_channels"]) < samples.shape[1]:
        samples = samples.mean(axis=1, keepdims=True, dtype=np.float32)
    try:
        sd.check_output_settings(channels=samples.shape[1], samplerate=rate, dtype="float32")
    except (sd.PortAudioError, ValueError):
        rate = int(device["default_samplerate"])
        samples = np.stack([to_rate(np.ascontiguousarray(samples[:, c]), clip.rate, rate)
                            for c in range(samples.shape[1])], axis=1)
    try:
        sd.play(samples, rate)
        sd.wait()
    except (sd.PortAudioError, ValueError) as exc:
        raise UserError(f"playback failed on {device['name']!r} ({' '.join(str(exc).split())})") from None
    return str(device["name"])


def stop_playback() -> None:
    """Stop whatever is playing (a new moment replaces the one playing)."""
    try:
        portaudio().stop()
    except Exception:  # noqa: BLE001 - nothing playing, or no PortAudio: nothing to stop
        return
