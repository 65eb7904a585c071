"""The live mono path (streaming diarizer -> roles, ``coach.speech.mono.DiarizedSpeech``) with and
without its boundaries placed on the mix's energy edges.

Usage: .venv/bin/python -m benchmarks.mono_live [--calls NAME ...] [--set fixtures|real-tune|real-test] [--n N]

Calls: the mono fixture ``mono_interrupt`` and the four stereo fixtures stored as dual-mono (the mix
a live call found to be mono is diarized from), fed in 0.1 s pushes as live audio arrives;
``--set real-tune`` / ``real-test``: the real-voice calls (``tests/speech/realcalls.py``; test is held out,
only scored), mixed to mono. For each:
attribution, invented turn-taking events and truth overlaps within 100 ms (``tests/speech/scoring.py``,
as ``benchmarks.stereo_degraded``), the median distance of each truth boundary next to silence to the
found one of its role and the share within 20 ms, and how far behind the audio the released changes
were (p50 / max).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from dataclasses import replace
from typing import Any

import numpy as np

import coach  # noqa: F401 - offline environment first
from audio.decode import probe, read_all
from audio.resample import to_rate
from benchmarks.stereo_degraded import CALLS, STEREO, load
from coach.config import CoachConfig
from coach.models import Models, set_torch_threads
from coach.speech.mono import DiarizedSpeech
from coach.vocab import ROLES, Overlap, SpeechChange, Turn
from tests.speech.degrade import build
from tests.speech.scoring import score, truth_turns

PUSH = 1600  # 0.1 s


def run(x: np.ndarray, end: float, config: CoachConfig, models: Models) -> tuple[list[SpeechChange], list[Turn],
                                                                                  list[Overlap], list[float]]:
    speech = DiarizedSpeech(config.diarization, config.vad, models)
    changes: list[SpeechChange] = []
    turns: list[Turn] = []
    overlaps: list[Overlap] = []
    lags = []  # how far behind the audio each change was released, while the call ran
    for i in range(0, len(x), PUSH):
        u = speech.push({"agent": x[i:i + PUSH]})
        lags += [min(len(x), i + PUSH) / 16_000 - c.t for c in u.changes]
        changes += u.changes
        turns += u.turns
        overlaps += u.overlaps
    u = speech.finish(end)
    return changes + list(u.changes), turns + list(u.turns), overlaps + list(u.overlaps), lags


def edge_errors(truth: dict[str, Any], turns: list[Turn]) -> list[float]:
    """Distance (s) of each truth turn boundary that no other truth turn covers to the nearest
    found boundary of the same kind and role."""
    tt = truth_turns(truth)
    errs = []
    for s in tt:
        for t, starting in ((s["start"], True), (s["end"], False)):
            if any(o["role"] != s["role"] and o["start"] - 0.1 <= t <= o["end"] + 0.1 for o in tt):
                continue
            found = [u.start if starting else u.end for u in turns if u.role == s["role"]]
            if found:
                errs.append(min(abs(f - t) for f in found))
    return errs


def items(args: argparse.Namespace) -> list[tuple[str, dict[str, Any], np.ndarray, float]]:
    out = []
    if args.set.startswith("real-"):
        from tests.speech import realcalls

        for k in range(args.n):
            src, truth = realcalls.build(args.set.removeprefix("real-"), k)
            audio, end = load(src)
            out.append((src.stem, truth, np.mean([audio[r] for r in ROLES], axis=0).astype(np.float32), end))
        return out
    for name in args.calls:
        truth = json.loads((CALLS / f"{name}.truth.json").read_text())
        path = CALLS / f"{name}.flac"
        if name.startswith("mono"):
            info = probe(path)
            x, end = to_rate(read_all(info)[:, 0], info.sample_rate), info.duration_s
        else:
            audio, end = load(build(path, "dualmono"))
            x = np.mean([audio[r] for r in ROLES], axis=0)
        out.append((name, truth, x.astype(np.float32), end))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", nargs="*", default=["mono_interrupt", *STEREO])
    parser.add_argument("--set", choices=("fixtures", "real-tune", "real-test"), default="fixtures")
    parser.add_argument("--n", type=int, default=4)
    args = parser.parse_args()
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp()  # no enrolled voiceprint: roles by the rule
    set_torch_threads(1)  # as `coach live` runs
    base = CoachConfig()
    models = Models.of(base.models)
    configs = {"diarizer's edges": replace(base, vad=replace(base.vad, refine_s=0.0)), "energy edges": base}
    print(f"set: {args.set}; live mono path, 0.1 s pushes; attribution / invented / overlaps within 100 ms; "
          "edge error next to silence (s); release lag p50 / max (s)")
    for name, truth, x, end in items(args):
        for label, config in configs.items():
            changes, turns, overlaps, lags = run(x, end, config, models)
            s = score(truth, changes, turns, overlaps, end)
            errs = edge_errors(truth, turns)
            print(f"{name:<18} {label:<17} {s.attribution:6.3f} {s.invented:3} {s.overlaps_found}/{s.overlaps_truth}"
                  f"  edges {np.median(errs):.3f} median, {np.mean(np.array(errs) <= 0.02):.2f} within 20 ms"
                  f"  lag {np.median(lags):.2f} / {max(lags):.2f}"
                  f"{'' if s.passes else '  FAIL ' + ','.join(s.invented_kinds)}", flush=True)


if __name__ == "__main__":
    main()
