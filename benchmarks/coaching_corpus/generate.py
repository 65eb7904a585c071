"""Render the coaching corpus (``scripts.py``) to stereo calls with exact truth, in a cache folder.

Why generated here and not committed: 50 calls of audio are tens of MB; the scripts and this
renderer are the source. Each call gets its own agent and customer voice (10 espeak-ng voices and
variants, plus the asterisk prompts' real human recordings for ``@`` lines), 8 or 16 kHz, and one
way a telephone line degrades it (mu-law, GSM, MP3, Opus, or none). Rendering reuses the fixture
generator's synthesis, placement and truth derivation (``fixtures/calls/generate.py``), so truth
means the same as in the fixtures. Output: ``DIR/{tune,test}/NAME.flac`` + ``NAME.truth.json``
(with an additive ``numbers`` field: the digits each call reads out).

Run: ``python -m benchmarks.coaching_corpus.generate [--out DIR]`` (default
``~/.cache/coach-eval/coaching_corpus``); deterministic for the same espeak-ng, sox and ffmpeg.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt
import soundfile as sf

from benchmarks.coaching_corpus.extra_tune6 import RENDER_AGENT, RENDER_LINES, RENDER_PHRASINGS, RENDER_RATE
from benchmarks.coaching_corpus.extra_tune7 import RENDER_CALLS as _ROUND8
from benchmarks.coaching_corpus.extra_tune8 import RENDER_CALLS as _ROUND9
from benchmarks.coaching_corpus.extra_tune9 import RENDER_CALLS as _ROUND10
from benchmarks.coaching_corpus.extra_tune10 import RENDER_CALLS as _ROUND11
from benchmarks.coaching_corpus.scripts import SCENARIOS, Script, scripts, split_of

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = Path.home() / ".cache" / "coach-eval" / "coaching_corpus"
ALLISON = Path("/usr/share/asterisk/sounds/en_US_f_Allison")
PROMPTS_TXT = Path("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz")
AGENT_VOICES = ("en-gb+m2", "en-us+f2", "en-gb-scotland+m4", "en-029+f1", "en-gb-x-rp+m1")
CUSTOMER_VOICES = ("en-us+f4", "en-gb+f3", "en-gb-x-gbclan+m2", "en-us+m6", "en-gb-x-gbcwmd+f5")
LINES_8K = ("none", "ulaw", "gsm")
LINES_16K = ("none", "mp3", "opus")
DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
RENDER_CALLS = {**_ROUND8, **_ROUND9, **_ROUND10, **_ROUND11}
AVOID_INTENTS = ("have_to", "dont_know", "nothing_more", "calm_down", "cant", "i_think", "argue", "jargon",
                 "flat_no")


def _fixture_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fixture_generate", ROOT / "fixtures" / "calls" / "generate.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["fixture_generate"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


FX = _fixture_generator()


def prompt_texts() -> dict[str, str]:
    """The asterisk prompts' published transcripts: name -> text."""
    out: dict[str, str] = {}
    with gzip.open(PROMPTS_TXT, "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            name, sep, text = line.partition(":")
            if sep and text.strip():
                out[name.strip()] = text.strip()
    return out


def _read_prompt(name: str, sr: int, workdir: Path) -> npt.NDArray[np.float32]:
    out = workdir / "prompt.wav"
    subprocess.run(["sox", "-D", str(ALLISON / f"{name}.wav"), "-e", "floating-point", "-b", "32", str(out),
                    "rate", "-v", str(sr)], check=True)
    x, got = sf.read(out, dtype="float32")
    assert got == sr
    loud = np.flatnonzero(np.abs(x) > 10 ** (FX.AUDIBLE_DBFS / 20))
    return x[loud[0]: loud[-1] + 1] if len(loud) else x


def human(text: str, sr: int, workdir: Path) -> tuple[npt.NDArray[np.float32], str]:
    """A real recording for an ``@`` line, at the speech level of the synthetic lines, and its words."""
    spec = text[1:]
    if spec.startswith("digits:"):
        parts: list[npt.NDArray[np.float32]] = []
        for k, d in enumerate(spec.split(":", 1)[1]):
            parts.append(_read_prompt(f"digits/{d}", sr, workdir))
            pause = 0.35 if k % 4 == 3 else 0.12  # read in groups of four, as people do
            parts.append(np.zeros(int(pause * sr), dtype=np.float32))
        x = np.concatenate(parts[:-1])
        words = " ".join(DIGIT_WORDS[int(d)] for d in spec.split(":", 1)[1])
    else:
        x = _read_prompt(spec, sr, workdir)
        words = prompt_texts()[spec]
    rms = float(np.sqrt(np.mean(x.astype(np.float64) ** 2)))
    return (x * (10 ** (FX.SPEECH_LEVEL_DBFS / 20) / max(rms, 1e-9))).astype(np.float32), words


def to_lines(script: Script) -> tuple[Any, ...]:
    """The script as the fixture generator's lines (labels, styles, missing-empathy replies)."""
    out = []
    lines = script.lines
    for i, ln in enumerate(lines):
        labels = []
        for tag in ln.tags:
            if tag == "E":
                labels.append(FX.Label("empathy"))
            elif tag == "cold":
                labels.append(FX.Label("cold_tone", "flat pitch, low energy"))
            elif tag in AVOID_INTENTS:
                labels.append(FX.Label("avoid_phrase", tag, (("intent", tag),)))
            elif tag != "M":
                raise ValueError(f"{script.name}: unknown tag {tag!r}")
        until = None
        if "M" in ln.tags:
            reply = [k for k in range(i + 1, len(lines)) if lines[k].role == "agent"]
            end = next((k for k in range(i + 1, len(lines)) if lines[k].role == "customer"), len(lines))
            reply = [k for k in reply if k < end]
            assert reply, f"{script.name}: line {i} has no agent reply"
            until = reply[-1]
        style = "cold" if "cold" in ln.tags else "normal"
        out.append(FX.Line(ln.role, ln.text, gap=ln.gap, style=style, labels=tuple(labels),
                           missing_empathy_until=until))
    return tuple(out)


def degrade(x: npt.NDArray[np.float32], sr: int, line: str, workdir: Path) -> npt.NDArray[np.float32]:
    """One channel through a telephone codec and back, same length. Shape: (n,)."""
    if line == "none":
        return x
    src, dst = workdir / "ch.wav", workdir / "back.wav"
    sf.write(src, x, sr, subtype="FLOAT")
    if line == "ulaw":
        enc = workdir / "ch_ulaw.wav"
        subprocess.run(["sox", "-D", str(src), "-e", "u-law", "-b", "8", str(enc)], check=True)
    elif line == "gsm":
        enc = workdir / "ch.gsm"
        subprocess.run(["sox", "-D", str(src), "-r", "8000", str(enc)], check=True)
    else:
        enc = workdir / ("ch.mp3" if line == "mp3" else "ch.ogg")
        codec = ["-c:a", "libmp3lame", "-b:a", "32k"] if line == "mp3" else ["-c:a", "libopus", "-b:a", "16k"]
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(src), *codec, str(enc)], check=True)
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(enc), "-ar", str(sr), "-ac", "1",
                    "-c:a", "pcm_f32le", str(dst)], check=True)
    y, _ = sf.read(dst, dtype="float32")
    out = np.zeros_like(x)
    out[: min(len(x), len(y))] = y[: len(x)]
    return out


def render(script: Script, k: int, workdir: Path) -> tuple[npt.NDArray[np.float32], dict[str, Any]]:
    sr = 8000 if k % 2 == 0 else 16000
    line_kind = (LINES_8K if sr == 8000 else LINES_16K)[(k // 2) % 3]
    voices = {"agent": AGENT_VOICES[k % len(AGENT_VOICES)],
              "customer": CUSTOMER_VOICES[(k // 2) % len(CUSTOMER_VOICES)]}
    if script.phrasing in RENDER_PHRASINGS:  # round seven: the agent voice and telephone lines tune lacked
        sr, line_kind, voices["agent"] = RENDER_RATE, RENDER_LINES[k % 2], RENDER_AGENT
    if script.name in RENDER_CALLS:  # rounds eight and nine: voices, rate and line chosen (extra_tune7.py, 8.py)
        voices["agent"], voices["customer"], sr, line_kind = RENDER_CALLS[script.name]
    lines = to_lines(script)
    audio, spoken = [], []
    for ln in lines:
        if ln.text.startswith("@"):
            x, words = human(ln.text, sr, workdir)
        else:
            x, words = FX.speak(ln.text, voices[ln.role], ln.style, sr, workdir), ln.text
        audio.append(x)
        spoken.append(words)
    placed = FX.place(lines, audio, sr)
    stereo = FX.mix(placed, audio, sr, script.name)
    n = stereo.shape[0]
    stereo = np.stack([degrade(stereo[:, c], sr, line_kind, workdir) for c in (0, 1)], axis=1)
    stereo = np.clip(stereo, -1.0, 1.0)
    truth = {
        "schema": "coach.truth/1",
        "audio": {"path": f"{script.name}.flac", "duration_s": round(n / sr, 3), "sample_rate": sr, "channels": 2},
        "roles": {"agent": "channel:0", "customer": "channel:1"},
        "description": f"coaching corpus: scenario {script.scenario}, phrasing {script.phrasing}",
        "corpus": {"scenario": script.scenario, "phrasing": script.phrasing, "split": split_of(script.phrasing),
                   "voices": voices, "line": line_kind,
                   "human": [ln.text for ln in script.lines if ln.text.startswith("@")]},
        "segments": [{"role": p.line.role, "start": round(p.start, 3), "end": round(p.end, 3),
                      "text": spoken[p.index]} for p in sorted(placed, key=lambda p: p.start)],
        "events": FX.derive_events(placed),
        "numbers": [ln.num for ln in script.lines if ln.num],
    }
    return stereo, truth


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="*", help="names of calls to build")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        order = list(SCENARIOS)
        for script in scripts():
            k = order.index(script.scenario) * 5 + script.phrasing  # voices, rate and line: fixed per call
            if args.only and script.name not in args.only:
                continue
            folder = args.out / split_of(script.phrasing)
            folder.mkdir(parents=True, exist_ok=True)
            audio, truth = render(script, k, Path(tmp))
            sf.write(folder / f"{script.name}.flac", audio, truth["audio"]["sample_rate"], subtype="PCM_16",
                     format="FLAC")
            (folder / f"{script.name}.truth.json").write_text(json.dumps(truth, indent=1) + "\n")
            print(f"{folder / script.name}.flac  {truth['audio']['duration_s']:.1f} s  "
                  f"{truth['audio']['sample_rate']} Hz  {truth['corpus']['line']}")


if __name__ == "__main__":
    main()
