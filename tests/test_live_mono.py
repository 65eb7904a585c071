"""Live mono: a call with both parties in one channel, through the real session and models.

The speech stage diarizes the mix (the streaming diarizer), one transcriber hears it, and each
word goes to the role heard saying it; the analyzer nudges as on a stereo call. A stereo input
whose two columns carry one voice is switched to that shape; a stage that fails ends the call
with one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch

from audio.sources import FileSource, ReplaySource
from coach.config import CoachConfig
from coach.live import LiveSession
from coach.models import Models, set_torch_threads
from coach.vocab import Chunk, LiveItem, Nudge, SpeechUpdate, Status, TranscriptUpdate
from tests.conftest import CALLS, load_truth

MONO = CALLS / "mono_interrupt.flac"  # the stereo_interrupt call mixed to one channel


@pytest.fixture(autouse=True)
def one_torch_thread() -> Iterator[None]:
    """As `coach live` / `coach replay` run (process_models(config, threads=1))."""
    before = torch.get_num_threads()
    set_torch_threads(1)
    yield
    torch.set_num_threads(before)


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
def test_a_mono_mulaw_call_replayed_at_4x_gives_speakers_words_and_the_interruption(tmp_path: Path) -> None:
    """What `coach replay CALL --speed 4` runs behind the screen: the real session, models and pacing."""
    config = CoachConfig()
    items: list[LiveItem] = []
    with FileSource(_mulaw_8k(tmp_path), config.audio) as source:
        assert source.num_channels == 1 and source.sample_rate == 8000
        session = LiveSession(ReplaySource(source, speed=4.0), source.sample_rate, config, items.append,
                              Models(config.models))
        session.start()
        assert session.join(timeout=900)
    assert session.error is None
    status = [i for i in items if isinstance(i, Status)]
    assert status and status[-1].roles_by == "by voice, agent by first_speaker", status[-1]
    changes = [c for i in items if isinstance(i, SpeechUpdate) for c in i.changes]
    truth = load_truth("mono_interrupt")["segments"]
    assert min(c.t for c in changes if c.role == "agent") == pytest.approx(truth[0]["start"], abs=0.3)
    customer = [s for s in truth if s["role"] == "customer"][0]
    assert min(c.t for c in changes if c.role == "customer") == pytest.approx(customer["start"], abs=0.3)
    words = [w for i in items if isinstance(i, TranscriptUpdate) for w in i.committed]
    agent = " ".join(w.text.lower() for w in words if w.role == "agent")
    said = " ".join(w.text.lower() for w in words if w.role == "customer")
    assert "calling" in agent and "sorry" in agent and "twice" in said, (agent, said)
    nudges = [i for i in items if isinstance(i, Nudge)]
    interruption = [e for e in load_truth("mono_interrupt")["events"] if e["kind"] == "interruption"][0]
    assert [n.at > interruption["start"] for n in nudges if n.kind == "interruption"] == [True], nudges


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
