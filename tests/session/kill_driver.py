"""A live session on a replayed fixture call, recorded to ``$COACH_SESSIONS``, for the kill test.

Run in its own process (the test kills it with SIGKILL). It prints one JSON object a line, flushed:
``{"fed": T}`` just before each chunk is handed to the session (call time fed so far), and every
committed finding as the session emits it (``event``, ``nudge``, ``word``), which the session has
written to its recording before emitting it.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from audio.sources import FileSource, ReplaySource
from coach.cli_sessions import start_recording
from coach.config import CoachConfig
from coach.live import LiveItem, LiveSession
from coach.models import Models
from coach.vocab import Chunk, Event, Nudge, TranscriptUpdate

_out = threading.Lock()


def say(doc: dict[str, object]) -> None:
    with _out:
        sys.stdout.write(json.dumps(doc) + "\n")
        sys.stdout.flush()


def emit(item: LiveItem) -> None:
    if isinstance(item, Event):
        say({"type": "event", "kind": item.kind, "role": item.role, "start": round(item.start, 3),
             "end": round(item.end, 3)})
    elif isinstance(item, Nudge):
        say({"type": "nudge", "kind": item.kind, "at": round(item.at, 3)})
    elif isinstance(item, TranscriptUpdate):
        for w in item.committed:
            say({"type": "word", "role": w.role, "start": round(w.start, 3), "end": round(w.end, 3),
                 "text": w.text})


def fed(chunks: ReplaySource) -> Iterator[Chunk]:
    for chunk in chunks:
        say({"fed": chunk.end})
        yield chunk


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("call", type=Path)
    ap.add_argument("--speed", type=float, default=3.0)
    args = ap.parse_args()
    config = CoachConfig()
    models = Models(config.models)
    with FileSource(args.call, config.audio) as source:
        recorder = start_recording(config, source.sample_rate, source.num_channels, f"replay {args.call}")
        assert recorder is not None
        say({"session": str(recorder.path)})
        session = LiveSession(fed(ReplaySource(source, speed=args.speed)), source.sample_rate, config, emit, models,
                              recorder=recorder)
        session.start()
        session.join()
        recorder.finish()
    say({"done": True})
    return 0


if __name__ == "__main__":
    sys.exit(main())
