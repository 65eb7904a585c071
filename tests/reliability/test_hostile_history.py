"""A call history that cannot take a review (read-only, locked by another process), through the real CLI.

The review is the user's work: it is still printed and written; the history's problem is one
line, and a batch goes on with its next call.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile as sf

from tests.conftest import CALLS, ROOT, Run, run_coach


def _clip(path: Path, seconds: float = 8.0, start: float = 0.0) -> Path:
    """The start of a real fixture call: a short review that still finds speech."""
    x, sr = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True)
    sf.write(path, x[int(start * sr):int((start + seconds) * sr)], sr)
    return path


def _history_with_a_call(tmp_path: Path) -> Path:
    """A history that holds one (made-up) call, so its schema exists before it is made read-only."""
    db = tmp_path / "history" / "h.sqlite3"
    script = ("import sys; from pathlib import Path; from coach.history.store import History, CallRecord;"
              "h = History(Path(sys.argv[1]));"
              "h.put(CallRecord('0' * 64, 'c', 'x.wav', 'pam', 1.7e9,"
              " {'schema': 'coach.review/1', 'audio': {'duration_s': 1.0}}));"
              "h.close()")
    subprocess.run([sys.executable, "-c", script, str(db)], check=True, cwd=ROOT)
    return db


def _as_another_owner(db: Path) -> list[str]:
    """The history owned by somebody else and read-only to us; the command prefix that makes that so
    even for root (a user namespace, where a file of an unmapped owner is protected again)."""
    for f in db.parent.iterdir():
        if f.name.startswith(db.name):
            f.chmod(0o444)
    if os.geteuid() != 0:
        return []
    for f in db.parent.iterdir():
        if f.name.startswith(db.name):
            os.chown(f, 65534, 65534)
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-r", "true"]).returncode != 0:
        pytest.skip("running as root without user namespaces: cannot make the history read-only")
    return ["unshare", "-r"]


def _run(prefix: list[str], *args: str, env: dict[str, str], timeout: float = 600) -> Run:
    proc = subprocess.run([*prefix, sys.executable, "-m", "coach.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, cwd=ROOT, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def test_a_read_only_history_is_one_line_and_the_review_is_still_written(tmp_path: Path) -> None:
    db = _history_with_a_call(tmp_path)
    prefix = _as_another_owner(db)
    call, out = _clip(tmp_path / "call.wav"), tmp_path / "review.json"
    run = _run(prefix, "review", str(call), "--json", str(out), env={"COACH_HISTORY": str(db)})
    assert run.rc == 0 and "Traceback" not in run.err, run.err
    assert run.err.count("\n") == 1 and run.err.startswith("coach: warning: review not stored in the history: ")
    assert str(db) in run.err and "readonly" in run.err
    assert json.loads(out.read_text())["schema"] == "coach.review/1" and "agent talk ratio" in run.out


def test_a_history_locked_by_another_process_is_one_line_and_the_review_is_still_written(tmp_path: Path) -> None:
    db = _history_with_a_call(tmp_path)
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")  # another coach (or a supervisor's tool) writing, and not letting go
    try:
        call, out = _clip(tmp_path / "call.wav"), tmp_path / "review.json"
        run = run_coach("review", str(call), "--json", str(out), env={"COACH_HISTORY": str(db)}, timeout=600)
    finally:
        holder.rollback()
        holder.close()
    assert run.rc == 0 and "Traceback" not in run.err, run.err
    assert run.err.count("\n") == 1 and "review not stored in the history" in run.err and "locked" in run.err
    assert json.loads(out.read_text())["audio"]["duration_s"] == pytest.approx(8.0, abs=0.01)


def test_a_batch_goes_on_when_the_history_cannot_store_a_call(tmp_path: Path) -> None:
    db = _history_with_a_call(tmp_path)
    prefix = _as_another_owner(db)
    calls = tmp_path / "calls"
    calls.mkdir()
    _clip(calls / "a.wav", 6.0)
    _clip(calls / "b.wav", 6.0, start=10.0)
    run = _run(prefix, "batch", str(calls), "--workers", "1", env={"COACH_HISTORY": str(db)}, timeout=900)
    assert "Traceback" not in run.err, run.err
    assert run.rc == 1, (run.rc, run.err)  # calls failed: said by the exit code, as for a bad recording
    lines = [ln for ln in run.err.splitlines() if "not stored in the history" in ln]
    assert sorted(Path(ln.split(": ")[1]).name for ln in lines) == ["a.wav", "b.wav"], run.err
    assert "0 reviewed" in run.out and "2 failed" in run.out, run.out
