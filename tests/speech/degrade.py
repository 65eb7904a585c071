"""Degraded variants of a stereo call, the way real lines deliver them, built with sox and ffmpeg.

Used by the tests (a few representative variants) and ``benchmarks/stereo_degraded.py`` (the whole
grid). A variant is named by a short spec string; the truth of the source call still holds, since
every degradation keeps the timeline (codec delays are trimmed by the decoders and checked):

- ``echo:a2c:-24:120``  the agent's voice leaking into the customer's channel at -24 dB, 120 ms late
  (``c2a``: the customer into the agent's channel). ``echof:...`` sends the leak through a
  telephone-band filter first (a real echo path is not a pure delay).
- ``dualmono``          the two channels mixed and stored twice (a mono recorder's stereo file)
- ``dead:customer``     the call mixed onto the agent's channel, the customer's channel only line noise
- ``opus:24``           each leg through mono Opus at 24 kbit/s (as WebRTC sends each direction);
  ``opusj:24`` one joint-stereo Opus stream (a recorder's file); ``mp3:32`` stereo MP3 at 32 kbit/s;
  ``gsm`` (full rate, per leg); ``alaw``, ``ulaw`` (G.711)
- ``snr:15``            pink line noise 15 dB below each channel's speech
- ``gap:20``            the customer 20 dB quieter than the agent
- ``A+B``               ``A``, then ``B`` on its output (an echo on a noisy line)

Outputs are 8 kHz 16-bit stereo WAV files in a cache folder (``$COACH_EVAL_CACHE``, else
``~/.cache/coach-eval/degraded``), keyed by the source's bytes, the spec and ``VERSION``, so each is built
once; its noise (``snr``, a dead channel's hiss) is drawn from a seed of that key and the channel, and sox's
dither is seeded (``-R``), so a variant is the same file wherever and whenever it is built.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

CACHE = Path(os.environ.get("COACH_EVAL_CACHE", Path.home() / ".cache" / "coach-eval")) / "degraded"
RATE = 8000
VERSION = "4"  # in the cache key: 4 = seeded noise and dither (1 drew new noise on every build)
SPEECH_DBFS = -20.0  # rough active-speech level of the fixtures; SNR noise is set against each channel's RMS

GRID = (
    *(f"echo:{d}:{g}:{ms}" for d in ("c2a", "a2c") for g in (-30, -24, -18, -12) for ms in (0, 40, 120, 250)),
    "dualmono", "dead:customer",
    "opus:16", "opus:24", "opus:32", "gsm", "mp3:32", "alaw", "ulaw",
    "snr:20", "snr:15", "snr:10",
    "gap:20",
)


def _run(*cmd: str) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {proc.stderr.strip()[-400:]}")


def _sox(*args: str) -> None:
    _run("sox", "-V1", "-R", *args)  # -R: sox's dither seeded, so a variant is the same file on every build


def _ffmpeg(*args: str) -> None:
    _run("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args)


def _speech_db(path: Path, channel: int) -> float:
    """Active speech level (dBFS) of one channel: the RMS of its 50 ms frames within 30 dB of the loudest."""
    import numpy as np
    import soundfile as sf

    x, rate = sf.read(path, dtype="float64", always_2d=True)
    hop = rate // 20
    n = len(x) // hop
    frames = x[: n * hop, channel].reshape(n, hop)  # (n, 400)
    db = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    active = db > db.max() - 30
    return float(10 * np.log10(np.mean(frames[active] ** 2)))


def _echo(src: Path, out: Path, spec: list[str], tmp: Path, filtered: bool) -> None:
    direction, gain_db, delay_ms = spec[0], float(spec[1]), float(spec[2])
    # a2c: the agent (channel 1 for sox) leaks into the customer's channel (2), and the reverse.
    source_ch, target_ch = ("1", "2") if direction == "a2c" else ("2", "1")
    leak = tmp / "leak.wav"
    effects = ["remix", source_ch]
    if filtered:
        effects += ["sinc", "300-3400"]  # a band-limited echo path (hybrid / line), not a pure delay
    effects += ["vol", f"{gain_db}dB", "pad", f"{delay_ms / 1000}@0"]
    _sox(str(src), str(leak), *effects)
    merged = tmp / "merged.wav"
    _sox("-M", str(src), str(leak), str(merged))  # channels: agent, customer, leak (a little longer)
    mix = {"1": "1", "2": "2"}
    mix[target_ch] = f"{target_ch},3"
    n = _frames(src)
    _sox(str(merged), str(out), "remix", "-m", mix["1"], mix["2"], "trim", "0", f"{n}s")


def _frames(path: Path) -> int:
    proc = subprocess.run(["soxi", "-s", str(path)], capture_output=True, text=True, check=True)
    return int(proc.stdout.strip())


def _codec(src: Path, out: Path, kind: str, arg: str | None, tmp: Path) -> None:
    if kind in ("alaw", "ulaw"):
        coded = tmp / "g711.wav"
        _sox(str(src), "-e", "a-law" if kind == "alaw" else "u-law", str(coded))
        _sox(str(coded), "-e", "signed-integer", "-b", "16", str(out))
    elif kind == "gsm":  # GSM full rate is mono: each channel coded on its own, as each leg of a call is
        legs = []
        for ch in ("1", "2"):
            gsm = tmp / f"leg{ch}.gsm"
            _sox(str(src), "-r", "8000", "-c", "1", str(gsm), "remix", ch)
            legs.append(tmp / f"leg{ch}.wav")
            _sox(str(gsm), "-e", "signed-integer", "-b", "16", str(legs[-1]))
        _sox("-M", str(legs[0]), str(legs[1]), str(out))
    elif kind == "opus":  # a WebRTC call sends each direction as its own mono Opus stream
        legs = []
        for ch in ("0", "1"):
            coded = tmp / f"leg{ch}.opus"
            _ffmpeg("-i", str(src), "-af", f"pan=mono|c0=c{ch}", "-c:a", "libopus", "-b:a", f"{arg}k", str(coded))
            legs.append(tmp / f"leg{ch}.wav")
            _ffmpeg("-i", str(coded), "-ar", str(RATE), "-ac", "1", "-c:a", "pcm_s16le", str(legs[-1]))
            _fit(legs[-1], _frames(src), tmp)
        _sox("-M", str(legs[0]), str(legs[1]), str(out))
    else:  # one stereo stream (a recorder storing the call): opusj = joint-stereo Opus, mp3
        ext, codec = {"opusj": ("opus", "libopus"), "mp3": ("mp3", "libmp3lame")}[kind]
        coded = tmp / f"coded.{ext}"
        _ffmpeg("-i", str(src), "-c:a", codec, "-b:a", f"{arg}k", str(coded))
        _ffmpeg("-i", str(coded), "-ar", str(RATE), "-ac", "2", "-c:a", "pcm_s16le", str(out))
    _fit(out, _frames(src), tmp)


def _fit(path: Path, frames: int, tmp: Path) -> None:
    """Trim or pad a decoded file to the source's length (codec padding at the end)."""
    fitted = tmp / "fitted.wav"
    n = _frames(path)
    if n == frames:
        return
    if n > frames:
        _sox(str(path), str(fitted), "trim", "0", f"{frames}s")
    else:
        _sox(str(path), str(fitted), "pad", "0", f"{frames - n}s")
    shutil.move(fitted, path)


def _noise(src: Path, out: Path, snr_db: float, tmp: Path, seed: str) -> None:
    """Pink noise ``snr_db`` below each channel's speech level (independent noise per channel)."""
    legs = []
    for ch in (0, 1):
        level = _speech_db(src, ch) - snr_db
        noise = tmp / f"noise{ch}.wav"
        _write(noise, _pink(_frames(src), _rng(seed, ch)) * 0.06)  # scaled to the exact level next
        gain = level - _speech_db(noise, 0)
        leg = tmp / f"noisy{ch}.wav"
        _mix_leg(src, ch, noise, gain, leg, tmp)
        legs.append(leg)
    _sox("-M", str(legs[0]), str(legs[1]), str(out))


def _rng(seed: str, channel: int) -> Any:
    """The noise of one channel of one variant (``seed``: its cache key, of the source's bytes and the spec)
    is drawn from a seed of its own: the same on every build (an unseeded draw made a grid figure move from
    run to run), and independent between channels and between calls, as a real line's is."""
    import numpy as np

    return np.random.default_rng(int.from_bytes(hashlib.sha256(f"{seed}|{channel}".encode()).digest()[:8], "big"))


def _pink(n: int, rng: Any) -> Any:
    """``n`` samples of pink noise (power falling 3 dB an octave, flat under 5 Hz: within 0.3 dB of sox's
    ``pinknoise`` in each octave up to 3.2 kHz, and as steady in 50 ms frames), unit RMS."""
    import numpy as np

    spectrum = np.fft.rfft(rng.standard_normal(n))
    spectrum /= np.sqrt(np.maximum(np.fft.rfftfreq(n, 1 / RATE), 5.0))
    spectrum[0] = 0.0
    x = np.fft.irfft(spectrum, n)
    return x / np.sqrt(np.mean(x**2))


def _write(path: Path, x: Any) -> None:
    import soundfile as sf

    sf.write(path, x, RATE, subtype="PCM_16")


def _mix_leg(src: Path, ch: int, noise: Path, gain_db: float, out: Path, tmp: Path) -> None:
    leg = tmp / f"clean{ch}.wav"
    _sox(str(src), str(leg), "remix", str(ch + 1))
    scaled = tmp / f"scaled{ch}.wav"
    _sox(str(noise), str(scaled), "vol", f"{gain_db}dB")
    _sox("-m", "-v", "1", str(leg), "-v", "1", str(scaled), str(out))  # -v 1: sox -m would halve each


def build(src: Path, spec: str) -> Path:
    """The degraded variant ``spec`` of the stereo call ``src`` (built once, then cached)."""
    if spec == "clean":
        return src
    if "+" in spec:  # one line after another: "echof:a2c:-28:60+snr:35" is an echo, then line noise
        first, rest = spec.split("+", 1)
        return build(build(src, first), rest)
    key = hashlib.sha256(src.read_bytes() + spec.encode() + VERSION.encode()).hexdigest()[:16]
    out = CACHE / f"{src.stem}.{spec.replace(':', '_')}.{key}.wav"
    if out.exists():
        return out
    CACHE.mkdir(parents=True, exist_ok=True)
    kind, *args = spec.split(":")
    with tempfile.TemporaryDirectory(prefix="coach-degrade-") as tmpdir:
        tmp = Path(tmpdir)
        base = tmp / "src.wav"
        _sox(str(src), "-r", str(RATE), "-b", "16", str(base))
        part = tmp / "out.wav"
        if kind in ("echo", "echof"):
            _echo(base, part, args, tmp, filtered=kind == "echof")
        elif kind == "dualmono":
            _sox(str(base), str(part), "remix", "-m", "1,2", "1,2")
        elif kind == "dead":
            live, dead = ("1,2", "0") if args[0] == "customer" else ("0", "1,2")
            _sox(str(base), str(part), "remix", "-m", live, dead)
            _add_floor(part, tmp, key)
        elif kind in ("opus", "opusj", "mp3", "gsm", "alaw", "ulaw"):
            _codec(base, part, kind, args[0] if args else None, tmp)
        elif kind == "snr":
            _noise(base, part, float(args[0]), tmp, key)
        elif kind == "gap":
            _sox(str(base), str(part), "remix", "-m", "1", f"2v{10 ** (-float(args[0]) / 20):.6f}")
        else:
            raise ValueError(f"unknown degradation {spec!r}")
        shutil.move(part, out.with_suffix(".part.wav"))
        os.replace(out.with_suffix(".part.wav"), out)
    return out


def _add_floor(path: Path, tmp: Path, seed: str) -> None:
    """A dead channel still carries a line's faint hiss (white noise, -79 dBFS RMS), never digital zero."""
    import numpy as np

    noise = tmp / "floor.wav"
    n = _frames(path)
    _write(noise, np.stack([_rng(seed, ch).standard_normal(n) * 1.15e-4 for ch in (0, 1)], axis=1))
    mixed = tmp / "floored.wav"
    _sox("-m", "-v", "1", str(path), "-v", "1", str(noise), str(mixed))
    _fit(mixed, _frames(path), tmp)
    shutil.move(mixed, path)
