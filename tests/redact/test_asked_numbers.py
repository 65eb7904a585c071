"""The agent's question is the cue for the customer's reply (issue 15): an expiry date or a security
code said alone, after a pause, has no cue of its own ("Thank you, and the expiry date?" / "Twelve
twenty eight."). The pairs are the coaching corpus's tune scripts (numbers_0, numbers_5, numbers_13,
numbers_16) and the ways whisper writes them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from coach.config import CoachConfig, RedactConfig
from coach.redact import redact_review
from coach.session.recorder import SessionRecorder, word_redactors
from coach.session.store import load_records
from coach.vocab import TranscriptUpdate, Word
from tests.redact.test_number_ends import only

CFG = RedactConfig()
CARD = ("customer", 2.0, 8.0, "my card number is 4111 1111 1111 1111")


def _doc(segments: list[tuple[str, float, float, str]]) -> dict[str, Any]:
    words = []
    for role, start, end, text in segments:
        toks = text.split()
        step = (end - start) / len(toks)
        words += [{"role": role, "start": start + i * step, "end": start + (i + 1) * step, "text": " " + t, "p": 0.9}
                  for i, t in enumerate(toks)]
    return {"schema": "coach.review/1", "segments": [{"role": r, "start": s, "end": e, "text": t}
                                                     for r, s, e, t in segments], "words": words}


def _reply(question: str, answer: str, config: RedactConfig = CFG) -> tuple[str, str]:
    """The customer's reply to the agent's question after the card number, in the segment and in the words."""
    doc = redact_review(_doc([CARD, ("agent", 10.0, 12.0, question), ("customer", 13.0, 15.0, answer)]), config)
    words = [w["text"].strip() for w in doc["words"] if w["role"] == "customer" and w["start"] >= 13.0]
    return doc["segments"][2]["text"], " ".join(words)


@pytest.mark.parametrize(("question", "answer", "redacted"), [
    ("Thank you, and the expiry date?", "Twelve twenty eight.", "[NUMBER]."),  # tune numbers_0
    ("Thank you, and the expiry?", "Ten twenty seven.", "[NUMBER]."),  # tune numbers_5
    ("Thank you, and the expiry date?", "Oh nine, twenty seven. Can I split it into two payments?",
     "[NUMBER]. Can I split it into two payments?"),  # tune numbers_13: what follows the number stays
    ("Thank you, and the three digits on the back?", "Four one nine.", "[NUMBER]."),  # tune numbers_16
    ("And the expiry date?", "Yes, it's 12/28.", "Yes, it's [NUMBER]."),
    ("What's the security code?", "um, one two two eight", "um, [NUMBER]"),
    ("Can I take your date of birth?", "Third of March, 1988.", "Third of March, [NUMBER]."),
])
def test_the_number_asked_for_is_redacted_in_the_reply(question: str, answer: str, redacted: str) -> None:
    text, words = _reply(question, answer)
    assert text == redacted
    assert not any(c.isdigit() for c in words)
    assert not {"twelve", "twenty", "nine", "four", "one", "seven", "ten"} & set(words.lower().split())


@pytest.mark.parametrize(("question", "answer"), [
    ("How much was the payment?", "150 pounds."),  # an amount answering another question
    ("And the expiry date?", "Yes."),
    ("Can I take your name?", "Jane Doe, 42 years a customer."),
    ("And the expiry date?", "Hang on, let me find the card, it was 150 pounds."),  # digits too far into the reply
])
def test_an_ordinary_reply_is_kept(question: str, answer: str) -> None:
    assert _reply(question, answer) == (answer, " ".join(answer.split()))


def test_the_questions_come_from_the_config() -> None:
    answer = "Twelve twenty eight."
    assert _reply("And the expiry date?", answer, only(ask_cues=("card number",))) == (answer, answer)
    assert _reply("And the best before?", answer, replace(CFG, ask_cues=("best before",)))[0] == "[NUMBER]."


@pytest.mark.parametrize(("question", "answer"), [
    ("Thank you, and the expiry date?", "Twelve twenty eight."),
    ("Thank you, and the three digits on the back?", "Four one nine."),
    ("How much was the payment?", "150 pounds."),
])
def test_the_session_recorder_redacts_a_reply_pushed_word_by_word_as_review_does(question: str, answer: str) -> None:
    doc = _doc([CARD, ("agent", 10.0, 12.0, question), ("customer", 13.0, 15.0, answer)])
    review = [(w["role"], w["text"]) for w in redact_review(doc, CFG)["words"]]
    live = word_redactors(CFG)  # as the session recorder builds them: sharing questions and words
    out: list[tuple[str, str]] = []
    for w in sorted(doc["words"], key=lambda w: w["start"]):  # as the roles' transcripts commit them
        out += [(x.role, x.text) for x in live[w["role"]].push([Word(w["role"], w["start"], w["end"], w["text"],
                                                                     w["p"])])]
    out += [(x.role, x.text) for red in live.values() for x in red.finish()]
    for role in ("agent", "customer"):
        assert [t for r, t in out if r == role] == [t for r, t in review if r == role]
    reply = [t.strip() for r, t in out if r == "customer"][-len(answer.split()):]
    assert (reply == answer.split()) == (answer == "150 pounds.")


def test_a_live_session_redacts_the_expiry_the_agent_asked_for(tmp_path: Path) -> None:
    """Through the recorder itself: its roles' word streams share the agent's question."""
    doc = _doc([CARD, ("agent", 10.0, 12.0, "Thank you, and the expiry date?"), ("customer", 13.0, 15.0, "12/28")])
    rec = SessionRecorder.create(tmp_path / "sessions", sample_rate=8000, channels=2, source="x", config=CoachConfig())
    for w in doc["words"]:
        rec.push(TranscriptUpdate(w["role"], committed=(Word(w["role"], w["start"], w["end"], w["text"], w["p"]),)))
    rec.finish()
    records, _ = load_records(rec.path / "events.jsonl")
    words = [r["text"].strip() for r in records if r["type"] == "word" and r["role"] == "customer"]
    assert words[-1] == "[NUMBER]" and "12/28" not in json.dumps(records)
