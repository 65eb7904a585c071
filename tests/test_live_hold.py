"""Live, a stereo call's start waits for the channel check only while its two channels may be one
voice twice (coached as two parties, that would be all talk-over): a two-party call goes on within
its first words, a dual-mono one waits for the verdict that diarizes it from the start."""

from __future__ import annotations

import numpy as np
import soundfile as sf

from coach.config import CoachConfig
from coach.pipeline_live import HOLD_S, ChannelHold
from coach.speech.channelcheck import ChannelVerdict
from coach.vocab import Chunk
from tests.conftest import CALLS, load_truth


def _release(x: np.ndarray, sr: int) -> tuple[float, list[Chunk], ChannelVerdict | None]:
    """When the hold first lets audio go, what it let go, and the verdict then."""
    hold = ChannelHold(sr, CoachConfig())
    step = sr // 10
    for i in range(0, x.shape[0], step):
        chunk = Chunk(i / sr, x[i:i + step], sr)
        ready, verdict = hold.push(chunk)
        if ready:
            return chunk.end, ready, verdict
    raise AssertionError("the hold never let the call go")


def test_a_two_party_call_goes_on_half_a_second_of_speech_after_its_first_words() -> None:
    x, sr = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True)
    first = min(s["start"] for s in load_truth("stereo_interrupt")["segments"])
    customer = min(s["start"] for s in load_truth("stereo_interrupt")["segments"] if s["role"] == "customer")
    at, ready, verdict = _release(x, sr)
    assert at <= first + 0.8 < customer, (at, first, customer)  # before the customer has said a word
    assert verdict is None  # still provisional: a dead channel would switch it later
    assert ready[0].start == 0.0 and ready[-1].end == at  # nothing lost, in order


def test_a_dead_customer_channel_does_not_hold_the_agents_words() -> None:
    x, sr = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True)
    x[:, 1] = 0.0
    first = min(s["start"] for s in load_truth("stereo_interrupt")["segments"])
    at, _, _ = _release(x, sr)
    assert at <= first + 0.8, (at, first)


def test_two_columns_of_one_voice_wait_for_the_verdict() -> None:
    x, sr = sf.read(CALLS / "mono_interrupt.flac", dtype="float32", always_2d=True)
    at, ready, verdict = _release(np.concatenate([x, x], axis=1), sr)
    assert verdict == ChannelVerdict(False, "channels identical"), (at, verdict)
    assert at < HOLD_S and ready[0].start == 0.0
