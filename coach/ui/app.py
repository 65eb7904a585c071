"""CoachApp: the composition root of the dashboard (which screen, and what feeds it).

The live session runs in a Textual worker thread; its ``emit`` callback posts each item to the
LiveScreen as a message (``post_message`` is thread-safe and never blocks the session).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App

from coach.config import UiConfig
from coach.live import LiveItem
from coach.ui.live_screen import CallEnded, LiveItemMessage, LiveScreen
from coach.ui.review_screen import ReviewScreen

# Runs a whole call: given emit (items) and a way to register stop(), returns when the call ends.
SessionRunner = Callable[[Callable[[LiveItem], None], Callable[[Callable[[], None]], None]], None]


class CoachApp(App[list[float]]):
    """The dashboard: a review document (``review=``, its ``recording`` for playback) or a live call (``runner=``)."""

    TITLE = "coach"
    ENABLE_COMMAND_PALETTE = False  # its footer entry would crowd out the keys an agent needs at 40 columns

    def __init__(self, *, review: dict[str, Any] | None = None, runner: SessionRunner | None = None,
                 title: str = "live", recording: Path | None = None, config: UiConfig | None = None) -> None:
        super().__init__()
        if (review is None) == (runner is None):
            raise ValueError("CoachApp needs exactly one of review= or runner=")
        self.review = review
        self.runner = runner
        self.live_title = title
        self.recording = recording
        self.ui_config = config or UiConfig()
        self._stop: Callable[[], None] | None = None
        self.live: LiveScreen | None = None

    def on_mount(self) -> None:
        self.theme = self.ui_config.theme
        # Pushed (not the default screen) so that each screen's CSS_PATH is loaded.
        if self.review is not None:
            self.push_screen(ReviewScreen(self.review, recording=self.recording, config=self.ui_config))
        else:
            self.live = LiveScreen(self.live_title, on_end=self._end_call, config=self.ui_config)
            self.push_screen(self.live)
            self.run_worker(self._run_session, thread=True, name="live-session", exit_on_error=False)

    def on_unmount(self) -> None:
        """Leaving the app ends the call, so the session's worker thread can finish."""
        self._end_call()

    def _end_call(self) -> None:
        if self._stop is not None:
            self._stop()

    def _register_stop(self, stop: Callable[[], None]) -> None:
        self._stop = stop

    def _run_session(self) -> None:
        """Worker thread: the whole call; each item becomes a message on the live screen."""
        assert self.runner is not None and self.live is not None
        screen = self.live
        error: str | None = None

        def emit(item: LiveItem) -> None:
            screen.post_message(LiveItemMessage(item))

        try:
            self.runner(emit, self._register_stop)
        except Exception as exc:  # noqa: BLE001 - shown on screen, the user decides when to leave
            error = str(exc) or type(exc).__name__
        screen.post_message(CallEnded(error))
