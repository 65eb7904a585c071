"""Live mono: a call with both parties in one channel, through the real session and models.

The speech stage diarizes the mix (the streaming diarizer), one transcriber hears it, and each
word goes to the role heard saying it; the analyzer nudges as on a stereo call. A stereo input
whose two columns carry one voice is switched to that shape; a stage that fails ends the call
with one line.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audio.sources import FileSource
from coach.config import CoachConfig
from coach.live import LiveSession
from coach.models import Models
from coach.session.runner import session_runner
from coach.ui.app import CoachApp
from coach.ui.live_screen import LiveScreen
from coach.vocab import Chunk, LiveItem, Nudge, SpeechUpdate, Status, TranscriptUpdate
from tests.conftest import CALLS, load_truth
from tests.ui.conftest import screen_text

MONO = CALLS / "mono_interrupt.flac"  # the stereo_interrupt call mixed to one channel


def _mulaw_8k(tmp_path: Path) -> Path:
    """The mono fixture as a phone line stores it: 8 kHz mu-law."""
    from audio.resample import StreamResampler

    x, sr = sf.read(MONO, dtype="float32")
    r = StreamResampler(sr, 8000)
    y = np.concatenate([r.push(x), r.finish()])
    out = tmp_path / "mono_ulaw.wav"
    sf.write(out, y, 8000, subtype="ULAW")
    return out


@pytest.mark.slow
def test_a_mono_mulaw_call_replayed_at_4x_shows_speakers_words_and_the_interruption(tmp_path: Path) -> None:
    """What `coach replay CALL --speed 4` shows, through the same runner and screen (headless)."""
    config = CoachConfig()
    source = FileSource(_mulaw_8k(tmp_path), config.audio)
    models = Models(config.models)
    seen: dict[str, object] = {}

    async def go() -> None:
        app = CoachApp(runner=session_runner(source, config, None, models, speed=4.0))
        async with app.run_test(size=(100, 30)) as pilot:
            assert isinstance(app.screen, LiveScreen)
            screen = app.screen
            for _ in range(1200):  # the call plays in ~10 s; a loaded machine takes longer
                if screen.ended:
                    break
                await pilot.pause(0.1)
            await pilot.pause(0.3)
            seen.update(ended=screen.ended, error=screen.error, text=screen_text(app),
                        nudges=[n.kind for n in screen.state.nudges], talk=dict(screen.state.talk_s))

    asyncio.run(go())
    assert seen["ended"] and seen["error"] is None, seen["error"]
    text = str(seen["text"])
    assert "by voice" in text, "the header says the roles are diarized"
    assert "AGENT:" in text and "CUST:" in text, text
    assert "interruption" in seen["nudges"], seen["nudges"]
    talk = seen["talk"]
    assert isinstance(talk, dict) and talk["agent"] > 10 and talk["customer"] > 10, talk


def _run(x: np.ndarray, sr: int, config: CoachConfig, models: Models | None = None) -> tuple[LiveSession,
                                                                                              list[LiveItem]]:
    block = sr // 10
    chunks = [Chunk(i / sr, x[i:i + block], sr) for i in range(0, x.shape[0], block)]
    items: list[LiveItem] = []
    session = LiveSession(chunks, sr, config, items.append, models or Models(config.models))
    session.start()
    assert session.join(timeout=600)
    return session, items


@pytest.mark.slow
def test_two_columns_of_one_voice_are_diarized_from_the_start_not_coached_as_talk_over() -> None:
    config = CoachConfig()
    x, sr = sf.read(MONO, dtype="float32", always_2d=True)
    session, items = _run(np.concatenate([x, x], axis=1), sr, config)
    assert session.error is None
    status = [i for i in items if isinstance(i, Status)][-1]
    assert status.notice.startswith("channels identical") and status.roles_by.startswith("by voice")
    nudges = [i for i in items if isinstance(i, Nudge)]
    truth = [e for e in load_truth("mono_interrupt")["events"] if e["kind"] == "interruption"]
    overlap_nudges = [n for n in nudges if n.kind in ("interruption", "customer_interruption", "talk_over")]
    assert overlap_nudges and all(n.at > truth[0]["start"] for n in overlap_nudges), overlap_nudges
    assert any(n.kind == "interruption" for n in nudges)
    changes = [c for i in items if isinstance(i, SpeechUpdate) for c in i.changes]
    first_customer = min(c.t for c in changes if c.role == "customer" and c.speaking)
    first_agent = min(c.t for c in changes if c.role == "agent" and c.speaking)
    assert first_agent < 1.0 < 5.0 < first_customer < 6.5, (first_agent, first_customer)
    words = {w.role: w.text for i in items if isinstance(i, TranscriptUpdate) for w in i.committed}
    assert set(words) == {"agent", "customer"}


def test_a_failing_stage_ends_the_call_with_one_line() -> None:
    class Broken:
        def score(self, *args: object) -> None:
            raise ValueError("model file truncated")

    config = CoachConfig()
    x = (0.1 * np.random.default_rng(0).standard_normal((16000, 2))).astype(np.float32)
    session, items = _run(x, 16000, config, Models(config.models, live_engine=object(), silero=Broken()))
    assert session.error is not None
    line = str(session.error)
    assert re.fullmatch(r"coaching stopped: the (speech|asr) stage failed \(ValueError: model file truncated\)",
                        line), line
