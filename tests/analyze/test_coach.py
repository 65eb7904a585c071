"""The composite: one object for live and review; the same streams give the same findings."""

from __future__ import annotations

import tomllib

from coach.analyze.coach import CallCoach
from coach.config import config_from_dict, to_toml
from coach.vocab import Event, SpeechUpdate
from tests.analyze.helpers import said, turns

SPEECH = turns(("agent", 0.5, 3.0), ("customer", 3.5, 8.0), ("agent", 6.0, 7.5), ("customer", 8.5, 9.0),
               ("agent", 9.5, 11.0))
WORDS = (said("agent", 0.5, "Thanks for calling, this is Sam.")
         + said("customer", 3.5, "This is ridiculous, it is broken again")
         + said("agent", 6.0, "You will have to restart it.") + said("agent", 9.5, "No."))


def kinds(events: list[Event]) -> list[tuple[str, float]]:
    return sorted((e.kind, round(e.start, 1)) for e in events)


def test_review_order_and_live_order_agree() -> None:
    review = CallCoach()
    events = review.push(speech=SPEECH)
    events += review.push(words=[w for w in WORDS if w.role == "agent"])
    events += review.push(words=[w for w in WORDS if w.role == "customer"])
    events += review.finish(12.0)
    live = CallCoach()
    got: list[Event] = []
    for k in range(121):
        now = k * 0.1
        changes = tuple(c for c in SPEECH.changes if now - 0.1 < c.t <= now)
        words = [w for w in WORDS if now - 0.1 < w.end + 0.2 <= now]  # committed 0.2 s after the word
        got += live.push(speech=SpeechUpdate(changes=changes), words=words)
        live.ongoing(now)
    got += live.finish(12.0)
    assert kinds(got) == kinds(events)
    assert {"interruption", "talk_over", "avoid_phrase", "missing_empathy"} <= {e.kind for e in events}
    assert [e.detail["intent"] for e in events if e.kind == "avoid_phrase"] == ["have_to", "flat_no"]
    assert review.checklist.as_dict()["items"][0]["status"] == "done"
    assert {n.kind for n in live.take_nudges()} >= {"interruption", "avoid_phrase"} and live.nudges == []


def test_every_analyzer_section_is_in_the_config_and_lists_round_trip() -> None:
    config = config_from_dict({"phrases": {"jargon": ["propagation", "ttl"]}, "nudges": {"cooldown_s": 5}})
    text = to_toml(config)
    for section in ("prosody", "tone", "phrases", "empathy", "checklist", "nudges"):
        assert f"[{section}]" in text
    assert config_from_dict(tomllib.loads(text)) == config
    assert config.phrases.jargon == ("propagation", "ttl")
    coach = CallCoach(config)
    assert coach.nudger.config.cooldown_s == 5.0


def test_the_configured_question_openers_are_the_empathy_checks_too() -> None:
    """``[phrases] question_openers`` decides, for the empathy check as for the phrases, that a sentence
    whose "?" the ASR lost still asks: its short answer then ends the agent's first reply."""
    speech = turns(("customer", 3.0, 7.0), ("agent", 7.6, 9.4), ("customer", 9.8, 10.5), ("agent", 11.0, 15.0))
    words = (said("customer", 3.0, "I had an email about my bank details and I'm panicking that I clicked it.")
             + said("agent", 7.6, "Which branch did you go to.") + said("customer", 9.8, "The high street one.")
             + said("agent", 11.0, "Okay, I'm going to lock your online banking for now."))

    def empathy_kinds(config: dict[str, dict[str, object]]) -> list[str]:
        coach = CallCoach(config_from_dict(config))
        events = coach.push(speech=speech, words=words) + coach.finish(16.0)
        return sorted(e.kind for e in events if e.kind in ("empathy", "missing_empathy"))

    alone = {"empathy": {"floor_in_silence": False}}  # else any words in the agent's silence end the reply
    assert empathy_kinds(alone) == ["empathy", "missing_empathy"]
    assert empathy_kinds({**alone, "phrases": {"question_openers": ["what", "how"]}}) == ["empathy"]
