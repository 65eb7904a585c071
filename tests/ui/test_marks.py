"""The ``m`` key during a call: the mark is written to the session's record on disk as it is made
(the UI never waits for it), and a recorded session's review lists it like an event."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from audio.sources import FileSource
from coach import cli
from coach.cli_sessions import finish_recording
from coach.config import CoachConfig
from coach.models import Models
from coach.review import Review
from coach.review_doc import ReviewDoc
from coach.session.recorder import EVENTS, SessionRecorder
from coach.session.runner import session_runner
from coach.session.store import load_records, read_marks
from coach.ui.app import CoachApp
from coach.ui.live_screen import LiveScreen
from coach.ui.review_screen import ReviewScreen, Timeline, TranscriptLine
from coach.vad import load_silero
from coach.vocab import Chunk
from tests.conftest import CALLS
from tests.session.conftest import StubEngine
from tests.ui.conftest import PAUSE, wait_for

SPEED = 4.0  # the replay's pace (x real time): a mark a few seconds into the call comes soon


def _marks_on_disk(folder: Path) -> list[dict[str, Any]]:
    records, _ = load_records(folder / EVENTS)
    return [r for r in records if r.get("type") == "mark"]


def test_m_during_a_replay_writes_the_mark_with_its_call_time_to_the_session_on_disk(tmp_path: Path) -> None:
    config = CoachConfig()
    source = FileSource(CALLS / "stereo_interrupt.flac", config.audio)
    recorder = SessionRecorder.create(tmp_path / "sessions", sample_rate=source.sample_rate,
                                      channels=source.num_channels, source="replay test", config=config)
    models = Models(live_engine=StubEngine(), silero=load_silero())  # words do not matter
    app = CoachApp(runner=session_runner(source, config, recorder, models, speed=SPEED), title="replay")
    marked: list[float] = []

    async def go() -> None:
        async with app.run_test(size=(40, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, LiveScreen)
            await wait_for(pilot, lambda: screen.state.at >= 3.0, timeout=60)
            assert screen.state.at >= 3.0, "the replay reached the screen"
            await pilot.press("m")
            marked.extend(screen.marks)
            assert len(marked) == 1 and marked[0] >= 3.0
            # On disk while the call goes on: not kept for the end of the call.
            await wait_for(pilot, lambda: bool(_marks_on_disk(recorder.path)))
            assert _marks_on_disk(recorder.path) == [{"type": "mark", "at": round(marked[0], 3)}]
            assert not screen.ended and not recorder.closed
            assert json.loads((recorder.path / "session.json").read_text())["state"] == "recording"
            await pilot.press("q")  # ends the call
            await wait_for(pilot, lambda: screen.ended)
            assert screen.ended
            await pilot.press("q")  # leaves
            await pilot.pause()
        assert app.return_value == marked

    asyncio.run(go())
    finish_recording(recorder)
    # Once: finishing the session does not write the screen's marks again.
    assert _marks_on_disk(recorder.path) == [{"type": "mark", "at": round(marked[0], 3)}]
    assert read_marks(recorder.path / EVENTS) == [round(marked[0], 3)]
    assert recorder.duration_s >= marked[0]


def test_a_mark_made_before_the_session_registers_is_written_once_it_does() -> None:
    written: list[float] = []
    registered = asyncio.Event()

    async def go() -> None:
        loop = asyncio.get_running_loop()
        stopped = asyncio.Event()

        def runner(emit: Any, register: Any) -> None:
            while not app.live or not app.live.marks:  # the agent marks before the session exists
                time.sleep(0.02)
            register(lambda: loop.call_soon_threadsafe(stopped.set), written.append)
            loop.call_soon_threadsafe(registered.set)
            while not stopped.is_set():
                time.sleep(0.02)

        app = CoachApp(runner=runner)
        async with app.run_test(size=(40, 30)) as pilot:
            await pilot.pause(PAUSE)
            await pilot.press("m")
            await asyncio.wait_for(registered.wait(), 10)
            await wait_for(pilot, lambda: written == [0.0])
            assert written == [0.0]

    asyncio.run(go())


def _session_with_marks(root: Path, marks: list[float]) -> SessionRecorder:
    import numpy as np

    config = CoachConfig()
    recorder = SessionRecorder.create(root, sample_rate=16000, channels=2, source="replay test", config=config)
    recorder.push(Chunk(0.0, np.zeros((16000 * 3, 2), dtype=np.float32), 16000))
    for at in marks:
        recorder.mark(at)
    recorder.finish()
    return recorder


def test_sessions_review_lists_the_marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """`coach sessions review`: the marks in the summary and the JSON (the review itself stubbed: no models)."""
    import coach.review
    from audio.decode import AudioInfo

    monkeypatch.setenv("COACH_SESSIONS", str(tmp_path / "sessions"))
    recorder = _session_with_marks(tmp_path / "sessions", [2.5, 1.25])

    def review_file(path: Path, config: CoachConfig, models: object = None) -> Review:
        return Review(AudioInfo(path, 16000, 2, 48000, "WAV/PCM_16"), {"agent": "channel:0", "customer": "channel:1"},
                      (), (), (), ())

    monkeypatch.setattr(coach.review, "review_file", review_file)
    out = tmp_path / "review.json"
    assert cli.main(["sessions", "review", recorder.id, "--no-history", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 marked moments" in printed
    assert printed.index("  1.25  marked") < printed.index("  2.50  marked")
    assert json.loads(out.read_text())["marks"] == [{"at": 1.25}, {"at": 2.5}]


def test_review_screen_lists_a_mark_like_an_event(review_doc: dict[str, Any]) -> None:
    review_doc["marks"] = [{"at": 40.0}]

    async def go() -> None:
        app = CoachApp(review=ReviewDoc.from_dict(review_doc))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            table = screen.query_one("#events", DataTable)
            kinds = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
            assert kinds == ["↯ interruption", "♥ empathy", "★ mark", "✗ avoid phrase"]
            await pilot.press("down", "down")
            await pilot.pause()
            assert "marked during the call" in screen.query_one(".-current", TranscriptLine).plain
            assert screen.query_one(Timeline).cursor == pytest.approx(40.0)
            assert "★" in str(screen.query_one(Timeline).render())

    asyncio.run(go())
