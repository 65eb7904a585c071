"""Inputs that change under coach or never end, through the real CLI: one line, never a wrong review.

A recording cut short while it is reviewed; a config that is a device, a pipe, or TOML nested
thousands deep. (Recordings that are not files are rows of the bad-file table.)
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from tests.conftest import ROOT, Run
from tests.reliability.badfiles import RATE

MEMORY_CAP = 3 << 30  # a config read must never need more; a reader without a limit hits this, not the machine


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _coach(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> Run:
    proc = subprocess.run([sys.executable, "-m", "coach.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=ROOT, timeout=timeout, preexec_fn=_cap_memory)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _one_line(run: Run, name: str, said: str) -> None:
    assert run.rc == 2 and "Traceback" not in run.err, (run.rc, run.err[-2000:])
    assert run.err.count("\n") == 1 and run.err.startswith(f"coach: {name}: ") and said in run.err, run.err


def test_a_config_that_never_ends_is_one_line(tmp_path: Path) -> None:
    run = _coach("config", env={"COACH_CONFIG": "/dev/zero"})
    _one_line(run, "/dev/zero", "is not a regular file")


def test_a_config_pipe_with_no_writer_is_one_line_not_a_wait(tmp_path: Path) -> None:
    fifo = tmp_path / "coach.toml"
    os.mkfifo(fifo)
    run = _coach("--config", str(fifo), "config", timeout=60)  # a blocked open would raise TimeoutExpired here
    _one_line(run, str(fifo), "is not a regular file")


def test_deeply_nested_toml_is_one_line(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("[audio]\nchannels = " + "[" * 5000 + "1" + "]" * 5000 + "\n")
    run = _coach("--config", str(deep), "config")
    _one_line(run, str(deep), "nested too deeply")


def _open_fds(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:  # the process ended, or an fd closed while we looked
        return False


def test_a_recording_that_shrinks_while_it_is_reviewed_is_one_line(tmp_path: Path) -> None:
    """Cut to a tenth once the review has been reading it for a moment: the review must say so, not
    report the call at the length its header gave when it was opened."""
    call = tmp_path / "call.wav"
    block = (np.random.default_rng(5).standard_normal((RATE * 60, 2)) * 0.01).astype(np.float32)  # (frames, 2)
    with sf.SoundFile(call, "w", samplerate=RATE, channels=2, format="WAV", subtype="PCM_16") as fh:
        for _ in range(10):  # ten minutes of line noise: long enough to be read for seconds
            fh.write(block)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "coach.cli", "review", str(call), "--json", str(out / "r.json"),
                             "--no-history"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    held_since = None
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if _open_fds(proc.pid, call):
            held_since = held_since or time.monotonic()
            if time.monotonic() - held_since > 0.5:  # the decoder's open, not the probe's glance
                os.truncate(call, 44 + call.stat().st_size // 10 // 4 * 4)
                break
        else:
            held_since = None
        time.sleep(0.01)
    out_text, err = proc.communicate(timeout=600)
    assert held_since is not None, "the review never held the file open"
    _one_line(Run(proc.returncode, out_text, err), str(call), "the file shrank while it was read")
    assert list(out.iterdir()) == []
