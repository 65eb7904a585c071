"""Groups read the way years and amounts are said (corpus round eleven, tune numbers_25 and jargon_25).

A card read "four five three two, two thousand and nineteen, nineteen eighty, ..." is one number: the
year-like group does not cut it in two, so its first digits are no longer left readable. An amount whisper
writes "100 and 90 pounds" (a hundred and ninety) is an amount as a whole, even where "100" is also a
piece of a number read out elsewhere in the call. Review (segments and words) and live alike.
"""

from __future__ import annotations

import pytest

from benchmarks.coaching_corpus.leaks import fragments
from coach.config import RedactConfig
from coach.redact import redact_text
from tests.redact.test_heard_calls import _everywhere
from tests.redact.test_number_ends import survives

CFG = RedactConfig()


@pytest.mark.parametrize(("text", "number"), [
    # other wordings than round eleven's, written for this test
    ("Sure, five one six seven, two thousand and eight, nineteen ninety, three three four one.", "5167200819903341"),
    ("It's four nine one two, two thousand five, one one two two, six oh six six.", "4912200511226066"),
    ("Yeah, 4,916, 2000 and 12, 77, 81, 3, 3, 0, 9.", "4916201277813309"),  # digits the way whisper writes them
])
def test_a_year_like_group_inside_a_number_leaves_no_piece(text: str, number: str) -> None:
    outs = _everywhere([("agent", "Can I take a card to hold it?"), ("customer", text)])
    assert not any(survives(number, t) for t in outs), outs


@pytest.mark.parametrize("text", [
    "It cost two thousand pounds in the end.",
    "We've been with you since two thousand and nineteen.",
    "I moved in 2000 and 19 days later it broke.",
    "That's two thousand and five hundred pounds.",
])
def test_years_and_amounts_said_in_thousands_are_kept(text: str) -> None:
    assert _everywhere([("customer", text)])[0] == text


def test_an_amount_said_as_a_hundred_and_ninety_is_no_echo_of_a_number() -> None:
    text = "Your payment would go up by about 100 and 90 pounds a month."
    assert redact_text(text, CFG, known=["810042793"]) == text  # "100" is a piece of the account number
    assert redact_text("The last bit was 100 and 90 after that.", CFG, known=["810042793"]) != \
        "The last bit was 100 and 90 after that."  # no unit: still a piece of the number


@pytest.mark.parametrize(("turns", "number"), [
    # round eleven, mu-law (tune details_first_25): 'Three oh double four, one nine six, two double seven.'
    ([("agent", "What's the account number on the bill?"), ("customer", "3-O-Double 4, 1-9-Ticks, 2-Double-Game-")],
     "3044196277"),
    ([("agent", "And the long number on the card?"), ("customer", "Six-Double-Five 4, 0-1-Bye-8, 3-3.")],
     "6554018833"),  # written for this test
])
def test_pieces_joined_with_hyphens_in_a_reply_for_a_number_leave_no_piece(turns: list[tuple[str, str]],
                                                                            number: str) -> None:
    outs = _everywhere(turns)
    assert not fragments(number, outs), outs  # the corpus judge's reader: "O", "Double 4" are digits too


@pytest.mark.parametrize("text", ["It's a 2-for-1 deal on broadband.", "The covid-19 rules, you mean?",
                                  "I've a one-to-one with my manager."])
def test_hyphened_words_that_are_no_number_are_kept_in_a_reply(text: str) -> None:
    turns = [("agent", "What's the account number on the bill?"), ("customer", text)]
    assert _everywhere(turns)[1] == text
