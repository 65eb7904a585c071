"""Where a live call's CPU goes, stage by stage, on the held-out calls.

Usage: .venv/bin/python -m benchmarks.live_costs [--set tune|test]

The live path of :mod:`coach.live` run in one thread, unpaced (CPU time does not depend on the
pace): role split and resampling to 16 kHz, the speech stage (leak canceller + Silero VAD per
channel), prosody, the transcribers (their own endpointer VAD and bookkeeping, and Whisper's
passes, timed apart through a wrapper around the engine) and the analyzers. Each figure is CPU
seconds per second of call, both channels together. Passes are counted by kind; "re-read" is the
share of the audio given to Whisper that was already committed (the acoustic context a pass
decodes again, since each pass starts at its utterance's start).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import coach  # noqa: E402,F401 - offline switches before any model library loads

# isort: split
from audio.roles import RoleSplitter  # noqa: E402
from benchmarks.live_calls import HeldOut, load  # noqa: E402
from coach.analyze.coach import CallCoach  # noqa: E402
from coach.analyze.prosody import ProsodyTracker  # noqa: E402
from coach.asr.stream import StreamingTranscriber  # noqa: E402
from coach.asr.whisper import Hypothesis, WhisperEngine  # noqa: E402
from coach.config import CoachConfig, load_config  # noqa: E402
from coach.live import LiveModels  # noqa: E402
from coach.speech.channels import ChannelSpeech  # noqa: E402
from coach.vocab import ROLES, Chunk  # noqa: E402

STAGES = ("resample", "speech (leak + VAD)", "prosody", "ASR endpointer + bookkeeping", "Whisper passes", "analyzers")


class TimedEngine:
    """The engine with its CPU time counted (the transcribers call only ``transcribe``)."""

    def __init__(self, engine: WhisperEngine) -> None:
        self.engine = engine
        self.cpu_s = 0.0

    def transcribe(self, *args: Any, **kwargs: Any) -> Hypothesis:
        t0 = time.process_time()
        try:
            return self.engine.transcribe(*args, **kwargs)
        finally:
            self.cpu_s += time.process_time() - t0


def costs(call: HeldOut, config: CoachConfig,
          models: LiveModels) -> tuple[dict[str, float], Counter[str], float, float]:
    """CPU seconds per stage for one call; passes by kind; audio decoded and re-read, seconds."""
    engine = TimedEngine(models.whisper)
    splitter = RoleSplitter(call.rate, config.audio)
    speech = ChannelSpeech(models.silero, config.vad, echo=config.echo)
    prosody = ProsodyTracker(ROLES, config.prosody)
    asr = {r: StreamingTranscriber(r, engine, models.silero, config.asr) for r in ROLES}  # type: ignore[arg-type]
    analyzers = CallCoach(config)
    spent = dict.fromkeys(STAGES, 0.0)
    step = call.rate // 10

    def timed(stage: str, f: Any, *args: Any) -> Any:
        t0 = time.process_time()
        out = f(*args)
        spent[stage] += time.process_time() - t0
        return out

    for i in range(0, call.audio.shape[0], step):
        audio = timed("resample", splitter.push, Chunk(i / call.rate, call.audio[i:i + step], call.rate))
        update = timed("speech (leak + VAD)", speech.push, audio)
        frames = timed("prosody", prosody.push, audio)
        words = []
        for role in ROLES:
            for u in timed("ASR endpointer + bookkeeping", asr[role].push, audio[role]):
                words += u.committed
        timed("analyzers", analyzers.push, update, words, frames)
        timed("analyzers", analyzers.ongoing, speech.settled())
    for role in ROLES:
        timed("ASR endpointer + bookkeeping", asr[role].finish)
    spent["ASR endpointer + bookkeeping"] -= engine.cpu_s
    spent["Whisper passes"] = engine.cpu_s
    kinds: Counter[str] = Counter()
    for tr in asr.values():
        kinds.update(tr.pass_kinds)
    return (spent, kinds, sum(t.decoded_s for t in asr.values()), sum(t.redecoded_s for t in asr.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--set", default="tune", choices=("tune", "test"))
    args = parser.parse_args()
    config = load_config()
    models = LiveModels.load(config)
    print(f"CPU s per s of call, both channels, held-out '{args.set}' calls, one thread, unpaced")
    print("| rate | " + " | ".join(STAGES) + " | total | passes/min (partial, pause, final) | decoded s/s | re-read |")
    print("|" + "---|" * (len(STAGES) + 5))
    for rate in (8000, 16000):
        total = dict.fromkeys(STAGES, 0.0)
        kinds: Counter[str] = Counter()
        duration = decoded = reread = 0.0
        for call in load(args.set, rate):
            spent, k, d, r = costs(call, config, models)
            for s in STAGES:
                total[s] += spent[s]
            kinds.update(k)
            decoded, reread = decoded + d, reread + r
            duration += call.audio.shape[0] / rate
        per = [total[s] / duration for s in STAGES]
        m = duration / 60
        print(f"| {rate} | " + " | ".join(f"{x:.3f}" for x in per) + f" | {sum(per):.3f} "
              f"| {kinds['partial'] / m:.0f}, {kinds['pause'] / m:.0f}, {kinds['final'] / m:.0f} "
              f"| {decoded / duration:.2f} | {reread / max(decoded, 1e-9):.0%} |", flush=True)


if __name__ == "__main__":
    main()
