"""Phrase matching on ASR words: normalised tokens, paraphrase lists, utterances of a word stream.

Why normalised tokens and small paraphrase lists: ASR writes "you'll have to", "You will have to"
or "you will have to," for the same words, and people say the same thing several ways. Text is
lower-cased, stripped of punctuation, contractions are expanded ("can't" -> "can not") and digits
spelled, for both the phrase lists and the words heard; a ``*`` in a phrase stands for a few words.
Beyond that, a phrase tolerates what the ASR does to words it heard right (``coach/lexicon/asr.toml``):
one slip beside a content word heard exactly (the same word but its first consonants, "state of birth";
a preposition swapped, "date on birth"), and a subject's dropped clitic ("I stopped the" for "I've").
Shared by the phrase, empathy, distress and checklist analyzers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from coach.evaluate import normalize_words
from coach.lexicon import words as lexicon_words
from coach.vocab import Role, SpeechUpdate, Word

_NOT = {"won't": ["will", "not"], "can't": ["can", "not"], "cannot": ["can", "not"], "shan't": ["shall", "not"],
        "ain't": ["is", "not"], "let's": ["let", "us"], "y'all": ["you", "all"],
        # spoken forms the ASR writes as said: the same words
        "gonna": ["going", "to"], "wanna": ["want", "to"], "gotta": ["got", "to"], "dunno": ["do", "not", "know"],
        "kinda": ["kind", "of"], "lemme": ["let", "me"], "gimme": ["give", "me"]}
_SUFFIXES = (("n't", ["not"]), ("'ll", ["will"]), ("'re", ["are"]), ("'ve", ["have"]), ("'d", ["would"]),
             ("'m", ["am"]))
_IS_AFTER = {"it", "that", "there", "here", "what", "who", "where", "how", "he", "she", "this", "everything",
             "nothing", "something", "let"}


def normalize(text: str) -> list[str]:
    """Tokens as matched: lower case, no punctuation, digits spelled, contractions expanded."""
    out: list[str] = []
    for tok in normalize_words(text.replace("\u2019", "'").replace("*", " ")):
        if tok in _NOT:
            out += _NOT[tok]
            continue
        for suffix, expansion in _SUFFIXES:
            if tok.endswith(suffix) and len(tok) > len(suffix):
                out += [tok[: -len(suffix)], *expansion]
                break
        else:
            if tok.endswith("'s"):
                stem = tok[:-2]
                out += [stem, "is"] if stem in _IS_AFTER else [stem]
            else:
                out.append(tok.replace("'", ""))
    return out


def compile_phrase(phrase: str) -> tuple[str, ...]:
    """A phrase as tokens; ``"*"`` marks where a few arbitrary words may stand."""
    parts = [normalize(p) for p in phrase.split("*")]
    tokens: list[str] = []
    for i, part in enumerate(parts):
        if i:
            tokens.append("*")
        tokens += part
    while tokens and tokens[0] == "*":
        tokens.pop(0)
    while tokens and tokens[-1] == "*":
        tokens.pop()
    return tuple(tokens)


_FUNCTION_WORDS = frozenset({
    "the", "a", "an", "to", "of", "and", "or", "is", "are", "am", "was", "be", "i", "you", "we", "it", "that",
    "this", "for", "with", "on", "in", "at", "not", "do", "does", "have", "has", "will", "would", "can", "could",
})
# Verbs as common in the present tense as after "will" ("I have the number"): no lost "'ll" before them.
_LIGHT = frozenset({"*", "have", "be", "get", "go", "do", "need", "take", "see", "know", "think", "want"})
_KEY_MAP = str.maketrans("cqzx", "kksk")
# How the ASR writes the same words (coach/lexicon/asr.toml): small words of one class it swaps, and the
# clitics it drops after a subject.
_PREPOSITIONS = frozenset(lexicon_words("asr", "prepositions"))
_CLITIC_SUBJECTS = frozenset(lexicon_words("asr", "clitic_subjects"))
_DROPPED_CLITICS = frozenset(lexicon_words("asr", "dropped_clitics"))


def sound_key(token: str) -> str:
    """A crude consonant skeleton ("calm" -> "klm", "come" -> "km"): what ASR confusions tend to keep."""
    t = token.translate(_KEY_MAP).replace("ph", "f")
    skeleton = t[0] + "".join(ch for ch in t[1:] if ch not in "aeiouhwy")
    return "".join(ch for i, ch in enumerate(skeleton) if i == 0 or ch != skeleton[i - 1])


def _near(a: str, b: str) -> bool:
    """One edit apart (Levenshtein <= 1)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:] or (len(a) == len(b) and a[i + 1:] == b[i + 1:])


def _rest(token: str) -> str:
    """A word after its opening consonants ("state" -> "ate", "older" -> "older")."""
    k = 0
    while k < len(token) and token[k] not in "aeiou":
        k += 1
    return token[k:]


def rhymes(a: str, b: str) -> bool:
    """The same word but for its opening consonants ("date"/"state", "number"/"humber", "holder"/
    "older"): over a phone line whisper loses or swaps a word's first consonant far more often than
    the rest of it."""
    rest = _rest(a)
    return a != b and len(rest) >= 3 and rest == _rest(b)


def sounds_alike(phrase_tok: str, heard: str, skeleton: bool = True, rhyme: bool = False) -> bool:
    """A heard token that is plausibly an ASR slip for a content word of a phrase: one consonant off in
    its skeleton ("come" for "calm", with ``skeleton``) or (``rhyme``) the same word but for its opening
    consonants ("state" for "date")."""
    if len(phrase_tok) < 4 or phrase_tok in _FUNCTION_WORDS or heard in _FUNCTION_WORDS:
        return False
    if rhyme and rhymes(phrase_tok, heard):
        return True
    if not skeleton:
        return False
    if heard[:1] != phrase_tok[:1] and sound_key(heard)[:1] != sound_key(phrase_tok)[:1]:
        return False
    return abs(len(heard) - len(phrase_tok)) <= 2 and _near(sound_key(phrase_tok), sound_key(heard))


_ENDINGS = (("ing", ""), ("ing", "e"), ("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""),
            ("d", ""))


def _forms(token: str) -> set[str]:
    """A word and the bases it may be an inflection of ("happened" -> happen, happene)."""
    out = {token}
    for ending, repl in _ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= 3:
            out.add(token[: -len(ending)] + repl)
    return out


def same_word(a: str, b: str) -> bool:
    """Two inflections of one content word ("happened", "happens"): ASR often writes another tense or
    number of the word said. Function words and short words must be exact ("can", "could")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a in _FUNCTION_WORDS or b in _FUNCTION_WORDS:
        return False
    return bool(_forms(a) & _forms(b))


def _swapped(head: str, tok: str) -> bool:
    """Another small word of the same class ("date on birth"): ASR swaps them, the phrase means the same."""
    return head in _PREPOSITIONS and tok in _PREPOSITIONS


def _same(head: str, tok: str, inflect: bool) -> bool:
    return tok == head or inflect and same_word(head, tok)


@dataclass(frozen=True)
class _Slips:
    """Which ASR slips a pattern tolerates (see :func:`_match_at`)."""

    skeleton: bool = True  # a near consonant skeleton ("come" for "calm")
    rhyme: bool = False  # another opening consonant ("state" for "date"); only in phrases without "*"

    def __call__(self, head: str, tok: str) -> bool:
        return sounds_alike(head, tok, self.skeleton, self.rhyme) or _swapped(head, tok)


def _match_at(pattern: tuple[str, ...], toks: Sequence[str], i: int, max_skip: int, slips: int = 0,
              inflect: bool = False, kind: _Slips = _Slips()) -> int | None:
    """End index (exclusive) of ``pattern`` matched from ``toks[i]``, shortest match, else None.

    ``slips``: how many tokens may be sound-alikes rather than exact (ASR confusions, of the ``kind``
    given); ``inflect``: a content word may be heard in another inflection of the same word.
    """
    if not pattern:
        return i
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        for skip in range(max_skip + 1):
            end = _match_at(rest, toks, i + skip, max_skip, slips, inflect, kind)
            if end is not None:
                return end
        return None
    if i < len(toks) and _same(head, toks[i], inflect):
        return _match_at(rest, toks, i + 1, max_skip, slips, inflect, kind)
    if slips > 0 and i < len(toks) and kind(head, toks[i]):
        return _match_at(rest, toks, i + 1, max_skip, slips - 1, inflect, kind)
    return None


def _content(pattern: Sequence[str]) -> int:
    """Content words of a pattern. A slip needs another content word heard exactly beside it, so
    "can I get" is never "I guess" (only "I" would be exact), while "come down" is "calm down"."""
    return sum(t != "*" and t not in _FUNCTION_WORDS for t in pattern)


def _drops_clitic(p: tuple[str, ...]) -> bool:
    """Whether ``p`` ("i", "will", "refund") may be heard with its clitic lost ("i", "refund"): the verb
    after it is no verb as common in the present ("I have the number"), nor an adverb ("I personally")."""
    if len(p) < 3 or p[0] not in _CLITIC_SUBJECTS or p[1] not in _DROPPED_CLITICS or p[2] in _LIGHT:
        return False
    return len(p) > 3 or not p[2].endswith("ly") and len(p[2]) >= 4


@dataclass(frozen=True)
class Match:
    """``intent`` matched tokens ``[first, end)`` of an utterance via ``phrase`` (the config entry)."""

    intent: str
    phrase: str
    first: int
    end: int


class PhraseSet:
    """Named lists of paraphrases, matched on normalised tokens."""

    def __init__(self, intents: dict[str, Iterable[str]], max_skip: int = 2, sound_alike: bool = True,
                 inflect: bool = False, lost_will: bool = False, skeleton: bool = True, rhyme: bool = False) -> None:
        self.max_skip = max_skip
        self.sound_alike = sound_alike  # phrases of 2+ content words may have one ASR slip
        self.skeleton = skeleton  # a slip may be a near consonant skeleton ("come" for "calm")
        # A slip may be a rhyme ("state of birth"): only where a wrong match costs no rebuke (an
        # acknowledgement, an ask), never in a phrase to avoid ("you never paid" is not "you never said").
        self.rhyme = rhyme
        self.inflect = inflect  # a content word may be heard in another inflection ("happens" for "happened")
        self.patterns = [(intent, phrase, compile_phrase(phrase))
                         for intent, phrases in intents.items() for phrase in phrases]
        if lost_will:  # "I'll look into it" written "I look into it", "I've stopped" as "I stopped"
            self.patterns += [(intent, phrase, (p[0], *p[2:])) for intent, phrase, p in self.patterns
                              if _drops_clitic(p)]
        self.patterns = [p for p in self.patterns if p[2]]
        # The most tokens a match of each pattern can span: a match ending at or after token k
        # starts after k - span, so a stream of words is scanned near its end, not from the start.
        self._spans = [sum(max_skip if t == "*" else 1 for t in p[2]) for p in self.patterns]
        self._slips = [1 if sound_alike and _content(p[2]) > 1 else 0 for p in self.patterns]
        # A rhyme only where the phrase's words are heard side by side: after a "*" gap nothing anchors
        # it ("must be * hard" is not "must be the card").
        self._kinds = [_Slips(skeleton, rhyme and "*" not in p[2]) for p in self.patterns]

    def find(self, toks: Sequence[str], ending_from: int = 0) -> list[Match]:
        """Matches that end at or after token ``ending_from`` (so each is found once as tokens arrive)."""
        found: list[Match] = []
        for (intent, phrase, pattern), span, slips, kind in zip(self.patterns, self._spans, self._slips, self._kinds):
            for i in range(max(0, ending_from - span + 1), len(toks)):
                if toks[i] != pattern[0] and not slips and not self.inflect:
                    continue
                end = _match_at(pattern, toks, i, self.max_skip, slips, self.inflect, kind)
                if end is not None and end > ending_from:
                    found.append(Match(intent, phrase, i, end))
        found.sort(key=lambda m: (m.first, -(m.end - m.first)))
        return found


def token_set(words: Iterable[str]) -> frozenset[str]:
    """The tokens of a configured word list as :func:`normalize` writes them ("can't" -> "can", "not"),
    so a list is compared with utterance tokens the way they were made."""
    return frozenset(t for w in words for t in normalize(w))


def ends_sentence(text: str) -> bool:
    """Whether an ASR word closes its sentence (its text ends in ".", "?" or "!")."""
    return text.rstrip()[-1:] in ".?!"


@dataclass
class Utterance:
    """Consecutive words of one role with no long pause or turn end between them."""

    role: Role
    words: list[Word] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    owner: list[int] = field(default_factory=list)  # token -> index into words

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end

    def span(self, first: int, end: int) -> tuple[float, float, str]:
        """Call-time span and text of tokens ``[first, end)``."""
        ws = self.words[self.owner[first]: self.owner[end - 1] + 1]
        return ws[0].start, ws[-1].end, " ".join(w.text for w in ws)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def sentence_first(self, k: int) -> int:
        """Index of the first word of the sentence that word ``k`` is in."""
        while k > 0 and not ends_sentence(self.words[k - 1].text):
            k -= 1
        return k


class WordStream:
    """One role's committed words cut into utterances, for phrase matching on a stream.

    An utterance ends at a pause of ``gap_s`` between words or at a turn end the speech detector
    reported between them. It is *closed* (nothing more can join it) when the next word starts a new
    one, or when the role stopped speaking after it and ``settle_s`` of call time passed (late words).
    """

    def __init__(self, role: Role, gap_s: float = 1.0, settle_s: float = 1.0) -> None:
        self.role = role
        self.gap_s = gap_s
        self.settle_s = settle_s
        self.reset()

    def reset(self) -> None:
        self.current: Utterance | None = None
        self._stops: list[float] = []  # recent ends of this role's speech
        self._speaking = False
        self.clock = 0.0  # latest call time known from any input

    def hear(self, speech: SpeechUpdate | None) -> None:
        if speech is None:
            return
        for c in speech.changes:
            self.clock = max(self.clock, c.decided_at, c.t)
            if c.role == self.role:
                self._speaking = c.speaking
                if not c.speaking:
                    self._stops = [s for s in self._stops if s > c.t - 120.0] + [c.t]

    def add(self, word: Word) -> tuple[Utterance | None, int]:
        """Append a word; returns (the utterance it closed, if any; index of its first new token)."""
        self.clock = max(self.clock, word.end)
        closed = None
        cur = self.current
        if cur is not None and self._boundary(cur.words[-1], word):
            closed, cur = cur, None
        if cur is None:
            cur = self.current = Utterance(self.role)
        first_new = len(cur.tokens)
        toks = normalize(word.text)
        cur.words.append(word)
        cur.tokens += toks
        cur.owner += [len(cur.words) - 1] * len(toks)
        return closed, first_new

    def _boundary(self, a: Word, b: Word) -> bool:
        if b.start - a.end >= self.gap_s:
            return True
        return any(a.end - 0.3 <= s < b.start for s in self._stops)

    def settled(self) -> Utterance | None:
        """The current utterance if it can no longer grow (then it is taken off the stream)."""
        cur = self.current
        if cur is None or self._speaking and not any(s >= cur.end - 0.3 for s in self._stops):
            return None
        stop = next((s for s in self._stops if s >= cur.end - 0.3), None)
        if stop is None or self.clock < stop + self.settle_s:
            return None
        self.current = None
        return cur

    def flush(self) -> Utterance | None:
        cur, self.current = self.current, None
        return cur
