"""The call checklist: what a good support call contains, ticked live as the words arrive.

Why a checklist next to events: events say what went wrong at a moment; the checklist says what
the call as a whole did (greeting with a name, the customer's name used, feelings acknowledged,
ownership taken, holds explained, a next step offered, thanks). Items are ``pending`` until ticked
(``done``) and become ``missed`` at the end; the hold item is ``n/a`` when there was no hold and
``missed`` as soon as one went unexplained. Two flags warn about overpromising and a customer
repeating their story (a sign they feel unheard).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coach.analyze.matching import PhraseSet, Utterance, WordStream, ends_sentence, normalize
from coach.config import ChecklistConfig
from coach.vocab import Event, Role, SpeechUpdate, Word

ITEMS = {
    "greeting": "Greeted the customer and gave a name",
    "used_name": "Used the customer's name",
    "acknowledged": "Acknowledged the customer's feelings",
    "ownership": "Took ownership of the problem",
    "explained_hold": "Explained before any silence or hold",
    "next_step": "Offered a clear next step or follow-up",
    "thanked": "Thanked the customer",
}
_NOT_NAMES = frozenset({"i", "hi", "hello", "okay", "ok", "yes", "no", "yeah", "thank", "thanks", "the", "my",
                        "it", "is", "this", "that", "and", "so", "oh", "well", "sure", "great", "please", "sir",
                        "madam", "mister", "miss", "good", "morning", "afternoon", "evening", "just", "what",
                        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_STOP = frozenset({"the", "a", "an", "to", "of", "and", "or", "is", "are", "am", "was", "i", "you", "it", "that",
                   "this", "my", "for", "on", "in", "at", "not", "do", "have", "has", "be", "me", "we", "so"})


@dataclass
class Item:
    key: str
    status: str = "pending"  # pending | done | missed | n/a
    at: float | None = None
    evidence: str = ""

    def tick(self, at: float, evidence: str) -> None:
        if self.status in ("pending", "n/a"):
            self.status, self.at, self.evidence = "done", at, evidence


@dataclass
class Flag:
    kind: str  # overpromise | customer_repeat
    start: float
    end: float
    text: str


@dataclass
class _State:
    items: dict[str, Item] = field(default_factory=lambda: {k: Item(k) for k in ITEMS})
    flags: list[Flag] = field(default_factory=list)


class ChecklistTracker:
    """Plain stage: ``push(speech=..., words=..., events=...)`` ticks items; ``as_dict()`` for the review."""

    def __init__(self, config: ChecklistConfig | None = None, ownership: Sequence[str] = (),
                 max_skip: int = 2) -> None:
        self.config = cfg = config or ChecklistConfig()
        self.agent_phrases = PhraseSet({
            "greeting": cfg.greeting, "introduction": cfg.introduction, "ask_name": cfg.ask_name,
            "explain_hold": cfg.explain_hold, "next_step": cfg.next_step, "thanks": cfg.thanks,
            "ownership": tuple(ownership) + cfg.ownership_action, "overpromise": cfg.overpromise,
        }, max_skip)
        self.customer_phrases = PhraseSet({"repeat": cfg.repeat_story}, max_skip, sound_alike=False)
        self.reset()

    def reset(self) -> None:
        self.state = _State()
        self.state.items["explained_hold"].status = "n/a"
        self._streams: dict[Role, WordStream] = {r: WordStream(r) for r in ("agent", "customer")}
        self._opening: dict[str, tuple[float, str]] = {}
        self._agent_hits: list[tuple[float, str]] = []  # (time, intent) of explanations heard
        self._agent_caps: list[tuple[float, str]] = []  # capitalised words the agent said, outside the opening
        self._opening_caps: set[str] = set()  # the agent's own name, the company: said in the first utterance
        self._customer_caps: list[tuple[float, str, bool]] = []  # (time, word, looks like a name on its own)
        self._asked_name_at: float | None = None
        self._first_agent_utt_end: float | None = None
        self._holds: list[tuple[float, float]] = []  # silences broken by the agent
        self._last_stop: float | None = None
        self._speaking: set[Role] = set()
        self._said: list[set[str]] = []  # content words of earlier customer utterances
        self._agent_until = float("-inf")

    # ------------------------------------------------------------------ feeding

    def push(self, speech: SpeechUpdate | None = None, words: Sequence[Word] = (),
             events: Sequence[Event] = ()) -> None:
        if speech is not None:
            for c in speech.changes:
                if c.speaking:
                    if not self._speaking and self._last_stop is not None and c.role == "agent" \
                            and c.t - self._last_stop >= self.config.hold_s:
                        self._holds.append((self._last_stop, c.t))
                    self._speaking.add(c.role)
                else:
                    self._speaking.discard(c.role)
                    if not self._speaking:
                        self._last_stop = c.t
            for stream in self._streams.values():
                stream.hear(speech)
        for w in sorted(words, key=lambda w: w.start):
            stream = self._streams[w.role]
            closed, first_new = stream.add(w)
            if closed is not None and w.role == "customer":
                self._customer_utterance(closed)
            utt = stream.current
            assert utt is not None
            if w.role == "agent":
                self._agent_until = max(self._agent_until, w.end)
                self._agent_words(utt, first_new, w)
            else:
                self._customer_words(utt, first_new, w)
        for e in events:
            if e.kind == "empathy":
                key = "ownership" if e.detail.get("intent") == "ownership" else "acknowledged"
                self.state.items[key].tick(e.start, str(e.detail.get("heard", "")))
        self._judge_holds(final=False)
        self._used_name()

    def _used_name(self) -> None:
        """The agent said a name the customer gave (not the agent's own name or the company)."""
        asked = self._asked_name_at
        names = {tok for t, tok, alone in self._customer_caps
                 if alone or (asked is not None and 0 <= t - asked <= 15.0)} - self._opening_caps
        hit = next(((t, tok) for t, tok in self._agent_caps if tok in names), None)
        if hit is not None:
            self.state.items["used_name"].tick(hit[0], hit[1].capitalize())

    def finish(self, end: float) -> None:
        last = self._streams["customer"].flush()
        if last is not None:
            self._customer_utterance(last)
        self._judge_holds(final=True)
        for item in self.state.items.values():
            if item.status == "pending":
                item.status = "missed"

    # ------------------------------------------------------------------ agent

    def _agent_words(self, utt: Utterance, first_new: int, w: Word) -> None:
        items = self.state.items
        cfg = self.config
        if self._first_agent_utt_end is None or utt.start <= self._first_agent_utt_end:
            self._first_agent_utt_end = utt.end
        for m in self.agent_phrases.find(utt.tokens, first_new):
            start, end, heard = utt.span(m.first, m.end)
            if m.intent in ("greeting", "introduction") and start <= cfg.opening_s:
                self._opening[m.intent] = (start, heard)
                if len(self._opening) == 2:
                    items["greeting"].tick(max(s for s, _ in self._opening.values()),
                                           " / ".join(h for _, h in self._opening.values()))
            elif m.intent == "ask_name":
                self._asked_name_at = end
            elif m.intent == "explain_hold":
                self._agent_hits.append((end, heard))
            elif m.intent == "next_step":
                items["next_step"].tick(start, heard)
            elif m.intent == "thanks" and utt.start > (self._first_agent_utt_end or 0.0):
                items["thanked"].tick(start, heard)
            elif m.intent == "ownership":
                items["ownership"].tick(start, heard)
            elif m.intent == "overpromise":
                self.state.flags.append(Flag("overpromise", start, end, heard))
        first = utt.start <= (self._first_agent_utt_end or 0.0)
        for tok in _capitalised(w.text):
            if first:
                self._opening_caps.add(tok)
            else:
                self._agent_caps.append((w.start, tok))

    def _judge_holds(self, final: bool) -> None:
        item = self.state.items["explained_hold"]
        keep: list[tuple[float, float]] = []
        for start, end in self._holds:
            if not final and self._agent_until < start - 0.3:
                keep.append((start, end))  # the agent's words before the silence are not in yet
                continue
            explained = any(start - self.config.explain_before_s <= t <= start + 0.3 for t, _ in self._agent_hits)
            if explained and item.status in ("n/a", "done"):
                heard = next(h for t, h in reversed(self._agent_hits) if t <= start + 0.3)
                item.status, item.at, item.evidence = "done", start, heard
            elif not explained:
                item.status, item.at, item.evidence = "missed", start, f"{end - start:.1f} s silence unexplained"
        self._holds = keep

    # ------------------------------------------------------------------ customer

    def _customer_words(self, utt: Utterance, first_new: int, w: Word) -> None:
        for tok in _capitalised(w.text):
            sentence_start = w is utt.words[0] or ends_sentence(utt.words[utt.words.index(w) - 1].text)
            self._customer_caps.append((w.start, tok, not sentence_start or _followed_by_capital(utt, w)))
        for m in self.customer_phrases.find(utt.tokens, first_new):
            start, end, heard = utt.span(m.first, m.end)
            self._flag_repeat(start, end, heard)

    def _customer_utterance(self, utt: Utterance) -> None:
        content = {t for t in utt.tokens if t not in _STOP}
        if len(content) >= self.config.repeat_min_words:
            for earlier in self._said:
                if len(content & earlier) >= self.config.repeat_overlap * len(content):
                    self._flag_repeat(utt.start, utt.end, utt.text)
                    break
            self._said.append(content)

    def _flag_repeat(self, start: float, end: float, text: str) -> None:
        flags = self.state.flags
        if not any(f.kind == "customer_repeat" and f.start < end and start < f.end for f in flags):
            flags.append(Flag("customer_repeat", start, end, text))

    # ------------------------------------------------------------------ output

    def as_dict(self) -> dict[str, Any]:
        """The review document's additive ``checklist`` field."""
        return {
            "items": [{"id": i.key, "label": ITEMS[i.key], "status": i.status,
                       "at": None if i.at is None else round(i.at, 3), "evidence": i.evidence}
                      for i in self.state.items.values()],
            "flags": [{"kind": f.kind, "start": round(f.start, 3), "end": round(f.end, 3), "text": f.text}
                      for f in self.state.flags],
        }


def _capitalised(text: str) -> list[str]:
    """Capitalised words of a token as ASR wrote it (names), lower-cased, not common words."""
    return [t.lower() for t in re.findall(r"\b[A-Z][a-z]+\b", text)
            if t.lower() not in _NOT_NAMES and normalize(t) == [t.lower()]]


def _followed_by_capital(utt: Utterance, w: Word) -> bool:
    """First and last name together ("Alex Rivera") even at a sentence start."""
    i = utt.words.index(w)
    return i + 1 < len(utt.words) and bool(_capitalised(utt.words[i + 1].text))
