"""What redaction lets out of one review: everything a user gets, and a reader of digits in it.

Why one module: the corpus score (:mod:`benchmarks.coaching_corpus.score`, its "numbers leaked"
column) and the redaction benchmark (:mod:`benchmarks.redaction`) judge leaks the same way. A number
read out leaks when any run of ``MIN_FRAGMENT`` (4) or more of its consecutive digits is readable in
something stored or exported, as digits or digit words ("oh", "double five", "forty seven"), with
commas, dots, dashes and spaces between them: issue 15 asks that no digit run survive (issue 18's bar
was 8). The JSON and the history row are read as a reader would: every string, and each role's words
joined in order. The reader is deliberately not :mod:`coach.redact`'s: the judge must not share the
blind spots of what it judges.
"""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from coach.config import CoachConfig
from coach.vocab import Word

MIN_FRAGMENT = 4  # issue 15: no digit run of a number read out survives; 4 digits is a card's last group

_UNITS = {"zero": "0", "oh": "0", "o": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4",
          "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
_TEENS = {w: str(10 + i) for i, w in enumerate(("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                                                "sixteen", "seventeen", "eighteen", "nineteen"))}
_TENS = {w: str(2 + i) for i, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                                              "ninety"))}
_REPEAT = {"double": 2, "triple": 3}
_JOINERS = {",", ".", "-", "/"}  # a reader reads "4,111" and "47.16" as one run of digits
_TIME_RE = re.compile(r"\d+:\d\d(?:\.\d+)?")  # times the reports print, not speech


def digit_runs(text: str) -> list[str]:
    """Runs of digits a reader finds in ``text``, written or spoken, in order; any other word ends a run.

    Deliberately its own reader, not :mod:`coach.redact`'s: the judge must not share the blind spots
    of what it judges."""
    spoken = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text.lower())  # "eighty-eight" is two number words
    toks = re.findall(r"[a-z]+|\d+|[^\sa-z\d]", _TIME_RE.sub(" | ", spoken))
    runs, cur, i = [], "", 0
    while i < len(toks):
        t, nxt = toks[i], toks[i + 1] if i + 1 < len(toks) else ""
        if t.isdigit():
            cur += t
        elif t in _UNITS:
            cur += _UNITS[t]
        elif t in _TEENS:
            cur += _TEENS[t]
        elif t in _TENS:
            unit = nxt if nxt in _UNITS and nxt not in ("zero", "oh", "o", "nought") else ""
            cur += _TENS[t] + (_UNITS[unit] if unit else "0")
            i += bool(unit)
        elif t in _REPEAT and (nxt in _UNITS or len(nxt) == 1 and nxt.isdigit()):
            cur += (_UNITS.get(nxt) or nxt) * _REPEAT[t]
            i += 1
        elif t not in _JOINERS:
            runs.append(cur)
            cur = ""
        i += 1
    runs.append(cur)
    return [r for r in runs if r]


def has_digit(word: str) -> bool:
    """Whether a word carries a digit when read out (a digit, a number word, 'double', 'for' after a cue)."""
    toks = re.findall(r"[a-z]+|\d", word.lower())
    return any(t.isdigit() or t in _UNITS or t in _TEENS or t in _TENS or t in _REPEAT
               or t in ("for", "to", "too", "won", "ate") for t in toks)


def fragments(number: str, texts: list[str], least: int = MIN_FRAGMENT) -> set[str]:
    """The longest pieces (>= ``least`` digits) of ``number`` readable in ``texts``, none inside another."""
    found: set[tuple[int, int]] = set()
    for run in (r for text in texts for r in digit_runs(text)):
        for i in range(len(number) - least + 1):
            for j in range(len(number), i + least - 1, -1):
                if number[i:j] in run:
                    found.add((i, j))
                    break
    keep = {(i, j) for i, j in found if not any(a <= i and j <= b and (a, b) != (i, j) for a, b in found)}
    return {number[i:j] for i, j in keep}


def strings_in(value: Any) -> list[str]:
    """Every string in a JSON value (its numbers are times and sizes, not speech)."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value) if value[:1] in "[{" else None
        except ValueError:
            parsed = None
        return strings_in(parsed) if parsed is not None else [value]
    if isinstance(value, dict):
        out = [s for v in value.values() for s in strings_in(v)]
        words = value.get("words")
        if isinstance(words, list):  # each role's words joined, as a reader of the word list sees them
            for role in {w.get("role") for w in words if isinstance(w, dict)}:
                out.append(" ".join(str(w.get("text", "")) for w in words if isinstance(w, dict)
                                    and w.get("role") == role))
        return out
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def readable(outputs: dict[str, str]) -> dict[str, list[str]]:
    """What a reader finds in each output: JSON-bearing ones string by string, reports as text."""
    return {k: strings_in(json.loads(v)) if k in ("json", "history") else [v] for k, v in outputs.items()}


def exported(doc: dict[str, Any], config: CoachConfig) -> dict[str, str]:
    """Everything a user gets from one review, as text: the review JSON, the history row, HTML, Markdown,
    the summary ``coach review`` prints (from the redacted document, as ``coach.cli_scale`` does), and
    the live session recorder's word stream (:func:`_live`)."""
    from coach.history.store import CallRecord, History
    from coach.redact import redact_review
    from coach.report.html import render_html
    from coach.report.markdown import render_markdown
    from coach.review_doc import ReviewDoc

    red = redact_review(doc, config.redact)
    out = {"json": json.dumps(red)}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "h.sqlite3"
        with History(db, config.redact) as h:
            h.put(CallRecord(audio_sha256="x", config_hash="c", path="p", agent_id="a", call_time=0.0,
                             review=doc))
        con = sqlite3.connect(db)
        out["history"] = json.dumps([list(r) for r in con.execute("SELECT * FROM calls")]
                                    + [list(r) for r in con.execute("SELECT * FROM events")])
        con.close()
    out["html"] = re.sub(r"<[^>]+>", " ", render_html(ReviewDoc.from_dict(red)))  # the reports read it typed
    out["markdown"] = render_markdown(ReviewDoc.from_dict(red))
    out["stdout"] = "\n".join([str(s.get("text", "")) for s in red.get("segments", [])]
                              + [str(e.get("message", "")) for e in red.get("events", [])])
    out["session"] = _live(doc, config)
    return out


def _live(doc: dict[str, Any], config: CoachConfig) -> str:
    """The live session recorder's word stream: both roles' words in time order, committed a few at a
    time (a role's run of up to 3 words), through redactors that share the questions asked and the words
    said, as :class:`coach.session.recorder.SessionRecorder` builds them."""
    from coach.session.recorder import word_redactors  # imported here: a capture's key lists what score loads

    live = word_redactors(config.redact)
    words = sorted((Word(w["role"], float(w["start"]), float(w["end"]), w["text"], float(w.get("p", 1.0)))
                    for w in doc.get("words", []) if w.get("role") in live), key=lambda w: w.start)
    out: list[Word] = []
    run: list[Word] = []
    for w in words + [Word("", 0.0, 0.0, "", 0.0)]:  # a sentinel ends the last run
        if run and (w.role != run[0].role or len(run) == 3):
            out += live[run[0].role].push(run)
            run = []
        run.append(w)
    for red in live.values():
        out += red.finish()
    return " ".join(w.text for w in out)
