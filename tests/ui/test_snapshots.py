"""Snapshots of both screens (pytest-textual-snapshot): the sidebar beside a softphone (40x30), the
smallest usual terminal (80x24) and a review window (120x40).

Deterministic inputs only: a fixed live call (hand-made items, as the session emits them) and a
committed review JSON of a fixture call; nothing on screen depends on the clock. After a change
that alters a layout on purpose, look at the report and accept with ``pytest tests/ui
--snapshot-update``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from coach.config import UiConfig
from coach.review_doc import ReviewDoc
from coach.ui.app import CoachApp
from coach.ui.live_screen import LiveScreen
from coach.vocab import (
    CallMeters,
    Event,
    LiveItem,
    Nudge,
    SpeechChange,
    SpeechUpdate,
    Status,
    ToneMeter,
    TranscriptUpdate,
    Turn,
    Word,
)
from tests.ui.conftest import FakeCall

SIZES = [(40, 30), (80, 24), (120, 40)]
REVIEW_JSON = Path(__file__).parent / "data" / "upset_no_empathy.review.json"


def _words(role: str, start: float, text: str, committed: bool = True) -> tuple[Word, ...]:
    return tuple(Word(role, start + 0.3 * i, start + 0.3 * i + 0.25, w, committed=committed)  # type: ignore[arg-type]
                 for i, w in enumerate(text.split()))


# The stereo fixture call at 0:24, just after the agent cut in: what the session has emitted by then.
LIVE_ITEMS: list[LiveItem] = [
    SpeechUpdate(changes=(SpeechChange("agent", 0.35, True, 0.6),)),
    TranscriptUpdate("agent", committed=_words("agent", 0.35, "Thank you for calling Northwind support, my name "
                                                              "is Pam. How can I help you today?"), at=5.6),
    SpeechUpdate(changes=(SpeechChange("agent", 5.2, False, 5.7), SpeechChange("customer", 5.8, True, 6.0)),
                 turns=(Turn("agent", 0.35, 5.2),)),
    Event("backchannel", "agent", 9.76, 10.13, "A short listening response inside the other person's turn."),
    TranscriptUpdate("customer", committed=_words("customer", 5.8, "Hi Pam, I was charged twice for my "
                                                                   "subscription this month."), at=13.6),
    SpeechUpdate(changes=(SpeechChange("customer", 13.4, False, 13.9), SpeechChange("agent", 14.0, True, 14.2)),
                 turns=(Turn("customer", 5.8, 13.4),)),
    Event("empathy", "agent", 14.06, 17.93, "You acknowledged how the customer feels."),
    Nudge("empathy", 15.0, "Good acknowledgement, keep it up.", "positive"),
    TranscriptUpdate("agent", committed=_words("agent", 14.06, "I'm so sorry about that, let me look into the "
                                                               "charge for you."), at=18.2),
    SpeechUpdate(changes=(SpeechChange("agent", 18.0, False, 18.5), SpeechChange("customer", 19.0, True, 19.2),
                          SpeechChange("agent", 23.41, True, 23.6)),
                 turns=(Turn("agent", 14.0, 18.0),)),
    ToneMeter(23.9, 2.6, -21.4, 23.8, flat=False, quiet=False),
    Event("interruption", "agent", 23.41, 24.2, "You started talking while the customer was still speaking."),
    CallMeters(23.41, interruptions=1),  # the analyzer's count, emitted before the nudge it explains
    Nudge("interruption", 24.0, "Let the customer finish, then answer.", "warning"),
    TranscriptUpdate("customer", partial=_words("customer", 19.0, "and it happened last month too so", False),
                     at=24.1),
    Status(24.3, 0.4, False, 0.0, 3.2),
]


async def _settle(pilot: Any) -> None:
    """Every fixed item handled and drawn (they come from a worker thread)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        screen = pilot.app.screen
        if isinstance(screen, LiveScreen) and screen.state.handled == len(LIVE_ITEMS):
            break
        await pilot.pause(0.05)
    await pilot.pause(0.3)  # more than one redraw period


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_live_screen_layout(snap_compare: Any, size: tuple[int, int]) -> None:
    """Clock, BOTH speaking, current nudge over an older one, meters, transcript with a dimmed partial."""
    app = CoachApp(runner=FakeCall(LIVE_ITEMS), title="replay")
    assert snap_compare(app, terminal_size=size, run_before=_settle)


def _review() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(REVIEW_JSON.read_text(encoding="utf-8"))
    return doc


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_review_screen_layout(snap_compare: Any, size: tuple[int, int]) -> None:
    """Timeline, scorecard, event list on its first event, transcript with events inline."""
    assert snap_compare(CoachApp(review=ReviewDoc.from_dict(_review())), terminal_size=size)


def test_review_screen_after_selecting_an_event(snap_compare: Any) -> None:
    """The fifth event selected: transcript scrolled to it (marked by a bar), timeline cursor under it."""
    assert snap_compare(CoachApp(review=ReviewDoc.from_dict(_review())), terminal_size=(120, 40), press=["down"] * 4)


@pytest.mark.parametrize("screen", ["live", "review"])
def test_light_theme(snap_compare: Any, screen: str) -> None:
    """``[ui] theme = "textual-light"``: the same screens, dark text on a light background."""
    ui = UiConfig(theme="textual-light")
    app = (CoachApp(runner=FakeCall(LIVE_ITEMS), config=ui) if screen == "live"
           else CoachApp(review=ReviewDoc.from_dict(_review()), config=ui))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle if screen == "live" else None)
