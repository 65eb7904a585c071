"""How soon a nudge reaches the agent after its evidence is complete, in a live replay.

Usage: .venv/bin/python -m benchmarks.nudge_timing [--speed 1.0] [CALL ...]

Each stereo fixture call is replayed at real-time pace (x ``--speed``) through
:class:`coach.live.LiveSession`. Evidence is complete, per kind:

* overlap kinds (interruption, customer_interruption, talk_over): when the overlap crossed its
  threshold in the audio (onset + ``backchannel_max_s`` for interruptions, overlap start +
  ``talk_over_min_s`` for talk-over), per the finished event's times;
* word kinds (avoid_phrase, empathy, missing_empathy): when the last word of the evidence was
  committed by the streaming transcriber (the moment it reached the session's output);
* cold_tone, dead_air, monologue: at the event's end as the analyzer reports it (listed, not timed).

Lag = when the nudge reached the output - when its evidence was complete, in call seconds.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import coach  # noqa: E402,F401 - offline switches before any model library loads

# isort: split
import soundfile as sf  # noqa: E402

from audio.sources import ReplaySource  # noqa: E402
from coach.config import CoachConfig  # noqa: E402
from coach.live import LiveModels, LiveSession  # noqa: E402
from coach.vocab import Chunk, Event, Nudge, TranscriptUpdate, Word  # noqa: E402

CALLS = ROOT / "fixtures" / "calls"
STEREO = ("stereo_interrupt", "cold_vs_lively", "upset_no_empathy", "model_empathy")
OVERLAP_KINDS = ("interruption", "customer_interruption", "talk_over")
WORD_KINDS = ("avoid_phrase", "empathy", "missing_empathy")


def replay(name: str, speed: float, config: CoachConfig, models: LiveModels) -> list[tuple[float, object]]:
    x, sr = sf.read(CALLS / f"{name}.flac", dtype="float32", always_2d=True)
    chunks = [Chunk(i / sr, x[i:i + sr // 10], sr) for i in range(0, x.shape[0], sr // 10)]
    got: list[tuple[float, object]] = []
    lock = threading.Lock()
    t0 = [0.0]

    def emit(item: object) -> None:
        with lock:
            got.append(((time.monotonic() - t0[0]) * speed, item))

    session = LiveSession(ReplaySource(chunks, speed=speed), sr, config, emit, models)
    t0[0] = time.monotonic()
    session.start()
    session.join()
    return got


def evidence_time(kind: str, nudge_at: float, events: list[Event], commits: list[tuple[float, Word]],
                  config: CoachConfig) -> tuple[float | None, Event | None]:
    """When the evidence for this nudge was complete (call seconds), and the event it belongs to."""
    same = [e for e in events if e.kind == kind]
    if not same:
        return None, None
    if kind in OVERLAP_KINDS:
        crossing = config.overlaps.talk_over_min_s if kind == "talk_over" else config.overlaps.backchannel_max_s
        event = min(same, key=lambda e: abs(e.start + crossing - nudge_at))
        return event.start + crossing, event
    if kind in WORD_KINDS:
        # the evidence is complete when the word closing the event's span was committed
        event = min(same, key=lambda e: abs(e.end - nudge_at))
        ends = [at for at, w in commits if w.role == "agent" and abs(w.end - event.end) < 0.05]
        if kind == "missing_empathy":  # closed by the end of the agent's reply window (no word)
            return None, event
        return (min(ends) if ends else None), event
    return None, min(same, key=lambda e: abs(e.end - nudge_at))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("calls", nargs="*", default=list(STEREO))
    parser.add_argument("--speed", type=float, default=1.0)
    args = parser.parse_args()
    config = CoachConfig()
    models = LiveModels.load(config)
    print("| call | nudge | kind | event | evidence complete s | nudge shown s | lag s |")
    print("|---|---|---|---|---|---|---|")
    lags: list[float] = []
    for name in args.calls:
        got = replay(name, args.speed, config, models)
        events = [item for _, item in got if isinstance(item, Event)]
        commits = [(at, w) for at, item in got if isinstance(item, TranscriptUpdate) for w in item.committed]
        for at, item in got:
            if not isinstance(item, Nudge):
                continue
            ready, event = evidence_time(item.kind, at, events, commits, config)
            span = f"{event.start:.2f}-{event.end:.2f}" if event else "-"
            lag = at - ready if ready is not None else None
            if lag is not None:
                lags.append(lag)
            print(f"| {name} | {item.text} | {item.kind} | {span} | "
                  f"{'-' if ready is None else f'{ready:.2f}'} | {at:.2f} | {'-' if lag is None else f'{lag:.2f}'} |")
    if lags:
        print(f"\n{len(lags)} timed nudges: max lag {max(lags):.2f} s, all within 1.0 s: {all(x <= 1.0 for x in lags)}")


if __name__ == "__main__":
    main()
