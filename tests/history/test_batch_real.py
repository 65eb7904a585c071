"""The real pipeline at scale: `coach batch` (local processes and a local Ray), `coach review`
and `coach report` on calls spoken by espeak-ng; a spoken card number never reaches the
database or any export."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.batch_throughput import make_clips
from tests.conftest import ROOT, run_coach
from tests.history.calls import CARD, count_calls, make_card_call, make_short_call

pytestmark = pytest.mark.slow

# The card number as any export could carry it: digits with or without separators, or spoken.
LEAKS = re.compile(r"4[\s,.-]*1[\s,.-]*1[\s,.-]*1[\s,.-]*1[\s,.-]*1|four,? one,? one,? one", re.IGNORECASE)


def _no_card(data: bytes | str, where: str) -> None:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    assert CARD not in text and not LEAKS.search(text), f"card number found in {where}"


@pytest.fixture(scope="module")
def calls(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("real") / "calls"
    folder.mkdir()
    make_card_call(folder / "a_card.wav")
    (folder / "b_corrupt.flac").write_bytes(b"fLaC" + os.urandom(300))
    make_short_call(folder / "c_short.wav")
    return folder


def _db_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_local_batch_real_calls(calls: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    env = {"COACH_HISTORY": str(db)}
    run = run_coach("batch", str(calls), "--agent", "pam", "--workers", "2", env=env, timeout=900)
    assert run.rc == 1, run.err  # finished, with one failed file
    assert "2 reviewed, 0 already in the history, 1 failed, of 3 calls" in run.out
    assert "b_corrupt.flac" in run.err and "3/3 calls" in run.err
    raw = _db_bytes(db)
    _no_card(raw, "the history database")
    assert b"[CARD]" in raw
    again = run_coach("batch", str(calls), "--agent", "pam", env=env, timeout=900)
    assert "0 reviewed, 2 already in the history, 1 failed" in again.out
    hist = run_coach("history", "--csv", env=env)
    assert hist.rc == 0 and hist.out.splitlines()[1].startswith("pam,")


def test_review_and_report_of_a_call_that_speaks_a_card(calls: Path, tmp_path: Path) -> None:
    env = {"COACH_HISTORY": str(tmp_path / "h.sqlite3")}
    out_json = tmp_path / "r.json"
    run = run_coach("review", str(calls / "a_card.wav"), "--json", str(out_json), env=env, timeout=900)
    assert run.rc == 0, run.err
    _no_card(run.out, "the printed summary")
    doc = json.loads(out_json.read_text())
    _no_card(out_json.read_text(), "the review JSON")
    assert "[CARD]" in " ".join(s["text"] for s in doc["segments"])
    assert "[CARD]" in {w["text"].strip() for w in doc["words"]}
    assert doc["redaction"]["applied"] is True
    _no_card(_db_bytes(tmp_path / "h.sqlite3"), "the history database")
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    run = run_coach("report", str(calls / "a_card.wav"), "--html", str(html), "--md", str(md), timeout=900)
    assert run.rc == 0, run.err
    for f in (html, md):
        _no_card(f.read_text(), f.name)
    assert "[CARD]" in html.read_text() and not re.search(r"https?:", html.read_text())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# A private single-user head for the test: Ray's token authentication (on by default since 2.5x)
# would have the head and the client agree on ~/.ray/auth_token, which a test must not touch.
RAY_ENV = {"RAY_AUTH_MODE": "disabled"}


@pytest.fixture
def local_ray() -> Iterator[str]:
    """A Ray head on this machine, started (and stopped) by the test: its own process group."""
    port = _free_port()
    temp = tempfile.mkdtemp(prefix="ray", dir="/tmp")  # short: Ray's unix socket paths have a length limit
    ray_bin = Path(sys.executable).parent / "ray"
    proc = subprocess.Popen([str(ray_bin), "start", "--head", "--block", f"--port={port}", "--num-cpus=2",
                             "--object-store-memory=200000000", "--include-dashboard=false", "--disable-usage-stats",
                             f"--temp-dir={temp}"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            env={**os.environ, **RAY_ENV})
    try:
        yield f"127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        shutil.rmtree(temp, ignore_errors=True)


def test_ray_batch_real_calls(calls: Path, tmp_path: Path, local_ray: str) -> None:
    db = tmp_path / "h.sqlite3"
    env = {"COACH_HISTORY": str(db), **RAY_ENV}
    run = run_coach("batch", str(calls), "--engine", "ray", "--address", local_ray, env=env, timeout=900)
    assert run.rc == 1, run.out + run.err
    assert "2 reviewed, 0 already in the history, 1 failed, of 3 calls" in run.out
    assert "b_corrupt.flac" in run.err
    _no_card(_db_bytes(db), "the history database")


def test_a_killed_batch_of_200_fixture_calls_resumes_and_skips_the_corrupt_one(tmp_path: Path) -> None:
    """The issue's batch for real: 200 short clips of the stereo fixture calls through `coach batch`
    and the real pipeline; killed part-way (driver and workers), then run again to the end."""
    n = 200
    folder = tmp_path / "calls"
    folder.mkdir()
    make_clips(folder, n, clip_s=4.0)
    (folder / f"clip{n // 2:04d}b.wav").write_bytes(b"RIFF\x24\x00\x00\x00WAVEjunk" + os.urandom(200))
    db = tmp_path / "h.sqlite3"
    cmd = [sys.executable, "-m", "coach.cli", "batch", str(folder), "--agent", "pam", "--workers", "2"]
    env = {**os.environ, "COACH_HISTORY": str(db)}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 600
    while count_calls(db) < 40 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
    assert proc.poll() is None, "the batch ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # as a crash would: the driver and its worker processes
    proc.wait(timeout=60)
    first = count_calls(db)
    assert 40 <= first < n

    rerun = run_coach("batch", str(folder), "--agent", "pam", "--workers", "2", env={"COACH_HISTORY": str(db)},
                      timeout=900)
    assert rerun.rc == 1, rerun.err  # 1: finished, with one failed file
    assert f"{first} of {n + 1} calls already in the history with this config: skipped" in rerun.err
    left = n + 1 - first
    assert f"{left}/{left} calls" in rerun.err and "calls/min" in rerun.err and "ETA" in rerun.err
    bad = [line for line in rerun.err.splitlines() if line.startswith("coach: ")]
    assert len(bad) == 1 and f"clip{n // 2:04d}b.wav" in bad[0] and "(skipped)" in bad[0], bad
    assert f"{n - first} reviewed, {first} already in the history, 1 failed, of {n + 1} calls" in rerun.out
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT COUNT(*), COUNT(DISTINCT audio_sha256), COUNT(DISTINCT path) FROM calls"
                           ).fetchone() == (n, n, n)
        # Real reviews: the clips hold speech, so the history holds turns and words, not empty documents.
        docs = [json.loads(row[0]) for row in con.execute("SELECT review_json FROM calls")]
    finally:
        con.close()
    with_words = sum(bool(d["words"]) for d in docs)
    assert with_words >= n * 0.8, with_words
