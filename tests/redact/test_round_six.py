"""Round six of the readings (benchmarks/redaction_readings.toml, r6_*; tune, written before any rule below):
what whisper wrote that the rules before it left readable or redacted wrongly. A question for "the six digits"
or "the three on the back", a number written from a leading zero, a check of a piece ("Sorry, was that two
five?") between two pieces, a first piece after a cue that goes on past a misheard word, a price per month
that is no year of birth; and, from round four and the corpus's tune captures, a range of prices and "I'm"
between digits (whisper's 'five' or 'nine' on a phone line). Each test checks review (segments and words)
and live (words pushed one by one) alike.
"""

from __future__ import annotations

import pytest

from coach.config import RedactConfig
from tests.redact.test_heard_calls import _everywhere
from tests.redact.test_number_ends import survives

CFG = RedactConfig()


@pytest.mark.parametrize(("turns", "number", "cue"), [
    ([("customer", "The count in 60198824 for"), ("agent", "and the 6 digits at go with it."),  # Opus
      ("customer", "the 1162")], "401162", "digits"),
    ([("agent", "And the free on the back, I'm a signature."), ("customer", "3.41.")], "341", "on the back"),  # mu-law
])
def test_a_question_for_the_digits_or_what_is_on_the_back_asks_for_a_number(
        turns: list[tuple[str, str]], number: str, cue: str) -> None:
    outs = _everywhere(turns, gap=0.4)
    assert not any(number[-3:] in t.replace(".", "") for t in outs), outs
    without = RedactConfig(ask_cues=tuple(c for c in CFG.ask_cues if c != cue))
    assert any(number[-3:] in t.replace(".", "") for t in _everywhere(turns, without, gap=0.4))


@pytest.mark.parametrize("text", ["My mobile, 07700, I'm hungry, 812.",  # clean 16 kHz: 'seven hundred, nine hundred'
                                  "It's 0113, then 496."])
def test_digits_written_from_a_leading_zero_are_a_number_read_out(text: str) -> None:
    outs = _everywhere([("agent", "Right."), ("customer", text)], gap=2.5)
    assert not any(survives("07700900812", t) or survives("01134960999", t) for t in outs), outs


@pytest.mark.parametrize("text", ["It went up by 0.50 in May.", "Take 0.25 of a tablet, twice a day."])
def test_a_decimal_from_zero_is_kept(text: str) -> None:
    assert _everywhere([("agent", "Right."), ("customer", text)], gap=2.5)[1] == text


def test_a_check_of_a_piece_between_two_pieces_does_not_end_the_number() -> None:
    # mu-law: "four oh oh oh, oh oh two five, oh oh oh three," / "Sorry, was that two five or two nine?" /
    # "Two five. Then oh oh oh three, one five five five."
    turns = [("customer", "The card in 4.0000, 0.002 time, 0.003"), ("agent", "Sorry, one at two times, or two times?"),
             ("customer", "2x003, 1xxxx")]
    outs = _everywhere(turns)
    assert not any(survives("4000002500003155", t) for t in outs), outs
    assert outs[1] == turns[1][1]  # the check itself is kept
    other = [("customer", "The card in 4.0000, 0.002 time, 0.003"), ("agent", "Sorry, and the amount?"),
             ("customer", "25.")]
    assert _everywhere(other)[2] == "25."  # a question with no digits of its own asks for something else


def test_a_first_piece_after_a_cue_goes_on_past_a_misheard_word() -> None:
    # mu-law: "My policy number is P L X, zero zero four five, six eight eight one."
    turns = [("customer", "My policy number in CLX, Nero Nero 4, I'm 6881.")]
    outs = _everywhere(turns)
    assert not any(survives("00456881", t) for t in outs), outs
    assert all("CLX" in t and "I'm" in t for t in outs)  # the words between are kept
    assert survives("00456881", _everywhere(turns, RedactConfig(continue_words=0))[0])


@pytest.mark.parametrize("text", [
    "Since 2009, it's renewed on the 14th of March for 1999 a month.",  # Opus
    "Since 2009, it's been known on the 14th of March for 1999 amongst...",  # clean 16 kHz: 'a month'
])
def test_a_price_after_a_date_is_no_year_of_birth(text: str) -> None:
    turns = [("agent", "How long have you had the account?"), ("customer", text)]
    assert _everywhere(turns)[1] == text
    born = [("agent", "And your date of birth?"), ("customer", "It's the 14th of March, 1999.")]
    assert "1999" not in _everywhere(born)[1]


def test_a_price_per_month_answers_no_question_for_a_number() -> None:
    turns = [("agent", "What's the long number on the card?"), ("customer", "Hang on. It was 1999 a month.")]
    assert _everywhere(turns)[1] == turns[1][1]


@pytest.mark.parametrize("text", ["Before that, it went from 1499 to 9999 in March.",  # round four, mu-law
                                  "Before that, it went from 14.9 to 19.9 to 9.9 in March."])  # round four, GSM
def test_a_range_from_one_amount_to_another_answers_no_question_for_a_number(text: str) -> None:
    turns = [("agent", "Can I take the card number, please?"), ("customer", text)]
    assert _everywhere(turns)[1] == text
    read = [("agent", "Can I take the card number, please?"), ("customer", "It's from 4111 to 1111 1111 1111.")]
    assert not any(survives("4111111111111111", t) for t in _everywhere(read)[1:])  # no range without 'from X to Y'


@pytest.mark.parametrize(("turns", "number"), [
    # the corpus's tune numbers_20 (captures ac635810a84d): "Oh two oh, seven nine four six, one one five eight.
    # Sorry, no, one one eight five." after a question whose '?' whisper lost
    ([("agent", "Thank you, and for security, the phone number we have for you."),
      ("customer", "Oh 2, 7, I'm 46, 11, I'm 8, sorry, no, 11, 8, 5,")], "02079461185"),
])
def test_i_m_between_digits_is_a_digit_whisper_lost_not_the_number_s_end(turns: list[tuple[str, str]],
                                                                         number: str) -> None:
    outs = _everywhere(turns)
    assert not any(survives(number, t.replace("I'm", "")) for t in outs), outs
    kept = [("customer", "We're 2, I'm 34 and she's 36.")]  # a count and an age: no number read out
    assert _everywhere(kept)[0] == kept[0][1]
