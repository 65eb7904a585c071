"""The SQLite call history: private file, migrations, one row per call, trends, CLI."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from coach.errors import UserError
from coach.history.store import MIGRATIONS, SCHEMA_VERSION, CallRecord, History
from coach.history.trends import format_trends, parse_since, trend_rows, trends_csv
from tests.conftest import run_coach

DAY = 86400.0


def _doc(interruptions: int, empathy: int, missing: int, cold_s: float, ratio: float) -> dict[str, Any]:
    events = ([{"kind": "interruption", "role": "agent", "start": 1.0, "end": 2.0}] * interruptions
              + [{"kind": "empathy", "role": "agent", "start": 3.0, "end": 4.0}] * empathy
              + [{"kind": "missing_empathy", "role": "agent", "start": 5.0, "end": 6.0}] * missing
              + ([{"kind": "cold_tone", "role": "agent", "start": 10.0, "end": 10.0 + cold_s}] if cold_s else []))
    return {"schema": "coach.review/1", "audio": {"path": "c.wav", "duration_s": 60.0}, "roles": {},
            "segments": [{"role": "customer", "start": 0.0, "end": 3.0,
                          "text": "my card is 4111 1111 1111 1111 and mail jane@example.com"}],
            "words": [], "events": events, "metrics": {"interruptions": interruptions, "agent_talk_ratio": ratio}}


def test_private_file_and_folder(tmp_path: Path) -> None:
    db = tmp_path / "deep" / "h.sqlite3"
    with History(db) as h:
        h.put(CallRecord("a", "c", "x.wav", "alice", time.time(), _doc(1, 0, 0, 0, 0.5)))
    assert stat.S_IMODE(os.stat(db.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


def test_migrates_a_version_1_file(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    con = sqlite3.connect(db)
    con.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    con.execute("INSERT INTO calls (audio_sha256, config_hash, path, agent_id, call_time, reviewed_at, duration_s,"
                " roles_json, metrics_json, review_json, redacted, interruptions, empathy, missing_empathy,"
                " agent_talk_ratio, cold_tone_s) VALUES ('old','c','p','bob',0,0,1,'{}','{}','{}',1,2,0,0,0.5,0)")
    con.commit()
    con.close()
    with History(db) as h:
        assert h.version == SCHEMA_VERSION >= 3
        assert ("calls_trend",) in h.query("SELECT name FROM sqlite_master WHERE type = 'index'")
        assert h.query("SELECT review_schema, interruptions FROM calls") == [("coach.review/1", 2)]


def test_newer_schema_is_refused_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(UserError, match="newer than this coach"):
        History(db)


def test_rereview_replaces_the_row_and_its_events(tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite3") as h:
        h.put(CallRecord("same", "c1", "x.wav", "alice", 0.0, _doc(3, 0, 0, 0, 0.5)))
        h.put(CallRecord("same", "c2", "x.wav", "alice", 0.0, _doc(1, 0, 0, 0, 0.5)))
        assert h.count() == 1
        assert h.query("SELECT COUNT(*) FROM events") == [(1,)]
        assert h.reviewed("c2") == {"same"} and h.reviewed("c1") == set()


def test_stored_review_is_redacted(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    with History(db) as h:
        h.put(CallRecord("x", "c", "x.wav", "alice", 0.0, _doc(0, 0, 0, 0, 0.5)))
        text = json.loads(h.query("SELECT review_json FROM calls")[0][0])["segments"][0]["text"]
    assert text == "my card is [CARD] and mail [EMAIL]"
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"4111" not in raw and b"jane@" not in raw


def _fill(h: History) -> None:
    now = time.time()
    for i in range(12):  # alice: 2 interruptions per call, empathy 1 of 2; bob: none, cold 30 s each
        h.put(CallRecord(f"a{i}", "c", "a.wav", "alice", now - i * DAY, _doc(2, 1, 1, 0, 0.6)))
        h.put(CallRecord(f"b{i}", "c", "b.wav", "bob", now - i * DAY, _doc(0, 2, 0, 30.0, 0.4)))


def test_trends_per_agent(tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite3") as h:
        _fill(h)
        rows = trend_rows(h, by="day")
        alice = [r for r in rows if r.agent == "alice"]
        assert sum(r.calls for r in alice) == 12
        assert all(r.interruptions_per_call == 2.0 and r.empathy_rate == 0.5 for r in alice)
        bob = [r for r in rows if r.agent == "bob"]
        assert sum(r.cold_tone_min for r in bob) == pytest.approx(6.0)
        recent = trend_rows(h, agent="bob", since=time.time() - 2.5 * DAY, by="day")
        assert {r.agent for r in recent} == {"bob"} and sum(r.calls for r in recent) == 3
        table = format_trends(trend_rows(h))
        assert "alice" in table and "2.00" in table and "50%" in table and "interruptions per call" in table
        csv_text = trends_csv(rows)
        assert csv_text.splitlines()[0].startswith("agent,period,calls,interruptions_per_call")


def test_since_must_be_a_date() -> None:
    assert parse_since("2024-01-02") == 1704153600.0
    with pytest.raises(UserError):
        parse_since("last tuesday")


def test_history_command(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    with History(db) as h:
        _fill(h)
    env = {"COACH_HISTORY": str(db)}
    run = run_coach("history", "--agent", "alice", env=env)
    assert run.rc == 0, run.err
    assert "alice" in run.out and "bob" not in run.out and "##" in run.out
    out_csv = tmp_path / "t.csv"
    run = run_coach("history", "--csv", str(out_csv), "--by", "day", env=env)
    assert run.rc == 0, run.err
    assert len(out_csv.read_text().splitlines()) > 2
    run = run_coach("history", "--since", "yesterday-ish", env=env)
    assert run.rc == 2 and run.err.count("\n") == 1 and "--since" in run.err
