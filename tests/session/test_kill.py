"""A live session killed with SIGKILL mid-call: the next start recovers what it heard and found.

A child process replays a fixture call through a real LiveSession (real VAD and tiny.en) into a
private sessions folder and prints what it was fed and every committed finding it emitted. The
test kills it mid-call, then runs `coach sessions` (which recovers first) and compares the
recovered recording with the source samples and the recovered findings with what was emitted.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from coach.redact import open_tail
from coach.session.store import list_sessions, load_records
from tests.conftest import CALLS, ROOT, run_coach

CALL = CALLS / "stereo_interrupt.flac"  # 40.7 s; the interruption at 23.4 s
KILL_AT_S = 28.0  # call time fed when the child is killed: after the interruption's nudge, before the end
SPEED = 4.0


class Child:
    """The driver process and the lines it printed, read as they come."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.session.kill_driver", str(CALL), "--speed",
                                      str(SPEED)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.lines: list[dict[str, Any]] = []
        self.fed = 0.0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            doc = json.loads(line)
            self.lines.append(doc)
            self.fed = max(self.fed, float(doc.get("fed", 0.0)))

    def wait_fed(self, seconds: float, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.fed < seconds:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                err = self.proc.stderr.read() if self.proc.stderr else ""
                raise AssertionError(f"child fed {self.fed:.1f} s, rc {self.proc.poll()}:\n{err[-3000:]}")
            time.sleep(0.02)

    def kill(self) -> float:
        """SIGKILL; returns the call time fed before the kill (everything it printed is then read)."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._reader.join(timeout=30)
        return self.fed


def _key(rec: dict[str, Any]) -> tuple[Any, ...]:
    fields = {"event": ("kind", "role", "start", "end"), "nudge": ("kind", "at"), "word": ("role", "start", "end")}
    return (rec["type"], *(rec[f] for f in fields[rec["type"]]))


@pytest.mark.slow
def test_a_killed_session_loses_at_most_a_second_of_audio_and_no_committed_finding(tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    env = {**os.environ, "COACH_SESSIONS": str(sessions)}
    child = Child(env)
    child.wait_fed(KILL_AT_S, timeout=180)
    fed = child.kill()
    assert child.proc.returncode == -signal.SIGKILL
    emitted = [d for d in child.lines if d.get("type") in ("event", "nudge", "word")]
    assert any(d["type"] == "event" and d["kind"] == "interruption" for d in emitted), emitted
    assert not any("done" in d for d in child.lines), "the child must be killed mid-call"

    # Before recovery the session is interrupted: its manifest still says recording, nobody holds its lock.
    (before,) = list_sessions(sessions)
    assert before.state == "interrupted"

    # The next start (here `coach sessions`) repairs it and says so.
    run = run_coach("sessions", env={"COACH_SESSIONS": str(sessions)}, timeout=120)
    assert run.rc == 0, run.err
    assert f"recovered an interrupted session: {before.id}" in run.err
    row = next(line for line in run.out.splitlines() if line.startswith(before.id))
    assert "recovered" in row and str(before.path) in row

    (info,) = list_sessions(sessions)
    assert info.state == "recovered" and info.manifest["recovery"]["event_lines_dropped"] <= 1
    # Audio: at most one second short of what had been fed, and exactly the source's samples.
    got, rate = sf.read(info.audio, dtype="int16", always_2d=True)  # (frames, 2)
    src, src_rate = sf.read(CALL, dtype="int16", always_2d=True)
    assert rate == src_rate == 8000 and got.shape[1] == 2
    assert got.shape[0] / rate >= fed - 1.0, (got.shape[0] / rate, fed)
    assert np.array_equal(got, src[:got.shape[0]]), "the recording must be the call's own samples"

    # Findings: every event, nudge and committed word emitted before the kill was on disk, except
    # words a number, address or e-mail could still have continued (held back to redact it whole).
    records, _ = load_records(info.events)
    stored = {_key(r) for r in records if r.get("type") in ("event", "nudge", "word")}
    for doc in emitted:
        if doc["type"] != "word":
            assert _key(doc) in stored, doc
    held = 0
    for role in ("agent", "customer"):
        words = [d for d in emitted if d["type"] == "word" and d["role"] == role]
        missing = [d for d in words if _key(d) not in stored]
        assert missing == words[open_tail([d["text"] for d in words]):], (role, missing)
        held += len(missing)
    assert {r["type"] for r in records} >= {"turn", "word", "event", "nudge"}
    print(f"fed {fed:.2f} s, recovered {got.shape[0] / rate:.2f} s; {len(emitted)} findings emitted, "
          f"{held} newest words held back; {len(records)} records recovered")

    # It is offered for review through the normal review path.
    out = tmp_path / "review.json"
    review = run_coach("sessions", "review", before.id[:15], "--json", str(out), "--no-history",
                       env={"COACH_SESSIONS": str(sessions)}, timeout=300)
    assert review.rc == 0, review.err
    doc = json.loads(out.read_text())
    assert doc["audio"]["duration_s"] == pytest.approx(got.shape[0] / rate, abs=0.01)
    assert any(e["kind"] == "interruption" for e in doc["events"])
