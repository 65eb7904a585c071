"""Records a known signal fast (about 100x real time) until killed (used by test_recorder.py's kill test).

Chunk k of 0.1 s at 8 kHz holds samples drawn from a generator seeded with k, so the test can
rebuild exactly what any prefix of the recording must be. Prints the call time pushed, flushed.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import numpy.typing as npt

from coach.config import CoachConfig
from coach.session.recorder import SessionRecorder
from coach.vocab import Chunk, Event

RATE = 8000
BLOCK = 800


def chunk_samples(k: int) -> npt.NDArray[np.float32]:
    """(BLOCK, 2) float32 on the 16-bit grid, the same for the driver and the test."""
    rng = np.random.default_rng(k)
    return (rng.integers(-30000, 30000, size=(BLOCK, 2)) / 32768).astype(np.float32)


def main() -> int:
    config = CoachConfig()
    rec = SessionRecorder.create(config.session.resolved_dir(), sample_rate=RATE, channels=2, source="test",
                                 config=config)
    k = 0
    while True:
        rec.push(Chunk(k * BLOCK / RATE, chunk_samples(k), RATE))
        if k % 10 == 9:
            rec.push(Event("talk_over", "agent", k / 10, k / 10 + 0.5, f"event {k}"))
            print(f"{(k + 1) / 10:.1f}", flush=True)
        k += 1
        time.sleep(0.001)  # about 100x real time: a few MB a second, not a disk's worth


if __name__ == "__main__":
    sys.exit(main())
