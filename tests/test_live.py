"""A live call end to end: a fixture replayed at real-time pace through the threaded session."""

from __future__ import annotations

import threading
import time

import pytest
import soundfile as sf

from audio.sources import ReplaySource
from coach.config import CoachConfig
from coach.live import LiveSession, Status
from coach.models import Models
from coach.vocab import Chunk, Event, Nudge, SpeechUpdate, TranscriptUpdate
from tests.conftest import CALLS, load_truth

SPEED = 2.0  # twice real time: the test is shorter, and a session that keeps up at 2x keeps up at 1x


@pytest.mark.slow
def test_replayed_call_gives_words_events_and_timely_nudges() -> None:
    config = CoachConfig()
    x, sr = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True)
    block = sr // 10
    chunks = [Chunk(i / sr, x[i:i + block], sr) for i in range(0, x.shape[0], block)]
    got: list[tuple[float, object]] = []
    lock = threading.Lock()
    t0 = [0.0]

    def emit(item: object) -> None:
        with lock:
            got.append(((time.monotonic() - t0[0]) * SPEED, item))  # call time when it reached the screen

    session = LiveSession(ReplaySource(chunks, speed=SPEED), sr, config, emit, Models(config.models))
    t0[0] = time.monotonic()
    session.start()
    assert session.join(timeout=120), "the session ends when the replay does"
    assert session.error is None

    items = [item for _, item in got]
    words = [w for item in items if isinstance(item, TranscriptUpdate) for w in item.committed]
    assert {w.role for w in words} == {"agent", "customer"}
    text = " ".join(w.text.lower() for w in words if w.role == "agent")
    assert "sorry" in text and "charge" in text
    assert any(isinstance(item, SpeechUpdate) and item.turns for item in items)
    assert isinstance(items[-1], Status) and items[-1].at == pytest.approx(x.shape[0] / sr, abs=0.11)
    assert not any(isinstance(item, Status) and item.skipped_s for item in items)

    events = [item for item in items if isinstance(item, Event)]
    truth = [e for e in load_truth("stereo_interrupt")["events"] if e["kind"] == "interruption"]
    found = [e for e in events if e.kind == "interruption"]
    assert len(found) == len(truth) == 1 and abs(found[0].start - truth[0]["start"]) < 0.2
    backchannels = [e for e in load_truth("stereo_interrupt")["events"] if e["kind"] == "backchannel"]
    assert len([e for e in events if e.kind == "backchannel"]) == len(backchannels)  # never interruptions
    # The interruption nudge comes within 1 s of the moment the overlap outlasted a backchannel.
    nudges = [(at, item) for at, item in got if isinstance(item, Nudge) and item.kind == "interruption"]
    assert nudges, [item for item in items if isinstance(item, Nudge)]
    evidence = truth[0]["start"] + config.overlaps.backchannel_max_s
    assert 0 <= nudges[0][0] - evidence <= 1.0, nudges[0][0] - evidence
