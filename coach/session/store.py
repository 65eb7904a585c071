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

A session's files are its own: nothing here follows a symlink (files are opened ``O_NOFOLLOW``,
a session with a linked file is not repaired, a linked session folder is not listed), so a
planted link can never make a repair rewrite a file outside the session folder. A manifest that
is not what coach writes (a field of the wrong type) makes its session skipped with a notice.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.atomic import write_text_atomic
from coach.errors import UserError
from coach.paths import FILE_MODE, read_regular_file
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


MAX_MANIFEST_BYTES = 1 << 20
MAX_EVENTS_BYTES = 256 << 20
_LINKED = (AUDIO, EVENTS, MANIFEST, LOCK)


class BadSession(UserError):
    """A session folder coach will not read or repair (a linked file, a manifest of the wrong shape)."""


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The session's manifest, or None when it is missing or not a coach.session document."""
    try:
        doc = json.loads(read_regular_file(folder / MANIFEST, MAX_MANIFEST_BYTES, follow_links=False).decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    return doc if isinstance(doc, dict) and doc.get("schema") == SCHEMA else None


_FIELDS: dict[str, tuple[type | tuple[type, ...], float, float]] = {
    # field: (types, lowest, highest) of what the recorder writes
    "channels": (int, 1, 64), "sample_rate": (int, 1000, 192_000), "agent_channel": (int, 0, 63),
    "started": ((int, float), 0, 1e11), "duration_s": ((int, float), 0, 1e7), "pid": (int, 0, 1 << 31),
    "id": (str, 1, 255), "state": (str, 1, 64), "source": (str, 0, 4096),
}


def manifest_problem(manifest: dict[str, Any]) -> str | None:
    """Why a manifest is not one coach wrote (a field of the wrong type or out of range), or None."""
    for key, (types, lo, hi) in _FIELDS.items():
        if key not in manifest:
            continue
        value: Any = manifest[key]
        if isinstance(value, bool) or not isinstance(value, types):
            return f"{key!r} is {json.dumps(value)[:40]}, not {'text' if types is str else 'a number'}"
        size = float(len(value)) if isinstance(value, str) else float(manifest[key])
        if not lo <= size <= hi:
            unit = " characters" if types is str else ""
            return f"{key!r} is {json.dumps(value)[:40]}, outside {lo:g}-{hi:g}{unit}"
    return None


def linked_file(folder: Path) -> str | None:
    """The first of the session's own files that is a symlink (or the folder itself), or None."""
    if folder.is_symlink():
        return "the session folder"
    return next((name for name in _LINKED if (folder / name).is_symlink()), None)


def _try_lock(folder: Path) -> int | None:
    """The session's lock, taken (an fd to close), or None while its recording process holds it."""
    try:
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
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
    """What a session folder holds, without changing anything; :class:`BadSession` for a manifest
    coach did not write (read as it is, it would make every session command fail), or a session
    with a file that is a symlink (read or repaired, it would reach outside the folder)."""
    linked = linked_file(folder)
    if linked:
        raise BadSession(f"{folder}: {linked} is a symlink; a session's files must be its own; session skipped")
    manifest = read_manifest(folder)
    if manifest is None:
        return SessionInfo(folder.name, folder, "broken", 0.0, 0.0, "", {})
    problem = manifest_problem(manifest)
    if problem:
        raise BadSession(f"{folder / MANIFEST}: {problem}; session skipped")
    state = str(manifest.get("state", "broken"))
    if state == "recording":
        state = "recording" if is_recording(folder) else "interrupted"
    duration = (float(manifest["duration_s"]) if state in ("ended", "recovered") and "duration_s" in manifest
                else _audio_seconds(folder, manifest))
    return SessionInfo(str(manifest.get("id", folder.name)), folder, state, float(manifest.get("started", 0.0)),
                       duration, str(manifest.get("source", "")), manifest)


def list_sessions(root: Path, notices: list[str] | None = None) -> list[SessionInfo]:
    """Every session folder under ``root``, oldest first; one that cannot be read is left out,
    with a line saying why added to ``notices``. A symlinked folder is not a session."""
    if not root.is_dir():
        return []
    infos = []
    for p in root.iterdir():
        if p.name.startswith(".") or p.is_symlink() or not p.is_dir():
            continue
        try:
            infos.append(session_info(p))
        except BadSession as exc:
            if notices is not None:
                notices.append(str(exc))
    return sorted(infos, key=lambda s: (s.started, s.id))


def repair_wav(path: Path, channels: int, rate: int) -> tuple[int, int]:
    """Cut ``path`` to whole frames and write its true sizes; returns (frames, bytes dropped)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)  # a link: ELOOP, nothing written
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    block = 2 * channels
    with os.fdopen(fd, "r+b") as fh:
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
        raw = read_regular_file(path, MAX_EVENTS_BYTES, follow_links=False)
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
        write_text_atomic(path, text, mode=FILE_MODE, follow_links=False)
    return len(records), bad


def recover_session(folder: Path) -> SessionInfo | None:
    """Repair an interrupted session; None when it is not one (still recording, already closed, no manifest).

    :class:`BadSession` when one of its files is a symlink: repaired, it would be written through.
    """
    linked = linked_file(folder)
    if linked:
        raise BadSession(f"{folder}: {linked} is a symlink; a session's files must be its own, not repaired")
    fd = _try_lock(folder)
    if fd is None:
        return None
    try:
        manifest = read_manifest(folder)  # read under the lock: another repairer may just have finished
        if manifest is None or manifest.get("state") != "recording" or manifest_problem(manifest):
            return None
        channels, rate = int(manifest.get("channels", 2)), int(manifest.get("sample_rate", 16000))
        frames, dropped_bytes = repair_wav(folder / AUDIO, channels, rate)
        lines, dropped_lines = repair_events(folder / EVENTS)
        manifest.update(state="recovered", recovered=round(time.time(), 3), duration_s=round(frames / rate, 3),
                        recovery={"audio_bytes_dropped": dropped_bytes, "event_lines": lines,
                                  "event_lines_dropped": dropped_lines})
        write_text_atomic(folder / MANIFEST, json.dumps(manifest, indent=1) + "\n", mode=FILE_MODE,
                          follow_links=False)
    finally:
        os.close(fd)
    return session_info(folder)


def recover_interrupted(root: Path, notices: list[str] | None = None) -> list[SessionInfo]:
    """Repair every interrupted session under ``root``; returns those repaired now. A session that
    cannot be read or repaired is skipped, with a line saying why added to ``notices``."""
    out = []
    for s in list_sessions(root, notices):
        if s.state != "interrupted":
            continue
        try:
            info = recover_session(s.path)
        except (BadSession, OSError) as exc:
            if notices is not None:
                notices.append(str(exc) if isinstance(exc, BadSession) else
                               f"{exc.filename or s.path}: session not repaired ({exc.strerror or exc})")
            continue
        if info is not None:
            out.append(info)
    return out


def find_session(root: Path, ident: str) -> SessionInfo:
    """A session by id, unique id prefix, or folder path; one-line UserError otherwise."""
    if not ident.strip():
        raise UserError(f"{root}: the session id is empty (see `coach sessions`)")
    shown = ident if len(ident) <= 80 else ident[:80] + "..."
    as_path = Path(ident).expanduser()
    try:
        is_folder = (as_path / MANIFEST).exists()
    except OSError:  # a path too long for the system, a folder we may not enter
        is_folder = False
    if is_folder:
        return session_info(as_path)
    notices: list[str] = []
    sessions = list_sessions(root, notices)
    exact = [s for s in sessions if s.id == ident]
    matches = exact or [s for s in sessions if s.id.startswith(ident)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        skipped = [n for n in notices if n.startswith(f"{root / ident}: ") or n.startswith(f"{root / ident}/")]
        if skipped and "/" not in ident:
            raise BadSession(skipped[0])
        raise UserError(f"{root}: no session {shown!r} (see `coach sessions`)")
    raise UserError(f"{root}: {shown!r} matches {len(matches)} sessions ({', '.join(s.id for s in matches[:5])}); "
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
