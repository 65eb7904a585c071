"""Capture from a live device through DeviceSource in a fresh interpreter (used by test_live.py).

PortAudio reads its device list (and ALSA its config) once per process, so the live tests run
this with the virtual device's environment, as ``coach`` itself would run. It writes the
captured audio (``audio.npy``, (frames, 2) float32) and ``result.json`` to ``--out``, prints
``capturing`` once the first chunk has arrived, and exits 2 with one line on a UserError.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from audio.capture import DeviceSource
from coach.config import AudioConfig, LiveConfig
from coach.errors import UserError


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="")
    ap.add_argument("--agent", default="")
    ap.add_argument("--customer", default="")
    ap.add_argument("--seconds", type=float, default=10.0, help="stop after this much call time")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    live = LiveConfig(device=args.device, agent_device=args.agent, customer_device=args.customer)
    chunks: list[np.ndarray] = []  # each (frames, 2)
    starts: list[float] = []
    t0 = time.monotonic()
    try:
        with DeviceSource(live, AudioConfig(), stall_s=1.0) as source:
            for chunk in source:
                if not chunks:
                    print("capturing", flush=True)
                chunks.append(chunk.samples)
                starts.append(chunk.start)
                if chunk.end >= args.seconds:
                    break
            stats = source.stats
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 2
    audio = np.concatenate(chunks) if chunks else np.zeros((0, 2), dtype=np.float32)  # (frames, 2)
    np.save(args.out / "audio.npy", audio)
    result = {
        "starts": starts,
        "sizes": [c.shape[0] for c in chunks],
        "devices": list(source.devices),
        "wall_s": time.monotonic() - t0,
        "overruns": source.overruns,
        "stats": {k: v for k, v in vars(stats).items() if k != "lost"},
        "lost": None if stats.lost is None else {"device": stats.lost.device, "reason": stats.lost.reason,
                                                 "at_s": stats.lost.at_s, "text": str(stats.lost)},
    }
    (args.out / "result.json").write_text(json.dumps(result, indent=1))
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
