"""Stereo calls: speech-boundary error against fixture truth, overlap boundaries, and VAD speed.

Usage: .venv/bin/python -m benchmarks.stereo_speech
Prints one table row per fixture call (and the mu-law copy): boundary error of every truth
turn start/end (truth segments of a role closer than the VAD's min_silence_s joined, as the VAD
joins them) against the nearest detected turn edge of the same role (mean and max, ms),
truth overlaps found within 100 ms, attribution of truth speech time, decision latency and the
real-time factor of resampling + VAD on this machine.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

import coach  # noqa: F401 - offline environment first
from audio.decode import probe, read_all
from audio.resample import to_rate
from coach.config import VadConfig
from coach.speech.turns import TurnBuilder, merge_changes
from coach.vad import StreamingVad, load_silero
from coach.vocab import Overlap, SpeechChange, Turn

CALLS = Path(__file__).resolve().parents[1] / "fixtures" / "calls"
FILES = ("stereo_interrupt.flac", "stereo_interrupt_ulaw.wav", "cold_vs_lively.flac", "upset_no_empathy.flac",
         "model_empathy.flac")


def truth_turns(segments: list[dict], min_gap: float) -> list[tuple[str, float, float]]:
    """Truth segments of one role closer than ``min_gap`` form one turn, as the VAD joins them."""
    out: list[tuple[str, float, float]] = []
    for role in ("agent", "customer"):
        last: list[float] | None = None
        for s in sorted((s for s in segments if s["role"] == role), key=lambda s: s["start"]):
            if last is not None and s["start"] - last[1] < min_gap:
                last[1] = max(last[1], s["end"])
                continue
            if last is not None:
                out.append((role, last[0], last[1]))
            last = [s["start"], s["end"]]
        if last is not None:
            out.append((role, last[0], last[1]))
    return out


def run(path: Path) -> dict[str, float]:
    truth = json.loads((CALLS / (path.name.split(".")[0].removesuffix("_ulaw") + ".truth.json")).read_text())
    info = probe(path)
    audio = read_all(info)
    model = load_silero()
    t0 = time.perf_counter()
    changes: list[SpeechChange] = []
    for role, ch in (("agent", 0), ("customer", 1)):
        vad = StreamingVad(role, model)
        x = to_rate(audio[:, ch], info.sample_rate)
        for i in range(0, len(x), 1600):  # 100 ms pushes, as live
            changes += vad.push(x[i: i + 1600])
        changes += vad.finish()
    tb = TurnBuilder()
    out = tb.push_all(merge_changes(changes)) + tb.finish(info.duration_s)
    elapsed = time.perf_counter() - t0
    turns = [r for r in out if isinstance(r, Turn)]
    overlaps = [r for r in out if isinstance(r, Overlap)]
    errs = []
    for role, start, end in truth_turns(truth["segments"], VadConfig().min_silence_s):
        mine = [t for t in turns if t.role == role]
        errs.append(min(abs(t.start - start) for t in mine))
        errs.append(min(abs(t.end - end) for t in mine))
    segs = truth["segments"]
    expected = [(max(a["start"], c["start"]), min(a["end"], c["end"])) for a in segs for c in segs
                if a["role"] == "agent" and c["role"] == "customer"
                and max(a["start"], c["start"]) < min(a["end"], c["end"])]
    found = sum(any(abs(o.start - s) <= 0.1 and abs(o.end - e) <= 0.1 for o in overlaps) for s, e in expected)
    grid = np.arange(0, info.duration_s, 0.01)
    speech = right = 0.0
    for s in segs:
        m = (grid >= s["start"]) & (grid < s["end"])
        hit = np.zeros(len(grid), bool)
        for t in turns:
            if t.role == s["role"]:
                hit |= (grid >= t.start) & (grid < t.end)
        speech += m.sum()
        right += (m & hit).sum()
    return {
        "mean_ms": 1000 * float(np.mean(errs)), "max_ms": 1000 * float(np.max(errs)),
        "overlaps": found, "overlaps_truth": len(expected), "attribution": right / speech,
        "latency_p50": float(np.median([c.decided_at - c.t for c in changes])),
        "rtf": elapsed / info.duration_s,
    }


def main() -> None:
    print(f"{'call':<28} {'bound mean':>10} {'bound max':>9} {'overlaps<=100ms':>15} {'attrib':>7} "
          f"{'decide p50':>10} {'RTF (2 ch)':>10}")
    for name in FILES:
        r = run(CALLS / name)
        print(f"{name:<28} {r['mean_ms']:>8.1f}ms {r['max_ms']:>7.0f}ms {r['overlaps']:>9}/{r['overlaps_truth']:<5} "
              f"{r['attribution']:>7.3f} {r['latency_p50']:>9.2f}s {r['rtf']:>10.4f}")


if __name__ == "__main__":
    main()
