"""Stored personal data is the user's alone: folders coach creates are 0700, its files 0600, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from coach.config import CoachConfig, HistoryConfig
from coach.history.store import CallRecord, History
from coach.paths import data_dir, private_dir, private_file
from coach.speech.roles import default_voiceprint_path, save_voiceprint


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Run with the usual umask and with one that would make everything world-writable."""
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def test_private_dir_creates_every_missing_level_0700_and_leaves_existing_ones(tmp_path: Path, umask: int) -> None:
    tmp_path.chmod(0o755)
    deep = private_dir(tmp_path / "a" / "b" / "c")
    assert deep.is_dir()
    assert [mode(p) for p in (tmp_path / "a", tmp_path / "a" / "b", deep)] == [0o700] * 3
    assert mode(tmp_path) == 0o755  # not ours: untouched
    assert private_dir(deep) == deep  # idempotent
    f = private_file(tmp_path / "x" / "file.db")
    assert mode(f) == 0o600 and mode(f.parent) == 0o700 and f.stat().st_size == 0
    f.write_text("kept")
    private_file(f)
    assert f.read_text() == "kept"  # an existing file is not truncated


def test_history_database_and_its_folder(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "data" / "coach" / "history.sqlite3"
    with History(path) as history:
        history.put(CallRecord("ab" * 32, "cfg", "/calls/a.wav", "pam", 1.0e9, {"schema": "coach.review/1",
                                                                                  "audio": {"duration_s": 1.0},
                                                                                  "events": []}))
        stored = sorted(p for p in path.parent.iterdir())
        assert [p.name for p in stored][:1] == ["history.sqlite3"]
        assert {p.name: mode(p) for p in stored} == {p.name: 0o600 for p in stored}  # -wal and -shm too
    assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700


def test_default_locations_under_the_user_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      umask: int) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("COACH_HISTORY", raising=False)
    assert HistoryConfig().resolved_path() == data_dir() / "history.sqlite3" == tmp_path / "xdg/coach/history.sqlite3"
    with History.open(CoachConfig()):
        pass
    assert mode(tmp_path / "xdg") == 0o700 and mode(data_dir()) == 0o700
    assert mode(data_dir() / "history.sqlite3") == 0o600
    assert default_voiceprint_path().parent == data_dir()


def test_voiceprint_file_and_folder(tmp_path: Path, umask: int) -> None:
    for name in ("voice.npy", "voice.json"):
        path = tmp_path / "prints" / "agent" / name
        save_voiceprint(np.ones(192, dtype=np.float32), path, source="enroll.wav")
        assert mode(path) == 0o600
        assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    assert sorted(p.name for p in (tmp_path / "prints" / "agent").iterdir()) == ["voice.json", "voice.npy"]
