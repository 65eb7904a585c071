"""Score the coaching analyzers on the development corpus: the tune/test table, and what redaction lets out.

Why two passes: the speech and ASR stages are slow and do not change when a coaching rule does, so
the first run reviews every call through the real pipeline (``coach.review.review_file``) and keeps
what the pipeline fed ``CallCoach`` (speech updates, words, prosody frames, in order) in a cache;
later runs replay that record through a fresh ``CallCoach`` in milliseconds. A replay gives exactly
the events the pipeline would (the coach is a deterministic plain stage); ``--fresh`` re-runs the
pipeline for every call.

Redaction is checked on what the user gets: the printed summary, the review JSON, the history row
(SQLite), the HTML and Markdown reports, and the live session recorder's word stream. A number read
out leaks when any 4 consecutive digits of it survive in one of them, written as digits or as number
words (:mod:`benchmarks.coaching_corpus.leaks`, the reader ``benchmarks.redaction`` uses too).

Run: ``python -m benchmarks.coaching_corpus.score [--split tune|test|both] [--fresh] [--ablate] [--oracle]``
(``--reuse`` replays captures of an older pipeline state where the current one has none, and says so)
(after ``python -m benchmarks.coaching_corpus.generate``). ``--calls`` prints per-call results of
the tune split only (the test split is scored, never inspected call by call).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import pickle
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.coaching_corpus.generate import DEFAULT_OUT
from benchmarks.coaching_corpus.leaks import exported, fragments, readable
from coach.analyze.coach import CallCoach
from coach.config import CoachConfig, ConfigError, load_config
from coach.evaluate import Counts, load_document, match_events
from coach.vocab import Event, Word

PIN_ENV = "COACH_EVAL_PIN"  # with --reuse: replay only captures whose fingerprint starts with this
KINDS = ("missing_empathy", "empathy", "avoid_phrase", "cold_tone")


class CapturingCoach(CallCoach):
    """The real coach, recording every call the pipeline makes on it."""

    record: list[tuple[str, dict[str, Any]]] = []

    def push(self, speech: Any = None, words: Sequence[Any] = (), frames: Sequence[Any] = ()) -> list[Event]:
        CapturingCoach.record.append(("push", {"speech": speech, "words": list(words), "frames": list(frames)}))
        return super().push(speech=speech, words=words, frames=frames)

    def finish(self, end: float) -> list[Event]:
        CapturingCoach.record.append(("finish", {"end": end}))
        return super().finish(end)


# What a replay re-runs every time, so no part of the capture's key: the coach's own settings and
# code. Everything else the review runs before the coach (every other config section, the source
# of the pipeline's modules, the model libraries' versions) is, so that a capture never silently
# stands for a pipeline that has changed since (another room's commit, a new pad, a new whisper).
REPLAYED_SECTIONS = frozenset({"tone", "phrases", "empathy", "checklist", "nudges"})
REPLAYED_MODULES = ("coach.analyze.", "coach.config", "coach.lexicon", "coach.evaluate")
KEPT_MODULES = ("coach.analyze.prosody",)  # the prosody frames are made before the coach
PIPELINE_DIRS = ("coach/speech", "coach/asr", "audio")  # whole packages: some modules import lazily
LIBRARIES = ("faster-whisper", "ctranslate2", "pyannote.audio", "torch", "numpy", "onnxruntime", "scipy",
             "soundfile", "tokenizers")


def pipeline_sources() -> list[Path]:
    """The source files of what ``review_file`` runs before the coach, sorted."""
    import coach.pipeline  # noqa: F401 - loads what the review runs
    import coach.review  # noqa: F401

    files = {Path(str(m.__file__)).resolve() for name, m in list(sys.modules.items())
             if name.split(".")[0] in ("coach", "audio") and getattr(m, "__file__", None)
             and (name.startswith(KEPT_MODULES) or not name.startswith(REPLAYED_MODULES))}
    root = Path(__file__).resolve().parents[2]
    for d in PIPELINE_DIRS:
        files |= {p.resolve() for p in (root / d).rglob("*.py")}
    return sorted(files)


_FINGERPRINTS: dict[str, str] = {}


def pipeline_fingerprint(config: CoachConfig) -> str:
    """Everything before the coach that a capture depends on, hashed: config sections, code, libraries."""
    from importlib.metadata import PackageNotFoundError, version

    sections = "".join(f"{f.name}={getattr(config, f.name)!r}" for f in dataclasses.fields(config)
                       if f.name not in REPLAYED_SECTIONS)
    if sections in _FINGERPRINTS:
        return _FINGERPRINTS[sections]
    h = hashlib.sha256(sections.encode())
    root = Path(__file__).resolve().parents[2]
    for path in pipeline_sources():
        h.update(str(path.relative_to(root)).encode() + path.read_bytes())
    for lib in LIBRARIES:
        try:
            h.update(f"{lib}={version(lib)}".encode())
        except PackageNotFoundError:
            h.update(f"{lib}=-".encode())
    _FINGERPRINTS[sections] = h.hexdigest()
    return _FINGERPRINTS[sections]


def _key(audio: Path, config: CoachConfig) -> str:
    """Cache key: the recording's bytes, then the pipeline's fingerprint (:func:`pipeline_fingerprint`)."""
    return f"{hashlib.sha256(audio.read_bytes()).hexdigest()[:12]}-{pipeline_fingerprint(config)[:12]}"


STALE: dict[str, str] = {}  # call replayed from another pipeline state (``reuse``) -> that state's fingerprint


def provenance(config: CoachConfig) -> str:
    """The line under a table: the pipeline's fingerprint, and which calls were replays of another
    pipeline state (``reuse``), so a figure never silently stands for another pipeline."""
    made_by = ", ".join(f"{n} by {fp}" for fp, n in sorted(Counter(STALE.values()).items()))
    return f"pipeline fingerprint {pipeline_fingerprint(config)[:12]}" + (
        f"; replays from other pipeline states: {made_by}" if STALE else "")


def capture(audio: Path, config: CoachConfig, cache: Path, fresh: bool,
            reuse: bool = False) -> tuple[list[Any], dict[str, Any]]:
    """The pipeline's record for one call, and its review document (from the cache unless ``fresh``).

    ``reuse``: with no capture of the current pipeline, replay the newest one of the same recording
    made by another pipeline state (the working tree others edit changes the fingerprint); each such
    call is listed in :data:`STALE` and the table says how many. With ``COACH_EVAL_PIN`` set, only
    captures whose fingerprint starts with it are replayed (the newest one may come from a tree
    another engineer is editing)."""
    import coach.pipeline as pipeline
    from coach.review import review_file

    key = _key(audio, config)
    path = cache / f"{audio.stem}-{key}.pkl"
    if not path.exists() and reuse and not fresh:
        pin = os.environ.get(PIN_ENV, "")  # others' uncommitted trees also write captures: pin one state
        older = sorted(cache.glob(f"{audio.stem}-{key.split('-')[0]}-{pin}*.pkl"), key=lambda p: p.stat().st_mtime)
        if older:
            path = older[-1]
            STALE[audio.stem] = path.stem.rsplit("-", 1)[1]  # the fingerprint of the pipeline that made it
    if path.exists() and not fresh:
        with path.open("rb") as f:
            return pickle.load(f)  # type: ignore[no-any-return]
    CapturingCoach.record = []
    original = pipeline.CallCoach
    pipeline.CallCoach = CapturingCoach  # type: ignore[misc]
    try:
        doc = review_file(audio, config).to_dict()
    finally:
        pipeline.CallCoach = original  # type: ignore[misc]
    got = (CapturingCoach.record, doc)
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(got, f)
    return got


def replay(record: list[Any], config: CoachConfig,
           words: list[Word] | None = None) -> tuple[list[Event], dict[str, Any]]:
    """Events and checklist of a fresh coach fed the recorded streams (``words``: these instead of the ASR's)."""
    coach = CallCoach(config)
    events: list[Event] = []
    for op, kw in record:
        if op == "finish" and words is not None:
            events += coach.push(words=words)
        if op == "push" and words is not None:
            kw = {**kw, "words": []}
        events += coach.push(**kw) if op == "push" else coach.finish(**kw)
    return sorted(events, key=lambda e: e.start), coach.checklist.as_dict()


def truth_words(truth_path: Path) -> list[Word]:
    """The script's own words, spread evenly over each line: what a perfect ASR would give."""
    out: list[Word] = []
    for seg in json.loads(truth_path.read_text())["segments"]:
        toks = seg["text"].split()
        step = (seg["end"] - seg["start"]) / max(1, len(toks))
        out += [Word(seg["role"], seg["start"] + i * step, seg["start"] + (i + 0.8) * step, t, 1.0)
                for i, t in enumerate(toks)]
    return out


# ------------------------------------------------------------------ the table


def score_split(folder: Path, config: CoachConfig, cache: Path, fresh: bool, per_call: bool, oracle: bool = False,
                reuse: bool = False) -> tuple[dict[str, Counts], int, int, list[str]]:
    totals = {k: Counts() for k in KINDS}
    numbers = leaked = 0
    where: list[str] = []
    for truth_path in sorted(folder.glob("*.truth.json")):
        name = truth_path.name.removesuffix(".truth.json")
        audio = next(p for p in sorted(folder.glob(f"{name}.*")) if p.suffix in (".flac", ".wav"))
        record, doc = capture(audio, config, cache, fresh, reuse)
        events, checklist = replay(record, config, truth_words(truth_path) if oracle else None)
        truth = load_document(truth_path)
        counts = match_events([e for e in truth.events if e.kind in KINDS], [e for e in events if e.kind in KINDS])
        for k in KINDS:
            totals[k].add(counts[k])
        doc = {**doc, "events": [e.to_dict() for e in events], "checklist": checklist}
        nums = json.loads(truth_path.read_text()).get("numbers", [])
        if nums:
            outputs = readable(exported(doc, config))
            for num in nums:
                numbers += 1
                bad = [k for k, texts in outputs.items() if fragments(num, texts)]
                leaked += bool(bad)
                if bad and per_call:
                    where.append(f"{name}: {num} in {', '.join(bad)}")
        if per_call:
            wrong = {k: (c.fp, c.fn) for k, c in counts.items() if k in KINDS and (c.fp or c.fn)}
            print(f"  {name:18s} " + (" ".join(f"{k} fp={fp} fn={fn}" for k, (fp, fn) in wrong.items()) or "ok"))
            for e in events:
                if e.kind in KINDS:
                    print(f"      {e.start:6.2f}-{e.end:6.2f} {e.kind:15s} {json.dumps(e.detail)[:150]}")
    return totals, numbers, leaked, where


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def table(rows: list[tuple[str, dict[str, Counts], int, int]]) -> str:
    head = "| split | " + " | ".join(f"{k} P / R / F1 (n)" for k in KINDS) + " | numbers leaked |"
    lines = [head, "|" + "---|" * (len(KINDS) + 2)]
    for label, totals, numbers, leaked in rows:
        cells = [f"{_f(c.precision)} / {_f(c.recall)} / {_f(c.f1)} ({c.tp + c.fn})"
                 for c in (totals[k] for k in KINDS)]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {leaked} of {numbers} |")
    return "\n".join(lines)


def ablations(config: CoachConfig) -> list[tuple[str, CoachConfig]]:
    """The library choices measured: without vaderSentiment, without wordfreq."""
    out = [("", config)]
    out.append((" (no vaderSentiment)", dataclasses.replace(
        config, empathy=dataclasses.replace(config.empathy, sentiment_below=-1.0))))
    out.append((" (no wordfreq)", dataclasses.replace(
        config, phrases=dataclasses.replace(config.phrases, rare_zipf=0.0))))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--split", choices=("tune", "test", "both"), default="both")
    parser.add_argument("--fresh", action="store_true", help="re-run the pipeline for every call")
    parser.add_argument("--reuse", action="store_true",
                        help="where no capture of the current pipeline exists, replay the newest of another "
                             "pipeline state (while iterating on rules as others edit the pipeline; counted)")
    parser.add_argument("--ablate", action="store_true", help="also score without vaderSentiment / wordfreq")
    parser.add_argument("--calls", action="store_true", help="per-call results (tune split only)")
    parser.add_argument("--oracle", action="store_true",
                        help="also score with the scripts' own words instead of the ASR's (analyzer errors alone)")
    parser.add_argument("--dir", type=Path, help="score this folder of NAME.truth.json + audio instead (fixtures)")
    parser.add_argument("--config", type=Path,
                        help="a coach TOML config to score instead of the defaults (e.g. other [asr] settings)")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config) if args.config is not None else CoachConfig()
    except ConfigError as e:
        print(e, file=sys.stderr)
        return 2
    splits = ("tune", "test") if args.split == "both" else (args.split,)
    if args.dir is not None:
        totals, numbers, leaked, _ = score_split(args.dir, config, args.corpus / "capture", args.fresh, args.calls,
                                                 reuse=args.reuse)
        print(table([(args.dir.name, totals, numbers, leaked)]))
        return 0
    if not all((args.corpus / s).is_dir() for s in splits):
        print(f"{args.corpus}: no corpus; run python -m benchmarks.coaching_corpus.generate", file=sys.stderr)
        return 2
    rows = []
    for suffix, cfg in ablations(config) if args.ablate else [("", config)]:
        for split in splits:
            per_call = args.calls and split == "tune" and not suffix
            totals, numbers, leaked, where = score_split(args.corpus / split, cfg, args.corpus / "capture",
                                                         args.fresh and not suffix, per_call, reuse=args.reuse)
            for w in where:
                print("  leak:", w)
            rows.append((split + suffix, totals, numbers, leaked))
    if args.oracle:
        for split in splits:
            totals, _, _, _ = score_split(args.corpus / split, config, args.corpus / "capture", False, False, True,
                                          args.reuse)
            rows.append((split + " (scripts' words, no ASR)", totals, 0, 0))
    print(table(rows))
    print(provenance(config))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
