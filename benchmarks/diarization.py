"""Mono diarization benchmark: accuracy and speed of stock pyannote vs coach, offline and streaming.

Usage::

    .venv/bin/python benchmarks/diarization.py            # accuracy table + 1 and 10 minute runs
    .venv/bin/python benchmarks/diarization.py --long     # ... and a 60 minute run
    .venv/bin/python benchmarks/diarization.py --quick    # accuracy table only

Systems: pyannote 4 ``SpeakerDiarization`` with the same models (segmentation-3.0 + CAM++,
agglomerative centroid clustering, threshold 0.7) at segmentation step 0.1 and 0.5 ("stock"),
coach's offline pipeline (:mod:`coach.speech.diarize`), and coach's streaming diarizer at
latencies 0.5, 1, 2 and 5 s (fed 0.1 s blocks, as live audio arrives).

Data: pyannote's real telephone sample (reference ``sample.rttm``) and the synthetic mono fixture
``mono_interrupt`` (reference built from its truth segments, labelled by role).

Metrics: DER from ``pyannote.metrics`` ``DiarizationErrorRate(collar=..., skip_overlap=False)``,
where pyannote's ``collar`` is the *total* width around each reference boundary (0.25 = +-0.125 s);
overlap-detection precision / recall on 10 ms frames (hypothesis frames with >= 2 speakers vs
reference frames with >= 2 speakers); RTF = processing seconds / audio seconds, models already
loaded, after one warm-up run. Because a 30 s sample's DER moves by a point or more with where the
10 s chunks happen to fall, the offline systems are also scored on the sample shifted by a
fraction of the chunk step ("phase-averaged").

Long runs (1, 10, 60 min: the sample and the fixture looped) each run in a fresh process, which
reports its RTF and peak RSS; the streaming one reads its RSS every simulated minute to show it
stays flat.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import coach  # noqa: E402,F401 - offline switches before any model library loads

# isort: split
import numpy as np  # noqa: E402
import soundfile as sf  # noqa: E402
import torch  # noqa: E402
from pyannote.core import Annotation  # noqa: E402
from pyannote.core import Segment as PSegment  # noqa: E402
from pyannote.metrics.diarization import DiarizationErrorRate  # noqa: E402

from coach.config import DiarizationConfig  # noqa: E402
from coach.samples import pyannote_sample  # noqa: E402
from coach.speech.diarize import RATE, Diarizer, to_annotation, waveform_file  # noqa: E402
from coach.speech.stream_diarize import StreamingDiarizer  # noqa: E402

warnings.filterwarnings("ignore")  # pyannote.metrics' "uem approximated" etc.
FIXTURE = ROOT / "fixtures" / "calls" / "mono_interrupt"
LATENCIES = (0.5, 1.0, 2.0, 5.0)
THREADS = 2


# ----------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Call:
    """Audio (n,) float32 at 16 kHz and its reference diarization."""

    name: str
    samples: np.ndarray
    reference: Annotation

    @property
    def duration(self) -> float:
        return self.samples.shape[0] / RATE


def sample_call(shift_s: float = 0.0) -> Call:
    """pyannote's sample; with ``shift_s``, its own leading background repeated in front."""
    s = pyannote_sample()
    x, rate = sf.read(str(s.wav), dtype="float32")
    assert rate == RATE
    n = round(shift_s * RATE)
    x = np.concatenate([x[:n], x])
    ref = Annotation(uri="sample")
    for i, t in enumerate(s.reference):
        ref[PSegment(t.start + shift_s, t.end + shift_s), i] = t.speaker
    return Call("sample" if n == 0 else f"sample+{shift_s:g}s", x, ref)


def fixture_call() -> Call:
    x, rate = sf.read(str(FIXTURE) + ".flac", dtype="float32")
    assert rate == RATE and x.ndim == 1
    truth = json.loads(Path(str(FIXTURE) + ".truth.json").read_text())
    ref = Annotation(uri="mono_interrupt")
    for i, seg in enumerate(truth["segments"]):
        ref[PSegment(seg["start"], seg["end"]), i] = seg["role"]
    return Call("mono_interrupt", x, ref)


def looped_blocks(seconds: float, block_s: float = 0.1) -> Iterator[np.ndarray]:
    """``seconds`` of sample + fixture audio looped, as blocks (never all in memory)."""
    unit = np.concatenate([sample_call().samples, fixture_call().samples])
    block = round(block_s * RATE)
    total = round(seconds * RATE)
    pos = 0
    while pos < total:
        n = min(block, total - pos)
        start = pos % unit.shape[0]
        part = unit[start:start + n]
        if part.shape[0] < n:
            part = np.concatenate([part, unit[: n - part.shape[0]]])
        yield part
        pos += n


# ----------------------------------------------------------------------------- systems


def stock_pipeline(step: float) -> Any:
    """pyannote 4 SpeakerDiarization as shipped, with our models and agglomerative clustering."""
    from pyannote.audio.core.plda import PLDA
    from pyannote.audio.pipelines import SpeakerDiarization

    from coach.models import load_model, resolve
    from coach.speech.campplus import CamPlusPlus

    pipeline = SpeakerDiarization(
        segmentation=load_model(resolve("pyannote-segmentation-3.0")), segmentation_step=step,
        embedding=CamPlusPlus.load(), clustering="AgglomerativeClustering", plda=object.__new__(PLDA),
        embedding_batch_size=32, segmentation_batch_size=32,
    )
    pipeline.instantiate({"segmentation": {"min_duration_off": 0.0},
                          "clustering": {"method": "centroid", "threshold": 0.7, "min_cluster_size": 12}})
    return pipeline


Runner = Callable[[np.ndarray], Annotation]


def stock_runner(step: float) -> Runner:
    pipeline = stock_pipeline(step)
    return lambda x: pipeline(waveform_file(x), max_speakers=2).speaker_diarization


def ours_runner() -> Runner:
    diarizer = Diarizer(DiarizationConfig(threads=THREADS))
    return lambda x: to_annotation(diarizer(x))


def stream_runner(latency: float) -> Runner:
    streamer = StreamingDiarizer(DiarizationConfig(threads=THREADS, latency_s=latency))

    def run(x: np.ndarray) -> Annotation:
        streamer.reset()
        turns = []
        block = RATE // 10
        for i in range(0, x.shape[0], block):
            turns += streamer.push(x[i:i + block])
        turns += streamer.finish()
        ann = Annotation()
        for j, t in enumerate(turns):
            ann[PSegment(t.start, t.end), j] = t.speaker
        return ann

    return run


# ----------------------------------------------------------------------------- metrics


def der(ref: Annotation, hyp: Annotation, collar: float) -> float:
    return float(DiarizationErrorRate(collar=collar, skip_overlap=False)(ref, hyp))


def speaker_count(ann: Annotation, n_frames: int) -> np.ndarray:
    """Speakers active per 10 ms frame. -> (n_frames,)"""
    count = np.zeros(n_frames, dtype=np.int32)
    for label in ann.labels():
        active = np.zeros(n_frames, dtype=bool)
        for seg in ann.label_timeline(label).support():
            active[max(0, round(seg.start * 100)):min(n_frames, round(seg.end * 100))] = True
        count += active
    return count


def overlap_pr(ref: Annotation, hyp: Annotation, duration: float) -> tuple[float, float]:
    n = int(np.ceil(duration * 100)) + 1
    r, h = speaker_count(ref, n) >= 2, speaker_count(hyp, n) >= 2
    tp = float((r & h).sum())
    return (tp / h.sum() if h.sum() else float("nan")), (tp / r.sum() if r.sum() else float("nan"))


@dataclass(frozen=True)
class Row:
    system: str
    call: str
    der0: float
    der25: float
    ov_p: float
    ov_r: float
    rtf: float


def evaluate(system: str, runner: Runner, calls: list[Call]) -> list[Row]:
    runner(calls[0].samples)  # warm-up: lazy inits, allocator
    rows = []
    for call in calls:
        t0 = time.perf_counter()
        hyp = runner(call.samples)
        seconds = time.perf_counter() - t0
        p, r = overlap_pr(call.reference, hyp, call.duration)
        rows.append(Row(system, call.name, der(call.reference, hyp, 0.0), der(call.reference, hyp, 0.25), p, r,
                        seconds / call.duration))
    return rows


def print_rows(rows: list[Row]) -> None:
    print(f"| {'system':<26} | {'call':<15} | {'DER c=0':>7} | {'DER c=.25':>9} | {'ovl P':>5} | {'ovl R':>5} | "
          f"{'RTF':>6} |")
    print(f"|{'-' * 28}|{'-' * 17}|{'-' * 9}|{'-' * 11}|{'-' * 7}|{'-' * 7}|{'-' * 8}|")
    for r in rows:
        print(f"| {r.system:<26} | {r.call:<15} | {100 * r.der0:6.2f}% | {100 * r.der25:8.2f}% | {r.ov_p:5.2f} | "
              f"{r.ov_r:5.2f} | {r.rtf:6.3f} |")


# ----------------------------------------------------------------------------- long runs (child processes)


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def long_child(mode: str, minutes: float) -> dict[str, Any]:
    """Runs in a fresh process: one long call, offline or streaming (latency 2 s)."""
    torch.set_num_threads(THREADS)
    seconds = minutes * 60
    if mode == "offline":
        diarizer = Diarizer(DiarizationConfig(threads=THREADS))
        x = np.concatenate(list(looped_blocks(seconds, block_s=60.0)))
        base = rss_mb()
        t0 = time.perf_counter()
        result = diarizer(x)
        elapsed = time.perf_counter() - t0
        return {"rtf": elapsed / seconds, "base_rss_mb": base, "peak_rss_mb": peak_rss_mb(),
                "speakers": len(result.speakers)}
    streamer = StreamingDiarizer(DiarizationConfig(threads=THREADS, latency_s=2.0))
    base = rss_mb()
    trace = []
    done = 0.0
    t0 = time.perf_counter()
    for block in looped_blocks(seconds):
        streamer.push(block)
        done += block.shape[0] / RATE
        if abs(done / 60 - round(done / 60)) < 1e-6:
            trace.append(round(rss_mb(), 1))
    streamer.finish()
    elapsed = time.perf_counter() - t0
    return {"rtf": elapsed / seconds, "base_rss_mb": base, "peak_rss_mb": peak_rss_mb(), "rss_each_minute_mb": trace,
            "speakers": len(streamer.speakers)}


def run_long(mode: str, minutes: float) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--child", mode, str(minutes)], capture_output=True, text=True,
                          cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# ----------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--long", action="store_true", help="also run 60 minutes (slow: ~20 min streaming)")
    parser.add_argument("--quick", action="store_true", help="accuracy table only, no long runs")
    parser.add_argument("--phases", type=int, default=4, help="chunk phases for the phase-averaged DER (0: skip)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "MINUTES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(long_child(args.child[0], float(args.child[1]))))
        return 0

    torch.set_num_threads(THREADS)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start, torch threads {THREADS},"
          f" torch {torch.__version__}")
    calls = [sample_call(), fixture_call()]
    systems: list[tuple[str, Callable[[], Runner]]] = [
        ("stock pyannote, step 0.1", lambda: stock_runner(0.1)),
        ("stock pyannote, step 0.5", lambda: stock_runner(0.5)),
        ("coach offline", ours_runner),
    ] + [(f"coach streaming, lat {lat:g} s", lambda lat=lat: stream_runner(lat)) for lat in LATENCIES]  # type: ignore[misc]
    rows: list[Row] = []
    for name, make in systems:
        rows += evaluate(name, make(), calls)
    print()
    print_rows(rows)
    print("\nDER: pyannote.metrics DiarizationErrorRate, skip_overlap=False; collar is the total width "
          "(0.25 = +-0.125 s). RTF on this machine, models loaded, after a warm-up run.")

    if args.phases:
        print(f"\nPhase-averaged DER on the sample (collar 0): shifted by k/{args.phases} of the 1 s chunk step")
        shifted = [sample_call(k / args.phases) for k in range(args.phases)]
        for name, make in systems[:3] + [systems[3 + LATENCIES.index(2.0)]]:
            ders = [r.der0 for r in evaluate(name, make(), shifted)]
            print(f"  {name:<26} mean {100 * np.mean(ders):5.2f}%  (min {100 * min(ders):.2f}%, "
                  f"max {100 * max(ders):.2f}%)")

    if not args.quick:
        print("\nLong calls (fresh process each; sample + fixture looped; streaming at 2 s latency):")
        print(f"| {'mode':<9} | {'minutes':>7} | {'RTF':>6} | {'RSS after load':>14} | {'peak RSS':>8} | "
              f"RSS each minute (streaming)")
        print(f"|{'-' * 11}|{'-' * 9}|{'-' * 8}|{'-' * 16}|{'-' * 10}|{'-' * 30}")
        for minutes in (1, 10) + ((60,) if args.long else ()):
            for mode in ("offline", "streaming"):
                r = run_long(mode, minutes)
                trace = r.get("rss_each_minute_mb", [])
                shown = (f"{trace[0]:.0f} .. {trace[-1]:.0f} MB (max {max(trace):.0f})" if trace else "")
                print(f"| {mode:<9} | {minutes:>7} | {r['rtf']:6.3f} | {r['base_rss_mb']:11.0f} MB | "
                      f"{r['peak_rss_mb']:5.0f} MB | {shown}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
