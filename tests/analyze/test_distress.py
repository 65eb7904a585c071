"""Distress in any wording: each signal alone opens a window, and the event says which fired."""

from __future__ import annotations

import pytest

from coach.analyze.distress import DistressDetector, scored_text, sentiment
from coach.analyze.empathy import EmpathyAnalyzer
from coach.analyze.matching import normalize
from coach.config import EmpathyConfig
from coach.vocab import Event, Word
from tests.analyze.helpers import said, turns


def signals(text: str, detector: DistressDetector | None = None) -> dict[str, str]:
    d = detector or DistressDetector(EmpathyConfig())
    return d.signals(normalize(text), text.split())


@pytest.mark.parametrize(("text", "signal"), [
    ("I hate how this company treats its customers.", "sentiment"),
    ("I cancelled my membership in March but you are still charging me every month.", "problem"),
    ("There's a payment here I don't recognise and I'm a bit worried.", "worry"),
    ("Sorry, I don't understand. What am I supposed to do now?", "confusion"),
    ("The parcel never arrived and nobody can tell me where it is.", "distress"),
    ("I was told someone would ring me back and they didn't, so here I am again.", "distress"),
    ("Hi, my phone doesn't have any signal at home since Monday.", "problem"),
    ("My internet has been off all day and I've got an exam tomorrow.", "problem"),
    ("I paid off my contract last month, but there's another bill here for forty pounds.", "problem"),
    ("Hi, I can smell gas near my meter and I'm on my own with the baby.", "problem"),
    ("I'm not sure I follow you.", "confusion"),
    # round five's tune wording: damage, a bill above what was agreed, being shaken or uneasy
    ("The sofa came yesterday and one of the legs has snapped off.", "problem"),
    ("My bill is forty pounds more than what I signed up for. I wasn't expecting that.", "problem"),
    ("Someone reversed into my car and just drove off. I'm quite shaken up.", "worry"),
    ("I haven't been able to reach my dad all day and I'm really uneasy.", "worry"),
])
def test_each_kind_of_distress_is_heard_in_ordinary_words(text: str, signal: str) -> None:
    assert signal in signals(text)


@pytest.mark.parametrize("text", [
    "Sorry, I don't know my customer number.",
    "No, it's the new one on Bridge Street.",
    "No. Sorry, I'm not sure what he has, actually.",
    "Not to hand, no.",
    "I'd like to change the day my bins are collected.",
    "Hi, can you explain how the new tariff works?",
])
def test_the_customers_own_sorry_no_and_i_dont_know_are_not_distress(text: str) -> None:
    assert signals(text) == {}


def test_sentiment_reads_negation_and_intensity_but_not_politeness() -> None:
    assert sentiment(["I", "am", "not", "happy", "at", "all"]) < -0.3 < sentiment(["I", "am", "very", "happy"])
    assert sentiment(["I", "am", "really", "really", "annoyed"]) < sentiment(["I", "am", "a", "bit", "annoyed"])
    assert scored_text(["No.", "Sorry,", "I", "left", "it", "upstairs."]) == "I left it upstairs."
    assert "sentiment" not in signals("I am not happy at all", DistressDetector(EmpathyConfig(sentiment_below=-1.0)))


def test_polite_formulas_and_a_sorry_after_a_comma_are_manners_not_feelings() -> None:
    polite = EmpathyConfig().polite
    asked = "Hi, sorry to bother you, I ordered a book last week, but I don't know if I got the right address in."
    assert sentiment(asked.split(), polite) == 0.0 and signals(asked) == {}
    # whisper wrote "gardens. Sorry, I'm hopeless." as "gardens, sorry I'm hopeless."
    assert "sentiment" not in signals("I don't know exactly something about gardens, sorry I'm hopeless.")
    assert "sentiment" in signals("Sorry to trouble you. My bill is wrong again and I'm so annoyed.")


def test_a_repeated_complaint_is_a_signal_of_its_own() -> None:
    d = DistressDetector(EmpathyConfig())
    first = "the engineer did not come round on tuesday morning"
    d.said(normalize(first))
    assert signals("so the engineer did not come round on tuesday", d)["repeat"] == "said before"


def test_answers_and_manners_around_numbers_are_no_repeated_complaint() -> None:
    d = DistressDetector(EmpathyConfig())
    d.said(normalize("Sorry, yes, it's the Tuesday, no, wait, the Wednesday."))
    assert signals("Sorry, yes, oh seven seven double five, no, wait, eight two four, okay.", d) == {}


def run(*words: list[Word], speech: object, end: float = 40.0) -> list[Event]:
    a = EmpathyAnalyzer()
    events = a.push(speech)  # type: ignore[arg-type]
    events += a.push(words=[w for ws in words for w in ws])
    return events + a.finish(end)


PROBLEM = said("customer", 3.0, "My meter reading is wrong and the bill has doubled.")  # 3.0 - 5.9


def test_going_straight_to_account_details_is_missing_empathy_with_that_reason() -> None:
    speech = turns(("customer", 3.0, 6.0), ("agent", 6.6, 8.4), ("customer", 9.0, 10.0))
    events = run(PROBLEM, said("agent", 6.6, "Can I have your postcode please?"), speech=speech)
    assert [e.kind for e in events] == ["missing_empathy"]
    detail = events[0].detail
    assert detail["reason"] == "account details first (postcode)"
    assert "problem: wrong" in str(detail["signals"]) and "reading is wrong" in str(detail["cue"])
    assert "account details" in events[0].message


def test_acknowledging_first_then_asking_for_details_is_empathy() -> None:
    speech = turns(("customer", 3.0, 6.0), ("agent", 6.6, 11.0), ("customer", 11.6, 12.0))
    agent = said("agent", 6.6, "Oh no, I can see why that is worrying. Can I have your postcode?")
    events = run(PROBLEM, agent, speech=speech)
    assert [e.kind for e in events] == ["empathy"]


def test_details_asked_before_a_late_apology_is_still_details_first() -> None:
    speech = turns(("customer", 3.0, 6.0), ("agent", 6.6, 10.0), ("customer", 10.6, 12.0))
    agent = said("agent", 6.6, "What's your postcode? Sorry about that.")
    kinds = [e.kind for e in run(PROBLEM, agent, speech=speech)]
    assert "missing_empathy" in kinds


def test_a_neutral_request_answered_with_account_details_is_fine() -> None:
    speech = turns(("customer", 3.0, 6.0), ("agent", 6.6, 8.4), ("customer", 9.0, 10.0))
    calm = said("customer", 3.0, "I moved house and want to move my broadband.")
    assert run(calm, said("agent", 6.6, "Happy to help. What is the account number?"), speech=speech) == []


def test_more_detail_of_an_acknowledged_problem_needs_no_second_acknowledgement() -> None:
    speech = turns(("customer", 3.0, 6.0), ("agent", 6.6, 9.0), ("customer", 9.6, 13.0), ("agent", 13.6, 15.0),
                   ("customer", 15.6, 17.0), ("agent", 17.6, 19.0))
    more = said("customer", 9.6, "The second charge came on the fifth and I never got an email.")
    confused = said("customer", 15.6, "I don't understand, what does that mean?")
    events = run(PROBLEM, said("agent", 6.6, "I am so sorry about that."), more,
                 said("agent", 13.6, "It was a renewal."), confused, said("agent", 17.6, "It renews yearly."),
                 speech=speech)
    assert [(e.kind, round(e.start)) for e in events] == [("empathy", 8), ("missing_empathy", 16)]
    assert "confusion" in str(events[1].detail["signals"])


@pytest.mark.parametrize(("text", "complaint"), [
    ("Hi, I think I ordered the wrong book, sorry.", False),
    ("Sorry, I typed the wrong postcode on the form.", False),
    ("Hi, you sent me the wrong book.", True),
    ("I was sent the wrong size and I need it for Saturday.", True),
    # "I <verb> the wrong ...", whatever verb the ASR wrote, is their own doing; "I got" is done to them
    ("Hi, I think I'll get the wrong book, sorry.", False),
    ("I'm sorry, I think I dialed the wrong shop.", False),
    ("I got the wrong one in the post again.", True),
    ("They've given me the wrong address on the letter.", True),
    ("Hi, sorry, can I change my order? I don't know if it's too late.", False),
    ("My parcel is late again.", True),
    ("Can you also waive the late fee?", False),
])
def test_the_customers_own_slip_is_no_complaint_but_our_mistake_is(text: str, complaint: bool) -> None:
    assert ("problem" in signals(text)) is complaint


def test_a_half_sure_negation_in_a_cue_is_no_cue() -> None:
    # whisper wrote an account number read out as "I'll explain where I can't(0.52) afford(0.32) M19."
    p_of = {"I'll": 0.29, "explain": 0.19, "where": 0.89, "I": 0.42, "can't": 0.52, "afford": 0.32, "M19.": 0.44}
    words = list(p_of)
    tokens: list[str] = []
    owner: list[int] = []
    for i, w in enumerate(words):
        toks = normalize(w)
        tokens += toks
        owner += [i] * len(toks)
    detector = DistressDetector(EmpathyConfig())
    assert "worry" not in detector.signals(tokens, words, p_at=lambda k: p_of[words[owner[k]]])
    sure = detector.signals(tokens, words, p_at=lambda k: 0.9 if words[owner[k]] == "can't" else p_of[words[owner[k]]])
    assert sure["worry"] == "can not afford"


def test_a_cue_the_asr_was_unsure_of_is_no_cue() -> None:
    import dataclasses

    speech = turns(("customer", 3.0, 6.0), ("agent", 6.6, 9.0))
    # "I want to add a bag to my booking" written "... about my broken" with "broken" at p 0.14.
    heard = [dataclasses.replace(w, p=0.14 if w.text == "broken," else 0.9)
             for w in said("customer", 3.0, "I want to talk about my broken,")]
    a = EmpathyAnalyzer()
    events = a.push(speech, heard + said("agent", 6.6, "Of course, I can add that for you."))
    assert events + a.finish(20.0) == []
    sure = [dataclasses.replace(w, p=0.9) for w in heard]
    a = EmpathyAnalyzer()
    events = a.push(speech, sure + said("agent", 6.6, "Of course, I can add that for you."))
    assert [e.kind for e in events + a.finish(20.0)] == ["missing_empathy"]


def test_no_cue_runs_over_a_sentence_end() -> None:
    d = DistressDetector(EmpathyConfig())
    text = "I don't know what day that was, sorry. What do I do with the old one?"
    toks = normalize(text)
    opens = [toks.index("what", 5)]  # "What" opens the second sentence
    assert "confusion" in d.signals(toks, text.split())  # read as one run of words: "sorry what"
    assert d.signals(toks, text.split(), opens=opens) == {}
    assert "confusion" in signals("Sorry, what? I didn't catch that.")


def test_a_negation_heard_at_p_0_72_still_makes_a_complaint() -> None:
    # Tune rounds 8 and 9: 6 of 9 customer negations whisper wrote at p 0.70-0.75 were really said.
    # Chosen on those rounds (missing_empathy F1 0.75 -> 0.80, 0.71 -> 0.76), then checked on round
    # ten, unseen: unchanged, no new false alarm.
    import dataclasses

    speech = turns(("customer", 3.0, 6.0), ("agent", 6.6, 9.0))
    heard = [dataclasses.replace(w, p=0.72 if w.text == "doesn't" else 0.9)
             for w in said("customer", 3.0, "My new card doesn't work in any shop.")]
    reply = said("agent", 6.6, "Can I take your account number please?")
    a = EmpathyAnalyzer()
    events = a.push(speech, heard + reply) + a.finish(20.0)
    assert [e.kind for e in events] == ["missing_empathy"]
    unsure = [dataclasses.replace(w, p=0.6 if w.text == "doesn't" else 0.9) for w in heard]
    a = EmpathyAnalyzer()
    assert a.push(speech, unsure + reply) + a.finish(20.0) == []
