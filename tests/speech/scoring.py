"""Who-speaks-when against exact truth: the three figures the degraded-line grid reports.

Truth turns are the truth's segments with same-role pauses under ``[vad] min_silence_s`` joined
(a pause that short is inside a turn, as the project defines it).

- **attribution**: of the 10 ms frames where the truth has speech, the share where the detected
  set of speakers is exactly the truth's (a leak heard as the other party, or a role missed, both
  count against it);
- **invented**: turn-taking events (interruption, customer_interruption, talk_over, backchannel)
  that match no truth event by the review contract's rule;
- **overlaps**: truth overlaps (both parties' truth lines at once) found as a detected overlap whose
  start and end are both within 100 ms.

On a degraded line the truth is what can still be heard (:func:`audible_truth`): a truth segment's
first and last 10 ms frames that lie under what the line added (noise) are no longer speech anyone
could find, so the segment is trimmed to its first and last frame at or above that floor (and split
where it stays under it for a whole pause). On a clean line, and wherever the line adds nothing in
silence (codecs, echo, level gaps), nothing changes. Where the line made the call one signal (dual-mono,
a dead channel: :func:`reviewed_as_mix`), the other party's voice is on the same wire, so in the mix it
counts as what the line added to each party's voice, frame by frame, by the same criterion.

Shared by ``tests/speech`` and ``benchmarks/stereo_degraded.py``, so both score alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from coach.analyze.overlaps import OverlapAnalyzer
from coach.config import VadConfig
from coach.evaluate import match_events
from coach.vocab import ROLES, Event, Overlap, SpeechChange, SpeechUpdate, Turn

TURN_KINDS = ("interruption", "customer_interruption", "talk_over", "backchannel")
FRAME_S = 0.01
OVERLAP_TOLERANCE_S = 0.1
JOIN_S = VadConfig().min_silence_s


@dataclass(frozen=True)
class Score:
    attribution: float
    invented: int
    overlaps_found: int
    overlaps_truth: int
    invented_kinds: tuple[str, ...] = ()

    @property
    def passes(self) -> bool:
        """The issue's bar for a degraded call."""
        return self.attribution >= 0.99 and self.invented == 0 and self.overlaps_found == self.overlaps_truth


def truth_turns(truth: dict[str, Any], min_gap: float = JOIN_S) -> list[dict[str, Any]]:
    """Truth segments of one role closer than ``min_gap`` joined: a pause that short is inside a
    turn by the project's definition (``[vad] min_silence_s``), as the VAD joins it."""
    out: list[dict[str, Any]] = []
    for role in ROLES:
        for seg in sorted((x for x in truth["segments"] if x["role"] == role), key=lambda x: x["start"]):
            if out and out[-1]["role"] == role and seg["start"] - out[-1]["end"] < min_gap:
                out[-1] = {**out[-1], "end": max(out[-1]["end"], seg["end"])}
            else:
                out.append({"role": role, "start": seg["start"], "end": seg["end"]})
    return out


def reviewed_as_mix(spec: str) -> bool:
    """Whether a degradation (``tests/speech/degrade.py`` spec) leaves the call as one mix of both
    parties: two identical channels, or one dead channel (each step of an ``A+B`` spec counts)."""
    return any(step.split(":")[0] in ("dualmono", "dead") for step in spec.split("+"))


def audible_truth(truth: dict[str, Any], clean: dict[str, npt.NDArray[np.floating]],
                  degraded: dict[str, npt.NDArray[np.floating]], rate: int, mix: bool = False) -> dict[str, Any]:
    """The truth as it can be heard on a degraded line: each segment trimmed at its ends to the frames
    where the clean voice is at least as loud as what the line added (local SNR >= 0 dB per 10 ms frame),
    and split where it stays under that for ``JOIN_S`` or more (a pause that long between turns, as the
    project defines turns, is what a listener hears there).

    What the line added is ``degraded - clean`` on that role's channel, its level the median power
    of the frames where neither party's truth speaks (so a codec's error or an echo, which follow
    the speech, count as nothing; additive line noise counts in full). ``clean``/``degraded``: each
    role's samples (n,) at ``rate``, aligned. A segment with no audible frame is dropped.

    ``mix``: the line left one signal (:func:`reviewed_as_mix`), the loudest degraded channel. Each
    party's voice is its least-squares share of that mix, the line's own addition is what that fit
    leaves (its level measured as above), and the other party's voice in the same frame is added by
    the line too: a party's edge frame is heard when its voice is at least as loud as the louder of
    the two (they share one wire, so a listener hears whichever is louder there).
    """
    hop = int(round(rate * FRAME_S))
    n = min(min(len(x) for x in clean.values()), min(len(x) for x in degraded.values())) // hop
    quiet = ~_activity([(s["role"], s["start"], s["end"]) for s in truth["segments"]], "agent", n)
    quiet &= ~_activity([(s["role"], s["start"], s["end"]) for s in truth["segments"]], "customer", n)
    power: dict[str, npt.NDArray[np.float64]] = {}  # role -> (n,) its voice's power per frame
    under: dict[str, npt.NDArray[np.float64]] = {}  # role -> (n,) what the line added there, per frame
    for role in ROLES:
        x = np.asarray(clean[role][: n * hop], dtype=np.float64).reshape(n, hop)  # (n, hop)
        added = np.asarray(degraded[role][: n * hop], dtype=np.float64).reshape(n, hop) - x  # (n, hop)
        floor = float(np.median(np.mean(added[quiet] ** 2, axis=1))) if quiet.any() else 0.0
        power[role], under[role] = np.mean(x ** 2, axis=1), np.full(n, max(floor, 1e-12))
    if mix:
        wire = max((np.asarray(v[: n * hop], dtype=np.float64) for v in degraded.values()),
                   key=lambda v: float(np.mean(v ** 2)))  # (n * hop,)
        voices = np.stack([np.asarray(clean[r][: n * hop], dtype=np.float64) for r in ROLES], axis=1)  # (n*hop, 2)
        gains = np.linalg.lstsq(voices, wire, rcond=None)[0]  # (2,)
        rest = (wire - voices @ gains).reshape(n, hop)  # (n, hop) the line's own addition
        floor = float(np.median(np.mean(rest[quiet] ** 2, axis=1))) if quiet.any() else 0.0
        share = {r: np.mean((voices[:, i] * gains[i]).reshape(n, hop) ** 2, axis=1) for i, r in enumerate(ROLES)}
        for role in ROLES:
            other = next(r for r in ROLES if r != role)
            power[role], under[role] = share[role], np.maximum(max(floor, 1e-12), share[other])
    segments = []
    for seg in truth["segments"]:
        role = seg["role"]
        a, b = int(round(seg["start"] / FRAME_S)), min(n, int(round(seg["end"] / FRAME_S)))
        on = np.flatnonzero(power[role][a:b] >= under[role][a:b])
        if not len(on):
            continue
        # Runs of audible frames; a stretch inaudible for JOIN_S or more is a pause between turns there.
        cuts = np.flatnonzero(np.diff(on) > int(round(JOIN_S / FRAME_S)))
        for first, last in zip(np.r_[on[0], on[cuts + 1]], np.r_[on[cuts], on[-1]]):
            # an edge frame that is audible keeps the truth's exact time
            segments.append({**seg, "start": seg["start"] if first == 0 else round((a + first) * FRAME_S, 3),
                             "end": seg["end"] if last == b - a - 1 else round((a + last + 1) * FRAME_S, 3)})
    return {**truth, "segments": segments}


def truth_overlaps(truth: dict[str, Any]) -> list[tuple[float, float]]:
    """Where both parties' truth turns run at once."""
    return overlaps_between(truth_turns(truth))


def overlaps_between(segs: Sequence[dict[str, Any]]) -> list[tuple[float, float]]:
    """Every stretch where an agent span and a customer span (dicts with role/start/end) overlap."""
    out = []
    for a in (s for s in segs if s["role"] == "agent"):
        for c in (s for s in segs if s["role"] == "customer"):
            start, end = max(a["start"], c["start"]), min(a["end"], c["end"])
            if start < end:
                out.append((start, end))
    return out


def _activity(spans: Sequence[tuple[str, float, float]], role: str, n: int) -> np.ndarray:
    active = np.zeros(n, dtype=bool)  # (n,)
    for r, a, b in spans:
        if r == role:
            active[max(0, int(round(a / FRAME_S))): min(n, int(round(b / FRAME_S)))] = True
    return active


def _frames(truth: dict[str, Any], turns: list[Turn]) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Who speaks in each 10 ms frame, by the truth's turns and by ``turns``: (2, n) each, rows as ROLES."""
    ref_spans: list[tuple[str, float, float]] = [(s["role"], s["start"], s["end"]) for s in truth_turns(truth)]
    hyp_spans: list[tuple[str, float, float]] = [(t.role, t.start, t.end) for t in turns]
    end = max([truth["audio"]["duration_s"]] + [b for _, _, b in ref_spans + hyp_spans])
    n = int(np.ceil(end / FRAME_S)) + 1
    ref = np.stack([_activity(ref_spans, r, n) for r in ROLES])  # (2, n)
    hyp = np.stack([_activity(hyp_spans, r, n) for r in ROLES])  # (2, n)
    return ref, hyp


def attribution(truth: dict[str, Any], turns: list[Turn]) -> float:
    ref, hyp = _frames(truth, turns)
    speech = ref.any(axis=0)
    same = (ref == hyp).all(axis=0)
    return float((speech & same).sum() / max(1, speech.sum()))


def misattributed(truth: dict[str, Any], turns: list[Turn], min_s: float = 0.05) -> list[tuple[float, float, str, str]]:
    """Where attribution is lost: each stretch of at least ``min_s`` whose truth has speech and whose set of
    speakers found differs from the truth's, as (start, end, truth's set, found set); a set is written
    "a" / "c" / "ac" / "-" (nobody)."""
    ref, hyp = _frames(truth, turns)
    bad = ref.any(axis=0) & ~(ref == hyp).all(axis=0)  # (n,)

    def who(m: npt.NDArray[np.bool_], k: int) -> str:
        return "".join(r[0] for i, r in enumerate(ROLES) if m[i, k]) or "-"

    out = []
    k = 0
    while k < len(bad):
        j = k
        while j < len(bad) and bad[j] and who(ref, j) == who(ref, k) and who(hyp, j) == who(hyp, k):
            j += 1
        if j == k:
            k += 1
            continue
        if (j - k) * FRAME_S >= min_s - 1e-9:
            out.append((round(k * FRAME_S, 2), round(j * FRAME_S, 2), who(ref, k), who(hyp, k)))
        k = j
    return out


def turn_events(changes: list[SpeechChange], end: float) -> list[Event]:
    """The turn-taking events the coach would raise from these speech changes."""
    analyzer = OverlapAnalyzer()
    events = analyzer.push(SpeechUpdate(tuple(changes), (), ())) + analyzer.finish(end)
    return [e for e in events if e.kind in TURN_KINDS]


def score(truth: dict[str, Any], changes: list[SpeechChange], turns: list[Turn], overlaps: list[Overlap],
          end: float) -> Score:
    ref = [Event(e["kind"], e["role"], e["start"], e["end"]) for e in truth["events"] if e["kind"] in TURN_KINDS]
    hyp = turn_events(changes, end)
    counts = match_events(ref, hyp)
    invented = sum(counts[k].fp for k in TURN_KINDS)
    kinds = tuple(k for k in TURN_KINDS for _ in range(counts[k].fp))
    expected = truth_overlaps(truth)
    found = sum(any(abs(o.start - s) <= OVERLAP_TOLERANCE_S and abs(o.end - e) <= OVERLAP_TOLERANCE_S
                    for o in overlaps) for s, e in expected)
    return Score(attribution(truth, turns), invented, found, len(expected), kinds)
