"""Recorded sessions against planted links, bad manifests, odd ids and signals, through the real CLI.

Session folders are written here as a killed or a foreign ``coach`` would have left them (a
manifest still saying ``recording`` whose lock nobody holds is an interrupted session).
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

import pytest

from coach.session.recorder import SCHEMA, wav_header
from tests.conftest import CALLS, ROOT, run_coach

VICTIM = b"important data that is not a recording\n" * 100


def _session(root: Path, sid: str, state: str = "recording", **fields: Any) -> Path:
    """A session folder with one second of stereo 16 kHz audio, its manifest in ``state``."""
    folder = root / sid
    folder.mkdir(parents=True)
    (folder / "audio.wav").write_bytes(wav_header(2, 16000, 64000) + bytes(64000))
    (folder / "events.jsonl").write_text('{"type":"mark","at":0.5}\n')
    manifest = {"schema": SCHEMA, "id": sid, "state": state, "started": 1.7e9, "source": "replay x.wav",
                "sample_rate": 16000, "channels": 2, "agent_channel": 0, **fields}
    if state != "recording":
        manifest["duration_s"] = 1.0
    (folder / "session.json").write_text(json.dumps(manifest))
    return folder


def _env(root: Path) -> dict[str, str]:
    return {"COACH_SESSIONS": str(root), "COACH_HISTORY": str(root.parent / "h.sqlite3")}


@pytest.mark.parametrize("name", ["audio.wav", "events.jsonl", "session.json"])
def test_recovery_never_writes_through_a_link(tmp_path: Path, name: str) -> None:
    root = tmp_path / "sessions"
    folder = _session(root, "20250101-100000-1")
    victim = tmp_path / "victim.bin"
    victim.write_bytes(VICTIM if name != "session.json" else (folder / name).read_bytes())
    (folder / name).unlink()
    (folder / name).symlink_to(victim)
    before = victim.stat()

    run = run_coach("sessions", env=_env(root))
    assert run.rc == 0 and "Traceback" not in run.err, run.err
    assert run.err.count("\n") == 1 and f"{folder}: {name} is a symlink" in run.err, run.err
    assert (victim.stat().st_size, victim.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert (folder / name).is_symlink()
    review = run_coach("sessions", "review", "20250101-100000-1", "--no-history", env=_env(root))
    assert review.rc == 2 and review.err.count("\n") == 1 and "is a symlink" in review.err, review.err
    assert (victim.stat().st_size, victim.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_linked_session_folder_is_not_listed_or_repaired(tmp_path: Path) -> None:
    elsewhere = _session(tmp_path / "elsewhere", "20250101-100000-9")
    root = tmp_path / "sessions"
    root.mkdir()
    (root / "20250101-100000-9").symlink_to(elsewhere)
    wav = (elsewhere / "audio.wav").read_bytes()
    run = run_coach("sessions", env=_env(root))
    assert run.rc == 0 and run.out.strip() == "no recorded sessions", run.out + run.err
    assert (elsewhere / "audio.wav").read_bytes() == wav
    assert json.loads((elsewhere / "session.json").read_text())["state"] == "recording"


@pytest.mark.parametrize(("field", "value"), [("channels", "abc"), ("sample_rate", 0), ("started", "yesterday"),
                                              ("duration_s", [1])])
def test_one_bad_manifest_is_skipped_with_a_notice(tmp_path: Path, field: str, value: Any) -> None:
    root = tmp_path / "sessions"
    _session(root, "20250101-090000-1", state="ended")
    bad = _session(root, "20250101-100000-2", state="ended" if field == "duration_s" else "recording")
    manifest = json.loads((bad / "session.json").read_text())
    manifest[field] = value
    (bad / "session.json").write_text(json.dumps(manifest))
    run = run_coach("sessions", env=_env(root))
    assert run.rc == 0 and "Traceback" not in run.err, run.err
    assert run.err.count("\n") == 1 and f"{bad / 'session.json'}: '{field}' is " in run.err, run.err
    assert "session skipped" in run.err
    rows = [line.split()[0] for line in run.out.splitlines()[2:]]
    assert rows == ["20250101-090000-1"]
    review = run_coach("sessions", "review", str(bad), "--no-history", env=_env(root))
    assert review.rc == 2 and review.err.count("\n") == 1 and "session skipped" in review.err, review.err


@pytest.mark.parametrize("ident", ["", "   ", "x" * 300])
def test_an_empty_or_overlong_id_is_one_line(tmp_path: Path, ident: str) -> None:
    root = tmp_path / "sessions"
    _session(root, "20250101-090000-1", state="ended")  # the one session an empty prefix would match
    run = run_coach("sessions", "review", ident, "--no-history", env=_env(root))
    assert run.rc == 2 and run.err.count("\n") == 1 and "Traceback" not in run.err, run.err
    said = "the session id is empty" if not ident.strip() else "no session '" + ident[:20]
    assert said in run.err and run.out == "", run.err


# ------------------------------------------------------------------------------------ signals


def _pump(master: int, buf: bytearray, until: bytes | None, timeout: float) -> bool:
    """Read the terminal into ``buf`` until ``until`` appears, the other end closes, or ``timeout``."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([master], [], [], 0.2)
        if not ready:
            continue
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: every writer has closed the terminal
            return False
        if not data:
            return False
        buf += data
        if until is not None and until in buf:
            return True
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_during_replay_restores_the_terminal_and_ends_the_session(tmp_path: Path,
                                                                            sig: signal.Signals) -> None:
    root = tmp_path / "sessions"
    bad = _session(root, "20250101-100000-2", channels="abc")  # a bad manifest does not stop a replay either
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, **_env(root), "TERM": "xterm-256color"}
    proc = subprocess.Popen([sys.executable, "-m", "coach.cli", "replay", str(CALLS / "stereo_interrupt.flac")],
                            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True)
    os.close(slave)
    buf = bytearray()
    try:
        assert _pump(master, buf, b"\x1b[?1049h", 180), bytes(buf[-2000:])  # the screen is up
        _pump(master, buf, None, 3.0)  # a few seconds of the call
        proc.send_signal(sig)
        _pump(master, buf, None, 60.0)
        rc = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert rc == 128 + sig, (rc, bytes(buf[-1000:]))
    screen = bytes(buf[buf.rfind(b"\x1b[?1049h"):])
    assert b"\x1b[?1049l" in screen and b"\x1b[?1000l" in screen, "terminal left in alternate screen or mouse mode"
    assert b"Traceback" not in buf and f"{bad / 'session.json'}: 'channels' is".encode() in buf
    (ended,) = [p for p in root.iterdir() if p != bad]
    manifest = json.loads((ended / "session.json").read_text())
    assert manifest["state"] == "ended" and manifest["duration_s"] > 0
    assert f"stopped by {sig.name}".encode() in buf
