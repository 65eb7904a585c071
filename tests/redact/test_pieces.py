"""A number read out in pieces, back and forth, or as a date (issue 15): the listener's "Mm-hmm."
between two pieces does not end it, a question does; an amount is no piece of it; the agent's
"ending with 4444" is a number cue; a year of birth after a month is redacted whoever asked.
"""

from __future__ import annotations

from typing import Any

import pytest

from coach.config import RedactConfig
from coach.redact import redact_review, redact_text
from coach.session.recorder import word_redactors
from coach.vocab import Word
from tests.redact.test_number_ends import only

CFG = RedactConfig()


def _doc(turns: list[tuple[str, str]], gap: float = 0.8, step: float = 0.3) -> dict[str, Any]:
    segments, words, t = [], [], 0.0
    for role, text in turns:
        toks = text.split()
        segments.append({"role": role, "start": t, "end": t + step * len(toks), "text": text})
        words += [{"role": role, "start": t + k * step, "end": t + (k + 1) * step, "text": " " + w, "p": 0.9}
                  for k, w in enumerate(toks)]
        t += step * len(toks) + gap
    return {"schema": "coach.review/1", "segments": segments, "words": words}


def _live(doc: dict[str, Any], config: RedactConfig = CFG) -> list[str]:
    reds = word_redactors(config)
    out: list[Word] = []
    for w in doc["words"]:
        out += reds[w["role"]].push([Word(w["role"], w["start"], w["end"], w["text"], w["p"])])
    for red in reds.values():
        out += red.finish()
    return [w.text for w in sorted(out, key=lambda w: w.start)]


HEAD = ("customer", "The card number is 4111 1111 1111.")


@pytest.mark.parametrize("listener", ["Mm-hmm.", "Yep, go on.", "Okay."])
def test_the_listeners_backchannel_does_not_end_a_number(listener: str) -> None:
    doc = _doc([HEAD, ("agent", listener), ("customer", "Four four three one.")])
    out = redact_review(doc, CFG)
    assert out["segments"][2]["text"] == "[NUMBER]."
    assert [w["text"] for w in out["words"]] == _live(doc)  # live, words pushed one by one, as review
    assert "four" not in " ".join(_live(doc)).lower()
    kept = redact_review(doc, only(bridge_words=0))  # the rule, not another
    assert kept["segments"][2]["text"] == "Four four three one."


@pytest.mark.parametrize(("between", "after"), [
    ("And how many payments was that?", "Four four three one."),  # a question asks for something else
    ("Mm-hmm.", "250 pounds went out twice."),  # an amount
    ("Mm-hmm.", "And it was 2019 when I opened it."),  # no digits where the reading would go on
])
def test_a_question_or_an_amount_after_the_pause_is_no_piece_of_the_number(between: str, after: str) -> None:
    doc = _doc([HEAD, ("agent", between), ("customer", after)])  # a dictated piece alone is redacted: only()
    assert redact_review(doc, only())["segments"][2]["text"] == after
    assert "".join(_live(doc, only())).endswith(" " + after)


def test_a_pause_longer_than_bridge_s_ends_the_number_whatever_filled_it() -> None:
    doc = _doc([HEAD, ("agent", "Mm-hmm."), ("customer", "Four four three one.")], gap=4.0)
    assert redact_review(doc, only())["segments"][2]["text"] == "Four four three one."


@pytest.mark.parametrize("text", ["it's four-one-one-one four-one-one-one four-four-three-one",
                                  "the sort code is two-oh oh-four one-five"])
def test_digit_words_joined_by_hyphens_are_a_number(text: str) -> None:
    out = redact_text(text, CFG)
    assert "[" in out and "-" not in out, out


@pytest.mark.parametrize("text", ["Thanks, that's the card ending with 4431.", "I've got the one that ends in 4431.",
                                  "So the last four digits are four four three one?"])
def test_the_agent_naming_the_last_four_digits_is_redacted(text: str) -> None:
    assert "4431" not in redact_text(text, CFG) and "four four" not in redact_text(text, CFG)


def test_an_amount_is_no_piece_of_the_number_before_it() -> None:
    text = "my card number is 4111 1111 1111 1111, and I paid £49.99 for it, 250 pounds in all"
    assert redact_text(text, CFG).endswith("and I paid £49.99 for it, 250 pounds in all")


@pytest.mark.parametrize(("question", "answer"), [
    ("Can I have your name on board?", "12th of June, 1960."),  # the question misheard: no cue reached
    ("And one more thing for security?", "March 3rd, nineteen eighty-eight."),
    ("", "I was born on the 21st of September 1975."),
])
def test_a_year_of_birth_after_a_month_is_redacted(question: str, answer: str) -> None:
    doc = _doc(([("agent", question)] if question else []) + [("customer", answer)])
    out = redact_review(doc, CFG)
    said = out["segments"][-1]["text"]
    assert "[NUMBER]" in said and not any(y in said for y in ("1960", "nineteen", "1975")), said
    assert [w["text"] for w in out["words"]] == _live(doc)


@pytest.mark.parametrize("text", ["We've had the account since May 2008.", "It's been broken since the 2nd of "
                                  "January 2024.", "I bought it in June 2021.", "The charge within 1,000,000,000"])
def test_dates_of_events_and_round_amounts_are_kept(text: str) -> None:
    assert redact_text(text, CFG) == text


@pytest.mark.parametrize("question", ["Sorry, can you repeat the last bit?", "Sorry, I didn't catch the end of that."])
def test_the_listener_asking_for_the_rest_does_not_end_a_number(question: str) -> None:
    doc = _doc([("customer", "Hi, it's 5590."), ("agent", question), ("customer", "2184.")])
    out = redact_review(doc, CFG)
    assert [s["text"] for s in out["segments"] if s["role"] == "customer"] == ["Hi, it's [NUMBER].", "[NUMBER]."]
    assert [w["text"] for w in out["words"]] == _live(doc)
    kept = redact_review(doc, only(again_cues=()))  # the rule, not another
    assert kept["segments"][2]["text"] == "2184."


def test_a_hesitation_between_two_groups_does_not_end_a_run_of_digits() -> None:
    doc = _doc([("customer", "Hi, it's eight oh oh one, um, six four seven two, thanks.")])
    out = redact_review(doc, CFG)
    assert out["segments"][0]["text"] == "Hi, it's [NUMBER], thanks."
    assert [w["text"] for w in out["words"]] == _live(doc)  # live holds '..., um,' back until the digits come
    assert redact_review(doc, only(hesitations=()))["segments"][0]["text"] == doc["segments"][0]["text"]


def test_a_readers_own_pause_does_not_end_a_number() -> None:
    doc = _doc([HEAD, ("customer", "Four four three one.")], gap=2.5)  # looking for the card; nobody spoke
    out = redact_review(doc, CFG)
    assert out["segments"][1]["text"] == "[NUMBER]."
    assert [w["text"] for w in out["words"]] == _live(doc)
    assert redact_review(doc, only(bridge_s=1.0))["segments"][1]["text"] == "Four four three one."
