"""What `coach live` and `coach replay` run behind the dashboard: a source through a live session.

Why here, not in the CLI: it is the glue between a source, a :class:`coach.live.LiveSession`, the
session's recorder and the screen's controls; the CLI only builds those and opens the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.config import CoachConfig
from coach.errors import UserError

if TYPE_CHECKING:
    from audio.capture import DeviceSource
    from audio.sources import FileSource
    from coach.models import Models
    from coach.session.recorder import SessionRecorder
    from coach.ui.app import Register, SessionRunner
    from coach.vocab import LiveItem


def session_runner(source: FileSource | DeviceSource, config: CoachConfig, recorder: SessionRecorder | None,
                   models: Models | None = None, speed: float | None = None) -> SessionRunner:
    """``source`` (a recording paced at ``speed`` x real time when ``speed`` is given) through a live
    session recorded by ``recorder``, its ``stop`` and ``mark`` registered with the screen."""
    from audio.capture import DeviceSource
    from audio.sources import ReplaySource
    from coach.live import LiveSession

    def runner(emit: Callable[[LiveItem], None], register: Register) -> None:
        with source:
            feed = source if speed is None else ReplaySource(source, speed=speed)
            session = LiveSession(feed, source.sample_rate, config, emit, models, recorder=recorder)
            register(session.stop, session.mark)
            session.start()
            session.join()
            if session.error is not None:
                raise session.error
            if isinstance(source, DeviceSource) and source.lost is not None:
                raise UserError(str(source.lost))  # shown in the header: the call ended because the device went

    return runner
