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
