"""The call's interruption count is kept by the analyzer: once per interruption, as soon as it is certain."""

from __future__ import annotations

import numpy as np
import pytest

from coach.analyze.coach import CallCoach
from coach.vocab import CallMeters, Event, SpeechChange, SpeechUpdate
from tests.conftest import FIXTURE_NAMES, load_truth

STEP_S = 0.1  # the live session's block


def _changes(name: str) -> list[SpeechChange]:
    """Who starts and stops speaking when, from the fixture's truth (each role's segments joined where they touch)."""
    out: list[SpeechChange] = []
    segs = load_truth(name)["segments"]
    for role in ("agent", "customer"):
        spans: list[list[float]] = []
        for s in sorted((s for s in segs if s["role"] == role), key=lambda s: s["start"]):
            if spans and s["start"] <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], s["end"])
            else:
                spans.append([s["start"], s["end"]])
        out += [SpeechChange(role, t, speaking, t) for a, b in spans for t, speaking in ((a, True), (b, False))]
    return sorted(out, key=lambda c: (c.t, c.speaking))


def _live(name: str) -> tuple[list[CallMeters], list[Event]]:
    """The call fed as live feeds it: 0.1 s at a time, asking for ongoing findings after each block."""
    changes = _changes(name)
    coach, meters, events = CallCoach(), [], []
    end = max(c.t for c in changes) + 1.0
    for now in np.arange(STEP_S, end, STEP_S):
        block = tuple(c for c in changes if now - STEP_S < c.t <= now)
        events += coach.push(speech=SpeechUpdate(changes=block))
        coach.ongoing(float(now))
        meters += [m for m in [coach.take_meters()] if m is not None]
    events += coach.finish(end)
    meters += [m for m in [coach.take_meters()] if m is not None]
    return meters, events


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_each_interruption_counts_once_while_it_lasts(name: str) -> None:
    meters, events = _live(name)
    found = [e for e in events if e.kind == "interruption"]
    total = meters[-1].interruptions if meters else 0
    assert total == len(found), (meters, found)  # the ongoing finding and the event are one interruption
    assert [m.interruptions for m in meters if m.interruptions] == list(range(1, total + 1))
    for m, e in zip([m for m in meters if m.interruptions], found, strict=False):
        assert m.at == e.start  # counted while it lasts, named by its onset


def test_the_stereo_fixtures_interruption_is_counted_before_its_overlap_ends() -> None:
    truth = [e for e in load_truth("stereo_interrupt")["events"] if e["kind"] == "interruption"]
    coach = CallCoach()
    changes = _changes("stereo_interrupt")
    onset = truth[0]["start"]
    counted_at = None
    for now in np.arange(STEP_S, truth[0]["end"], STEP_S):
        coach.push(speech=SpeechUpdate(changes=tuple(c for c in changes if now - STEP_S < c.t <= now)))
        coach.ongoing(float(now))
        if (m := coach.take_meters()) is not None and m.interruptions and counted_at is None:
            counted_at = float(now)
    assert len(truth) == 1 and counted_at is not None, "counted before the overlap ended"
    assert counted_at - onset <= coach.config.overlaps.backchannel_max_s + 2 * STEP_S
