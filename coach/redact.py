"""Redaction of personal data in a review document, before anything is stored or exported.

Transcripts of support calls carry card numbers, account and phone numbers, e-mail addresses and
street addresses. Every writer (review JSON, history database, HTML/Markdown reports, CSV) passes
the document through :func:`redact_review`, so one function decides what leaves the process.

Detection works on whitespace tokens, the way ASR writes speech: digits ("4111 1111 ..."), digit
words ("four one one one ...", "oh" for zero, "double five"), spelled e-mails ("jane dot doe at
example dot com") and "12 Elm Street". The same detector runs over segment text and over each
role's word sequence, so a redacted segment never leaves its number readable in ``words``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from typing import Any

from coach.config import RedactConfig
from coach.redact_runs import (
    address_open,
    address_spans,
    alone_spans,
    birth_years,
    bridged,
    continued,
    corrected_spans,
    dictated_spans,
    echoes,
    zero_led_spans,
)
from coach.redact_tokens import ADDRESS as ADDRESS  # re-exported: the labels are redact's vocabulary
from coach.redact_tokens import CARD as CARD
from coach.redact_tokens import EMAIL as EMAIL
from coach.redact_tokens import LABELS as LABELS
from coach.redact_tokens import NUMBER as NUMBER
from coach.redact_tokens import (
    REPEAT,
    STRIP,
    amount_at,
    cue_digits,
    currency_led,
    digit_homophones,
    ends_clause,
    event_year,
    gap_at,
    has_card,
    number_spans,
    reply_starts,
    token_digits,
)
from coach.redact_tokens import Span as Span
from coach.redact_tokens import email_spans as _email_spans
from coach.redact_tokens import luhn_ok as luhn_ok  # re-exported: callers check cards here
from coach.redact_tokens import norm as _norm
from coach.redact_tokens import span_digits as span_digits  # re-exported
from coach.redact_tokens import word_gaps as word_gaps  # re-exported: the session recorder times its words

_LABEL_RE = re.compile(r"\[(CARD|NUMBER)\]")  # a number redacted before: what follows it may still be its end


def _cue_ends(norm: list[str], config: RedactConfig, cues: Sequence[str] | None = None,
              asked: Sequence[str] = ()) -> list[int]:
    """Indices just after each number cue ("card number", "account number is" ...; or of ``cues``; a cue word
    ending in "?" matches ``asked``: each token normalised with the "?" that closes it kept)."""
    ends, alt = [], asked or norm
    for cue in [c.lower().split() for c in (config.number_cues if cues is None else cues)]:
        n = len(cue)
        ends += [i + n for i in range(len(norm) - n + 1)
                 if all(w in (norm[i + k], alt[i + k]) for k, w in enumerate(cue))]
    return sorted(set(ends))


def ask_times(tokens: list[str], ends_s: Sequence[float], config: RedactConfig) -> list[float]:
    """When a role asked for a number ([redact] ask_cues): the end of each cue's last word (``ends_s[i]``:
    when ``tokens[i]`` ends). The other role's reply from then on is read by :func:`find_spans`'s ``asked``."""
    norm = [_norm(t) for t in tokens]
    asked = [n + "?" if ends_clause(t, ("?",)) else n for n, t in zip(norm, tokens, strict=True)]
    return [ends_s[e - 1] for e in _cue_ends(norm, config, config.ask_cues, asked)]


def _number_starts(tokens: list[str], norm: list[str], config: RedactConfig, asked: Sequence[int],
                   gaps: Sequence[float] | None) -> list[int]:
    """Where a number may start: after a cue, or at any digit within ``reply_words`` of a cue (its first
    group misheard as words: "The account number, I do it for 1-9-3-7.") or of a reply to a question
    for one ("and the expiry date?" / "Twelve twenty eight."), an amount or an event's year no start
    ("Go give them three weeks, four five one nine."). After a cue, a pause over ``number_gap_s`` or the
    end of its sentence ends the look ("... account number?" / "Thank you, the refund is 23,50.")."""
    cues = _cue_ends(norm, config)  # a cue closing a question ("Can I take the long card number?") asks the other
    starts = [k for k in cues if not ends_clause(tokens[k - 1], ("?",))]  # role: the asker's next words are not it
    for k in cues + list(asked):
        end = min(k + config.reply_words, len(tokens))
        if k not in asked:
            end = next((i for i in range(k + 1, end) if gap_at(gaps, i) > config.number_gap_s), end)
            end = next((i + 1 for i in range(k - 1, end) if ends_clause(tokens[i], (".", "?", "!"))), end)
        starts += [m for m in range(k, end) if (token_digits(tokens, m) or cue_digits(norm[m])) is not None
                   and not amount_at(tokens, m, config) and not event_year(tokens, m, config)]
    return sorted(set(starts))


def _after_cue(tokens: list[str], norm: list[str], k: int, config: RedactConfig,
               gaps: Sequence[float] | None = None) -> tuple[int, int, str]:
    """From just after a cue: (first number token, end, digits): sounds like a number until it ends
    (or a pause over ``number_gap_s`` ends it; before its first digit the speaker may pause)."""
    fillers = set(config.fillers)
    homophones = digit_homophones(config)
    while k < len(norm) and norm[k] in fillers and norm[k] not in homophones:
        k += 1
    j, digits = k, ""
    while j < len(tokens) and (j == k or gap_at(gaps, j) <= config.number_gap_s):
        got = token_digits(tokens, j)
        if got is not None:
            digits += got[0]
            j += got[1]
        elif norm[j] in homophones:
            digits += homophones[norm[j]]
            j += 1
        elif (piece := cue_digits(norm[j])) is not None:  # "4,111", "3-O-Double", "1-9-Ticks"
            digits += piece
            j += 1
        else:
            break
    while j > k and norm[j - 1] in homophones and not homophones[norm[j - 1]]:
        j -= 1  # a trailing joiner ("and") is not part of the number
    return k, j, digits


def _cue_spans(tokens: list[str], config: RedactConfig, gaps: Sequence[float] | None,
               asked: Sequence[int] = ()) -> list[Span]:
    """After "card number", "account number" ... (or in a reply to a question for one): anything that
    sounds like a number, cue_min_digits long or a first piece of one that goes on (:func:`continued`)."""
    norm = [_norm(t) for t in tokens]
    spans = []
    for end in _number_starts(tokens, norm, config, asked, gaps):
        k, j, digits = _after_cue(tokens, norm, end, config, gaps)
        short = len(digits) < config.cue_min_digits  # a first piece ("policy number in CLX, Nero Nero 4, I'm 6881.")
        if j > k and (not short or len(continued(tokens, [Span(k, j, NUMBER)], config, gaps)) > 1):
            spans.append(Span(k, j, CARD if has_card(digits) else NUMBER))
    return spans


Found = tuple[list[str], list[Span], list[Span]]  # tokens (set phrases masked), spans before echoes, after them


def _found(tokens: list[str], config: RedactConfig, gaps: Sequence[float] | None = None,
           asked: Sequence[int] = ()) -> Found:
    """What :func:`find_spans` finds but the echoes of numbers known elsewhere, which go between the two
    lists: review finds once and merges each role's echoes in (:func:`_merged`), not all of it twice."""
    if config.not_numbers:  # set phrases ("24/7") read as words
        tokens = ["_" if _norm(t) in config.not_numbers else t for t in tokens]
    pre = _email_spans(tokens) + address_spans(tokens, config)
    pre += [s for s in number_spans(tokens, config.min_number_digits, gaps, config.number_gap_s, config.hesitations)
            if len(span_digits(tokens, s, config).rstrip("0")) > 2  # "1,000,000,000" is an amount, and so is
            and not (s.end - s.start == 1 and currency_led(tokens[s.start]))]  # "$1,800,12"
    pre += _cue_spans(tokens, config, gaps, asked)
    post = corrected_spans(tokens, config, gaps) + dictated_spans(tokens, config, gaps)
    post += alone_spans(tokens, config, gaps) + zero_led_spans(tokens, config, gaps)
    post += birth_years(tokens, config)
    post += [Span(i, i + 1, m.group(0)) for i, t in enumerate(tokens) if (m := _LABEL_RE.match(t))]  # redacted
    return tokens, pre, post


def _merged(found: Found, config: RedactConfig, gaps: Sequence[float] | None, known: Sequence[str] = ()) -> list[Span]:
    """``found`` with the echoes of ``known`` (:func:`coach.redact_runs.echoes`), as non-overlapping spans."""
    tokens, pre, post = found
    spans = pre + echoes(tokens, config, known, gaps) + post
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out: list[Span] = []
    for s in spans:
        if out and s.start < out[-1].end:
            if s.end > out[-1].end:  # merge a run that continues past the previous span
                out[-1] = Span(out[-1].start, s.end, out[-1].label)
            continue
        out.append(s)
    return continued(tokens, out, config, gaps)


def find_spans(tokens: list[str], config: RedactConfig, gaps: Sequence[float] | None = None,
               known: Sequence[str] = (), asked: Sequence[int] = ()) -> list[Span]:
    """Non-overlapping spans to redact in a token sequence, earliest first (longer wins on ties).

    ``gaps[i]``: seconds of silence before ``tokens[i]`` where the words are timed (none: text);
    ``known``: digits of numbers redacted elsewhere in the same document (:func:`coach.redact_runs.echoes`);
    ``asked``: indices where a reply to another role's question for a number begins (:func:`ask_times`)."""
    return _merged(_found(tokens, config, gaps, asked), config, gaps, known)


_SEPARATORS = ("dot", "underscore", "dash", "hyphen", "at")


def open_tail(tokens: list[str], config: RedactConfig | None = None) -> int:
    """Index of the first token that words still to come could pull into a span (the rest is final).

    For redacting a word stream as it arrives (the session recorder): a digit run reaching the end
    may go on ("four one one one" ... "one one one one"), a number among the last few tokens may
    start an address, and a spelled e-mail ("jane dot doe at example dot com") may go on while its
    last or second-last token is a separator. Everything before the index can be redacted and
    written now; the tail waits for more words.
    """
    n = len(tokens)
    norm = [_norm(t) for t in tokens]

    def number(i: int) -> bool:
        return norm[i] in (*REPEAT, "thousand") or (token_digits(tokens, i) or cue_digits(norm[i])) is not None

    between = {*config.hesitations, *config.corrections, *config.joiners} if config is not None else set()
    start = n
    while start > 0:  # digits, and up to two words a number goes on past ("um", "sorry, no") after digits
        b = start
        while b > 0 and start - b < 2 and norm[b - 1] in between:
            b -= 1
        if b == 0 or not number(b - 1):
            break
        start = b - 1
    if config is not None:  # after a number cue, digits may come as "for", "to", "won"
        for end in _cue_ends(norm, config):
            k, j, _ = _after_cue(tokens, norm, end, config)
            if j == n and k < n:
                start = min(start, k)
    start = min(start, address_open(tokens))
    seps = [k for k in (n - 1, n - 2) if k >= 0 and norm[k] in _SEPARATORS]
    if seps:
        k = seps[0]
        while k - 2 >= 0 and norm[k - 2] in _SEPARATORS:
            k -= 2
        start = min(start, max(0, k - 1))  # the word before the first separator: the e-mail's first part
    return start


def redact_text(text: str, config: RedactConfig, counts: dict[str, int] | None = None,
                known: Sequence[str] = ()) -> str:
    """``text`` with every sensitive item replaced by its label ("[CARD]", "[EMAIL]" ...)."""
    return redact_texts([text], [0.0], config, counts, known)[0]


def _stream(texts: list[str], gaps: Sequence[float], asked: Sequence[int]) -> tuple[
        list[list[str]], list[str], list[float], list[int]]:
    """A role's texts as one stream: each text's tokens, all of them, the silence before each, each reply's first."""
    toks = [text.split() for text in texts]
    timed = [g if k == 0 else 0.0 for ts, g in zip(toks, gaps, strict=True) for k in range(len(ts))]
    return toks, [t for ts in toks for t in ts], timed, [sum(len(ts) for ts in toks[:n]) for n in asked]


def redact_texts(texts: list[str], gaps: Sequence[float], config: RedactConfig,
                 counts: dict[str, int] | None = None, known: Sequence[str] = (),
                 found: list[str] | None = None, asked: Sequence[int] = ()) -> list[str]:
    """Texts one speaker said one after another (a role's segments in order; ``gaps[i]``: seconds of
    silence before ``texts[i]``), redacted as one stream: a number read out runs on from one segment
    into the next ("... account number is 83016472." / "6, 4, 7, 2"), as it does in the words.
    ``found`` collects the digits of each number redacted; ``asked``: texts that reply to a question for one."""
    toks, flat, timed, firsts = _stream(texts, gaps, asked)
    spans = find_spans(flat, config, timed, known, firsts)
    if found is not None:
        found += [span_digits(flat, sp, config) for sp in spans if sp.label in (CARD, NUMBER)]
    return _apply(texts, toks, flat, spans, counts)


def _apply(texts: list[str], toks: list[list[str]], flat: list[str], spans: list[Span],
           counts: dict[str, int] | None) -> list[str]:
    """``texts`` (``toks``: each one's tokens, changed here; ``flat``: all) with each span's tokens its label."""
    if counts is not None:
        for sp in spans:
            if not all(_LABEL_RE.match(t) for t in flat[sp.start:sp.end]):  # counted when it was redacted
                counts[LABELS[sp.label]] = counts.get(LABELS[sp.label], 0) + 1
    out, base = list(texts), 0
    for n, ts in enumerate(toks):
        mine = [(max(sp.start - base, 0), min(sp.end - base, len(ts)), sp.label) for sp in spans
                if sp.start < base + len(ts) and sp.end > base]
        base += len(ts)
        for a, e, label in reversed(mine):
            last = ts[e - 1][m.end():] if (m := _LABEL_RE.match(ts[e - 1])) else ts[e - 1]
            ts[a:e] = [label + last[len(last.rstrip(STRIP)):]]
        if mine:
            out[n] = " ".join(ts)
    return out


def _asks(by_role: dict[str, list[dict[str, Any]]], config: RedactConfig,
          split: Callable[[dict[str, Any]], list[str]]) -> dict[str, list[int]]:
    """For each role, the indices of its items (words or segments, in order; ``split``: an item's tokens)
    where a reply to another role's question for a number begins."""
    times: dict[str, list[float]] = {}
    for role, items in by_role.items():
        pairs = [(t, float(x.get("end", 0.0))) for x in items for t in split(x)]
        times[role] = ask_times([t for t, _ in pairs], [e for _, e in pairs], config)
    return {role: reply_starts([t for other, ts in times.items() if other != role for t in ts],
                               [float(x.get("start", 0.0)) for x in items]) for role, items in by_role.items()}


def _bridge(by_role: dict[str, list[dict[str, Any]]], role: str, gaps: list[float], config: RedactConfig,
            tokens: list[str], firsts: Sequence[int]) -> list[float]:
    """A role's ``gaps`` with each pause the other party filled with a backchannel bridged
    (:func:`coach.redact_runs.bridged`); ``tokens``: the role's, ``firsts[i]``: its item ``i``'s first."""
    others = [((float(x.get("start", 0.0)) + float(x.get("end", 0.0))) / 2, str(x.get("text", "")))
              for other, xs in by_role.items() if other != role for x in xs]
    return bridged(gaps, [float(x.get("start", 0.0)) for x in by_role[role]], tokens, firsts, others, config)


def _word_token(w: dict[str, Any]) -> str:
    return str(w.get("text", "")).strip() or "_"


def _redact_words(words: list[dict[str, Any]], config: RedactConfig, found: list[str]) -> None:
    """Redact each role's word sequence in place; every word of a span gets the span's label (the
    digits of each number go to ``found``)."""
    by_role: dict[str, list[dict[str, Any]]] = {}
    for w in words:
        by_role.setdefault(str(w.get("role")), []).append(w)
    for ws in by_role.values():
        ws.sort(key=lambda w: float(w.get("start", 0.0)))
    tokens = {role: [_word_token(w) for w in ws] for role, ws in by_role.items()}
    asked = _asks(by_role, config, lambda w: [_word_token(w)])
    gaps = {role: _bridge(by_role, role, word_gaps([float(w.get("start", 0.0)) for w in ws],
                                                   [float(w.get("end", 0.0)) for w in ws]),
                          config, tokens[role], range(len(ws))) for role, ws in by_role.items()}
    spans = {r: _found(tokens[r], config, gaps[r], asked[r]) for r in by_role}
    heard = {r: [span_digits(tokens[r], s, config) for s in _merged(spans[r], config, gaps[r])
                 if s.label in (CARD, NUMBER)] for r in by_role}  # every role's numbers: a piece another quotes
    found += [d for ds in heard.values() for d in ds]
    for role, ws in by_role.items():
        others = [d for r, ds in heard.items() if r != role for d in ds]
        for s in _merged(spans[role], config, gaps[role], others):
            for w in ws[s.start:s.end]:
                lead = " " if str(w.get("text", "")).startswith(" ") else ""
                w["text"] = lead + s.label


def _redact_strings(value: Any, config: RedactConfig, counts: dict[str, int], known: Sequence[str]) -> Any:
    if isinstance(value, str):
        return redact_text(value, config, counts, known)
    if isinstance(value, list):
        return [_redact_strings(v, config, counts, known) for v in value]
    if isinstance(value, dict):
        return {k: _redact_strings(v, config, counts, known) for k, v in value.items()}
    return value


def redact_review(doc: dict[str, Any], config: RedactConfig | None = None) -> dict[str, Any]:
    """A redacted copy of a ``coach.review/1`` document (the input is not changed).

    Segment text, words' text, and every string of every other field that may hold speech (events'
    ``message``/``detail``, the checklist's evidence and flags, marks ...) are redacted; a document
    redacted before is redacted again (an older redactor may have missed a number) and keeps its counts.
    Adds the additive field ``redaction``: {"applied": true, "counts": {"card": 1, ...}}.
    With ``config.enabled`` False the copy is returned as is, marked ``applied: false``.
    """
    config = config or RedactConfig()
    out = copy.deepcopy(doc)
    prior = out.get("redaction")
    before: dict[str, Any] = prior if isinstance(prior, dict) else {}
    if not config.enabled:
        out["redaction"] = {"applied": False, "counts": {}}
        return out
    counts: dict[str, int] = {}
    known: list[str] = []  # digits of every number redacted in the transcript: quoted elsewhere, redacted there too
    by_role: dict[str, list[dict[str, Any]]] = {}
    for seg in out.get("segments", []):
        if isinstance(seg, dict):
            by_role.setdefault(str(seg.get("role")), []).append(seg)
    for segs in by_role.values():
        segs.sort(key=lambda seg: float(seg.get("start", 0.0)))
    asked = _asks(by_role, config, lambda seg: str(seg.get("text", "")).split())
    jobs: list[tuple[str, list[dict[str, Any]], list[str], list[list[str]], list[str], list[float], Found]] = []
    numbers: dict[str, list[str]] = {}  # each role's numbers' digits
    for role, segs in by_role.items():
        gaps = word_gaps([float(seg.get("start", 0.0)) for seg in segs], [float(seg.get("end", 0.0)) for seg in segs])
        texts = [str(seg.get("text", "")) for seg in segs]
        _, flat, _, starts = _stream(texts, gaps, range(len(texts)))  # starts: each segment's first token
        gaps = _bridge(by_role, role, gaps, config, flat, starts)
        toks, flat, timed, firsts = _stream(texts, gaps, asked[role])
        found = _found(flat, config, timed, firsts)  # every role's numbers first ...
        numbers[role] = [span_digits(flat, sp, config) for sp in _merged(found, config, timed)
                         if sp.label in (CARD, NUMBER)]
        jobs.append((role, segs, texts, toks, flat, timed, found))
    known += [d for ds in numbers.values() for d in ds]
    for role, segs, texts, toks, flat, timed, found in jobs:  # ... so that a piece another role quotes is redacted
        others = [d for r, ds in numbers.items() if r != role for d in ds]
        spans = _merged(found, config, timed, others)
        for seg, text in zip(segs, _apply(texts, toks, flat, spans, counts), strict=True):
            seg["text"] = text
    words = [w for w in out.get("words", []) if isinstance(w, dict)] if isinstance(out.get("words"), list) else []
    _redact_words(words, config, known)
    for key, value in out.items():  # events, checklist, marks, anything added later: every text field
        if key not in _STRUCTURAL:
            out[key] = _redact_strings(value, config, counts, known)
    if before.get("applied"):  # redacted before (an older coach, or another writer): keep its counts
        for k, v in (before.get("counts") or {}).items():
            if isinstance(v, int):
                counts[k] = counts.get(k, 0) + v
    out["redaction"] = {"applied": True, "counts": counts}
    return out


_STRUCTURAL = frozenset({"schema", "audio", "roles", "segments", "words", "metrics", "prosody", "turns",
                         "overlaps", "redaction"})
"""Top-level review fields that carry no speech: numbers, times, paths and curves (segments and words
are redacted above, with their own rules)."""
