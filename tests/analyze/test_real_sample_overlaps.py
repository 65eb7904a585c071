"""The six overlaps in the reference of pyannote's real telephone sample, as the analyzer calls them.

The reference (RTTM) turns go in unchanged, Diane (speaker90, who says "Hello?" first) as the
agent. What a listener hears at each overlap, and so what the analyzer must say:

1. 8.32-8.35: Diane's "Oh, hello" touches the end of Sheila's "Hello?" (30 ms): a turn change.
2. 9.92-10.02: Sheila's "Neither did I" starts as Diane ends "...you were there" (0.1 s): a turn change.
3. 10.57-11.03: Diane's "Okay, then I thought" over the tail of "Neither did I" (0.46 s, Sheila's
   sentence was complete and she stops): eager latching, below the 0.5 s that makes it an interruption.
4. 14.49-14.70: Sheila's "And I'm Sheila" as Diane finishes "...in New Jersey" (0.21 s): a turn change.
5. 18.15-18.59: Sheila's 0.44 s sound inside Diane's "Oh, I'm originally from Chicago also",
   not in the transcript, and Diane goes on: a backchannel.
6. 27.85-28.50: Diane comes in 0.65 s before Sheila ends "...so what can I say?" and keeps the
   floor: an interruption by the rule (Sheila finishes her sentence, but is talked over to do so).
"""

from __future__ import annotations

from coach.analyze.overlaps import OverlapAnalyzer
from coach.samples import pyannote_sample
from coach.vocab import Event, SpeechChange, SpeechUpdate

AGENT = "speaker90"


def _events() -> list[Event]:
    changes = []
    for turn in pyannote_sample().reference:
        role = "agent" if turn.speaker == AGENT else "customer"
        changes += [SpeechChange(role, turn.start, True, turn.start),  # type: ignore[arg-type]
                    SpeechChange(role, turn.end, False, turn.end)]  # type: ignore[arg-type]
    changes.sort(key=lambda c: (c.t, c.speaking))  # an end before a start at the same instant
    analyzer = OverlapAnalyzer()
    return analyzer.push(SpeechUpdate(changes=tuple(changes))) + analyzer.finish(30.0)


def test_the_reference_has_the_six_overlaps_the_docstring_reasons_about() -> None:
    ref = pyannote_sample().reference
    overlaps = sorted(
        (round(max(a.start, b.start), 2), round(min(a.end, b.end), 2))
        for i, a in enumerate(ref) for b in ref[i + 1:]
        if a.speaker != b.speaker and min(a.end, b.end) > max(a.start, b.start)
    )
    assert overlaps == [(8.32, 8.35), (9.92, 10.02), (10.57, 11.03), (14.49, 14.7), (18.15, 18.59), (27.85, 28.5)]


def test_each_reference_overlap_is_classified_as_a_listener_would() -> None:
    found = sorted((e.kind, e.role, round(e.start, 2), round(e.end, 2))
                   for e in _events() if e.kind in ("interruption", "customer_interruption", "backchannel"))
    assert found == [("backchannel", "customer", 18.15, 18.59), ("interruption", "agent", 27.85, 28.5)]
