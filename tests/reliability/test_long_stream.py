"""Three hours of audio are decoded block by block, in flat memory, as a review reads them.

A whole `coach review` of three hours takes minutes even with the tiny model, and resampling three
hours alone takes minutes on two cores, so this test runs the stage that reads the file
(FileSource: probe, decode, sanitise, at the review's 1 s blocks) over a 3-hour stereo mu-law WAV
in a fresh process and checks its peak RSS. The whole call held as float32 would be 691 MB; the
limit here is 40 MB over what the process holds after its imports. ``benchmarks/long_review.py``
measures the full review (models included) at 10, 60 and 180 minutes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

from tests.conftest import ROOT

RATE = 8000
HOURS = 3

CHILD = r"""
import json, sys
import numpy as np
import coach
from pathlib import Path
from audio.sources import FileSource
from coach.config import AudioConfig
from coach.review import REVIEW_BLOCK_S
def hwm_mb():
    # This process's own peak (VmHWM): ru_maxrss would start from the parent's peak after fork.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
base = hwm_mb()
frames = 0
loudest = 0.0
with FileSource(Path(sys.argv[1]), AudioConfig(block_s=REVIEW_BLOCK_S)) as src:
    for chunk in src:
        frames += chunk.samples.shape[0]
        loudest = max(loudest, float(np.abs(chunk.samples).max(initial=0.0)))
    duration = src.info.duration_s
print(json.dumps({"frames": frames, "duration": duration, "loudest": loudest,
                  "base_mb": base, "peak_mb": hwm_mb()}))
"""


def _write_three_hours(path: Path) -> int:
    """Low noise on both channels, one 10-minute block at a time (the test never holds the call)."""
    block = RATE * 600
    rng = np.random.default_rng(0)
    noise = (0.002 * rng.standard_normal((block, 2))).astype(np.float32)  # (block, 2), reused
    with sf.SoundFile(path, "w", samplerate=RATE, channels=2, format="WAV", subtype="ULAW") as fh:
        for _ in range(HOURS * 6):
            fh.write(noise)
    return HOURS * 6 * block


def test_three_hours_stream_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "three_hours.wav"
    total = _write_three_hours(path)
    assert path.stat().st_size > total * 2  # 173 MB of mu-law: really three hours on disk
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    assert r["frames"] == total and r["duration"] == HOURS * 3600
    assert 0 < r["loudest"] < 0.05
    grew = r["peak_mb"] - r["base_mb"]
    assert grew < 40, f"peak RSS grew {grew:.0f} MB over {r['base_mb']:.0f} MB while streaming 3 hours"
