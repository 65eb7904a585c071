"""Hand-made dashboard inputs (a review document, a fake live call) and reading the screen as text."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console
from textual.app import App

from coach.vocab import Event, LiveItem, Segment, Turn


def make_review() -> dict[str, Any]:
    """A 150 s call with thirty segments (so the transcript scrolls) and three events."""
    turns: list[Turn] = []
    segments: list[Segment] = []
    for i in range(30):
        role = "agent" if i % 2 == 0 else "customer"
        start = 5.0 * i
        turns.append(Turn(role, start, start + 4.5))
        segments.append(Segment(role, start, start + 4.5, f"sentence number {i} from the {role}"))
    turns.append(Turn("customer", 9.0, 11.0))  # the customer comes in over the agent
    events = [
        Event("interruption", "agent", 15.5, 16.5, "Agent interrupted the customer"),
        Event("empathy", "agent", 30.2, 31.0, "Acknowledged the frustration"),
        Event("avoid_phrase", "agent", 50.1, 51.0, "Avoid 'calm down'", {"suggestion": "I understand"}),
    ]
    return {
        "schema": "coach.review/1",
        "audio": {"path": "calls/hand_made.flac", "duration_s": 150.0, "sample_rate": 16000, "channels": 2},
        "roles": {"agent": "channel:0", "customer": "channel:1"},
        "segments": [{"role": s.role, "start": s.start, "end": s.end, "text": s.text} for s in segments],
        "turns": [{"role": t.role, "start": t.start, "end": t.end} for t in turns],
        "words": [],
        "events": [e.to_dict() for e in events],
        "metrics": {"agent_talk_ratio": 0.52, "interruptions": 1, "empathy_moments": 1, "phrases_to_avoid": 1,
                    "longest_monologue_s": 0.0, "dead_air_s": 0.0},
    }


@pytest.fixture
def review_doc() -> dict[str, Any]:
    return make_review()


def screen_text(app: App[Any]) -> str:
    """The screen as plain text, one line per row with its columns kept, rendered the way
    ``App.export_screenshot`` renders the SVG (so it checks the whole layout)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True,
                      legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


PAUSE = 0.15  # more than one redraw period


async def wait_for(pilot: Any, ready: Callable[[], bool], timeout: float = 10.0) -> None:
    """Pause until ``ready()`` (items from a worker thread take as long as the machine is busy)."""
    deadline = time.monotonic() + timeout
    while not ready() and time.monotonic() < deadline:
        await pilot.pause(PAUSE)


class FakeCall:
    """A runner that emits the items it is given, then waits until the call is ended."""

    def __init__(self, items: list[LiveItem]) -> None:
        self.items = items
        self.stopped = threading.Event()

    def __call__(self, emit: Callable[[LiveItem], None], register_stop: Callable[[Callable[[], None]], None]) -> None:
        register_stop(self.stopped.set)
        for item in self.items:
            emit(item)
        self.stopped.wait(10)
