"""Nudges: one actionable line per event kind, a cooldown, positive reinforcement."""

from __future__ import annotations

from coach.analyze.nudges import Nudger
from coach.config import NudgesConfig
from coach.vocab import Event


def test_cooldown_per_kind_and_suggestion_in_the_text() -> None:
    n = Nudger()
    events = [Event("interruption", "agent", 1, 2), Event("interruption", "agent", 10, 11),
              Event("avoid_phrase", "agent", 12, 13, detail={"suggestion": "Let me find out for you."}),
              Event("interruption", "agent", 30, 31), Event("backchannel", "customer", 4, 4.3)]
    nudges = n.push(events)
    assert [(x.kind, x.at) for x in nudges] == [("interruption", 2), ("avoid_phrase", 13), ("interruption", 31)]
    assert nudges[1].text == "Try instead: Let me find out for you." and nudges[0].severity == "warning"


def test_positive_reinforcement_can_be_turned_off() -> None:
    e = [Event("empathy", "agent", 1, 2)]
    assert [x.severity for x in Nudger().push(e)] == ["positive"]
    assert Nudger(NudgesConfig(positive=False)).push(e) == []
    assert len(Nudger(NudgesConfig(cooldown_s=0.0)).push(e * 3)) == 3
