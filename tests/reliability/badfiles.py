"""Concrete bad (and awkward but valid) recordings, generated into a folder for the reliability tests.

Each maker writes one file (or folder) and returns its path. The table in ``test_bad_files`` says
what a user must see for each: exit code 2 and one line naming the file and the problem, or a
correct review.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soundfile as sf

RATE = 8000


def wav_bytes(rate: int = RATE, channels: int = 1, frames: int = 80, *, fmt_tag: int = 1, bits: int = 16,
              data: bytes | None = None, data_size: int | None = None) -> bytes:
    """A RIFF/WAVE file built field by field, so any header field can be made wrong."""
    width = max(bits // 8, 1)
    if data is None:
        data = np.zeros(frames * max(channels, 1), dtype="<i2").tobytes() if bits == 16 else bytes(frames * width)
    block_align = channels * width
    fmt = struct.pack("<HHIIHH", fmt_tag, channels, rate % 2**32, (rate * block_align) % 2**32, block_align, bits)
    size = len(data) if data_size is None else data_size
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", size) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def tones(seconds: float, channels: int = 2, rate: int = RATE) -> npt.NDArray[np.float32]:
    """Quiet distinct tones per channel, (frames, channels): valid audio without speech."""
    t = np.arange(int(rate * seconds)) / rate
    cols = [0.05 * np.sin(2 * np.pi * (300 + 150 * c) * t) for c in range(channels)]
    return np.stack(cols, axis=1).astype(np.float32)


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def empty(d: Path) -> Path:
    return _write(d / "empty.wav", b"")


def truncated_header(d: Path) -> Path:
    return _write(d / "truncated_header.wav", wav_bytes()[:20])


def flac_named_wav(d: Path) -> Path:
    path = d / "flac_named.wav"
    sf.write(path, tones(2.0), RATE, format="FLAC")
    return path


def wav_named_mp3(d: Path) -> Path:
    path = d / "wav_named.mp3"
    sf.write(path, tones(2.0), RATE, format="WAV", subtype="PCM_16")
    return path


def text_named_wav(d: Path) -> Path:
    return _write(d / "notes.wav", b"Call notes\ncustomer: Jane\nissue: router keeps dropping\n" * 20)


def huge_rate(d: Path) -> Path:
    return _write(d / "huge_rate.wav", wav_bytes(rate=4_000_000_000, channels=2))


def nan_inf_float(d: Path) -> Path:
    x = tones(2.0)
    x[100:200, 0] = np.nan
    x[300:400, 1] = np.inf
    x[500:600, 0] = -np.inf
    x[700:800, 1] = 1e30
    path = d / "nan_inf.wav"
    sf.write(path, x, RATE, subtype="FLOAT")
    return path


def zero_channels(d: Path) -> Path:
    return _write(d / "zero_channels.wav", wav_bytes(channels=0))


def long_silence(d: Path, minutes: float = 20.0) -> Path:
    """Stereo digital silence, written block by block (16-bit WAV: 38 MB for 20 minutes)."""
    path = d / "silence_20min.wav"
    block = np.zeros((RATE * 60, 2), dtype=np.int16)
    with sf.SoundFile(path, "w", samplerate=RATE, channels=2, format="WAV", subtype="PCM_16") as fh:
        for _ in range(int(minutes)):
            fh.write(block)
    return path


def a_folder(d: Path) -> Path:
    path = d / "call.wav"
    path.mkdir()
    return path


def missing(d: Path) -> Path:
    return d / "nope.wav"


def unreadable(d: Path) -> Path:
    """A valid call nobody may read (the test runs the CLI so that root cannot either)."""
    path = d / "locked.wav"
    sf.write(path, tones(1.0), RATE)
    path.chmod(0)
    return path


def corrupt_mulaw(d: Path) -> Path:
    """A mu-law WAV (format tag 7) whose 'data' chunk id is garbled: the samples cannot be found."""
    content = wav_bytes(channels=2, fmt_tag=7, bits=8, data=bytes(range(256)) * 16).replace(b"data", b"d\x00ta")
    return _write(d / "corrupt_mulaw.wav", content)


def mulaw_wrong_bits(d: Path) -> Path:
    """A mu-law WAV whose header says 0 bits per sample (mu-law is always 8: the field is ignored)."""
    return _write(d / "mulaw_bits0.wav", wav_bytes(channels=2, fmt_tag=7, bits=0, data=bytes(range(256)) * 16))


def mulaw_cut_short(d: Path) -> Path:
    """A mu-law WAV whose data chunk claims ten times the bytes that follow (a copy cut short)."""
    data = (np.random.default_rng(3).integers(0x70, 0x90, RATE * 2 * 2, dtype=np.uint8)).tobytes()
    return _write(d / "mulaw_cut.wav", wav_bytes(channels=2, fmt_tag=7, bits=8, data=data, data_size=len(data) * 10))


def one_sample(d: Path) -> Path:
    path = d / "one_sample.wav"
    sf.write(path, np.full((1, 2), 0.1, dtype=np.float32), RATE)
    return path


def five_channels(d: Path) -> Path:
    path = d / "five.wav"
    sf.write(path, tones(2.0, channels=5), RATE)
    return path


def random_bytes_flac(d: Path) -> Path:
    return _write(d / "noise.flac", np.random.default_rng(1).integers(0, 256, 3000, dtype=np.uint8).tobytes())


def half_flac(d: Path) -> Path:
    full = d / "full.flac.tmp"
    sf.write(full, tones(6.0), RATE, format="FLAC")
    path = _write(d / "half.flac", full.read_bytes()[: full.stat().st_size // 2])
    full.unlink()
    return path



def a_fifo(d: Path) -> Path:
    """A named pipe nobody writes to: opening it to read would wait for a writer forever."""
    path = d / "call.wav"
    os.mkfifo(path)
    return path


def dev_zero(d: Path) -> Path:
    """A device that reads as endless zero bytes (its size is 0, but it is not an empty file)."""
    return Path("/dev/zero")


def symlink_loop(d: Path) -> Path:
    (d / "b.wav").symlink_to(d / "a.wav")
    (d / "a.wav").symlink_to(d / "b.wav")
    return d / "a.wav"


def dangling_symlink(d: Path) -> Path:
    (d / "call.wav").symlink_to(d / "moved-away.wav")
    return d / "call.wav"
