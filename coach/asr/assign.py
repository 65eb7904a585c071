"""Mono calls: each transcribed word gets the speaker the diarization heard saying it.

One transcriber hears the mixed call, so its words carry no speaker. A word is released once
who-spoke-when is decided past its end (``settled``), and gets the role whose speech covers
most of it: a word straddling a change of speaker goes to the side holding more of it. In an
overlap both roles cover the word; it stays with the role of the word before it in the same
stream (a speaker's sentence does not hop to the other party mid-overlap), unless it starts a
sentence (the word before ends one: ``.``, ``?``, ``!``, or is cut off with ``-``); a sentence
start, or a word with no word just before it, goes to the role that started talking most
recently (the one cutting in is the one being heard anew: real-tune mixed down, "...in the
conversation. | I'd like to speak to someone" and "carried away by mung- | Unless to be rather
cold-hearted" began inside the agent's last second, and the customer's first words went to the
agent). A word no speech covers (diarization missed it) takes the nearest role within ``NEAREST_S``.
"""

from __future__ import annotations

from collections import deque

from coach.vocab import Role, Turn, Word

SENTENCE_END = (".", "?", "!", "-")  # a word ending so ends a sentence (or was cut off)
NEAREST_S = 0.5  # a word this close to a role's speech may be given to it when nothing covers it
KEEP_S = 120.0  # closed turns older than this before the newest released word are forgotten


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


class WordAssigner:
    """Plain stage: words without speakers and role turns in, words with roles out, in order."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._waiting: deque[Word] = deque()
        self._turns: list[Turn] = []
        self._open: dict[Role, float] = {}
        self._settled = 0.0
        self._last: Word | None = None

    def push(self, words: tuple[Word, ...] | list[Word] = (), turns: tuple[Turn, ...] | list[Turn] = (),
             open_turns: dict[Role, float] | None = None, settled: float | None = None) -> list[Word]:
        """Add committed ``words`` and closed role ``turns``; ``open_turns`` are roles still talking
        (role -> start) at ``settled``, the call time up to which speech is decided."""
        self._waiting.extend(words)
        self._turns += turns
        if open_turns is not None:
            self._open = dict(open_turns)
        if settled is not None:
            self._settled = max(self._settled, settled)
        out: list[Word] = []
        while self._waiting and self._waiting[0].end <= self._settled:
            out.append(self._assign(self._waiting.popleft()))
        if out:
            horizon = out[-1].start - KEEP_S
            self._turns = [t for t in self._turns if t.end >= horizon]
        return out

    def finish(self, end: float) -> list[Word]:
        """The call ended: everything is decided; open turns close at ``end``."""
        self._turns += [Turn(role, start, max(start, end)) for role, start in self._open.items()]
        self._open = {}
        self._settled = float("inf")
        return self.push()

    def _spans(self) -> list[tuple[Role, float, float]]:
        spans = [(t.role, t.start, t.end) for t in self._turns]
        spans += [(role, start, max(start, self._settled)) for role, start in self._open.items()]
        return spans

    def _assign(self, word: Word) -> Word:
        cover: dict[Role, float] = {}
        latest: dict[Role, float] = {}
        for who, a, b in self._spans():
            ov = _overlap(word.start, word.end, a, b)
            if ov > 0 or (word.start == word.end and a <= word.start <= b):
                cover[who] = cover.get(who, 0.0) + max(ov, 1e-9)
                latest[who] = max(latest.get(who, -1.0), a)
        role: Role | None = None
        if cover:
            best = max(cover.values())
            tied = [r for r, c in cover.items() if c >= best - 0.02]  # both hold it (an overlap)
            if len(tied) == 1:
                role = tied[0]
            elif (self._last is not None and self._last.role in tied and word.start - self._last.end < 1.0
                  and not self._last.text.rstrip('"\')').endswith(SENTENCE_END)):
                role = self._last.role
            else:
                newest: Role = max(tied, key=latest.__getitem__)  # every tied role has a start
                role = newest
        else:
            near = [(min(abs(word.start - b), abs(a - word.end)), r) for r, a, b in self._spans()]
            near = [(d, r) for d, r in near if d <= NEAREST_S]
            if near:
                role = min(near)[1]
            elif self._last is not None:
                role = self._last.role
        assigned = Word(role or word.role, word.start, word.end, word.text, word.p, word.committed)
        self._last = assigned
        return assigned
