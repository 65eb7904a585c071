"""`coach batch` and `coach history` on bad input: one line naming the problem, exit code 2."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_coach


def test_batch_missing_or_empty_source(tmp_path: Path) -> None:
    env = {"COACH_HISTORY": str(tmp_path / "h.sqlite3")}
    run = run_coach("batch", str(tmp_path / "nope"), env=env)
    assert run.rc == 2 and run.err.count("\n") == 1 and "nope: no such file or folder" in run.err
    (tmp_path / "empty").mkdir()
    run = run_coach("batch", str(tmp_path / "empty"), env=env)
    assert run.rc == 2 and "no recordings found" in run.err


def test_unreadable_history_file(tmp_path: Path) -> None:
    bad = tmp_path / "h.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    run = run_coach("history", env={"COACH_HISTORY": str(bad)})
    assert run.rc == 2 and run.err.count("\n") == 1 and str(bad) in run.err


def test_empty_history(tmp_path: Path) -> None:
    run = run_coach("history", env={"COACH_HISTORY": str(tmp_path / "new" / "h.sqlite3")})
    assert run.rc == 0 and "no calls in the history match" in run.out
