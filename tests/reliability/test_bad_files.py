"""Concrete bad recordings through the real CLI: one line and exit 2, or a correct review; never a traceback.

Every case writes ``--json OUT`` into a folder of its own, which must stay empty after a failure
(no half-written review, no temporary file). The cases run two at a time (two cores) in fresh
interpreters, as a user would run them.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.reliability import badfiles

Check = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], Path]
    error: str | None = None  # the problem the one stderr line must state; None: a review is expected
    check: Check | None = None  # what the review must say
    command: tuple[str, ...] = ("review",)
    config: str = ""  # TOML for this run
    hang_s: float = 300.0  # a run still going after this is hung (a FIFO's open would block forever)


def _silent(doc: dict[str, Any]) -> None:
    assert (doc["turns"], doc["segments"], doc["words"], doc["events"]) == ([], [], [], [])
    assert doc["metrics"]["interruptions"] == 0 and doc["metrics"]["agent_talk_ratio"] == 0.0


def _audio(duration: float, channels: int, rate: int = badfiles.RATE) -> Check:
    def check(doc: dict[str, Any]) -> None:
        audio = doc["audio"]
        assert (audio["sample_rate"], audio["channels"]) == (rate, channels), audio
        assert abs(audio["duration_s"] - duration) < 0.01, audio
        assert doc["roles"]["agent"].startswith("channel:")
    return check


def _all(*checks: Check) -> Check:
    def check(doc: dict[str, Any]) -> None:
        for c in checks:
            c(doc)
    return check


def _roles(agent: str, customer: str) -> Check:
    def check(doc: dict[str, Any]) -> None:
        assert (doc["roles"]["agent"], doc["roles"]["customer"]) == (agent, customer)
    return check


def _cut_short(doc: dict[str, Any]) -> None:
    # 2 s of audio are in the file, whatever the data chunk claims: the review says 2 s.
    assert abs(doc["audio"]["duration_s"] - 2.0) < 0.01, doc["audio"]


B = badfiles
CASES: dict[str, Case] = {
    "empty": Case(B.empty, "file is empty"),
    "truncated_header": Case(B.truncated_header, "truncated WAV header"),
    "flac_named_wav": Case(B.flac_named_wav, check=_audio(2.0, 2)),
    "wav_named_mp3": Case(B.wav_named_mp3, check=_audio(2.0, 2)),
    "text_named_wav": Case(B.text_named_wav, "looks like a text file, not audio"),
    "huge_rate": Case(B.huge_rate, "sample rate 4000000000 Hz is outside 1000-192000 Hz"),
    "nan_inf_float": Case(B.nan_inf_float, check=_audio(2.0, 2)),
    "zero_channels": Case(B.zero_channels, "has no audio channels"),
    "long_silence": Case(B.long_silence, check=_all(_audio(1200.0, 2), _silent), hang_s=600.0),
    "a_folder": Case(B.a_folder, "is a folder, not an audio file"),
    "missing": Case(B.missing, "file not found"),
    "unreadable": Case(B.unreadable, "cannot read (Permission denied)"),
    "corrupt_mulaw": Case(B.corrupt_mulaw, "No 'data' chunk"),
    "mulaw_wrong_bits": Case(B.mulaw_wrong_bits, check=_audio(0.256, 2)),
    "mulaw_cut_short": Case(B.mulaw_cut_short, check=_cut_short),
    "one_sample": Case(B.one_sample, check=_all(_audio(0.0, 2), _silent)),
    "five_channels": Case(B.five_channels, "has 5 channels; set [audio] channels = 'AGENT,CUSTOMER'"),
    "five_channels_picked": Case(B.five_channels, check=_all(_audio(2.0, 5), _roles("channel:3", "channel:1")),
                                 config='[audio]\nchannels = "3,1"\n'),
    "five_channels_bad_pick": Case(B.five_channels, "[audio] channels names channel 7, but the file has 5",
                                   config='[audio]\nchannels = "7,1"\n'),
    "random_bytes_flac": Case(B.random_bytes_flac, "not a readable audio file (format not recognised; ffmpeg:"),
    # Half a FLAC: libsndfile loses sync where the data stops; said with the place, nothing written.
    "half_flac": Case(B.half_flac, "decoding failed at"),
    # Not files: said by what they are, at once (a FIFO would block the open; /dev/zero never ends).
    "a_fifo": Case(B.a_fifo, "is a named pipe (FIFO), not an audio file"),
    "dev_zero": Case(B.dev_zero, "is a device, not an audio file"),
    "symlink_loop": Case(B.symlink_loop, "is a symlink loop"),
    "dangling_symlink": Case(B.dangling_symlink, "is a symlink to a missing file"),
    "replay_fifo": Case(B.a_fifo, "is a named pipe (FIFO)", command=("replay",)),
    # The other commands that take a recording: the same one line before any screen or model.
    "report_text": Case(B.text_named_wav, "looks like a text file, not audio", command=("report",)),
    "report_empty": Case(B.empty, "file is empty", command=("report",)),
    "replay_missing": Case(B.missing, "file not found", command=("replay",)),
    "replay_zero_channels": Case(B.zero_channels, "has no audio channels", command=("replay",)),
    "enroll_text": Case(B.text_named_wav, "looks like a text file, not audio", command=("enroll",)),
}


@dataclass(frozen=True)
class Outcome:
    rc: int
    out: str
    err: str
    hung: bool
    path: Path
    out_dir: Path
    output: Path


def _command(case: Case, path: Path, output: Path) -> list[str]:
    verb = case.command[0]
    if verb == "review":
        return ["review", str(path), "--json", str(output)]
    if verb == "report":
        return ["report", str(path), "--html", str(output)]
    if verb == "enroll":
        return ["enroll", str(path), "--out", str(output)]
    return [verb, str(path)]


def _run(name: str, case: Case, root: Path) -> Outcome:
    folder = root / name
    folder.mkdir()
    path = case.make(folder)
    out_dir = folder / "out"
    out_dir.mkdir()
    output = out_dir / ("review.json" if case.command[0] == "review" else "result.out")
    env = dict(os.environ, COACH_HISTORY=str(folder / "history.sqlite3"), XDG_DATA_HOME=str(folder / "data"))
    env.pop("COACH_CONFIG", None)
    args = [sys.executable, "-m", "coach.cli"]
    if case.config:
        (folder / "coach.toml").write_text(case.config)
        args += ["--config", str(folder / "coach.toml")]
    args += _command(case, path, output)
    if name == "unreadable" and os.geteuid() == 0:
        # root reads anything; in a user namespace, a file owned by an unmapped user is protected again.
        os.chown(path, 65534, 65534)
        if shutil.which("unshare") is None or subprocess.run(["unshare", "-r", "true"]).returncode != 0:
            pytest.skip("running as root without user namespaces: cannot make a file unreadable")
        args = ["unshare", "-r", *args]
    try:
        proc = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=case.hang_s)
    except subprocess.TimeoutExpired as stopped:
        out, err = (s.decode() if isinstance(s, bytes) else (s or "") for s in (stopped.stdout, stopped.stderr))
        return Outcome(-1, out, err, True, path, out_dir, output)
    return Outcome(proc.returncode, proc.stdout, proc.stderr, False, path, out_dir, output)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every case, two at a time; the slowest (20 minutes of silence) first."""
    root = tmp_path_factory.mktemp("badinput")
    order = sorted(CASES, key=lambda n: n != "long_silence")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(_run, name, CASES[name], root) for name in order}
        return {name: f.result() for name, f in futures.items()}


def _no_nan(value: str) -> float:
    raise AssertionError(f"{value} in the review JSON")


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(outcomes: dict[str, Outcome], name: str) -> None:
    case, got = CASES[name], outcomes[name]
    assert "Traceback" not in got.err and "Traceback" not in got.out, got.err
    assert not got.hung, f"{name} still running after {case.hang_s:.0f} s: it hangs"
    if case.error is not None:
        assert got.rc == 2, (got.rc, got.err)
        lines = got.err.splitlines()
        assert len(lines) == 1, got.err
        assert lines[0].startswith(f"coach: {got.path}: ") and case.error in lines[0], lines[0]
        assert list(got.out_dir.iterdir()) == [], "a failed run left output behind"
        return
    assert got.rc == 0, got.err
    assert got.err == "", got.err
    assert [p.name for p in got.out_dir.iterdir()] == [got.output.name]  # no temporary file beside it
    doc = json.loads(got.output.read_text(), parse_constant=_no_nan)
    assert doc["schema"] == "coach.review/1"
    assert all(math.isfinite(v) for v in _numbers(doc))
    assert case.check is not None
    case.check(doc)


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return []


def test_a_review_that_cannot_be_written_is_one_line_before_the_review(tmp_path: Path) -> None:
    """``--json`` naming a folder, or a file inside a read-only folder: said at once, nothing reviewed."""
    call = badfiles.flac_named_wav(tmp_path)
    env = dict(os.environ, COACH_HISTORY=str(tmp_path / "history.sqlite3"))
    folder = tmp_path / "reviews"
    folder.mkdir()
    for target, problem in ((folder, "is a folder"), (call / "x.json", "is not a folder")):
        proc = subprocess.run([sys.executable, "-m", "coach.cli", "review", str(call), "--json", str(target)],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
        assert proc.stderr.startswith(f"coach: {target}: cannot write (") and problem in proc.stderr, proc.stderr
        assert proc.stdout == ""  # refused before the review ran
    assert list(folder.iterdir()) == []
