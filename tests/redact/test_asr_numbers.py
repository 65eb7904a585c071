"""Numbers read out escape no output, whatever the ASR writes (issue 15, issue 18 "Numbers escape redaction").

Bar: nothing printed, stored or exported carries a run of 8 or more digits of a number read out.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from coach.config import RedactConfig
from coach.history.store import CallRecord, History
from coach.redact import open_tail, redact_review, redact_text
from tests.conftest import run_coach

CFG = RedactConfig()


READ_OUT = ("4111111111111111", "4111119111", "5555554444400", "5551234567", "4532111283033")  # read out here


def digit_runs(text: str) -> list[str]:
    """Runs of digits as a reader sees them: separators (, . space -) inside a number join it."""
    return [re.sub(r"\D", "", m) for m in re.findall(r"\d[\d,.\- ]*\d", text)]


def leaks(text: str) -> bool:
    """8 consecutive digits of a number read out, anywhere in ``text`` (times and sizes are other numbers)."""
    runs = digit_runs(text)
    return any(n[i:i + 8] in r for n in READ_OUT for i in range(len(n) - 7) for r in runs)


@pytest.mark.parametrize("text", [
    "my card number is 4,111,119,11111...",  # issue 18: what the ASR made of "4111 1111 1111 1111"
    "the card is 5,555,554,444,400 4444",  # issue 15
    "4,111,111,111,111,111",
    "call me on 5,551,234,567 please",
    "card number 4111.1111.1111.1111",
    "it's 4 one one 1 1111 1111 1111",  # digits and words mixed
    "My card number is 4-532-1-I-1-1-283-03366,",  # whisper-base on a read-out card (coaching corpus, tune)
])
def test_digits_with_separators_decimal_points_and_words_are_redacted(text: str) -> None:
    out = redact_text(text, CFG)
    assert not leaks(out) and "[" in out, out


@pytest.mark.parametrize(("text", "kept"), [
    ("my card number is for one one one, one one one one, thanks", "thanks"),  # "for" is the digit four
    ("the account number is eight oh oh two to six", ""),
    ("and the security code is three one seven", "security code"),
    ("my account number is, um, 12345 and my name is Bob", "my name is Bob"),
])
def test_after_a_number_cue_everything_that_sounds_like_a_number_is_sensitive(text: str, kept: str) -> None:
    out = redact_text(text, CFG)
    assert "[NUMBER]" in out or "[CARD]" in out, out
    assert kept in out
    assert not re.search(r"\b(one|two|three|six|seven|eight|oh|for|to)\b \b(one|two|oh|six|seven)\b", out), out


@pytest.mark.parametrize("text", ["the number is to be confirmed", "I waited for two hours",
                                  "it cost 20 dollars in 2024", "version 3.5 is out", "it's $4,111 dollars"])
def test_ordinary_numbers_and_words_are_kept(text: str) -> None:
    assert redact_text(text, CFG) == text


def test_the_session_recorder_holds_a_cued_number_back_until_it_ends() -> None:
    tokens = ["my", "card", "number", "is", "for"]
    assert open_tail(tokens, CFG) == 4  # "for" may be the first digit: it waits
    assert open_tail(["my", "card", "number", "is"], CFG) == 4
    assert open_tail(["I", "waited", "for"], CFG) == 3  # no cue: "for" is a word


def _doc() -> dict[str, Any]:
    text = "my card number is 4,111,111,111,111,111 ok"
    return {"schema": "coach.review/1", "audio": {"path": "x.wav", "duration_s": 9.0},
            "roles": {"agent": "channel:0", "customer": "channel:1"},
            "segments": [{"role": "customer", "start": 0.0, "end": 6.0, "text": text}],
            "words": [{"role": "customer", "start": i * 0.3, "end": i * 0.3 + 0.2, "text": " " + w, "p": 0.9}
                      for i, w in enumerate(text.split())],
            "events": [], "metrics": {"interruptions": 0},
            "checklist": {"items": [{"id": "acknowledged", "label": "x", "status": "missed", "at": None,
                                     "evidence": "card 5,551,234,567"}],
                          "flags": [{"kind": "customer_repeat", "start": 1.0, "end": 2.0,
                                     "text": "again my card number is 4111 1111 1111 1111"}]},
            # what an older coach wrote: marked redacted, the number still in it
            "redaction": {"applied": True, "counts": {"email": 1}}}


def test_every_text_field_is_redacted_again_even_when_marked_redacted() -> None:
    out = redact_review(_doc(), CFG)
    assert not leaks(json.dumps(out))
    assert out["checklist"]["flags"][0]["text"].startswith("again my card number is [")
    assert out["redaction"]["applied"] is True and out["redaction"]["counts"]["email"] == 1  # earlier counts kept
    assert out["redaction"]["counts"]["card"] >= 2


def test_the_history_stores_a_marked_document_redacted(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    with History(db, CFG) as h:
        h.put(CallRecord("sha", "cfg", "x.wav", "a", 0.0, _doc()))
    con = sqlite3.connect(db)
    stored = json.dumps([list(r) for r in con.execute("SELECT review_json FROM calls")])
    con.close()
    assert not leaks(stored) and "[CARD]" in stored


@pytest.mark.slow
def test_coach_report_redacts_a_review_json_it_reads(tmp_path: Path) -> None:
    src = tmp_path / "r.json"
    src.write_text(json.dumps(_doc()))
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    run = run_coach("report", str(src), "--html", str(html), "--md", str(md), timeout=120)
    assert run.rc == 0, run.err
    for out in (html, md):
        text = out.read_text()
        assert not leaks(text), out
    assert not leaks(run.out + run.err)
