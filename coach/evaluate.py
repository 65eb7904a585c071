"""Scoring a review against ground truth: event P/R/F1, speaker attribution, WER.

Events match by the contract's rule: same kind, and time spans that overlap, or, for
``interruption``, ``customer_interruption`` and ``backchannel``, starts within 1.0 s. Matching is
one-to-one (each reference event is credited at most once), closest starts first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from coach.errors import UserError
from coach.vocab import EVENT_KINDS, ROLES, Event, Role, Segment, Word, check_role

START_MATCH_KINDS = frozenset({"interruption", "customer_interruption", "backchannel"})
START_TOLERANCE_S = 1.0
FRAME_S = 0.01  # resolution of the speaker-attribution timeline


@dataclass(frozen=True)
class CallDocument:
    """What the scorer reads from a truth or review file."""

    name: str
    duration_s: float
    segments: tuple[Segment, ...]
    events: tuple[Event, ...]
    words: tuple[Word, ...] = ()
    turns: tuple[Segment, ...] = ()  # review only: speech turns (who spoke when), text empty

    @property
    def speech(self) -> tuple[Segment, ...]:
        """Who spoke when: the turns when the document has them, else the transcript segments."""
        return self.turns or self.segments


def load_document(path: Path) -> CallDocument:
    """Read a ``coach.truth/1`` or ``coach.review/1`` file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path}: not a JSON document ({exc})") from None
    if not isinstance(data, dict) or data.get("schema") not in ("coach.truth/1", "coach.review/1"):
        raise UserError(f"{path}: not a coach.truth/1 or coach.review/1 document")
    try:
        segments = tuple(
            Segment(check_role(s["role"]), float(s["start"]), float(s["end"]), str(s.get("text", "")))
            for s in data.get("segments", [])
        )
        events = tuple(Event.from_dict(e) for e in data.get("events", []))
        words = tuple(
            Word(check_role(w["role"]), float(w["start"]), float(w["end"]), str(w["text"]), float(w.get("p", 1.0)))
            for w in data.get("words", [])
        )
        turns = tuple(Segment(check_role(t["role"]), float(t["start"]), float(t["end"]), "")
                      for t in data.get("turns", []))
        duration = float(data.get("audio", {}).get("duration_s", 0.0))
    except (KeyError, TypeError, ValueError) as exc:
        raise UserError(f"{path}: malformed entry ({exc})") from None
    name = path.name.split(".")[0]
    return CallDocument(name, duration, segments, events, words, turns)


# ----------------------------------------------------------------------------- events


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        if self.tp + self.fp + self.fn == 0:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


def events_match(ref: Event, hyp: Event) -> bool:
    """The contract's matching rule for one pair."""
    if ref.kind != hyp.kind:
        return False
    if ref.kind in START_MATCH_KINDS and abs(ref.start - hyp.start) <= START_TOLERANCE_S:
        return True
    if ref.start == ref.end or hyp.start == hyp.end:  # instants: touching counts
        return ref.start <= hyp.end and hyp.start <= ref.end
    return ref.start < hyp.end and hyp.start < ref.end


def match_events(ref: Sequence[Event], hyp: Sequence[Event]) -> dict[str, Counts]:
    """Per-kind counts from a one-to-one matching, closest starts first."""
    pairs = sorted(
        ((abs(r.start - h.start), i, j) for i, r in enumerate(ref) for j, h in enumerate(hyp) if events_match(r, h)),
    )
    used_r: set[int] = set()
    used_h: set[int] = set()
    counts: dict[str, Counts] = {k: Counts() for k in EVENT_KINDS}
    for _, i, j in pairs:
        if i in used_r or j in used_h:
            continue
        used_r.add(i)
        used_h.add(j)
        counts[ref[i].kind].tp += 1
    for i, r in enumerate(ref):
        if i not in used_r:
            counts[r.kind].fn += 1
    for j, h in enumerate(hyp):
        if j not in used_h:
            counts[h.kind].fp += 1
    return counts


# ----------------------------------------------------------------------------- who spoke when


def _activity(segments: Iterable[Segment], role: Role, n_frames: int) -> np.ndarray:
    """Boolean speech timeline of one role. Shape: (n_frames,)."""
    active = np.zeros(n_frames, dtype=bool)
    for s in segments:
        if s.role == role:
            a = max(0, int(round(s.start / FRAME_S)))
            b = min(n_frames, int(round(s.end / FRAME_S)))
            active[a:b] = True
    return active


@dataclass(frozen=True)
class Attribution:
    """Of the truth's speech time, how much the review gave to the right role (its turns if it has them)."""

    truth_speech_s: float
    correct_s: float
    wrong_role_s: float  # review speech of a role while only the other role spoke

    @property
    def accuracy(self) -> float:
        return self.correct_s / self.truth_speech_s if self.truth_speech_s else 1.0


def attribution(truth: CallDocument, review: CallDocument) -> Attribution:
    end = max([truth.duration_s] + [s.end for s in truth.speech] + [s.end for s in review.speech])
    n = int(np.ceil(end / FRAME_S)) + 1
    truth_speech = correct = wrong = 0
    ref = {r: _activity(truth.speech, r, n) for r in ROLES}
    hyp = {r: _activity(review.speech, r, n) for r in ROLES}
    for r in ROLES:
        other = ROLES[1 - ROLES.index(r)]
        truth_speech += int(ref[r].sum())
        correct += int((ref[r] & hyp[r]).sum())
        wrong += int((hyp[r] & ~ref[r] & ref[other]).sum())
    return Attribution(truth_speech * FRAME_S, correct * FRAME_S, wrong * FRAME_S)


# ----------------------------------------------------------------------------- WER

_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _number_words(token: str) -> list[str]:
    """Spell a digit string the way a person would say it on the phone."""
    n = int(token)
    if len(token) > 2 or token.startswith("0") and len(token) > 1:
        return [_ONES[int(d)] for d in token]  # account numbers are read digit by digit
    if n < 20:
        return [_ONES[n]]
    tens, ones = divmod(n, 10)
    return [_TENS[tens]] + ([_ONES[ones]] if ones else [])


def normalize_words(text: str) -> list[str]:
    """Lower-case words without punctuation; digits spelled out; hyphens split ("mm-hmm")."""
    text = text.lower().replace("-", " ")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    out: list[str] = []
    for tok in text.split():
        tok = tok.strip("'")
        if not tok:
            continue
        out.extend(_number_words(tok) if tok.isdigit() else [tok])
    return out


def edit_distance(ref: Sequence[str], hyp: Sequence[str]) -> int:
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


@dataclass(frozen=True)
class WordErrors:
    errors: int
    ref_words: int

    @property
    def wer(self) -> float:
        return self.errors / self.ref_words if self.ref_words else 0.0


def role_text(doc: CallDocument, role: Role) -> list[str]:
    """A role's words in time order, from ``words`` when present, else from segment texts."""
    if doc.words:
        return [w for word in sorted((w for w in doc.words if w.role == role), key=lambda w: w.start)
                for w in normalize_words(word.text)]
    return [w for s in sorted((s for s in doc.segments if s.role == role), key=lambda s: s.start)
            for w in normalize_words(s.text)]


def word_errors(truth: CallDocument, review: CallDocument, role: Role) -> WordErrors:
    ref = role_text(truth, role)
    return WordErrors(edit_distance(ref, role_text(review, role)), len(ref))


# ----------------------------------------------------------------------------- report


@dataclass
class CallScore:
    name: str
    counts: dict[str, Counts]
    attribution: Attribution
    wer: dict[str, WordErrors]


@dataclass
class Report:
    calls: list[CallScore] = field(default_factory=list)

    def totals(self) -> dict[str, Counts]:
        total: dict[str, Counts] = {k: Counts() for k in EVENT_KINDS}
        for c in self.calls:
            for k, v in c.counts.items():
                total[k].add(v)
        return total

    def attribution_accuracy(self) -> float:
        speech = sum(c.attribution.truth_speech_s for c in self.calls)
        return sum(c.attribution.correct_s for c in self.calls) / speech if speech else 1.0

    def wer(self, role: str) -> float:
        errs = sum(c.wer[role].errors for c in self.calls)
        ref = sum(c.wer[role].ref_words for c in self.calls)
        return errs / ref if ref else 0.0


def score_call(truth: CallDocument, review: CallDocument) -> CallScore:
    return CallScore(
        name=truth.name,
        counts=match_events(truth.events, review.events),
        attribution=attribution(truth, review),
        wer={r: word_errors(truth, review, r) for r in ROLES},
    )


def _review_for(truth_path: Path, review_dir: Path) -> Path | None:
    name = truth_path.name.removesuffix(".truth.json")
    for cand in (f"{name}.review.json", f"{name}.json"):
        if (review_dir / cand).is_file():
            return review_dir / cand
    return None


def evaluate_dirs(truth_dir: Path, review_dir: Path) -> Report:
    """Score every ``NAME.truth.json`` in ``truth_dir`` that has a review in ``review_dir``."""
    if not truth_dir.is_dir():
        raise UserError(f"{truth_dir}: not a folder")
    if not review_dir.is_dir():
        raise UserError(f"{review_dir}: not a folder")
    report = Report()
    for truth_path in sorted(truth_dir.glob("*.truth.json")):
        review_path = _review_for(truth_path, review_dir)
        if review_path is not None:
            report.calls.append(score_call(load_document(truth_path), load_document(review_path)))
    if not report.calls:
        raise UserError(f"{review_dir}: no review matches any truth file in {truth_dir}")
    return report


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def format_report(report: Report) -> str:
    lines = [f"{'kind':<22} {'P':>5} {'R':>5} {'F1':>5} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for kind, k in report.totals().items():
        if k.tp + k.fp + k.fn:
            lines.append(f"{kind:<22} {_fmt(k.precision):>5} {_fmt(k.recall):>5} {_fmt(k.f1):>5} "
                         f"{k.tp:>4} {k.fp:>4} {k.fn:>4}")
    lines.append("")
    lines.append(f"{'call':<22} {'attribution':>11} {'WER agent':>9} {'WER cust':>9}")
    for c in report.calls:
        lines.append(f"{c.name:<22} {c.attribution.accuracy:>11.3f} {c.wer['agent'].wer:>9.3f} "
                     f"{c.wer['customer'].wer:>9.3f}")
    lines.append(f"{'all':<22} {report.attribution_accuracy():>11.3f} {report.wer('agent'):>9.3f} "
                 f"{report.wer('customer'):>9.3f}")
    return "\n".join(lines)


def document_from_truth(truth: dict[str, Any]) -> dict[str, Any]:
    """A review-shaped copy of a truth document (for scoring truth against itself)."""
    doc = dict(truth)
    doc["schema"] = "coach.review/1"
    return doc
