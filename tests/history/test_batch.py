"""Batch orchestration: 200 short calls in parallel, a killed run resumed without duplicates,
a corrupt file reported and skipped. The reviewer is the fast stand-in (fake_reviewer.py); the
real pipeline runs in test_batch_real.py."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import ROOT
from tests.history.calls import count_calls

N_CALLS = 200


def _make_calls(folder: Path, n: int = N_CALLS) -> Path:
    """n distinct one-second stereo clips, and one corrupt file in the middle of the order."""
    folder.mkdir()
    rng = np.random.default_rng(7)
    for i in range(n):
        x = (rng.standard_normal((8000, 2)) * 0.01).astype(np.float32)
        sf.write(folder / f"call{i:03d}.wav", x, 8000, subtype="PCM_16")
    (folder / f"call{n // 2:03d}b.wav").write_bytes(b"RIFF\x24\x00\x00\x00WAVEjunk" + os.urandom(200))
    return folder


def _driver(folder: Path, db: Path, **kw: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.history.batch_driver", str(folder), str(db), "2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def calls(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make_calls(tmp_path_factory.mktemp("batch") / "calls")


def test_batch_of_200_with_a_corrupt_file(calls: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    proc = _driver(calls, db)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 1, err  # 1: finished, with a failed file
    assert count_calls(db) == N_CALLS
    bad = [line for line in err.splitlines() if line.startswith("coach: ")]
    assert len(bad) == 1 and f"call{N_CALLS // 2:03d}b.wav" in bad[0] and "(skipped)" in bad[0]
    assert f"{N_CALLS + 1}/{N_CALLS + 1} calls" in err and "calls/min" in err and "ETA" in err
    assert f"{N_CALLS} reviewed, 0 already in the history, 1 failed" in out
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(DISTINCT audio_sha256), COUNT(DISTINCT path) FROM calls").fetchone() == (
        N_CALLS, N_CALLS)
    assert con.execute("SELECT COUNT(*) FROM calls WHERE review_json LIKE '%4111%'").fetchone() == (0,)
    con.close()


def test_killed_batch_resumes_without_duplicates(calls: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    proc = _driver(calls, db, start_new_session=True)
    deadline = time.monotonic() + 300
    while count_calls(db) < 40 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    assert proc.poll() is None, "the batch finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and its workers, as a crash or Ctrl-\ would
    proc.communicate(timeout=60)
    first = count_calls(db)
    assert 40 <= first < N_CALLS
    proc = _driver(calls, db)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 1, err
    assert f"{first} of {N_CALLS + 1} calls already in the history with this config: skipped" in err
    assert f"{N_CALLS - first} reviewed, {first} already in the history, 1 failed" in out
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*), COUNT(DISTINCT audio_sha256) FROM calls").fetchone() == (N_CALLS, N_CALLS)
    con.close()
