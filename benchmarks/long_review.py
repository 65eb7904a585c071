"""Whole `coach review` of long stereo calls: wall time, real-time factor and peak memory at 10, 60, 180 minutes.

Usage: .venv/bin/python -m benchmarks.long_review [--minutes 10 60 180] [--speech 0.15]
                                                  [--model whisper-tiny.en] [--beam 1] [--dir DIR]

Each call is a stereo 8 kHz FLAC written block by block (this script never holds a call in
memory): the four stereo fixture calls in turn, each followed by low noise (-60 dBFS) so that
about ``--speech`` of the call has someone talking. Each review runs the real CLI in a fresh
process (``coach review CALL --json OUT --no-history``) with a config that picks the review
model and beam (tiny.en, greedy by default, so three hours stay feasible on two cores). Peak RSS
comes from ``wait4`` on that process; RSS is also sampled every second to show the growth from
the first tenth of the run to the end. Flat memory: peak RSS about the same from 10 to 180 min.
Built calls are kept in ``--dir`` (default: /tmp/coach-long-review) and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
CALLS = ROOT / "fixtures" / "calls"
LOOP = ("stereo_interrupt", "cold_vs_lively", "upset_no_empathy", "model_empathy")
RATE = 8000
NOISE = 0.001  # -60 dBFS: a quiet line between calls, not digital silence


def build(path: Path, minutes: float, speech: float, seed: int = 0) -> float:
    """Write the call block by block; returns the seconds of fixture audio in it."""
    calls = [sf.read(CALLS / f"{name}.flac", dtype="float32", always_2d=True)[0] for name in LOOP]  # (n, 2) each
    total = int(minutes * 60 * RATE)
    rng = np.random.default_rng(seed)
    written = spoken = 0
    tmp = path.with_name(f".{path.name}.part")
    with sf.SoundFile(tmp, "w", samplerate=RATE, channels=2, format="FLAC", subtype="PCM_16") as fh:

        def put(x: npt.NDArray[np.float32]) -> None:
            nonlocal written
            x = x[: total - written]
            fh.write(x + NOISE * rng.standard_normal(x.shape).astype(np.float32))
            written += x.shape[0]

        i = 0
        while written < total:
            call = calls[i % len(calls)]
            before = written
            put(call)
            spoken += written - before
            gap = int(call.shape[0] * (1 / speech - 1))
            while gap > 0 and written < total:
                n = min(gap, 10 * RATE)
                put(np.zeros((n, 2), dtype=np.float32))
                gap -= n
            i += 1
    tmp.replace(path)
    return spoken / RATE


@dataclass
class Run:
    minutes: float
    rc: int
    wall_s: float
    cpu_s: float
    peak_mb: float
    early_mb: float  # RSS a tenth of the way through
    end_mb: float  # RSS in the last second
    turns: int
    words: int
    err: str


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def review(call: Path, config: Path, out: Path, minutes: float) -> Run:
    env = dict(os.environ, COACH_CONFIG=str(config))
    cmd = [sys.executable, "-m", "coach.cli", "review", str(call), "--json", str(out), "--no-history"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, float]] = []  # (seconds since start, RSS MB)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(1.0):
            rss = _rss_mb(proc.pid)
            if rss is not None:
                samples.append((time.perf_counter() - t0, rss))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()  # small: one line on failure
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    early = [rss for t, rss in samples if t <= wall * 0.1] or [samples[0][1] if samples else 0.0]
    turns = words = 0
    if proc.returncode == 0:
        doc = json.loads(out.read_text())
        turns, words = len(doc["turns"]), len(doc["words"])
    return Run(minutes, proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               max(early), samples[-1][1] if samples else 0.0, turns, words, err.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, nargs="*", default=[10, 60, 180])
    parser.add_argument("--speech", type=float, default=0.15, help="share of the call with fixture speech")
    parser.add_argument("--model", default="whisper-tiny.en", help="[asr] review_model")
    parser.add_argument("--beam", type=int, default=1, help="[asr] review_beam")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/coach-long-review"))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    config = args.dir / f"review-{args.model}-beam{args.beam}.toml"
    config.write_text(f'[asr]\nreview_model = "{args.model}"\nreview_beam = {args.beam}\n')
    print(f"stereo 8 kHz FLAC, {args.speech:.0%} fixture speech, low noise between; "
          f"[asr] review_model = {args.model}, review_beam = {args.beam}; {os.cpu_count()} cores", flush=True)
    print(f"{'audio':>6} {'speech':>7} {'wall s':>8} {'RTF':>7} {'CPU s':>8} {'peak RSS':>9} {'RSS@10%':>8} "
          f"{'RSS end':>8} {'turns':>6} {'words':>6}", flush=True)
    for minutes in args.minutes:
        call = args.dir / f"long_{minutes:g}min_{args.speech:g}.flac"
        meta = call.with_suffix(".json")
        if not call.exists() or not meta.exists():
            spoken = build(call, minutes, args.speech)
            meta.write_text(json.dumps({"speech_s": spoken}))
        spoken = json.loads(meta.read_text())["speech_s"]
        r = review(call, config, args.dir / f"long_{minutes:g}min.review.json", minutes)
        if r.rc != 0:
            print(f"{minutes:>5g}m failed (exit {r.rc}): {r.err[-500:]}", flush=True)
            continue
        print(f"{minutes:>5g}m {spoken / 60:>5.1f}m {r.wall_s:>8.1f} {r.wall_s / (minutes * 60):>7.4f} "
              f"{r.cpu_s:>8.1f} {r.peak_mb:>7.0f}MB {r.early_mb:>6.0f}MB {r.end_mb:>6.0f}MB {r.turns:>6} {r.words:>6}",
              flush=True)


if __name__ == "__main__":
    main()
