"""Round seven of the readings (benchmarks/redaction_readings.toml, r7_*; tune, written before any rule below):
what whisper wrote that the rules before it left readable or redacted wrongly. A group restated after a
correction said as a clause of its own, a code read out character by character that whisper joined with hyphens,
digits said one at a time before a misheard word that is a unit ("times"), a number read back fused with its
letters into one token; and an amount written with a currency sign, and the asker's own words after a question
for a number, kept. Each test checks review (segments and words) and live (words pushed one by one) alike.
"""

from __future__ import annotations

import pytest

from coach.config import RedactConfig
from tests.redact.test_heard_calls import _everywhere
from tests.redact.test_number_ends import survives

CFG = RedactConfig()


def test_a_group_restated_after_a_correction_clause_is_part_of_the_number() -> None:
    # mu-law: "four nine two nine, four oh one eight, ..." read wrong as "4081", then "no, I've got that wrong, 4018"
    turns = [("agent", "and the card for the monthly payments."),
             ("customer", "4909 4081, no, I've walked in, 4018, Hello, Kim and Kim and 1 2 3 0.")]
    outs = _everywhere(turns)
    assert not any("4018" in t for t in outs), outs
    assert all("I've walked in" in t for t in outs[1:2])  # the words between are kept
    bare = [("customer", "It was 4909 4081, then I went in on the 12th, 2018 maybe.")]  # no correction: it ends
    assert "2018" in _everywhere(bare)[0]


@pytest.mark.parametrize(("text", "number"), [
    ("It's C6K-0041-Emmen-Emmen-324-Emmen-2.1.6", "600417732"),  # mu-law, a meter's serial: 'seven' as "Emmen"
    ("R-A-Q-445-091 and I-143 Flash-O-4-196-C1.", "03041961"),  # mu-law, a date of birth: 'slash' as "Flash"
])
def test_a_code_read_out_character_by_character_and_joined_with_hyphens_is_redacted(text: str, number: str) -> None:
    outs = _everywhere([("agent", "Go on."), ("customer", text)], gap=0.6)
    assert not any(survives(number, t) for t in outs), outs


@pytest.mark.parametrize("text", ["I had a covid-19 test on the 3rd.", "It's a 5-6-week wait, they said."])
def test_a_word_with_a_few_digits_joined_by_hyphens_is_kept(text: str) -> None:
    assert _everywhere([("agent", "Right."), ("customer", text)], gap=2.5)[1] == text


def test_digits_said_one_at_a_time_before_a_unit_word_are_no_quantity() -> None:
    # GSM, an IMEI: 'three five six nine three eight oh three five six four three eight oh nine', 'five' as "times"
    turns = [("agent", "Could you read me the number on the box?"),
             ("customer", "Three times six times three eight four three times six four three eight four times Can")]
    outs = _everywhere(turns, gap=0.5)
    assert not any(survives("356938035643809", t) or survives("38436438", t) for t in outs), outs
    kept = [("agent", "Right."), ("customer", "I rang them 3 times, then another 24 times last week.")]
    assert _everywhere(kept, gap=2.5)[1] == kept[1][1]


def test_a_number_read_back_fused_with_its_letters_is_redacted() -> None:
    # Opus: the customer reads 'Q Q, twelve, thirty-four, fifty-six, C'; the agent reads it back as one token
    turns = [("agent", "For the benefit claim I need your national insurance number"),
             ("customer", "QQ, 12, 34, 56, C"), ("agent", "QQ123456C")]
    outs = _everywhere(turns, gap=0.5)
    assert not any("123456" in t or "3456" in t for t in outs), outs
    flight = [("agent", "Right."), ("customer", "I'm on EZY8520 tomorrow.")]  # a flight: three letters, four digits
    assert _everywhere(flight, gap=2.5)[1] == flight[1][1]


def test_an_amount_written_with_a_currency_sign_is_kept() -> None:
    # GSM: "your refund will be one thousand eight hundred and twelve pounds", after a council tax reference
    turns = [("agent", "What's the council tax reference on your bill?"), ("customer", "It's Hashine 0023-4176,"),
             ("agent", "Thanks, your money will be $1,800,12 pounds, or more than months.")]
    outs = _everywhere(turns, gap=0.5)
    assert outs[2] == turns[2][1]
    assert not any(survives("00234176", t) for t in outs), outs


def test_the_askers_own_words_after_a_question_for_a_number_are_kept() -> None:
    # GSM: the customer asks a question back; the agent's answer is a price, no card number
    turns = [("agent", "Can I take the long card number?"),
             ("customer", "First, is it still 1299 a month for 30 gigabytes?"),
             ("agent", "It's 1450 from April, and I survive on 3.9%.")]
    outs = _everywhere(turns, gap=0.6)
    assert outs[2] == turns[2][1]
    read = [("agent", "Can I take the long card number?"), ("customer", "Yes, it's 4929 4018 0077 1230.")]
    assert not any(survives("4929401800771230", t) for t in _everywhere(read, gap=0.6))
