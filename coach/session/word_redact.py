"""Redacting a role's committed words as they stream in (the session recorder's word stream).

Why its own module: the recorder writes what this lets out; keeping the redactor here keeps
recorder.py about recording, and both under the 400-line limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from coach.config import RedactConfig
from coach.redact import CARD, NUMBER, ask_times, find_spans, open_tail, reply_starts, word_gaps
from coach.redact_runs import bridged
from coach.redact_tokens import number_spans, span_digits
from coach.vocab import ROLES, Word

_CONTEXT_WORDS = 24  # released words kept as context for redacting the words after them


class WordRedactor:
    """Redacts one role's committed words as they stream in, holding back only an open tail.

    A number is spoken over several words that may arrive in different updates ("four one one
    one" ... "one one one one"); judged one update at a time, neither half is long enough to be
    redacted. So words that later words could still pull into a number, address or e-mail
    (:func:`coach.redact.open_tail`) wait, at most ``MAX_HELD`` of them; every other word is
    released at once, judged with the words around it. ``finish()`` releases the rest.

    ``asks`` and ``said`` are shared by the roles' redactors (:func:`word_redactors`): when each role
    asked for a number ("and the expiry date?"), so the digits the other role says next are redacted,
    and each role's recent words (midpoint, text), so a number read out in pieces goes on past the
    other's "Mm-hmm." (:func:`coach.redact_runs.bridged`), as review redacts them. Words arriving
    out of time order across roles (the listener's backchannel after the reader's next digits) make
    live redact as if the pause were filled.
    """

    MAX_HELD = 40  # a digit run this long is redacted whatever follows it
    SAID = 200  # each role's recent words kept for the other role's pauses

    def __init__(self, config: RedactConfig, asks: dict[str, list[float]] | None = None,
                 said: dict[str, list[tuple[float, str]]] | None = None,
                 numbers: dict[str, list[str]] | None = None) -> None:
        self.config = config
        self._asks = asks if asks is not None else {}  # role -> when it asked for a number (shared)
        self._said = said if said is not None else {}  # role -> its recent words' (midpoint, text) (shared)
        self._numbers = numbers if numbers is not None else {}  # role -> digits of its numbers, held ones too (shared)
        self._redacted: list[str] = []  # digits of the numbers this redactor redacted
        self._context: list[Word] = []  # the words released last, as heard (not redacted)
        self._context_gaps: list[float] = []  # the silence before each of them (a long pause ends a number)
        self._pending: list[Word] = []

    @staticmethod
    def _token(word: Word) -> str:
        return word.text.strip() or "_"

    def push(self, words: Iterable[Word]) -> list[Word]:
        new = list(words)
        self._pending.extend(new)
        if not self.config.enabled:
            return self._release(len(self._pending))
        pending = [self._token(w) for w in self._pending]
        context = [self._token(w) for w in self._context]  # a cue released before still holds its number back
        keep = max(0, open_tail(context + pending, self.config) - len(context))
        role = self._pending[0].role if self._pending else ""
        said = self._said.setdefault(role, [])
        said += [((w.start + w.end) / 2, w.text) for w in new]
        del said[:-self.SAID]
        mine = self._asks.setdefault(role, [])
        ends = [w.end for w in self._context + self._pending]
        mine += [t for t in ask_times(context + pending, ends, self.config) if t not in mine]
        return self._release(max(keep, len(self._pending) - self.MAX_HELD))

    def _asked(self, role: str) -> list[int]:
        """Indices (context, then pending) where a reply to another role's question for a number begins."""
        starts = [w.start for w in self._context + self._pending]
        return reply_starts([t for other, ts in self._asks.items() if other != role for t in ts], starts)

    def finish(self) -> list[Word]:
        return self._release(len(self._pending))

    def _release(self, n: int) -> list[Word]:
        if n <= 0:
            self._hold()  # what this role holds now (a release shares it after redacting)
            return []
        out = self._pending[:n]
        last_end = self._context[-1].end if self._context else None
        gaps = word_gaps([w.start for w in self._pending], [w.end for w in self._pending], last_end)
        if self.config.enabled:
            c, role, pending = self.config, self._pending[0].role, [self._token(w) for w in self._pending]
            others = [x for other, xs in self._said.items() if other != role for x in xs]
            tokens = [self._token(w) for w in self._context] + pending
            base = len(self._context)
            gaps = bridged(gaps, [w.start for w in self._pending], tokens, range(base, len(tokens)), others, c)
            labels: dict[int, str] = {}
            asked = self._asked(role)
            known = [d for r, ds in self._numbers.items() if r != role for d in ds]  # a piece of another's quoted
            for span in find_spans(tokens, self.config, self._context_gaps + gaps, known, asked):
                labels.update({k: span.label for k in range(span.start, span.end)})
                if span.label in (CARD, NUMBER) and span.start >= base:
                    self._redacted = (self._redacted + [span_digits(tokens, span, c)])[-self.SAID:]
            out = [replace(w, text=(" " if w.text.startswith(" ") else "") + labels[base + j])
                   if base + j in labels else w for j, w in enumerate(out)]
        self._context = (self._context + self._pending[:n])[-_CONTEXT_WORDS:]
        self._context_gaps = (self._context_gaps + gaps[:n])[-_CONTEXT_WORDS:]
        self._pending = self._pending[n:]
        self._hold()
        return out

    def _hold(self) -> None:
        """Share this role's numbers: those redacted, and digit runs still held (min_number_digits or more)."""
        if self._pending:
            held, c = [self._token(w) for w in self._pending], self.config
            last = self._context[-1].end if self._context else None
            gaps = word_gaps([w.start for w in self._pending], [w.end for w in self._pending], last)
            runs = [span_digits(held, s, c) for s in number_spans(held, c.min_number_digits, gaps, c.number_gap_s)]
            self._numbers[self._pending[0].role] = self._redacted + runs
        elif self._context:
            self._numbers[self._context[-1].role] = list(self._redacted)


def word_redactors(config: RedactConfig) -> dict[str, WordRedactor]:
    """One :class:`WordRedactor` a role, sharing what each role asked and said, as a session's word stream needs."""
    asks: dict[str, list[float]] = {}
    said: dict[str, list[tuple[float, str]]] = {}
    numbers: dict[str, list[str]] = {}
    return {role: WordRedactor(config, asks, said, numbers) for role in ROLES}
