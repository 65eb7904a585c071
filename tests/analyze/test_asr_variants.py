"""What the ASR does to words it heard right, tolerated; a different word never is (coach/lexicon/asr.toml).

Whisper on a phone line drops a subject's clitic ("I've stopped" written "I stopped"), swaps a word's
opening consonants ("date" as "state", "number" as "Humber", "holder" as "older") and swaps small words
of one class ("date on birth"). Each case below is the way whisper wrote a phrase on tune calls, in other
sentences; live (word by word), review (one role's words first) and in time order alike.
"""

from __future__ import annotations

import pytest

from coach.analyze.matching import PhraseSet, normalize
from coach.analyze.phrases import PhraseAnalyzer
from coach.vocab import Event, SpeechUpdate, Word
from tests.analyze.helpers import said, turns
from tests.analyze.test_empathy import UPSET, live, run

SPEECH = turns(("customer", 3.0, 6.9), ("agent", 7.6, 13.0))


def _all_orders(speech: SpeechUpdate, words: list[Word]) -> list[list[Event]]:
    """The events in time order, in review's order (the agent's words first) and live, word by word."""
    return [run(speech, words), run(speech, words, agent_first=True), live(speech, words, 20.0)]


@pytest.mark.parametrize("reply", [
    "I stopped the direct debit this morning, so nothing more will go out.",
    "I refund the second payment today, you'll see it by Friday.",
    "We cancelled the order, and I credit the delivery charge now.",
])
def test_ownership_with_its_clitic_lost_is_still_ownership(reply: str) -> None:
    for events in _all_orders(SPEECH, [*UPSET, *said("agent", 7.6, reply)]):
        assert [(e.kind, e.detail["intent"]) for e in events] == [("empathy", "ownership")], reply


@pytest.mark.parametrize("reply", ["I personally think the bill is right.", "I have the account open now."])
def test_no_clitic_is_guessed_before_an_adverb_or_a_common_verb(reply: str) -> None:
    for events in _all_orders(SPEECH, [*UPSET, *said("agent", 7.6, reply)]):
        assert [e.kind for e in events] == ["missing_empathy"], reply


@pytest.mark.parametrize("ask", [
    "What is the patient's state of birth?",  # "date": its opening consonant swapped
    "Can I take your date on birth?",  # "of": a preposition swapped
    "What's the policy, Humber?",
    "Is the account older there with you?",  # "holder": its "h" lost
])
def test_account_details_asked_first_in_the_asr_s_spelling_are_details_first(ask: str) -> None:
    words = [*UPSET, *said("agent", 7.6, ask), *said("agent", 10.6, "I'm sorry about all this.")]
    for events in _all_orders(SPEECH, words):
        (missing,) = [e for e in events if e.kind == "missing_empathy"]  # the apology came after the ask
        assert str(missing.detail["reason"]).startswith("account details first"), ask


@pytest.mark.parametrize(("reply", "kinds"), [
    ("You must be the card holder?", ["missing_empathy"]),  # "must be * hard": no rhyme after a gap
    ("Are your dates flexible? I'm sorry, the line is bad.", ["empathy"]),  # not "your details"
    ("Is it the same as the one on the letter? I'm sorry, the line is bad.", ["empathy"]),  # not "the name on"
])
def test_other_words_are_no_variant(reply: str, kinds: list[str]) -> None:
    for events in _all_orders(SPEECH, [*UPSET, *said("agent", 7.6, reply)]):
        assert [e.kind for e in events] == kinds, reply


def test_a_swap_keeps_the_meaning_possessives_and_pronouns_are_never_swapped() -> None:
    owned = PhraseSet({"own": ["was our mistake", "that's on us"], "ask": ["date of birth"]})
    assert [m.intent for m in owned.find(normalize("and your date on birth"))] == ["ask"]
    assert owned.find(normalize("it was a mistake to wait")) == []  # "our" is not "a"
    assert owned.find(normalize("that's on you")) == []


def test_a_refusal_in_the_asr_s_spelling_is_still_one() -> None:
    analyzer = PhraseAnalyzer()
    words = said("agent", 1.0, "I'm afraid that's out on my hands now.")
    events = analyzer.push(turns(("agent", 1.0, 4.0)), words) + analyzer.finish(10.0)
    assert [e.detail["intent"] for e in events] == ["nothing_more"]


@pytest.mark.parametrize("agent", [
    "You never paid the deposit, so the booking lapsed.",  # not "you never said"
    "Put your palm down on the reader, please.",  # not "calm down"
])
def test_a_rhyme_never_makes_a_phrase_to_avoid(agent: str) -> None:
    analyzer = PhraseAnalyzer()
    words = said("agent", 1.0, agent)
    assert analyzer.push(turns(("agent", 1.0, 6.0)), words) + analyzer.finish(20.0) == [], agent
