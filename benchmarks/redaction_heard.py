"""What whisper really writes for a number read out: render ``redaction_readings.toml`` and transcribe it.

Why: the redaction stress set spells numbers the ways its author thought the ASR would; the rules
fitted to those spellings may still miss what whisper writes on a phone line. Each small call of
``redaction_readings.toml`` (written before any was rendered or redacted) is rendered with the
coaching corpus's own voices and lines (:mod:`benchmarks.coaching_corpus.generate`: espeak-ng voices
or the asterisk prompts' real human digits, placed and mixed as the fixtures are, each channel
through 8 kHz mu-law or GSM, or 16 kHz Opus or clean) and reviewed by coach's own pipeline
(:func:`coach.review.review_file`: the review engine, whisper base), unredacted. What it wrote
(segments and timed words, each role's) goes to ``redaction_heard.json``, which the stress set
(:mod:`benchmarks.redaction_stress`) judges call by call. TUNE ONLY.

Run: ``python -m benchmarks.redaction_heard [--only NAME ...] [--out FILE]`` (minutes on 2 cores; with
``--only``, the other calls already in FILE are kept).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from benchmarks.coaching_corpus.generate import AGENT_VOICES, CUSTOMER_VOICES, FX, degrade, human

READINGS = Path(__file__).with_name("redaction_readings.toml")
HEARD = Path(__file__).with_name("redaction_heard.json")
LINES = (("ulaw", 8000), ("opus", 16000), ("gsm", 8000), ("none", 16000))  # a call: lines i and i + 2


def readings() -> list[dict[str, Any]]:
    return list(tomllib.loads(READINGS.read_text())["call"])


def renders(only: list[str] | None = None) -> list[tuple[dict[str, Any], str, int, dict[str, str]]]:
    """Each render of the set: (call, line, sample rate, voices). A call gets lines i and i + 2 of ``LINES``:
    mu-law and GSM (8 kHz) for even calls, Opus and clean (16 kHz) for odd ones."""
    out = []
    for i, call in enumerate(readings()):
        if only and call["name"] not in only:
            continue
        for j in (0, 2):
            line, sr = LINES[(i + j) % len(LINES)]
            out.append((call, line, sr, {"agent": AGENT_VOICES[(i + j) % len(AGENT_VOICES)],
                                         "customer": CUSTOMER_VOICES[(i + j // 2) % len(CUSTOMER_VOICES)]}))
    return out


def render(call: dict[str, Any], line: str, sr: int, voices: dict[str, str], workdir: Path) -> tuple[
        np.ndarray[Any, Any], list[list[Any]]]:
    """The call as stereo audio (frames, 2: agent, customer) and where each line was said."""
    lines = tuple(FX.Line(role, text, gap=gap) for role, text, gap, _tag in call["lines"])
    audio, spoken = [], []
    for ln in lines:
        if ln.text.startswith("@"):
            x, words = human(ln.text, sr, workdir)
        else:
            x, words = FX.speak(ln.text, voices[ln.role], "normal", sr, workdir), ln.text
        audio.append(x)
        spoken.append(words)
    placed = FX.place(lines, audio, sr)
    stereo = FX.mix(placed, audio, sr, call["name"])
    stereo = np.clip(np.stack([degrade(stereo[:, c], sr, line, workdir) for c in (0, 1)], axis=1), -1.0, 1.0)
    said = [[p.line.role, round(p.start, 3), round(p.end, 3), spoken[p.index], call["lines"][p.index][3]]
            for p in placed]
    return stereo, said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="names of calls to render")
    parser.add_argument("--out", type=Path, default=HEARD)
    args = parser.parse_args(argv)
    from coach.config import CoachConfig
    from coach.models import Models
    from coach.review import review_file

    config = CoachConfig()
    models = Models(config.models)
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for call, line, sr, voices in renders(args.only):
            stereo, said = render(call, line, sr, voices, work)
            path = work / f"{call['name']}.wav"
            sf.write(path, stereo, sr, subtype="PCM_16")
            doc = review_file(path, config, models).to_dict()
            segs = [[s["role"], s["start"], s["end"], s["text"]] for s in doc["segments"]]
            words = [[w["role"], w["start"], w["end"], w["text"], w.get("p", 1.0)] for w in doc["words"]]
            out.append({"name": call["name"], "line": line, "sample_rate": sr, "voices": voices,
                        "numbers": call["numbers"], "said": said, "segments": segs, "words": words})
            print(f"{call['name']} {line} {sr}: " + " / ".join(f"{s[0][0]}: {s[3]}" for s in segs),
                  file=sys.stderr, flush=True)
    if args.only and args.out.exists():  # the other calls' transcripts stay as they were
        kept = [c for c in json.loads(args.out.read_text()) if c["name"] not in args.only]
        out = kept + out
    args.out.write_text("[\n" + ",\n".join(json.dumps(c) for c in out) + "\n]\n")  # one call a line
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
