"""CoachApp: the composition root of the dashboard (which screen, and what feeds it).

The live session runs in a Textual worker thread; its ``emit`` callback posts each item to the
LiveScreen as a message (``post_message`` is thread-safe and never blocks the session). The other
way, the screen reaches the session only through what the runner registered: ``stop`` (the
``q`` key) and ``mark`` (the ``m`` key). A mark is handed to one small thread of its own that
calls the session's ``mark`` (a write to the session's record), so the UI thread never waits on
the disk; marks made before the session has registered are written as soon as it does.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from textual.app import App

from coach.config import UiConfig
from coach.review_doc import ReviewDoc
from coach.ui.live_screen import CallEnded, LiveItemMessage, LiveScreen
from coach.ui.review_screen import ReviewScreen
from coach.vocab import LiveItem

log = logging.getLogger(__name__)


class Register(Protocol):
    """How a runner hands the screen its controls: ``stop()`` ends the call, ``mark(at)`` records
    call time ``at`` as marked by the agent (both called from threads other than the session's)."""

    def __call__(self, stop: Callable[[], None], mark: Callable[[float], None] | None = None) -> None: ...


# Runs a whole call: given emit (items) and register (its controls), returns when the call ends.
SessionRunner = Callable[[Callable[[LiveItem], None], Register], None]


class CoachApp(App[list[float]]):
    """The dashboard: a review document (``review=``, its ``recording`` for playback) or a live call (``runner=``)."""

    TITLE = "coach"
    ENABLE_COMMAND_PALETTE = False  # its footer entry would crowd out the keys an agent needs at 40 columns

    def __init__(self, *, review: ReviewDoc | None = None, runner: SessionRunner | None = None,
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
        self._session_mark: Callable[[float], None] | None = None  # the session's mark(), once registered
        self._unwritten: list[float] = []  # marks not yet handed to the session (the marker thread pops them)
        self._marker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-mark")  # one thread, in order
        self.live: LiveScreen | None = None

    def on_mount(self) -> None:
        self.theme = self.ui_config.theme
        # Pushed (not the default screen) so that each screen's CSS_PATH is loaded.
        if self.review is not None:
            self.push_screen(ReviewScreen(self.review, recording=self.recording, config=self.ui_config))
        else:
            self.live = LiveScreen(self.live_title, on_end=self._end_call, config=self.ui_config,
                                   on_mark=self._mark_moment)
            self.push_screen(self.live)
            self.run_worker(self._run_session, thread=True, name="live-session", exit_on_error=False)

    def on_unmount(self) -> None:
        """Leaving the app ends the call, so the session's worker thread can finish; marks still
        being written are waited for (one small write each), so they are on disk when ``run`` returns."""
        self._end_call()
        self._marker.shutdown(wait=True)

    def _end_call(self) -> None:
        if self._stop is not None:
            self._stop()

    def _mark_moment(self, at: float) -> None:
        """UI thread: queue the mark for the marker thread, never waiting for it."""
        self._unwritten.append(at)
        with contextlib.suppress(RuntimeError):  # shut down: the app is leaving (the mark is in its return value)
            self._marker.submit(self._write_marks)

    def _register_controls(self, stop: Callable[[], None], mark: Callable[[float], None] | None = None) -> None:
        """Session worker thread: the runner's controls; marks made before now are written now."""
        self._stop = stop
        self._session_mark = mark
        if mark is not None:
            with contextlib.suppress(RuntimeError):  # shut down: the app is leaving
                self._marker.submit(self._write_marks)

    def _write_marks(self) -> None:
        """Marker thread (the only one that pops): each waiting mark to the session, in order."""
        mark = self._session_mark
        if mark is None:
            return  # not registered yet: written when it is
        while self._unwritten:
            at = self._unwritten.pop(0)
            try:
                mark(at)
            except Exception:  # noqa: BLE001 - a mark that cannot be recorded must not end the call
                log.exception("mark at %.3f s not recorded", at)

    def _run_session(self) -> None:
        """Worker thread: the whole call; each item becomes a message on the live screen."""
        assert self.runner is not None and self.live is not None
        screen = self.live
        error: str | None = None

        def emit(item: LiveItem) -> None:
            screen.post_message(LiveItemMessage(item))

        try:
            self.runner(emit, self._register_controls)
        except Exception as exc:  # noqa: BLE001 - shown on screen, the user decides when to leave
            error = str(exc) or type(exc).__name__
        screen.post_message(CallEnded(error))
