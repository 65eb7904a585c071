"""Where the offline diarizer puts a boundary that falls inside the other party's speech, across many
mono overlaps: is segmentation-3.0's read-out biased (late or early), and would another read-out help?

Usage: .venv/bin/python -m benchmarks.overlap_edges [--sets fixtures sample real-tune] [--n 24]
       [--readouts argmax pair:0.6 marginal:0.6,0.6 shift:0.03] [--list]

Calls (all tune; nothing here is held out): the mono fixture ``mono_interrupt`` and the four stereo
fixtures mixed to mono; pyannote's real sample (reference ``sample.rttm``); ``--n`` real-voice tune
calls (``tests/speech/realcalls.py``, built on demand: tune00-07 are the other benchmarks' real-tune,
more seeds only enlarge the same split) mixed to mono.

Each call is diarized once (``CoachSpeakerDiarization.set_probabilities``: each frame's probability of
each set of speakers); each read-out turns those probabilities into turns, the boundaries next to
silence go to the mix's energy edges as in a review (``snap_to_energy``), same-speaker pauses under
``[vad] min_silence_s`` are joined, and the two found speakers are matched to the truth's roles by the
best frame agreement (so a confused voice does not count as an edge error). Read-outs:

- ``argmax``: the most probable set (what coach does);
- ``pair:W``: the sets of two speakers weighted by W before the argmax (W < 1 makes overlaps shorter);
- ``marginal:ON,OFF``: each speaker's own probability with onset / offset hysteresis, as pyannote's
  ``Binarize`` reads per-speaker activations;
- ``shift:D``: argmax, then each start inside the other speaker's turn moved D seconds later.

Per truth boundary (truth turns as ``tests/speech/scoring.py`` joins them): a start or end inside the
other role's truth speech (``start-in``, ``end-in``: the edges of an overlap the mix cannot place by
energy) or next to silence; the signed error found - truth of the nearest found boundary of that role
and kind within 0.5 s (none: missed). ``end-in`` is split by what ends: a short turn inside the
other's (``insert``: backchannels) or the party that was cut in on (``cut``). Also per read-out: truth
overlaps found with both ends within 100 ms, and attribution (min, mean).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import soundfile as sf
from pyannote.core import SlidingWindowFeature

import coach  # noqa: F401 - offline environment first
from benchmarks.stereo_degraded import CALLS, STEREO, load
from coach.config import CoachConfig
from coach.samples import pyannote_sample
from coach.speech.diarize import Diarizer, diarization_from_annotation, waveform_file
from coach.speech.turns import snap_to_energy
from coach.vocab import ROLES, Turn
from tests.speech.scoring import attribution, overlaps_between, truth_turns

REACH_S = 0.5  # a found boundary farther than this from the truth's is no match: missed
MARGIN_S = 0.05  # a boundary this close to the other's turn edge is neither inside it nor next to silence
Readout = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (T, sets) probs, (sets, K) member -> (T, K) bool


@dataclass(frozen=True)
class Probs:
    """One call's diarizer output before any read-out, with its truth."""

    name: str
    truth: dict[str, Any]
    samples: np.ndarray  # (n,) 16 kHz mix
    probs: SlidingWindowFeature  # (T, sets)
    member: np.ndarray  # (sets, K)


def calls(sets: list[str], n: int) -> list[tuple[str, dict[str, Any], np.ndarray]]:
    """(name, truth with agent/customer roles, 16 kHz mono mix) of each tune call."""
    out = []
    if "fixtures" in sets:
        for name in ["mono_interrupt", *STEREO]:
            truth = json.loads((CALLS / f"{name}.truth.json").read_text())
            if name.startswith("mono"):
                x, _ = sf.read(str(CALLS / f"{name}.flac"), dtype="float32")
            else:
                audio, _ = load(CALLS / f"{name}.flac")
                x = np.mean([audio[r] for r in ROLES], axis=0)
            out.append((name, truth, x.astype(np.float32)))
    if "sample" in sets:
        s = pyannote_sample()
        x, _ = sf.read(str(s.wav), dtype="float32")
        first = sorted({t.speaker for t in s.reference}, key=lambda k: min(t.start for t in s.reference
                                                                             if t.speaker == k))
        role = dict(zip(first, ROLES))  # the reference's two speakers, by order of first speech
        truth = {"audio": {"duration_s": len(x) / 16_000},
                 "segments": [{"role": role[t.speaker], "start": t.start, "end": t.end} for t in s.reference]}
        out.append(("sample", truth, x))
    if "real-tune" in sets:
        from tests.speech import realcalls

        for k in range(n):
            src, truth = realcalls.build("tune", k)
            audio, _ = load(src)
            out.append((src.stem, truth, np.mean([audio[r] for r in ROLES], axis=0).astype(np.float32)))
    return out


def readout(spec: str) -> Readout:
    """A read-out by its name (see the module's docstring)."""
    kind, _, arg = spec.partition(":")
    if kind in ("argmax", "shift"):
        return lambda p, m: m[np.argmax(p, axis=1)] > 0
    if kind == "pair":
        w = float(arg)

        def pair(p: np.ndarray, m: np.ndarray) -> np.ndarray:
            return m[np.argmax(p * np.where(m.sum(axis=1) == 2, w, 1.0), axis=1)] > 0

        return pair
    if kind == "marginal":
        on, off = (float(v) for v in arg.split(","))

        def marginal(p: np.ndarray, m: np.ndarray) -> np.ndarray:
            prob = p @ m  # (T, K) each speaker's own probability
            act = np.zeros(prob.shape, dtype=bool)
            for k in range(prob.shape[1]):
                state = False
                for t in range(prob.shape[0]):
                    state = bool(prob[t, k] > (off if state else on))
                    act[t, k] = state
            return act

        return marginal
    raise SystemExit(f"overlap_edges: unknown read-out {spec!r} (argmax, pair:W, marginal:ON,OFF, shift:D)")


def found_turns(diarizer: Diarizer, call: Probs, spec: str) -> list[Turn]:
    """The read-out's turns, energy-snapped, joined, and named by the truth role they agree with most."""
    active = readout(spec)(call.probs.data, call.member).astype(np.float32)  # (T, K)
    pipeline = diarizer.pipeline
    end = len(call.samples) / 16_000
    ann = pipeline.to_annotation(SlidingWindowFeature(active, call.probs.sliding_window), 0.0,
                                 pipeline.segmentation.min_duration_off)
    found = diarization_from_annotation(ann, end, None, "coach")
    spans = snap_to_energy(found.turns, call.samples)
    if spec.startswith("shift:"):
        d = float(spec.split(":")[1])
        spans = tuple(type(t)(t.speaker, min(t.end, t.start + d), t.end)
                      if any(u.speaker != t.speaker and u.start < t.start < u.end for u in spans) else t
                      for t in spans)
    best: list[Turn] = []
    for names in (dict(zip(found.speakers, ROLES)), dict(zip(found.speakers, reversed(ROLES)))):
        turns = [Turn(names[t.speaker], t.start, t.end) for t in spans if t.speaker in names]
        segs = truth_turns({"segments": [{"role": t.role, "start": t.start, "end": t.end} for t in turns]})
        turns = [Turn(s["role"], s["start"], s["end"]) for s in segs]
        if not best or attribution(call.truth, turns) > attribution(call.truth, best):
            best = turns
    return best


def boundary_errors(truth: dict[str, Any], turns: list[Turn]) -> list[tuple[str, float | None, float]]:
    """(kind, found - truth or None, truth time) for each truth boundary inside the other's speech or
    next to silence (see the module's docstring)."""
    tt = truth_turns(truth)
    out: list[tuple[str, float | None, float]] = []
    for s in tt:
        for t, starting in ((s["start"], True), (s["end"], False)):
            other = [o for o in tt if o["role"] != s["role"] and o["start"] + MARGIN_S < t < o["end"] - MARGIN_S]
            if not other and any(o["role"] != s["role"] and o["start"] - 0.1 <= t <= o["end"] + 0.1 for o in tt):
                continue
            kind = ("start" if starting else "end") + ("-in" if other else "-silence")
            if other and not starting:
                kind += ":insert" if s["start"] > other[0]["start"] else ":cut"
            errs = [f - t for f in (u.start if starting else u.end for u in turns if u.role == s["role"])
                    if abs(f - t) <= REACH_S]
            out.append((kind, min(errs, key=abs) if errs else None, t))
    return out


def overlaps_found(truth: dict[str, Any], turns: list[Turn]) -> tuple[int, int]:
    ref = overlaps_between(truth_turns(truth))
    hyp = overlaps_between([{"role": t.role, "start": t.start, "end": t.end} for t in turns])
    return sum(any(abs(a - c) <= 0.1 and abs(b - d) <= 0.1 for c, d in hyp) for a, b in ref), len(ref)


def distribution(errs: list[float | None]) -> str:
    e = np.array([x for x in errs if x is not None])
    if not len(e):
        return "none"
    q = " ".join(f"{v:+.3f}" for v in np.percentile(e, [10, 25, 50, 75, 90]))
    return (f"n={len(e):3d} missed={sum(x is None for x in errs):2d}  p10/25/50/75/90 {q}  within 0.1 s "
            f"{np.mean(abs(e) <= 0.1):.2f}  late > 0.05 {np.mean(e > 0.05):.2f}  "
            f"early < -0.05 {np.mean(e < -0.05):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=["fixtures", "sample", "real-tune"])
    parser.add_argument("--n", type=int, default=24, help="real-tune calls")
    parser.add_argument("--readouts", nargs="*", default=["argmax", "pair:0.8", "pair:0.6", "marginal:0.5,0.5",
                                                           "marginal:0.6,0.6", "shift:0.03"])
    parser.add_argument("--list", action="store_true", help="every in-overlap boundary of the first read-out")
    args = parser.parse_args()
    config = CoachConfig()
    diarizer = Diarizer(config.diarization, config.models)
    probs: dict[str, list[Probs]] = {}
    for name, truth, x in calls(args.sets, args.n):
        got = diarizer.pipeline.set_probabilities(waveform_file(x), max_speakers=2)
        if got is not None:
            group = "real-tune" if name.startswith("tune") else name if name == "sample" else "fixtures"
            probs.setdefault(group, []).append(Probs(name, truth, x, got[0], got[1]))
    print("signed error found - truth (s) of boundaries in the other party's speech; tune sets only")
    for group, items in probs.items():
        for spec in args.readouts:
            errs: dict[str, list[float | None]] = {}
            found = total = 0
            atts = []
            for call in items:
                turns = found_turns(diarizer, call, spec)
                atts.append(attribution(call.truth, turns))
                f, t = overlaps_found(call.truth, turns)
                found, total = found + f, total + t
                for kind, e, at in boundary_errors(call.truth, turns):
                    errs.setdefault(kind, []).append(e)
                    if args.list and spec == args.readouts[0] and "-in" in kind:
                        shown = "missed" if e is None else f"{e:+.3f}"
                        print(f"  {call.name:<17} {kind:<14} truth {at:7.2f}  {shown}")
            print(f"{group} ({len(items)} calls), {spec}: overlaps within 100 ms {found}/{total}; attribution min "
                  f"{min(atts):.3f} mean {np.mean(atts):.4f}")
            for kind in sorted(errs, key=lambda k: (k.split(":")[0].endswith("silence"), k)):
                print(f"  {kind:<14} {distribution(errs[kind])}")
            print("  all end-in       " + distribution([e for k, v in errs.items() if k.startswith("end-in")
                                                        for e in v]), flush=True)


if __name__ == "__main__":
    main()
