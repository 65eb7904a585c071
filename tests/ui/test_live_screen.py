"""LiveScreen: nudges, partial and committed words, keys, layouts; fed by hand-made items."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual.widgets import Static

from coach.ui.app import CoachApp
from coach.ui.live_screen import LiveItemMessage, LiveScreen, LiveState
from coach.vocab import (
    CallMeters,
    Event,
    LiveItem,
    Nudge,
    SpeechChange,
    SpeechUpdate,
    Status,
    ToneMeter,
    TranscriptUpdate,
    Turn,
    Word,
)
from tests.ui.conftest import PAUSE, FakeCall, screen_text, wait_for


def _live(app: CoachApp) -> LiveScreen:
    assert isinstance(app.screen, LiveScreen)
    return app.screen


def _text(app: CoachApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def test_nudge_appears_when_it_arrives_and_older_ones_move_below() -> None:
    async def go() -> None:
        app = CoachApp(runner=FakeCall([]))
        async with app.run_test(size=(40, 30)) as pilot:
            screen = _live(app)
            await pilot.pause(PAUSE)
            assert "no nudge" in _text(app, "#nudge")
            screen.post_message(LiveItemMessage(Event("interruption", "agent", 3.0, 3.5, "interrupted")))
            screen.post_message(LiveItemMessage(Nudge("interruption", 3.5, "Let them finish", "warning")))
            screen.post_message(LiveItemMessage(CallMeters(3.0, interruptions=1)))  # the analyzer's count
            await wait_for(pilot, lambda: "interrupts 1" in _text(app, "#meters"))
            assert "Let them finish" in _text(app, "#nudge")
            assert "warning" in _text(app, "#nudge"), "a word beside the colour"
            assert "interrupts 1" in _text(app, "#meters")
            screen.post_message(LiveItemMessage(Nudge("empathy", 9.0, "Nice acknowledgement", "positive")))
            await wait_for(pilot, lambda: "Let them finish" in _text(app, "#older"))
            assert "Nice acknowledgement" in _text(app, "#nudge")
            assert "Let them finish" in _text(app, "#older")
            assert "0:09" in _text(app, "#header")

    asyncio.run(go())


def test_partial_words_are_dimmed_then_replaced_by_committed_ones() -> None:
    async def go() -> None:
        app = CoachApp(runner=FakeCall([]))
        async with app.run_test(size=(80, 24)) as pilot:
            screen = _live(app)
            partial = (Word("customer", 1.0, 1.3, "my bil", committed=False),)
            screen.post_message(LiveItemMessage(TranscriptUpdate("customer", partial=partial, at=1.4)))
            await wait_for(pilot, lambda: "my bil" in screen.transcript_text().plain)
            text = screen.transcript_text()
            start = text.plain.index("my bil")
            assert any(span.start <= start < span.end and "dim" in str(span.style) for span in text.spans)
            committed = (Word("customer", 1.0, 1.4, "my"), Word("customer", 1.4, 1.8, "bill"))
            screen.post_message(LiveItemMessage(TranscriptUpdate("customer", committed=committed, at=2.0)))
            await wait_for(pilot, lambda: "my bill" in screen_text(app))
            text = screen.transcript_text()
            assert "my bil\n" not in text.plain and not text.plain.endswith("my bil")
            start = text.plain.index("my bill")
            assert not any(span.start <= start < span.end and "dim" in str(span.style) for span in text.spans)
            assert "CUST:" in screen_text(app) and "my bil " not in screen_text(app)

    asyncio.run(go())


def test_speaker_and_talk_ratio_from_speech_updates() -> None:
    async def go() -> None:
        items: list[LiveItem] = [
            SpeechUpdate(changes=(SpeechChange("agent", 0.2, True, 0.5),)),
            SpeechUpdate(changes=(SpeechChange("customer", 1.0, True, 1.3),)),
        ]
        app = CoachApp(runner=FakeCall(items))
        async with app.run_test(size=(40, 30)) as pilot:
            await wait_for(pilot, lambda: "BOTH" in _text(app, "#header"))
            assert "BOTH" in _text(app, "#header")
            _live(app).post_message(LiveItemMessage(SpeechUpdate(
                changes=(SpeechChange("customer", 2.0, False, 2.3),),
                turns=(Turn("agent", 0.0, 3.0), Turn("customer", 1.0, 2.0)))))
            await wait_for(pilot, lambda: "talk 75%" in _text(app, "#meters"))
            assert "AGENT" in _text(app, "#header")
            assert "talk 75%" in _text(app, "#meters")

    asyncio.run(go())


def test_keys_pause_nudges_mark_a_moment_and_end_the_call() -> None:
    async def go() -> None:
        call = FakeCall([Status(12.0, 0.0, False, 0.0, 0.1)])
        app = CoachApp(runner=call)
        async with app.run_test(size=(40, 30)) as pilot:
            screen = _live(app)
            await pilot.pause(PAUSE)
            await pilot.press("p")
            screen.post_message(LiveItemMessage(Nudge("dead_air", 12.5, "Say what you are doing")))
            await wait_for(pilot, lambda: "1 held" in _text(app, "#header"))
            assert screen.paused
            assert "no nudge" in _text(app, "#nudge")
            assert "paused (1 held)" in _text(app, "#header")
            await pilot.press("p")
            await wait_for(pilot, lambda: "paused" not in _text(app, "#header"))
            assert not screen.paused and "paused" not in _text(app, "#header")

            await pilot.press("m")
            assert screen.marks == [12.5]
            await wait_for(pilot, lambda: "★ 1" in _text(app, "#meters"))
            assert "★ 1" in _text(app, "#meters")

            await pilot.press("q")
            assert call.stopped.wait(2), "q ends the call"
            await wait_for(pilot, lambda: "ended" in _text(app, "#header"))
            assert "ended" in _text(app, "#header")
            await pilot.press("q")
            await pilot.pause()
        assert app.return_value == [12.5]

    asyncio.run(go())


def test_the_header_says_when_roles_are_told_apart_by_voice() -> None:
    async def go() -> None:
        app = CoachApp(runner=FakeCall([]))
        async with app.run_test(size=(100, 24)) as pilot:
            screen = _live(app)
            screen.post_message(LiveItemMessage(Status(3.0, 0.0, False, 0.0, 0.1, roles_by="by voice")))
            screen.post_message(LiveItemMessage(SpeechUpdate((SpeechChange("customer", 2.5, True, 3.0),))))
            await wait_for(pilot, lambda: "by voice" in _text(app, "#header"))
            assert "by voice" in _text(app, "#header") and "CUST" in _text(app, "#header").upper()

    asyncio.run(go())


def test_a_failed_session_is_shown_not_raised() -> None:
    def broken(emit: Callable[[LiveItem], None], register_stop: Callable[[Callable[[], None]], None]) -> None:
        raise RuntimeError("no models")

    async def go() -> None:
        app = CoachApp(runner=broken)
        async with app.run_test(size=(40, 30)) as pilot:
            await wait_for(pilot, lambda: "no models" in _text(app, "#header"))
            assert "no models" in _text(app, "#header")
            await pilot.pause(PAUSE)
            assert "all good" not in _text(app, "#nudge"), "an internal error is never shown as all good"
            assert "error" in _text(app, "#nudge")

    asyncio.run(go())


@pytest.mark.parametrize("size", [(40, 30), (80, 24), (120, 40)])
def test_live_layout_renders_and_key_widgets_are_visible(size: tuple[int, int]) -> None:
    async def go() -> None:
        app = CoachApp(runner=FakeCall([Nudge("interruption", 3.5, "Let them finish"),
                                        Nudge("cold_tone", 8.0, "Warm up your tone", "alert")]))
        async with app.run_test(size=size) as pilot:
            selectors = ("#header", "#nudge", "#older", "#meters", "#transcript")

            def laid_out() -> bool:
                # The second nudge shows #older; its region is only computed on the next layout pass.
                return "Warm up" in screen_text(app) and all(
                    app.screen.query_one(s).region.height > 0 for s in selectors)

            await wait_for(pilot, laid_out)
            assert "Warm up" in screen_text(app)
            for selector in selectors:
                region = app.screen.query_one(selector).region
                assert region.height > 0 and app.screen.region.contains_region(region), f"{selector} at {size}"

    asyncio.run(go())


def test_tone_meters_show_pitch_variability_and_loudness_with_words() -> None:
    async def go() -> None:
        app = CoachApp(runner=FakeCall([]))
        async with app.run_test(size=(40, 30)) as pilot:
            screen = _live(app)
            await wait_for(pilot, lambda: "pitch –" in _text(app, "#meters"))
            assert "pitch –" in _text(app, "#meters"), "no reading yet"
            screen.post_message(LiveItemMessage(ToneMeter(4.0, 2.4, -23.2, 4.0, flat=False, quiet=False)))
            await wait_for(pilot, lambda: "2.4st" in _text(app, "#meters"))
            meters = _text(app, "#meters")
            assert "pitch 2.4st varied" in meters and "loud -23dB ok" in meters
            screen.post_message(LiveItemMessage(ToneMeter(30.0, 0.5, -52.0, 29.9, flat=True, quiet=True)))
            await wait_for(pilot, lambda: "FLAT" in _text(app, "#meters"))
            assert "pitch 0.5st FLAT" in _text(app, "#meters") and "QUIET" in _text(app, "#meters")
            for line in screen_text(app).splitlines():
                if "FLAT" in line:
                    assert "QUIET" in line, "both meters fit on one line at 40 columns"

    asyncio.run(go())


SENTENCE = "thank you for calling northwind support my name is pam how can I help you today"


def test_wrapped_transcript_lines_hang_under_the_words() -> None:
    words = tuple(Word("agent", 1.0 + i, 1.5 + i, w) for i, w in enumerate(SENTENCE.split()))

    async def go() -> None:
        app = CoachApp(runner=FakeCall([TranscriptUpdate("agent", committed=words, at=20.0)]))
        async with app.run_test(size=(40, 30)) as pilot:
            await wait_for(pilot, lambda: "today" in screen_text(app))
            lines = screen_text(app).splitlines()
            first = next(i for i, ln in enumerate(lines) if "AGENT:" in ln and "thank" in ln)
            column = lines[first].index("thank")
            last = next(i for i in range(first, len(lines)) if "today" in lines[i])
            assert last > first, "the line wrapped at 40 columns"
            for ln in lines[first + 1:last + 1]:
                assert ln[:column].strip() == "" and ln[column] != " ", f"not under the words: {ln!r}"

    asyncio.run(go())


def test_the_interruption_count_is_the_analyzers() -> None:
    """The sidebar shows the count the analyzer keeps (CallMeters); nudges and events do not change it."""
    async def go() -> None:
        items: list[LiveItem] = [Nudge("interruption", 24.0, "Let the customer finish"),
                                 CallMeters(23.4, interruptions=1),
                                 Event("interruption", "agent", 23.4, 25.6, "interrupted"),
                                 Event("interruption", "agent", 60.0, 61.0, "interrupted"),
                                 CallMeters(60.0, interruptions=2, customer_interruptions=1)]
        app = CoachApp(runner=FakeCall(items))
        async with app.run_test(size=(40, 30)) as pilot:
            await wait_for(pilot, lambda: "interrupts 2" in screen_text(app))
            assert "interrupts 2" in screen_text(app)

    asyncio.run(go())
    state = LiveState()
    state.apply(Nudge("interruption", 24.0, "Let the customer finish"), paused=False)
    state.apply(Event("interruption", "agent", 23.4, 25.6, "interrupted"), paused=False)
    assert state.interruptions == 0, "a sink does not count findings"


def test_a_long_pause_in_one_speakers_words_starts_a_new_line() -> None:
    state = LiveState()
    state.apply(TranscriptUpdate("agent", committed=(Word("agent", 20.0, 20.4, "I"), Word("agent", 20.4, 20.9, "see")),
                                 at=21.0), paused=False)
    state.apply(TranscriptUpdate("agent", committed=(Word("agent", 21.2, 21.5, "now"),), at=22.0), paused=False)
    state.apply(TranscriptUpdate("agent", committed=(Word("agent", 28.3, 28.6, "sorry"),), at=29.0), paused=False)
    assert [" ".join(words) for _, words in state.lines] == ["I see now", "sorry"]
