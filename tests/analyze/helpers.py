"""Hand-built timelines for analyzer tests: speech changes and words as a transcriber would give them."""

from __future__ import annotations

from coach.vocab import Role, SpeechChange, SpeechUpdate, Word


def ch(role: str, t: float, speaking: bool) -> SpeechChange:
    return SpeechChange(role, t, speaking, t)  # type: ignore[arg-type]


def turns(*spans: tuple[str, float, float]) -> SpeechUpdate:
    """Speech changes for (role, start, end) turns, in time order."""
    changes = [ch(r, s, True) for r, s, _ in spans] + [ch(r, e, False) for r, _, e in spans]
    return SpeechUpdate(changes=tuple(sorted(changes, key=lambda c: (c.t, c.speaking))))


def said(role: Role, start: float, text: str, rate: float = 0.3) -> list[Word]:
    """The words of ``text`` from ``start``, one every ``rate`` seconds."""
    return [Word(role, start + i * rate, start + i * rate + rate * 0.8, w) for i, w in enumerate(text.split())]
