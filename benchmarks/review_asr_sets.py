"""Evaluation sets for review ASR, built from real human speech installed on the machine.

Each set is a list of calls with the exact words each role said. Built once into
``~/.cache/coach-eval/review_asr/`` (``$COACH_EVAL_CACHE`` overrides the root), truth beside
the audio (``NAME.json``); the script is the recipe, so nothing large is committed.

* ``sample``: pyannote's real two-speaker telephone call, one speaker per channel (each channel
  keeps the mix only where its speaker talks in the ``.stm``), 8 kHz mu-law, scored against the
  ``.stm``; ``sample-mono``: the original mono file.
* ``real-tune`` / ``real-test``: generated stereo calls whose agent is the recorded voice of the
  Asterisk prompts (their published transcripts are the truth) and whose customer is a LibriVox
  reader or a pocketsphinx speaker (recorded, with transcripts) or espeak-ng; each call goes
  through one line condition (8 kHz PCM, mu-law, 16 kHz, GSM, Opus, MP3, noise, echo). The two
  splits share no recording and no line: ``real-test`` is held out of all tuning. The first
  ``MONO_CALLS`` calls of each split are also mixed down to mono (``real-tune-mono`` /
  ``real-test-mono``), with one voice per role as a real party has: the stereo call gives the
  customer a recorded reader on some turns and espeak-ng on others, and a diarizer rightly hears
  those as different speakers, so the mix speaks every customer turn in the call's espeak-ng voice
  (the same words). Its stereo twin (the same one-voice audio, 16 kHz) is kept beside it, so a mono
  call's per-role WER has a stereo WER of the very same call to be read against.
* ``fixtures``: the synthetic stereo fixtures with their truth; ``fixtures-mono``: the mono
  fixture and two stereo fixtures mixed down.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soundfile as sf

from audio.decode import probe, read_all
from audio.resample import to_rate
from coach.samples import pyannote_sample

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("COACH_EVAL_CACHE", "~/.cache/coach-eval")).expanduser() / "review_asr"
ASTERISK = Path("/usr/share/asterisk/sounds/en_US_f_Allison")
PROMPTS = Path("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz")
PSPHINX = Path("/usr/share/pocketsphinx/test/data")
LINES = Path(__file__).with_name("review_asr_lines.txt")
FIXTURES = ROOT / "fixtures" / "calls"
STEREO_FIXTURES = ("stereo_interrupt", "cold_vs_lively", "upset_no_empathy", "model_empathy")
RATE = 16_000
CONDITIONS = ("pcm8k", "ulaw8k", "pcm16k", "gsm8k", "opus16k", "mp3_8k", "noise_ulaw8k", "echo_pcm8k")
VOICES = ("en-us", "en-gb", "en-us+m3", "en-gb-x-rp+f2", "en-029", "en-gb-scotland+f4")
SHORT_OK = ("Hello.", "Goodbye.", "Sorry.", "Transfer.", "Cancelled.", "Removed.")
MONO_CALLS = 4  # calls of each split mixed down to mono. With 2, the tune mixes' espeak customers were
# male voices only, and the test split's first mix had a female one beside the female agent, which the
# diarizer heard as one speaker (tune03, the same voice, mixed down: the same merge); 4 puts a female
# customer voice in both splits' mono sets.
VERSION = 6  # bump when a recipe changes: the cache is rebuilt


@dataclass(frozen=True)
class EvalCall:
    """One evaluation call: its audio and, per role, the words said in order."""

    set: str
    name: str
    audio: Path
    mono: bool
    reference: dict[str, str]  # role -> text ("agent" = channel 0, "customer" = channel 1)
    condition: str = ""
    stereo: Path | None = None  # a mono mix's stereo twin: the same audio, one role per channel


def shifted(call: EvalCall, k: int, folder: Path) -> EvalCall:
    """The call with its first ``k`` samples (at the file's rate) left out, as float WAV files (no
    rounding): the same words, heard one alignment later. Its stereo twin is shifted alike."""
    if k == 0:
        return call

    def cut(path: Path) -> Path:
        info = probe(path)
        out = folder / f"{path.stem}_shift{k}.wav"
        if not out.exists():
            sf.write(out, read_all(info)[k:], info.sample_rate, subtype="FLOAT")  # (n - k, ch)
        return out

    return replace(call, name=f"{call.name}+{k}", audio=cut(call.audio),
                               stereo=cut(call.stereo) if call.stereo is not None else None)


def _write(call: EvalCall) -> EvalCall:
    meta = {"name": call.name, "audio": str(call.audio), "mono": call.mono, "reference": call.reference,
            "condition": call.condition, "stereo": str(call.stereo) if call.stereo else None}
    (CACHE / call.set / f"{call.name}.json").write_text(json.dumps(meta, indent=1))
    return call


def _read(folder: Path, set_name: str) -> list[EvalCall]:
    calls = []
    for meta_path in sorted(folder.glob("*.json")):
        m = json.loads(meta_path.read_text())
        twin = Path(m["stereo"]) if m.get("stereo") else None
        calls.append(EvalCall(set_name, m["name"], Path(m["audio"]), m["mono"], m["reference"], m["condition"], twin))
    return calls


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", *args], check=True)


def _encode(x: npt.NDArray[np.float32], condition: str, out_stem: Path, seed: int) -> Path:
    """(n, ch) 16 kHz float -> a file the way a phone line delivers it."""
    rng = np.random.default_rng(seed)
    x = x.copy()
    if condition.startswith("echo") and x.shape[1] == 2:
        d = int(0.12 * RATE)  # each side hears the other faintly, late (a hybrid's echo)
        leak = np.zeros_like(x)
        leak[d:, 0], leak[d:, 1] = 0.05 * x[:-d, 1], 0.07 * x[:-d, 0]
        x += leak
    if condition.startswith("noise"):
        level = np.sqrt(np.mean(x[np.abs(x) > 0.01] ** 2)) if np.any(np.abs(x) > 0.01) else 0.05
        x += rng.normal(0.0, level / 10 ** (15 / 20), x.shape).astype(np.float32)  # 15 dB SNR
    x = np.clip(x, -0.99, 0.99).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.wav"
        sf.write(src, x, RATE, subtype="FLOAT")
        if condition == "pcm16k":
            out = out_stem.with_suffix(".flac")
            _ffmpeg("-i", str(src), "-c:a", "flac", "-sample_fmt", "s16", str(out))
        elif condition in ("pcm8k", "echo_pcm8k"):
            out = out_stem.with_suffix(".wav")
            _ffmpeg("-i", str(src), "-ar", "8000", "-c:a", "pcm_s16le", str(out))
        elif condition in ("ulaw8k", "noise_ulaw8k"):
            out = out_stem.with_suffix(".wav")
            _ffmpeg("-i", str(src), "-ar", "8000", "-c:a", "pcm_mulaw", str(out))
        else:  # each leg through its codec alone, as a phone system codes each party's stream
            parts = []
            for c in range(x.shape[1]):
                leg = Path(tmp) / f"leg{c}.wav"
                sf.write(leg, x[:, c], RATE, subtype="FLOAT")
                parts.append(_leg(leg, condition, Path(tmp) / f"c{c}"))
            n = min(len(p) for p in parts)
            out = out_stem.with_suffix(".wav")
            rate = 16000 if condition == "opus16k" else 8000
            sf.write(out, np.stack([p[:n] for p in parts], axis=1), rate, subtype="PCM_16")
    return out


def _leg(src: Path, condition: str, stem: Path) -> npt.NDArray[np.float32]:
    """One mono leg through GSM full rate, Opus 16 kbit/s or MP3 24 kbit/s and back."""
    back = stem.with_suffix(".back.wav")
    if condition == "gsm8k":
        g = stem.with_suffix(".gsm")
        # -D: sox dithers by default, with fresh noise each run (the set was not the same twice)
        subprocess.run(["sox", "-D", str(src), "-r", "8000", str(g)], check=True)
        subprocess.run(["sox", "-D", str(g), "-e", "signed", "-b", "16", str(back)], check=True)
    else:
        lib, bits, rate, ext = {"opus16k": ("libopus", "16k", "16000", "ogg"),
                                "mp3_8k": ("libmp3lame", "24k", "8000", "mp3")}[condition]
        coded = stem.with_suffix(f".{ext}")
        _ffmpeg("-i", str(src), "-ar", rate if ext == "mp3" else "48000", "-c:a", lib, "-b:a", bits, str(coded))
        _ffmpeg("-i", str(coded), "-ar", rate, "-c:a", "pcm_s16le", str(back))
    return sf.read(back, dtype="float32")[0]


def _prompts() -> list[tuple[str, str]]:
    """(wav path, text) of the top-level Asterisk prompts that are speech with a plain transcript."""
    out = []
    with gzip.open(PROMPTS, "rt", encoding="utf-8") as f:
        text_lines = f.readlines()
    for line in text_lines:
        name, sep, text = line.partition(":")
        text = text.strip()
        wav = ASTERISK / f"{name.strip()}.wav"
        if not sep or "/" in name or not wav.exists() or not text or "[" in text or "..." in text:
            continue
        if len(text.split()) > 28 or (len(text.split()) < 2 and text not in SHORT_OK):
            continue  # a lone word out of context ("For.") is a guess for any recogniser
        out.append((str(wav), text))
    return sorted(out)


def _recorded_customers() -> list[tuple[str, str]]:
    """(wav, text): LibriVox readings and the pocketsphinx cards speaker."""
    out = []
    for line in (PSPHINX / "librivox" / "transcription").read_text().splitlines():
        text, _, rest = line.partition("</s>")
        out.append((str(PSPHINX / "librivox" / f"{rest.strip(' ()')}.wav"), text.replace("<s>", "").strip()))
    for line in (PSPHINX / "cards" / "cards.transcription").read_text().splitlines():
        text, _, rest = line.partition("</s>")
        out.append((str(PSPHINX / "cards" / f"{rest.strip(' ()')}.wav"), text.replace("<s>", "").strip()))
    return out


def _load(path: str) -> npt.NDArray[np.float32]:
    x, sr = sf.read(path, dtype="float32", always_2d=True)
    y = to_rate(x[:, 0], sr)
    return (y / max(1e-4, float(np.sqrt(np.mean(y ** 2)))) * 0.08).astype(np.float32)  # one speech level


def _speak(text: str, voice: str, speed: int) -> npt.NDArray[np.float32]:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "s.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text], check=True)
        y = _load(str(wav))
    on = np.flatnonzero(np.abs(y) > 0.01)
    return y[max(0, on[0] - 800): on[-1] + 800] if len(on) else y


def _trim(y: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    on = np.flatnonzero(np.abs(y) > 0.01)
    return y[max(0, on[0] - 1600): on[-1] + 1600] if len(on) else y


def _real_call(split: str, k: int, prompts: list[tuple[str, str]], customers: list[tuple[str, str]],
               lines: list[str], one_voice: bool = False) -> tuple[npt.NDArray[np.float32], dict[str, str]]:
    """(n, 2) 16 kHz: alternating turns, agent (Asterisk voice) first, a short closing turn last.

    ``one_voice``: the customer's recorded turns are spoken by the call's espeak-ng voice instead
    (the same words and the same random draws, each decided on the recorded turn's length, so the
    call is otherwise the same: its turns follow one another as they do in the stereo call)."""
    rng = random.Random(f"{split}-{k}")
    voice = VOICES[(k + (3 if split == "test" else 0)) % len(VOICES)]
    speed = rng.choice((150, 165, 180))
    turns: list[tuple[str, npt.NDArray[np.float32], str]] = []
    spoken: dict[int, npt.NDArray[np.float32]] = {}  # one_voice: turn index -> the espeak-ng rendering
    n_turns = rng.randint(8, 11)
    for i in range(n_turns):
        if i % 2 == 0:
            picks = rng.sample(prompts, rng.choice((1, 1, 2)))
            clips = [_trim(_load(w)) for w, _ in picks]
            gap = np.zeros(int(rng.uniform(0.2, 0.5) * RATE), dtype=np.float32)
            audio = np.concatenate([c if j == 0 else np.concatenate([gap, c]) for j, c in enumerate(clips)])
            turns.append(("agent", audio, " ".join(t for _, t in picks)))
        elif rng.random() < 0.35:
            wav, text = rng.choice(customers)
            if one_voice:
                spoken[len(turns)] = _speak(text, voice, speed)
            turns.append(("customer", _trim(_load(wav)), text))
        else:
            text = rng.choice(lines)
            turns.append(("customer", _speak(text, voice, speed), text))
    if turns[-1][0] == "agent":  # a short closing turn by the customer, the one review ASR used to drop
        text = rng.choice([t for t in lines if len(t.split()) <= 2] or lines)
        turns.append(("customer", _speak(text, voice, speed), text))
    t = 0.5
    placed = []
    for i, (role, audio, text) in enumerate(turns):
        said = spoken.get(i, audio)
        placed.append((role, int(t * RATE), said, text))
        overlap = rng.random() < 0.2 and len(audio) > 2 * RATE
        t += len(said) / RATE + (-0.6 if overlap else rng.uniform(0.3, 1.2))
    n = max(s + len(a) for _, s, a, _ in placed) + RATE
    x = np.zeros((n, 2), dtype=np.float32)
    gains = {"agent": 10 ** (rng.uniform(-6, 3) / 20), "customer": 10 ** (rng.uniform(-6, 3) / 20)}
    ref: dict[str, list[str]] = {"agent": [], "customer": []}
    for role, start, audio, text in placed:
        c = 0 if role == "agent" else 1
        x[start:start + len(audio), c] += gains[role] * audio
        ref[role].append(text)
    return x, {r: " ".join(v) for r, v in ref.items()}


def _sample_stereo(folder: Path) -> list[EvalCall]:
    sample = pyannote_sample()
    x, sr = sf.read(sample.wav, dtype="float32", always_2d=True)
    mono = to_rate(x[:, 0], sr)
    lines = sorted(sample.transcript, key=lambda t: t.start)
    speakers = list(dict.fromkeys(line.speaker for line in lines))  # first to speak = channel 0, "agent"
    st = np.zeros((len(mono), 2), dtype=np.float32)
    for line in lines:
        c = speakers.index(line.speaker)
        a, b = max(0, int((line.start - 0.15) * RATE)), int((line.end + 0.15) * RATE)
        st[a:b, c] = mono[a:b]
    ref = {role: " ".join(line.text for line in lines if line.speaker == speakers[c])
           for c, role in enumerate(("agent", "customer"))}
    audio = _encode(st, "ulaw8k", folder / "sample_ulaw8k", 0)
    return [_write(EvalCall("sample", "sample_ulaw8k", audio, False, ref, "ulaw8k"))]


def build(force: bool = False) -> dict[str, list[EvalCall]]:
    """Every set (built into the cache once; ``force`` rebuilds)."""
    stamp = CACHE / f"built-v{VERSION}"
    names = ("sample", "sample-mono", "real-tune", "real-tune-mono", "real-test", "real-test-mono",
             "fixtures", "fixtures-mono")
    if stamp.exists() and not force:
        return {s: _read(CACHE / s, s) for s in names}
    for s in names:
        (CACHE / s).mkdir(parents=True, exist_ok=True)
        for old in (CACHE / s).iterdir():
            old.unlink()
    _sample_stereo(CACHE / "sample")
    sample = pyannote_sample()
    lines_sorted = sorted(sample.transcript, key=lambda t: t.start)
    speakers = list(dict.fromkeys(line.speaker for line in lines_sorted))
    _write(EvalCall("sample-mono", "sample_mono", sample.wav, True,
                    {role: " ".join(line.text for line in lines_sorted if line.speaker == speakers[c])
                     for c, role in enumerate(("agent", "customer"))}))
    prompts, customers = _prompts(), _recorded_customers()
    lines = [ln for ln in LINES.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    for split, parity in (("tune", 0), ("test", 1)):
        p = [x for i, x in enumerate(prompts) if i % 2 == parity]
        c = [x for i, x in enumerate(customers) if i % 2 == parity]
        ln = [x for i, x in enumerate(lines) if i % 2 == parity]
        for k, condition in enumerate(CONDITIONS):
            x, ref = _real_call(split, k, p, c, ln)
            name = f"{split}{k:02d}_{condition}"
            audio = _encode(x, condition, CACHE / f"real-{split}" / name, k)
            _write(EvalCall(f"real-{split}", name, audio, False, ref, condition))
            if k < MONO_CALLS:
                one, one_ref = _real_call(split, k, p, c, ln, one_voice=True)
                assert one_ref == ref, name
                m = _encode(one.mean(axis=1, keepdims=True), "pcm16k", CACHE / f"real-{split}-mono" / name, k)
                twin = _encode(one, "pcm16k", CACHE / f"real-{split}-mono" / f"{name}_stereo", k)
                _write(EvalCall(f"real-{split}-mono", name, m, True, ref, "mono pcm16k, one voice per role", twin))
    for name in STEREO_FIXTURES:
        truth = json.loads((FIXTURES / f"{name}.truth.json").read_text())
        ref = {r: " ".join(s["text"] for s in truth["segments"] if s["role"] == r) for r in ("agent", "customer")}
        _write(EvalCall("fixtures", name, FIXTURES / f"{name}.flac", False, ref))
    mono_truth = json.loads((FIXTURES / "mono_interrupt.truth.json").read_text())
    _write(EvalCall("fixtures-mono", "mono_interrupt", FIXTURES / "mono_interrupt.flac", True,
                    {r: " ".join(s["text"] for s in mono_truth["segments"] if s["role"] == r)
                     for r in ("agent", "customer")}))
    for name in ("stereo_interrupt", "upset_no_empathy"):
        x, sr = sf.read(FIXTURES / f"{name}.flac", dtype="float32", always_2d=True)
        out = CACHE / "fixtures-mono" / f"{name}_mix.wav"
        sf.write(out, x.mean(axis=1), sr, subtype="PCM_16")
        truth = json.loads((FIXTURES / f"{name}.truth.json").read_text())
        _write(EvalCall("fixtures-mono", f"{name}_mix", out, True,
                        {r: " ".join(s["text"] for s in truth["segments"] if s["role"] == r)
                         for r in ("agent", "customer")}))
    stamp.write_text("ok\n")
    return {s: _read(CACHE / s, s) for s in names}


if __name__ == "__main__":
    for set_name, calls in build(force=True).items():
        print(set_name, len(calls), [c.name for c in calls])
