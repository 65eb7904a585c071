"""`coach sessions`: the table, interrupted sessions recovered on the way, one-line errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile as sf

from coach import cli
from coach.config import CoachConfig
from coach.session.recorder import SessionRecorder
from coach.vocab import Chunk
from tests.conftest import CALLS, ROOT


def test_sessions_lists_recovers_and_refuses_what_it_cannot_review(
        sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["sessions"]) == 0
    assert capsys.readouterr().out.strip() == "no recorded sessions"

    # One session killed mid-recording (another process), one still recording (this one).
    proc = subprocess.Popen([sys.executable, "-m", "tests.session.record_driver"], cwd=ROOT,
                            env={**os.environ, "COACH_SESSIONS": str(sessions)}, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and float(proc.stdout.readline()) > 0
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    x, sr = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True, frames=16000)
    live = SessionRecorder.create(sessions, sample_rate=sr, channels=2, source="live", config=CoachConfig())
    live.push(Chunk(0.0, x, sr))
    live.flush(force=True)

    assert cli.main(["sessions"]) == 0
    out, err = capsys.readouterr()
    killed = next(p.name for p in sessions.iterdir() if p.name != live.id)
    assert err.count("\n") == 1 and f"recovered an interrupted session: {killed}" in err
    assert f"coach sessions review {killed}" in err
    rows = {line.split()[0]: line for line in out.splitlines()[2:]}
    assert set(rows) == {killed, live.id}
    assert " recovered " in rows[killed] and " recording " in rows[live.id] and " 0:02 " in rows[live.id]

    assert cli.main(["sessions", "review", live.id]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"coach: {live.path}: session {live.id} is still recording") and err.count("\n") == 1
    assert cli.main(["sessions", "review", "nosuch"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"coach: {sessions}: no session 'nosuch'") and err.count("\n") == 1
    live.finish()
    assert cli.main(["sessions"]) == 0
    assert " ended " in capsys.readouterr().out
