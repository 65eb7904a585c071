"""The leak canceller sits between the channels and the VADs, so what it holds back delays every
decision about who speaks (interruption and talk-over nudges). It looks ahead only for a call's
first words; once each party has been heard alone it passes each chunk on as it comes."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from benchmarks.stereo_degraded import load
from coach.config import EchoConfig
from coach.speech.leak import LeakCanceller
from coach.vocab import ROLES
from tests.conftest import CALLS, load_truth
from tests.speech.degrade import build

pytestmark = pytest.mark.skipif(shutil.which("sox") is None or shutil.which("ffmpeg") is None,
                                reason="sox and ffmpeg build the degraded variants (scripts/setup.sh installs them)")


@pytest.mark.parametrize("spec", ["clean", "echo:a2c:-12:250", "echo:c2a:-24:40"])
def test_once_both_parties_were_heard_alone_each_chunk_passes_at_once(spec: str) -> None:
    audio, _ = load(build(CALLS / "stereo_interrupt.flac", spec))
    config = EchoConfig()
    leak = LeakCanceller(config)
    held: list[tuple[float, float]] = []  # (call time pushed, seconds of it not out yet)
    out: dict[str, list[np.ndarray]] = {r: [] for r in ROLES}
    pushed = given = 0
    for i in range(0, len(audio["agent"]), 1600):  # 0.1 s chunks, as live
        got = leak.push({r: audio[r][i: i + 1600] for r in ROLES})
        for r in ROLES:
            out[r].append(got[r])
        pushed, given = min(i + 1600, len(audio["agent"])), given + len(got["agent"])
        held.append((pushed / 16000, (pushed - given) / 16000))
    rest = leak.finish()
    assert all(sum(map(len, out[r])) + len(rest[r]) == len(audio[r]) for r in ROLES)  # nothing lost
    segments = load_truth("stereo_interrupt")["segments"]
    customer = next(s for s in segments if s["role"] == "customer")  # alone until the agent's backchannel
    assert max(h for _, h in held) <= 2 * config.block_s + 0.1  # the first words: two blocks at most
    assert max(h for t, h in held if t >= customer["start"] + 1.0) == 0.0, held  # then nothing
