"""Stereo who-speaks-when on long calls: real-time factor and peak memory for 1, 10, 60 minutes.

Usage: .venv/bin/python -m benchmarks.stereo_long [--minutes 1 10 60]
Each length is a stereo 8 kHz FLAC built by looping the fixture calls (written block by block),
then run in a fresh process: FileSource (block decoding) -> RoleSplitter (resampling) ->
ChannelSpeech (Silero VAD per channel, turns, overlaps). Peak RSS staying flat from 1 to 60
minutes shows memory does not grow with the call.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import soundfile as sf

CALLS = Path(__file__).resolve().parents[1] / "fixtures" / "calls"
LOOP = ("stereo_interrupt", "cold_vs_lively", "upset_no_empathy", "model_empathy")

CHILD = r"""
import json, resource, sys, time
import coach
from pathlib import Path
from audio.roles import RoleSplitter
from audio.sources import FileSource
from coach.config import CoachConfig
from coach.speech.channels import ChannelSpeech
from coach.vad import load_silero
config = CoachConfig()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter(); cpu0 = time.process_time()
turns = overlaps = 0
with FileSource(Path(sys.argv[1]), config.audio) as src:
    split = RoleSplitter(src.sample_rate, config.audio)
    speech = ChannelSpeech(load_silero(), config.vad)
    for chunk in src:
        u = speech.push(split.push(chunk)); turns += len(u.turns); overlaps += len(u.overlaps)
    u = speech.finish(src.info.duration_s); turns += len(u.turns); overlaps += len(u.overlaps)
    duration = src.info.duration_s
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": time.process_time() - cpu0, "duration": duration,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "start_mb": base / 1024, "turns": turns, "overlaps": overlaps}))
"""


def build(minutes: float, out: Path) -> None:
    """Loop the fixture calls into a stereo 8 kHz FLAC of ``minutes``, written block by block."""
    parts = [sf.read(CALLS / f"{name}.flac", dtype="float32", always_2d=True)[0] for name in LOOP]
    need = int(minutes * 60 * 8000)
    written = 0
    with sf.SoundFile(out, "w", samplerate=8000, channels=2, format="FLAC", subtype="PCM_16") as fh:
        i = 0
        while written < need:
            block = parts[i % len(parts)][: need - written]
            fh.write(block)
            written += len(block)
            i += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, nargs="*", default=[1, 10, 60])
    args = parser.parse_args()
    print(f"{'audio':>8} {'wall s':>8} {'RTF':>7} {'CPU/audio':>10} {'peak RSS':>9} {'turns':>6} {'overlaps':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for minutes in args.minutes:
            path = Path(tmp) / f"long_{minutes:g}.flac"
            build(minutes, path)
            proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                                  check=True, cwd=Path(__file__).resolve().parents[1])
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"{minutes:>6g}m {r['wall']:>8.1f} {r['wall'] / r['duration']:>7.4f} "
                  f"{r['cpu'] / r['duration']:>10.4f} {r['peak_mb']:>7.0f}MB {r['turns']:>6} {r['overlaps']:>8}")
            path.unlink()


if __name__ == "__main__":
    main()
