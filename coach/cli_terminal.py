"""What the command line does to the user's terminal: only safe text, and a clean exit on a signal.

Names come from outside (a recording's file name, an agent id, a session's source): printed raw,
an escape sequence in one can retitle the terminal, hide text, or fake a line. Everything coach
prints goes through :class:`SafeStream`, which shows control characters as ``\\x1b``-style
escapes. SIGTERM and SIGHUP end coach as Ctrl+C does: the screen (if one is open) is closed the
way its quit key closes it, so the terminal leaves the alternate screen and mouse mode and a live
session is finished and marked ended; outside a screen, ``finally`` blocks run as for Ctrl+C.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import sys
from collections.abc import Iterator
from types import FrameType
from typing import Any, TextIO

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides (which
reorder what is shown)."""

SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\u202e``)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


class SafeStream:
    """A text stream that writes :func:`printable` text to the one it wraps (everything else is its).

    A write that starts with a carriage return keeps it: that is how the batch redraws its
    progress line on a terminal.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        lead = "\r" if text.startswith("\r") else ""
        self._stream.write(lead + printable(text[len(lead):]))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class Terminated(BaseException):
    """coach was asked to stop by SIGTERM or SIGHUP; ends the command as Ctrl+C does."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


_screens: list[Any] = []  # the Textual app now running, if any
_caught: list[int] = []  # signals that closed a screen


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """Run on the main thread: close the screen through its own event loop, else stop the command."""
    if not _screens:
        raise Terminated(signum)
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # the screen is starting or has stopped: no loop to hand the exit to
        raise Terminated(signum) from None
    _caught.append(signum)
    loop.call_soon_threadsafe(_screens[-1].exit)


@contextlib.contextmanager
def terminal_guard() -> Iterator[None]:
    """For one command: safe output on stdout and stderr, SIGTERM/SIGHUP handled; all restored after."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    old = {}
    for sig in SIGNALS:
        with contextlib.suppress(ValueError):  # not the main thread (an embedding program): leave them
            old[sig] = signal.signal(sig, _on_signal)
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
        sys.stdout, sys.stderr = out, err


def run_screen(app: Any) -> Any:
    """``app.run()``; a SIGTERM/SIGHUP meanwhile closes it cleanly and then raises :class:`Terminated`
    (after the screen is gone, so the caller's ``finally`` still ends a recorded session)."""
    _screens.append(app)
    _caught.clear()
    try:
        result = app.run()
    finally:
        _screens.remove(app)
    if _caught:
        raise Terminated(_caught[0])
    return result
