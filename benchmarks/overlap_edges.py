"""Where the offline diarizer puts a boundary that falls inside the other party's speech, across many
mono overlaps: is segmentation-3.0's read-out biased (late or early), and would another read-out help?

Usage: .venv/bin/python -m benchmarks.overlap_edges [--sets fixtures sample real-tune real-test] [--n 24]
       [--readouts argmax pair:0.6 marginal:0.6,0.6 shift:0.03 signal:flux,0.15,5,0,6] [--list]

Calls (tune): the mono fixture ``mono_interrupt`` and the four stereo fixtures mixed to mono; pyannote's
real sample (reference ``sample.rttm``); ``--n`` real-voice tune calls (``tests/speech/realcalls.py``,
built on demand: tune00-07 are the other benchmarks' real-tune, more seeds only enlarge the same split)
mixed to mono. ``real-test`` (held out, only scored: never listed per call): the 12 real-test calls
mixed to mono.

Each call is diarized once (``CoachSpeakerDiarization.set_probabilities``: each frame's probability of
each set of speakers); each read-out turns those probabilities into turns, the boundaries next to
silence go to the mix's energy edges as in a review (``snap_to_energy``), same-speaker pauses under
``[vad] min_silence_s`` are joined, and the two found speakers are matched to the truth's roles by the
best frame agreement (so a confused voice does not count as an edge error). Read-outs:

- ``argmax``: the most probable set (what coach does);
- ``pair:W``: the sets of two speakers weighted by W before the argmax (W < 1 makes overlaps shorter);
- ``marginal:ON,OFF``: each speaker's own probability with onset / offset hysteresis, as pyannote's
  ``Binarize`` reads per-speaker activations;
- ``shift:D``: argmax, then each start inside the other speaker's turn moved D seconds later;
- ``signal:MODE,W,L,MIN,MARGIN``: argmax, then each start or end inside the other speaker's turn moved
  to the mix's strongest rise (start) or fall (end) within W s, measured as the mean over L 10 ms frames
  after minus before of the frame level (MODE ``level``) or of 24 log bands' levels, falls only
  (``flux``), when that step is at least MIN dB and beats every step farther than 50 ms from it by
  MARGIN dB (else the boundary stays): an overlap ends where one voice stops, so the mix drops there.

``--masked``: how much of each truth end inside the other's speech the mix cannot hear, from the stereo
sources (the four stereo fixtures, the real calls): the time from the last 10 ms frame where the ending
voice's own channel is within 10 / 20 dB of the other voice's to the truth end. No read-out of the mix can
place an end inside such a stretch.

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
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
from pyannote.core import SlidingWindowFeature

import coach  # noqa: F401 - offline environment first
from audio.levels import FRAME, frame_db
from benchmarks.stereo_degraded import CALLS, STEREO, load
from coach.config import CoachConfig
from coach.samples import pyannote_sample
from coach.speech.diarize import Diarizer, diarization_from_annotation, waveform_file
from coach.speech.turns import snap_to_energy
from coach.vad import FRAME_S
from coach.vocab import ROLES, SpeakerTurn, Turn
from tests.speech.scoring import JOIN_S, attribution, overlaps_between, truth_turns

REACH_S = 0.5  # a found boundary farther than this from the truth's is no match: missed
MARGIN_S = 0.05  # a boundary this close to the other's turn edge is neither inside it nor next to silence
RIVAL_FRAMES = 5  # signal read-out: a rival step lies farther than this (50 ms) from the strongest one
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
    for split, count in (("tune", n), ("test", 12)):
        if f"real-{split}" in sets:
            from tests.speech import realcalls

            for k in range(count):
                src, truth = realcalls.build(split, k)
                audio, _ = load(src)
                out.append((src.stem, truth, np.mean([audio[r] for r in ROLES], axis=0).astype(np.float32)))
    return out


def band_levels(samples: np.ndarray, mode: str) -> np.ndarray:
    """Level (dB) of each 10 ms frame of a 16 kHz mix (n,): the frame's own (``level``: (frames, 1)), or
    of log-spaced bands from 125 Hz to 8 kHz in 25 ms Hann windows (``flux``: (frames, bands))."""
    if mode == "level":
        return frame_db(samples)[:, None]
    n, win = len(samples) // FRAME, 400
    padded = np.concatenate([np.zeros(120, np.float32), samples, np.zeros(win, np.float32)])
    frames = padded[np.arange(n)[:, None] * FRAME + np.arange(win)[None, :]] * np.hanning(win)  # (n, win)
    power = np.abs(np.fft.rfft(frames, 512, axis=1)) ** 2  # (n, 257)
    edges = np.unique(np.round(np.geomspace(4, 256, 25)).astype(int))
    bands = np.stack([power[:, a:b].sum(axis=1) for a, b in zip(edges[:-1], edges[1:])], axis=1)  # (n, bands)
    return np.asarray(10 * np.log10(bands + 1e-10))


def to_signal_steps(turns: tuple[SpeakerTurn, ...], samples: np.ndarray, spec: str) -> tuple[SpeakerTurn, ...]:
    """The ``signal:MODE,W,L,MIN,MARGIN`` read-out's boundaries (see the module's docstring)."""
    mode, *rest = spec.split(":")[1].split(",")
    reach, frames, least, margin = float(rest[0]), int(rest[1]), float(rest[2]), float(rest[3])
    levels = band_levels(samples, mode)  # (frames, bands)
    steps = int(round(reach / FRAME_S))
    out = []
    for t in turns:
        edge = [t.start, t.end]
        for i, starting in ((0, True), (1, False)):
            others = [u for u in turns if u.speaker != t.speaker and u.start + MARGIN_S < edge[i] < u.end - MARGIN_S]
            if not others or any(0 <= (t.start - u.end if starting else u.start - t.end) < JOIN_S
                                 for u in turns if u.speaker == t.speaker and u is not t):
                continue  # next to silence, or a pause inside the speaker's own turn
            lo = max([u.start for u in others] + ([] if starting else [t.start]))
            hi = min([u.end for u in others] + ([t.end] if starting else []))
            k0 = int(round(edge[i] / FRAME_S))
            scores: dict[int, float] = {}
            for k in range(max(frames, k0 - steps), min(len(levels) - frames, k0 + steps) + 1):
                if lo < k * FRAME_S < hi:
                    d = levels[k: k + frames].mean(axis=0) - levels[k - frames: k].mean(axis=0)  # (bands,)
                    d = d if starting else -d
                    scores[k] = float(np.mean(np.maximum(d, 0)) if mode == "flux" else d[0])
            if not scores:
                continue
            best = max(scores, key=lambda k: scores[k])
            rival = max((v for k, v in scores.items() if abs(k - best) > RIVAL_FRAMES), default=-np.inf)
            if scores[best] >= least and scores[best] - rival >= margin:
                edge[i] = best * FRAME_S
        out.append(SpeakerTurn(t.speaker, edge[0], edge[1]) if edge[0] < edge[1] else t)
    return tuple(sorted(out, key=lambda u: (u.start, u.end)))


def readout(spec: str) -> Readout:
    """A read-out by its name (see the module's docstring)."""
    kind, _, arg = spec.partition(":")
    if kind in ("argmax", "shift", "signal"):
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
    raise SystemExit(f"overlap_edges: unknown read-out {spec!r} (argmax, pair:W, marginal:ON,OFF, shift:D, "
                     "signal:MODE,W,L,MIN,MARGIN)")


def found_turns(diarizer: Diarizer, call: Probs, spec: str) -> list[Turn]:
    """The read-out's turns, energy-snapped, joined, and named by the truth role they agree with most."""
    active = readout(spec)(call.probs.data, call.member).astype(np.float32)  # (T, K)
    pipeline = diarizer.pipeline
    end = len(call.samples) / 16_000
    ann = pipeline.to_annotation(SlidingWindowFeature(active, call.probs.sliding_window), 0.0,
                                 pipeline.segmentation.min_duration_off)
    found = diarization_from_annotation(ann, end, None, "coach")
    spans = snap_to_energy(found.turns, call.samples)
    if spec.startswith("signal:"):
        spans = to_signal_steps(spans, call.samples, spec)
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


def masked_tails(sets: list[str], n: int) -> None:
    """Print, per set, how long the end of each truth turn inside the other's speech lies under it (see
    the module's docstring)."""
    from tests.speech import realcalls

    groups: dict[str, list[tuple[dict[str, Any], Path]]] = {}
    if "fixtures" in sets:
        groups["fixtures"] = [(json.loads((CALLS / f"{c}.truth.json").read_text()), CALLS / f"{c}.flac")
                              for c in STEREO]
    for split, count in (("tune", n), ("test", 12)):
        if f"real-{split}" in sets:
            groups[f"real-{split}"] = [realcalls.build(split, k)[::-1] for k in range(count)]
    for group, items in groups.items():
        under: dict[int, list[float]] = {10: [], 20: []}
        for truth, src in items:
            audio, _ = load(src)
            db = {r: frame_db(audio[r]) for r in ROLES}  # (frames,) each voice alone
            turns = truth_turns(truth)
            for s in turns:
                other = [o for o in turns
                         if o["role"] != s["role"] and o["start"] + MARGIN_S < s["end"] < o["end"] - MARGIN_S]
                if not other:
                    continue
                k = int(round(s["end"] / FRAME_S))
                me, you = db[s["role"]], db[other[0]["role"]]
                for gap, out in under.items():
                    j = k
                    while j > k - round(REACH_S / FRAME_S) and me[j - 1] < you[j - 1] - gap:
                        j -= 1
                    out.append((k - j) * FRAME_S)
        shares = ", ".join(f"by {gap} dB {np.mean(np.array(v) >= 0.05 - 1e-9):.2f} / "
                           f"{np.mean(np.array(v) >= 0.1 - 1e-9):.2f}" for gap, v in under.items())
        print(f"{group}: {len(under[10])} truth ends inside the other's speech; the ending voice under the other for "
              f"its last 50 ms / 100 ms or more: {shares}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=["fixtures", "sample", "real-tune"])
    parser.add_argument("--n", type=int, default=24, help="real-tune calls")
    parser.add_argument("--readouts", nargs="*", default=["argmax", "pair:0.8", "pair:0.6", "marginal:0.5,0.5",
                                                           "marginal:0.6,0.6", "shift:0.03"])
    parser.add_argument("--list", action="store_true", help="every in-overlap boundary of the first read-out")
    parser.add_argument("--masked", action="store_true", help="how much of each overlap's end the mix cannot hear")
    args = parser.parse_args()
    if args.masked:
        masked_tails(args.sets, args.n)
        return
    config = CoachConfig()
    diarizer = Diarizer(config.diarization, config.models)
    probs: dict[str, list[Probs]] = {}
    for name, truth, x in calls(args.sets, args.n):
        got = diarizer.pipeline.set_probabilities(waveform_file(x), max_speakers=2)
        if got is not None:
            group = ("real-tune" if name.startswith("tune") else "real-test (held out)" if name.startswith("test")
                     else name if name == "sample" else "fixtures")
            probs.setdefault(group, []).append(Probs(name, truth, x, got[0], got[1]))
    print("signed error found - truth (s) of boundaries in the other party's speech; real-test is held out")
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
                    if args.list and spec == args.readouts[0] and "-in" in kind and not group.startswith("real-test"):
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
