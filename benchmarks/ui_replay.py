"""Does the live dashboard keep up? The real LiveScreen, headless, on fixture calls replayed fast.

Usage: .venv/bin/python -m benchmarks.ui_replay [--speed 4] [--idle-s 20] [CALL ...]

(a) Replay: each stereo fixture call is replayed at ``--speed`` x real time through the real
    :class:`coach.live.LiveSession` (models loaded once, before timing) into the real
    :class:`CoachApp` / :class:`LiveScreen` (Textual's headless driver, 40x30). Every item the
    session emits is counted, and every item the screen's handler applied; dropped = emitted -
    handled once the call has ended. Lag = when the UI thread handled an item - when the session
    emitted it (the message's creation time). Draws = redraws that changed the screen, at most
    ``[ui] refresh_hz`` per second on average (a 1 s window can catch one more: timer jitter).
    UI CPU = CPU time of the UI thread (``time.thread_time`` in the event loop's thread) / wall
    time of the replay.
(b) Idle: the same app with a call that emits nothing for ``--idle-s`` seconds (and the screen
    full of a replayed call's content afterwards): UI-thread CPU / wall must stay under 5 %.

Timing etiquette: waits while /tmp/coach-bench.lock exists, then holds it (removed on exit,
failure or Ctrl-C included).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import coach  # noqa: E402,F401 - offline switches before any model library loads

# isort: split
import numpy as np  # noqa: E402

from audio.sources import FileSource, ReplaySource  # noqa: E402
from coach.config import CoachConfig  # noqa: E402
from coach.live import LiveItem, LiveSession, Status  # noqa: E402
from coach.models import Models  # noqa: E402
from coach.ui.app import CoachApp  # noqa: E402
from coach.ui.live_screen import LiveItemMessage, LiveScreen  # noqa: E402

CALLS = ROOT / "fixtures" / "calls"
STEREO = ("stereo_interrupt", "cold_vs_lively", "upset_no_empathy", "model_empathy")
LOCK = Path("/tmp/coach-bench.lock")
SIZE = (40, 30)


@contextmanager
def bench_lock() -> Iterator[None]:
    """Wait for other timings to finish, then hold the lock until this one is done (whatever happens)."""
    while True:
        try:
            fd = os.open(LOCK, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except FileExistsError:
            print(f"waiting for {LOCK} ...", file=sys.stderr, flush=True)
            time.sleep(20)
    os.write(fd, f"benchmarks.ui_replay pid {os.getpid()}\n".encode())
    os.close(fd)
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally below
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        LOCK.unlink(missing_ok=True)


@dataclass
class Probe:
    """What the UI thread did: items handled and their lag, redraws, its CPU time."""

    lags: list[float] = field(default_factory=list)
    draws: list[float] = field(default_factory=list)  # monotonic times of redraws that drew

    def install(self) -> Callable[[], None]:
        """Wrap the screen's handler and redraw; returns the undo."""
        handle, redraw = LiveScreen.on_live_item_message, LiveScreen._redraw
        probe = self

        def on_item(screen: LiveScreen, message: LiveItemMessage) -> None:
            probe.lags.append(time.monotonic() - message.time)
            handle(screen, message)

        def draw(screen: LiveScreen) -> None:
            if screen._dirty:
                probe.draws.append(time.monotonic())
            redraw(screen)

        LiveScreen.on_live_item_message = on_item  # type: ignore[method-assign]
        LiveScreen._redraw = draw  # type: ignore[method-assign]

        def undo() -> None:
            LiveScreen.on_live_item_message = handle  # type: ignore[method-assign]
            LiveScreen._redraw = redraw  # type: ignore[method-assign]

        return undo


def max_per_second(times: list[float]) -> int:
    """The most events in any 1 s window."""
    t = np.asarray(sorted(times))  # (n,)
    if not len(t):
        return 0
    return int(max(np.searchsorted(t, x + 1.0, side="left") - i for i, x in enumerate(t)))


def replay_row(name: str, speed: float, config: CoachConfig, models: Models, idle_s: float) -> dict[str, Any]:
    emitted: Counter[str] = Counter()
    lock = threading.Lock()
    last_status: list[Status] = []

    def runner(emit: Callable[[LiveItem], None], register_stop: Callable[[Callable[[], None]], None]) -> None:
        def counted(item: LiveItem) -> None:
            with lock:
                emitted[type(item).__name__] += 1
                if isinstance(item, Status):
                    last_status[:] = [item]
            emit(item)

        with FileSource(CALLS / f"{name}.flac", config.audio) as source:
            session = LiveSession(ReplaySource(source, speed=speed), source.sample_rate, config, counted, models)
            register_stop(session.stop)
            session.start()
            session.join()

    probe = Probe()
    undo = probe.install()
    row: dict[str, Any] = {"call": name}

    async def go() -> None:
        app = CoachApp(runner=runner, title=f"replay {name}", config=config.ui)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            assert isinstance(screen, LiveScreen)
            t0, cpu0 = time.monotonic(), time.thread_time()
            while not screen.ended:
                await asyncio.sleep(0.05)
            wall, cpu = time.monotonic() - t0, time.thread_time() - cpu0
            await pilot.pause(0.5)  # let the last messages drain
            with lock:
                total = sum(emitted.values())
            row.update(wall_s=wall, emitted=total, handled=screen.state.handled, dropped=total - screen.state.handled,
                       nudges=emitted["Nudge"], events=emitted["Event"], meters=emitted["ToneMeter"],
                       lag_max_ms=1000 * max(probe.lags, default=0.0),
                       lag_p95_ms=1000 * float(np.percentile(probe.lags, 95)) if probe.lags else 0.0,
                       draws_per_s=len(probe.draws) / wall, draws_max_per_s=max_per_second(probe.draws),
                       ui_cpu_pct=100 * cpu / wall,
                       asr_skipped_s=last_status[0].skipped_s if last_status else 0.0)
            if idle_s > 0:  # the screen full of the call, nothing arriving
                cpu0, t0 = time.thread_time(), time.monotonic()
                await asyncio.sleep(idle_s)
                row["idle_after_pct"] = 100 * (time.thread_time() - cpu0) / (time.monotonic() - t0)

    try:
        asyncio.run(go())
    finally:
        undo()
    return row


def idle_row(seconds: float) -> float:
    """UI-thread CPU % of the live screen with a call on that emits nothing."""
    stopped = threading.Event()

    def silent(emit: Callable[[LiveItem], None], register_stop: Callable[[Callable[[], None]], None]) -> None:
        register_stop(stopped.set)
        stopped.wait()

    result: list[float] = []

    async def go() -> None:
        app = CoachApp(runner=silent)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.5)  # started and drawn
            cpu0, t0 = time.thread_time(), time.monotonic()
            await asyncio.sleep(seconds)
            result.append(100 * (time.thread_time() - cpu0) / (time.monotonic() - t0))

    asyncio.run(go())
    return result[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("calls", nargs="*", default=list(STEREO), help="fixture names (default: the stereo ones)")
    ap.add_argument("--speed", type=float, default=4.0)
    ap.add_argument("--idle-s", type=float, default=20.0)
    args = ap.parse_args()
    config = CoachConfig()
    models = Models(config.models)
    with bench_lock():
        rows = [replay_row(name, args.speed, config, models, idle_s=0.0) for name in args.calls]
        idle = idle_row(args.idle_s)
        after = replay_row(args.calls[0], args.speed, config, models, idle_s=args.idle_s)["idle_after_pct"]
    print(f"(a) replay at {args.speed:g}x, LiveScreen headless {SIZE[0]}x{SIZE[1]}, {os.cpu_count()} cores")
    cols = ("call", "wall_s", "emitted", "handled", "dropped", "nudges", "events", "meters", "lag_p95_ms",
            "lag_max_ms", "draws_per_s", "draws_max_per_s", "ui_cpu_pct", "asr_skipped_s")
    print(" | ".join(cols))
    print(" | ".join("---" for _ in cols))
    for r in rows:
        print(" | ".join(f"{r[c]:.1f}" if isinstance(r[c], float) else str(r[c]) for c in cols))
    print()
    print(f"(b) idle UI thread CPU over {args.idle_s:g} s (limit 5 %)")
    print("state | UI thread CPU % of wall")
    print("--- | ---")
    print(f"call on, nothing arriving | {idle:.2f}")
    print(f"after replaying {args.calls[0]} (screen full) | {after:.2f}")
    ok = all(r["dropped"] == 0 for r in rows) and idle < 5 and after < 5
    print("\nOK" if ok else "\nFAILED: items dropped or idle CPU >= 5 %")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
