"""Reading call recordings: probe, then decode in blocks (constant memory for long calls).

libsndfile (through soundfile) reads wav (PCM, float, mu-law, A-law), flac, ogg and mp3. Anything
it cannot read (m4a/aac, opus in webm, ...) goes through torchcodec's ffmpeg decoder, imported
only then because it loads torch. Every failure becomes an :class:`AudioError` naming the file and
the problem in one line; NaN/inf samples are replaced and samples are clipped to [-1, 1].
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import soundfile as sf

from audio.filecheck import MAX_SAMPLE_RATE, MIN_SAMPLE_RATE, looks_like_text, regular_file_size, wav_header_problem
from coach.config import AudioConfig
from coach.errors import AudioError
from coach.vocab import Chunk

log = logging.getLogger(__name__)

FFMPEG_WINDOW_S = 5.0
"""How much audio one torchcodec call decodes; bounds memory whatever the file's length."""

PADDING_S = 0.1
PADDING_FRAMES = 2048
"""Decoded audio beyond the container's duration by at most this much (seconds, or frames, whichever
is more) is codec padding and is trimmed."""

Backend = Literal["soundfile", "ffmpeg"]


@dataclass(frozen=True)
class AudioInfo:
    """What a recording is, before any sample is decoded."""

    path: Path
    sample_rate: int
    channels: int
    frames: int  # from the header; for ffmpeg-decoded files, the container's duration x rate
    format: str  # e.g. "FLAC/PCM_16", "WAV/ULAW", "M4A/aac"
    backend: Backend = "soundfile"

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0


# ---------------------------------------------------------------------------------------- probe


def probe(path: Path) -> AudioInfo:
    """Open ``path`` just far enough to know its rate, channels and length."""
    path = Path(path)
    size = regular_file_size(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise AudioError(f"{path}: cannot read ({exc.strerror or type(exc).__name__})") from None
    if size == 0:
        raise AudioError(f"{path}: file is empty")
    try:
        info = _probe_soundfile(path)
    except _Unreadable as sf_failure:
        info = _probe_ffmpeg(path, head, sf_failure.reason)
    if info.channels < 1:
        raise AudioError(f"{path}: has no audio channels")
    _check_rate(path, info.sample_rate)
    if info.frames <= 0 and info.backend == "soundfile":
        raise AudioError(f"{path}: contains no audio (0 frames)")
    return info


class _Unreadable(Exception):
    """A backend cannot open the file; ``reason`` is its one-line explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _probe_soundfile(path: Path) -> AudioInfo:
    try:
        with _quiet_native_stderr():
            info = sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError, ValueError, OSError) as exc:
        reason = _reason(exc)
        if "is not a regular file" in reason:  # what libsndfile says of data it cannot place (its MPEG probe)
            reason = "format not recognised"
        raise _Unreadable(reason) from None
    return AudioInfo(path, int(info.samplerate), int(info.channels), int(info.frames),
                     f"{info.format}/{info.subtype}", "soundfile")


def _probe_ffmpeg(path: Path, head: bytes, sf_reason: str) -> AudioInfo:
    """The fallback for what libsndfile cannot read; the error prefers the most specific reason."""
    header_problem = wav_header_problem(head, complete=len(head) < 4096)
    if header_problem:
        raise AudioError(f"{path}: {header_problem}")
    if looks_like_text(head):
        raise AudioError(f"{path}: looks like a text file, not audio")
    try:
        decoder = _open_ffmpeg(path)
    except _Unreadable as exc:
        raise AudioError(f"{path}: not a readable audio file ({sf_reason}; ffmpeg: {exc.reason})") from None
    meta = decoder.metadata
    rate = int(meta.sample_rate or 0)
    channels = int(meta.num_channels or 0)
    duration = meta.duration_seconds or meta.duration_seconds_from_header or 0.0
    frames = int(round(float(duration) * rate))
    _check_rate(path, rate)
    if channels < 1:
        raise AudioError(f"{path}: has no audio channels")
    # The container's duration may be missing or estimated: decode a first window to be sure
    # there is audio at all, so an empty stream fails here and not halfway through a review.
    first = next(_ffmpeg_windows(path, decoder, rate), None)
    if first is None or first.shape[0] == 0:
        raise AudioError(f"{path}: contains no audio (0 frames)")
    container = path.suffix.lstrip(".").upper() or "FFMPEG"
    frames = frames if frames > 0 else first.shape[0]
    return AudioInfo(path, rate, channels, frames, f"{container}/{meta.codec}", "ffmpeg")


def _check_rate(path: Path, rate: int) -> None:
    if not MIN_SAMPLE_RATE <= rate <= MAX_SAMPLE_RATE:
        raise AudioError(f"{path}: sample rate {rate} Hz is outside {MIN_SAMPLE_RATE}-{MAX_SAMPLE_RATE} Hz")


def _reason(exc: BaseException) -> str:
    """One line out of a backend's message: no C++ file names, no 'Error opening <path>:'."""
    lines = [ln.strip() for ln in str(exc).strip().splitlines() if ln.strip()]
    text = lines[0] if lines else type(exc).__name__
    if text.startswith("Error opening") and ": " in text:
        text = text.split(": ", 1)[-1]
    if ".cpp:" in text:  # torchcodec: "SingleStreamDecoder, /path/File.cpp:52, message"
        text = text.split(".cpp:", 1)[1].split(", ", 1)[-1]
    if text.startswith("Could not open input file: "):
        text = text.split(": ", 1)[1].split(" ", 1)[-1]
    return " ".join(text.split())[:200]


@contextlib.contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Mute file descriptor 2 while a C decoder runs: libmpg123 (inside libsndfile) prints its
    warnings there, which would break the one-line error a user gets for a bad file.

    Only on the main thread: elsewhere a dashboard may be drawing on stderr (Textual does).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        quiet = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError):  # no fd 2 to mute
        yield
        return
    try:
        os.dup2(quiet, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(quiet)


# ---------------------------------------------------------------------------------------- channels


def pick_channels(info: AudioInfo, config: AudioConfig) -> tuple[int, int] | None:
    """The two file channels to use, in output column order, or None to keep all (1 or 2).

    With more than two channels, ``[audio] channels = 'AGENT,CUSTOMER'`` names them; the agent's
    lands in column ``agent_channel`` so that :func:`audio.sources.channel_roles` holds.
    """
    if info.channels <= 2:
        return None
    if not config.channels.strip():
        raise AudioError(f"{info.path}: has {info.channels} channels; set [audio] channels = 'AGENT,CUSTOMER' "
                         f"to pick two (0-{info.channels - 1})")
    parts = [p.strip() for p in config.channels.split(",")]
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise AudioError(f"{info.path}: [audio] channels = {config.channels!r} must be two channel numbers "
                         f"'AGENT,CUSTOMER', e.g. '0,1'")
    agent, customer = int(parts[0]), int(parts[1])
    for ch in (agent, customer):
        if ch >= info.channels:
            raise AudioError(f"{info.path}: [audio] channels names channel {ch}, but the file has "
                             f"{info.channels} (0-{info.channels - 1})")
    if agent == customer:
        raise AudioError(f"{info.path}: [audio] channels = {config.channels!r} names the same channel twice")
    return (agent, customer) if config.agent_channel == 0 else (customer, agent)


# ---------------------------------------------------------------------------------------- blocks


def read_blocks(info: AudioInfo, block_s: float = 1.0,
                channels: tuple[int, ...] | None = None) -> Iterator[Chunk]:
    """Decode the file in blocks of ``block_s`` seconds (the last may be shorter).

    Chunk samples: (frames, channels) float32, or (frames, len(channels)) when ``channels`` picks
    columns. Memory stays bounded by one block plus one decoder window, whatever the length.
    """
    block = max(1, int(round(block_s * info.sample_rate)))
    raw = _soundfile_blocks(info, block) if info.backend == "soundfile" else _ffmpeg_blocks(info)
    pending: list[npt.NDArray[np.float32]] = []  # each (n, c)
    held = 0
    start_frame = 0
    for x in raw:
        if channels is not None:
            x = x[:, list(channels)]
        x = _sanitise(x)
        pending.append(x)
        held += x.shape[0]
        if held < block:
            continue
        buf = np.concatenate(pending, axis=0) if len(pending) > 1 else pending[0]  # (held, c)
        cut = (held // block) * block
        for i in range(0, cut, block):
            yield Chunk(start_frame / info.sample_rate, np.ascontiguousarray(buf[i:i + block]), info.sample_rate)
            start_frame += block
        pending = [buf[cut:].copy()] if cut < held else []
        held -= cut
    if held:
        tail = np.concatenate(pending, axis=0) if len(pending) > 1 else pending[0]
        yield Chunk(start_frame / info.sample_rate, np.ascontiguousarray(tail), info.sample_rate)


def read_all(info: AudioInfo, channels: tuple[int, ...] | None = None) -> npt.NDArray[np.float32]:
    """The whole recording, shape (frames, channels) float32. For short calls and tests."""
    blocks = [c.samples for c in read_blocks(info, block_s=30.0, channels=channels)]
    if not blocks:
        return np.zeros((0, len(channels) if channels else info.channels), dtype=np.float32)
    return np.concatenate(blocks, axis=0)


def _sanitise(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Float files can hold NaN/inf or exceed full scale; the pipeline needs finite [-1, 1]."""
    if not np.isfinite(x).all():
        x = np.nan_to_num(x, nan=0.0, posinf=1.0, neginf=-1.0)
    return np.clip(x, -1.0, 1.0, out=x if x.flags.writeable else None)


def _soundfile_blocks(info: AudioInfo, block: int) -> Iterator[npt.NDArray[np.float32]]:
    done = 0
    mpeg = info.format.startswith("MP3")  # libmpg123 may print warnings on damaged frames
    try:
        with sf.SoundFile(str(info.path)) as fh:
            while True:
                if mpeg:
                    with _quiet_native_stderr():
                        x = fh.read(block, dtype="float32", always_2d=True)  # (n, channels)
                else:
                    x = fh.read(block, dtype="float32", always_2d=True)  # (n, channels)
                if x.shape[0] == 0:
                    break
                done += x.shape[0]
                yield x
    except (sf.LibsndfileError, RuntimeError, ValueError, OSError) as exc:
        raise AudioError(f"{info.path}: decoding failed at {done / info.sample_rate:.1f} s "
                         f"({_reason(exc)})") from None
    if done < info.frames and not mpeg:  # an MP3's length is an estimate; every other header's is exact
        raise AudioError(f"{info.path}: the file shrank while it was read: {done / info.sample_rate:.1f} s of the "
                         f"{info.duration_s:.1f} s it held when opened; review it again once it is complete")


# ---------------------------------------------------------------------------------------- ffmpeg


def _open_ffmpeg(path: Path) -> Any:
    """A torchcodec AudioDecoder for ``path`` (typed Any: torchcodec ships no stubs for its core)."""
    try:
        from torchcodec.decoders import AudioDecoder
    except Exception as exc:  # torch/ffmpeg libraries missing or broken: report, never a traceback
        raise _Unreadable(f"decoder unavailable: {_reason(exc)}") from None
    try:
        return AudioDecoder(str(path))
    except Exception as exc:  # torchcodec raises RuntimeError/ValueError with C++ context
        raise _Unreadable(_reason(exc)) from None


def _ffmpeg_blocks(info: AudioInfo) -> Iterator[npt.NDArray[np.float32]]:
    try:
        decoder = _open_ffmpeg(info.path)
    except _Unreadable as exc:
        raise AudioError(f"{info.path}: cannot open for decoding ({exc.reason})") from None
    # Codecs pad their last frame (AAC: up to 1023 samples); the container's duration is exact,
    # so trim a small excess, one window held back to know where the end is. A large excess
    # means the duration was only an estimate (raw ADTS): then keep everything.
    held: npt.NDArray[np.float32] | None = None  # (n, channels)
    total = 0
    for x in _ffmpeg_windows(info.path, decoder, info.sample_rate):
        if held is not None:
            yield held
        held = x
        total += x.shape[0]
    if held is None:
        return
    excess = total - info.frames
    if 0 < excess <= max(PADDING_S * info.sample_rate, PADDING_FRAMES) and excess < held.shape[0]:
        held = held[: held.shape[0] - excess]
    yield held


def _ffmpeg_windows(path: Path, decoder: Any, rate: int) -> Iterator[npt.NDArray[np.float32]]:
    """Decode consecutive windows of whole codec frames, (n, channels) float32 each.

    torchcodec 0.13's public ``get_samples_played_in_range`` cuts at the requested stop, so the
    next call starts inside an already decoded frame, which makes it rewind to the beginning of
    the stream (quadratic time). The core op returns whole frames and their first pts; asking
    for the next window exactly where the last frame ended keeps decoding strictly forward.
    That relies on timestamps that agree with the sample count; where they do not (a stream
    with timestamp jumps, e.g. concatenated recordings), decoding goes on frame by frame with
    ``get_next_frame``, slower (one call per codec frame) but blind to timestamps.
    """
    from torchcodec import _core as core

    end = 0.0  # seconds: where the last decoded frame ended
    done = 0  # frames yielded
    while True:
        try:
            frames, first_pts = core.get_frames_by_pts_in_range_audio(
                decoder._decoder, start_seconds=end, stop_seconds=end + FFMPEG_WINDOW_S)
        except Exception as exc:
            if "No audio frames were decoded" in str(exc):
                return  # past the last frame: the normal end of the stream
            raise AudioError(f"{path}: decoding failed at {end:.1f} s ({_reason(exc)})") from None
        x = frames.numpy().T  # (n, channels)
        first = float(first_pts.item())
        if done and abs(first - end) > 1.5 / rate:
            log.debug("%s: timestamps jump at %.3f s (frame at %.3f s); decoding frame by frame", path, end, first)
            yield from _ffmpeg_sequential(path, rate, skip=done)
            return
        if x.shape[0] == 0:
            return
        end = first + x.shape[0] / rate
        done += x.shape[0]
        yield np.array(x, dtype=np.float32)  # own copy: (n, channels), contiguous


def _ffmpeg_sequential(path: Path, rate: int, skip: int) -> Iterator[npt.NDArray[np.float32]]:
    """Every decoded frame in order from a fresh decoder, the first ``skip`` frames left out,
    gathered into windows of about FFMPEG_WINDOW_S, (n, channels) float32 each."""
    from torchcodec import _core as core

    try:
        decoder = _open_ffmpeg(path)
    except _Unreadable as exc:
        raise AudioError(f"{path}: cannot reopen for decoding ({exc.reason})") from None
    window = int(FFMPEG_WINDOW_S * rate)
    parts: list[npt.NDArray[np.float32]] = []  # each (n, channels)
    held = 0
    decoded = 0
    while True:
        try:
            data, _, _ = core.get_next_frame(decoder._decoder)
        except IndexError:  # "no more frames left to decode"
            break
        except Exception as exc:
            raise AudioError(f"{path}: decoding failed at {decoded / rate:.1f} s ({_reason(exc)})") from None
        x = data.numpy().T  # (n, channels)
        n = x.shape[0]
        decoded += n
        if decoded <= skip:
            continue
        if decoded - n < skip:
            x = x[skip - (decoded - n):]
        parts.append(np.array(x, dtype=np.float32))
        held += x.shape[0]
        if held >= window:
            yield np.concatenate(parts, axis=0)
            parts, held = [], 0
    if parts:
        yield np.concatenate(parts, axis=0)
