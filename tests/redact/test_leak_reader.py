"""The redaction benchmark's reader (benchmarks.redaction): it finds every piece of a number a person
could read in an output, in any wording the ASR uses, and nothing in the report's own times."""

from __future__ import annotations

import json

from benchmarks.coaching_corpus.leaks import digit_runs, fragments, readable
from benchmarks.redaction import _false_in_text, _false_redactions


def test_pieces_are_read_in_any_wording() -> None:
    number = "4716229105883340"
    assert fragments(number, ["Forty seven sixteen, twenty two ninety one"]) == {"47162291"}
    assert fragments(number, ["ends in 33.40."]) == {"3340"}
    assert fragments("07700912345", ["oh seven seven double oh, nine one two"]) == {"07700912"}
    assert fragments(number, ["[CARD] I made it. [NUMBER]", "47 then 16 then 22"]) == set()  # a word ends a run


def test_report_times_are_no_digits_and_words_are_read_joined() -> None:
    assert digit_runs("0:12.2 customer 6, 4, 7, 2") == ["6472"]
    doc = {"segments": [], "words": [{"role": "customer", "text": t} for t in (" 6,", " 4,", " 7,", " 2")]}
    assert fragments("83016472", readable({"json": json.dumps(doc)})["json"]) == {"6472"}


def test_words_inside_a_number_said_in_thousands_are_no_false_redaction() -> None:
    said = ["Four", "five", "three", "two,", "two", "thousand", "and", "nineteen,", "and", "thanks."]
    before = [{"text": " " + w, "start": float(i), "end": i + 0.5} for i, w in enumerate(said)]
    after = [{**w, "text": " [CARD]" if i < 9 else w["text"]} for i, w in enumerate(before)]
    line = [(0.0, 7.9)]  # the script's line reading the card; the second 'and' is past it, no digit after it
    assert _false_redactions(before, after, line, 0.0) == ["and@8.0"]
    seg_b = [{"text": " ".join(said), "start": 0.0, "end": 9.5}]
    seg_a = [{"text": "[CARD] thanks.", "start": 0.0, "end": 9.5}]
    assert _false_in_text(seg_b, seg_a, line, 0.0) == ["and@0.0"]
