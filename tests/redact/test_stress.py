"""The redaction stress set (``benchmarks/redaction_stress.py``, data written without any call of the
corpus's test split): whatever way the ASR writes a number read out, however the reading is broken
up, no run of 4 of its digits survives in the review JSON or the live session stream, the live
stream (words pushed one by one, both roles in time order) redacts as review does, and a line that
reads out no number comes back as it was.
"""

from __future__ import annotations

import pytest

from benchmarks.redaction_stress import Case, Result, cases, judge
from coach.config import RedactConfig

CFG = RedactConfig()
ALL = cases()
# Measured and not handled yet: numbers of the rendered calls whisper wrote (benchmarks/redaction_heard.json).
KNOWN = {  # round two, as whisper wrote it (a digit as the letter I, the cue misheard; no rule reads it yet):
         ("r2_postcode_and_phone", "whisper base, gsm 8 kHz"),  # "the phone in OEM and I116 I4, 3200."
         # round five (addresses): the street heard as '200 km to', so no address for the zip code to follow
         ("ad_apartment_us", "whisper base, gsm 8 kHz"),  # "It's apartment for me 200 km to New York, 10166."
         # round seven: 'no sorry' heard as "not only" between two groups, and 'Account' said alone before them, no
         # cue; "not"/"only" as corrections would join "2019, not 2020", and "account" as a cue redacts "the account
         # since May 2008" (stress set: innocent 5 -> 9 of 439)
         ("r7_bank_account_corrected", "whisper base, ulaw 8 kHz")}  # "Account 6144, not only 6149, 2 or 3-8,"


def _known(c: Case) -> bool:
    return (c.name, c.carrier) in KNOWN


def _show(results: list[Result]) -> str:
    return "\n".join(f"{sorted(r.leaked)} {r.case.split} / {r.case.carrier}: "
                     + " / ".join(t for _, t, _ in r.case.turns) for r in results)


@pytest.mark.parametrize("form", sorted({c.form for c in ALL if c.secret}))
def test_no_digit_run_of_a_number_read_out_survives(form: str) -> None:
    mine = [c for c in ALL if c.secret and c.form == form]
    assert mine
    results = [judge(c, CFG) for c in mine if not _known(c)]
    assert not [r for r in results if r.leaked], _show([r for r in results if r.leaked])
    assert not [r for r in results if r.differs], _show([r for r in results if r.differs])


@pytest.mark.parametrize("context", ["alone", "next turn after a card number",
                                     "after a card number and a silent pause (2 s)"])
def test_lines_that_read_out_no_number_come_back_as_they_were(context: str) -> None:
    results = [judge(c, CFG) for c in ALL if c.keep and c.split == context]
    assert results
    assert not [r.case.keep for r in results if r.false or r.differs]


@pytest.mark.parametrize("line", ["About 1,200 pounds in total.", "250 pounds went out twice.",
                                  "I waited 45 minutes on hold.", "Three hundred and fifty, roughly."])
def test_an_amount_answers_no_question_for_a_number(line: str) -> None:
    for q in ("And the sort code?", "What's the long number on the card?", "And the expiry date?"):
        r = judge(Case("innocent", "reply", "customer", (("agent", q, 0.0), ("customer", line, 0.6)), keep=line), CFG)
        assert not r.false, (q, line)
