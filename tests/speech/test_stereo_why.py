"""``benchmarks.stereo_degraded --why``: each invented event and missed overlap named, with the leak's state."""

from __future__ import annotations

from benchmarks.stereo_degraded import _why
from coach.vocab import SpeechChange, Turn


def test_why_names_the_invented_event_the_missed_overlap_and_the_leak_then() -> None:
    truth = {"audio": {"duration_s": 6.0}, "events": [],
             "segments": [{"role": "agent", "start": 0.0, "end": 5.0},
                          {"role": "customer", "start": 3.0, "end": 3.5}]}
    # the agent talks 0-5 s; an echo is heard as the customer at 1.0-1.3 s; the real 3.0 s words are missed
    changes = [SpeechChange("agent", 0.0, True, 0.0), SpeechChange("customer", 1.0, True, 1.0),
               SpeechChange("customer", 1.3, False, 1.3), SpeechChange("agent", 5.0, False, 5.0)]
    turns = [Turn("agent", 0.0, 5.0), Turn("customer", 1.0, 1.3)]
    lines = _why(truth, (changes, turns, [], 6.0), {"agent": [(0.5, True), (1.2, False)]})
    assert len(lines) == 2, lines
    assert "invented backchannel customer 1.00-1.30" in lines[0]
    assert "leak of agent into it found (found at 0.5 s)" in lines[0]
    assert lines[1].startswith("    missed overlap 3.00-3.50; found -;")
    assert _why(truth, (changes, turns, [], 6.0), {})[0].endswith("leak of agent into it not yet found")


def test_where_names_each_stretch_that_costs_attribution() -> None:
    """``--where``: the stretches where the speakers found differ from the truth's, each with both sets, so a
    row under the bar says what cost it (a pause inside a turn heard as a gap, an echo heard as the other
    party, an end late into the other's turn); together they are exactly what attribution loses."""
    from tests.speech.scoring import attribution, misattributed

    truth = {"audio": {"duration_s": 10.0}, "events": [],
             "segments": [{"role": "agent", "start": 0.0, "end": 4.0}, {"role": "agent", "start": 4.4, "end": 8.0},
                          {"role": "customer", "start": 7.5, "end": 9.0}]}  # the 0.4 s pause is inside the turn
    turns = [Turn("agent", 0.0, 3.8), Turn("agent", 4.4, 8.03), Turn("customer", 1.0, 1.3),
             Turn("customer", 7.5, 9.0)]
    found = misattributed(truth, turns)
    assert found == [(1.0, 1.3, "a", "ac"), (3.8, 4.4, "a", "-")], found  # 8.00-8.03 ("c" found "ac"): under 50 ms
    every = misattributed(truth, turns, min_s=0.0)
    assert (8.0, 8.03, "c", "ac") in every
    lost = sum(b - a for a, b, _, _ in every)
    assert abs(lost - (1 - attribution(truth, turns)) * 9.0) < 0.011
