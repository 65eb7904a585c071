"""``coach live`` end to end in a fresh interpreter, the screen headless (used by test_live_device.py).

PortAudio reads its device list (and ALSA its config) once per process, so the test runs this with
the virtual device's environment. It runs the real CLI (``coach live ARGS``) with ``CoachApp.run``
made headless and driven by a pilot that prints ``capturing`` once the session's items arrive,
waits for an interruption nudge (or ``--wait`` seconds), keeps the screen as it was then, lets
``--after`` more seconds of the call play, marks the moment, ends the call, and writes what the
screen showed to ``--out``/result.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from coach import cli
from coach.ui.app import CoachApp
from coach.ui.live_screen import LiveScreen
from tests.ui.conftest import screen_text


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--wait", type=float, default=40.0, help="seconds to wait for the nudge once capturing")
    ap.add_argument("--after", type=float, default=8.0, help="call seconds to go on after the nudge")
    opts, coach_args = ap.parse_known_args()
    result: dict[str, Any] = {}
    original = CoachApp.run

    def run(self: CoachApp, **kwargs: Any) -> Any:
        async def pilot(p: Any) -> None:
            while not isinstance(self.screen, LiveScreen):
                await p.pause(0.05)
            screen = self.screen
            while screen.state.handled == 0 and not screen.ended:
                await p.pause(0.05)
            print("capturing", flush=True)
            deadline = time.monotonic() + opts.wait
            while time.monotonic() < deadline and not any(n.kind == "interruption" for n in screen.state.nudges):
                await p.pause(0.1)
            await p.pause(0.3)  # one more redraw
            result["at_nudge"] = {"at": screen.state.at, "screen": screen_text(self)}
            until, deadline = screen.state.at + opts.after, time.monotonic() + 3 * opts.after
            while screen.state.at < until and time.monotonic() < deadline:
                await p.pause(0.1)
            await p.pause(0.3)
            state = screen.state
            result.update(
                nudges=[(n.kind, n.at, n.text) for n in state.nudges],
                transcript=screen.transcript_text().plain,
                tone=None if state.tone is None else [state.tone.pitch_spread_st, state.tone.loudness_db],
                handled=state.handled, at=state.at, talk_s=state.talk_s, screen=screen_text(self),
            )
            await p.press("m")
            await p.press("q")  # ends the call
            while not screen.ended:
                await p.pause(0.05)
            await p.press("q")  # leaves

        return original(self, headless=True, auto_pilot=pilot, size=(80, 24))

    CoachApp.run = run  # type: ignore[method-assign]
    result["rc"] = cli.main(coach_args)
    (opts.out / "result.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
