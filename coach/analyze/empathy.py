"""Empathy: the customer's distress cues, and whether the agent's reply acknowledged them.

Why a reply window: training says to show you care (apologise, acknowledge the feeling, take
ownership) *before* diving into account details. A cue (frustration, anger, loss, a repeated
complaint) opens a window; the agent's reply is their speech after the customer's turn with the
cue ends, until the customer takes the floor again, a long pause, or ``reply_max_s``. Any
acknowledgement from the cue to the end of that reply is enough; none is a ``missing_empathy``
from the cue to the end of the reply. Every acknowledgement is also an ``empathy`` event
(positive reinforcement), one per empathy *moment*: acknowledgements of any kind (an apology, a
feeling named, ownership) less than ``merge_s`` apart with no customer turn between them are one
moment ("I'm sorry, I'll refund it today" is one, as the corpus and the fixtures mark it).

Words of the two roles may arrive in any order (review transcribes turns in batches), so each
cue is judged only once its reply window is known from who-speaks-when and the agent's words
have caught up with it.

Distress is found in any wording (:mod:`coach.analyze.distress`: sentiment, problem statements,
worry, confusion, repeats); the event's detail lists each signal. Seed 004's rule is its own
check: when the reply asks for account details before any acknowledgement, the detail's
``reason`` says so. More detail of a problem the agent has just acknowledged (``acknowledged_s``)
needs no second acknowledgement; new feelings, worry, confusion or a repeat do. In stereo calls
the customer's voice is measured against their own earlier speech; a voice both louder
(``raised_db``) and higher (``raised_st``) is a cue of its own (``raised_voice_cue``), one that
is only louder or only higher backs the other signals.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from coach.analyze.distress import DistressDetector
from coach.analyze.matching import Match, PhraseSet, Utterance, WordStream, ends_sentence, normalize, token_set
from coach.config import EmpathyConfig, PhrasesConfig
from coach.vocab import Event, ProsodyFrame, Role, SpeechUpdate, Word

MESSAGES = {
    "empathy": "You acknowledged the customer's feelings or took ownership.",
    "missing_empathy": "The customer was upset and the reply did not acknowledge it.",
    "details_first": "The customer described a problem and the reply went straight to account details.",
}
_CLASS = {"apology": "feelings", "acknowledgement": "feelings", "ownership": "ownership"}
_TOL = 0.3  # ASR word times vs speech-detector edges
_GOES_ON = frozenset({"problem", "complaint"})  # signals that may just continue an acknowledged problem
ANSWER_S = 2.0  # customer speech this soon after the agent's question answers it
_NOT_OPENING = frozenset({"anything", "any", "something", "everything"})  # "anything else ..." opens no question alone
VOICE_KEEP_S = 180.0  # customer voiced frames kept for the baseline (memory stays bounded)


@dataclass
class _Cue:
    start: float  # start of the customer's utterance carrying the cue
    at: float  # the cue's first word
    text: str
    turn_end: float  # end of the customer's speech around the cue (refined as speech arrives)
    signals: dict[str, str] = field(default_factory=dict)  # signal -> evidence; empty: only the voice may tell
    utterances: list[float] = field(default_factory=list)  # starts of the customer utterances it covers
    said: dict[float, str] = field(default_factory=dict)  # utterance start -> its text, for those with signals
    opening_from: float | None = None  # start of the utterance whose first-statement signal stands
    problem_from: float | None = None  # start of the utterance whose problem signal stands


class EmpathyAnalyzer:
    """Plain stage: ``push(speech=..., words=...)`` -> ``empathy`` and ``missing_empathy`` events."""

    def __init__(self, config: EmpathyConfig | None = None, max_skip: int = 2,
                 backchannel_s: float = 1.0, question_openers: Sequence[str] | None = None) -> None:
        self.config = cfg = config or EmpathyConfig()
        if question_openers is None:
            question_openers = PhrasesConfig().question_openers  # as the phrase analyzer hears questions
        self.openers = token_set(question_openers) - _NOT_OPENING
        self.detector = DistressDetector(cfg, max_skip)
        self.details = PhraseSet({"details": cfg.account_details}, max_skip, skeleton=False, rhyme=True)
        self.acks = PhraseSet({"apology": cfg.apology, "acknowledgement": cfg.acknowledgement,
                               "ownership": cfg.ownership}, max_skip, inflect=True, lost_will=True, rhyme=True)
        self.feelings = PhraseSet({"feeling": cfg.feelings}, max_skip, sound_alike=False, inflect=True)
        self.frames = PhraseSet({"frame": cfg.feeling_frames}, max_skip, sound_alike=False)
        self.answer_words = token_set(cfg.answers)
        self.hums = token_set(cfg.hums)
        self.backchannel_s = backchannel_s  # customer speech shorter than this does not take the floor
        self.reset()

    def reset(self) -> None:
        self._streams: dict[Role, WordStream] = {r: WordStream(r) for r in ("agent", "customer")}
        self._spans: dict[Role, list[tuple[float, float]]] = {"agent": [], "customer": []}  # closed speech
        self._open: dict[Role, float] = {}
        self._pending: list[_Cue] = []
        self._acks: list[tuple[float, float, str]] = []  # (start, end, class) heard from the agent
        self._asks: list[tuple[float, str]] = []  # (start, words) of the agent asking for account details
        self.detector.reset()
        self._last_ack = float("-inf")  # end of the latest acknowledgement, any kind
        self._agent_words_until = float("-inf")
        self._questions: list[float] = []  # ends of the agent's words that close a question ("...?")
        self._sentence_ends: list[float] = []  # ends of the agent's words that close any sentence
        self._answer_starts: list[float] = []  # starts of customer utterances opening with "yes", "no" ...
        self._said_starts: list[Utterance] = []  # recent customer utterances (they grow as words arrive)
        self._clock = 0.0
        self._voice: deque[tuple[float, float, float]] = deque()  # customer voiced frames: (t, dB, semitones)

    # ------------------------------------------------------------------ feeding

    def push(self, speech: SpeechUpdate | None = None, words: Sequence[Word] = (),
             frames: Sequence[ProsodyFrame] = ()) -> list[Event]:
        events: list[Event] = []
        for f in frames:
            if f.role == "customer" and f.f0_hz is not None and f.f0_hz > 0:
                self._voice.append((f.t, f.rms_db, 12.0 * math.log2(f.f0_hz / 100.0)))
        while self._voice and self._voice[-1][0] - self._voice[0][0] > VOICE_KEEP_S:
            self._voice.popleft()
        if speech is not None:
            for c in speech.changes:
                self._clock = max(self._clock, c.decided_at)
                if c.speaking:
                    self._open.setdefault(c.role, c.t)
                elif c.role in self._open:
                    self._spans[c.role].append((self._open.pop(c.role), c.t))
            for stream in self._streams.values():
                stream.hear(speech)
        unread: dict[int, tuple[Utterance, int]] = {}  # customer utterance -> (it, first token not yet read)
        for w in sorted(words, key=lambda w: w.start):
            self._clock = max(self._clock, w.end)
            stream = self._streams[w.role]
            closed, first_new = stream.add(w)
            utt = stream.current
            assert utt is not None
            if w.role == "agent":
                self._agent_words_until = max(self._agent_words_until, w.end)
                if self._asks_question(utt, w):
                    self._questions = self._questions[-15:] + [w.end]  # the recent ones are enough
                if ends_sentence(w.text):
                    self._sentence_ends = self._sentence_ends[-15:] + [w.end]
                events += self._acknowledgements(utt, first_new)
            else:
                if closed is not None:
                    if id(closed) in unread:
                        self._distress(*unread.pop(id(closed)))
                    self.detector.said(closed.tokens)
                unread.setdefault(id(utt), (utt, first_new))
                if first_new == 0 and utt.tokens[:1] and utt.tokens[0] in self.answer_words:
                    self._answer_starts = self._answer_starts[-15:] + [utt.start]
                if first_new == 0:
                    self._said_starts = self._said_starts[-15:] + [utt]
        for utt, first_new in unread.values():
            # Read once per push, with every word it brought: "late" alone is a problem, "late fee" is not.
            self._distress(utt, first_new)
        return events + self._judge(final=False)

    def finish(self, end: float) -> list[Event]:
        for role, since in list(self._open.items()):
            self._spans[role].append((since, max(since, end)))
        self._open.clear()
        self._clock = max(self._clock, end)
        return self._judge(final=True)

    # ------------------------------------------------------------------ cues and acknowledgements

    def _acknowledgements(self, utt: Utterance, first_new: int) -> list[Event]:
        events: list[Event] = []
        for m in self.details.find(utt.tokens, first_new):
            self._asks.append((utt.span(m.first, m.end)[0], " ".join(utt.tokens[m.first:m.end])))
        for m in self.acks.find(utt.tokens, first_new) + self._in_own_words(utt, first_new):
            start, end, heard = utt.span(m.first, m.end)
            cls = _CLASS[m.intent]
            self._acks.append((start, end, cls))
            last, self._last_ack = self._last_ack, max(self._last_ack, end)
            if start - last < self.config.merge_s and not self._customer_turn(last, start):
                continue  # the same empathy moment, already reported
            events.append(Event("empathy", "agent", start, end, MESSAGES["empathy"],
                                {"intent": m.intent, "heard": heard}))
        return events

    def _customer_turn(self, since: float, until: float) -> bool:
        """The customer spoke between two acknowledgements ("It has."): the next one is a moment of its own."""
        opened = self._open.get("customer")
        return any(since <= s < until for s, _ in self._spans["customer"]) or (
            opened is not None and since <= opened < until)

    def _asks_question(self, utt: Utterance, w: Word) -> bool:
        """``w`` ends a question: a "?", or a sentence the ASR closed with a "." that opens as a question
        does ("Which email did it come to."): whisper often loses the question mark."""
        text = w.text.rstrip()
        if text.endswith("?"):
            return True
        if not text.endswith("."):
            return False
        k = utt.sentence_first(len(utt.words) - 1)
        opener = normalize(utt.words[k].text)
        return k < len(utt.words) - 1 and bool(opener) and opener[0] in self.openers

    def _in_own_words(self, utt: Utterance, first_new: int) -> list[Match]:
        """Acknowledgements as a frame then a feeling word ("that must have been so exhausting")."""
        found: list[Match] = []
        reach = self.frames.max_skip + 1
        for f in self.feelings.find(utt.tokens, first_new):
            frames = [m for m in self.frames.find(utt.tokens[: f.first])
                      if f.first - reach <= m.end <= f.first]
            if frames:
                found.append(Match("acknowledgement", "in own words", min(m.first for m in frames), f.end))
        return found

    def _distress(self, utt: Utterance, first_new: int) -> None:
        """Read the customer's utterance as it grows; one cue per agent reply window."""
        opens = [k for k in range(1, len(utt.tokens))
                 if utt.owner[k] != utt.owner[k - 1] and ends_sentence(utt.words[utt.owner[k - 1]].text)]
        signals = self.detector.signals(utt.tokens, [w.text for w in utt.words[-40:]], first_new,
                                        lambda k: utt.words[utt.owner[k]].p, opens)
        cue = next((c for c in reversed(self._pending) if utt.start in c.utterances), None)
        if cue is None:
            reply = self._reply_start(self._pending[-1]) if self._pending else None
            if self._pending and (reply is None or utt.start < reply):
                cue = self._pending[-1]  # one window: the agent has not replied yet
                cue.utterances.append(utt.start)
            else:
                cue = _Cue(utt.start, utt.start, "", utt.end, utterances=[utt.start])
                self._pending.append(cue)
        if "opening" not in signals and cue.opening_from == utt.start:
            # The first statement is judged whole, as review reads it: live, its first words may read as
            # an event before the request ("I'd like") or the "?" that makes it none arrives.
            del cue.signals["opening"]
            cue.opening_from = None
        if "opening" in signals and "opening" not in cue.signals:
            cue.opening_from = utt.start
        if cue.problem_from == utt.start and self.detector.asks(utt.tokens):
            del cue.signals["problem"]  # live: the request ("and I'd like ...") came after the problem
            cue.problem_from = None
        if "problem" in signals and "problem" not in cue.signals:
            cue.problem_from = utt.start
        for name, evidence in signals.items():
            cue.signals.setdefault(name, evidence)
        if signals:
            if not cue.said:
                cue.at = utt.start
            cue.said[utt.start] = utt.text  # the utterance as far as it goes
            cue.text = " / ".join(cue.said.values())
        cue.turn_end = max(cue.turn_end, utt.end)

    # ------------------------------------------------------------------ reply windows

    def _customer_turn_end(self, cue: _Cue) -> float | None:
        """End of the customer's speech containing the cue (None while it goes on)."""
        if "customer" in self._open and self._open["customer"] <= cue.at + _TOL:
            return None
        for s, e in self._spans["customer"]:
            if s - _TOL <= cue.at <= e + _TOL:
                return e
        return cue.turn_end

    def _reply_start(self, cue: _Cue) -> float | None:
        end = self._customer_turn_end(cue)
        if end is None:
            return None
        starts = [s for s, _ in self._spans["agent"]] + ([self._open["agent"]] if "agent" in self._open else [])
        after = [s for s in starts if s >= end - _TOL]
        return min(after) if after else None

    def _reply_end(self, start: float, final: bool) -> float | None:
        """End of the agent's reply beginning at ``start``, once it is certain."""
        cfg = self.config
        limit = start + cfg.reply_max_s
        floor_taken = [s for s, e in self._spans["customer"]
                       if s > start and (e - s >= self.backchannel_s or self._answers(s))]
        opened = self._open.get("customer")
        if opened is not None and opened > start and (
                self._clock - opened >= self.backchannel_s or self._answers(opened)):
            floor_taken.append(opened)  # live: speech still going on takes the floor once it is no hum
        end = start
        for s, e in sorted(self._spans["agent"]):
            if s < start - _TOL:
                continue
            if s > end + cfg.reply_gap_s or s >= limit or any(end <= c <= s for c in floor_taken):
                return min(end, limit)
            end = max(end, e)
        if "agent" in self._open and self._open["agent"] <= end + cfg.reply_gap_s:
            return limit if self._clock >= limit else None
        if final or any(c >= end for c in floor_taken) or self._clock >= end + cfg.reply_gap_s:
            return min(end, limit)
        return None

    def _answers(self, s: float) -> bool:
        """Customer speech starting at ``s`` answers the agent's question just before it ("What's the
        name?" - "Arthur Bell."): a turn of its own however short, not a backchannel. So does a "Yes." or
        "No." in the agent's silence just after a finished sentence: whisper loses questions' "?" and
        openers ("Have you got the letter?" written "Time you not to enter in front of you."). With
        ``[empathy] floor_in_silence``, so do any words but a hum (``hums``: "mm", "uh huh") said in the
        agent's silence: whisper also loses the question itself ("Which email address did it come to?"
        written "he may not rescue if it's come to" - "My work one."), and a customer who speaks in the
        agent's silence has taken their turn; a backchannel comes inside the other's speech."""
        if any(s - ANSWER_S <= q <= s + _TOL for q in self._questions):
            return True
        if any(a - _TOL < s < b for a, b in self._spans["agent"]) or self._open.get("agent", s) < s:
            return False  # inside the agent's speech: a backchannel
        if any(abs(a - s) <= _TOL for a in self._answer_starts) and any(
                s - ANSWER_S <= t <= s + _TOL for t in self._sentence_ends):
            return True
        return self.config.floor_in_silence and any(
            abs(u.start - s) <= _TOL and any(t not in self.hums for t in u.tokens) for u in self._said_starts)

    def _voice_rise(self, cue: _Cue) -> dict[str, float | bool]:
        """The customer's voice in the cue's turn against their own earlier speech (empty: not measurable)."""
        end = self._customer_turn_end(cue) or cue.turn_end
        spans = self._spans["customer"]
        frames = np.array([v for v in self._voice if v[0] < end + _TOL])  # (n, 3): t, dB, semitones
        if not len(frames):
            return {}
        t = frames[:, 0]
        now = (t >= cue.start - _TOL) & (t <= end + _TOL)
        before = np.zeros_like(now)
        for s, e in spans:  # only the customer's own speech: in a mono call their frames are the mix's
            if e < cue.start - _TOL:
                before |= (t >= s) & (t <= e)
        hop = float(np.median(np.diff(t))) if len(t) > 1 else 0.01
        if now.sum() < 10 or before.sum() * hop < self.config.baseline_min_s:
            return {}
        loud = float(np.median(frames[now, 1]) - np.median(frames[before, 1]))
        pitch = float(np.median(frames[now, 2]) - np.median(frames[before, 2]))
        raised = loud >= self.config.raised_db or pitch >= self.config.raised_st
        both = loud >= self.config.raised_db and pitch >= self.config.raised_st
        return {"customer_loudness_rise_db": round(loud, 1), "customer_pitch_rise_st": round(pitch, 1),
                "customer_voice_raised": raised, "both_raised": both}

    def _judge(self, final: bool) -> list[Event]:
        events: list[Event] = []
        keep: list[_Cue] = []
        for cue in self._pending:
            start = self._reply_start(cue)
            end = self._reply_end(start, final) if start is not None else None
            if start is None or end is None:
                if not final:
                    keep.append(cue)
                continue  # no reply at all by the end of the call: nothing to judge
            caught_up = self._agent_words_until >= end - _TOL or self._clock >= end + self.config.asr_lag_s
            if not (final or caught_up):
                keep.append(cue)
                continue
            voice = self._voice_rise(cue)
            signals = dict(cue.signals)
            if voice.get("customer_voice_raised") and self.config.raised_voice_cue and voice.get("both_raised"):
                signals["raised_voice"] = (f"{voice['customer_loudness_rise_db']:+.1f} dB, "
                                           f"{voice['customer_pitch_rise_st']:+.1f} st")
            voice.pop("both_raised", None)
            if not signals:
                continue  # an ordinary customer utterance
            if set(signals) <= _GOES_ON and any(
                    e <= cue.start + _TOL and cue.start - e <= self.config.acknowledged_s for _, e, _ in self._acks):
                continue  # more detail of a problem the agent has just acknowledged
            acks = [a for a, _, _ in self._acks if cue.at - _TOL <= a <= end + _TOL]
            asks = [(a, w) for a, w in self._asks if start - _TOL <= a <= end + _TOL]
            first_ask = min(asks, default=None)
            details_first = first_ask is not None and not any(a <= first_ask[0] + _TOL for a in acks)
            if acks and not details_first:
                continue
            detail: dict[str, str | float | bool] = {
                "cue": cue.text or "(raised voice)", "signals": "; ".join(f"{k}: {v}" for k, v in signals.items()),
                "reason": f"account details first ({first_ask[1]})" if details_first and first_ask
                else "no acknowledgement", "reply_start": round(start, 3)}
            detail.update(voice)
            events.append(Event("missing_empathy", "agent", cue.start, max(cue.start, end),
                                MESSAGES["details_first" if details_first else "missing_empathy"], detail))
        self._pending = keep
        return events
