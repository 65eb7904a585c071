"""The redaction benchmark's reader (benchmarks.redaction): it finds every piece of a number a person
could read in an output, in any wording the ASR uses, and nothing in the report's own times."""

from __future__ import annotations

import json

from benchmarks.coaching_corpus.leaks import digit_runs, fragments, readable


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
