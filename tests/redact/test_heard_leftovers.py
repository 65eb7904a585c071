"""Readings whisper wrote that last stop's rules left readable (benchmarks/redaction_heard.json, tune;
benchmarks.redaction_stress) and the corpus's round ten (tune): a number dictated one digit at a time,
a question for "... number?" whatever the ASR made of the words before it, a number said on its own
(its question lost), and set phrases ("24/7") that are no number. Each test checks review (segments
and words) and live (words pushed one by one) alike, and that the rule, not another, does it.
"""

from __future__ import annotations

import pytest

from coach.config import RedactConfig
from tests.redact.test_heard_calls import _everywhere
from tests.redact.test_number_ends import survives

CFG = RedactConfig()


@pytest.mark.parametrize(("turns", "number"), [
    ([("customer", "It's given 1.5.5. 84. No way to take it over.")], "71558204"),  # GSM: 'seven one five five'
    ([("agent", "what's the thought called?"), ("customer", "To know."), ("agent", "Sorry to"),
      ("customer", "Yes, to know, oh, oh, oh, oh,")], "200000"),  # Opus: 'sort code?' lost, 'two oh, oh oh, oh oh'
    ([("customer", "and my mobile remote 7th Heaven 34th I know 1, 2, 7, 6")], "07734901276"),  # mu-law
    ([("customer", "Right, it's 9, 3, 0, 4, I think.")], "9304"),  # written for this test
])
def test_digits_dictated_one_at_a_time_are_a_number_however_short(turns: list[tuple[str, str]],
                                                                    number: str) -> None:
    outs = _everywhere(turns)
    assert not any(survives(number, t) for t in outs), outs
    assert any(survives(number, t) for t in _everywhere(turns, RedactConfig(dictated_digits=0)))


@pytest.mark.parametrize("text", ["One, two, three, go.", "It takes 2, 3, 4 days.", "It's version 1.5.5 now."])
def test_a_count_or_a_quantity_said_digit_by_digit_is_kept(text: str) -> None:
    assert _everywhere([("customer", text)])[0] == text


@pytest.mark.parametrize(("turns", "number"), [
    ([("agent", "Could you give me your costume a number? It's ten big, it's..."),  # Opus: 'customer number'
      ("customer", "41234, I'm 678, I'm...")], "0123456789"),
    ([("agent", "Can I get your name number?"), ("customer", "Sure, it's made it 1992.")], "1992"),  # GSM
])
def test_a_question_ending_in_number_asks_for_one(turns: list[tuple[str, str]], number: str) -> None:
    outs = _everywhere(turns)
    assert not any(survives(number, t) for t in outs), outs
    no_ask = RedactConfig(ask_cues=tuple(c for c in CFG.ask_cues if c != "number?"),  # the rule, not "I'm" as
                          corrections=tuple(c for c in CFG.corrections if c != "i'm"))  # a digit (test_round_six)
    assert any(survives(number, t) for t in _everywhere(turns, no_ask))


def test_number_asks_only_as_a_question() -> None:
    asked = _everywhere([("agent", "And your room number?"), ("customer", "Room 412.")])
    assert "412" not in asked[1]
    told = [("agent", "I'll text you the number."), ("customer", "Great, I'm in room 412 until then.")]
    assert _everywhere(told)[1] == told[1][1]


@pytest.mark.parametrize("gap", [0.8, 2.5])
def test_a_number_said_on_its_own_is_redacted(gap: float) -> None:
    # round ten, GSM (tune numbers_23): 'And the expiry?' heard as 'I'm sick, I owe it.'
    turns = [("agent", "I'm sick, I owe it."), ("customer", "1128"), ("agent", "and the free village on the mark.")]
    outs = _everywhere(turns, gap=gap)
    assert not any("1128" in t for t in outs), outs
    assert any("1128" in t for t in _everywhere(turns, RedactConfig(alone_digits=0), gap=gap))


@pytest.mark.parametrize("text", ["I've been a customer since 2019.", "2000.", "It was 1128 pounds.",
                                  "We moved in June 2021."])
def test_a_round_number_an_amount_or_an_event_s_year_on_its_own_is_kept(text: str) -> None:
    assert _everywhere([("agent", "Right."), ("customer", text)], gap=2.5)[1] == text


def test_a_set_phrase_with_digits_is_no_number() -> None:
    turns = [("agent", "And the three digits on the back?"), ("customer", "Your website says you're open 24/7.")]
    assert _everywhere(turns)[1] == turns[1][1]
    assert _everywhere(turns, RedactConfig(not_numbers=()))[1] != turns[1][1]
