"""Checks on a recording before any decoder opens it: what the file is, and what its first bytes say.

Kept beside :mod:`audio.decode` (which calls them from ``probe``) so that module stays about decoding.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Literal

from coach.errors import AudioError

MIN_SAMPLE_RATE = 1000
MAX_SAMPLE_RATE = 192_000


def regular_file_size(path: Path) -> int:
    """The size of ``path``, which must be a regular file: a recording is read twice (probed,
    then decoded) and sought in, so a pipe, a device (``/dev/zero``) or a socket is refused by
    what it is, before anything opens it (a FIFO with no writer would block the open)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if path.is_symlink():
            raise AudioError(f"{path}: is a symlink to a missing file") from None
        raise AudioError(f"{path}: file not found") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise AudioError(f"{path}: is a symlink loop (too many levels of symbolic links)") from None
        raise AudioError(f"{path}: cannot read ({exc.strerror or type(exc).__name__})") from None
    if stat.S_ISDIR(st.st_mode):
        raise AudioError(f"{path}: is a folder, not an audio file")
    if stat.S_ISFIFO(st.st_mode):
        raise AudioError(f"{path}: is a named pipe (FIFO), not an audio file; save the recording to a file first")
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        raise AudioError(f"{path}: is a device, not an audio file")
    if not stat.S_ISREG(st.st_mode):
        raise AudioError(f"{path}: is not a regular file, not an audio file")
    return st.st_size


def wav_header_problem(head: bytes, complete: bool) -> str | None:
    """A precise reason for a broken RIFF/WAVE header (libsndfile's own messages are vague)."""
    if len(head) >= 4 and head[:4] in (b"RIFF", b"RIFX", b"RF64") and len(head) < 12:
        return f"truncated WAV header ({len(head)} bytes)"
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RIFX", b"RF64") or head[8:12] != b"WAVE":
        return None
    order: Literal["little", "big"] = "big" if head[:4] == b"RIFX" else "little"
    pos = 12
    while pos + 8 <= len(head):
        chunk_id, size = head[pos:pos + 4], int.from_bytes(head[pos + 4:pos + 8], order)
        if chunk_id == b"fmt ":
            if size < 16 or pos + 24 > len(head):
                return "truncated WAV header (the 'fmt ' chunk is cut short)"
            channels = int.from_bytes(head[pos + 10:pos + 12], order)
            rate = int.from_bytes(head[pos + 12:pos + 16], order)
            if channels == 0:
                return "has no audio channels (the WAV header says 0)"
            if not MIN_SAMPLE_RATE <= rate <= MAX_SAMPLE_RATE:
                return f"sample rate {rate} Hz is outside {MIN_SAMPLE_RATE}-{MAX_SAMPLE_RATE} Hz"
            return None
        pos += 8 + size + (size & 1)
    return "truncated WAV header (no 'fmt ' chunk)" if complete else None


def looks_like_text(head: bytes) -> bool:
    try:
        text = head[:1024].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(c.isprintable() or c in "\r\n\t" for c in text)
