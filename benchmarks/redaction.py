"""Redaction on the coaching corpus: does any piece of a number read out survive, and what else is redacted?

Why: the corpus score (:mod:`benchmarks.coaching_corpus.score`) counts a leak at 8 consecutive
digits (issue 18's bar), so a last group read digit by digit ("6, 4, 7, 2") or a corrected tail
("sorry, no, one one eight five") passes it. Issue 15 asks that no digit run of a number read out
survives anywhere stored or exported. Here a fragment is any run of 4 or more consecutive digits of
a number in the call's truth (``numbers``: cards, accounts, phones), read in order as digits or digit
words ("oh", "double five", "forty seven"), with commas, dots, dashes and spaces between them.

Where: everything :func:`benchmarks.coaching_corpus.leaks.exported` gives a user (the review JSON,
the history database, the HTML and Markdown reports, the printed summary, the live session
recorder's word stream fed a few words at a time). The JSON and the history row are read as a
reader would: every string in them, and each role's words joined in order (a number spread over
word entries is readable there). Times the reports print ("0:12.3") are no speech and are dropped.

False redactions: a word the redactor replaced that is no part of a number read out: a word with
no digit in it ("sorry", "year", "old"), or a digit word outside every line of the script that
reads a number (an amount, a time, an expiry date). Measured on the ASR's words (the review JSON's
``words``, each timed), in the segments' text (found by a diff; the segment's time stands for its
words'), and on the scripts' own words (what a perfect ASR would give). Addresses and e-mails are
other items: their words are counted, not judged.

Run: ``python -m benchmarks.redaction [--split tune|test|both] [--calls] [--set redact.KEY=VALUE]``
(captures of :mod:`benchmarks.coaching_corpus.score`, replayed with its ``--reuse`` semantics; a
call with no capture at all is reviewed through the real pipeline once). ``--calls`` lists every
fragment and false redaction of the tune split; the test split is only ever counted.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.coaching_corpus.folds import override
from benchmarks.coaching_corpus.generate import DEFAULT_OUT
from benchmarks.coaching_corpus.leaks import (
    digit_runs,
    exported,
    fragments,
    has_digit,
    readable,
    strings_in,
)
from benchmarks.coaching_corpus.score import capture, provenance, replay, truth_words
from coach.config import CoachConfig, ConfigError
from coach.redact import CARD, LABELS, NUMBER, redact_review

NUMBER_LABELS = (CARD, NUMBER)  # addresses and e-mails are other items: counted, not judged here
@dataclass
class Tally:
    """One split's (or one source's) counts."""

    numbers: int = 0
    leaking: int = 0  # numbers with any fragment surviving
    fragments: int = 0
    where: Counter[str] = field(default_factory=Counter)
    redacted: int = 0  # words replaced by [NUMBER] or [CARD]
    other: int = 0  # words replaced by [ADDRESS] or [EMAIL]
    false: int = 0  # ... that are no part of a number read out
    false_text: int = 0  # the same in the segments' text
    asked: int = 0  # numbers the truth lacks, said in reply to a question for one (an expiry, a security code)
    asked_leaking: int = 0  # ... with a piece of MIN_ASKED digits surviving
    lines: list[str] = field(default_factory=list)  # per-call detail (tune only)


# The judge's own list of questions for card data and other numbers a caller must not leave stored:
# deliberately not [redact] ask_cues (the judge must not share the blind spots of what it judges).
_ASK_RE = re.compile(r"expir|security code|cvv|cvc|cv2|digits on the back|date of birth|sort code|\bpin\b|"
                     r"card number|long number|account number", re.I)
MIN_ASKED = 3  # a security code has three digits


def _replies(truth: dict[str, Any], ask: re.Pattern[str]) -> list[dict[str, Any]]:
    """The customer's lines right after an agent's line matching ``ask``."""
    segs, out = truth["segments"], []
    for i, seg in enumerate(segs):
        if seg["role"] == "agent" and ask.search(seg["text"]) and i + 1 < len(segs) and segs[i + 1]["role"] != "agent":
            out.append(segs[i + 1])
    return out


def asked_numbers(truth: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Digit runs (MIN_ASKED or more) the truth's ``numbers`` lack, in the customer's line right after an
    agent's line asking for card data or a number (_ASK_RE), with that line: tune numbers_0's expiry
    'Twelve twenty eight.', numbers_16's 'Four one nine.'."""
    nums = truth.get("numbers", [])
    return [(r, reply) for reply in _replies(truth, _ASK_RE) for r in digit_runs(reply["text"])
            if len(r) >= MIN_ASKED and not any(r in n for n in nums)]


# Any question for a number (a tracking number, a date of birth, a claim or baggage reference) or an address:
# its reply reads one out, whether or not the judge's reader can read it ('two thousand and five'); redacting
# digits there is no false redaction (issue 15 asks that addresses and numbers read out are not stored).
_NUMBER_ASK_RE = re.compile(_ASK_RE.pattern + r"|\bnumber\b(?! of)|\breference\b|\baddress\b", re.I)


def _number_lines(truth: dict[str, Any]) -> list[tuple[float, float]]:
    """Time spans of the script's lines that read out a piece of one of the call's numbers, or reply to a
    question for one (_NUMBER_ASK_RE)."""
    nums = truth.get("numbers", [])
    replies = [(s["start"], s["end"]) for s in _replies(truth, _NUMBER_ASK_RE)]
    return replies + [(s["start"], s["end"]) for s in truth["segments"] if any(fragments(n, [s["text"]]) for n in nums)]


def _count_asked(tally: Tally, name: str, truth: dict[str, Any], texts: dict[str, list[str]], detail: bool) -> None:
    for run, _ in asked_numbers(truth):
        tally.asked += 1
        got = {k: fragments(run, v, MIN_ASKED) for k, v in texts.items()}
        tally.asked_leaking += any(got.values())
        if any(got.values()) and detail:
            tally.lines.append(f"{name}: asked {run} -> {sorted(set().union(*got.values()))} in "
                               f"{', '.join(k for k, v in got.items() if v)}")


_ROUND = ("hundred", "thousand")  # they carry digits when read out ("two thousand and nineteen": 2019)


def _digit_word(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` carries a digit read out: :func:`has_digit`'s, 'hundred' and 'thousand', and an
    'and' between a round group and digits ("two thousand and nineteen", "100 and 90")."""
    w = re.sub(r"[^a-z\d]", "", words[i].lower())
    if has_digit(words[i]) or w in _ROUND:
        return True
    prev = re.sub(r"[^a-z\d]", "", words[i - 1].lower()) if i > 0 else ""
    return (w == "and" and (prev in _ROUND or bool(re.fullmatch(r"\d+00", prev)))
            and i + 1 < len(words) and has_digit(words[i + 1]))


def _false_redactions(before: list[dict[str, Any]], after: list[dict[str, Any]],
                      spans: list[tuple[float, float]], slack: float) -> list[str]:
    """Words the redactor replaced that are no part of a number read out (see the module doc)."""
    out, texts = [], [str(b["text"]) for b in before]
    for n, (b, a) in enumerate(zip(before, after, strict=True)):
        if a["text"].strip() in NUMBER_LABELS and b["text"].strip() not in LABELS:
            mid = (float(b["start"]) + float(b["end"])) / 2
            if not _digit_word(texts, n) or not any(s - slack <= mid <= e + slack for s, e in spans):
                out.append(f"{b['text'].strip()}@{float(b['start']):.1f}")
    return out


def _false_in_text(before: list[dict[str, Any]], after: list[dict[str, Any]],
                   spans: list[tuple[float, float]], slack: float) -> list[str]:
    """:func:`_false_redactions` in the segments' text, where a span's words become one label: the
    words replaced are found by a diff, and a segment's time stands for its words'."""
    out = []
    for b, a in zip(before, after, strict=True):
        old, new = str(b.get("text", "")).split(), str(a.get("text", "")).split()
        near = any(s - slack <= float(b["end"]) and float(b["start"]) <= e + slack for s, e in spans)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if tag == "replace" and any(t.rstrip(".,;:!?") in NUMBER_LABELS for t in new[j1:j2]):
                out += [f"{old[k]}@{float(b['start']):.1f}" for k in range(i1, i2)
                        if old[k].rstrip(".,;:!?") not in LABELS and (not _digit_word(old, k) or not near)]
    return out


def _count(tally: Tally, before: list[dict[str, Any]], after: list[dict[str, Any]]) -> None:
    for b, a in zip(before, after, strict=True):
        if a["text"] != b["text"]:
            tally.redacted += a["text"].strip() in NUMBER_LABELS
            tally.other += a["text"].strip() not in NUMBER_LABELS


def score_call(name: str, truth_path: Path, doc: dict[str, Any], config: CoachConfig,
               asr: Tally, script: Tally, detail: bool) -> None:
    """Add one call to the ASR's and the scripts' tallies."""
    truth = json.loads(truth_path.read_text())
    nums: list[str] = truth.get("numbers", [])
    spans = _number_lines(truth)
    # ASR: everything stored or exported
    texts = readable(exported(doc, config)) if nums or asked_numbers(truth) else {}
    _count_asked(asr, name, truth, texts, detail)
    for num in nums:
        asr.numbers += 1
        got = {k: fragments(num, v) for k, v in texts.items()}
        pieces = set().union(*got.values())
        asr.leaking += bool(pieces)
        asr.fragments += len(pieces)
        asr.where.update(k for k, v in got.items() if v)
        if pieces and detail:
            asr.lines.append(f"{name}: {num} -> {sorted(pieces)} in {', '.join(k for k, v in got.items() if v)}")
    red = redact_review(doc, config.redact)
    false = _false_redactions(doc.get("words", []), red.get("words", []), spans, 1.0)
    _count(asr, doc.get("words", []), red.get("words", []))
    asr.false += len(false)
    in_text = _false_in_text(doc.get("segments", []), red.get("segments", []), spans, 1.0)
    asr.false_text += len(in_text)
    false += [f"(text) {w}" for w in in_text]
    if false and detail:
        asr.lines.append(f"{name}: false {false}")
    # the scripts' own words: what a perfect ASR would give
    words = [{"role": w.role, "start": w.start, "end": w.end, "text": " " + w.text, "p": 1.0}
             for w in truth_words(truth_path)]
    sdoc = {"schema": "coach.review/1", "segments": truth["segments"], "words": words}
    sred = redact_review(sdoc, config.redact)
    _count_asked(script, f"{name} (script)", truth, {"json": strings_in(sred)}, detail)
    for num in nums:
        script.numbers += 1
        pieces = fragments(num, strings_in(sred))
        script.leaking += bool(pieces)
        script.fragments += len(pieces)
        if pieces and detail:
            script.lines.append(f"{name} (script): {num} -> {sorted(pieces)}")
    false = _false_redactions(words, sred["words"], spans, 0.0)
    _count(script, words, sred["words"])
    script.false += len(false)
    in_text = _false_in_text(truth["segments"], sred["segments"], spans, 0.0)
    script.false_text += len(in_text)
    false += [f"(text) {w}" for w in in_text]
    if false and detail:
        script.lines.append(f"{name} (script): false {false}")


def score_split(folder: Path, config: CoachConfig, detail: bool) -> tuple[Tally, Tally]:
    asr, script = Tally(), Tally()
    for truth_path in sorted(folder.glob("*.truth.json")):
        name = truth_path.name.removesuffix(".truth.json")
        audio = next(p for p in sorted(folder.glob(f"{name}.*")) if p.suffix in (".flac", ".wav"))
        record, doc = capture(audio, config, folder.parent / "capture", False, reuse=True)
        events, checklist = replay(record, config)
        doc = {**doc, "events": [e.to_dict() for e in events], "checklist": checklist}
        score_call(name, truth_path, doc, config, asr, script, detail)
    return asr, script


def table(rows: list[tuple[str, Tally]]) -> str:
    lines = ["| set | numbers | with a fragment surviving | fragments (>= 4 digits) | where | "
             "words redacted as a number | false redactions: words / segment text | address / e-mail words | "
             "numbers asked for (not in truth) / with a piece surviving |",
             "|---" * 9 + "|"]
    for label, t in rows:
        where = ", ".join(f"{k} {n}" for k, n in sorted(t.where.items())) or "-"
        cells = (label, t.numbers, t.leaking, t.fragments, where, t.redacted, f"{t.false} / {t.false_text}", t.other,
                 f"{t.asked} / {t.asked_leaking}")
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def add_set(parser: argparse.ArgumentParser) -> None:
    """The ``--set redact.KEY=VALUE`` option the redaction benchmarks share."""
    parser.add_argument("--set", action="append", default=[], metavar="redact.KEY=VALUE",
                        help="a config override, read as a config file's tables are")


def configured(sets: list[str]) -> CoachConfig | None:
    """The config with ``sets`` applied (none: the default); None, the problem printed, on a bad one."""
    try:
        return override(sets) if sets else CoachConfig()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--split", choices=("tune", "test", "both"), default="tune")
    parser.add_argument("--calls", action="store_true", help="list each fragment and false redaction (tune only)")
    add_set(parser)
    args = parser.parse_args(argv)
    if (config := configured(args.set)) is None:
        return 2
    splits = ("tune", "test") if args.split == "both" else (args.split,)
    if not all((args.corpus / s).is_dir() for s in splits):
        print(f"{args.corpus}: no corpus; run python -m benchmarks.coaching_corpus.generate", file=sys.stderr)
        return 2
    rows = []
    for split in splits:
        asr, script = score_split(args.corpus / split, config, args.calls and split == "tune")
        for line in asr.lines + script.lines:
            print(" ", line)
        rows += [(f"{split}, ASR words, everything stored or exported", asr), (f"{split}, scripts' own words", script)]
    print(table(rows))
    print(provenance(config))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
