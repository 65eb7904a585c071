"""Short real calls for the real-pipeline tests, spoken by espeak-ng (as fixtures/calls/generate.py does)."""

from __future__ import annotations

import sqlite3
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soundfile as sf

RATE = 16000
CARD = "4111111111111111"
# How a customer reads a card number out: digit by digit, in groups of four.
DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
CARD_SPOKEN = ", ".join(" ".join(DIGITS[int(d)] for d in CARD[i:i + 4]) for i in range(0, 16, 4))


def _speak(text: str, voice: str, workdir: Path) -> npt.NDArray[np.float32]:
    raw, out = workdir / "raw.wav", workdir / "out.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", "-D", str(raw), "-e", "floating-point", "-b", "32", str(out), "rate", str(RATE)],
                   check=True)
    x, _ = sf.read(out, dtype="float32")
    loud = np.flatnonzero(np.abs(x) > 1e-3)
    x = x[loud[0]: loud[-1] + 1]
    return (x * (0.1 / max(1e-9, float(np.sqrt(np.mean(x ** 2)))))).astype(np.float32)


def make_call(path: Path, lines: list[tuple[str, str]], seed: int = 0) -> Path:
    """A stereo call (agent on channel 0): each (role, text) line after the previous, 0.6 s apart."""
    with tempfile.TemporaryDirectory() as tmp:
        clips = [(role, _speak(text, "en-us+m3" if role == "agent" else "en-us+f3", Path(tmp)))
                 for role, text in lines]
    total = int(RATE * (0.4 + sum(len(c) / RATE + 0.6 for _, c in clips) + 0.4))
    rng = np.random.default_rng(seed)
    audio = (rng.standard_normal((total, 2)) * 3e-4).astype(np.float32)
    at = int(0.4 * RATE)
    for role, clip in clips:
        ch = 0 if role == "agent" else 1
        audio[at:at + len(clip), ch] += clip
        at += len(clip) + int(0.6 * RATE)
    sf.write(path, audio, RATE, subtype="PCM_16")
    return path


def make_card_call(path: Path) -> Path:
    """A customer reads out a card number and an e-mail address."""
    return make_call(path, [
        ("agent", "Thank you for calling Northwind. Can I have the card number, please?"),
        ("customer", f"Yes. My card number is {CARD_SPOKEN}."),
        ("agent", "Thank you. And your email address?"),
        ("customer", "It is jane dot doe at example dot com."),
    ])


def make_short_call(path: Path) -> Path:
    return make_call(path, [("agent", "Good morning, how can I help you today?"),
                            ("customer", "My parcel has not arrived yet.")], seed=1)


def count_calls(db: Path) -> int:
    """Rows in a history database's calls table; 0 while it does not exist yet (a batch starting)."""
    try:
        con = sqlite3.connect(db, timeout=30)
        try:
            return int(con.execute("SELECT COUNT(*) FROM calls").fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0
