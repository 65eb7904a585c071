"""Reading digits as the ASR writes them: one whitespace token (or two: "forty seven") at a time.

Shared by :mod:`coach.redact` (what is redacted) and its live twin, the session recorder's word
stream (what may still grow into a number). A token is a number token when it is written digits
with any separators ("4,111,119", "47.16.22"), a number word ("oh", "twelve", "forty seven",
"double five"), digits the ASR joined around a misheard piece ("4-532-1-i-1"), or digits with a
stray letter or two the ASR heard in them ("482193m", "m-983-6142").

It also holds :mod:`coach.redact`'s labels and spans, the e-mail reader, and
where a reply to a question for a number begins (:func:`reply_starts`), which keeps redact.py under
the 400-line limit; coach.redact re-exports what its callers use. Rules that read a run of tokens
as one number are in :mod:`coach.redact_runs`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from coach.config import RedactConfig

DIGIT_WORDS = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
                "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
_TEENS = {"ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
          "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19"}
_TENS = {"twenty": "2", "thirty": "3", "forty": "4", "fifty": "5", "sixty": "6", "seventy": "7",
         "eighty": "8", "ninety": "9"}
REPEAT = {"double": 2, "triple": 3, "treble": 3}  # "treble five": British for triple
STRIP = ".,;:!?\"'()[]{}"
_OH_RE = re.compile(r"(?=o*\d)[\do]*o[\do]*")  # digits and the letter o, one of each at least: "o9", "6o"
_NUMERIC_RE = re.compile(r"^[#+$\u00a3\u20ac]?\d[\d,\-/.]*$")  # ASR writes "4,111,119,11111..." or "4111.1111"


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum every payment card number satisfies (tells a card from other digit runs)."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def norm(token: str) -> str:
    """A token as the readers compare it: lower case, no punctuation around it."""
    return token.strip(STRIP).lower().rstrip(".\u2026")


def token_digits(tokens: list[str], i: int) -> tuple[str, int] | None:
    """Digits that tokens[i:] start with, and how many tokens they use; None if not a number token."""
    return _thousands(tokens, i) or _digits(norm(tokens[i]), norm(tokens[i + 1]) if i + 1 < len(tokens) else "")


def _thousands(tokens: list[str], i: int) -> tuple[str, int] | None:
    """A group read like a year: "two thousand and nineteen" (2019), "two thousand five", "2000 and 19",
    "two thousand" (2000); None otherwise. A card read "four five three two, two thousand and nineteen,
    nineteen eighty, ..." is one run; an amount ("two thousand pounds") is still one by its unit."""
    t, n, stops = norm(tokens[i]), len(tokens), (".", ",", "?", "!", ";")
    if t in DIGIT_WORDS and t not in ("zero", "oh", "o") and i + 1 < n and norm(tokens[i + 1]) == "thousand" \
            and not ends_clause(tokens[i], stops):
        head, k = DIGIT_WORDS[t] + "000", i + 2  # "two thousand": a group by itself
    elif re.fullmatch(r"[1-9]000", t) and i + 1 < n and norm(tokens[i + 1]) == "and" \
            and not ends_clause(tokens[i], stops):
        head, k = "", i + 1  # "2000 and 19": only with what follows
    else:
        return None
    alone = (head, k - i) if head else None
    if k >= n or ends_clause(tokens[k - 1], stops):
        return alone
    j = k + 1 if norm(tokens[k]) == "and" and not ends_clause(tokens[k], stops) else k
    tail = _digits(norm(tokens[j]), norm(tokens[j + 1]) if j + 1 < n else "") if j < n else None
    if tail is None or len(tail[0]) > 2 or norm(tokens[j]) in REPEAT:
        return alone
    return (head or t)[:1] + tail[0].zfill(3), j + tail[1] - i


@lru_cache(maxsize=8192)
def _digits(t: str, nxt: str) -> tuple[str, int] | None:
    """:func:`token_digits` of a token ``t`` (normalised) before ``nxt``: the live redactor reads the same
    words again with every word that arrives, so the reading is cached."""
    if not t:
        return None
    if _NUMERIC_RE.match(t):
        return re.sub(r"\D", "", t), 1
    if _OH_RE.fullmatch(t):  # "O9", "6o": whisper writes a spoken "oh" beside a digit as the letter
        return t.replace("o", "0"), 1
    joined = _joined_digits(t)
    if joined is not None:
        return joined, 1
    if t in DIGIT_WORDS:
        return DIGIT_WORDS[t], 1
    if t in _TEENS:
        return _TEENS[t], 1
    if t in _TENS:
        if nxt in DIGIT_WORDS and nxt not in ("zero", "oh", "o"):
            return _TENS[t] + DIGIT_WORDS[nxt], 2
        return _TENS[t] + "0", 1
    if "-" in t:  # "forty-two", "four-one-one-one", "oh-nine"
        spoken = _hyphened(t.split("-"))
        if spoken is not None:
            return spoken, 1
    if t in REPEAT and nxt:
        repeated = _digits(nxt, "")  # one digit ("double five"): what follows it does not change it
        if repeated and len(repeated[0]) == 1:
            return repeated[0] * REPEAT[t], 2
    return _stray_letters(t)


def _hyphened(parts: list[str]) -> str | None:
    """Digits of number words the ASR joined with hyphens ("four-one-one-one", "forty-two", "double-oh");
    None unless every part is one ("one-to-one", "seven-day" are words)."""
    out, i = "", 0
    while i < len(parts):
        known = parts[i] in DIGIT_WORDS or parts[i] in _TEENS or parts[i] in _TENS or parts[i] in REPEAT
        got = token_digits(parts, i) if known else None
        if got is None:
            return None
        out += got[0]
        i += got[1]
    return out


def cue_digits(t: str) -> str | None:
    """Digits of a token read where a number is expected (after a cue, in a reply to a question for one):
    digits with separators ("4,111"), or pieces the ASR joined with hyphens, its first a digit, most of them
    digits, digit words or "double", a misheard one among them ("3-O-Double", "1-9-Ticks": 'one nine six');
    None otherwise. ``t`` is normalised (:func:`norm`)."""
    if re.fullmatch(r"[\d,.\-/]*\d[\d,.\-/]*", t or "x"):
        return re.sub(r"\D", "", t)
    parts = [p for p in t.split("-") if p]
    if "-" not in t or len(parts) < 2 or _part(parts[0]) is None:
        return None
    read = [_part(p) for p in parts]
    if sum(r is not None for r in read) <= sum(r is None for r in read):
        return None
    out = ""
    for k, r in enumerate(read):
        if parts[k] in REPEAT:
            nxt = read[k + 1] if k + 1 < len(read) else None
            out += nxt[:1] * (REPEAT[parts[k]] - 1) if nxt else ""
        elif r is not None:
            out += r
    return out


def _part(p: str) -> str | None:
    """One hyphen-joined piece's digits for :func:`cue_digits` ("" for "double")."""
    if p.isdigit() or _OH_RE.fullmatch(p):
        return p.replace("o", "0")
    got = _digits(p, "") if p in DIGIT_WORDS or p in _TEENS or p in _TENS else None
    return got[0] if got else ("" if p in REPEAT else None)


_ALNUM_RE = re.compile(r"[a-z\d,\-/.]+")
STRAY_MIN_DIGITS = 4  # "1080p" reads as 1080; "mp3", "covid-19", "2nd" stay words


def _stray_letters(t: str) -> tuple[str, int] | None:
    """Digits the ASR wrote with a stray letter or two in them ("482193m", "m-983-6142": a digit heard
    as a letter); None unless the token is mostly digits."""
    digits = re.sub(r"\D", "", t)
    letters = sum(c.isalpha() for c in t)
    if _ALNUM_RE.fullmatch(t) and len(digits) >= STRAY_MIN_DIGITS and (letters <= 2 or letters <= 3 and len(
            digits) >= CODE_MIN_DIGITS):  # "QQ123456C": an NI number read back, fused into one token
        return digits, 1
    return _spelled_code(t)


CODE_MIN_DIGITS = 6  # a code read out has this many digits at least; "Boeing-737" and "covid-19" have fewer


def _spelled_code(t: str) -> tuple[str, int] | None:
    """Digits of a code read out character by character, whisper's pieces joined by hyphens with misheard ones
    among them ("C6K-0041-Emmen-Emmen-324-Emmen-2.1.6", "Flash-O-4-196-C1": 'slash oh four slash nineteen
    sixty-one'): CODE_MIN_DIGITS or more, in two pieces or more, no more word pieces than pieces with digits."""
    parts = [p for p in t.split("-") if p]
    read = [re.sub(r"\D", "", p) or DIGIT_WORDS.get(p, "") for p in parts]
    words = sum(not r and len(p) > 1 for p, r in zip(parts, read, strict=True))
    digits = "".join(read)
    if len(parts) < 3 or sum(any(c.isdigit() for c in p) for p in parts) < 2 or words > sum(map(bool, read)):
        return None
    return (digits, 1) if len(digits) >= CODE_MIN_DIGITS and _ALNUM_RE.fullmatch(t) else None


_LETTER_DIGITS = {"o": "0", "i": "1", "l": "1"}  # what a misheard digit inside a number comes back as


def _joined_digits(t: str) -> str | None:
    """Digits of a number the ASR joined with separators, with a misheard piece or two in it
    ("4-532-1-i-1-1-283-03366", "four-1111-2222"); None unless most of it is digits."""
    parts = [p for p in re.split(r"[-.,/]", t) if p]
    if len(parts) < 2:
        return None
    out, numeric = [], 0
    for k, p in enumerate(parts):
        if p in REPEAT and k + 1 < len(parts) and parts[k + 1][:1].isdigit():  # "6011-triple-09-9013": 0009
            out.append(parts[k + 1][0] * (REPEAT[p] - 1))
        elif p.isdigit() or _OH_RE.fullmatch(p):  # "O9-01-28"
            out.append(p.replace("o", "0"))
        elif p in DIGIT_WORDS:
            out.append(DIGIT_WORDS[p])
        elif p in _LETTER_DIGITS:
            out.append(_LETTER_DIGITS[p])
        else:
            return None
        numeric += p.isdigit() or p in REPEAT or bool(_OH_RE.fullmatch(p))
    digits = "".join(out)
    return digits if len(digits) >= 4 and numeric * 2 >= len(parts) else None


def has_card(digits: str) -> bool:
    """The run is a card number (13-19 digits, Luhn), or starts with a 15/16-digit one (expiry after it).

    Only whole runs and standard-length prefixes are tried: any 13-digit window of a long account
    number passes Luhn one time in ten, and it would then be labelled a card.
    """
    if 13 <= len(digits) <= 19 and luhn_ok(digits):
        return True
    return any(len(digits) > n and luhn_ok(digits[:n]) for n in (15, 16))


def gap_at(gaps: Sequence[float] | None, i: int) -> float:
    return gaps[i] if gaps is not None and i < len(gaps) else 0.0


def number_spans(tokens: list[str], min_digits: int, gaps: Sequence[float] | None = None,
                  gap_s: float = float("inf"), hesitations: Sequence[str] = ()) -> list[Span]:
    """Runs of digit tokens with ``min_digits`` or more digits; a hesitation ("um") between two digits
    and a pause up to ``gap_s`` do not end one."""
    spans: list[Span] = []
    i = 0
    while i < len(tokens):
        j, digits = i, ""
        while j < len(tokens):
            got = token_digits(tokens, j)
            if got is None and j > i and j + 1 < len(tokens) and norm(tokens[j]) in hesitations \
                    and token_digits(tokens, j + 1) is not None:
                got = ("", 1)
            if got is None or j > i and gap_at(gaps, j) > gap_s:
                break
            digits += got[0]
            j += got[1]
        if j == i:
            i += 1
            continue
        if len(digits) >= min_digits:
            spans.append(Span(i, j, CARD if has_card(digits) else NUMBER))
        i = j
    return spans


def digit_homophones(config: RedactConfig) -> Mapping[str, str]:
    """[redact] digit_homophones as WORD -> DIGITS, parsed once per list (read on every span's digits)."""
    return _homophones(config.digit_homophones)


@lru_cache(maxsize=16)
def _homophones(pairs: tuple[str, ...]) -> Mapping[str, str]:
    return MappingProxyType(dict(h.split("=", 1) for h in pairs if "=" in h))


def span_digits(tokens: list[str], span: Span, config: RedactConfig) -> str:
    """The digits a span's tokens read as (a cue's homophones too: "for" is 4 there)."""
    homophones = digit_homophones(config)
    i, out = span.start, ""
    while i < span.end:
        got = token_digits(tokens, i)
        out += got[0] if got else homophones.get(norm(tokens[i]), "")
        i += got[1] if got else 1
    return out


def word_gaps(starts: Sequence[float], ends: Sequence[float], before: float | None = None) -> list[float]:
    """Seconds of silence before each of a role's words (``before``: where the words before them ended)."""
    prev = [before if before is not None else starts[0]] + list(ends[:-1]) if starts else []
    return [max(0.0, s - p) for s, p in zip(starts, prev, strict=True)]


CARD = "[CARD]"
NUMBER = "[NUMBER]"
EMAIL = "[EMAIL]"
ADDRESS = "[ADDRESS]"
LABELS = {CARD: "card", NUMBER: "number", EMAIL: "email", ADDRESS: "address"}

MONEY_RE = re.compile(r"^[$\u00a3\u20ac]|\d[.,]\d{1,2}[.,]?$")  # "£39", "4.50": an amount, no house number
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)


@dataclass(frozen=True)
class Span:
    """Tokens ``start`` (inclusive) to ``end`` (exclusive) hold one item to redact."""

    start: int
    end: int
    label: str


def email_spans(tokens: list[str]) -> list[Span]:
    spans = [Span(i, i + 1, EMAIL) for i, t in enumerate(tokens) if _EMAIL_RE.search(t)]
    low = [norm(t) for t in tokens]
    for i, t in enumerate(low):
        if t not in ("at", "@") or i == 0 or i + 3 > len(tokens):
            continue
        # domain: WORD (dot WORD)+
        j = i + 1
        if not low[j] or low[j] in ("dot", "at"):
            continue
        j += 1
        dots = 0
        while j + 1 < len(tokens) + 1 and j < len(low) and low[j] == "dot" and j + 1 < len(low):
            j += 2
            dots += 1
        if not dots:
            continue
        # local part: WORD ((dot|underscore|dash) WORD)*, going back
        k = i - 1
        while k - 2 >= 0 and low[k - 1] in ("dot", "underscore", "dash", "hyphen"):
            k -= 2
        spans.append(Span(k, j, EMAIL))
    return spans


def ends_clause(token: str, marks: tuple[str, ...] = (".", ",", ";", ":", "!", "?")) -> bool:
    """Whether ``token`` closes a clause (``marks``: (".", "?", "!") for a sentence), quotes aside."""
    return token.rstrip("\"')").endswith(marks)


def reply_starts(asks: Sequence[float], starts: Sequence[float]) -> list[int]:
    """Where a reply to a question for a number begins: for each time another role asked (``asks``),
    the index of the first item (word, segment) of this role starting at or after it (``starts``
    sorted). The reply's digits are sensitive: an expiry date or a security code said alone."""
    return sorted({k for t in asks if (k := bisect_left(starts, t)) < len(starts)})


def currency_led(token: str) -> bool:
    """Whether ``token`` starts with a currency sign ("$1,800,12", "\u00a340"): an amount, never a number read out."""
    return token.lstrip(STRIP)[:1] in "$\u00a3\u20ac" and bool(token.strip(STRIP))


def amount_at(tokens: list[str], i: int, config: RedactConfig) -> bool:
    """Whether the number starting at ``tokens[i]`` is an amount or a quantity: a currency sign before
    it, one of [redact] amount_words right before it ("I paid 19.99"), or one of unit_words ("pounds",
    "minutes" ...) right after it, or after "a" ("1999 a month"); or an end of a range ("from 1499 to 9999")."""
    if currency_led(tokens[i]):
        return True
    if i > 0 and norm(tokens[i - 1]) in config.amount_words:
        return True
    j, digits = i, ""
    while j < len(tokens) and (got := token_digits(tokens, j)) is not None:
        digits, j = digits + got[0], j + got[1]
        if digits.endswith("00") and j + 1 < len(tokens) and norm(tokens[j]) == "and" \
                and token_digits(tokens, j + 1) is not None:  # "100 and 90 pounds": a hundred and ninety
            j += 1
    if _range(tokens, i):
        return True
    if j + 1 < len(tokens) and norm(tokens[j]) in _PER:  # "19.99 a month", "1999 a month"
        j += 1
    return j < len(tokens) and norm(tokens[j]) in config.unit_words


_PER = ("a", "an", "each", "every")  # between an amount and its period


def _range(tokens: list[str], i: int) -> bool:
    """Whether the number at ``tokens[i]`` is an end of a range, "from 1499 to 9999" ("from 14.9 to 19.9 to 9.9"):
    what a price went between, no digit "to" joins; the range ends where its last end does ("from 4111 to 1111
    1111 1111" reads on: no range)."""
    k = i
    while k >= 2 and norm(tokens[k - 1]) == "to" and token_digits(tokens, k - 2) is not None:
        k -= 2
    if k == 0 or norm(tokens[k - 1]) != "from":
        return False
    pos, ends = k, 0
    while pos < len(tokens) and (got := token_digits(tokens, pos)) is not None:
        pos, ends = pos + got[1], ends + 1
        if not (pos + 1 < len(tokens) and norm(tokens[pos]) == "to" and token_digits(tokens, pos + 1) is not None):
            break
        pos += 1
    return ends >= 2 and (pos >= len(tokens) or token_digits(tokens, pos) is None)


def event_year(tokens: list[str], i: int, config: RedactConfig) -> bool:
    """Whether ``tokens[i]`` starts a year that dates an event: later than any year of birth, right after
    one of event_words ("since 2019") or a month ("in June 2021"). An earlier one may be a birth year
    ("Sure, it's made this 1992": 'May fifth' misheard)."""
    got = token_digits(tokens, i)
    if got is None or i == 0 or len(got[0]) != 4 or not config.birth_year_max < int(got[0]) <= 2099:
        return False
    return norm(tokens[i - 1]) in (*config.event_words, *config.months)
