"""Turn-taking analyzer on hand-built timelines: what a supervisor would call each overlap."""

from __future__ import annotations

from coach.analyze.overlaps import OverlapAnalyzer
from coach.config import OverlapsConfig
from coach.vocab import Event, SpeechChange, SpeechUpdate


def ch(role: str, t: float, speaking: bool) -> SpeechChange:
    return SpeechChange(role, t, speaking, t)  # type: ignore[arg-type]


def run(*changes: SpeechChange, end: float = 60.0, config: OverlapsConfig | None = None) -> list[Event]:
    a = OverlapAnalyzer(config)
    events = a.push(SpeechUpdate(changes=tuple(changes)))
    return events + a.finish(end)


def kinds(events: list[Event]) -> list[tuple[str, str, float, float]]:
    return sorted((e.kind, e.role, round(e.start, 2), round(e.end, 2)) for e in events)


def test_backchannel_inside_the_customers_turn_is_not_an_interruption() -> None:
    events = run(ch("customer", 1, True), ch("agent", 3, True), ch("agent", 3.4, False), ch("customer", 8, False))
    assert kinds(events) == [("backchannel", "agent", 3.0, 3.4)]


def test_agent_cutting_in_and_holding_on_is_an_interruption_and_talk_over() -> None:
    events = run(ch("customer", 1, True), ch("agent", 5, True), ch("customer", 7.2, False), ch("agent", 10, False))
    assert kinds(events) == [("interruption", "agent", 5.0, 7.2), ("talk_over", "agent", 5.0, 7.2)]
    assert events[0].detail["overlap_s"] == 2.2


def test_customer_cutting_the_agent_off() -> None:
    events = run(ch("agent", 1, True), ch("customer", 4, True), ch("agent", 4.6, False), ch("customer", 6, False))
    assert kinds(events) == [("customer_interruption", "customer", 4.0, 4.6)]


def test_early_start_at_a_turn_end_is_an_ordinary_turn_change() -> None:
    # The agent starts 0.2 s before the customer finishes: latching, not interrupting.
    events = run(ch("customer", 1, True), ch("agent", 4.8, True), ch("customer", 5.0, False), ch("agent", 9, False))
    assert kinds(events) == []


def test_long_speech_over_the_other_that_stops_first_is_still_an_interruption() -> None:
    events = run(ch("customer", 1, True), ch("agent", 3, True), ch("agent", 4.5, False), ch("customer", 9, False))
    assert kinds(events) == [("interruption", "agent", 3.0, 4.5), ("talk_over", "agent", 3.0, 4.5)]


def test_simultaneous_start_at_the_call_start_and_overlap_at_the_end() -> None:
    events = run(ch("agent", 0, True), ch("customer", 0, True), end=2.0)
    # Both still talking when the call ends, 2 s of overlap: the one listed second came in.
    assert ("talk_over", "agent", 0.0, 2.0) in kinds(events)
    assert any(e.kind in ("interruption", "customer_interruption") for e in events)


def test_very_short_turns_and_a_silent_party() -> None:
    silent_customer = run(ch("agent", 1, True), ch("agent", 1.1, False), ch("agent", 2, True), ch("agent", 3, False))
    assert kinds(silent_customer) == []
    silent_agent = run(ch("customer", 1, True), ch("customer", 30, False))
    assert kinds(silent_agent) == []


def test_dead_air_between_turns_but_not_before_the_first_word_or_after_the_last() -> None:
    events = run(ch("agent", 8, True), ch("agent", 10, False), ch("customer", 16.5, True),
                 ch("customer", 18, False), end=40)
    assert kinds(events) == [("dead_air", "agent", 10.0, 16.5)]


def test_monologue_is_broken_by_the_customer_taking_the_floor_not_by_a_backchannel() -> None:
    cfg = OverlapsConfig(monologue_s=20.0)
    events = run(ch("agent", 0, True), ch("customer", 10, True), ch("customer", 10.4, False),
                 ch("agent", 25, False), ch("customer", 25.5, True), ch("customer", 30, False),
                 ch("agent", 31, True), ch("agent", 35, False), config=cfg)
    assert ("monologue", "agent", 0.0, 25.0) in kinds(events)
    assert [e.kind for e in events].count("monologue") == 1


def test_live_findings_are_certain_before_they_finish() -> None:
    a = OverlapAnalyzer()
    a.push(SpeechUpdate(changes=(ch("customer", 1, True), ch("agent", 5, True))))
    assert a.ongoing(5.5) == []  # could still be a backchannel
    live = a.ongoing(6.05)  # 1.0 s after the onset, both still speaking
    assert [(e.kind, e.start) for e in live] == [("interruption", 5.0), ("talk_over", 5.0)]
    done = a.push(SpeechUpdate(changes=(ch("customer", 8, False),)))
    assert kinds(done) == [("interruption", "agent", 5.0, 8.0), ("talk_over", "agent", 5.0, 8.0)]


def test_review_and_live_agree() -> None:
    changes = (ch("customer", 1, True), ch("agent", 3, True), ch("agent", 3.3, False), ch("agent", 6, True),
               ch("customer", 8, False), ch("agent", 9, False), ch("customer", 16, True), ch("customer", 17, False))
    review = run(*changes, end=20)
    live = OverlapAnalyzer()
    events: list[Event] = []
    for c in changes:
        events += live.push(SpeechUpdate(changes=(c,)))
        live.ongoing(c.t + 0.5)  # a dashboard polling in between must not change the outcome
    events += live.finish(20)
    assert kinds(events) == kinds(review)
