"""Empathy: a distress cue opens a window; the agent's reply acknowledges it, or it is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.analyze.empathy import EmpathyAnalyzer
from coach.config import EmpathyConfig
from coach.vocab import Event, ProsodyFrame, SpeechUpdate, Word
from tests.analyze.helpers import said, turns


def run(speech: SpeechUpdate, *words: list[Word], end: float = 60.0, agent_first: bool = False,
        config: EmpathyConfig | None = None) -> list[Event]:
    a = EmpathyAnalyzer(config)
    ws = [w for group in words for w in group]
    if agent_first:  # review order: one role's words all arrive before the other's
        ws = [w for w in ws if w.role == "agent"] + [w for w in ws if w.role == "customer"]
    events = a.push(speech)
    events += a.push(words=[w for w in ws if w.role == "agent"]) if agent_first else []
    events += a.push(words=[w for w in ws if w.role == "customer"] if agent_first else ws)
    return events + a.finish(end)


def kinds(events: list[Event]) -> list[tuple[str, float, float]]:
    return sorted((e.kind, round(e.start, 1), round(e.end, 1)) for e in events)


UPSET = said("customer", 3.0, "This is the third time I am calling and I am really frustrated.")  # 3.0 - 6.9


def test_reply_without_acknowledgement_is_missing_empathy_from_cue_to_end_of_reply() -> None:
    speech = turns(("agent", 0, 2), ("customer", 3.0, 7.0), ("agent", 7.6, 9.0), ("customer", 9.8, 11.0))
    for agent_first in (False, True):
        events = run(speech, UPSET, said("agent", 7.6, "What is your account number?"), agent_first=agent_first)
        assert kinds(events) == [("missing_empathy", 3.0, 9.0)]
        assert "third time" in events[0].detail["cue"]


def test_apology_and_ownership_said_together_are_one_empathy_moment_and_nothing_is_missing() -> None:
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 14.0))
    agent = said("agent", 7.6, "I am so sorry, that sounds really frustrating. I will take care of this for you.")
    events = run(speech, UPSET, agent)
    assert [(e.kind, e.detail["intent"]) for e in events] == [("empathy", "apology")]


def test_an_acknowledgement_and_a_fix_later_in_the_same_reply_are_one_moment() -> None:
    # Round ten: "... you shouldn't have to sort that out the night before a party. That one's down to our
    # picker." then, 0.6 s later and six seconds after the acknowledgement, "I've refunded every substitution".
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 13.0), ("agent", 13.6, 17.0))
    agent = said("agent", 7.6, "That is so frustrating, that one is on us.") + said(
        "agent", 13.6, "I will refund the whole order today.")
    events = run(speech, UPSET, agent)
    assert [(e.kind, e.detail["intent"]) for e in events] == [("empathy", "acknowledgement")]


def test_ownership_after_the_customer_speaks_is_a_moment_of_its_own() -> None:
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 9.0), ("customer", 9.4, 10.0), ("agent", 10.4, 13.0))
    events = run(speech, UPSET, said("agent", 7.6, "I am so sorry."), said("customer", 9.4, "It has."),
                 said("agent", 10.4, "I will take care of this for you."))
    assert [(e.kind, e.detail["intent"]) for e in events] == [("empathy", "apology"), ("empathy", "ownership")]


def test_acknowledgement_late_in_a_long_reply_window_still_counts_but_not_after_the_customer_speaks() -> None:
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 10.0), ("customer", 10.5, 13.0), ("agent", 13.5, 15))
    events = run(speech, UPSET, said("agent", 7.6, "Okay let me see."), said("agent", 13.5, "I understand."))
    assert [e.kind for e in events] == ["empathy", "missing_empathy"]


def test_no_cue_no_window_and_a_silent_agent_is_not_judged() -> None:
    calm = said("customer", 3.0, "I would like to change my address please.")
    assert run(turns(("customer", 3, 6), ("agent", 6.5, 8)), calm, said("agent", 6.5, "Sure, what is it?")) == []
    assert run(turns(("customer", 3, 7)), UPSET) == []  # silent agent: nothing to judge
    assert run(turns(("agent", 0, 3)), said("agent", 0, "Hello, how can I help?")) == []  # silent customer


def test_cue_inside_the_agents_turn_is_answered_by_the_next_reply() -> None:
    # The customer cuts in with a cue while the agent talks; the reply is what the agent says after.
    speech = turns(("agent", 0, 5.0), ("customer", 3.0, 4.2), ("agent", 5.6, 6.8), ("customer", 7.4, 9))
    events = run(speech, said("agent", 0, "There is nothing more I can do today"),
                 said("customer", 3.0, "That is not acceptable!"), said("agent", 5.6, "Calm down, sir."))
    assert kinds(events) == [("missing_empathy", 3.0, 6.8)]


def test_live_judgement_waits_for_the_reply_and_its_words() -> None:
    a = EmpathyAnalyzer()
    a.push(turns(("customer", 3.0, 7.0)), UPSET)
    assert a.push(SpeechUpdate(changes=turns(("agent", 7.6, 9.0)).changes[:1])) == []  # reply under way
    assert a.push(SpeechUpdate(changes=turns(("agent", 7.6, 9.0)).changes[1:])) == []
    late = a.push(words=said("agent", 7.6, "Let me pull that up."))
    assert late == []  # the reply might go on: no pause of reply_gap_s seen yet
    done = a.push(turns(("customer", 9.5, 11.0)))
    assert kinds(done) == [("missing_empathy", 3.0, 9.0)]


def _voice(start: float, end: float, db: float, hz: float) -> list[ProsodyFrame]:
    """Voiced customer frames every 10 ms."""
    n = int(round((end - start) / 0.01))
    return [ProsodyFrame("customer", start + 0.01 * i, hz, db) for i in range(n)]


def _missing_detail(voice: list[ProsodyFrame]) -> dict[str, object]:
    speech = turns(("customer", 0.5, 2.9), ("agent", 3.2, 4.0), ("customer", 5.0, 9.0), ("agent", 9.6, 11.0))
    calm = said("customer", 0.5, "Hello, my name is Alex Rivera.")
    a = EmpathyAnalyzer()
    events = a.push(speech, frames=voice)
    events += a.push(words=calm + said("customer", 5.0, "This is the third time I am calling and I am frustrated.")
                     + said("agent", 9.6, "What is your account number?"))
    events += a.finish(20.0)
    (missing,) = [e for e in events if e.kind == "missing_empathy"]
    return dict(missing.detail)


def test_a_raised_voice_backs_the_cue_in_the_event() -> None:
    louder = _missing_detail(_voice(0.5, 2.9, -30.0, 150.0) + _voice(5.0, 9.0, -21.0, 150.0))
    assert louder["customer_voice_raised"] is True and louder["customer_loudness_rise_db"] == 9.0
    higher = _missing_detail(_voice(0.5, 2.9, -30.0, 150.0) + _voice(5.0, 9.0, -29.0, 150.0 * 2 ** (4 / 12)))
    assert higher["customer_voice_raised"] is True and higher["customer_pitch_rise_st"] == 4.0
    same = _missing_detail(_voice(0.5, 2.9, -30.0, 150.0) + _voice(5.0, 9.0, -28.0, 160.0))
    assert same["customer_voice_raised"] is False and same["customer_loudness_rise_db"] == 2.0


def test_without_earlier_speech_or_prosody_the_voice_is_not_judged() -> None:
    first_words = _missing_detail(_voice(5.0, 9.0, -20.0, 200.0))  # nothing heard before the cue
    assert "customer_voice_raised" not in first_words
    assert "customer_voice_raised" not in _missing_detail([])


def _judged(voice: list[ProsodyFrame], cue: bool = True, **cfg: object) -> list[Event]:
    from coach.config import EmpathyConfig

    speech = turns(("customer", 0.5, 2.9), ("agent", 3.2, 4.0), ("customer", 5.0, 9.0), ("agent", 9.6, 11.0))
    a = EmpathyAnalyzer(EmpathyConfig(**cfg))  # type: ignore[arg-type]
    events = a.push(speech, frames=voice)
    events += a.push(words=said("customer", 0.5, "Hello, my name is Alex Rivera.")
                     + said("customer", 5.0, "I want to talk about the bill on my account.")
                     + said("agent", 9.6, "What is your account number?"))
    return events + a.finish(20.0)


def test_a_voice_both_louder_and_higher_is_a_cue_of_its_own_in_stereo_calls() -> None:
    raised = _voice(0.5, 2.9, -30.0, 150.0) + _voice(5.0, 9.0, -21.0, 150.0 * 2 ** (4 / 12))
    (missing,) = _judged(raised)
    assert missing.kind == "missing_empathy" and str(missing.detail["signals"]).startswith("raised_voice")
    assert _judged(raised, raised_voice_cue=False) == []
    only_louder = _voice(0.5, 2.9, -30.0, 150.0) + _voice(5.0, 9.0, -21.0, 150.0)
    assert _judged(only_louder) == []  # backs other signals, not a cue alone
    assert _judged([]) == []  # mono (no customer prosody): words only


def test_lexicons_are_data_files_and_the_config_overrides_them(tmp_path: Path) -> None:
    from coach.config import load_config
    from coach.lexicon import load

    assert "charged twice" in load("empathy")["problem"]
    toml = tmp_path / "c.toml"
    toml.write_text('[empathy]\nproblem = ["the bill on my account"]\n')
    config = load_config(toml)
    assert config.empathy.problem == ("the bill on my account",)
    speech = turns(("customer", 5.0, 9.0), ("agent", 9.6, 11.0))
    a = EmpathyAnalyzer(config.empathy)
    events = a.push(speech, words=said("customer", 5.0, "I want to talk about the bill on my account.")
                    + said("agent", 9.6, "What is your account number?")) + a.finish(20.0)
    assert [e.detail["signals"] for e in events] == ["problem: the bill on my account"]


def test_acknowledgements_as_the_asr_writes_them_and_never_a_different_phrase() -> None:
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 12.0))
    worried = said("customer", 3.0, "Someone has been using my card abroad and I'm frightened.")
    # "I would be worried too if that happened to me", the tense and the feeling word misheard.
    events = run(speech, worried, said("agent", 7.6, "I would be willing to, if that happens to me."))
    assert [(e.kind, e.detail["intent"]) for e in events] == [("empathy", "acknowledgement")]
    # "I'll look into it" with the "'ll" lost is still ownership ...
    events = run(speech, worried, said("agent", 7.6, "Thanks, I look into the payment and call you back."))
    assert [(e.kind, e.detail["intent"]) for e in events] == [("empathy", "ownership")]
    # ... but "I have the" is not "I'll have the": no lost "'ll" before a verb as common in the present.
    events = run(speech, worried, said("agent", 7.6, "Okay, I have the account number here."))
    assert [e.kind for e in events] == ["missing_empathy"]


def test_putting_it_in_plain_words_acknowledges_the_customers_confusion() -> None:
    speech = turns(("customer", 3.0, 6.0), ("agent", 6.6, 10.0))
    lost = said("customer", 3.0, "Sorry, I'm completely lost.")
    events = run(speech, lost, said("agent", 6.6, "Let me put it simply, you can take a quarter without tax."))
    assert [e.kind for e in events] == ["empathy"]
    assert [e.kind for e in run(speech, lost, said("agent", 6.6, "You can take a quarter without tax."))] == [
        "missing_empathy"]


def test_acknowledging_the_wait_and_owning_the_remedy_in_other_words() -> None:
    speech = turns(("customer", 3.0, 6.0), ("agent", 6.6, 12.0))
    waited = said("customer", 3.0, "I've been trying to get through for an hour.")
    events = run(speech, waited, said("agent", 6.6, "I know the wait was frustrating."))
    assert [(e.kind, e.detail["intent"]) for e in events] == [("empathy", "acknowledgement")]
    scratched = said("customer", 3.0, "My new glasses came and the lenses are scratched.")
    events = run(speech, scratched, said("agent", 6.6, "I'll order you a new pair, free of charge."))
    assert [(e.kind, e.detail["intent"]) for e in events] == [("empathy", "ownership")]


def test_you_must_be_is_an_acknowledgement_only_with_a_feeling() -> None:
    speech = turns(("customer", 3.0, 6.0), ("agent", 6.6, 10.0))
    worried = said("customer", 3.0, "I've lost my card and I'm worried.")
    assert [e.kind for e in run(speech, worried, said("agent", 6.6, "You must be so worried."))] == ["empathy"]
    assert [e.kind for e in run(speech, worried, said("agent", 6.6, "You must be the card holder?"))] == [
        "missing_empathy"]


def test_ownership_said_as_what_the_agent_is_doing_now() -> None:
    speech = turns(("customer", 3.0, 6.0), ("agent", 6.6, 11.0))
    phished = said("customer", 3.0, "I clicked a link in an email and I'm panicking.")
    for reply in ("Okay, I'm going to lock your online banking for now.",
                  "Right, I'm sending an engineer straight away."):
        assert [(e.kind, e.detail["intent"]) for e in run(speech, phished, said("agent", 6.6, reply))] == [
            ("empathy", "ownership")], reply


@pytest.mark.parametrize("reply", [
    "Oh, what a rotten end to your holiday.",
    "I can only imagine how shaken you must be.",
    "Those letters can be baffling, let's go through it together.",
    "Thanks for sticking with me while I check.",
])
def test_acknowledgements_in_round_five_wording_count(reply: str) -> None:
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 11.0))
    events = run(speech, UPSET, said("agent", 7.6, reply))
    assert [e.kind for e in events] == ["empathy"], reply


def test_a_problem_word_is_read_with_the_words_after_it_late_fee_is_no_complaint() -> None:
    speech = turns(("customer", 3.0, 6.0), ("agent", 6.6, 9.0))
    ask = said("customer", 3.0, "Can you also waive the late fee?")
    assert run(speech, ask, said("agent", 6.6, "Let me check that for you.")) == []
    late = said("customer", 3.0, "My parcel is late again and nobody can tell me where it is.")
    assert [e.kind for e in run(speech, late, said("agent", 6.6, "What is the order number?"))] == ["missing_empathy"]


def test_a_short_answer_to_the_agents_question_ends_the_reply_a_backchannel_does_not() -> None:
    worried = said("customer", 3.0, "I haven't been able to reach my dad all day and I'm really uneasy.")
    ask = said("agent", 7.6, "What's the resident's name?")
    later = said("agent", 11.0, "I'll stay on the line with you until someone answers.")
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 9.4), ("customer", 9.8, 10.5), ("agent", 11.0, 15.0))
    answer = said("customer", 9.8, "Arthur Bell.")
    kinds = [e.kind for e in run(speech, worried, ask, answer, later)]
    assert sorted(kinds) == ["empathy", "missing_empathy"]
    mm = said("customer", 10.0, "Mm.")
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 9.4), ("customer", 10.0, 10.4), ("agent", 10.5, 15.0))
    okay = said("agent", 7.6, "Okay, let me look into that.")
    later = said("agent", 10.5, "I'll stay on the line with you until someone answers.")
    assert [e.kind for e in run(speech, worried, okay, mm, later)] == ["empathy"]


def test_a_question_whose_question_mark_the_asr_lost_is_still_answered() -> None:
    # whisper lost the "?" of 12 of 81 agent questions on the corpus's tune split; one that opens as a
    # question does ("Which email did it come to.") still asks, and the short answer ends the reply.
    worried = said("customer", 3.0, "I had an email about my bank details and I'm panicking that I clicked it.")
    later = said("agent", 11.0, "Okay, I'm going to lock your online banking for now.")
    answer = said("customer", 9.8, "My work one.")
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 9.4), ("customer", 9.8, 10.5), ("agent", 11.0, 15.0))
    lost = said("agent", 7.6, "Which email address did it come to.")
    assert sorted(e.kind for e in run(speech, worried, lost, answer, later)) == ["empathy", "missing_empathy"]
    told = said("agent", 7.6, "The team will look at that email.")  # a statement: "My work one." is no answer
    off = EmpathyConfig(floor_in_silence=False)
    assert [e.kind for e in run(speech, worried, told, answer, later, config=off)] == ["empathy"]
    # ... but said in the agent's silence it is the customer's turn all the same (floor_in_silence)
    assert sorted(e.kind for e in run(speech, worried, told, answer, later)) == ["empathy", "missing_empathy"]


@pytest.mark.parametrize("customer, reply", [
    ("I ordered flowers for my mum's birthday and they haven't turned up.", "Order number."),
    ("Well, nobody told me that.", "The letter explains it."),
    ("I'm sorry, I don't know what any of that is.", "Which room is the router in?"),
    ("My husband's been taken to hospital and I don't know what to do.", "What's the policy number?"),
    ("There's a warning light on and it's making a grinding noise.", "What's the registration?"),
])
def test_distress_in_round_six_wording_is_heard(customer: str, reply: str) -> None:
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 9.0))
    events = run(speech, said("customer", 3.0, customer), said("agent", 7.6, reply))
    assert [e.kind for e in events] == ["missing_empathy"]
    # the customer's own "I don't know" is no confusion ("I don't know what day that was")
    unsure = said("customer", 3.0, "I don't know what day that was, sorry. What do I do with the old one?")
    assert run(speech, unsure, said("agent", 7.6, reply)) == []


@pytest.mark.parametrize("reply", [
    "Oh gosh, you must be watching the clock. That would make anyone anxious.",
    "I know, it's a lot to deal with.",
    "Your savings are safe, and I'll call you back by five with an update.",
])
def test_acknowledgements_in_round_six_wording_count(reply: str) -> None:
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 12.0))
    assert [e.kind for e in run(speech, UPSET, said("agent", 7.6, reply))] == ["empathy"]


def test_a_yes_or_no_after_a_question_the_asr_garbled_answers_it() -> None:
    # whisper wrote "Have you got the letter in front of you?" as "Time you not to enter in front of you."
    confused = said("customer", 3.0, "Sorry, can you explain that in plain English?")
    garbled = said("agent", 7.6, "Time you not to enter in front of you.")
    later = said("agent", 11.6, "Sorry, that was a lot of jargon.")
    yes = said("customer", 10.8, "Yes.")
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 10.4), ("customer", 10.8, 11.2), ("agent", 11.6, 14.0))
    assert sorted(e.kind for e in run(speech, confused, garbled, yes, later)) == ["empathy", "missing_empathy"]
    # "Yes." inside the agent's speech is a backchannel: the reply goes on to the apology
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 14.0), ("customer", 10.8, 11.2))
    assert [e.kind for e in run(speech, confused, garbled, yes, later)] == ["empathy"]


@pytest.mark.parametrize("customer, reply", [
    ("My parcel says delivered but it's not here.", "Can I take the tracking number?"),
    ("I had a filling on Monday and it's fallen out.", "Can I have your date of birth?"),
    ("My order was meant to come an hour ago.", "It's on its way."),
    ("That's what you said forty minutes ago.", "The driver is busy."),
    ("Sorry, can you explain that again?", "Which room is the router in?"),
    ("I got a text saying my account was locked, and I clicked the link.", "What's your date of birth?"),
])
def test_distress_in_round_seven_wording_is_heard(customer: str, reply: str) -> None:
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 9.0))
    events = run(speech, said("customer", 3.0, customer), said("agent", 7.6, reply))
    assert [e.kind for e in events] == ["missing_empathy"]
    away = said("customer", 3.0, "I'm not here next week, so can we make it the week after?")  # nothing wrong
    assert run(speech, away, said("agent", 7.6, reply)) == []


@pytest.mark.parametrize("reply", ["It's under the kitchen sink, and you're not on your own with this.",
                                   "You're not alone, it happens to lots of people."])
def test_acknowledgements_in_round_seven_wording_count(reply: str) -> None:
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 12.0))
    assert [e.kind for e in run(speech, UPSET, said("agent", 7.6, reply))] == ["empathy"]


def live(speech: SpeechUpdate, words: list[Word], end: float, lag: float = 1.0) -> list[Event]:
    """Push speech changes and words in call-time order, each word ``lag`` s after it ends (live ASR)."""
    a = EmpathyAnalyzer()
    feed = [(c.t, 0, c) for c in speech.changes] + [(w.end + lag, 1, w) for w in words]
    events: list[Event] = []
    for _, is_word, item in sorted(feed, key=lambda x: (x[0], x[1])):
        events += a.push(words=[item]) if is_word else a.push(SpeechUpdate(changes=(item,)))  # type: ignore[list-item]
    return events + a.finish(end)


def test_a_short_answer_in_the_agents_silence_ends_the_reply_though_the_question_was_lost() -> None:
    # whisper wrote "Which email address did it come to?" as "he may not rescue if it's come to" (no
    # "?", no opener): the customer's "My work one." still answers it, and the lock that follows is a
    # later reply, not an acknowledgement of the worry.
    worried = said("customer", 3.0, "I clicked the link in the email and I'm panicking.")  # 3.0 - 6.2
    garbled = said("agent", 7.0, "he may not rescue if it's come to")  # 7.0 - 9.2
    lock = said("agent", 11.0, "Okay, I'm going to lock your online banking for now.")
    speech = turns(("customer", 3.0, 6.3), ("agent", 7.0, 9.3), ("customer", 9.9, 10.5), ("agent", 11.0, 14.0))
    for answer, found in (("My work one.", ["empathy", "missing_empathy"]), ("Mm-hmm.", ["empathy"])):
        words = [*worried, *garbled, *said("customer", 9.9, answer), *lock]
        assert sorted(e.kind for e in run(speech, words)) == found, answer
        assert sorted(e.kind for e in run(speech, words, agent_first=True)) == found, answer  # review
        assert sorted(e.kind for e in live(speech, words, 20.0)) == found, answer
    # the same words inside the agent's speech are a backchannel: the reply goes on to the lock
    speech = turns(("customer", 3.0, 6.3), ("agent", 7.0, 14.0), ("customer", 9.9, 10.5))
    words = [*worried, *garbled, *said("customer", 9.9, "My work one."), *lock]
    assert [e.kind for e in run(speech, words)] == ["empathy"]
