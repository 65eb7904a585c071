"""Where coach review's words go wrong beside plain faster-whisper's, word by word.

A WER gap of a few words on a small set says nothing of its cause. Each role's truth is aligned
with coach's words and with plain's (a word-level edit-distance backtrace); the truth words only
one of the two gets wrong are placed by coach's word times in coach's turns: the first or last
``EDGE_S`` of a turn, or inside it, and whether the other party was speaking then (an overlap).
Lost words at turn, window or pack edges show up as edge rows; an acoustic coin flip as inside.
``python -m benchmarks.review_asr --where`` prints the counts per set; with ``--verbose``, each
stretch where the two differ, truth / coach / plain side by side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

EDGE_S = 0.5  # a word this close to its turn's start or end is at the edge
OVERLAP_SLACK_S = 0.2  # ... and the other party speaking within this of it is an overlap
CONTEXT = 2  # truth words shown either side of a stretch


def alignment(ref: Sequence[str], hyp: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Pairs (truth index, hypothesis index) of a minimal edit script: (i, None) a deleted truth
    word, (None, j) an inserted one, (i, j) a match or substitution."""
    n, m = len(ref), len(hyp)
    cost = [[0] * (m + 1) for _ in range(n + 1)]  # (n + 1, m + 1) edit distances of prefixes
    for i in range(n + 1):
        cost[i][0] = i
    for j in range(m + 1):
        cost[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i][j] = min(cost[i - 1][j] + 1, cost[i][j - 1] + 1, cost[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]))
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    return pairs[::-1]


def _heard(ref: Sequence[str], hyp: Sequence[str]) -> tuple[list[str | None], dict[int, int]]:
    """Per truth word, the hypothesis word aligned to it (None: lost), and truth -> hypothesis index."""
    said: list[str | None] = [None] * len(ref)
    index: dict[int, int] = {}
    for i, j in alignment(ref, hyp):
        if i is not None and j is not None:
            said[i] = hyp[j]
            index[i] = j
    return said, index


@dataclass
class Where:
    """Counts of truth words only one system got wrong, by (system that erred, place)."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    stretches: list[str] = field(default_factory=list)

    def add(self, ref: list[str], coach: list[tuple[str, float, float]], plain: list[str],
            turns: list[tuple[float, float]], others: list[tuple[float, float]], label: str = "") -> None:
        """One role of one call: truth words, coach's words (normalised, with call times), plain's
        words, and coach's turns of this role and of the other party."""
        c_said, c_index = _heard(ref, [w for w, _, _ in coach])
        p_said, _ = _heard(ref, plain)
        only = [i for i in range(len(ref)) if (c_said[i] == ref[i]) != (p_said[i] == ref[i])]
        for i in only:
            who = "coach only" if p_said[i] == ref[i] else "plain only"
            self.counts[(who, self._place(i, c_index, coach, turns, others))] += 1
        for lo, hi in _stretches(only):
            a, b = max(0, lo - CONTEXT), min(len(ref), hi + CONTEXT + 1)
            t = _time(lo, c_index, coach)
            self.stretches.append(
                f"{label} t={t if t is None else round(t, 1)}\n  truth: {' '.join(ref[a:b])}\n"
                f"  coach: {' '.join(_shown(ref, c_said, a, b))}\n  plain: {' '.join(_shown(ref, p_said, a, b))}")

    @staticmethod
    def _place(i: int, index: dict[int, int], coach: list[tuple[str, float, float]],
               turns: list[tuple[float, float]], others: list[tuple[float, float]]) -> str:
        t = _time(i, index, coach)
        if t is None or not turns:
            return "no coach word near"
        start, end = min(turns, key=lambda s: 0.0 if s[0] <= t <= s[1] else min(abs(t - s[0]), abs(t - s[1])))
        place = "turn start" if t - start < EDGE_S else "turn end" if end - t < EDGE_S else "inside a turn"
        if any(a - OVERLAP_SLACK_S <= t <= b + OVERLAP_SLACK_S for a, b in others):
            place += ", other speaking"
        return place

    def table(self) -> str:
        places = sorted({p for _, p in self.counts})
        lines = [f"| where (coach's turns; edge = {EDGE_S} s) | coach only wrong | plain only wrong |", "|---|---|---|"]
        for p in places:
            lines.append(f"| {p} | {self.counts[('coach only', p)]} | {self.counts[('plain only', p)]} |")
        total = [sum(n for (w, _), n in self.counts.items() if w == who) for who in ("coach only", "plain only")]
        lines.append(f"| all | {total[0]} | {total[1]} |")
        return "\n".join(lines)


def _time(i: int, index: dict[int, int], coach: list[tuple[str, float, float]]) -> float | None:
    """Call time of truth word ``i`` in coach's words: its own word's start, else the nearest
    aligned neighbour's (a lost word lies between them)."""
    for d in range(6):
        if i + d in index:
            return coach[index[i + d]][1]
        if i - d in index:
            return coach[index[i - d]][2]
    return None


def _stretches(indices: list[int]) -> list[tuple[int, int]]:
    """Runs of truth indices at most 2 apart, as (first, last)."""
    out: list[tuple[int, int]] = []
    for i in indices:
        if out and i - out[-1][1] <= 2:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def _shown(ref: Sequence[str], said: list[str | None], a: int, b: int) -> list[str]:
    return [ref[i] if said[i] == ref[i] else f"[{said[i] or '-'}]" for i in range(a, b)]
