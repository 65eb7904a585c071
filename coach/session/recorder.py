"""Recording a live session as it happens, so that a process killed mid-call loses (almost) nothing.

A session is one folder under the sessions folder (``[session] dir``, else ``$COACH_SESSIONS``,
else ``$XDG_DATA_HOME/coach/sessions``), user-only (folder 0700, files 0600)::

    session.json   the manifest (coach.session/1): id, started, source, sample rate, channels,
                   agent channel, config hash, pid, host, state: recording | ended | recovered
    audio.wav      the input as heard: the source's own rate (8 kHz telephone stays 8 kHz) and
                   columns (the agent on ``agent_channel``), 16-bit PCM
    events.jsonl   one JSON object a line, by ``type``: turn, overlap, word (committed only),
                   event, nudge, mark, notice; text redacted unless ``[redact] enabled`` is off
    lock           held (flock) by the recording process for as long as it records

Why it survives a kill: every audio chunk and every line goes to the kernel with ``os.write`` at
once (no user-space buffer), so SIGKILL loses at most the chunk being written; the WAV header's
sizes are brought up to date and both files fsync'd at least every ``[session] sync_s`` (a power
cut loses at most that much). The kernel drops the flock when the process dies, however it dies,
so :mod:`coach.session.store` tells an interrupted session from a live one without trusting pids.

Threads: audio is pushed by the capture thread, items by the analyze thread, marks by the UI; the
audio file has a single writer and the event log a lock, so the three never wait on each other
for more than one ``write``.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import struct
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from coach import __version__
from coach.atomic import write_text_atomic
from coach.config import CoachConfig, RedactConfig
from coach.paths import DIR_MODE, FILE_MODE, private_dir
from coach.redact import redact_review, redact_text
from coach.session.word_redact import WordRedactor as WordRedactor  # re-exported: the session's word stream
from coach.session.word_redact import word_redactors
from coach.vocab import Chunk, Event, Nudge, SpeechUpdate, TranscriptUpdate, Word

log = logging.getLogger(__name__)

SCHEMA = "coach.session/1"
MANIFEST = "session.json"
AUDIO = "audio.wav"
EVENTS = "events.jsonl"
LOCK = "lock"
WAV_HEADER_BYTES = 44
_MAX_DATA = 0xFFFFFFFF - 36  # a RIFF size field is 32 bits (about 18 h of 16 kHz stereo)


def wav_header(channels: int, rate: int, data_bytes: int) -> bytes:
    """The canonical 44-byte header of a 16-bit PCM WAV holding ``data_bytes`` of samples."""
    data_bytes = min(data_bytes, _MAX_DATA)
    block = channels * 2
    return struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ", 16, 1, channels, rate,
                       rate * block, block, 16, b"data", data_bytes)


def to_pcm16(samples: npt.NDArray[np.float32]) -> bytes:
    """(frames, channels) float32 in [-1, 1] -> interleaved little-endian int16 (x 32768, the
    inverse of how soundfile reads PCM, so 16-bit input is stored bit-exact)."""
    return np.clip(np.round(samples * 32768.0), -32768, 32767).astype("<i2").tobytes()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class _WavAppender:
    """Appends PCM frames to a WAV whose header is rewritten with the true sizes on every sync."""

    def __init__(self, path: Path, channels: int, rate: int) -> None:
        self.channels = channels
        self.rate = rate
        self.frames = 0
        self._synced_frames = -1
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        _write_all(self._fd, wav_header(channels, rate, 0))

    def append(self, samples: npt.NDArray[np.float32]) -> None:
        """(frames, channels) float32 -> the file, through to the kernel at once."""
        _write_all(self._fd, to_pcm16(samples))
        self.frames += samples.shape[0]

    def sync(self) -> None:
        if self.frames != self._synced_frames:
            os.pwrite(self._fd, wav_header(self.channels, self.rate, self.frames * self.channels * 2), 0)
            os.fsync(self._fd)
            self._synced_frames = self.frames

    def close(self) -> None:
        try:
            self.sync()
        finally:
            os.close(self._fd)


class _JsonLines:
    """An append-only JSON-lines file: one ``write`` per batch of whole lines, fsync'd on sync()."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, FILE_MODE)
        self._lock = threading.Lock()
        self._dirty = False
        self.lines = 0

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        data = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in records)
        if data:
            with self._lock:
                if self._fd < 0:
                    return  # closed: a late item from a thread still running
                _write_all(self._fd, data.encode("utf-8"))
                self._dirty = True
                self.lines += data.count("\n")

    def sync(self) -> None:
        with self._lock:
            if self._dirty and self._fd >= 0:
                os.fsync(self._fd)
                self._dirty = False

    def close(self) -> None:
        try:
            self.sync()
        finally:
            with self._lock:
                fd, self._fd = self._fd, -1
                os.close(fd)


def _event_record(event: Event, redact: RedactConfig) -> dict[str, Any]:
    doc = redact_review({"events": [event.to_dict()]}, redact)  # message and detail, as in review JSON
    return {"type": "event", **doc["events"][0]}


def _word_record(w: Word) -> dict[str, Any]:
    return {"type": "word", "role": w.role, "start": round(w.start, 3), "end": round(w.end, 3), "text": w.text,
            "p": round(w.p, 3)}


class SessionRecorder:
    """Plain synchronous object: ``push(chunk)`` records audio, ``push(item)`` records what the
    session found, ``mark(t)``/``note(t, text)`` the agent's marks and device notices, ``finish()``
    closes the session as ended. Make one with :meth:`create`.

    A write that fails (disk full, folder removed) stops the recording, never the call: the
    problem is kept in :attr:`error` for the dashboard, and later pushes do nothing.
    """

    def __init__(self, folder: Path, manifest: dict[str, Any], sync_s: float, redact: RedactConfig) -> None:
        self.path = folder
        self.manifest = manifest
        self.sync_s = sync_s
        self.redact = redact
        self.error: str | None = None
        self.closed = False
        self._lock_fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a fresh folder: never contended
        self._audio = _WavAppender(folder / AUDIO, int(manifest["channels"]), int(manifest["sample_rate"]))
        self._events = _JsonLines(folder / EVENTS)
        self._words = word_redactors(redact)
        self._words_lock = threading.Lock()
        self._audio_lock = threading.Lock()  # a push racing finish() never writes to a closed (reused) fd
        self._synced_at = time.monotonic()
        self._write_manifest()

    @property
    def id(self) -> str:
        return str(self.manifest["id"])

    @classmethod
    def create(cls, root: Path, *, sample_rate: int, channels: int, source: str, config: CoachConfig,
               now: float | None = None) -> SessionRecorder:
        """A new session folder under ``root``, recording from now on."""
        from coach.history.store import config_hash

        private_dir(root)
        started = time.time() if now is None else now
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(started))
        for n in range(1000):
            sid = f"{stamp}-{os.getpid()}" + (f"-{n}" if n else "")
            folder = root / sid
            try:
                folder.mkdir(mode=DIR_MODE)
                os.chmod(folder, DIR_MODE)  # whatever the umask
                break
            except FileExistsError:
                continue
        else:  # pragma: no cover - a thousand sessions in one second from one pid
            raise FileExistsError(f"{root}: no free session name for {stamp}")
        manifest: dict[str, Any] = {
            "schema": SCHEMA, "id": sid, "state": "recording", "started": round(started, 3),
            "started_iso": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)), "source": source,
            "sample_rate": int(sample_rate), "channels": int(channels),
            "agent_channel": config.audio.agent_channel if channels == 2 else 0,
            "config_hash": config_hash(config), "redacted": config.redact.enabled, "pid": os.getpid(),
            "host": socket.gethostname(), "coach_version": __version__, "audio": AUDIO, "events": EVENTS,
        }
        return cls(folder, manifest, config.session.sync_s, config.redact)

    # ------------------------------------------------------------------ recording

    def push(self, item: object) -> None:
        """A source chunk (audio) or a live item; items that are not findings (Status, meters) are skipped."""
        if self.closed or self.error is not None:
            return
        try:
            if isinstance(item, Chunk):
                with self._audio_lock:
                    if self.closed:
                        return
                    self._audio.append(item.samples)
                self.flush()
            else:
                self._events.write(self._records(item))
        except OSError as exc:
            self._fail(exc)

    def __enter__(self) -> SessionRecorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()

    def mark(self, at: float) -> None:
        """The agent marked this moment of the call."""
        self._write([{"type": "mark", "at": round(at, 3)}])

    def note(self, at: float, text: str) -> None:
        """Something the reviewer should know (a device lost, coaching skipped), at call time ``at``."""
        self._write([{"type": "notice", "at": round(at, 3), "text": text}])

    def flush(self, force: bool = False) -> None:
        """Bring the WAV header up to date and fsync both files, when ``sync_s`` has passed (or ``force``)."""
        now = time.monotonic()
        if not force and now - self._synced_at < self.sync_s:
            return
        self._synced_at = now
        with self._audio_lock:
            if self.closed:
                return
            self._audio.sync()
        self._events.sync()

    @property
    def duration_s(self) -> float:
        return self._audio.frames / self._audio.rate

    def finish(self) -> None:
        """End of the call: held words released, sizes and manifest final, the lock let go."""
        with self._audio_lock:
            if self.closed:
                return
            self.closed = True
        try:
            if self.error is None:
                with self._words_lock:
                    rest = [w for r in self._words.values() for w in r.finish()]
                self._events.write(_word_record(w) for w in sorted(rest, key=lambda w: w.start))
            self._audio.close()
            self._events.close()
            self.manifest.update(state="ended", ended=round(time.time(), 3), duration_s=round(self.duration_s, 3))
            if self.error is not None:
                self.manifest["error"] = self.error
            self._write_manifest()
        except OSError as exc:
            self._fail(exc)
        finally:
            os.close(self._lock_fd)

    # ------------------------------------------------------------------ internals

    def _write(self, records: list[dict[str, Any]]) -> None:
        if self.closed or self.error is not None:
            return
        try:
            self._events.write(records)
        except OSError as exc:
            self._fail(exc)

    def _records(self, item: object) -> list[dict[str, Any]]:
        if isinstance(item, TranscriptUpdate):
            if not item.committed:
                return []
            with self._words_lock:
                return [_word_record(w) for w in self._words[item.role].push(item.committed)]
        if isinstance(item, Event):
            return [_event_record(item, self.redact)]
        if isinstance(item, Nudge):
            text = redact_text(item.text, self.redact) if self.redact.enabled else item.text
            return [{"type": "nudge", "kind": item.kind, "at": round(item.at, 3), "text": text,
                     "severity": item.severity}]
        if isinstance(item, SpeechUpdate):
            return ([{"type": "turn", "role": t.role, "start": round(t.start, 3), "end": round(t.end, 3)}
                     for t in item.turns]
                    + [{"type": "overlap", "start": round(o.start, 3), "end": round(o.end, 3), "first": o.first,
                        "second": o.second} for o in item.overlaps])
        return []

    def _write_manifest(self) -> None:
        write_text_atomic(self.path / MANIFEST, json.dumps(self.manifest, indent=1) + "\n", mode=FILE_MODE,
                          follow_links=False)

    def _fail(self, exc: OSError) -> None:
        if self.error is None:
            self.error = f"recording stopped: {exc.filename or self.path}: {exc.strerror or exc}"
            log.warning("%s", self.error)

