"""Redaction stress set: every way the ASR writes a number read out, and lines with none in them.

Why: the coaching corpus holds a few dozen numbers, each spelt the one way whisper heard it; the test split is only
scored. This set asks the general question instead: does any digit run of a number survive, whatever the spelling
(digits grouped with spaces, commas, points or dashes, thousands separators, digit words, "oh", "double five",
"forty-one eleven", digits and words mixed), whatever the carrier (after a cue, in reply to a question for it, said
bare), and however the reading is broken up (two segments, the other party's "Mm-hmm." between two pieces, a filler,
a correction)? And is any word redacted in a line that reads out no number (times, prices, quantities, "COVID-19",
"24/7", "the 15th")? Data: ``redaction_stress.toml`` (numbers, cues, questions, innocent lines), written without any
call of the corpus; and what whisper really wrote for the small calls of ``redaction_readings.toml``
(``redaction_heard.json``, :mod:`benchmarks.redaction_heard`: rendered over phone codecs and reviewed by coach's
pipeline), in rounds, each written after the rules the last one led to. A rendered call is judged on its own timed
words: each number it reads out, and every word of its lines that read none.

Each case is a small review document (segments and timed words, 0.3 s a word, 0.6 s between
turns), redacted by :func:`coach.redact.redact_review` and streamed word by word through the
session recorder's redactors (:func:`coach.session.recorder.word_redactors`), both roles in time
order. The judge is the corpus's (:mod:`benchmarks.coaching_corpus.leaks`): a number leaks when a
run of 4 of its consecutive digits (all of a shorter one) is readable in the redacted JSON (every
string, each role's words joined) or the live stream. An innocent line is falsely redacted when its
words do not all come back in the segment text, the words and the live stream.

Run: ``python -m benchmarks.redaction_stress [--list] [--set redact.KEY=VALUE]``: a table by form,
by how the reading is broken up, by carrier, and the innocent lines by context.
"""

from __future__ import annotations

import argparse
import json
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.coaching_corpus.leaks import MIN_FRAGMENT, fragments, strings_in
from benchmarks.redaction import add_set, configured
from coach.config import RedactConfig
from coach.redact import redact_review
from coach.session.recorder import word_redactors
from coach.vocab import Word

DATA = Path(__file__).with_name("redaction_stress.toml")
HEARD = Path(__file__).with_name("redaction_heard.json")  # benchmarks.redaction_heard's output
WORD_S = 0.3  # each word's length; words follow each other with no pause inside a segment
TURN_GAP_S = 0.6  # between turns (the corpus's scripts' default)
SEGMENT_GAP_S = 0.15  # between two segments the ASR cut one turn into
SILENT_GAP_S = 2.0  # a reader's own pause inside a number, nobody speaking

_UNITS = ("oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
GROUPS = {"card": (4, 4, 4, 4), "phone": (5, 3, 3), "account": (4, 4), "sort_code": (2, 2, 2), "expiry": (2, 2),
          "security_code": (3,)}


def groups_of(kind: str, number: str) -> list[str]:
    out, i = [], 0
    for n in GROUPS[kind]:
        out.append(number[i:i + n])
        i += n
    return out


def _unit(d: str, zero: str = "oh") -> str:
    return zero if d == "0" else _UNITS[int(d)]


def _words(group: str, zero: str = "oh", sep: str = " ") -> str:
    return sep.join(_unit(d, zero) for d in group)


def _double(group: str) -> str:
    """Repeats as people say them: "double five", "triple seven"."""
    out, i = [], 0
    while i < len(group):
        n = 1
        while i + n < len(group) and group[i + n] == group[i] and n < 3:
            n += 1
        out.append({1: "", 2: "double ", 3: "triple "}[n] + _unit(group[i]))
        i += n
    return " ".join(out)


def _pair(p: str, hyphen: bool) -> str:
    if len(p) == 1:
        return _unit(p)
    if p == "00":
        return "double oh"
    if p[0] == "0":
        return "oh " + _unit(p[1])
    if p[0] == "1":
        return _TEENS[int(p[1])]
    if p[1] == "0":
        return _TENS[int(p[0])]
    return _TENS[int(p[0])] + ("-" if hyphen else " ") + _unit(p[1])


def _pairs(group: str, hyphen: bool = True) -> str:
    """Two digits at a time: "forty-one eleven", "oh five", "double oh"."""
    return " ".join(_pair(group[i:i + 2], hyphen) for i in range(0, len(group), 2))


# form -> how the ASR writes a number's groups
FORMS: dict[str, Callable[[list[str]], str]] = {
    "digits grouped": lambda g: " ".join(g),
    "digits, commas between groups": lambda g: ", ".join(g),
    "digits with dashes": lambda g: "-".join(g),
    "digits with points": lambda g: ".".join(g),
    "one run of digits": lambda g: "".join(g),
    "thousands separators": lambda g: f"{int(''.join(g)):,}",
    "thousands, then the last group": lambda g: (f"{int(''.join(g[:-1])):,} {g[-1]}" if len(g) > 1
                                                 else f"{int(g[0]):,}"),
    "decimal points": lambda g: " ".join(f"{x[:len(x) // 2]}.{x[len(x) // 2:]}" if len(x) > 2 else x for x in g),
    "single digits spaced": lambda g: " ".join("".join(g)),
    "single digits, commas": lambda g: ", ".join("".join(g)),
    "digit words": lambda g: ", ".join(_words(x) for x in g),
    "digit words, zero": lambda g: " ".join(_words(x, "zero") for x in g),
    "digit words, full stops": lambda g: " ".join(_words(x, sep=". ").capitalize() + "." for x in g),
    "digit words, hyphens": lambda g: " ".join(_words(x, sep="-") for x in g),
    "double / triple": lambda g: ", ".join(_double(x) for x in g),
    "pairs: teens and tens": lambda g: ", ".join(_pairs(x) for x in g),
    "pairs, unhyphenated": lambda g: " ".join(_pairs(x, hyphen=False) for x in g),
    "digits and words mixed": lambda g: " ".join(x if i % 2 == 0 else _words(x) for i, x in enumerate(g)),
    "words and digits mixed": lambda g: " ".join(_words(x) if i % 2 == 0 else x for i, x in enumerate(g)),
}
SPLIT_FORMS = ("digits grouped", "digit words", "pairs: teens and tens", "digits and words mixed")


@dataclass(frozen=True)
class Case:
    """One small call: turns (role, text, pause before); ``secret`` a number read out ("" for an innocent
    line), ``keep`` the words of an innocent line that must come back as they were."""

    form: str
    split: str
    carrier: str
    turns: tuple[tuple[str, str, float], ...]
    secret: str = ""
    keep: str = ""
    name: str = ""  # a rendered call's (redaction_readings.toml)
    words: tuple[tuple[str, float, float, str], ...] = ()  # what whisper wrote, timed (a rendered call's)
    segments: tuple[tuple[str, float, float, str], ...] = ()  # ... and its segments
    kept: tuple[tuple[str, float, float], ...] = ()  # a rendered call's lines that read no number: role, start, end
    address: tuple[str, ...] = ()  # an address's pieces (benchmarks.redaction_addresses judges them)


def _wrong(group: str) -> str:
    return "".join(str((int(d) + 3) % 10) for d in group)


Piece = tuple[str, str, float]  # role, text, pause before


def _split(groups: list[str], form: str, data: dict[str, Any], i: int) -> Iterator[tuple[str, list[Piece]]]:
    """The ways a reading is broken up: (name, [(role, text piece, pause before)])."""
    spell = FORMS[form]
    yield "said in one go", [("customer", spell(groups), 0.0)]
    if len(groups) < 2 or form not in SPLIT_FORMS:
        return
    head, tail = spell(groups[:-1]), spell(groups[-1:])
    bc = data["backchannels"]["agent"]
    pauses, corrections = data["between"]["pauses"], data["between"]["corrections"]
    yield "last group in a segment of its own", [("customer", head, 0.0), ("customer", tail, SEGMENT_GAP_S)]
    yield "the other party's backchannel between", [("customer", head + ".", 0.0),
                                                    ("agent", bc[i % len(bc)], TURN_GAP_S),
                                                    ("customer", tail.capitalize() + ".", TURN_GAP_S)]
    again = data["backchannels"]["asks_again"]
    yield "the other party asks for the rest", [("customer", head + ".", 0.0),
                                                ("agent", again[i % len(again)], TURN_GAP_S),
                                                ("customer", tail.capitalize() + ".", TURN_GAP_S)]
    yield "a filler between", [("customer", f"{head}, {pauses[i % len(pauses)]} {tail}", 0.0)]
    yield "a corrected last group", [("customer", f"{spell(groups[:-1] + [_wrong(groups[-1])])}, "
                                                  f"{corrections[i % len(corrections)]} {tail}", 0.0)]
    yield "a silent pause (2 s) between", [("customer", head + ",", 0.0), ("customer", tail, SILENT_GAP_S)]


def cases(data: dict[str, Any] | None = None) -> list[Case]:
    """Every case of the set, in a fixed order."""
    data = data or tomllib.loads(DATA.read_text())
    out: list[Case] = []
    i = 0
    for kind, numbers in data["numbers"].items():
        carriers: list[tuple[str, list[Piece], str]] = []
        for cue in data["cued"].get(kind, []):
            carriers.append(("cued", [], cue + " "))
        for q in data["asked"].get(kind, []):
            for lead in data["replies"]["leads"]:
                carriers.append(("asked", [("agent", q, 0.0)], lead))
        if kind in data["bare"]["kinds"]:
            carriers += [("bare", [], lead) for lead in data["bare"]["leads"]]
        for number in numbers:
            for form in FORMS:
                for split, pieces in _split(groups_of(kind, number), form, data, i):
                    name, before, lead = carriers[i % len(carriers)]
                    i += 1
                    turns = [(r, t, TURN_GAP_S if k else 0.0) for k, (r, t, _) in enumerate(before)]
                    for k, (role, text, gap) in enumerate(pieces):
                        if k == 0:
                            text = lead + text if lead else text[:1].upper() + text[1:]
                            gap = TURN_GAP_S if turns else 0.0
                        turns.append((role, text, gap))
                    out.append(Case(form, split, f"{name} ({kind})", tuple(turns), secret=number))
    back = data["readback"]
    for kind in back["kinds"]:
        for number in data["numbers"][kind]:
            said = ("customer", f"{data['cued'][kind][0]} {FORMS['digits grouped'](groups_of(kind, number))}.", 0.0)
            for form in SPLIT_FORMS:
                spell = FORMS[form]
                whole = back["whole"][i % len(back["whole"])].format(number=spell(groups_of(kind, number)))
                last = back["last"][i % len(back["last"])].format(last=spell([number[-4:]]))
                i += 1
                for split, line in (("the agent reads it back", whole), ("the agent names the last four", last)):
                    out.append(Case(form, split, f"cued ({kind})", (said, ("agent", line, TURN_GAP_S)),
                                    secret=number))
    birth = data["birth"]
    for k, (text, year) in enumerate(birth["dates"]):
        for carrier, questions in (("asked (date of birth)", birth["asked"]),
                                   ("question no cue holds (date of birth)", birth["unheard"])):
            q = questions[k % len(questions)]
            lead = data["replies"]["leads"][k % len(data["replies"]["leads"])]
            reply = lead + text if lead else text[:1].upper() + text[1:]
            out.append(Case("date of birth", "said in one go", carrier,
                            (("agent", q, 0.0), ("customer", reply + ".", TURN_GAP_S)), secret=year))
        out.append(Case("date of birth", "said in one go", "bare (date of birth)",
                        (("customer", birth["bare"][k % len(birth["bare"])] + text + ".", 0.0),), secret=year))
    for said, heard, model, _voice, line, question, number in data["heard"]["observed"]:
        role = "agent" if said.startswith("Thanks") else "customer"
        turns = ([("agent", question, 0.0)] if question else []) + [(role, heard, TURN_GAP_S if question else 0.0)]
        out.append(Case("heard by whisper", "heard by whisper", f"whisper {model}, {line} line",
                        tuple(turns), secret=number))
    out += heard_cases()
    for role, lines in data["innocent"].items():
        for k, line in enumerate(lines):
            out.append(Case("innocent", "alone", f"{role} line", ((role, line, 0.0),), keep=line))
            if role == "customer":
                q = list(data["asked"].values())[k % len(data["asked"])][0]
                out.append(Case("innocent", "in reply to a question for a number", "customer line",
                                (("agent", q, 0.0), ("customer", line, TURN_GAP_S)), keep=line))
                out.append(Case("innocent", "next turn after a card number", "customer line",
                                (("customer", "My card number is 4111 1111 1111 1111.", 0.0),
                                 ("agent", "Thanks, got that.", TURN_GAP_S), ("customer", line, TURN_GAP_S)),
                                keep=line))
                out.append(Case("innocent", "after a card number and a silent pause (2 s)", "customer line",
                                (("customer", "My card number is 4111 1111 1111 1111.", 0.0),
                                 ("customer", line, SILENT_GAP_S)), keep=line))
    return out


HEARD_FORM = "heard by whisper (rendered calls)"
ROUNDS = dict(r2_=", round two", r3_=", round three", r4_=", round four", ad_=", round five (addresses)",
              r6_=", round six", r7_=", round seven")


def heard_cases() -> list[Case]:
    """Each call of ``redaction_heard.json`` (:mod:`benchmarks.redaction_heard`): one case a number it reads
    out, and one for its lines that read none (each of their words must come back)."""
    out: list[Case] = []
    for call in json.loads(HEARD.read_text()) if HEARD.exists() else []:
        carrier = f"whisper base, {call['line']} {call['sample_rate'] // 1000} kHz"
        turns = tuple((role, text, 0.0) for role, _s, _e, text in call["segments"])
        words = tuple((role, float(a), float(b), text) for role, a, b, text, _p in call["words"])
        segs = tuple((role, float(a), float(b), text) for role, a, b, text in call["segments"])
        form = HEARD_FORM + ROUNDS.get(call["name"][:3], "")  # each round written after the last one's rules
        for number in call["numbers"]:
            out.append(Case(form, form, carrier, turns, secret=number, name=call["name"], words=words,
                            segments=segs))
        kept = tuple((role, float(a), float(b)) for role, a, b, _text, tag in call["said"] if tag != "n")
        out.append(Case("innocent", f"{form}: lines that read no number", carrier, turns,
                        keep=" / ".join(t for r, _a, _b, t, tag in call["said"] if tag != "n"), name=call["name"],
                        words=words, segments=segs, kept=kept))
    return out


def document(case: Case) -> dict[str, Any]:
    """The case as a review document: one segment a turn, timed words (a rendered call's: whisper's)."""
    if case.words:
        segs = [{"role": r, "start": a, "end": b, "text": t} for r, a, b, t in case.segments]
        return {"schema": "coach.review/1", "segments": segs, "events": [],
                "words": [{"role": r, "start": a, "end": b, "text": t, "p": 0.9} for r, a, b, t in case.words]}
    segments, words, t = [], [], 0.0
    for role, text, gap in case.turns:
        t += gap
        toks = text.split()
        segments.append({"role": role, "start": round(t, 3), "end": round(t + WORD_S * len(toks), 3), "text": text})
        for tok in toks:
            words.append({"role": role, "start": round(t, 3), "end": round(t + WORD_S, 3), "text": " " + tok, "p": 0.9})
            t += WORD_S
    return {"schema": "coach.review/1", "segments": segments, "words": words, "events": []}


def live_words(doc: dict[str, Any], config: RedactConfig) -> list[dict[str, Any]]:
    """The words as the session recorder writes them: pushed one by one, both roles in time order."""
    reds = word_redactors(config)
    out: list[Word] = []
    for w in sorted(doc["words"], key=lambda w: w["start"]):
        out += reds[w["role"]].push([Word(w["role"], w["start"], w["end"], w["text"], w["p"])])
    for red in reds.values():
        out += red.finish()
    out.sort(key=lambda w: w.start)
    return [{"role": w.role, "start": w.start, "text": w.text} for w in out]


@dataclass
class Result:
    case: Case
    leaked: set[str]  # pieces of the number readable anywhere (sensitive cases)
    false: bool  # an innocent line came back changed
    differs: bool  # the live stream's words are not review's


def redacted(case: Case, config: RedactConfig) -> tuple[dict[str, Any], list[dict[str, Any]], list[str], bool]:
    """Review's redacted document, live's words, every string a reader sees in them, and whether they differ."""
    red = redact_review(document(case), config)
    live = live_words(document(case), config)
    review = sorted(({"role": w["role"], "start": w["start"], "text": w["text"]} for w in red["words"]),
                    key=lambda w: w["start"])
    return red, live, strings_in(red) + [" ".join(w["text"] for w in live)], live != review


def judge(case: Case, config: RedactConfig) -> Result:
    red, live, texts, differs = redacted(case, config)
    leaked = fragments(case.secret, texts, min(MIN_FRAGMENT, len(case.secret))) if case.secret else set()
    false = False
    if case.kept:  # a rendered call: no word whisper wrote in a line that reads no number is changed
        def inside(ws: list[tuple[str, float, str]]) -> list[list[str]]:  # each kept line's words, in order
            return [[t for role, start, t in sorted(ws, key=lambda w: w[1]) if role == r and a <= start + 0.05 < b]
                    for r, a, b in case.kept]
        said = inside([(w[0], w[1], w[3]) for w in case.words])
        false = any(inside([(w["role"], w["start"], w["text"]) for w in ws]) != said for ws in (red["words"], live))
    elif case.keep:
        role = next(r for r, t, _ in case.turns if t == case.keep)
        since = red["segments"][-1]["start"]
        mine = [" ".join(w["text"].strip() for w in ws if w["role"] == role and w["start"] >= since)
                for ws in (red["words"], live)]
        false = red["segments"][-1]["text"] != case.keep or any(m != case.keep for m in mine)
    return Result(case, leaked, false, differs)


def run(config: RedactConfig) -> list[Result]:
    return [judge(c, config) for c in cases()]


def table(results: list[Result]) -> str:
    lines = []
    for title, key in (("form", lambda c: c.form), ("how the reading is broken up", lambda c: c.split),
                       ("carrier", lambda c: c.carrier)):
        rows: dict[str, Counter[str]] = {}
        for r in results:
            if r.case.secret:
                row = rows.setdefault(key(r.case), Counter())
                row["cases"] += 1
                row["leaking"] += bool(r.leaked)
                row["live differs"] += r.differs
        lines += [f"| {title} | numbers | with a piece surviving | live differs from review |", "|---|---|---|---|"]
        lines += [f"| {k} | {v['cases']} | {v['leaking']} | {v['live differs']} |" for k, v in rows.items()]
        lines.append("")
    rows = {}
    for r in results:
        if r.case.keep:
            row = rows.setdefault(f"{r.case.carrier}, {r.case.split}", Counter())
            row["cases"] += 1
            row["false"] += r.false
            row["live differs"] += r.differs
    lines += ["| lines with no number read out | lines | falsely redacted | live differs from review |",
              "|---|---|---|---|"]
    lines += [f"| {k} | {v['cases']} | {v['false']} | {v['live differs']} |" for k, v in rows.items()]
    sens = [r for r in results if r.case.secret]
    inn = [r for r in results if r.case.keep]
    lines += ["", f"numbers with a piece surviving: {sum(bool(r.leaked) for r in sens)} of {len(sens)}; "
              f"innocent lines falsely redacted: {sum(r.false for r in inn)} of {len(inn)}; "
              f"live differs from review: {sum(r.differs for r in results)} of {len(results)}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print each failing case")
    add_set(parser)
    args = parser.parse_args(argv)
    if (config := configured(args.set)) is None:
        return 2
    results = run(config.redact)
    if args.list:
        for r in results:
            if r.leaked or r.false or r.differs:
                why = f"leaks {sorted(r.leaked)}" if r.leaked else "false" if r.false else "live differs"
                print(f"{why}: [{r.case.form} / {r.case.split} / {r.case.carrier}] "
                      + " / ".join(f"{role[0].upper()}: {text}" for role, text, _ in r.case.turns))
    import benchmarks.redaction_addresses as addresses  # it imports this module
    print(table(results) + "\n\n" + addresses.table(addresses.run(config.redact)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
