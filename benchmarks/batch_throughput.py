"""`coach batch` throughput on this machine: calls per minute and real-time factor, local vs Ray-local.

Usage: .venv/bin/python -m benchmarks.batch_throughput [--calls 16] [--clip-s 10]
The calls are cut from the stereo fixture calls (``--clip-s`` seconds each, a little noise added
so every clip is a distinct recording) and reviewed by the real pipeline into a fresh history
per run: 1 local worker, local workers = cores, and Ray started locally with as many CPUs. Wall
time includes starting the workers and loading their models (once per worker), as a user sees it.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

import coach  # noqa: F401 - offline environment first
from coach.batch import BatchResult, collect, run_batch
from coach.config import CoachConfig
from coach.history.store import History

CALLS = Path(__file__).resolve().parents[1] / "fixtures" / "calls"
SOURCES = ("stereo_interrupt.flac", "cold_vs_lively.flac", "upset_no_empathy.flac", "model_empathy.flac")


def make_clips(folder: Path, n: int, clip_s: float) -> None:
    rng = np.random.default_rng(0)
    made = 0
    while made < n:
        for name in SOURCES:
            x, sr = sf.read(CALLS / name, dtype="float32", always_2d=True)
            step = int(clip_s * sr)
            for k in range(0, len(x) - step + 1, step):
                if made >= n:
                    return
                clip = x[k:k + step] + rng.standard_normal((step, x.shape[1])).astype(np.float32) * 1e-4
                sf.write(folder / f"clip{made:04d}.wav", clip, sr, subtype="PCM_16")
                made += 1


def run(folder: Path, engine: str, workers: int) -> BatchResult:
    with tempfile.TemporaryDirectory() as tmp, History(Path(tmp) / "h.sqlite3") as history:
        return run_batch(collect(str(folder)), CoachConfig(), history, engine=engine, workers=workers,
                         out=io.StringIO())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--calls", type=int, default=16)
    ap.add_argument("--clip-s", type=float, default=10.0)
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_clips(folder, args.calls, args.clip_s)
        rows = []
        for engine, workers in (("local", 1), ("local", cores), ("ray", cores)):
            r = run(folder, engine, workers)
            assert not r.failed, r.failed
            rows.append((f"{engine}-local" if engine == "ray" else engine, workers, r))
    print(f"{args.calls} calls of {args.clip_s:.0f} s (stereo fixture clips), {cores} cores, real pipeline")
    print(f"{'engine':<10} {'workers':>7} {'calls':>6} {'audio s':>8} {'wall s':>7} {'calls/min':>10} {'RTF':>6}")
    for name, workers, r in rows:
        print(f"{name:<10} {workers:>7} {r.reviewed:>6} {r.audio_s:>8.0f} {r.wall_s:>7.1f} "
              f"{r.calls_per_min:>10.1f} {r.rtf:>6.3f}")


if __name__ == "__main__":
    main()
