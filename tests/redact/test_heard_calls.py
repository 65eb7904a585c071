"""Numbers as whisper really wrote them (issue 15): small calls of ``benchmarks/redaction_readings.toml``
rendered with the corpus's voices through phone codecs and reviewed by coach's own pipeline (whisper
base; ``benchmarks/redaction_heard.json``, tune only). Each rule here was missing for one of those
spellings (two for lines of the stress set's own, named where they are); each test checks review
(segments and words) and live (words pushed one by one) alike, and that the rule, not another, does it.
"""

from __future__ import annotations

import pytest

from coach.config import RedactConfig
from coach.redact import redact_review
from tests.redact.test_number_ends import only, survives
from tests.redact.test_pieces import _doc, _live

CFG = RedactConfig()


def _everywhere(turns: list[tuple[str, str]], config: RedactConfig = CFG, gap: float = 0.8) -> list[str]:
    """Each role's text as review's segments, review's words and live's words leave it; live must be review."""
    doc = _doc(turns, gap)
    out = redact_review(doc, config)
    live = _live(doc, config)
    assert [w["text"] for w in out["words"]] == live
    return [s["text"] for s in out["segments"]] + [" ".join(w["text"] for w in out["words"]), " ".join(live)]


@pytest.mark.parametrize(("turns", "number"), [
    ([("agent", "What's the sort called on that count?"), ("customer", "O9-01-28")], "090128"),  # clean 16 kHz
    ([("agent", "and the expiry date,"), ("customer", "O3, 27,")], "0327"),
    ([("customer", "The source code is 6o, 1 6, 1 3, and the account number is 5i12834.")], "601613"),  # GSM
])
def test_an_oh_written_as_the_letter_beside_digits_is_a_zero(turns: list[tuple[str, str]], number: str) -> None:
    assert not any(survives(number, t) for t in _everywhere(turns))


@pytest.mark.parametrize("text", [
    "Hello, yes, it's about 8301, sorry, 9274, that's the reference.",  # Opus and clean 16 kHz alike
    "Hi, I'm calling about my account, it's 1-2-0-1, sorry, 3847.",
    "I am calling an out of my account. It's 1209. Sorry, 384 human.",
])
def test_two_groups_said_bare_with_a_correction_between_are_one_number(text: str) -> None:
    number = "83019274" if "8301" in text else "12093847"
    outs = _everywhere([("customer", text)])
    assert not any(survives(number, t) for t in outs), outs
    assert all("orry" in t for t in outs)  # the words between are kept
    assert survives(number, _everywhere([("customer", text)], only(corrections=()))[0])


@pytest.mark.parametrize("text", ["It was 250, sorry, 260 pounds.", "I've got 2, sorry, 3 cards."])
def test_a_corrected_amount_or_count_is_kept(text: str) -> None:
    assert _everywhere([("customer", text)])[0] == text


@pytest.mark.parametrize(("turns", "number"), [
    ([("agent", "What's the account number?"),  # mu-law: "five two eight four" heard as words
      ("customer", "25 phones, that's what they told. The account number, I do it for 1-9-3-7.")], "52841937"),
    ([("customer", "The port code is equal, 1T, 1T and the account number is fine, fine, 1T, 0.834.")], "55120834"),
])
def test_a_number_cued_may_start_a_few_words_on(turns: list[tuple[str, str]], number: str) -> None:
    outs = _everywhere(turns)
    assert not any(survives(number, t) for t in outs), outs
    assert "25 phones" in outs[-3] or "25" not in turns[-1][1]  # what comes before the cue stays
    assert survives(number, _everywhere(turns, only(reply_words=1))[len(turns) - 1])


def test_what_a_cue_is_followed_by_a_few_words_on_is_kept_when_it_is_an_amount() -> None:
    text = "My account number, I don't have it, but I paid 250 pounds."
    assert _everywhere([("customer", text)])[0] == text


@pytest.mark.parametrize("between", [("agent", "Thank you."), None])  # GSM; the reader's own 2 s silence
def test_a_whole_card_number_is_over_at_a_pause(between: tuple[str, str] | None) -> None:
    card = ("customer", "The card number is 4012, 8888, 8888, 1881,")
    after = ("customer", "1990 highly, and I want to.")
    gap = 0.8 if between else 2.0
    outs = _everywhere([card, between, after] if between else [card, after], gap=gap)
    assert not any(survives("4012888888881881", t) for t in outs)
    assert outs[-3] == after[1]
    short = ("customer", "The card number is 4012, 8888, 8888,")  # a card not yet whole goes on past the pause
    assert _everywhere([short, between, after] if between else [short, after], gap=gap)[-3].startswith("[NUMBER]")


@pytest.mark.parametrize(("question", "line", "off"), [
    ("What's the account number?", "I've been a customer since 2019.", RedactConfig(event_words=())),
    ("What's the account number?", "I bought it in June 2021.", RedactConfig(birth_year_max=2100)),
    ("And the three digits on the back?", "I paid 19.99 for it.", RedactConfig(amount_words=())),
])
def test_a_year_that_dates_an_event_or_a_price_paid_answers_no_question_for_a_number(
        question: str, line: str, off: RedactConfig) -> None:
    # the stress set's lines with no number (benchmarks/redaction_stress.toml [innocent]), in reply
    assert _everywhere([("agent", question), ("customer", line)])[1] == line
    assert _everywhere([("agent", question), ("customer", line)], off)[1] != line  # the rule, not another


@pytest.mark.parametrize(("question", "line", "year"), [
    ("When were you born?", "June 1960.", "1960"),
    ("And your date of birth?", "It's the 3rd of March 1988.", "1988"),
])
def test_a_year_of_birth_in_reply_is_still_redacted(question: str, line: str, year: str) -> None:
    assert year not in " ".join(_everywhere([("agent", question), ("customer", line)]))


def test_a_cue_in_a_question_reaches_no_digits_after_it() -> None:
    # round two, GSM: the agent's question, then their own amount in the next sentence
    turns = [("agent", "Can I take the source code and account number?"),
             ("customer", "4.40, 25 and 15, account 9301840, so..."), ("agent", "Thank you, the refund is 23,50.")]
    assert _everywhere(turns)[2] == turns[2][1]
    assert _everywhere([("customer", "My account number? It's 9301 8462.")])[0] == "My account number? It's [NUMBER]."


def test_treble_is_triple() -> None:
    # round two, mu-law: "oh seven seven, double oh, nine double oh, treble five" (the question misheard)
    turns = [("agent", "I get a nut to call you back on."),
             ("customer", "It's so feminine, feminine, 00, 9 00, treble-five.")]
    assert not any(survives("07700900555", t) for t in _everywhere(turns))
    assert not any(survives("5553", t) for t in _everywhere([("customer", "My card number ends in treble five 3.")]))


def test_a_reference_is_a_number_cue() -> None:
    # round two, clean 16 kHz: "I've got a reference here, four eight two one, seven seven three six, ..."
    turns = [("customer", "I got a reference gear for it to 17736 from your letter.")]
    assert not any(survives("48217736", t) for t in _everywhere(turns))
    cues = tuple(c for c in CFG.number_cues if c != "reference")
    assert survives("48217736", _everywhere(turns, RedactConfig(number_cues=cues))[0])
    kept = "For reference, I paid 250 pounds."  # an amount after it is kept
    assert _everywhere([("customer", kept)])[0] == kept


@pytest.mark.parametrize(("check", "quoted"), [("Sorry, you broke up a little near, after 5105.", True),
                                               ("Sorry, you broke up a little near, after 5106.", False),
                                               ("Sorry, was that 510 pounds?", False)])  # an amount
def test_a_piece_the_listener_quotes_back_is_redacted(check: str, quoted: bool) -> None:
    # round one, Opus 16 kHz: the agent quotes the part they heard before asking for the rest
    turns = [("agent", "And the card number..."), ("customer", "5105105"), ("agent", check),
             ("customer", "10510510510"), ("agent", "Perfect.")]
    outs = _everywhere(turns)  # live as review: the piece is known while the customer's digits are still held
    if quoted:
        assert not any(survives("5105105105105100", t) for t in outs), outs
    else:
        assert outs[2] == check  # no piece of the number: kept


@pytest.mark.parametrize(("turns", "number", "kept"), [
    ([("agent", "I'm sorry to hear that. Can I take your account number?"),  # round three, GSM
      ("customer", "Go give them three weeks, four five one nine.")], "27364519", "three weeks"),
    ([("customer", "My membership number is 6 or 2 a 1-9-3-7 and I've been a member for 6 years.")],  # mu-law
     "60281937", "6 years"),
])
def test_a_number_may_start_past_an_amount_or_a_misheard_group(turns: list[tuple[str, str]], number: str,
                                                                 kept: str) -> None:
    outs = _everywhere(turns)
    assert not any(survives(number, t) for t in outs), outs
    assert kept in outs[len(turns) - 1]
    # the look, not another (a first piece going on past a word, test_round_six, reads "2 a 1-9-3-7" too)
    assert survives(number, _everywhere(turns, only(reply_words=4, continue_words=0))[len(turns) - 1])


def test_a_year_that_may_be_a_birth_year_is_no_event() -> None:
    # round three, mu-law: "Can I get your date of birth?" / "Sure, it's May fifth, nineteen ninety two."
    turns = [("agent", "Can I get your name on birth?"), ("customer", "Sure, it's made this 1992.")]
    assert "1992" not in " ".join(_everywhere(turns))
    assert "1992" in _everywhere(turns, RedactConfig(birth_year_max=1980))[1]


def test_three_groups_joined_by_and_are_one_number_and_two_are_a_list() -> None:
    # round three, mu-law: "I'll give you the card. It's four seven one six, and one oh eight nine, and ..."
    text = "you the card, it's 4-7-1-6 and 108-9 and 9-9-7-1 and 6-9-3-1"
    outs = _everywhere([("customer", text)])
    assert not any(survives("4716108999716531", t) for t in outs), outs
    assert outs[0].count(" and ") == 3  # the words between are kept
    assert survives("4716108999716531", _everywhere([("customer", text)], only(joiners=()))[0])
    for kept in ("It went up in 2019 and 2020.", "Flats 10 and 12 and 14 are empty."):
        assert _everywhere([("customer", kept)])[0] == kept
