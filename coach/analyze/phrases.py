"""Phrases to avoid, heard in the agent's committed words, each with something better to say.

Why context: training warns against what words *do*, not the words. "You need to restart it" orders
the customer; "is there anything else you need to do?" asks, so an order's words inside a question
(a sentence ending in "?", opening with a question word, or "do you need to") are not reported, and
are judged once the sentence ends; an order opening its sentence stays one when the "?" ends a later
clause the ASR joined to it with a comma. A refusal is a refusal only when nothing positive follows it
("no problem" is not one). An ASR slip is tolerated only beside another content word heard exactly.
Jargon needs no list (:mod:`coach.analyze.jargon`): rare words, acronyms and spelled letters, and
somewhat rare words when the customer's next utterance is confused. At most one event per intent
per utterance.

The matching machinery lives in :mod:`coach.analyze.matching` (re-exported here).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.analyze.jargon import JargonFinder
from coach.analyze.matching import (
    Match,
    PhraseSet,
    Utterance,
    WordStream,
    compile_phrase,
    ends_sentence,
    normalize,
    sound_key,
    sounds_alike,
    token_set,
)
from coach.config import EmpathyConfig, PhrasesConfig
from coach.vocab import Event, SpeechUpdate, Word

__all__ = ["Match", "PhraseAnalyzer", "PhraseSet", "Utterance", "WordStream", "compile_phrase", "normalize",
           "sound_key", "sounds_alike"]

INTENTS = ("have_to", "dont_know", "nothing_more", "calm_down", "cant", "i_think", "argue", "jargon")
MESSAGE = "Support training warns against \"{phrase}\"."
CORROBORATED_WORDS = 5  # a phrase this long vouches for its own negation (see PhraseAnalyzer._sure)
HOLD_TOKENS = 3  # a phrase waits for this many next tokens: "I can't" + "wait to" is no refusal
_NEGATED = re.compile(r"(?:n[\u2019']?t|^cannot|^not)[.,?!]*$", re.IGNORECASE)  # "can't", "dont", "cannot.", "not"


class PhraseAnalyzer:
    """Plain stage: ``push(speech=..., words=...)`` -> ``avoid_phrase`` events for the agent's words.

    The customer's words are heard too: their confusion is evidence of jargon, and their own words
    are never jargon to them.
    """

    def __init__(self, config: PhrasesConfig | None = None, confusion: Sequence[str] | None = None,
                 feelings: Sequence[str] | None = None) -> None:
        self.config = cfg = config or PhrasesConfig()
        self.rules = PhraseSet({i: getattr(cfg, i) for i in INTENTS}, cfg.max_skip_words)
        self.suggestion = {i: getattr(cfg, f"{i}_say") for i in INTENTS} | {"flat_no": cfg.flat_no_say}
        self.canonical = {i: getattr(cfg, i)[0] for i in INTENTS if getattr(cfg, i)} | {"flat_no": "no"}
        self.openers = PhraseSet({"flat_no": cfg.flat_no}, cfg.max_skip_words)
        self.not_refusal = PhraseSet({"ok": cfg.not_refusal}, cfg.max_skip_words)
        self.positive = PhraseSet({"ok": cfg.positive_after}, cfg.max_skip_words)
        if confusion is None:
            confusion = EmpathyConfig().confusion  # the customer's confusion, as the empathy section hears it
        self.confusion = PhraseSet({"confused": confusion}, cfg.max_skip_words, sound_alike=False)
        if feelings is None:
            feelings = EmpathyConfig().feelings  # "how shaken you must be" guesses a feeling, it orders nothing
        self.feelings = PhraseSet({"feeling": feelings}, cfg.max_skip_words, sound_alike=False, inflect=True)
        self.question_openers = token_set(cfg.question_openers)
        self.ask_before = token_set(cfg.ask_before)
        self.question_tags = token_set(cfg.question_tags)
        self.alternatives = PhraseSet({"or": cfg.alternatives}, 0, sound_alike=False)
        self.jargon = JargonFinder(cfg.rare_zipf, cfg.confused_zipf, cfg.plain_acronyms, cfg.rare_min_p,
                                   cfg.unclear_max_p)
        self.not_avoid = PhraseSet({"ok": cfg.not_avoid}, cfg.max_skip_words, sound_alike=False)
        self.stream = WordStream("agent", cfg.utterance_gap_s, cfg.settle_s)
        self.customer = WordStream("customer", cfg.utterance_gap_s, cfg.settle_s)
        self.reset()

    def reset(self) -> None:
        self.stream.reset()
        self.customer.reset()
        self.jargon.reset()
        self._new_utterance()
        self._maybe: list[tuple[float, float, str]] = []  # (start, end, words): jargon if the customer is confused
        self._customer_from: float | None = None  # when the customer first spoke (speech detector)

    def _new_utterance(self) -> None:
        self._taken: list[tuple[int, int]] = []  # token spans already reported in the current utterance
        self._said: set[str] = set()  # intents reported in the current utterance
        self._orders: list[Match] = []  # order-like matches waiting for their sentence to end
        self._held: list[Match] = []  # other matches waiting for their next words
        self._words_seen = 0  # agent words of the current utterance scanned for jargon
        self._utt_maybe: list[tuple[float, float, str]] = []  # its somewhat rare words

    def push(self, speech: SpeechUpdate | None = None, words: Sequence[Word] = ()) -> list[Event]:
        self.stream.hear(speech)
        self.customer.hear(speech)
        for c in speech.changes if speech is not None else ():
            if c.role == "customer" and c.speaking and self._customer_from is None:
                self._customer_from = c.t
        events: list[Event] = []
        for w in sorted(words, key=lambda w: w.start):
            if w.role != "agent":
                events += self._customer_word(w)
                continue
            closed, first_new = self.stream.add(w)
            if closed is not None:
                events += self._close(closed)
                first_new = 0
            events += self._phrases(first_new)
        settled = self.stream.settled()
        if settled is not None:
            events += self._close(settled)
        return events

    def finish(self, end: float) -> list[Event]:
        last = self.stream.flush()
        return self._close(last) if last is not None else []

    def _close(self, utt: Utterance) -> list[Event]:
        events = (self._rare_words(utt, final=True) + self._judge_held(utt, final=True)
                  + self._judge_orders(utt, final=True) + self._judge_flat_no(utt))
        if "jargon" in self._said:
            self._maybe.clear()  # the customer's confusion after this points at the jargon reported here
        elif self._utt_maybe:
            self._maybe.append((self._utt_maybe[0][0], self._utt_maybe[-1][1],
                                ", ".join(dict.fromkeys(m[2] for m in self._utt_maybe))))
        self._new_utterance()
        return events

    # ------------------------------------------------------------------ agent

    def _phrases(self, first_new: int) -> list[Event]:
        utt = self.stream.current
        assert utt is not None
        events: list[Event] = []
        for m in self.rules.find(utt.tokens, first_new):
            if any(m.first < e and s < m.end for s, e in self._taken):
                continue
            self._taken.append((m.first, m.end))
            if m.intent == "have_to":
                self._orders.append(m)  # an order or a question: the sentence's end tells
            else:
                self._held.append(m)  # the next words may say it is no such thing ("I can't wait")
        events += self._judge_held(utt, final=False)
        events += self._judge_orders(utt, final=False)
        events += self._rare_words(utt)
        return events

    def _judge_held(self, utt: Utterance, final: bool) -> list[Event]:
        """Matches whose next words have arrived (or whose utterance ended), less the exceptions:
        the same words saying something else ("I can't wait to", "I can't thank you enough")."""
        events: list[Event] = []
        ready = [m for m in self._held if final or len(utt.tokens) >= m.end + HOLD_TOKENS]
        self._held = [m for m in self._held if m not in ready]
        if not ready:
            return []
        lo = max(0, min(m.first for m in ready) - HOLD_TOKENS)
        fine = self.not_avoid.find(utt.tokens[lo:])
        for m in ready:
            if not any(m.first < f.end + lo and f.first + lo < m.end for f in fine):
                events += self._report(utt, m.intent, m.first, m.end)
        return events

    def _sure(self, utt: Utterance, first: int, end: int) -> bool:
        """The ASR was confident of the words (jargon aside): an unsure word may be a different one.

        A word negated by its ending ("can't", "don't", "cannot"), or a "not" of its own, must be surer
        still (``negation_min_p``): the ASR adds or drops them, and the other reading ("can", "that's
        gone through" for "that's not true") says the opposite, so a half-sure "can't" is no refusal. In a
        phrase of ``CORROBORATED_WORDS`` words or more the other words vouch for it: "There isn't(0.73)
        anything more I can do" has no reading without its "n't"."""
        ws = utt.words[utt.owner[first]: utt.owner[end - 1] + 1]
        if len(ws) < CORROBORATED_WORDS and any(
                _NEGATED.search(w.text) and w.p < self.config.negation_min_p for w in ws):
            return False
        return sum(w.p for w in ws) >= self.config.min_p * len(ws)

    def _report(self, utt: Utterance, intent: str, first: int, end: int) -> list[Event]:
        if intent in self._said or intent != "jargon" and not self._sure(utt, first, end):
            return []  # one nudge per intent per utterance; none on words the ASR was unsure of
        self._said.add(intent)
        start, stop, heard = utt.span(first, end)
        return [self._event(intent, start, stop, heard)]

    def _sentence(self, utt: Utterance, m: Match) -> tuple[int, int | None]:
        """Word indices of the sentence around a match: its first word, its last (None: not ended yet)."""
        b = utt.owner[m.end - 1]
        last = next((k for k in range(b, len(utt.words)) if ends_sentence(utt.words[k].text)), None)
        return utt.sentence_first(utt.owner[m.first]), last

    def _is_question(self, utt: Utterance, m: Match, first_word: int, last_word: int | None) -> bool:
        if last_word is not None and utt.words[last_word].text.rstrip().endswith("?") and not self._tag(utt, last_word):
            # An order opening its sentence is no question because a "?" ends a later clause: whisper
            # joins sentences with commas ("You must have clicked a fake link, what's your date of birth?").
            own = utt.owner[m.first] == first_word and any(
                w.text.rstrip().endswith(",") for w in utt.words[utt.owner[m.end - 1]:last_word])
            if not own:
                return True
        opener = normalize(utt.words[first_word].text)
        if opener and opener[0] in self.question_openers:
            return True
        if last_word is not None and self.alternatives.find(  # "..., or are you ...": either-or
                [t for k, t in enumerate(utt.tokens[m.end:], m.end) if utt.owner[k] <= last_word]):
            return True
        # "what do you need to", "if you have to", "anything else you need to" (opener and "?" lost)
        return any(t in self.ask_before for t in utt.tokens[max(0, m.first - 2):m.first])

    def _tag(self, utt: Utterance, k: int) -> bool:
        """Word ``k`` is a question tag after a comma ("..., right?"): the sentence still states or orders."""
        tokens = normalize(utt.words[k].text)
        return k > 0 and utt.words[k - 1].text.rstrip().endswith(",") and len(tokens) == 1 and (
            tokens[0] in self.question_tags)

    def _feeling_after(self, utt: Utterance, m: Match) -> bool:
        """"You must be so worried", "how shaken you must feel": a guess at how the customer feels (an
        acknowledgement), not an order: "be", "feel" or "have been" next, and a feeling word just
        after or, in "how shaken you must be", just before. "How" and a word or two before "you must"
        make an exclamation whatever the ASR made of the feeling ("how you can you must meet"), and "you
        must be" + "-ing" guesses what they are going through ("you must be watching the clock")."""
        if "how" in utt.tokens[max(0, m.first - 3):m.first - 1]:
            return True  # "how <feeling> you must ...": an exclamation, however the ASR heard the feeling
        after = utt.tokens[m.end:m.end + 2]
        if len(after) == 2 and after[0] == "be" and after[1].endswith("ing") and len(after[1]) > 4:
            return True  # "you must be watching the clock": a guess at what they are going through
        if utt.tokens[m.end:m.end + 1] not in (["be"], ["feel"], ["have"]):
            return False
        lo = max(0, m.first - 3)
        return any(f.end <= m.first - lo or f.first >= m.end - lo
                   for f in self.feelings.find(utt.tokens[lo:m.end + 5]))

    def _judge_orders(self, utt: Utterance, final: bool) -> list[Event]:
        events: list[Event] = []
        waiting: list[Match] = []
        for m in self._orders:
            first_word, last_word = self._sentence(utt, m)
            if last_word is None and not final:
                waiting.append(m)
                continue
            if not self._is_question(utt, m, first_word, last_word) and not self._feeling_after(utt, m):
                events += self._report(utt, m.intent, m.first, m.end)
        self._orders = waiting
        return events

    def _rare_words(self, utt: Utterance, final: bool = False) -> list[Event]:
        """Jargon among the words committed since the last look (a word is judged once; spelled
        letters once the run of letters has ended)."""
        cfg = self.config
        first = self._customer_from
        if first is None and self.jargon.first_heard:  # words without speech changes (tests, a bare stream)
            first = self.jargon.first_heard[0]
        if cfg.rare_zipf <= 0.0 and cfg.confused_zipf <= 0.0 or first is None or utt.start < first - 0.3:
            return []  # before the customer speaks the agent greets: the company's name is no jargon
        texts = [w.text for w in utt.words]
        limit = len(texts)
        while not final and limit > 0 and self.jargon.letter(texts[limit - 1]):
            limit -= 1  # "D H C" may go on: judged when the letters end
        starts = [k == 0 or ends_sentence(texts[k - 1]) for k in range(limit)]
        found = self.jargon.find(texts[:limit], starts, self._words_seen, [w.p for w in utt.words[:limit]])
        self._words_seen = max(self._words_seen, limit)
        events: list[Event] = []
        sure = [c for c in found if c[2] and cfg.rare_zipf > 0.0]
        if sure:
            k, heard, _ = sure[0]
            events += self._jargon_event(utt.words[k].start, utt.words[k].end, heard)
        for k, heard, is_sure in found:
            if not is_sure:
                self._utt_maybe.append((utt.words[k].start, utt.words[k].end, heard))
        return events

    def _jargon_event(self, start: float, end: float, heard: str) -> list[Event]:
        if "jargon" in self._said:
            return []
        self._said.add("jargon")
        return [Event("avoid_phrase", "agent", start, end, MESSAGE.format(phrase=heard),
                      {"phrase": heard, "intent": "jargon", "heard": heard, "suggestion": self.suggestion["jargon"],
                       "why": "rare in everyday English"})]

    # ------------------------------------------------------------------ customer

    def _customer_word(self, w: Word) -> list[Event]:
        """The customer's words: their vocabulary, and confusion right after the agent's rare words."""
        self.jargon.heard_customer(w.text, w.start)
        _, first_new = self.customer.add(w)
        utt = self.customer.current
        assert utt is not None
        if not self.confusion.find(utt.tokens, first_new):
            return []
        window = self.config.confusion_window_s
        hits = [m for m in self._maybe if 0.0 <= w.start - m[1] <= window]
        self._maybe = [m for m in self._maybe if m[1] > w.start]
        cur = self.stream.current
        if cur is not None and cur.end <= w.start and "jargon" in self._said:
            return []  # the agent's last words, not yet closed, held the jargon the confusion points at
        if cur is not None and cur.end <= w.start and self._utt_maybe:
            # the agent's utterance ended before the customer spoke, though its next word is not in yet
            hits.append((self._utt_maybe[0][0], self._utt_maybe[-1][1],
                         ", ".join(dict.fromkeys(m[2] for m in self._utt_maybe))))
            self._said.add("jargon")
        if not hits:
            return []
        start, end, heard = hits[-1]
        detail = {"phrase": heard, "intent": "jargon", "heard": heard, "suggestion": self.suggestion["jargon"],
                  "why": "uncommon word, and the customer was confused"}
        return [Event("avoid_phrase", "agent", start, end, MESSAGE.format(phrase=heard), detail)]

    def _judge_flat_no(self, utt: Utterance) -> list[Event]:
        """A refusal opening the utterance with nothing positive after it."""
        openers = [m for m in self.openers.find(utt.tokens) if m.first == 0]
        if not openers or any(m.first == 0 for m in self.not_refusal.find(utt.tokens)):
            return []
        opener = max(openers, key=lambda m: m.end)
        if 0 < self.config.flat_no_max_words < len(utt.tokens) - opener.end:
            return []  # "No, it was the kitchen window sensor, and ...": an answer explained, not curt
        negative = [m for m in self.rules.find(utt.tokens) if m.intent in ("nothing_more", "cant")]
        positive = [m for m in self.positive.find(utt.tokens, opener.end)  # "nothing I can do" offers nothing
                    if m.first >= opener.end and not any(n.first <= m.first < n.end for n in negative)]
        if positive or not self._sure(utt, opener.first, opener.end):
            return []
        start, end, heard = utt.span(opener.first, opener.end)
        return [self._event("flat_no", start, end, heard)]

    def _event(self, intent: str, start: float, end: float, heard: str) -> Event:
        return Event("avoid_phrase", "agent", start, end, MESSAGE.format(phrase=self.canonical[intent]),
                     {"phrase": self.canonical[intent], "intent": intent, "heard": heard,
                      "suggestion": self.suggestion[intent]})
