"""Streaming transcription: commit latency, CPU, WER and nudge lag, live, beside plain faster-whisper.

Usage::

    .venv/bin/python -m benchmarks.asr_stream --no-sim --live --set test   # the README's table
    .venv/bin/python -m benchmarks.asr_stream --no-sim --live --set tune   # the split one may look at
    .venv/bin/python -m benchmarks.asr_stream                 # simulated real time: fixtures + sample, tiny.en and base
    .venv/bin/python -m benchmarks.asr_stream --review 10     # + review speed on a 10-minute stereo call

Live ("--live"): every held-out call of ``--set`` (:mod:`benchmarks.live_calls`: real speech, 8 and
16 kHz lines, never tuned on for ``test``) replayed at real-time pace through
:class:`coach.live.LiveSession` and its threads. Latency: when each committed word reached the
session's output (audio clock) minus the word's end in the audio. CPU: the process's CPU time
(every thread) per second of call, robust to other load on the machine, unlike the latency, so
the machine's load average is printed beside it. Nudge lag: each interruption, customer
interruption, talk-over and dead-air nudge against the moment its rule was met
(:mod:`benchmarks.nudge_timing`). Beside it, in the same run: plain tiny.en,
``transcribe(beam_size=1, vad_filter=True)`` over each whole channel, the same loaded model.

Simulated real time ("sim", fixtures and pyannote's sample): audio arrives in 0.1 s chunks on a
virtual clock; one worker transcribes both roles and the clock advances by the CPU time each
push takes, so a word's commit latency includes waiting behind the other role. Its plain
baseline is ``transcribe()`` with default settings (beam 5). WER uses the scorer's normalisation
(:func:`coach.evaluate.normalize_words`); the pyannote sample is scored against its ``.stm``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import coach  # noqa: E402,F401 - offline switches before any model library loads

# isort: split
import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402
import soundfile as sf  # noqa: E402

from audio.resample import to_rate  # noqa: E402
from coach.asr.stream import StreamingTranscriber  # noqa: E402
from coach.asr.whisper import WhisperEngine  # noqa: E402
from coach.config import AsrConfig, load_config  # noqa: E402
from coach.evaluate import edit_distance, normalize_words  # noqa: E402
from coach.models import load_model, resolve  # noqa: E402
from coach.samples import pyannote_sample  # noqa: E402
from coach.vad import load_silero  # noqa: E402
from coach.vocab import ROLES, TranscriptUpdate, Word  # noqa: E402

CALLS = ROOT / "fixtures" / "calls"
STEREO = ("stereo_interrupt", "cold_vs_lively", "upset_no_empathy", "model_empathy")
RATE = 16_000
STEP = 1600  # 0.1 s chunks, as sources deliver them


@dataclass
class Stream:
    """One stream to transcribe: 16 kHz audio and its reference text."""

    name: str
    audio: npt.NDArray[np.float32]
    reference: list[str]


def fixture_streams() -> list[tuple[str, list[Stream]]]:
    """Each stereo fixture as two streams (agent, customer)."""
    out = []
    for name in STEREO:
        x, sr = sf.read(CALLS / f"{name}.flac", dtype="float32", always_2d=True)
        truth = json.loads((CALLS / f"{name}.truth.json").read_text())
        streams = []
        for col, role in enumerate(ROLES):
            ref = normalize_words(" ".join(s["text"] for s in truth["segments"] if s["role"] == role))
            streams.append(Stream(f"{name}/{role}", to_rate(x[:, col], sr), ref))
        out.append((name, streams))
    return out


def sample_stream() -> tuple[str, list[Stream]]:
    """pyannote's real telephone sample: one mono stream, reference from its .stm."""
    sample = pyannote_sample()
    x, sr = sf.read(sample.wav, dtype="float32", always_2d=True)
    ref = normalize_words(" ".join(line.text for line in sorted(sample.transcript, key=lambda t: t.start)))
    return "sample", [Stream("sample/mono", to_rate(x[:, 0], sr), ref)]


def wer(ref: list[str], hyp_words: list[Word] | list[str]) -> tuple[int, int]:
    hyp = normalize_words(" ".join(w.text if isinstance(w, Word) else w for w in hyp_words))
    return edit_distance(ref, hyp), len(ref)


@dataclass
class SimResult:
    errors: int
    ref_words: int
    latencies: list[float]
    cpu_s: float
    audio_s: float
    max_backlog_s: float
    skipped_s: float


def simulate(streams: list[Stream], engine: WhisperEngine, config: AsrConfig) -> SimResult:
    """One worker, all streams, audio arriving in real time on a virtual clock (see module doc)."""
    silero = load_silero()
    trs = [StreamingTranscriber(ROLES[i % 2], engine, silero, config) for i in range(len(streams))]
    words: list[list[Word]] = [[] for _ in streams]
    latencies: list[float] = []
    clock = cpu = max_backlog = 0.0
    n = max(len(s.audio) for s in streams)

    def take(i: int, updates: list[TranscriptUpdate]) -> None:
        for u in updates:
            words[i] += u.committed
            latencies.extend(clock - w.end for w in u.committed)

    for at in range(0, n, STEP):
        arrived = min(at + STEP, n) / RATE
        clock = max(clock, arrived)
        max_backlog = max(max_backlog, clock - arrived)
        for i, s in enumerate(streams):
            t0 = time.process_time()
            updates = trs[i].push(s.audio[at:at + STEP], backlog_s=clock - arrived)
            spent = time.process_time() - t0
            clock += spent
            cpu += spent
            take(i, updates)
    for i in range(len(streams)):
        t0 = time.process_time()
        updates = trs[i].finish()
        spent = time.process_time() - t0
        clock += spent
        cpu += spent
        take(i, updates)
    errors = refs = 0
    for s, ws in zip(streams, words):
        e, r = wer(s.reference, ws)
        errors, refs = errors + e, refs + r
    return SimResult(errors, refs, latencies, cpu, n / RATE, max_backlog, sum(t.skipped_s for t in trs))


def plain_wer(streams: list[Stream], model: Any) -> tuple[int, int, float]:
    """Plain faster-whisper ``transcribe()`` over each whole stream: errors, reference words, CPU s."""
    errors = refs = 0
    t0 = time.process_time()
    for s in streams:
        segments, _ = model.transcribe(s.audio, language="en")
        e, r = wer(s.reference, [seg.text for seg in segments])
        errors, refs = errors + e, refs + r
    return errors, refs, time.process_time() - t0


def pct(xs: list[float], q: float) -> float:
    return float(np.percentile(xs, q)) if xs else float("nan")


def run_sim(models: list[str]) -> None:
    data = fixture_streams() + [sample_stream()]
    config = load_config().asr
    print("\nSimulated real time (one worker, both roles; latency = commit time - word end):")
    print(f"| {'model':<16} | {'audio':<8} | {'WER stream':>10} | {'WER plain':>9} | {'p50 s':>6} | {'p95 s':>6} "
          f"| {'max s':>6} | {'CPU/audio':>9} | {'plain CPU/audio':>15} | {'max backlog s':>13} |")
    print("|" + "|".join("-" * w for w in (18, 10, 12, 11, 8, 8, 8, 11, 17, 15)) + "|")
    for name in models:
        live_model = load_model(resolve(name), threads=1)
        engine = WhisperEngine(live_model, beam_size=config.live_beam)
        groups = {"fixtures": [s for _, ss in data[:-1] for s in ss], "sample": data[-1][1]}
        for label, streams in groups.items():
            calls = [ss for _, ss in data[:-1]] if label == "fixtures" else [streams]
            results = [simulate(ss, engine, config) for ss in calls]
            e = sum(r.errors for r in results)
            refs = sum(r.ref_words for r in results)
            lat = [x for r in results for x in r.latencies]
            cpu = sum(r.cpu_s for r in results)
            audio = sum(r.audio_s for r in results)
            pe, pr, pcpu = plain_wer(streams, live_model)
            print(f"| {name:<16} | {label:<8} | {e / refs:>10.3f} | {pe / pr:>9.3f} | {pct(lat, 50):>6.2f} "
                  f"| {pct(lat, 95):>6.2f} | {max(lat, default=0):>6.2f} | {cpu / audio:>9.3f} "
                  f"| {pcpu / audio:>15.3f} | {max(r.max_backlog_s for r in results):>13.2f} |", flush=True)
    print("CPU/audio: CPU seconds per second of call (both roles together for the fixtures).")


# ----------------------------------------------------------------------------- live replay


def looped_call(minutes: float) -> tuple[npt.NDArray[np.float32], dict[str, list[str]]]:
    """The stereo fixtures looped to ``minutes``: (n, 2) float32 at 8 kHz, and the reference words per role."""
    parts: list[npt.NDArray[np.float32]] = []
    refs: dict[str, list[str]] = {role: [] for role in ROLES}
    need = int(minutes * 60 * 8000)
    have = 0
    i = 0
    while have < need:
        name = STEREO[i % len(STEREO)]
        x, _ = sf.read(CALLS / f"{name}.flac", dtype="float32", always_2d=True)
        x = x[: need - have]
        truth = json.loads((CALLS / f"{name}.truth.json").read_text())
        cut = x.shape[0] / 8000
        for role in ROLES:
            refs[role] += normalize_words(" ".join(s["text"] for s in truth["segments"]
                                                   if s["role"] == role and s["end"] <= cut))
        parts.append(x)
        have += x.shape[0]
        i += 1
    return np.concatenate(parts), refs


def run_live(which: str) -> None:
    """Each held-out call of ``which`` replayed in real time through :class:`LiveSession`, at
    8 and 16 kHz, beside plain tiny.en over each whole channel in the same run."""
    from benchmarks.live_calls import load
    from benchmarks.nudge_timing import Timed, nudge_lags, replay
    from coach.live import Status
    from coach.models import Models
    from coach.pipeline_live import live_engine

    config = load_config()  # $COACH_CONFIG, to measure other settings
    models = Models(config.models)
    plain_model = live_engine(config, models).model  # the same loaded tiny.en, one thread
    print(f"\nLive replay in real time on the held-out '{which}' calls ({config.asr.live_model}, both roles, "
          f"LiveSession threads); plain = transcribe(beam_size=1, vad_filter=True) per whole channel")
    print("| rate | calls | min | ref words | WER live | WER plain | live/plain | p50 s | p95 s | max s "
          "| CPU cores | plain CPU/audio | max backlog s | skipped s | nudge lag max s | nudges <= 0.25 s | load |")
    print("|" + "---|" * 17)
    for rate in (8000, 16000):
        calls = load(which, rate)
        errors = plain_errors = refs = 0
        latencies: list[float] = []
        timed: list[Timed] = []
        cpu = plain_cpu = duration = backlog = skipped = 0.0
        loads = []
        for call in calls:
            loads.append(os.getloadavg()[0])
            cpu0 = time.process_time()
            got = replay(call.audio, rate, config, models)
            cpu += time.process_time() - cpu0
            duration += call.audio.shape[0] / rate
            statuses = [item for _, item in got if isinstance(item, Status)]
            backlog = max([backlog] + [s.asr_backlog_s for s in statuses])
            skipped += statuses[-1].skipped_s if statuses else 0.0
            timed += nudge_lags(call.name, got, config)[0]
            for col, role in enumerate(ROLES):
                words = [w for at, item in got if isinstance(item, TranscriptUpdate) and item.role == role
                         for w in item.committed]
                latencies += [at - w.end for at, item in got if isinstance(item, TranscriptUpdate)
                              for w in item.committed if w.role == role]
                ref = normalize_words(call.reference(role))
                errors += wer(ref, words)[0]
                refs += len(ref)
                t0 = time.process_time()
                segs, _ = plain_model.transcribe(to_rate(call.audio[:, col], rate), language="en", beam_size=1,
                                                 vad_filter=True)
                plain_errors += wer(ref, [seg.text for seg in segs])[0]
                plain_cpu += time.process_time() - t0
        ongoing = [t.lag for t in timed if not t.yielded]
        print(f"| {rate} | {len(calls)} | {duration / 60:.1f} | {refs} | {errors / refs:.3f} "
              f"| {plain_errors / refs:.3f} "
              f"| {errors / max(1, plain_errors):.2f} | {pct(latencies, 50):.2f} | {pct(latencies, 95):.2f} "
              f"| {max(latencies, default=0):.2f} | {cpu / duration:.3f} | {plain_cpu / duration:.3f} | {backlog:.2f} "
              f"| {skipped:.1f} | {max(ongoing, default=float('nan')):.3f} "
              f"| {sum(x <= 0.25 for x in ongoing)}/{len(ongoing)} | {np.mean(loads):.1f} |", flush=True)
    print("CPU cores: process CPU seconds (every thread) per second of call, both roles; plain CPU/audio: the "
          "plain baseline's, same model, one thread. load: the machine's 1-minute load average during the run.")
    print("nudge lag: interruption, customer interruption, talk-over, dead air shown after their rule was met "
          "(audio clock; python -m benchmarks.nudge_timing lists them).")


# ----------------------------------------------------------------------------- review speed


def run_review(minutes: float) -> None:
    """Review speed and WER on a looped stereo call, and WER on pyannote's real sample, beside plain
    faster-whisper (``transcribe()`` per channel; and its batched pipeline over Silero VAD segments)."""
    import tempfile

    from faster_whisper import BatchedInferencePipeline

    from coach.review import review_file

    config = load_config()  # $COACH_CONFIG, to measure other settings
    cfg = config.asr
    x, refs = looped_call(minutes)
    duration = x.shape[0] / 8000
    n = sum(len(refs[r]) for r in ROLES)
    rows: list[tuple[str, float, float, float]] = []  # system, RTF, WER stereo, WER sample
    sample = pyannote_sample()
    _, (sample_stream_,) = sample_stream()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.flac"
        sf.write(path, x, 8000, subtype="PCM_16")
        t0 = time.perf_counter()
        review = review_file(path, config)
        ours = time.perf_counter() - t0
    e = sum(wer(refs[r], [w for w in review.words if w.role == r])[0] for r in ROLES)
    mono = review_file(sample.wav, config)
    se, sn = wer(sample_stream_.reference, sorted(mono.words, key=lambda w: w.start))
    rows.append((f"coach review ({cfg.review_pack_s:g} s packs, batch {cfg.review_batch}, whole pipeline)",
                 ours / duration, e / n, se / sn))
    model = load_model(resolve(cfg.review_model), threads=2)
    channels = [to_rate(x[:, col], 8000) for col in range(2)]
    batched = BatchedInferencePipeline(model)
    systems: dict[str, Any] = {
        "plain transcribe() per channel": lambda a: model.transcribe(a, language="en", beam_size=cfg.review_beam)[0],
        "plain transcribe(vad_filter=True)": lambda a: model.transcribe(
            a, language="en", beam_size=cfg.review_beam, vad_filter=True)[0],
        "faster-whisper batched pipeline (VAD, batch 8)": lambda a: batched.transcribe(
            a, language="en", beam_size=cfg.review_beam, batch_size=8, word_timestamps=True)[0],
    }
    for name, run in systems.items():
        t0 = time.perf_counter()
        pe = sum(wer(refs[role], [s.text for s in run(channels[col])])[0] for col, role in enumerate(ROLES))
        took = time.perf_counter() - t0
        sample_errors = wer(sample_stream_.reference, [s.text for s in run(sample_stream_.audio)])[0]
        rows.append((name, took / duration, pe / n, sample_errors / sn))
    print(f"\nReview: {minutes:g} min stereo 8 kHz call, {cfg.review_model} beam {cfg.review_beam}, "
          f"{os.cpu_count()} cores; and pyannote's sample (mono, real speech, {sn} words)")
    print("| system | RTF (stereo call) | WER stereo | WER sample | speed-up vs plain |")
    print("|---|---|---|---|---|")
    plain_rtf = rows[1][1]
    for name, rtf, w1, w2 in rows:
        print(f"| {name} | {rtf:.3f} | {w1:.3f} | {w2:.3f} | {plain_rtf / rtf:.2f}x |")
    print("plain transcribe() samples temperatures when a window fails its checks: its WER varies run to run.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--models", nargs="*", default=["whisper-tiny.en", "whisper-base"])
    parser.add_argument("--live", action="store_true", help="also replay the held-out calls in real time")
    parser.add_argument("--set", default="test", choices=("test", "tune"),
                        help="held-out split for --live (benchmarks.live_calls)")
    parser.add_argument("--review", type=float, metavar="MINUTES", help="also time a review of a stereo call")
    parser.add_argument("--no-sim", action="store_true", help="skip the simulated runs")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    if not args.no_sim:
        run_sim(args.models)
    if args.live:
        run_live(args.set)
    if args.review:
        run_review(args.review)


if __name__ == "__main__":
    main()
