"""What `coach review` prints is redacted by the same function as its JSON (no second path)."""

from __future__ import annotations

import argparse
from pathlib import Path

from audio.decode import AudioInfo
from coach.cli_scale import redacted_for_display
from coach.config import CoachConfig
from coach.redact import redact_review
from coach.review import Review, format_summary
from coach.vocab import Event, Segment, Turn, Word

CARD = "4111 1111 1111 1111"


def _review() -> Review:
    said = f"my card is {CARD} and I live at 12 Baker Street"
    return Review(AudioInfo(Path("call.wav"), 8000, 2, 80000, "WAV/PCM_16"), {"agent": "channel:0"},
                  (Turn("customer", 1.0, 6.0),), (), (Segment("customer", 1.0, 6.0, said),),
                  tuple(Word("customer", 1.0 + 0.2 * i, 1.2 + 0.2 * i, w) for i, w in enumerate(said.split())),
                  (Event("avoid_phrase", "agent", 7.0, 8.0, f"You repeated {CARD}", {"phrase": CARD}),),
                  checklist={"items": [{"label": "verify", "status": "done", "evidence": f"card {CARD}"}]})


def test_the_printed_summary_is_redacted_as_the_json_is() -> None:
    config = CoachConfig()
    review = _review()
    shown = redacted_for_display(review, argparse.Namespace(no_redact=False), config)
    doc = redact_review(review.to_dict(), config.redact)
    assert [s.text for s in shown.segments] == [s["text"] for s in doc["segments"]]
    assert [w.text for w in shown.words] == [w["text"] for w in doc["words"]]
    assert [(e.message, e.detail) for e in shown.events] == [(e["message"], e["detail"]) for e in doc["events"]]
    assert shown.checklist == doc["checklist"]
    printed = format_summary(shown)
    assert "1111" not in printed and "Baker" not in printed, printed
    assert "1111" in format_summary(redacted_for_display(review, argparse.Namespace(no_redact=True), config))
