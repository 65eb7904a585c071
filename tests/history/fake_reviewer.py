"""A fast stand-in reviewer for batch ORCHESTRATION tests only (parallelism, resume, bad files).

It really decodes each file's header (so a corrupt file fails the way it does in the real
pipeline) and derives a small review from the file's bytes; the real pipeline is covered by the
real-call tests in test_batch_real.py.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

from audio.decode import probe
from coach.config import CoachConfig

WORK_S = 0.05  # per call, so a batch takes long enough to be killed half-way


def fake_reviewer(config: CoachConfig, threads: int) -> Any:
    def review(path: Path) -> dict[str, Any]:
        info = probe(path)
        seed = hashlib.sha256(path.read_bytes()).digest()
        time.sleep(WORK_S)
        interruptions = seed[0] % 3
        events = [{"kind": "interruption", "role": "agent", "start": 0.1 * i, "end": 0.1 * i + 0.05,
                   "message": "", "detail": {}} for i in range(interruptions)]
        return {"schema": "coach.review/1",
                "audio": {"path": str(path), "duration_s": info.duration_s, "sample_rate": info.sample_rate,
                          "channels": info.channels},
                "roles": {"agent": "channel:0", "customer": "channel:1"},
                "segments": [{"role": "customer", "start": 0.0, "end": 0.5, "text": "card 4111 1111 1111 1111"}],
                "turns": [], "words": [], "events": events,
                "metrics": {"interruptions": interruptions, "agent_talk_ratio": seed[1] / 255}}

    return review
