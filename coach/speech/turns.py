"""From speech starts/ends of both roles to closed turns and the overlaps between them.

Fed :class:`SpeechChange`s in time order (from two channel VADs, or from a diarizer), it emits
each :class:`Turn` when it ends and each :class:`Overlap` when one of the two parties stops.
"""

from __future__ import annotations

from collections.abc import Iterable

from coach.vocab import ROLES, Overlap, Role, SpeechChange, Turn, other_role


class TurnBuilder:
    """Stateful: remembers who is speaking since when."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._open: dict[Role, float] = {}  # role -> start of its current turn
        self._overlap_start: float | None = None
        self._overlap_first: Role | None = None

    def is_speaking(self, role: Role) -> bool:
        return role in self._open

    def push(self, change: SpeechChange) -> list[Turn | Overlap]:
        """Apply one change (changes must arrive in time order); return what it closed."""
        out: list[Turn | Overlap] = []
        role, other = change.role, other_role(change.role)
        if change.speaking:
            if role in self._open:
                return out
            self._open[role] = change.t
            if other in self._open:
                self._overlap_start = change.t
                self._overlap_first = other
            return out
        if role not in self._open:
            return out
        start = self._open.pop(role)
        if self._overlap_start is not None and self._overlap_first is not None:
            if change.t > self._overlap_start:
                second = other_role(self._overlap_first)
                out.append(Overlap(self._overlap_start, change.t, self._overlap_first, second))
            self._overlap_start = self._overlap_first = None
        out.append(Turn(role, start, max(start, change.t)))
        return out

    def push_all(self, changes: Iterable[SpeechChange]) -> list[Turn | Overlap]:
        return [r for c in changes for r in self.push(c)]

    def finish(self, end: float) -> list[Turn | Overlap]:
        """Close whatever is still open at the end of the call."""
        out: list[Turn | Overlap] = []
        for role in ROLES:
            if role in self._open:
                out += self.push(SpeechChange(role, end, False, end))
        return out


def merge_changes(*streams: Iterable[SpeechChange]) -> list[SpeechChange]:
    """Interleave per-role change lists by boundary time (ends before starts at the same instant)."""
    return sorted((c for s in streams for c in s), key=lambda c: (c.t, c.speaking))
