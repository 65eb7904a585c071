"""Within-tune transfer check: does a coaching rule help calls it was not chosen on?

Why: vocabulary fitted to tune calls raised tune's figures for two rounds while the held-out test
split did not move. Tune's calls were written in rounds (phrasings 0, 2, 4 first; then two more
phrasings a round, by other people, in other words; round seven's 17 and 18 also with the agent
voice and telephone lines tune lacked), so each round is a pseudo-held-out fold for a rule chosen
on the others. A change is judged by its effect on every fold: one that only helps the round its
evidence came from is fitting wording, not transferring.

Run: ``python -m benchmarks.coaching_corpus.folds [--set empathy.KEY=VALUE ...] [--kind K|all] [--lines]``.
With ``--set`` the table shows each fold before (the config as shipped) -> after (the override), both
replayed on the same captures (``--reuse`` semantics of :mod:`.score`: a call with no capture of
the current pipeline replays the newest one). Tune split only; the test split is never read here.

``--lines`` measures the phrase lists against the ASR rather than the events: for each script line,
which lists match the script's own words and which match the ASR's words of the same line (its
span), per round. A list matched only in the script's words is one the ASR's distortions broke; one
matched only in the ASR's words is a false match. Finer than the events (a reply holds several
acknowledgements, an ask for details only changes the reason), so a tolerance for how the ASR writes
words shows here round by round.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.coaching_corpus.generate import DEFAULT_OUT
from benchmarks.coaching_corpus.score import KINDS, _f, capture, replay
from coach.analyze.empathy import EmpathyAnalyzer
from coach.analyze.matching import PhraseSet, normalize
from coach.analyze.phrases import PhraseAnalyzer
from coach.config import CoachConfig, ConfigError, config_from_dict
from coach.evaluate import Counts, load_document, match_events

# Tune's phrasings by the round they were written in (benchmarks/coaching_corpus/scripts.py).
ROUNDS = {"r1 (0,2,4)": (0, 2, 4), "r2 (5,6)": (5, 6), "r3 (9,10)": (9, 10), "r4 (11,12)": (11, 12),
          "r5 (13,14)": (13, 14), "r6 (15,16)": (15, 16), "r7 (17,18)": (17, 18),
          "r8 (19,20)": (19, 20), "r9 (21,22)": (21, 22), "r10 (23,24)": (23, 24), "r11 (25,26)": (25, 26)}
_LATER = ("r7 (17,18)", "r8 (19,20)", "r9 (21,22)", "r10 (23,24)", "r11 (25,26)")  # each its own group below
GROUPS = {"rounds 1-6": tuple(p for k, v in ROUNDS.items() if k not in _LATER for p in v),
          "round 7": ROUNDS["r7 (17,18)"], "round 8": ROUNDS["r8 (19,20)"], "round 9": ROUNDS["r9 (21,22)"],
          "round 10": ROUNDS["r10 (23,24)"], "round 11": ROUNDS["r11 (25,26)"]}


def override(assignments: list[str]) -> CoachConfig:
    """``section.key=value`` (value as JSON, else a string) over the defaults, read as a config file's
    tables are (:func:`coach.config.config_from_dict`: an unknown key or a bad value is refused alike)."""
    tables: dict[str, dict[str, Any]] = {}
    for a in assignments:
        dotted, _, raw = a.partition("=")
        section, _, key = dotted.partition(".")
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        tables.setdefault(section, {})[key] = value
    return config_from_dict(tables, "--set")


def per_phrasing(folder: Path, config: CoachConfig, cache: Path) -> dict[int, dict[str, Counts]]:
    """Counts per kind for each phrasing of the split in ``folder``."""
    out: dict[int, dict[str, Counts]] = {}
    for truth_path in sorted(folder.glob("*.truth.json")):
        name = truth_path.name.removesuffix(".truth.json")
        audio = next(p for p in sorted(folder.glob(f"{name}.*")) if p.suffix in (".flac", ".wav"))
        phrasing = int(json.loads(truth_path.read_text())["corpus"]["phrasing"])
        record, _ = capture(audio, config, cache, False, True)
        events, _ = replay(record, config)
        truth = load_document(truth_path)
        counts = match_events([e for e in truth.events if e.kind in KINDS], [e for e in events if e.kind in KINDS])
        slot = out.setdefault(phrasing, {k: Counts() for k in KINDS})
        for k in KINDS:
            slot[k].add(counts[k])
    return out


def pooled(by: dict[int, dict[str, Counts]], phrasings: tuple[int, ...], kind: str) -> Counts:
    total = Counts()
    for p in phrasings:
        if p in by:
            total.add(by[p][kind])
    return total


LINE_SETS = ("acknowledgements", "phrases to avoid", "account details", "distress cues")


def _line_sets(config: CoachConfig) -> dict[str, tuple[str, PhraseSet]]:
    """The phrase lists matched on a line, by name: (the role whose lines they read, the lists)."""
    empathy, phrases = EmpathyAnalyzer(config.empathy), PhraseAnalyzer(config.phrases)
    return {"acknowledgements": ("agent", empathy.acks), "phrases to avoid": ("agent", phrases.rules),
            "account details": ("agent", empathy.details), "distress cues": ("customer", empathy.detector.cues)}


def per_line(folder: Path, config: CoachConfig, cache: Path) -> dict[tuple[str, int], list[int]]:
    """(list name, phrasing) -> [lines matched in both, in the script's words only, in the ASR's only]."""
    sets = _line_sets(config)
    out: dict[tuple[str, int], list[int]] = {}
    for truth_path in sorted(folder.glob("*.truth.json")):
        name = truth_path.name.removesuffix(".truth.json")
        audio = next(p for p in sorted(folder.glob(f"{name}.*")) if p.suffix in (".flac", ".wav"))
        truth = json.loads(truth_path.read_text())
        record, _ = capture(audio, config, cache, False, True)
        heard = [w for op, kw in record if op == "push" for w in kw["words"]]
        for seg in truth["segments"]:
            asr = [t for w in heard if w.role == seg["role"] and seg["start"] - 0.3 <= (w.start + w.end) / 2
                   <= seg["end"] + 0.3 for t in normalize(w.text)]
            for label, (role, phrase_set) in sets.items():
                if role != seg["role"]:
                    continue
                script = {m.intent for m in phrase_set.find(normalize(seg["text"]))}
                found = {m.intent for m in phrase_set.find(asr)}
                slot = out.setdefault((label, int(truth["corpus"]["phrasing"])), [0, 0, 0])
                slot[0] += len(script & found)
                slot[1] += len(script - found)
                slot[2] += len(found - script)
    return out


def lines_table(before: dict[tuple[str, int], list[int]], after: dict[tuple[str, int], list[int]] | None) -> str:
    """Per round and list: matched in both / the script's words only / the ASR's only (before -> after)."""
    def pooled_lines(by: dict[tuple[str, int], list[int]], label: str, phrasings: tuple[int, ...]) -> str:
        c = [sum(by.get((label, p), [0, 0, 0])[i] for p in phrasings) for i in range(3)]
        return f"{c[0]} / {c[1]} / {c[2]}"

    every = tuple(sorted({p for _, p in before}))
    rows = ["| fold (tune) | " + " | ".join(f"{s}: both / script only / ASR only" for s in LINE_SETS) + " |",
            "|---|" + "---|" * len(LINE_SETS)]
    for label, phrasings in [*ROUNDS.items(), ("all tune", every)]:
        cells = [pooled_lines(before, s, phrasings) + (f" -> {pooled_lines(after, s, phrasings)}" if after else "")
                 for s in LINE_SETS]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def cell(c: Counts) -> str:
    return f"{_f(c.precision)} / {_f(c.recall)} / {_f(c.f1)} ({c.tp + c.fn}, fp {c.fp})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE")
    parser.add_argument("--kind", choices=(*KINDS, "all"), default="missing_empathy",
                        help="the kind to tabulate; all: one table per kind from the same replay")
    parser.add_argument("--lines", action="store_true",
                        help="per script line: phrase lists matched in the script's words vs the ASR's")
    args = parser.parse_args(argv)
    folder = args.corpus / "tune"
    if not folder.is_dir():
        print(f"{folder}: no tune split; run python -m benchmarks.coaching_corpus.generate", file=sys.stderr)
        return 2
    base = CoachConfig()
    try:
        other = override(args.set) if args.set else None
    except (TypeError, ValueError) as exc:
        print(exc if isinstance(exc, ConfigError) else f"--set: {exc}", file=sys.stderr)  # ConfigError names --set
        return 2
    if args.lines:
        lines_before = per_line(folder, base, args.corpus / "capture")
        print(lines_table(lines_before, per_line(folder, other, args.corpus / "capture") if other else None))
        return 0
    before = per_phrasing(folder, base, args.corpus / "capture")
    after = per_phrasing(folder, other, args.corpus / "capture") if other else None
    every = tuple(sorted(before))
    for kind in KINDS if args.kind == "all" else (args.kind,):
        head = f"| fold ({kind}, tune) | P / R / F1 (n, fp)" + (" | with " + ", ".join(args.set) if after else "")
        print(head + " |")
        print("|---|---|" + ("---|" if after else ""))
        for label, phrasings in [*ROUNDS.items(), *GROUPS.items(), ("all tune", every)]:
            row = f"| {label} | {cell(pooled(before, phrasings, kind))}"
            if after is not None:
                row += f" | {cell(pooled(after, phrasings, kind))}"
            print(row + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
