"""Jargon without a fixed list: words rare in everyday English, acronyms and spelled letter strings.

Why frequency and not a list: every company has its own internal words, and no list keeps up. A
word the agent says that everyday English rarely uses (wordfreq's offline Zipf frequency: 3 is
about once per million words) is one a customer may not know; so is an acronym ("ONT", "BACS") or
letters the ASR spelled out ("D H C P", "s.l.a."). Names are not jargon: a capitalised word inside
a sentence is a name to the ASR, and a word no dictionary knows that is not built of known parts
is the ASR mishearing something; everyday words joined by hyphens ("step-by-step", "top-up") are
plain English, however rare the joined form. Words the customer used first are theirs, not jargon. A word that
is only somewhat rare counts when the customer's next utterance says they are confused, and so does
any word the ASR could barely make out (``unclear_max_p``): through a codec whisper writes a term it
does not know as common words it is unsure of ("ONT" as "loyalty").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from wordfreq import zipf_frequency

_ACRONYM = re.compile(r"^[A-Z]{2,6}s?$")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.){2,6}[A-Za-z]?\.?$")
_HYPHENED = re.compile(r"^(?:[A-Za-z]-){1,6}[A-Za-z]$")
_JOINED = re.compile(r"^[a-z]{2,}(?:-[a-z]{2,})+$")  # hyphen-joined pieces, not spelled letters
_WORD = re.compile(r"^[a-z]+(?:'[a-z]+)?$")
_SUFFIXES = (("'s", ""), ("iest", "y"), ("ier", "y"), ("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"),
             ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("er", ""), ("ly", ""))


@lru_cache(maxsize=20000)
def zipf(word: str) -> float:
    """Everyday frequency of a word or its plain form (Zipf scale), whichever is higher."""
    forms = {word}
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.add(word[: -len(suffix)] + repl)
    return max(zipf_frequency(f, "en") for f in forms)


PREFIXED_ZIPF = 2.0  # the rest of a prefixed word must be at least this common (a real word)
_PREFIXES = ("re", "pre", "de", "un", "sub", "over", "under", "auto", "multi", "inter", "micro", "co", "non",
             "dis", "mis", "up", "down", "cross", "back", "post", "pro", "tele", "cyber", "geo")


def built(word: str) -> bool:
    """An unknown word made of known parts ("reprovision", "chargeback", "firmware"): jargon is built
    that way; what the ASR makes of a misheard word usually is not."""
    for p in _PREFIXES:  # a prefix on any dictionary word, however uncommon ("un" + "crystallised")
        if word.startswith(p) and len(word) - len(p) >= 4 and zipf(word[len(p):]) >= PREFIXED_ZIPF:
            return True
    return any(zipf(word[:i]) >= 3.0 and zipf(word[i:]) >= 3.0 for i in range(4, len(word) - 3))


def _bare(text: str) -> str:
    return text.strip().strip(",;:!?\"()[]")


class JargonFinder:
    """Jargon candidates in the agent's words, with how sure each is."""

    def __init__(self, rare_zipf: float, confused_zipf: float, plain: Iterable[str], rare_min_p: float = 0.0,
                 unclear_max_p: float = 0.0) -> None:
        self.rare_zipf = rare_zipf
        self.confused_zipf = confused_zipf
        self.rare_min_p = rare_min_p
        self.unclear_max_p = unclear_max_p
        self.plain = frozenset(p.lower().replace(".", "").replace("-", "") for p in plain)
        self.reset()

    def reset(self) -> None:
        self.customer_words: set[str] = set()  # what the customer said: never jargon to them
        self.first_heard: list[float] = []  # start of the customer's first word (speech times may be missing)

    def heard_customer(self, text: str, start: float = 0.0) -> None:
        if not self.first_heard or start < self.first_heard[0]:
            self.first_heard = [start]
        for tok in re.findall(r"[a-z']+", text.lower()):
            self.customer_words.add(tok)

    def find(self, words: Sequence[str], sentence_start: Sequence[bool], start: int = 0,
             p: Sequence[float] | None = None) -> list[tuple[int, str, bool]]:
        """(word index, the word, sure) for each candidate; ``sure`` False needs the customer's confusion.

        ``words`` are the agent's words as the ASR wrote them; ``sentence_start[i]`` says word i opens
        a sentence (its capital letter then says nothing about a name); words before ``start`` were
        judged already; ``p[i]`` is the ASR's confidence in word i. A rare dictionary word the ASR was
        unsure of (below ``rare_min_p``) may be common words misheard ("gardens" written "logons"),
        so it is jargon only if the customer is then confused; acronyms and letters are written
        only when letters were heard, and keep their weight.
        """
        out: list[tuple[int, str, bool]] = []
        i = start
        while i < len(words):
            w = _bare(words[i])
            letters = self._letters(words, i)
            if letters > 1:
                spelled = "".join(_bare(x).strip(".") for x in words[i:i + letters]).lower()
                if spelled not in self.plain:
                    out.append((i, " ".join(_bare(x) for x in words[i:i + letters]), True))
                i += letters
                continue
            sure = self._judge(w, sentence_start[i])
            if sure and p is not None and p[i] < self.rare_min_p and not _ACRONYM.match(w.rstrip(".")):
                sure = False  # an unsure rare word: wait for the customer's confusion
            if sure is None and p is not None and p[i] <= self.unclear_max_p and self._unclear(w):
                sure = False  # a word the ASR could not make out: a term it could not write, if the customer is lost
            if sure is not None:
                out.append((i, w.rstrip("."), sure))
            i += 1
        return out

    def _unclear(self, w: str) -> bool:
        """An ordinary-looking word of four letters or more that the customer did not use themselves."""
        core = w.rstrip(".").lower()
        return bool(_WORD.match(core)) and len(core) >= 4 and core not in self.customer_words and core not in self.plain

    @staticmethod
    def letter(word: str) -> bool:
        """A single spelled letter ("D", "h."), not the words "a" and "I"."""
        w = _bare(word).rstrip(".")
        return len(w) == 1 and w.isalpha() and w not in ("a", "I", "A")

    def _letters(self, words: Sequence[str], i: int) -> int:
        """How many single letters are spelled from word i ("D H C P" -> 4; "o-n-t" alone -> 1, see _judge)."""
        n = 0
        while i + n < len(words) and self.letter(words[i + n]):
            n += 1
        return n

    def _judge(self, w: str, sentence_start: bool) -> bool | None:
        """True: jargon; False: jargon if the customer is confused; None: an ordinary word."""
        core = w.rstrip(".")
        flat = core.replace(".", "").replace("-", "").lower()
        if not flat or flat in self.plain or flat in self.customer_words:
            return None
        if _DOTTED.match(w) or _HYPHENED.match(core):
            return True  # letters spelled by the ASR: "s.l.a.", "o-n-t"
        if _ACRONYM.match(core):
            return True
        if _JOINED.match(core.lower()):
            pieces = core.lower().split("-")
            if pieces[0] not in _PREFIXES and all(zipf(p) >= self.confused_zipf for p in pieces):
                return None  # everyday words joined ("step-by-step", "top-up"): plain, however rare the whole
            core = core.replace("-", "")  # "sub-regation", "re-enrol": a word the ASR hyphenates, or a prefix
        if not _WORD.match(core.lower()) or len(flat) < 4:
            return None
        if core[0].isupper() and not sentence_start:
            return None  # a name
        if core[0].isupper() and zipf(flat) == 0.0:
            return None  # a capitalised word no dictionary knows, opening a sentence: a name too
        f = zipf(flat)
        if f == 0.0 and not built(flat):
            # No dictionary has it, nor its parts: most often the ASR mishearing something, but
            # maybe a word the ASR could not spell either; the customer's confusion tells.
            return False if len(flat) >= 6 else None
        if len(flat) >= 5 and f < self.rare_zipf:
            return True
        if f < self.confused_zipf:
            return False
        return None
