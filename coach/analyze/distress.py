"""Customer distress in any wording: several independent signals over one customer utterance.

Why several signals: upset customers rarely use the words a list holds ("you've taken it twice and
I'm not happy"). Each signal is cheap and explainable, and the event's detail lists the ones that
fired, so a trainer sees why the coach spoke:

- ``sentiment``: vaderSentiment's compound score (it handles negation and intensity: "not happy",
  "really annoyed") at or below ``[empathy] sentiment_below``. The customer's own politeness and
  answers ("Sorry, ...", "No, ...") standing alone are left out of the scored text, and short
  answers are not scored: they are not feelings;
- ``distress``: strong words of frustration, anger, loss;
- ``problem``: something charged, broken, missing, late or wrong (not the customer's own slip:
  "I ordered the wrong size" is no complaint; not in an utterance that asks for a service, ``asks``:
  "my MOT runs out next week, can I book it in?" names the reason for a request);
- ``complaint``: a weak sign ("still", "again", "but I ...") in a sentence that leans negative;
- ``worry`` and ``confusion``;
- ``repeat``: most of the utterance's content words were already said by the customer;
- ``opening`` (seed 004): the customer's first statement, why they called, when it reads as an event
  (a negation, "but", "still", "again": ``event_marks``) and not as a request, their own doubt or their
  details. Whisper garbles the content words of a problem far more often than this grammar
  ("I paid off my contract last month, but there's another million for forty pounds").

The raised voice of stereo calls is measured by the empathy analyzer (it holds the prosody).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from coach.analyze.matching import PhraseSet, ends_sentence, normalize, token_set
from coach.config import EmpathyConfig

_OPENERS = frozenset({"no", "sorry", "yes", "yeah", "okay", "ok", "oh", "well", "hi", "hello", "right", "so",
                      "um", "uh", "nope", "alright"})
_NUMBER_WORDS = frozenset({"zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                           "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand",
                           "double", "triple"})
_STOP = frozenset({"the", "a", "an", "to", "of", "and", "or", "is", "are", "am", "was", "i", "you", "it", "that",
                   "this", "my", "for", "on", "in", "at", "not", "do", "have", "has", "be", "me", "we", "so"})
_NEGATIONS = frozenset({"not", "never", "no"})
OWN_LOOKBACK = 6  # tokens: "I ordered the" may come a little before "wrong"
REPEAT_OVERLAP = 0.6  # share of content words already said that makes an utterance a repeat
REPEAT_MIN_WORDS = 5
MIN_SENTIMENT_WORDS = 4  # shorter utterances are answers, not statements of feeling
SENTIMENT_WORDS = 40  # sentiment is read over the utterance's last words (a long one costs no more)


@cache
def _vader() -> SentimentIntensityAnalyzer:
    """One analyzer per process: its lexicon is read once (offline, shipped in the package)."""
    return SentimentIntensityAnalyzer()


def scored_text(words: Sequence[str], polite: Sequence[str] = ()) -> str:
    """The utterance as sentiment is scored: "sorry", "no", "okay" ... left out where they stand alone
    (opening a sentence, or set off by their own punctuation: "Not to hand, no."), a "sorry" just after
    a comma too (whisper writes "gardens. Sorry, I'm" as "gardens, sorry I'm"), and the customer's
    polite formulas (``polite``: "sorry to bother you" is manners, vader reads "bother" as a feeling)."""
    for phrase in polite:
        pattern = r"[\s,.!?;:]+".join(re.escape(t) for t in phrase.split())
        words = re.sub(rf"(?i)(?<![\w'])({pattern})\b[.,!?;:]*", " ", " ".join(words)).split()
    out: list[str] = []
    opening = True
    after_comma = False
    for w in words:
        bare = w.strip(".,!?;:\"'").lower()
        if bare in _OPENERS and (opening or w.rstrip()[-1:] in ".,!?;" or bare == "sorry" and after_comma):
            opening = opening or ends_sentence(w)
            continue
        opening = ends_sentence(w)
        after_comma = w.rstrip().endswith(",")
        out.append(w)
    return " ".join(out)


def sentiment(words: Sequence[str], polite: Sequence[str] = ()) -> float:
    """vaderSentiment's compound score of the scored text, -1 (negative) .. 1; 0 for a short answer.

    A short answer ("Not to hand.") is scored 0: with no context vader reads a negated word of its
    lexicon ("hand" is positive there) as a feeling."""
    text = scored_text(words, polite)
    if len(text.split()) < MIN_SENTIMENT_WORDS:
        return 0.0
    return float(_vader().polarity_scores(text)["compound"])


class DistressDetector:
    """Signals of distress in a customer utterance; remembers the customer's earlier utterances."""

    def __init__(self, config: EmpathyConfig, max_skip: int = 2) -> None:
        self.config = config
        self.cues = PhraseSet({"distress": config.distress, "problem": config.problem, "worry": config.worry,
                               "confusion": config.confusion}, max_skip, sound_alike=False)
        self.weak = PhraseSet({"complaint": config.weak}, max_skip, sound_alike=False)
        self.own_slip = PhraseSet({"own": config.own_mistake, "not": config.not_problem}, max_skip,
                                  sound_alike=False)
        self.not_event = PhraseSet({"request": config.requests, "details": config.account_details}, max_skip,
                                   sound_alike=False)
        self.doubt = PhraseSet({"doubt": config.own_doubt}, max_skip, sound_alike=False)
        self.service = PhraseSet({"ask": config.asks}, max_skip, sound_alike=False)
        self.marks = PhraseSet({"mark": config.event_marks}, 0, sound_alike=False)
        self.done_to = token_set(config.done_to_me)
        self.reset()

    def reset(self) -> None:
        self._said: list[set[str]] = []  # content words of earlier customer utterances
        self._statements = 0  # finished customer utterances of at least [empathy] opening_min_words

    def signals(self, tokens: Sequence[str], words: Sequence[str], first_new: int = 0,
                p_at: Callable[[int], float] | None = None, opens: Sequence[int] = ()) -> dict[str, str]:
        """Signal -> evidence (the words, or the score) in an utterance so far; phrases ending at or after
        token ``first_new`` (a growing utterance is read once), sentiment over its last words.

        ``p_at(k)``: the ASR's confidence in token k's word. A cue whose words it was unsure of
        (mean below ``[empathy] cue_min_p``) may be other words ("broken" at p 0.14 for "booking"), and
        a negation in it must be surer (``negation_min_p``): "I can't(0.52) afford" may be "I can afford"
        (whisper wrote an account number read out as "I can't afford M19").
        ``opens``: tokens that open a sentence; no cue runs over one ("..., sorry. What do I do" is
        no "sorry what")."""
        found: dict[str, str] = {}
        own = self.own_slip.find(tokens, max(0, first_new - OWN_LOOKBACK))
        for m in self.cues.find(tokens, first_new):
            if any(m.first < k < m.end for k in opens):
                continue
            if m.intent == "problem" and (any(o.first < m.end and m.first < o.end for o in own)
                                          or self._did_wrong(tokens, m.first)):
                continue  # the customer's own slip ("I ordered the wrong size"), or "too late?": no complaint
            if p_at is not None and sum(p_at(k) for k in range(m.first, m.end)) < self.config.cue_min_p * (
                    m.end - m.first):
                continue
            if p_at is not None and any(tokens[k] == "not" and p_at(k) < self.config.negation_min_p
                                        for k in range(m.first, m.end)):
                continue  # a half-sure "can't" may be "can": the cue would say the opposite of what was said
            found.setdefault(m.intent, " ".join(tokens[m.first:m.end]))
        if "problem" in found and self.asks(tokens):
            del found["problem"]  # "Mine's making a clicking noise and I'd like someone to look at it."
        score = (sentiment(words[-SENTIMENT_WORDS:], self.config.polite) if self.config.sentiment_below > -1.0
                 else 0.0)
        if score <= self.config.sentiment_below:
            found["sentiment"] = f"{score:+.2f}"
        weak = self.weak.find(tokens, first_new)
        if weak and score < 0.0:
            found.setdefault("complaint", " ".join(tokens[weak[0].first:weak[0].end]))
        content = _content(tokens)
        if len(content) >= REPEAT_MIN_WORDS and any(
                len(content & earlier) >= REPEAT_OVERLAP * len(content) for earlier in self._said):
            found["repeat"] = "said before"
        opening = self._opening(tokens, words, p_at)
        if opening:
            found.setdefault("opening", opening)
        return found

    def asks(self, tokens: Sequence[str]) -> bool:
        """The utterance asks for a service (``[empathy] asks``: "I'd like", "can I", ...)."""
        return bool(self.service.find(tokens))

    def _did_wrong(self, tokens: Sequence[str], k: int) -> bool:
        """Token ``k`` is "wrong" in "I <verb> the wrong ...": the customer's own doing, whatever the verb
        ("I dialled the wrong shop"; whisper wrote "I ordered the wrong book" as "I'll get the wrong book"),
        unless the verb says it was done to them ("I was sent", "I got": ``[empathy] done_to_me``)."""
        if tokens[k] != "wrong" or k < 3 or tokens[k - 1] not in ("the", "a"):
            return False
        for i in (k - 3, k - 4):  # one or two words between "I" and "the wrong"
            if i >= 0 and tokens[i] == "i":
                return not any(t in self.done_to for t in tokens[i + 1:k - 1])
        return False

    def _opening(self, tokens: Sequence[str], words: Sequence[str], p_at: Callable[[int], float] | None) -> str:
        """Evidence that the customer's first statement reports an event, or "" (see the module doc).

        The customer's own doubt ("I ordered a book last week, but I don't know if ...") makes it a
        request for help, not a complaint; a negation must be as sure as in a cue (whisper wrote
        "I want to add a bag" as "I won't(..) talk about my broken")."""
        cfg = self.config
        if not cfg.opening_min_words or self._statements or len(tokens) < cfg.opening_min_words:
            return ""
        if any(w.rstrip().endswith("?") for w in words) or self.not_event.find(tokens) or self.doubt.find(tokens):
            return ""
        plain = normalize(scored_text(words, cfg.polite))  # stand-alone "no", "sorry" are no event
        marks = {plain[m.first] for m in self.marks.find(plain)}
        if marks and marks <= _NEGATIONS and p_at is not None and not any(
                t in _NEGATIONS and p_at(k) >= cfg.negation_min_p for k, t in enumerate(tokens)):
            return ""
        return f"first statement: {min(marks)}" if marks else ""

    def said(self, tokens: Sequence[str]) -> None:
        """A finished customer utterance, remembered for repeats."""
        content = _content(tokens)
        if len(content) >= REPEAT_MIN_WORDS:
            self._said.append(content)
        self._statements += len(tokens) >= self.config.opening_min_words


def _content(tokens: Sequence[str]) -> set[str]:
    """Content words of an utterance; numbers read out twice (a card, then a phone) are not a repeat, nor
    are the answers and manners around them ("Sorry, yes, ... no, wait, ...")."""
    return {t for t in tokens if t not in _STOP and t not in _NUMBER_WORDS and t not in _OPENERS}
