"""Review ASR beside plain faster-whisper: WER per role and RTF, one table per evaluation set.

Usage::

    .venv/bin/python -m benchmarks.review_asr                     # every set (benchmarks/review_asr_sets.py)
    .venv/bin/python -m benchmarks.review_asr --sets real-test    # one set
    .venv/bin/python -m benchmarks.review_asr --model /models/faster-whisper-small   # a bigger model too
    .venv/bin/python -m benchmarks.review_asr --errors            # each call's word errors per role too
    .venv/bin/python -m benchmarks.review_asr --sets fixtures --shifts 3   # each call also 1 and 2 samples later
    .venv/bin/python -m benchmarks.review_asr --sets fixtures --where      # where coach's words differ from plain's

Systems, all on the same loaded model (int8, ``--threads`` CPU threads), in one run, call by call
(so a busy machine slows them alike):

* ``coach review``: the whole review of the file (``coach.pipeline.analyse_stereo`` /
  ``analyse_mono``: decoding, VAD, turns, prosody, analyzers, review ASR), read in ``coach review``'s
  blocks (1 s), models loaded once;
* ``plain + VAD``: ``WhisperModel.transcribe(channel, language="en", beam_size=5, vad_filter=True)``
  over each channel (the mix for a mono call), after decoding the file the same way;
* ``batched``: ``BatchedInferencePipeline(model).transcribe(channel, language="en", beam_size=5)``
  (its own VAD, ``batch_size`` 8);
* ``faster-whisper over coach's clips`` (stereo; only when named in ``--systems``): coach's own
  clips of each role, one stream, through ``transcribe`` (see :func:`over_clips`);
* ``transcribe over turns`` (stereo; only when named in ``--systems``): faster-whisper's public
  ``transcribe(channel, beam_size=5, clip_timestamps=...)``, one call per channel, the clips being
  that channel's turns (the last coach review's) with ``PAD_S`` either side (see :func:`over_turns`);
* ``coach review, stereo twin`` (mono sets whose mix has one): the same call before it was mixed
  down, reviewed as stereo, so a mono per-role WER reads against the stereo WER of that very call.

WER: :func:`coach.evaluate.normalize_words` on both sides (curly apostrophes folded first, for
every system alike). A mono call's plain and batched words have no speaker: their WER is over the
whole call (``all``); coach's is per diarized role, as its role assignment named them. RTF: wall
time / call duration; ``cpu`` is the process's CPU time / duration. ``bad``: words with U+FFFD or
mojibake. ``worse``: calls where the role's WER is above plain's.

``--shifts N``: one audio sample of shift moves Whisper's words, for every system (fixtures: coach's
agent errors 53 -> 49 -> 53 at 0, 1, 2 samples, plain's 42 -> 39 -> 41), so a gap of a few words on a
small set can be chance. Each call is then also run with its first 1 .. N-1 samples left out (at the
file's own rate, every channel alike): the WERs are over all N runs, for every system alike.

``--asr KEY=VALUE ...``: coach review with these ``[asr]`` settings instead (``review_beam=5``,
``review_pack_s=23 review_window_s=24``): a choice measured beside plain in one run; with
``--shipped`` beside the shipped settings' review too ("coach review, shipped").

``--where`` (stereo calls): the truth words only one of coach and plain gets wrong, by where they
lie in coach's turns (edges, inside, overlaps; :mod:`benchmarks.review_asr_where`).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import coach  # noqa: E402,F401 - offline switches before any model library loads

# isort: split
import numpy as np  # noqa: E402

import coach.pipeline as pipeline  # noqa: E402
from audio.decode import probe, read_all  # noqa: E402
from audio.resample import to_rate  # noqa: E402
from audio.sources import FileSource  # noqa: E402
from benchmarks.review_asr_sets import EvalCall, build, shifted  # noqa: E402
from benchmarks.review_asr_where import Where  # noqa: E402
from coach.asr.review import TurnTranscriber  # noqa: E402
from coach.config import CoachConfig, load_config  # noqa: E402
from coach.evaluate import edit_distance, normalize_words  # noqa: E402
from coach.models import Models  # noqa: E402
from coach.review import REVIEW_BLOCK_S  # noqa: E402

ROLES = ("agent", "customer")
TWIN = "coach review, stereo twin"  # a mono mix's own stereo audio, reviewed as stereo
BAD = re.compile("\ufffd|¡¦|â€|Ã.|Â")


def words_of(text: str) -> list[str]:
    return normalize_words(text.replace("\u2019", "'").replace("\u2018", "'"))


@dataclass
class Score:
    errors: dict[str, int] = field(default_factory=lambda: {r: 0 for r in (*ROLES, "all")})
    ref: dict[str, int] = field(default_factory=lambda: {r: 0 for r in (*ROLES, "all")})
    wall: float = 0.0
    cpu: float = 0.0
    audio: float = 0.0
    bad: int = 0
    per_call: list[dict[str, float]] = field(default_factory=list)
    counts: list[tuple[str, dict[str, tuple[int, int]]]] = field(default_factory=list)  # call, key -> errors, words

    def add(self, call: EvalCall, hyp: dict[str, str], wall: float, cpu: float, duration: float) -> None:
        row: dict[str, float] = {}
        counts: dict[str, tuple[int, int]] = {}
        refs = {**call.reference, "all": " ".join(call.reference[r] for r in ROLES)}
        for key, ref_text in refs.items():
            if key not in hyp:
                continue
            ref, out = words_of(ref_text), words_of(hyp[key])
            # the order of the two roles' words is lost in a pooled transcript: bag-of-words errors
            e = _bag_errors(ref, out) if key == "all" else edit_distance(ref, out)
            self.errors[key] += e
            self.ref[key] += len(ref)
            row[key] = e / max(1, len(ref))
            counts[key] = (e, len(ref))
        self.per_call.append(row)
        self.counts.append((call.name, counts))
        self.wall += wall
        self.cpu += cpu
        self.audio += duration
        self.bad += sum(bool(BAD.search(w)) for t in hyp.values() for w in t.split())

    def wer(self, key: str) -> float | None:
        return self.errors[key] / self.ref[key] if self.ref[key] and self.per_call[0].get(key) is not None else None


def _bag_errors(ref: list[str], hyp: list[str]) -> int:
    """Errors of a transcript whose word order across speakers is unknown: unmatched words."""
    from collections import Counter

    r, h = Counter(ref), Counter(hyp)
    return max(sum((r - h).values()), sum((h - r).values()))


ASR_TIME = {"wall": 0.0, "cpu": 0.0}  # spent inside the review transcriber (TurnTranscriber push/finish)


def _timing(method: Any) -> Any:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        w, c = time.perf_counter(), time.process_time()
        try:
            return method(*args, **kwargs)
        finally:
            ASR_TIME["wall"] += time.perf_counter() - w
            ASR_TIME["cpu"] += time.process_time() - c
    return wrapper


TurnTranscriber.push = _timing(TurnTranscriber.push)  # type: ignore[method-assign]
TurnTranscriber.finish = _timing(TurnTranscriber.finish)  # type: ignore[method-assign]


LAST_REVIEW: dict[str, Any] = {}  # the last coach review's timed words and turns (for --where)


def where(found: Where, call: EvalCall, plain_hyp: dict[str, str], label: str) -> None:
    """Add one stereo call's words that only coach or only plain got wrong (the last coach review's)."""
    words, turns = LAST_REVIEW["words"], LAST_REVIEW["turns"]
    for role in ROLES:
        timed = [(t, w.start, w.end) for w in words if w.role == role for t in words_of(w.text)]
        found.add(words_of(call.reference[role]), timed, words_of(plain_hyp[role]),
                  [(t.start, t.end) for t in turns if t.role == role],
                  [(t.start, t.end) for t in turns if t.role != role], f"{label} {role}")


def coach_review(call: EvalCall, config: CoachConfig, models: Models | None) -> dict[str, str]:
    # Read as ``coach review`` reads a file (its block size): a clip's first sample follows from
    # the push size (a float sum of chunk lengths), and one sample moves Whisper's words.
    audio = dataclasses.replace(config.audio, block_s=max(config.audio.block_s, REVIEW_BLOCK_S))
    with FileSource(call.audio, audio) as source:
        if source.num_channels == 1:
            analysis, _ = pipeline.analyse_mono(source, config, models)
        else:
            analysis = pipeline.analyse_stereo(source, config, models)
    words = sorted(analysis.words, key=lambda w: w.start)
    LAST_REVIEW.update(words=words, turns=list(analysis.turns))
    hyp = {r: " ".join(w.text for w in words if w.role == r) for r in ROLES}
    return {**hyp, "all": " ".join(w.text for w in words)}


def channels(call: EvalCall) -> list[np.ndarray]:
    info = probe(call.audio)
    x = read_all(info)  # (n, ch)
    return [to_rate(x[:, c], info.sample_rate) for c in range(x.shape[1])]


def plain(call: EvalCall, model: Any) -> dict[str, str]:
    chans = channels(call)
    texts = []
    for ch in chans:
        segments, _ = model.transcribe(ch, language="en", beam_size=5, vad_filter=True)
        texts.append(" ".join(s.text.strip() for s in segments))
    return {"all": " ".join(texts)} if call.mono else {**dict(zip(ROLES, texts)), "all": " ".join(texts)}


def batched(call: EvalCall, pipe: Any) -> dict[str, str]:
    chans = channels(call)
    texts = []
    for ch in chans:
        segments, _ = pipe.transcribe(ch, language="en", beam_size=5, batch_size=8)
        texts.append(" ".join(s.text.strip() for s in segments))
    return {"all": " ".join(texts)} if call.mono else {**dict(zip(ROLES, texts)), "all": " ".join(texts)}


CLIPS = "faster-whisper over coach's clips"  # not run by default: --systems ... "faster-whisper over coach's clips"


def over_clips(call: EvalCall, model: Any) -> dict[str, str]:
    """faster-whisper's own long-form decoding of coach's clips: each role's turns (the last coach
    review's) cut, padded and spaced as coach packs them, in one stream, through ``transcribe``
    (beam 3 as coach, no conditioning). Beside coach review it says whether a gap comes from the
    turns and clips or from how coach decodes them (windows of whole turns, ``review_pack_s``)."""
    from coach.asr.packing import Packer
    from coach.vocab import ROLES as roles

    texts = []
    for role, ch in zip(roles, channels(call)):
        packer = Packer(role, 1e9, 1e9, 0.0)  # one window holding every clip
        packer.push(ch, tuple(LAST_REVIEW["turns"]))
        packer.finish()
        x = np.concatenate([c for w in packer.windows for c in w.clips]) if packer.windows else ch[:0]
        segments, _ = model.transcribe(x, language="en", beam_size=3, condition_on_previous_text=False)
        texts.append(" ".join(s.text.strip() for s in segments))
    return {**dict(zip(ROLES, texts)), "all": " ".join(texts)}


SHIPPED = "coach review, shipped"  # --shipped: beside coach review with --asr settings
TURNS = "transcribe over turns"  # not run by default: --systems ... "transcribe over turns"


def over_turns(call: EvalCall, model: Any) -> dict[str, str]:
    """faster-whisper's public ``transcribe`` with ``clip_timestamps``: each channel in one call,
    its clips the channel's turns (the last coach review's) padded by ``PAD_S`` (overlaps merged).
    ``transcribe`` decodes each clip on its own 30 s window (``pad_or_trim`` to 3000 frames)."""
    from coach.asr.packing import PAD_S

    texts = []
    for role, ch in zip(ROLES, channels(call)):
        spans: list[list[float]] = []
        for t in sorted((t for t in LAST_REVIEW["turns"] if t.role == role), key=lambda t: t.start):
            lo, hi = max(0.0, t.start - PAD_S), min(len(ch) / 16000, t.end + PAD_S)
            if spans and lo <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], hi)
            else:
                spans.append([lo, hi])
        if not spans:
            texts.append("")
            continue
        segments, _ = model.transcribe(ch, language="en", beam_size=5, clip_timestamps=[x for s in spans for x in s])
        texts.append(" ".join(s.text.strip() for s in segments))
    return {**dict(zip(ROLES, texts)), "all": " ".join(texts)}


def asr_overrides(config: CoachConfig, pairs: list[str]) -> CoachConfig:
    """``config`` with ``[asr]`` settings given as KEY=VALUE (typed as the setting is)."""
    kw: dict[str, Any] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if not hasattr(config.asr, key):
            print(f"--asr: no setting asr.{key}", file=sys.stderr)
            raise SystemExit(2)
        kw[key] = type(getattr(config.asr, key))(value)
    return dataclasses.replace(config, asr=dataclasses.replace(config.asr, **kw))


def timed(fn: Any, *args: Any) -> tuple[Any, float, float]:
    w, c = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, time.perf_counter() - w, time.process_time() - c


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def table(set_name: str, scores: dict[str, Score], baseline: str = "plain + VAD", shifts: int = 1) -> str:
    base = scores.get(baseline)
    first = next(iter(scores.values()))
    runs = f" x {shifts} alignments" if shifts > 1 else ""
    lines = [f"### {set_name} ({len(first.per_call) // shifts} calls{runs}, {first.audio / shifts:.0f} s)", "",
             "| system | WER agent | WER customer | WER all | worse than plain (a/c) | RTF | RTF cpu | bad |",
             "|---|---|---|---|---|---|---|---|"]
    for name, s in scores.items():
        worse = "-"
        if base is not None and s is not base:
            counts = []
            for r in ROLES:
                pairs = [(a.get(r), b.get(r)) for a, b in zip(s.per_call, base.per_call)]
                counts.append(str(sum(1 for a, b in pairs if a is not None and b is not None and a > b + 1e-9)))
            worse = "/".join(counts)
        lines.append(f"| {name} | {_fmt(s.wer('agent'))} | {_fmt(s.wer('customer'))} | {_fmt(s.wer('all'))} | "
                     f"{worse} | {s.wall / s.audio:.3f} | {s.cpu / s.audio:.3f} | {s.bad} |")
    return "\n".join(lines)


def error_counts(scores: dict[str, Score]) -> str:
    """Errors / words of each call and role, per system: on sets this small a WER gap is a few
    words, which a small change of the decoding moves either way."""
    names = [n for n in scores if not n.endswith("(ASR stage)")]
    keys = [k for k in (*ROLES, "all") if all(k in c for _, c in scores[names[0]].counts)][:2]
    lines = ["| call | " + " | ".join(f"{k}: {' / '.join(names)}" for k in keys) + " |",
             "|---" * (len(keys) + 1) + "|"]
    for i, (call, counts) in enumerate(scores[names[0]].counts):
        cells = [" / ".join(str(scores[n].counts[i][1][k][0]) if k in scores[n].counts[i][1] else "-" for n in names)
                 + f" of {counts[k][1]}" for k in keys]
        lines.append(f"| {call} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=None, help="set names (default: all)")
    ap.add_argument("--calls", nargs="*", default=None, help="call names (default: all)")
    systems = ["coach review", "plain + VAD", "batched"]
    ap.add_argument("--systems", nargs="*", default=systems, choices=[*systems, CLIPS, TURNS])
    ap.add_argument("--asr", nargs="*", default=[], metavar="KEY=VALUE", help="coach review's [asr] settings")
    ap.add_argument("--shipped", action="store_true", help="with --asr: the shipped settings' coach review too")
    ap.add_argument("--model", default="", help="a bigger CTranslate2 Whisper folder: coach review with it too")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", type=Path, default=None, help="per-call results here")
    ap.add_argument("--verbose", action="store_true", help="print each call's transcripts")
    ap.add_argument("--errors", action="store_true", help="each call's word errors per role and system too")
    ap.add_argument("--where", action="store_true",
                    help="stereo calls: words only coach or only plain got wrong, by place in coach's turns")
    ap.add_argument("--shifts", type=int, default=1,
                    help="run each call at this many alignments (0 .. N-1 samples left out); WER over all")
    args = ap.parse_args()
    from faster_whisper import BatchedInferencePipeline

    shipped = load_config(None)
    config = asr_overrides(shipped, args.asr)
    # One owner for the models, as an entry point builds it: each loads once, outside the timings,
    # and plain / batched decode with the very model the review uses.
    models = Models(config.models, threads=args.threads)
    model = models.whisper(config.asr.review_model)
    pipe = BatchedInferencePipeline(model)
    big_config = big_models = None
    if args.model:
        big_config = dataclasses.replace(config, models=dataclasses.replace(config.models, whisper_base=args.model))
        big_models = Models(big_config.models, threads=args.threads)
    sets = build()
    report: dict[str, Any] = {}
    for set_name, calls in sets.items():
        if args.sets and set_name not in args.sets:
            continue
        scores: dict[str, Score] = {}
        found = Where()
        folder = Path(tempfile.mkdtemp(prefix="review_asr_shift_"))
        runs_of = [shifted(c, k, folder) for c in calls for k in range(max(1, args.shifts))
                   if not args.calls or c.name in args.calls]
        for call in runs_of:
            duration = probe(call.audio).duration_s
            runs = {"coach review": lambda c=call: coach_review(c, config, models),
                    "plain + VAD": lambda c=call: plain(c, model),
                    "batched": lambda c=call: batched(c, pipe)}
            if not call.mono and "coach review" in args.systems:  # after coach review: its turns
                runs[CLIPS] = lambda c=call: over_clips(c, model)
                runs[TURNS] = lambda c=call: over_turns(c, model)
            if args.shipped:
                runs[SHIPPED] = lambda c=call: coach_review(c, shipped, models)
            if big_config is not None:
                runs["coach review, --model"] = lambda c=call: coach_review(c, big_config, big_models)
            if call.stereo is not None:  # a mono mix's per-role WER beside the stereo review of the same call
                runs[TWIN] = lambda c=call: coach_review(dataclasses.replace(c, audio=c.stereo, mono=False),
                                                         config, models)
            for name, fn in runs.items():
                wanted = name in args.systems or name.endswith("--model") or name == SHIPPED or (
                    name == TWIN and "coach review" in args.systems)
                if not wanted:
                    continue
                ASR_TIME.update(wall=0.0, cpu=0.0)
                hyp, wall, cpu = timed(fn)
                scores.setdefault(name, Score()).add(call, hyp, wall, cpu, duration)
                if name.startswith("coach"):  # the same words; the time of the ASR stage alone
                    scores.setdefault(f"{name} (ASR stage)", Score()).add(
                        call, hyp, ASR_TIME["wall"], ASR_TIME["cpu"], duration)
                report.setdefault(set_name, {}).setdefault(call.name, {})[name] = {
                    "hyp": hyp, "wall": wall, "wer": scores[name].per_call[-1]}
                if args.verbose:
                    print(f"{call.name} {name} {scores[name].per_call[-1]} {hyp}", flush=True)
                if args.where and name == "plain + VAD" and not call.mono and "coach review" in args.systems:
                    where(found, call, hyp, call.name)
        shutil.rmtree(folder, ignore_errors=True)
        print(table(set_name, scores, shifts=max(1, args.shifts)), "\n", flush=True)
        if args.errors and scores:
            print(error_counts(scores), "\n", flush=True)
        if found.counts:
            print(found.table(), "\n", flush=True)
            if args.verbose:
                print("\n".join(found.stretches), "\n", flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
