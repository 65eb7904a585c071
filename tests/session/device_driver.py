"""A recorded live session on real capture devices (the virtual PulseAudio ones), for the fault tests.

PortAudio reads its device list once per process, so each test runs this in a fresh interpreter
with the virtual device's environment. Whisper is a stand-in (faults are about capture and
recording, not words); everything else is the real session: DeviceSource, LiveSession with its
recorder in ``$COACH_SESSIONS``. Prints ``capturing`` once audio is recorded, stops after
``--seconds`` of call time (or when no device is left), and writes ``result.json`` to ``--out``;
a UserError is one line on stderr and exit 2, as in ``coach live``.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

from audio.capture import DeviceSource
from coach.cli_sessions import finish_recording, start_recording
from coach.config import AudioConfig, CoachConfig, LiveConfig
from coach.errors import UserError
from coach.live import LiveItem, LiveSession, Status
from coach.models import Models
from coach.vad import load_silero
from tests.session.conftest import StubEngine


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="")
    ap.add_argument("--agent", default="")
    ap.add_argument("--customer", default="")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    config = CoachConfig(live=LiveConfig(device=args.device, agent_device=args.agent, customer_device=args.customer))
    notices: list[str] = []
    statuses: list[Status] = []

    def emit(item: LiveItem) -> None:
        if isinstance(item, Status):
            statuses.append(item)
            if item.notice and item.notice not in notices:
                notices.append(item.notice)

    try:
        source = DeviceSource(config.live, AudioConfig(), stall_s=1.0)
    except UserError as exc:
        print(f"coach: {exc}", file=sys.stderr, flush=True)
        return 2
    recorder = start_recording(config, source.sample_rate, 2, "live " + " + ".join(source.devices))
    assert recorder is not None
    models = Models(live_engine=StubEngine(), silero=load_silero())
    with source:
        session = LiveSession(source, source.sample_rate, config, emit, models, recorder=recorder)

        def watch() -> None:
            said = False
            while session.join(timeout=0.05) is False:
                if not said and recorder.duration_s > 0:
                    print("capturing", flush=True)
                    said = True
                if recorder.duration_s >= args.seconds:
                    session.stop()
                    return

        session.start()
        threading.Thread(target=watch, daemon=True).start()
        session.join()
    finish_recording(recorder)
    final = statuses[-1] if statuses else None
    result = {
        "session": str(recorder.path),
        "recorded_s": recorder.duration_s,
        "notices": notices,
        "final_notice": final.notice if final else "",
        "lost": None if source.lost is None else str(source.lost),
        "losses": [{"device": x.device, "at_s": x.at_s, "text": str(x)} for x in source.losses],
        "frames": source.stats.frames,
        "error": None if session.error is None else str(session.error),
        "ended_at": time.time(),
    }
    (args.out / "result.json").write_text(json.dumps(result, indent=1))
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
