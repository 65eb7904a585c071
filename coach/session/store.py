"""Recorded sessions: listing them, telling an interrupted one from a live one, and repairing it.

A session whose manifest still says ``recording`` but whose ``lock`` nobody holds was cut short
(the process was killed, crashed, or the machine went down): its recording process would hold
the lock for as long as it lived, and the kernel releases it however the process ends. Repair,
under that same lock so two ``coach`` processes never repair one session at once:

* ``audio.wav``: cut to whole frames, the header's sizes set from what is on disk;
* ``events.jsonl``: a torn last line (the process died mid-write) and any unreadable line dropped;
* the manifest: state ``recovered``, with the duration and what was dropped.

Each step is idempotent and the manifest is rewritten last, so a repair that is itself
interrupted is simply done again on the next start.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.atomic import write_text_atomic
from coach.errors import UserError
from coach.paths import FILE_MODE
from coach.session.recorder import AUDIO, EVENTS, LOCK, MANIFEST, SCHEMA, WAV_HEADER_BYTES, wav_header


@dataclass(frozen=True)
class SessionInfo:
    """One session folder as ``coach sessions`` lists it."""

    id: str
    path: Path
    state: str  # recording (its process is alive) | interrupted | recovered | ended | broken
    started: float  # Unix time, 0 when unknown
    duration_s: float
    source: str
    manifest: dict[str, Any]

    @property
    def audio(self) -> Path:
        return self.path / AUDIO

    @property
    def events(self) -> Path:
        return self.path / EVENTS


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The session's manifest, or None when it is missing or not a coach.session document."""
    try:
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return doc if isinstance(doc, dict) and doc.get("schema") == SCHEMA else None


def _try_lock(folder: Path) -> int | None:
    """The session's lock, taken (an fd to close), or None while its recording process holds it."""
    try:
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return None
        raise
    return fd


def is_recording(folder: Path) -> bool:
    """Whether a live process still records into ``folder`` (holds its lock)."""
    fd = _try_lock(folder)
    if fd is None:
        return True
    os.close(fd)
    return False


def _audio_seconds(folder: Path, manifest: dict[str, Any]) -> float:
    try:
        size = (folder / AUDIO).stat().st_size
    except OSError:
        return 0.0
    frame = 2 * max(1, int(manifest.get("channels", 2)))
    return max(0, size - WAV_HEADER_BYTES) // frame / max(1, int(manifest.get("sample_rate", 16000)))


def session_info(folder: Path) -> SessionInfo:
    """What a session folder holds, without changing anything."""
    manifest = read_manifest(folder)
    if manifest is None:
        return SessionInfo(folder.name, folder, "broken", 0.0, 0.0, "", {})
    state = str(manifest.get("state", "broken"))
    if state == "recording":
        state = "recording" if is_recording(folder) else "interrupted"
    duration = (float(manifest["duration_s"]) if state in ("ended", "recovered") and "duration_s" in manifest
                else _audio_seconds(folder, manifest))
    return SessionInfo(str(manifest.get("id", folder.name)), folder, state, float(manifest.get("started", 0.0)),
                       duration, str(manifest.get("source", "")), manifest)


def list_sessions(root: Path) -> list[SessionInfo]:
    """Every session folder under ``root``, oldest first."""
    if not root.is_dir():
        return []
    infos = [session_info(p) for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return sorted(infos, key=lambda s: (s.started, s.id))


def repair_wav(path: Path, channels: int, rate: int) -> tuple[int, int]:
    """Cut ``path`` to whole frames and write its true sizes; returns (frames, bytes dropped)."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        os.close(fd)
    block = 2 * channels
    with open(path, "r+b") as fh:
        size = os.fstat(fh.fileno()).st_size
        data = max(0, size - WAV_HEADER_BYTES) // block * block
        fh.truncate(WAV_HEADER_BYTES + data)
        fh.seek(0)
        fh.write(wav_header(channels, rate, data))
        fh.flush()
        os.fsync(fh.fileno())
    return data // block, max(0, size - WAV_HEADER_BYTES - data)


def load_records(path: Path) -> tuple[list[dict[str, Any]], int]:
    """The JSON objects of an events file, and how many lines (a torn last one included) were unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    records: list[dict[str, Any]] = []
    bad = 0
    for line in raw.split(b"\n"):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError):
            bad += 1
            continue
        if isinstance(rec, dict):
            records.append(rec)
        else:
            bad += 1
    return records, bad


def read_marks(path: Path) -> list[float]:
    """The call times the agent marked, from an events file, in call order."""
    records, _ = load_records(path)
    return sorted(float(r["at"]) for r in records if r.get("type") == "mark"
                  and isinstance(r.get("at"), (int, float)) and not isinstance(r["at"], bool))


def repair_events(path: Path) -> tuple[int, int]:
    """Keep only whole, readable lines of ``path``; returns (lines kept, lines dropped)."""
    records, bad = load_records(path)
    if bad or not path.exists():
        text = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in records)
        write_text_atomic(path, text, mode=FILE_MODE)
    return len(records), bad


def recover_session(folder: Path) -> SessionInfo | None:
    """Repair an interrupted session; None when it is not one (still recording, already closed, no manifest)."""
    fd = _try_lock(folder)
    if fd is None:
        return None
    try:
        manifest = read_manifest(folder)  # read under the lock: another repairer may just have finished
        if manifest is None or manifest.get("state") != "recording":
            return None
        channels, rate = int(manifest.get("channels", 2)), int(manifest.get("sample_rate", 16000))
        frames, dropped_bytes = repair_wav(folder / AUDIO, channels, rate)
        lines, dropped_lines = repair_events(folder / EVENTS)
        manifest.update(state="recovered", recovered=round(time.time(), 3), duration_s=round(frames / rate, 3),
                        recovery={"audio_bytes_dropped": dropped_bytes, "event_lines": lines,
                                  "event_lines_dropped": dropped_lines})
        write_text_atomic(folder / MANIFEST, json.dumps(manifest, indent=1) + "\n", mode=FILE_MODE)
    finally:
        os.close(fd)
    return session_info(folder)


def recover_interrupted(root: Path) -> list[SessionInfo]:
    """Repair every interrupted session under ``root``; returns those repaired now."""
    return [info for s in list_sessions(root) if s.state == "interrupted"
            if (info := recover_session(s.path)) is not None]


def find_session(root: Path, ident: str) -> SessionInfo:
    """A session by id, unique id prefix, or folder path; one-line UserError otherwise."""
    as_path = Path(ident).expanduser()
    if (as_path / MANIFEST).exists():
        return session_info(as_path)
    sessions = list_sessions(root)
    exact = [s for s in sessions if s.id == ident]
    matches = exact or [s for s in sessions if s.id.startswith(ident)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UserError(f"{root}: no session {ident!r} (see `coach sessions`)")
    raise UserError(f"{root}: {ident!r} matches {len(matches)} sessions ({', '.join(s.id for s in matches[:5])}); "
                    "give more of the id")


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def format_sessions_table(sessions: list[SessionInfo]) -> str:
    """The table ``coach sessions`` prints; a sentence when there is none."""
    if not sessions:
        return "no recorded sessions"
    rows = [("id", "started", "duration", "state", "path")]
    for s in sessions:
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(s.started)) if s.started else "?"
        rows.append((s.id, started, _clock(s.duration_s), s.state, str(s.path)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
