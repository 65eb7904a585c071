"""Addresses in the redaction stress set: does any piece of a street address or postcode read out survive?

Why: issue 15 names addresses beside card and account numbers, and the stress set judged numbers only.
Truth: each address's pieces: its house number's digits (judged as a number's are: no run of 4 of them,
all of a shorter one, readable as digits or digit words), its street's name and a postcode (judged by
letters and digits: readable in any string, case and separators aside). Where: every string of the
redacted review JSON (each role's words joined) and the live session stream, as the stress set reads.

Cases: generated spellings of eight addresses (digits or words, digits one at a time, a comma after the
house number, an abbreviated street, a flat before it, a letter after the number, a street word the
redactor does not list: "Wharf", "Gardens") and of postcodes, said after a cue, in reply to a question
for an address, or bare; and what whisper wrote for round five of ``redaction_readings.toml`` (``ad_*``,
:mod:`benchmarks.redaction_heard`), where a piece whisper did not write cannot survive and is counted apart.

Run: ``python -m benchmarks.redaction_addresses [--list] [--set redact.KEY=VALUE]`` (also printed by
:mod:`benchmarks.redaction_stress`). TUNE ONLY.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from dataclasses import dataclass

from benchmarks.coaching_corpus.leaks import MIN_FRAGMENT, fragments, strings_in
from benchmarks.redaction import add_set, configured
from benchmarks.redaction_heard import readings
from benchmarks.redaction_stress import HEARD, TURN_GAP_S, Case, _words, document, redacted
from coach.config import RedactConfig

# (house number, street's name, street word): the last three streets' words are none redact lists
ADDRESSES = (("42", "Acacia", "Avenue"), ("1621", "Maple", "Drive"), ("7", "Mill", "Lane"),
             ("118", "Queens", "Road"), ("23", "Station", "Road"), ("14", "Canal", "Wharf"),
             ("9", "Kingsley", "Gardens"), ("305", "Abbey", "Mews"))
_ABBR = {"Avenue": "Ave", "Drive": "Dr", "Lane": "Ln", "Road": "Rd", "Wharf": "Wharf", "Gardens": "Gdns",
         "Mews": "Mews"}
_SAY = {"42": "forty two", "1621": "sixteen twenty one", "7": "seven", "118": "one eighteen", "23": "twenty three",
        "14": "fourteen", "9": "nine", "305": "three oh five"}
FORMS = {
    "digits": lambda n, name, st: f"{n} {name} {st}",
    "number words": lambda n, name, st: f"{_SAY[n]} {name} {st}",
    "digits one at a time": lambda n, name, st: f"{_words(n)} {name} {st}",
    "a comma after the number": lambda n, name, st: f"{n}, {name} {st}",
    "abbreviated street": lambda n, name, st: f"{n} {name} {_ABBR[st]}.",
    "a flat first": lambda n, name, st: f"Flat 2, {n} {name} {st}",
    "a letter after the number": lambda n, name, st: f"{n}B {name} {st}",
    "lower case, town after": lambda n, name, st: f"{n} {name.lower()} {st.lower()}, Leeds",
}
POSTCODES = {"SW1A1AA": ("SW1A 1AA", "S W 1 A, 1 A A", "SW1A1AA", "sw1a 1aa"),
             "BS81QE": ("BS8 1QE", "B S 8, 1 Q E", "BS8, 1QE", "B.S.8 1.Q.E."),
             "M11AE": ("M1 1AE", "M one, one A E", "M11AE", "M1, 1 AE")}
CARRIERS = (("cued", "", "My address is "), ("cued", "", "I live at "),
            ("asked", "And the first line of your address?", "It's "), ("asked", "Where should we send it?", ""),
            ("bare", "", "The parcel went to "))
POSTCODE_CARRIERS = (("cued", "", "My postcode is "), ("asked", "And what's your postcode?", ""),
                     ("bare", "", "It's in "))


def _case(form: str, carrier: tuple[str, str, str], text: str, pieces: tuple[str, ...], what: str) -> Case:
    name, question, lead = carrier
    said = lead + text if lead else text[:1].upper() + text[1:]
    reply = ("customer", said + ".", TURN_GAP_S if question else 0.0)
    turns = ((("agent", question, 0.0),) if question else ()) + (reply,)
    return Case(form, what, name, turns, address=pieces)


def generated() -> list[Case]:
    """Every generated address and postcode reading, in a fixed order."""
    out, i = [], 0
    for n, name, street in ADDRESSES:
        for form, spell in FORMS.items():
            out.append(_case(form, CARRIERS[i % len(CARRIERS)], spell(n, name, street), (n, name), "street address"))
            i += 1
    for code, spellings in POSTCODES.items():
        for k, text in enumerate(spellings):
            out.append(_case(f"postcode {k + 1}", POSTCODE_CARRIERS[i % len(POSTCODE_CARRIERS)], text, (code,),
                             "postcode"))
            i += 1
    return out


def heard() -> list[Case]:
    """One case an address of round five's rendered calls (``redaction_heard.json``, names ``ad_*``)."""
    out, truth = [], {c["name"]: c.get("addresses", []) for c in readings()}
    for call in json.loads(HEARD.read_text()) if HEARD.exists() else []:
        turns = tuple((role, text, 0.0) for role, _s, _e, text in call["segments"])
        words = tuple((role, float(a), float(b), text) for role, a, b, text, _p in call["words"])
        segs = tuple((role, float(a), float(b), text) for role, a, b, text in call["segments"])
        carrier = f"whisper base, {call['line']} {call['sample_rate'] // 1000} kHz"
        for pieces in truth.get(call["name"], []):
            out.append(Case("heard by whisper (round five)", "rendered", carrier, turns, name=call["name"],
                            words=words, segments=segs, address=tuple(pieces)))
    return out


def _alnum(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _readable(pieces: tuple[str, ...], texts: list[str]) -> set[str]:
    """The pieces readable in ``texts``: digits as a number's are, others by their letters and digits."""
    flat = [_alnum(t) for t in texts]
    return {p for p in pieces if (fragments(p, texts, min(MIN_FRAGMENT, len(p))) if p.isdigit()
                                  else any(_alnum(p) in f for f in flat))}


@dataclass
class Result:
    case: Case
    written: set[str]  # the pieces readable before redaction (what the ASR wrote)
    leaked: set[str]  # ... and after it, anywhere stored or exported
    differs: bool  # the live stream's words are not review's


def judge(case: Case, config: RedactConfig) -> Result:
    _, _, texts, differs = redacted(case, config)
    return Result(case, _readable(case.address, strings_in(document(case))), _readable(case.address, texts), differs)


def table(results: list[Result]) -> str:
    rows: dict[str, Counter[str]] = {}
    for r in results:
        for key in (f"{r.case.split}: {r.case.form}", f"{r.case.split}: {r.case.carrier}"):
            row = rows.setdefault(key, Counter())
            row["n"] += 1
            row["written"] += len(r.written)
            row["pieces"] += len(r.case.address)
            row["leaking"] += bool(r.leaked)
            row["leaked"] += len(r.leaked)
            row["differs"] += r.differs
    lines = ["| addresses read out | addresses | pieces (the ASR wrote) | with a piece surviving | pieces surviving "
             "| live differs |", "|---|---|---|---|---|---|"]
    lines += [f"| {k} | {v['n']} | {v['pieces']} ({v['written']}) | {v['leaking']} | {v['leaked']} | {v['differs']} |"
              for k, v in rows.items()]
    lines.append(f"\naddresses with a piece surviving: {sum(bool(r.leaked) for r in results)} of {len(results)} "
                 f"(pieces {sum(len(r.leaked) for r in results)} of {sum(len(r.written) for r in results)} the ASR "
                 f"wrote); live differs: {sum(r.differs for r in results)}")
    return "\n".join(lines)


def run(config: RedactConfig) -> list[Result]:
    return [judge(c, config) for c in generated() + heard()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print each address with a piece surviving")
    add_set(parser)
    args = parser.parse_args(argv)
    if (config := configured(args.set)) is None:
        return 2
    results = run(config.redact)
    if args.list:
        for r in results:
            if r.leaked or r.differs:
                said = " / ".join(f"{role[0].upper()}: {text}" for role, text, _ in r.case.turns)
                print(f"leaks {sorted(r.leaked)}{' (live differs)' if r.differs else ''}: [{r.case.form} / "
                      f"{r.case.carrier} / {r.case.name}] {said}")
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
