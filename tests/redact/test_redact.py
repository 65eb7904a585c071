"""Redaction: what ASR writes for spoken cards, numbers, e-mails and addresses never leaves unredacted."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from coach.config import RedactConfig
from coach.redact import luhn_ok, redact_review, redact_text

CFG = RedactConfig()


@pytest.mark.parametrize("number", ["4111111111111111", "5500000000000004", "378282246310005"])
def test_luhn_accepts_card_numbers(number: str) -> None:
    assert luhn_ok(number)
    assert not luhn_ok(number[:-1] + str((int(number[-1]) + 1) % 10))


@pytest.mark.parametrize("text", [
    "my card is 4111 1111 1111 1111 thanks",
    "my card is 4111-1111-1111-1111.",
    "my card is four one one one one one one one one one one one one one one one, expiry twelve twenty six",
    "it's four one one one, one one one one, one one one one, one one one one",
    "card number four double one one one one one one one one one one one one one one",
])
def test_cards_become_card(text: str) -> None:
    out = redact_text(text, CFG)
    assert "[CARD]" in out
    assert "1111" not in out and "one one" not in out


def test_a_digit_run_failing_luhn_is_still_redacted_as_a_number() -> None:
    assert redact_text("account 4111 1111 1111 1112 please", CFG) == "account [NUMBER] please"
    assert redact_text("call me on five five five, one two three four", CFG) == "call me on [NUMBER]"


def test_short_numbers_and_ordinary_speech_are_kept() -> None:
    for text in ("I waited forty five minutes, two times", "it cost 20 dollars in 2024", "oh no, one moment"):
        assert redact_text(text, CFG) == text


def test_emails_written_or_spelled_out() -> None:
    assert redact_text("write to jane.doe@example.com.", CFG) == "write to [EMAIL]."
    assert redact_text("it's jane dot doe at example dot com thanks", CFG) == "it's [EMAIL] thanks"


def test_street_addresses() -> None:
    assert redact_text("I live at 42 Elm Street in Springfield", CFG) == "I live at [ADDRESS] in Springfield"
    assert redact_text("send it to twelve oak avenue", CFG) == "send it to [ADDRESS]"


def _doc() -> dict[str, Any]:
    text = "my card is four one one one one one one one one one one one one one one one ok"
    words = [{"role": "customer", "start": i * 0.3, "end": i * 0.3 + 0.25, "text": " " + w, "p": 0.9}
             for i, w in enumerate(text.split())]
    return {"schema": "coach.review/1", "audio": {"path": "x.wav", "duration_s": 9.0},
            "roles": {"agent": "channel:0", "customer": "channel:1"},
            "segments": [{"role": "customer", "start": 0.0, "end": 6.0, "text": text}],
            "words": words,
            "events": [{"kind": "avoid_phrase", "role": "agent", "start": 7.0, "end": 8.0,
                        "message": "mail it to jane@example.com", "detail": {"phrase": "4111111111111111"}}],
            "metrics": {"interruptions": 0}}


def test_review_document_segments_words_and_events() -> None:
    doc = _doc()
    before = copy.deepcopy(doc)
    out = redact_review(doc)
    assert doc == before  # the input is not changed
    assert out["segments"][0]["text"] == "my card is [CARD] ok"
    texts = [w["text"].strip() for w in out["words"]]
    assert texts[:3] == ["my", "card", "is"] and texts[-1] == "ok"
    assert set(texts[3:-1]) == {"[CARD]"}
    assert "jane@" not in str(out["events"]) and "4111" not in str(out["events"])
    assert out["redaction"] == {"applied": True, "counts": {"card": 2, "email": 1}}


def test_opt_out_keeps_text_and_says_so() -> None:
    out = redact_review(_doc(), RedactConfig(enabled=False))
    assert "four one one one" in out["segments"][0]["text"]
    assert out["redaction"]["applied"] is False


@pytest.mark.parametrize("text", [
    "I refund the £39.0 and close the accounts properly",  # money is no house number (tune indirect_19)
    "a patrol will be with you in 20 minutes. Clean way behind the shop",  # a new sentence (details_first_19)
    "I don't know, maybe around six, or no way that's brilliant",  # a clause (customer_words_14)
])
def test_amounts_and_numbers_ending_a_clause_are_no_address(text: str) -> None:
    assert redact_text(text, CFG) == text
