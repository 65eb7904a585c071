"""Held-out stereo calls for the live benchmarks, from real human speech, with exact transcripts.

Usage: .venv/bin/python -m benchmarks.live_calls [--out DIR] [--force]

Nothing in the live transcriber was tuned on these calls' material. Two splits:

* ``tune``: the calls one may look at while changing settings;
* ``test``: only scored (``benchmarks.asr_stream --set test``), never looked at to tune.

Material (what :file:`scripts/setup.sh` installs): the Asterisk prompts (Allison, a real female
voice, 8 kHz, with their published transcripts), the pocketsphinx test readings (LibriVox, a real
reader, and spoken playing cards, 16 kHz) and espeak-ng voices speaking
``data/live_customer_lines.txt``. Every source is split by item: a prompt by a hash of its name,
the readings by file, the espeak lines by line number, and the two splits use different espeak
voices. The Asterisk side is the agent in half the calls and the customer in the others.

Each call alternates turns of 1-3 utterances with pauses inside a turn (0.15-0.7 s, the
pauses a live transcriber commits at) and between turns, one 6 s dead air, one agent and one
customer interruption (the newcomer starts 1.5-2.2 s before the other stops). Each call is
written at 8 kHz and at 16 kHz, degraded as lines do: 8 kHz through G.711 mu-law, GSM 06.10 or
noise + mu-law; 16 kHz through Opus, MP3, or echo of the other side + noise. The truth
(``NAME.truth.json``, ``coach.truth/1`` segments plus the overlap and dead-air events by the
contract's definitions) is written beside each FLAC. Output: ``~/.cache/coach-eval/live/{split}/``.
Deterministic for a seed (espeak-ng, sox and ffmpeg versions aside).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402
import soundfile as sf  # noqa: E402

ASTERISK = Path("/usr/share/asterisk/sounds/en_US_f_Allison")
ASTERISK_TEXT = Path("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz")
SPHINX = Path("/usr/share/pocketsphinx/test/data")
LINES = Path(__file__).with_name("data") / "live_customer_lines.txt"
OUT = Path.home() / ".cache" / "coach-eval" / "live"
WORK_RATE = 16_000
SPLITS = ("tune", "test")
VOICES = {"tune": ("en-us+m3", "en-gb+f3"), "test": ("en-gb-x-rp+m2", "en-us-nyc+f2", "en-029+m4")}
READINGS = {  # pocketsphinx readings per split (by file)
    "tune": ("librivox/sense_and_sensibility_01_austen_64kb-0870", "librivox/sense_and_sensibility_01_austen_64kb-0920",
             "cards/001", "cards/002"),
    "test": ("librivox/sense_and_sensibility_01_austen_64kb-0880", "librivox/sense_and_sensibility_01_austen_64kb-0890",
             "librivox/sense_and_sensibility_01_austen_64kb-0930", "cards/003", "cards/004", "cards/005"),
}
LINES_8K = ("ulaw", "gsm", "noise_ulaw")
LINES_16K = ("opus", "mp3", "echo_noise")
CALLS_PER_SPLIT = 3
CALL_S = 70.0
DEAD_AIR_S = 6.0


@dataclass(frozen=True)
class Clip:
    """One utterance of real or synthetic speech, trimmed to its audible part, at WORK_RATE."""

    source: str
    text: str
    audio: npt.NDArray[np.float32]


def _trim(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """First to last 10 ms frame within 40 dB of the loudest: the audible part."""
    n = len(x) // 160
    db = 10 * np.log10(np.mean(x[: n * 160].reshape(n, 160).astype(np.float64) ** 2, axis=1) + 1e-12)  # (n,)
    loud = np.flatnonzero(db > db.max() - 40)
    return x[loud[0] * 160:(loud[-1] + 1) * 160].copy() if len(loud) else x


def _read(path: Path, rate: int | None = None) -> npt.NDArray[np.float32]:
    """A file as WORK_RATE float32 (sox resamples; raw files need ``rate``)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.wav"
        src = ["-t", "raw", "-r", str(rate), "-e", "signed", "-b", "16", "-c", "1", str(path)] if rate else [str(path)]
        subprocess.run(["sox", "-V1", "-D", *src, "-e", "floating-point", "-b", "32", "-c", "1", str(out),
                        "rate", "-v", str(WORK_RATE)], check=True, capture_output=True)
        x, _ = sf.read(out, dtype="float32")
    return _trim(x)


def _split_of(name: str) -> str:
    return SPLITS[zlib.crc32(name.encode()) % 2]


def asterisk_clips(split: str) -> list[Clip]:
    """Prompts of 3-30 words with a plain transcript, in this split."""
    out = []
    with gzip.open(ASTERISK_TEXT, "rt", encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    for line in lines:
        name, sep, text = line.partition(": ")
        text = text.strip()
        if not sep or any(c in text for c in "[<(*#@$=+/") or _split_of(name) != split:
            continue
        path = ASTERISK / f"{name.strip()}.wav"
        if not path.exists() or not 3 <= len(text.split()) <= 30:
            continue
        out.append(Clip(f"asterisk:{name}", text, _read(path)))
    return out


def reading_clips(split: str) -> list[Clip]:
    texts: dict[str, str] = {}
    for folder in ("librivox", "cards"):
        trans = next((SPHINX / folder).glob("*transcription"))
        for line in trans.read_text().splitlines():
            m = re.match(r"<s>(.*)</s>\s*\((.*)\)", line.strip())
            if m:
                texts[f"{folder}/{m.group(2).strip()}"] = m.group(1).strip()
    return [Clip(f"sphinx:{key}", texts[key], _read(SPHINX / f"{key}.wav")) for key in READINGS[split]]


def espeak_clips(split: str, workdir: Path) -> list[Clip]:
    lines = [x for x in LINES.read_text().splitlines() if x.strip() and not x.startswith("#")]
    mine = lines[SPLITS.index(split)::2]
    out = []
    voices = VOICES[split]
    for i, text in enumerate(mine):
        voice = voices[i % len(voices)]
        wav = workdir / f"espeak_{split}_{i}.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", "165", "-w", str(wav), text], check=True)
        out.append(Clip(f"espeak:{voice}", text, _read(wav)))
    return out


def _take(pool: list[Clip], rng: np.random.Generator, used: dict[str, int]) -> Clip:
    """The least-used clip of the pool (ties at random): material repeats as little as possible."""
    least = min(used.get(c.source + c.text, 0) for c in pool)
    choice = [c for c in pool if used.get(c.source + c.text, 0) == least]
    clip = choice[int(rng.integers(len(choice)))]
    used[clip.source + clip.text] = used.get(clip.source + clip.text, 0) + 1
    return clip


def build_call(pools: dict[str, list[Clip]], rng: np.random.Generator,
               used: dict[str, int]) -> tuple[npt.NDArray[np.float32], list[dict[str, Any]]]:
    """(n, 2) audio at WORK_RATE (agent left) and the truth segments, turn by turn."""
    segments: list[dict[str, Any]] = []
    placed: list[tuple[int, int, npt.NDArray[np.float32]]] = []  # channel, start sample, audio
    t = 0.5
    role_i = 0
    ends = [0.0, 0.0]
    n_turns = 0
    special = {3: "interrupt", 5: "dead_air", 6: "interrupt"}  # turn index -> how it starts
    while t < CALL_S:
        role = ("agent", "customer")[role_i]
        how = special.get(n_turns, "")
        if how == "interrupt":
            t = max(ends[1 - role_i] - float(rng.uniform(1.5, 2.2)), ends[role_i] + 0.3)
        elif how == "dead_air":
            t += DEAD_AIR_S
        for k in range(int(rng.integers(1, 4))):
            clip = _take(pools[role], rng, used)
            start = int(round(t * WORK_RATE))
            placed.append((role_i, start, clip.audio))
            end = t + len(clip.audio) / WORK_RATE
            segments.append({"role": role, "start": round(t, 3), "end": round(end, 3), "text": clip.text,
                             "source": clip.source})
            t = end + float(rng.uniform(0.15, 0.7)) if k < 2 else end
        ends[role_i] = segments[-1]["end"]
        t = ends[role_i] + float(rng.uniform(0.3, 1.2))
        role_i = 1 - role_i
        n_turns += 1
    n = max(s + len(a) for _, s, a in placed) + WORK_RATE // 2
    x = np.zeros((n, 2), dtype=np.float32)
    for ch, s, a in placed:
        x[s:s + len(a), ch] += a
    segments.sort(key=lambda s: s["start"])
    return x, segments


def derive_events(segments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Interruptions (a line starting inside the other side's line, both going on 1 s), talk-over
    (both speaking 1 s or more) and dead air (5 s with nobody speaking), as the contract defines them."""
    events: list[dict[str, Any]] = []
    for s in segments:
        for o in segments:
            if o["role"] != s["role"] and o["start"] < s["start"] < o["end"] - 1.0 and s["end"] > s["start"] + 1.0:
                kind = "interruption" if s["role"] == "agent" else "customer_interruption"
                end = min(s["end"], o["end"])
                events.append({"kind": kind, "role": s["role"], "start": s["start"], "end": end})
                if end - s["start"] >= 1.0:
                    events.append({"kind": "talk_over", "role": "agent", "start": s["start"], "end": end})
    spans = sorted((s["start"], s["end"]) for s in segments)
    last = spans[0][1]
    for a, b in spans[1:]:
        if a - last >= 5.0:
            events.append({"kind": "dead_air", "role": "agent", "start": round(last, 3), "end": a})
        last = max(last, b)
    return sorted(events, key=lambda e: e["start"])


def _codec(x: npt.NDArray[np.float32], rate: int, line: str, workdir: Path) -> npt.NDArray[np.float32]:
    """One channel through a line's codec, back to float32 at ``rate``, same length."""
    src, out = workdir / "in.wav", workdir / "out.wav"
    sf.write(src, x, rate, subtype="FLOAT")
    if line in ("ulaw", "noise_ulaw"):
        enc = workdir / "x.wav"
        subprocess.run(["sox", "-V1", "-D", str(src), "-e", "u-law", "-b", "8", str(enc)], check=True)
        subprocess.run(["sox", "-V1", "-D", str(enc), "-e", "floating-point", "-b", "32", str(out)], check=True)
    elif line == "gsm":
        enc = workdir / "x.gsm"
        subprocess.run(["sox", "-V1", "-D", str(src), "-r", "8000", str(enc)], check=True)
        subprocess.run(["sox", "-V1", "-D", str(enc), "-e", "floating-point", "-b", "32", str(out)], check=True)
    else:
        codec = {"opus": ["-c:a", "libopus", "-b:a", "16k"], "mp3": ["-c:a", "libmp3lame", "-b:a", "32k"]}[line]
        enc = workdir / ("x.ogg" if line == "opus" else "x.mp3")
        quiet = ["-hide_banner", "-loglevel", "error", "-y"]
        subprocess.run(["ffmpeg", *quiet, "-i", str(src), *codec, str(enc)], check=True)
        subprocess.run(["ffmpeg", *quiet, "-i", str(enc), "-ar", str(rate), "-ac", "1", "-c:a", "pcm_f32le",
                        str(out)], check=True)
    y, _ = sf.read(out, dtype="float32")
    y = y[: len(x)]
    return np.pad(y, (0, len(x) - len(y))).astype(np.float32)


def degrade(x: npt.NDArray[np.float32], rate: int, line: str, seed: int,
            workdir: Path) -> npt.NDArray[np.float32]:
    """(n, 2) at WORK_RATE -> (m, 2) at ``rate`` through ``line``."""
    rng = np.random.default_rng(seed)
    cols = []
    for ch in range(2):
        src = workdir / "full.wav"
        sf.write(src, x[:, ch], WORK_RATE, subtype="FLOAT")
        res = workdir / "res.wav"
        subprocess.run(["sox", "-V1", "-D", str(src), "-e", "floating-point", "-b", "32", str(res), "rate", "-v",
                        str(rate)], check=True)
        y, _ = sf.read(res, dtype="float32")
        cols.append(y)
    y2 = np.stack(cols, axis=1)  # (m, 2)
    if line == "echo_noise":  # the far side leaks in, 28 dB down and 60 ms late
        d = int(0.06 * rate)
        leak = np.zeros_like(y2)
        leak[d:, 0], leak[d:, 1] = y2[:-d, 1], y2[:-d, 0]
        y2 = y2 + 10 ** (-28 / 20) * leak
    if "noise" in line:  # line hiss about 30 dB under the speech
        y2 = y2 + rng.normal(0, 10 ** (-50 / 20), y2.shape).astype(np.float32)
    if line in ("opus", "mp3", "ulaw", "gsm", "noise_ulaw"):
        y2 = np.stack([_codec(y2[:, ch], rate, line, workdir) for ch in range(2)], axis=1)
    return np.clip(y2, -1, 1).astype(np.float32)


def build(out: Path = OUT, force: bool = False, seed: int = 16) -> dict[str, list[Path]]:
    """Build both splits (skipped when their manifest exists); the FLAC paths per split."""
    made: dict[str, list[Path]] = {}
    for split in SPLITS:
        folder = out / split
        manifest = folder / "manifest.json"
        if manifest.exists() and not force:
            made[split] = [folder / p for p in json.loads(manifest.read_text())["calls"]]
            continue
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            real, synth = asterisk_clips(split), espeak_clips(split, work) + reading_clips(split)
            rng = np.random.default_rng(seed + SPLITS.index(split))
            used: dict[str, int] = {}
            names = []
            for k in range(CALLS_PER_SPLIT):
                pools = {"agent": real, "customer": synth} if k % 2 == 0 else {"agent": synth, "customer": real}
                x, segments = build_call(pools, rng, used)
                events = derive_events(segments)
                for rate, lines in ((8000, LINES_8K), (16000, LINES_16K)):
                    line = lines[k % len(lines)]
                    name = f"{split}{k}_{rate // 1000}k_{line}"
                    y = degrade(x, rate, line, seed * 100 + k, work)
                    sf.write(folder / f"{name}.flac", y, rate, subtype="PCM_16")
                    truth = {"schema": "coach.truth/1", "call": name, "sample_rate": rate, "line": line,
                             "duration_s": round(y.shape[0] / rate, 3), "segments": segments, "events": events}
                    (folder / f"{name}.truth.json").write_text(json.dumps(truth, indent=1))
                    names.append(f"{name}.flac")
        manifest.write_text(json.dumps({"split": split, "seed": seed, "calls": names}, indent=1))
        made[split] = [folder / n for n in names]
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--force", action="store_true", help="rebuild even when the manifest exists")
    args = parser.parse_args()
    for split, paths in build(args.out, args.force).items():
        total = sum(sf.info(p).duration for p in paths)
        print(f"{split}: {len(paths)} calls, {total / 60:.1f} min, in {paths[0].parent}")


if __name__ == "__main__":
    main()


@dataclass(frozen=True)
class HeldOut:
    """One built call: its stereo audio at its own rate and the reference words per role."""

    name: str
    path: Path
    rate: int
    audio: npt.NDArray[np.float32]  # (n, 2), agent left
    truth: dict[str, Any]

    def reference(self, role: str) -> str:
        return " ".join(s["text"] for s in self.truth["segments"] if s["role"] == role)


def load(split: str, rate: int | None = None, out: Path = OUT) -> list[HeldOut]:
    """The calls of ``split`` (built first if missing), those at ``rate`` only when given."""
    calls = []
    for path in build(out)[split]:
        x, sr = sf.read(path, dtype="float32", always_2d=True)
        if rate is None or sr == rate:
            truth = json.loads(path.with_suffix("").with_suffix(".truth.json").read_text())
            calls.append(HeldOut(path.stem, path, sr, x, truth))
    return calls
