"""Stereo calls with real human voices and exact who-speaks-when truth, for tuning and held-out scoring.

The agent is the recorded voice of Debian's Asterisk prompts (8 kHz, one woman's voice, published
transcripts); the customer is a LibriVox reader or the pocketsphinx cards speaker (recorded) or an
espeak-ng voice. Lines alternate, with backchannels inside long turns (the agent's "oh", the
customer's "mm hmm"), interruptions that start 0.5-0.8 or 1.2-1.5 s before the other party
ends (clear of the talk-over's 1 s), and gaps of 0.6-1.4 s. Each clip is trimmed to its first and
last audible 10 ms frame, so placing it gives the truth segment exactly; truth events come from the
fixtures' own rules (``derive_events``).
Two splits share no seed: ``tune`` (looked at while tuning) and ``test`` (only ever scored). Each
call also has a line degradation drawn from its seed (echo of random gain, delay, direction and path;
a codec; noise; a level gap), named in ``DEGRADED``. Built once into
``$COACH_EVAL_CACHE/realcalls`` (default ``~/.cache/coach-eval/realcalls``), truth beside the audio.

Helpers for loading and speaking come from ``benchmarks/review_asr_sets.py`` (the same recordings).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import soundfile as sf

from benchmarks.review_asr_sets import ASTERISK, _load, _prompts, _recorded_customers, _speak
from fixtures.calls.generate import Line, Placed, derive_events

CACHE = Path(os.environ.get("COACH_EVAL_CACHE", Path.home() / ".cache" / "coach-eval")) / "realcalls"
RATE = 16_000
FRAME = 160
VOICES = ("en-us", "en-gb", "en-us+m3", "en-gb-x-rp+f2", "en-029")
CUSTOMER_LINES = (
    "I was charged twice this month and I would like the extra charge refunded.",
    "My internet has been dropping every evening since last Tuesday.",
    "I already called about this yesterday and nobody called me back.",
    "Can you tell me when the technician is going to arrive?",
    "The order number is on the email you sent me this morning.",
    "I moved last week and I need to change the address on my account.",
    "That is not what the person on the phone told me last time.",
    "Okay, and how long will the refund take to show up?",
)
BACKCHANNELS = ("mm hmm", "uh huh", "right", "okay")
VERSION = 5


def _audible(y: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The clip from its first to its last audible 10 ms frame: within 40 dB of its loudest and 15 dB
    over its own room noise (a LibriVox reading carries its room about 20 dB under the voice)."""
    n = len(y) // FRAME
    db = 10 * np.log10(np.mean(y[: n * FRAME].reshape(n, FRAME) ** 2, axis=1) + 1e-12)
    on = np.flatnonzero(db > max(db.max() - 40, float(np.percentile(db, 10)) + 15, -65))
    return y[on[0] * FRAME: (on[-1] + 1) * FRAME] if len(on) else y


Segment = tuple[str, float, float, str]  # role, start, end, text


def _call(split: str, k: int) -> tuple[npt.NDArray[np.float32], list[Placed], list[Segment]]:
    """(n, 2) 16 kHz audio, the lines (turn-taking truth) and the audible segments (speech truth:
    the two prompts of one agent line, with the pause between them, are two segments)."""
    rng = random.Random(f"realcalls-{split}-{k}")
    parity = 0 if split == "tune" else 1
    prompts = [p for i, p in enumerate(_prompts()) if i % 2 == parity]
    customers = [c for i, c in enumerate(_recorded_customers()) if i % 2 == parity]
    voice, speed = rng.choice(VOICES), rng.choice((150, 170))
    oh = _audible(_load(str(ASTERISK / "digits" / "oh.wav")))
    lines: list[tuple[Line, npt.NDArray[np.float32]]] = []
    segments: list[Segment] = []
    floor_end, last_len = 0.0, 0.0  # end and length of the last line that holds the floor
    for i in range(rng.randint(8, 11)):
        if i % 2 == 0:
            picks = rng.sample(prompts, rng.choice((1, 2)))
            clips = [_audible(_load(w)) for w, _ in picks]
            gap = np.zeros(int(rng.uniform(0.2, 0.4) * RATE), dtype=np.float32)
            audio = np.concatenate([c if j == 0 else np.concatenate([gap, c]) for j, c in enumerate(clips)])
            role, text = "agent", " ".join(x for _, x in picks)
            offsets = np.cumsum([0] + [len(c) + len(gap) for c in clips])
            parts = [(int(o), int(o) + len(c), x) for o, c, (_, x) in zip(offsets, clips, picks)]
        elif rng.random() < 0.4:
            wav, text = rng.choice(customers)
            audio, role = _audible(_load(wav)), "customer"
            parts = [(0, len(audio), text)]
        else:
            text = rng.choice(CUSTOMER_LINES)
            audio, role = _audible(_speak(text, voice, speed)), "customer"
            parts = [(0, len(audio), text)]
        if last_len > 2.5 and rng.random() < 0.3:
            # Cuts in before the other party is done: clearly under or over the 1 s of a talk-over.
            start = floor_end - rng.choice((rng.uniform(0.5, 0.8), rng.uniform(1.2, 1.5)))
        else:
            start = max(0.5, floor_end + rng.uniform(0.6, 1.4))
        start = round(start * RATE) / RATE
        lines.append((Line(role, text, at=start), audio))
        segments += [(role, start + a / RATE, start + b / RATE, x) for a, b, x in parts]
        duration = len(audio) / RATE
        if duration > 3.8 and rng.random() < 0.5:  # the listener backchannels inside the turn
            other = "customer" if role == "agent" else "agent"
            bc = oh if other == "agent" else _audible(_speak(rng.choice(BACKCHANNELS), voice, speed))
            at = round((max(start, floor_end) + rng.uniform(0.8, 1.3)) * RATE) / RATE  # after the other's line
            if at + len(bc) / RATE <= start + duration - 1.6:  # well inside the turn, before any cut-in
                lines.append((Line(other, "oh" if other == "agent" else "mm hmm", at=at, backchannel=True), bc))
                segments.append((other, at, at + len(bc) / RATE, lines[-1][0].text))
        floor_end, last_len = start + duration, duration
    placed = [Placed(i, line, line.at or 0.0, (line.at or 0.0) + len(x) / RATE) for i, (line, x) in enumerate(lines)]
    n = int((max(p.end for p in placed) + 1.0) * RATE)
    x = np.zeros((n, 2), dtype=np.float32)
    gains = {"agent": 10 ** (rng.uniform(-3, 3) / 20), "customer": 10 ** (rng.uniform(-3, 3) / 20)}
    for p, (_, audio) in zip(placed, lines):
        i = int(round(p.start * RATE))
        x[i: i + len(audio), 0 if p.line.role == "agent" else 1] += gains[p.line.role] * audio
    x += (np.random.default_rng(k + 1000 * parity).standard_normal(x.shape) * 10 ** (-72 / 20)).astype(np.float32)
    return np.clip(x, -1, 1), placed, segments


def degradation(split: str, k: int) -> str:
    """The line condition drawn for this call (``tests/speech/degrade.py`` spec)."""
    rng = random.Random(f"realcalls-line-{split}-{k}")
    kind = rng.choice(("echo", "echof", "codec", "noise", "gap"))
    if kind in ("echo", "echof"):
        return f"{kind}:{rng.choice(('a2c', 'c2a'))}:{rng.randint(-30, -12)}:{rng.randint(0, 250)}"
    if kind == "codec":
        return rng.choice(("opus:16", "opus:24", "opus:32", "gsm", "mp3:32", "alaw", "ulaw"))
    if kind == "noise":
        return f"snr:{rng.randint(15, 25)}"
    return f"gap:{rng.randint(10, 20)}"


def build(split: str, k: int) -> tuple[Path, dict[str, Any]]:
    """The call's 8 kHz stereo FLAC and its ``coach.truth/1`` document (built once, then cached)."""
    folder = CACHE / f"v{VERSION}" / split
    wav, truth_path = folder / f"{split}{k:02d}.flac", folder / f"{split}{k:02d}.truth.json"
    if wav.exists() and truth_path.exists():
        return wav, json.loads(truth_path.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    x, placed, segments = _call(split, k)
    tmp = folder / f"{split}{k:02d}.16k.wav"
    sf.write(tmp, x, RATE, subtype="FLOAT")
    subprocess.run(["sox", "-V1", str(tmp), "-r", "8000", "-b", "16", str(wav)], check=True)
    tmp.unlink()
    truth = {
        "schema": "coach.truth/1",
        "audio": {"path": wav.name, "duration_s": round(len(x) / RATE, 3), "sample_rate": 8000, "channels": 2},
        "roles": {"agent": "channel:0", "customer": "channel:1"},
        "segments": [{"role": r, "start": round(a, 3), "end": round(b, 3), "text": t}
                     for r, a, b, t in sorted(segments, key=lambda seg: seg[1])],
        "events": [e for e in derive_events(placed) if e["kind"] != "dead_air"],
    }
    truth_path.write_text(json.dumps(truth, indent=1) + "\n")
    return wav, truth
