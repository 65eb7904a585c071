"""Seed 004 whatever the wording: the customer's first statement of a problem needs acknowledging first."""

from __future__ import annotations

import dataclasses

from coach.analyze.empathy import EmpathyAnalyzer
from coach.config import EmpathyConfig
from coach.vocab import Event, Word
from tests.analyze.helpers import said, turns

SPEECH = turns(("agent", 0.0, 2.0), ("customer", 3.0, 8.0), ("agent", 8.6, 10.0), ("customer", 10.6, 12.0))
DETAILS = said("agent", 8.6, "What's the account number?")


def run(customer: list[Word], agent: list[Word] = DETAILS, config: EmpathyConfig | None = None) -> list[Event]:
    a = EmpathyAnalyzer(config)
    events = a.push(SPEECH)
    events += a.push(words=said("agent", 0.0, "Good morning, Harbour Loans.") + customer + agent)
    return [e for e in events + a.finish(20.0) if e.kind == "missing_empathy"]


def test_a_first_statement_of_something_gone_wrong_is_a_cue_though_no_list_holds_its_words() -> None:
    # Content words as whisper garbles them; the grammar of a complaint ("paid ..., but there's") survives.
    garbled = said("customer", 3.0, "Hi, I paid off the loan in March, but there's another letter for sixty quid.")
    events = run(garbled)
    assert [e.detail["reason"] for e in events] == ["account details first (the account number)"]
    assert "opening" in str(events[0].detail["signals"])
    assert run(garbled, config=dataclasses.replace(EmpathyConfig(), opening_min_words=0)) == []
    negated = said("customer", 3.0, "Hi, my heater has not been warm since the engineer came round.")
    assert len(run(negated)) == 1
    acknowledged = said("agent", 8.6, "Oh no, I'm sorry about that. What's the account number?")
    assert run(garbled, acknowledged) == []


def test_a_request_a_question_or_the_customers_own_doubt_is_no_complaint() -> None:
    for text in ("Hi, I'd like to move my appointment to Tuesday, not Monday.",
                 "Hi, is it too late to change the colour of the sofa I ordered, not the size?",
                 "Hi, I ordered a lamp last week, but I don't know if I gave the right address.",
                 "Hi, my account number is four four two, not the one on the letter."):
        assert run(said("customer", 3.0, text)) == [], text


def test_only_the_first_statement_and_only_a_negation_the_asr_was_sure_of() -> None:
    speech = turns(("agent", 0.0, 2.0), ("customer", 3.0, 6.0), ("agent", 6.6, 8.0), ("customer", 9.0, 12.0),
                   ("agent", 12.6, 14.0))
    a = EmpathyAnalyzer()
    events = a.push(speech) + a.push(words=said("customer", 3.0, "Hi, I want to add a bag to my booking.")
                                     + said("agent", 6.6, "Sure, which flight?")
                                     + said("customer", 9.0, "The one on Friday, but it is not on the app.")
                                     + said("agent", 12.6, "What's the booking reference?"))
    assert [e for e in events + a.finish(20.0) if e.kind == "missing_empathy"] == []  # not why they called
    text = "Hi, I won't talk about my booking for the weekend."
    unsure = [dataclasses.replace(w, p=0.5) if w.text == "won't" else w for w in said("customer", 3.0, text)]
    assert run(unsure) == []  # whisper's "I want to add a bag to my booking"
    assert len(run(said("customer", 3.0, text))) == 1


def test_live_words_one_push_at_a_time_judge_the_statement_as_a_whole() -> None:
    # Live, the ASR confirms a few words per push: the first six may read as a complaint before the
    # request ("I'd like") or the "?" that makes it none arrives. Review reads the turn at once.
    for text, found in (("Hi, we have never had broadband before, and I'd like to get it set up.", 0),
                        ("Hi, I haven't used the app before, is there a guide for it?", 0),
                        ("Hi, I paid off the loan in March, but there's another letter for sixty quid.", 1)):
        a = EmpathyAnalyzer()
        events = a.push(SPEECH) + a.push(words=said("agent", 0.0, "Good morning, Harbour Loans."))
        for w in said("customer", 3.0, text):
            events += a.push(words=[w])
        events += a.push(words=DETAILS)
        live = [e for e in events + a.finish(20.0) if e.kind == "missing_empathy"]
        assert len(live) == len(run(said("customer", 3.0, text))) == found, text
