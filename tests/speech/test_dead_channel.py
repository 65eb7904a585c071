"""A stereo call whose customer channel is dead (the whole call on the agent's channel, the other only a
line's hiss; built with sox, ``tests/speech/degrade.py``) is reviewed as mono with the reason stated,
in review and live, as a dual-mono call is (``test_degraded.py``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coach.vocab import SpeechChange
from tests.conftest import CALLS
from tests.conftest import run_coach as run_cli
from tests.speech.degrade import build

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("sox") is None, reason="sox builds the degraded variant")]


def test_a_dead_channel_call_is_reviewed_as_mono_with_the_reason(tmp_path: Path) -> None:
    """The real CLI: diarized, the reason in roles, and the agent's one interruption found (coached as
    stereo, the live channel would carry both parties' words as the agent's and the customer none)."""
    wav = build(CALLS / "stereo_interrupt.flac", "dead:customer")
    out = tmp_path / "review.json"
    run = run_cli("review", str(wav), "--json", str(out), "--no-history", timeout=600)
    assert run.rc == 0, run.err
    doc = json.loads(out.read_text())
    assert doc["roles"]["mono_because"] == "customer channel silent"
    assert doc["roles"]["agent"].startswith("speaker:") and doc["roles"]["customer"].startswith("speaker:")
    kinds = [e["kind"] for e in doc["events"]]
    assert kinds.count("interruption") == 1 and kinds.count("customer_interruption") == 0
    said = " ".join(s["text"].lower() for s in doc["segments"] if s["role"] == "customer")
    assert "twice" in said, said


@pytest.fixture(scope="module")
def live_dead() -> tuple[str, str, list[SpeechChange]]:
    """A live session on the dead-channel call's first 14 s, with ``[channels] dead_s`` at 5 s (its least)
    so the verdict comes at 7 s, while the customer talks: (notice, roles_by, speech changes)."""
    import dataclasses

    import soundfile as sf

    from coach.config import ChannelsConfig, CoachConfig
    from coach.live import LiveSession
    from coach.models import Models
    from coach.vocab import Chunk, LiveItem, SpeechUpdate, Status

    config = dataclasses.replace(CoachConfig(), channels=ChannelsConfig(dead_s=5.0))
    x, sr = sf.read(build(CALLS / "stereo_interrupt.flac", "dead:customer"), dtype="float32", always_2d=True)
    x = x[: 14 * sr]  # the agent's greeting, then the customer's first turn with the agent's "uh huh"
    block = sr // 10
    items: list[LiveItem] = []
    session = LiveSession([Chunk(i / sr, x[i:i + block], sr) for i in range(0, x.shape[0], block)], sr, config,
                          items.append, Models(config.models))
    session.start()
    assert session.join(timeout=600) and session.error is None
    statuses = [i for i in items if isinstance(i, Status)]
    return (session.status().notice, statuses[-1].roles_by if statuses else "",
            [c for i in items if isinstance(i, SpeechUpdate) for c in i.changes])


def test_live_says_when_a_channel_is_dead_and_tells_the_speakers_apart_by_voice(
        live_dead: tuple[str, str, list[SpeechChange]]) -> None:
    notice, roles_by, _ = live_dead
    assert notice.startswith("customer channel silent: speakers told apart by voice from 7 s"), notice
    assert roles_by.startswith("by voice"), roles_by


def test_after_a_live_switch_to_mono_the_customer_is_still_the_customer(
        live_dead: tuple[str, str, list[SpeechChange]]) -> None:
    _, _, changes = live_dead
    agent = [c.t for c in changes if c.role == "agent" and c.speaking and c.t > 7.0]
    customer = [c.t for c in changes if c.role == "customer" and c.speaking and c.t > 7.0]
    # after the switch the customer talks on (to 13.36 s) and the agent says "uh huh" at 9.76 s
    assert customer and min(customer) < 8.0, customer
    assert agent and min(agent) == pytest.approx(9.76, abs=0.3), agent
