"""Coaching rules by category, not by phrase: wordings of one kind that no earlier list held.

Each category was chosen on tune calls of some rounds and kept only when it also helped a round it was not
chosen on (benchmarks.coaching_corpus.folds); the sentences here are other wordings of the same category,
live and review alike.
"""

from __future__ import annotations

import pytest

from coach.analyze.phrases import PhraseAnalyzer
from tests.analyze.helpers import said, turns
from tests.analyze.test_empathy import UPSET, live, run

WORRIED = said("customer", 3.0, "My alarm went off at three and I haven't slept since.")  # 3.0 - 6.3


@pytest.mark.parametrize("reply", [
    "That would shake anyone up. Let's look at what the sensors picked up.",
    "Two damaged sofas in a row, anyone would be fed up with that.",
    "I'd be in bits too. Let's see if it's been handed in.",
    "You did the right thing ringing us straight away.",
    "I'm glad you called us. Let me look at the account.",
    "You shouldn't have to chase us for a refund. Let me look at it now.",  # what they should not bear
    "You're not the only one this has happened to this week.",  # others have it too
])
def test_validating_how_anyone_would_feel_acknowledges_the_customer(reply: str) -> None:
    speech = turns(("customer", 3.0, 6.4), ("agent", 7.0, 12.0))
    words = [*WORRIED, *said("agent", 7.0, reply)]
    for agent_first in (False, True):  # live order, and review's (one role's words first)
        assert [e.kind for e in run(speech, words, agent_first=agent_first)] == ["empathy"], reply
    assert [e.kind for e in live(speech, words, 20.0)] == ["empathy"], reply


@pytest.mark.parametrize("reply", ["Would anyone else have used the card?", "Is there anyone who would know the code?"])
def test_anyone_in_a_question_acknowledges_nothing(reply: str) -> None:
    speech = turns(("customer", 3.0, 6.4), ("agent", 7.0, 12.0))
    assert [e.kind for e in run(speech, UPSET, said("agent", 7.0, reply))] == ["missing_empathy"]


@pytest.mark.parametrize("reply", [
    "The part was held up at our supplier, and that's down to us.",
    "Not at all, that was far too technical of me.",
    "That one's on us, we sent it to the old address.",
    "We got that wrong, and it was our mistake.",
])
def test_the_agent_owning_a_fault_takes_ownership(reply: str) -> None:
    speech = turns(("customer", 3.0, 6.9), ("agent", 7.6, 12.0))
    words = [*UPSET, *said("agent", 7.6, reply)]
    events = run(speech, words)
    assert [e.kind for e in events] == ["empathy"], reply
    assert events[0].detail["intent"] == "ownership"
    assert [e.kind for e in run(speech, words, agent_first=True)] == ["empathy"], reply  # review's order
    assert [e.kind for e in live(speech, words, 20.0)] == ["empathy"], reply


@pytest.mark.parametrize("reply", ["It wasn't our fault, the courier lost it.", "That was never our mistake."])
def test_denying_a_fault_owns_nothing(reply: str) -> None:
    speech = turns(("customer", 3.0, 6.9), ("agent", 7.6, 12.0))
    assert [e.kind for e in run(speech, UPSET, said("agent", 7.6, reply))] == ["missing_empathy"]


@pytest.mark.parametrize("customer", [
    "Hi, my solar payment came through this week and it's about half what it normally is.",
    "Hello, my pension usually lands on the first and it's the fifth today.",
    "Hi, the parcel came today, which is not ideal as we needed it yesterday.",
    "Hi, my bill is a lot higher than usual this month.",
])
def test_an_understated_problem_or_a_departure_from_the_usual_is_a_cue(customer: str) -> None:
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 9.0))
    words = [*said("customer", 3.0, customer, rate=0.15), *said("agent", 7.6, "What's the account number?")]
    for events in (run(speech, words), run(speech, words, agent_first=True), live(speech, words, 20.0)):
        assert [e.kind for e in events] == ["missing_empathy"], customer
        assert str(events[0].detail["reason"]).startswith("account details first")
    plain = said("customer", 3.0, "Hi, I usually pay by card, can I pay by card today?", rate=0.15)  # a request
    assert run(speech, plain, said("agent", 7.6, "What's the account number?")) == []


def intents(agent: str) -> list[str]:
    """The avoid_phrase intents in an agent's words after the customer has spoken."""
    a = PhraseAnalyzer()
    words = [*said("customer", 0.0, "Hi, my order came today."), *said("agent", 3.0, agent)]
    return [str(e.detail["intent"]) for e in a.push(words=words) + a.finish(30.0)]


@pytest.mark.parametrize("agent, found", [("I'll talk you through it step-by-step.", []),
                                          ("We can do a top-up and a follow-up call.", []),
                                          ("I'll re-enrol your authenticator.", ["jargon"])])
def test_everyday_words_joined_by_hyphens_are_no_jargon(agent: str, found: list[str]) -> None:
    assert intents(agent) == found, agent


@pytest.mark.parametrize("customer", [
    "What if they take more money out before Monday? It's everything we have.",
    "What if he turns up at the house while I'm at work?",
])
def test_a_feared_outcome_asked_as_what_if_is_a_cue(customer: str) -> None:
    assert_cue_then_details_first(customer)
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 9.0))
    option = said("customer", 3.0, "What if I pay by card instead, is that quicker?", rate=0.15)  # a question
    assert run(speech, option, said("agent", 7.6, "What's the account number?")) == []


def assert_cue_then_details_first(customer: str) -> None:
    """``customer`` alone opens a cue: a reply that only asks for the account number is missing_empathy,
    live and in review."""
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 9.0))
    words = [*said("customer", 3.0, customer, rate=0.15), *said("agent", 7.6, "What's the account number?")]
    for events in (run(speech, words), run(speech, words, agent_first=True), live(speech, words, 20.0)):
        assert [e.kind for e in events] == ["missing_empathy"], customer


@pytest.mark.parametrize("customer", ["Hi, I sent the form in for the refund and it's been five weeks now.",
                                      "It's been two whole days since the parcel left the depot."])
def test_time_gone_by_on_a_problem_is_a_cue(customer: str) -> None:
    assert_cue_then_details_first(customer)


@pytest.mark.parametrize("customer", ["I emailed about the refund on Tuesday and nobody has replied.",
                                      "I filled in the claim form a fortnight ago and heard nothing back."])
def test_contact_that_went_unanswered_is_a_cue(customer: str) -> None:
    assert_cue_then_details_first(customer)


@pytest.mark.parametrize("customer", ["Can't you just send the engineer out today?",
                                      "I've rung every day this week, I wonder why I bother."])
def test_exasperation_is_a_cue(customer: str) -> None:
    assert_cue_then_details_first(customer)


def test_a_nerve_racking_wait_is_worry() -> None:
    assert_cue_then_details_first("It's quite nerve-wracking waiting at the roadside in the dark.")


@pytest.mark.parametrize("customer", ["Hi, my boiler is making a banging noise and I'd like an engineer to come out.",
                                      "My passport runs out in May, can I renew it by post?"])
def test_a_problem_named_to_ask_for_a_service_is_no_cue(customer: str) -> None:
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 9.0))
    words = [*said("customer", 3.0, customer, rate=0.15), *said("agent", 7.6, "What's the account number?")]
    for events in (run(speech, words), run(speech, words, agent_first=True), live(speech, words, 20.0)):
        assert events == [], customer  # live: the request comes after the problem has been read
    assert_cue_then_details_first("Hi, my boiler is making a banging noise and the engineer never came.")


@pytest.mark.parametrize("customer", ["Your driver says he knocked. I was in all afternoon.",
                                      "We stayed home all day for the fitter, he rang at six to say tomorrow."])
def test_waiting_at_home_for_a_visit_is_a_cue(customer: str) -> None:
    assert_cue_then_details_first(customer)


def test_running_out_of_something_needed_is_worry() -> None:
    assert_cue_then_details_first("He's only got one inhaler left and the chemist shuts at six.")


@pytest.mark.parametrize("agent, found", [("Don't panic, we'll find it.", ["calm_down"]),
                                          ("Please try to stay calm while I check the account.", ["calm_down"]),
                                          ("I'd panic too if that happened to me.", [])])
def test_telling_the_customer_not_to_panic_is_calm_down(agent: str, found: list[str]) -> None:
    assert intents(agent) == found, agent


@pytest.mark.parametrize("agent, found", [("After that you'll have to bring the letter in, right?", ["have_to"]),
                                          ("So you need to sign it first, okay?", ["have_to"]),
                                          ("Do you need to bring the letter with you?", [])])
def test_an_order_with_a_question_tag_is_still_an_order(agent: str, found: list[str]) -> None:
    assert intents(agent) == found, agent


@pytest.mark.parametrize("agent, found", [("I'm so sorry you have to wait in for them again.", []),
                                          ("I'm sorry that you have to ring us again.", []),
                                          ("I'm afraid you have to wait in for them again.", ["have_to"])])
def test_an_apology_for_what_the_customer_must_do_is_no_order(agent: str, found: list[str]) -> None:
    assert intents(agent) == found, agent


@pytest.mark.parametrize("agent, found", [("So you need to pay it by Friday, or is that too soon.", []),
                                          ("Right, you'll have to come in person, or would you rather we post it.", []),
                                          ("You'll have to bring your passport or a letter with your name on.",
                                           ["have_to"])])
def test_an_either_or_question_is_no_order_though_its_opener_and_mark_are_lost(agent: str, found: list[str]) -> None:
    assert intents(agent) == found, agent
