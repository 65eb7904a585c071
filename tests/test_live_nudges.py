"""Live nudges from who speaks when are decided a VAD window after their rule is met, in call time.

The session is fed unpaced, so the check does not depend on this machine's speed: a nudge's
``at`` is the call time the live path had settled when it decided, and the rule's moment comes
from the finished event the same session emitted. The wall-clock lag on top of it (threads,
queues, a loaded machine) is what ``benchmarks.nudge_timing`` measures.
"""

from __future__ import annotations

import dataclasses

import pytest
import soundfile as sf

from coach.config import CoachConfig
from coach.live import LiveSession
from coach.models import Models
from coach.vocab import Chunk, Event, Nudge
from tests.conftest import CALLS

# One 0.1 s chunk (the rule can be met just after a chunk's start), a 32 ms VAD window and the
# resampler's few samples: what the speech stage needs to know who is speaking. The leak canceller
# adds nothing once each party has been heard alone for 0.3 s (it looks a block ahead only before
# that, for a call's first words that leak), so the bound is the same with it on.
DECISION_S = 0.1 + 0.032 + 0.02


def rule_met(e: Event, config: CoachConfig) -> float:
    o = config.overlaps
    if e.kind == "talk_over":
        return e.start + o.talk_over_min_s
    if e.kind == "dead_air":
        return e.start + o.dead_air_s
    return min(e.start + o.backchannel_max_s, e.end)


@pytest.fixture(scope="module")
def models() -> Models:
    return Models(CoachConfig().models)


@pytest.mark.slow
@pytest.mark.parametrize("name, kinds", [
    ("stereo_interrupt", {"interruption", "talk_over"}),
    ("upset_no_empathy", {"customer_interruption", "talk_over", "dead_air"}),
])
@pytest.mark.parametrize("leak_canceller", [False, True])
def test_overlap_and_dead_air_nudges_follow_the_rule_within_a_vad_window(name: str, kinds: set[str],
                                                                          leak_canceller: bool,
                                                                          models: Models) -> None:
    base = CoachConfig()
    config = dataclasses.replace(base, echo=dataclasses.replace(base.echo, enabled=leak_canceller))
    x, sr = sf.read(CALLS / f"{name}.flac", dtype="float32", always_2d=True)
    chunks = [Chunk(i / sr, x[i:i + sr // 10], sr) for i in range(0, x.shape[0], sr // 10)]
    items: list[object] = []
    session = LiveSession(chunks, sr, config, items.append, models)
    session.start()
    assert session.join(timeout=300) and session.error is None
    events = [e for e in items if isinstance(e, Event) and e.kind in kinds]
    nudges = [n for n in items if isinstance(n, Nudge) and n.kind in kinds]
    assert {n.kind for n in nudges} == kinds, nudges
    for n in nudges:
        met = min((rule_met(e, config) for e in events if e.kind == n.kind), key=lambda t: abs(t - n.at))
        assert 0.0 <= n.at - met <= DECISION_S, (n, met)
