"""Runs of digits read as one number across the words between them, and pauses inside one.

Why its own module: :mod:`coach.redact_tokens` reads one token at a time; these rules read a run of
them (a reader's correction, groups joined by "and", digits dictated one at a time, a number said
alone, a year of birth after a month) and a pause the other party filled, for :mod:`coach.redact` and
the session recorder's word redactor alike. Both files stay under the 400-line limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import product

from coach.config import RedactConfig
from coach.redact_tokens import (
    ADDRESS,
    CARD,
    DIGIT_WORDS,
    MONEY_RE,
    NUMBER,
    REPEAT,
    STRIP,
    Span,
    amount_at,
    ends_clause,
    event_year,
    gap_at,
    has_card,
    luhn_ok,
    norm,
    number_spans,
    span_digits,
    token_digits,
)

DICTATED_RUN = 4  # digits in a dictated run at least: three alone are a count ("one, two, three")


def bridged(gaps: Sequence[float], starts: Sequence[float], tokens: list[str], firsts: Sequence[int],
            others: Sequence[tuple[float, str]], config: RedactConfig) -> list[float]:
    """``gaps`` (seconds of silence before each of a role's items, which start at ``starts``) with each
    pause over ``number_gap_s`` inside a number read out set to 0: a number read out in pieces ("... four
    four." / "Mm-hmm." / "Two one one nine.", or a reader's own pause to find the card) does not end
    at the pause.

    A pause is bridged when it lasts no more than ``bridge_s``, the item after it resumes with digits
    (its first token ``tokens[firsts[i]]`` starts a number that is no amount), and the other roles'
    words in it (``others``: each one's midpoint and text) are no more than ``bridge_words`` words
    (none: the reader's own pause), none of them a question ("And the amount?" asks for something
    else), or ask for the rest of it or for it again (``again_cues``: "Sorry, can you repeat the last bit?"), or
    check a piece of it, two digits or more ("Sorry, was that two five or two nine?").
    A whole card number before a pause over ``number_gap_s``, or one the other party spoke in, is
    complete: what follows is something else (the customer's next answer, "1990 highly", after the
    agent's "Thank you."), and the pause ends it (set to infinity)."""
    out = list(gaps)
    for i, g in enumerate(gaps):
        k = firsts[i]
        if g <= 0 or k >= len(tokens) or token_digits(tokens, k) is None or amount_at(tokens, k, config):
            continue
        said = [t for mid, t in others if starts[i] - g < mid < starts[i]]
        if (said or g > config.number_gap_s) and whole_card(tokens[max(0, k - 40):k], config):
            out[i] = float("inf")
            continue
        if not config.number_gap_s < g <= config.bridge_s:
            continue
        words = [w for t in said for w in t.split()]
        heard, asks = " " + " ".join(map(norm, words)) + " ", any(t.rstrip().endswith("?") for t in said)
        if len(words) <= config.bridge_words and not asks or any(f" {a} " in heard for a in config.again_cues) \
                or asks and len(span_digits(words, Span(0, len(words), NUMBER), config)) >= 2:
            out[i] = 0.0
    return out


def whole_card(tokens: list[str], config: RedactConfig) -> bool:
    """``tokens`` end with a whole card number (15 or 16 digits passing Luhn), read in one run or in pieces."""
    runs = number_spans(tokens, 1, hesitations=config.hesitations)
    if not runs or runs[-1].end != len(tokens):
        return False
    digits = span_digits(tokens, runs[-1], config)
    return len(digits) in (15, 16) and luhn_ok(digits)


def corrected_spans(tokens: list[str], config: RedactConfig, gaps: Sequence[float] | None) -> list[Span]:
    """Groups said bare with a correction between ("8301, sorry, 9274"; [redact] corrections), or three or
    more of cue_min_digits or more joined by a joiner ("4-7-1-6 and 108-9 and 9-9-7-1 and 6-9-3-1";
    [redact] joiners: two are a list, "2019 and 2020", and so are short ones, "flats 10 and 12 and 14"):
    one number when together they are long enough; each group is redacted, the words between kept."""
    fix, join = set(config.hesitations) | set(config.corrections), set(config.joiners)
    runs = number_spans(tokens, 1, gaps, config.number_gap_s, config.hesitations)
    chains: list[tuple[list[Span], bool]] = []  # groups, and whether a correction joins any two of them
    for a, b in zip([None, *runs], runs, strict=False):
        mid = [norm(t) for t in tokens[a.end:b.start]] if a else []
        if a and 0 < len(mid) <= 2 and all(m in fix | join for m in mid) \
                and all(gap_at(gaps, k) <= config.number_gap_s for k in range(a.end, b.end)):
            chains[-1] = (chains[-1][0] + [b], chains[-1][1] or not all(m in join for m in mid))
        else:
            chains.append(([b], False))
    out: list[Span] = []
    for groups, corrected in chains:
        each = [span_digits(tokens, s, config) for s in groups]
        if len(groups) < 2 or not corrected and (len(groups) < 3 or min(map(len, each)) < config.cue_min_digits):
            continue
        digits = "".join(each)
        if len(digits) >= config.min_number_digits and len(digits.rstrip("0")) > 2 \
                and not any(amount_at(tokens, s.start, config) for s in groups):
            out += [Span(s.start, s.end, CARD if has_card(digits) else NUMBER) for s in groups]
    return out


def birth_years(tokens: list[str], config: RedactConfig) -> list[Span]:
    """Years from birth_year_min to birth_year_max said a few words after a month ("12th of June, 1960", "March
    3rd, nineteen eighty-eight"): a date of birth, whoever asked and however the ASR wrote the question.
    A month right after one of event_words dates an event ("since May 2008"); an amount is no year ("1999 a
    month"), nor is a year with other words than a day between it and the month ("the 14th of March for 1999
    amongst...": whisper's 'a month'). The year alone is redacted; the day and month stay."""
    months, since, first, last = config.months, config.event_words, config.birth_year_min, config.birth_year_max
    out, i = [], 0
    low = [norm(t) for t in tokens]
    if not any(t in months for t in low):
        return []
    while i < len(tokens):
        j, digits = i, ""
        while j < len(tokens) and (got := token_digits(tokens, j)) is not None:
            digits += got[0]
            j += got[1]
        if len(digits) == 4 and first <= int(digits) <= last and any(
                low[k] in months and (k == 0 or low[k - 1] not in since) and all(map(_in_date, tokens[k + 1:i]))
                for k in range(max(0, i - 4), i)) and not amount_at(tokens, i, config):
            out.append(Span(i, j, NUMBER))
        i = max(j, i + 1)
    return out


def _in_date(token: str) -> bool:
    """Whether ``token`` may stand between a month and its year in a date: a day ("3rd", "third", "12"), "the",
    "of" ("March for 1999 amongst...": 'a month', a price)."""
    t = norm(token)
    return t in ("the", "of", "") or t.endswith(("st", "nd", "rd", "th")) or token_digits([token], 0) is not None


def _singles(tokens: list[str], i: int, got: tuple[str, int]) -> int:
    """How many digits ``tokens[i]`` (read as ``got``) gives one at a time: "oh", "7", "1.5.5", "double five"."""
    if got[1] > 1:
        return len(got[0]) if norm(tokens[i]) in REPEAT else 0
    parts = [p for p in re.split(r"[-.,/]", norm(tokens[i])) if p]
    return len(got[0]) if len(got[0]) == len(parts) else 0


def dictated_spans(tokens: list[str], config: RedactConfig, gaps: Sequence[float] | None) -> list[Span]:
    """Runs of 4 digits or more with ``dictated_digits`` of them read one at a time ("Yes, to know, oh, oh,
    oh, oh", "I know 1, 2, 7, 6", "It's given 1.5.5. 84."): a number dictated, however short, zeros too;
    nobody reads an amount or a year that way. Amounts aside ("2, 3, 4 days")."""
    if not config.dictated_digits:
        return []
    out = []
    for run in number_spans(tokens, DICTATED_RUN, gaps, config.number_gap_s, config.hesitations):
        singles, i = 0, run.start
        while i < run.end:
            got = token_digits(tokens, i)
            if got is None:  # a hesitation inside the run
                i += 1
                continue
            singles += _singles(tokens, i, got)
            i += got[1]
        digits = span_digits(tokens, run, config)
        if singles >= config.dictated_digits and (not amount_at(tokens, run.start, config)
                                                  or _one_by_one(tokens, run, config, singles, digits)):
            out.append(Span(run.start, run.end, CARD if has_card(digits) else NUMBER))
    return out


def _one_by_one(tokens: list[str], run: Span, config: RedactConfig, singles: int, digits: str) -> bool:
    """Whether a run is every digit said one at a time in words, nothing marked between ("six four three eight
    four times": 'five' misheard as "times", a unit word): nobody says a quantity that way. A sign or an amount
    word before it ("paid one two three four") still makes it an amount."""
    inside = tokens[run.start:run.end]
    return singles == len(digits) and not any(c.isdigit() for t in inside for c in t) \
        and not any(ends_clause(t) for t in inside[:-1]) \
        and not (run.start > 0 and norm(tokens[run.start - 1]) in config.amount_words)


_ZERO_LED_RE = re.compile(r"[#+]?0\d")  # "07700", "0113": a zero, then a digit


def zero_led_spans(tokens: list[str], config: RedactConfig, gaps: Sequence[float] | None) -> list[Span]:
    """Runs of 4 digits or more written from a leading zero ("My mobile, 07700, I'm hungry, 812."): a code read
    out digit by digit (a phone number's first group, an account's); nobody says an amount, a count or a year
    that way ("0.5" is a decimal). Amounts aside."""
    return [Span(r.start, r.end, NUMBER)
            for r in number_spans(tokens, DICTATED_RUN, gaps, config.number_gap_s, config.hesitations)
            if _ZERO_LED_RE.match(tokens[r.start].lstrip(STRIP)) and not amount_at(tokens, r.start, config)]


def alone_spans(tokens: list[str], config: RedactConfig, gaps: Sequence[float] | None) -> list[Span]:
    """A number of ``alone_digits`` or more said on its own: the run is the whole sentence, or has a pause over
    ``number_gap_s`` (or the stream's edge) on each side ("Long live Karthakar number..." / "63,000,..." /
    (pause) "1128" (pause): the expiry, its question lost to the ASR). Amounts, round numbers ("2000") and
    years of events aside."""
    if not config.alone_digits:
        return []
    out = []
    for run in number_spans(tokens, config.alone_digits, gaps, config.number_gap_s, config.hesitations):
        before = run.start == 0 or gap_at(gaps, run.start) > config.number_gap_s \
            or ends_clause(tokens[run.start - 1], (".", "?", "!"))
        after = run.end == len(tokens) or gap_at(gaps, run.end) > config.number_gap_s \
            or ends_clause(tokens[run.end - 1], (".", "?", "!"))
        digits = span_digits(tokens, run, config)
        if before and after and len(digits.rstrip("0")) > 2 and not amount_at(tokens, run.start, config) \
                and not event_year(tokens, run.start, config):
            out.append(Span(run.start, run.end, CARD if has_card(digits) else NUMBER))
    return out


_HOUSE_LETTER_RE = re.compile(r"\d{1,4}[a-z]")  # "7b", "23v": a house number with its letter (or one misheard)
POSTCODE_RE = re.compile(r"[a-z]{1,2}\d[a-z\d]?\d[a-z]{2}")  # a UK postcode, its parts joined: "sw1a1aa", "m11ae"
HOUSE_DIGITS = 5  # a house number has at most this many digits; a longer run is some other number
ADDRESS_REACH = 8  # a street word comes at most this many tokens after the start of its house number
ADDRESS_TAIL = 6  # a zip code or postcode goes with the address before it within this many tokens
_POSTCODE_TOKENS = 7  # "S W 1 A, 1 A A"


def _house(tokens: list[str], i: int) -> int | None:
    """The end of a house number starting at ``tokens[i]``: digits or number words, in one token or a few ("one
    one eight", "one eighteen"), or digits with a letter ("7B"); None where none starts or it is money."""
    if _HOUSE_LETTER_RE.fullmatch(norm(tokens[i])):
        return i + 1
    j, digits = i, ""
    while j < len(tokens) and (got := token_digits(tokens, j)) is not None and not MONEY_RE.search(tokens[j]):
        digits += got[0]
        j += got[1]
        if ends_clause(tokens[j - 1]):
            break
    return j if 0 < len(digits) <= HOUSE_DIGITS else None


def _piece(token: str) -> str:
    """A token as a piece of a postcode: a digit word's digit, or its letters (written in capitals: "um", "is"
    are words) and digits; "" if it can be none."""
    t = norm(token)
    if t in DIGIT_WORDS:
        return DIGIT_WORDS[t]
    return re.sub(r"[^a-z0-9]", "", t) if not any(c.islower() for c in token) else ""


def postcode_at(tokens: list[str], i: int) -> int | None:
    """The end of a postcode starting at ``tokens[i]``, written whole or in pieces ("SW1A 1AA", "S W one A, one
    A A", "B.S.8 1.Q.E."); None if none does."""
    s, end = "", None
    for j in range(i, min(i + _POSTCODE_TOKENS, len(tokens))):
        piece = _piece(tokens[j])
        if not piece or len(piece) > (4 if j > i else 7):  # "SW1A1AA" whole, or in pieces
            break
        s += piece
        end = j + 1 if POSTCODE_RE.fullmatch(s) else end
        if len(s) >= 7 or ends_clause(tokens[j], (".", "?", "!")):
            break
    if end is not None and end < len(tokens) and not ends_clause(tokens[end - 1]) and len(_piece(tokens[end])) == 1:
        return None  # it goes on, letter by letter: no postcode ("Y D seven one, K P L": a car's registration)
    return end


@lru_cache(maxsize=4096)
def _postcode_prefix(s: str) -> bool:
    """Whether ``s`` may be the start of a postcode (more pieces to come)."""
    return any(POSTCODE_RE.fullmatch(s + "".join(y)) for n in range(7 - len(s) + 1) for y in product("a1", repeat=n))


def address_open(tokens: list[str]) -> int:
    """Index of the first token that words still to come may make part of an address (``len(tokens)``: none):
    a number (or "7B") among the last ADDRESS_REACH tokens, or the start of a postcode not yet finished."""
    n = len(tokens)
    for k in range(max(0, n - _POSTCODE_TOKENS), n):
        pieces = [_piece(t) for t in tokens[k:]]
        spelt = all(t.strip(STRIP).isupper() and len(t.strip(STRIP)) <= 2 and t.strip(STRIP) not in ("I", "A")
                    for t in tokens[k:])  # "S W" may start one; plain words ("me", "is") wait for nothing
        if all(pieces) and max(map(len, pieces)) <= 4 and len("".join(pieces)) < 7 \
                and (spelt or any(c.isdigit() for c in "".join(pieces))) and _postcode_prefix("".join(pieces)):
            n = k
            break
    return next((k for k in range(max(0, len(tokens) - ADDRESS_REACH), n)
                 if token_digits(tokens, k) is not None or norm(tokens[k]) in REPEAT
                 or any(c.isdigit() for c in tokens[k])), n)


def _tail(tokens: list[str], end: int, config: RedactConfig) -> Span | None:
    """A zip code or postcode after an address, in its sentence ("Maple Drive, Springfield, Illinois, 62704.");
    the words between are kept."""
    m = end
    while m < min(end + ADDRESS_TAIL, len(tokens)) and not ends_clause(tokens[m - 1], (".", "?", "!")):
        if (code := postcode_at(tokens, m)) is not None:
            return Span(m, code, ADDRESS)
        j, digits = m, ""
        while j < len(tokens) and (got := token_digits(tokens, j)) is not None:
            digits += got[0]
            j += got[1]
        if len(digits) >= 4 and not amount_at(tokens, m, config):
            return Span(m, j, ADDRESS)
        m = max(j, m + 1)
    return None


def address_spans(tokens: list[str], config: RedactConfig) -> list[Span]:
    """A house number, a name of one to three words, a street word ([redact] street_words: "12 Elm Street",
    "118, Queens Road", "one one eight Queens Road", "23B Station Road"), said in one go: no punctuation
    in the name ("around six, / or no way"), none of street_stops in it ("came at 2 parked on the drive"),
    no money for a number; and the zip code or postcode after it in its sentence. Postcodes anywhere."""
    spans: list[Span] = []
    streets, stops = set(config.street_words), set(config.street_stops)
    for i in range(len(tokens)):
        if (code := postcode_at(tokens, i)) is not None:
            spans.append(Span(i, code, ADDRESS))
        if i > 0 and token_digits(tokens, i - 1) is not None and not ends_clause(tokens[i - 1]):
            continue  # inside a run of digits
        end = _house(tokens, i)
        if end is None or ends_clause(tokens[end - 1], (".", "?", "!", ";", ":")):
            continue
        for k in range(end + 1, min(end + 4, len(tokens))):
            last = tokens[k - 1]
            if ends_clause(last) and k - 1 >= end or norm(last) in stops or token_digits(tokens, k - 1) is not None:
                break
            if norm(tokens[k]) in streets:
                spans.append(Span(i, k + 1, ADDRESS))
                spans += [t] if (t := _tail(tokens, k + 1, config)) is not None else []
                break
    return spans


def echoes(tokens: list[str], config: RedactConfig, known: Sequence[str],
           gaps: Sequence[float] | None = None) -> list[Span]:
    """Digit runs (cue_min_digits or more) that are a piece of a number redacted elsewhere in the document.

    Other fields quote the transcript line by line (the checklist's flags, its evidence): a last
    group the transcript redacted in context ("... 83016472." / "6, 4, 7, 2") is only a short run there."""
    runs = number_spans(tokens, config.cue_min_digits, gaps, config.number_gap_s, config.hesitations) if known else []
    return [r for r in runs if any(span_digits(tokens, r, config) in k for k in known if k)
            and not amount_at(tokens, r.start, config)]


def continued(tokens: list[str], spans: list[Span], config: RedactConfig, gaps: Sequence[float] | None) -> list[Span]:
    """Each number goes on past up to ``continue_words`` other words to the digits after them.

    A number read out does not end at the first word that is no digit: the reader corrects
    ("... one one five eight, sorry, no, one one eight five"), or the ASR mishears a group as words
    ("47.16.22.14. I made it. 33.40."), and the last group alone is too short for any other rule.
    Only digits are added; the words between stay. A pause over ``number_gap_s`` ends the number.
    """
    out: list[Span] = []
    todo = list(spans)
    while todo:
        s = todo.pop(0)
        out.append(s)
        if s.label not in (CARD, NUMBER) or not config.continue_words:
            continue
        limit = todo[0].start if todo else len(tokens)
        k, reach = s.end, config.continue_words * (2 if _corrects(tokens, s.end, config) else 1)
        while k < limit and k - s.end <= reach and token_digits(tokens, k) is None \
                and gap_at(gaps, k) <= config.number_gap_s:
            k += 1
        if k >= limit or k - s.end > reach or gap_at(gaps, k) > config.number_gap_s:
            continue
        tail = number_spans(tokens[:limit], 1, gaps, config.number_gap_s)
        run = next((t for t in tail if t.start == k and not amount_at(tokens, k, config)), None)
        if run is not None and len(span_digits(tokens, run, config)) >= config.cue_min_digits:
            todo.insert(0, Span(run.start, run.end, s.label))
    return out


def _corrects(tokens: list[str], i: int, config: RedactConfig) -> bool:
    """Whether ``tokens[i]`` is a correction said as a clause of its own ("4081, no, I've got it wrong, 4018"):
    the reader starts the group again and may take twice ``continue_words`` words to get to it."""
    return i < len(tokens) and norm(tokens[i]) in config.corrections and ends_clause(tokens[i])
