"""ReviewScreen: events listed, selecting one moves the transcript and the timeline; layouts."""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from textual.widgets import DataTable, Static

from coach.review_doc import ReviewDoc
from coach.ui.app import CoachApp
from coach.ui.playback import play_clip, read_clip
from coach.ui.review_screen import ReviewScreen, Timeline, TranscriptLine
from coach.vocab import Event
from tests.conftest import CALLS, load_truth
from tests.ui.conftest import screen_text


def _visible(app: CoachApp, selector: str) -> bool:
    region = app.screen.query_one(selector).region
    return region.width > 0 and region.height > 0 and app.screen.region.contains_region(region)


def test_review_screen_lists_the_events(review_doc: dict[str, Any]) -> None:
    async def go() -> None:
        app = CoachApp(review=ReviewDoc.from_dict(review_doc))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            table = app.screen.query_one("#events", DataTable)
            assert table.row_count == 3
            cells = [str(table.get_row_at(i)[1]) for i in range(3)]
            assert cells == ["↯ interruption", "♥ empathy", "✗ avoid phrase"]
            inline = [w.plain for w in app.screen.query(".event-line").results(TranscriptLine)]
            assert any("Avoid 'calm down'" in text for text in inline)
            assert "52%" in str(app.screen.query_one("#scorecard", Static).render())

    asyncio.run(go())


def test_selecting_an_event_moves_the_transcript_and_timeline(review_doc: dict[str, Any]) -> None:
    async def go() -> None:
        app = CoachApp(review=ReviewDoc.from_dict(review_doc))
        async with app.run_test(size=(120, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            transcript = screen.query_one("#transcript")
            await pilot.press("down", "down")  # third event: the phrase to avoid at 0:50
            await pilot.pause()
            current = screen.query_one(".-current", TranscriptLine)
            assert "Avoid 'calm down'" in current.plain
            assert transcript.scroll_y > 0
            assert transcript.region.contains_region(current.region), "the moment is on screen"
            assert screen.query_one(Timeline).cursor == pytest.approx(50.1)
            await pilot.press("up", "up")
            await pilot.pause()
            assert "interrupted" in screen.query_one(".-current", TranscriptLine).plain
            assert len(screen.query(".-current")) == 1

    asyncio.run(go())


@pytest.mark.parametrize("size", [(40, 30), (80, 24), (120, 40)])
def test_review_layout_renders_and_key_widgets_are_visible(review_doc: dict[str, Any],
                                                           size: tuple[int, int]) -> None:
    async def go() -> None:
        app = CoachApp(review=ReviewDoc.from_dict(review_doc))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            svg = screen_text(app)
            assert "hand_made" in svg
            for selector in ("#timeline", "#events", "#transcript"):
                assert _visible(app, selector), f"{selector} hidden at {size}"
            timeline = str(app.screen.query_one(Timeline).render())
            assert "AGENT" in timeline and "CUST" in timeline and "×" in timeline

    asyncio.run(go())


def test_events_sharing_a_timeline_cell_are_all_shown(review_doc: dict[str, Any]) -> None:
    review_doc["events"] += [  # at 0:15 the interruption is also a talk-over; at 1:40 three things at once
        Event("talk_over", "agent", 15.5, 17.0, "Both spoke").to_dict(),
        Event("backchannel", "customer", 100.0, 100.2, "mm-hm").to_dict(),
        Event("dead_air", "agent", 100.1, 104.0, "silence").to_dict(),
        Event("monologue", "agent", 100.2, 130.0, "long").to_dict(),
    ]

    async def go() -> None:
        app = CoachApp(review=ReviewDoc.from_dict(review_doc))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            row = next(ln for ln in str(app.screen.query_one(Timeline).render()).splitlines()
                       if ln.startswith("event"))
            assert "↯≡" in row, row
            assert "3" in row and "·" not in row, "three kinds in one cell: their count, not the last one drawn"
            assert "♥" in row and "✗" in row

    asyncio.run(go())


def test_wrapped_transcript_lines_hang_under_the_words(review_doc: dict[str, Any]) -> None:
    # The segment just before the first event: it is on screen when the screen opens on that event.
    review_doc["segments"][2]["text"] = "thank you for calling northwind support my name is pam how can I help"

    async def go() -> None:
        app = CoachApp(review=ReviewDoc.from_dict(review_doc))
        async with app.run_test(size=(40, 30)) as pilot:
            await pilot.pause()
            lines = screen_text(app).splitlines()
            first = next(i for i, ln in enumerate(lines) if "AGENT" in ln and "thank" in ln)
            column = lines[first].index("thank")
            last = next(i for i in range(first, len(lines)) if "help" in lines[i])
            assert last > first, "the segment wrapped at 40 columns"
            for ln in lines[first + 1:last + 1]:
                assert ln[:column].strip() == "" and ln[column] != " ", f"not under the words: {ln!r}"

    asyncio.run(go())


def _status(app: CoachApp) -> str:
    return str(app.screen.query_one("#playback", Static).render())


async def _wait_status(pilot: Any, app: CoachApp, word: str) -> None:
    for _ in range(100):
        if word in _status(app):
            return
        await pilot.pause(0.05)


def test_playing_without_an_output_device_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import sounddevice as sd

    def no_device(*args: Any, **kwargs: Any) -> Any:
        raise sd.PortAudioError("Error querying device -1")  # what PortAudio says on a machine without sound

    monkeypatch.setattr(sd, "query_devices", no_device)
    doc = _fixture_review()

    async def go() -> None:
        app = CoachApp(review=ReviewDoc.from_dict(doc), recording=CALLS / "stereo_interrupt.flac")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("space")
            await _wait_status(pilot, app, "no audio output device")
            assert "⚠ no audio output device" in _status(app)
            assert "no audio output device" in screen_text(app)
            await pilot.press("down", "enter")  # enter on another event: the same message, no crash
            await _wait_status(pilot, app, "no audio output device")
            assert app.is_running

    asyncio.run(go())


def test_a_review_whose_recording_is_missing_says_so(review_doc: dict[str, Any]) -> None:
    async def go() -> None:
        app = CoachApp(review=ReviewDoc.from_dict(review_doc), recording=None)  # calls/hand_made.flac does not exist
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("space")
            await pilot.pause()
            assert "cannot play: the recording calls/hand_made.flac was not found" in _status(app)

    asyncio.run(go())


def test_playing_the_selected_moment_passes_its_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    import sounddevice as sd

    played: list[tuple[np.ndarray, int]] = []
    monkeypatch.setattr(sd, "query_devices", lambda *a, **k: {"name": "speakers", "max_output_channels": 2,
                                                              "default_samplerate": 48000.0})
    monkeypatch.setattr(sd, "check_output_settings", lambda *a, **k: None)
    monkeypatch.setattr(sd, "play", lambda samples, rate, **k: played.append((samples, rate)))
    monkeypatch.setattr(sd, "wait", lambda: None)
    doc = _fixture_review()
    interruption = next(e for e in doc["events"] if e["kind"] == "interruption")

    async def go() -> None:
        app = CoachApp(review=ReviewDoc.from_dict(doc), recording=CALLS / "stereo_interrupt.flac")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            index = next(i for i, m in enumerate(screen.events)
                         if m.kind == "interruption" and m.start == interruption["start"])
            await pilot.press(*["down"] * index, "space")
            await _wait_status(pilot, app, "played")
            assert "✓ played 0:21–0:28 on speakers" in _status(app)

    asyncio.run(go())
    assert len(played) == 1
    samples, rate = played[0]
    start = interruption["start"] - 2.0  # [ui] play_before_s
    end = interruption["end"] + 3.0  # [ui] play_after_s
    x, sr = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True,
                    start=int(start * 8000), stop=int(end * 8000))
    assert rate == sr == 8000
    assert samples.shape == x.shape and samples.shape[1] == 2
    np.testing.assert_array_equal(samples, x)


def test_a_device_that_refuses_the_rate_gets_resampled_audio(monkeypatch: pytest.MonkeyPatch) -> None:
    import sounddevice as sd

    played: list[tuple[np.ndarray, int]] = []

    def only_48k(*args: Any, samplerate: float = 0, **kwargs: Any) -> None:
        if samplerate != 48000:
            raise sd.PortAudioError("Invalid sample rate")

    monkeypatch.setattr(sd, "query_devices", lambda *a, **k: {"name": "headset", "max_output_channels": 1,
                                                              "default_samplerate": 48000.0})
    monkeypatch.setattr(sd, "check_output_settings", only_48k)
    monkeypatch.setattr(sd, "play", lambda samples, rate, **k: played.append((samples, rate)))
    monkeypatch.setattr(sd, "wait", lambda: None)
    clip = read_clip(CALLS / "stereo_interrupt.flac", 10.0, 12.0)
    assert clip.samples.shape == (16000, 2)
    assert play_clip(clip) == "headset"
    samples, rate = played[0]
    assert rate == 48000 and samples.shape == (96000, 1), "mixed down for a mono device, at its rate"


def _fixture_review() -> dict[str, Any]:
    """A review document of the stereo fixture built from its truth (no models needed)."""
    truth = load_truth("stereo_interrupt")
    return {"schema": "coach.review/1",
            "audio": {"path": "fixtures/calls/stereo_interrupt.flac", "duration_s": truth["audio"]["duration_s"]},
            "turns": [{k: s[k] for k in ("role", "start", "end")} for s in truth["segments"]],
            "segments": truth["segments"],
            "events": [{"kind": e["kind"], "role": e["role"], "start": e["start"], "end": e["end"],
                        "message": e.get("note", e["kind"])} for e in truth["events"]],
            "metrics": {}}


def test_the_timeline_draws_the_documents_overlaps_not_its_own(review_doc: dict[str, Any]) -> None:
    """The 'both' row shows the overlaps the review found (its ``overlaps`` field), even where the
    turns as stored would intersect elsewhere: the screen does not recompute them."""
    review_doc["overlaps"] = [{"start": 120.0, "end": 135.0, "first": "agent", "second": "customer"}]

    async def go() -> None:
        app = CoachApp(review=ReviewDoc.from_dict(review_doc))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            row = next(ln for ln in str(app.screen.query_one(Timeline).render()).splitlines()
                       if ln.startswith("both"))
            cells = row[len("both  "):]
            marked = [i for i, c in enumerate(cells) if c == "×"]
            assert marked and marked[0] == int(120.0 * len(cells) / 150.0), row  # only at 2:00-2:15
            assert marked[-1] < int(136.0 * len(cells) / 150.0) + 1, row

    asyncio.run(go())


def test_a_review_whose_overlap_names_no_role_is_one_line(review_doc: dict[str, Any]) -> None:
    from coach.review_doc import BadReview

    review_doc["overlaps"] = [{"start": 1.0, "end": 2.0, "first": "agent", "second": "nobody"}]
    with pytest.raises(BadReview, match="nobody"):
        ReviewDoc.from_dict(review_doc)
