"""Where a live call's CPU goes, stage by stage, on the held-out calls; and issue 16's four figures.

Usage: .venv/bin/python -m benchmarks.live_costs [--set tune|test]

The live path of :mod:`coach.live` run in one thread, unpaced (CPU time does not depend on the
pace): role split and resampling to 16 kHz, the speech stage (leak canceller + Silero VAD per
channel), prosody, the transcribers (their own endpointer VAD and bookkeeping, and Whisper's
passes, timed apart through a wrapper around the engine) and the analyzers. Each figure is CPU
seconds per second of call, both channels together. Passes are counted by kind; "re-read" is the
share of the audio given to Whisper that was already committed (the acoustic context a pass
decodes again, since each pass starts at its utterance's start).

It also gives the latency the live path would have with the ASR thread on a core of its own: a
virtual clock that audio advances in real time and the transcribers' CPU time advances further
(the ASR thread's backlog is the clock's lead over the audio, and it coarsens the transcribers as
live), so a word's latency = the clock when it was committed - its end in the audio; and the WER
of those words. Unlike the real-time replay's (``benchmarks.asr_stream --live``), it does not
depend on what else runs on the machine, only on how fast one core of it is. As live, a stereo
call's start waits for the channel check (:class:`coach.pipeline_live.ChannelHold`): audio held
there reaches the stages, and its words the clock, when the hold lets it go ("start held").

In the same run, per rate: plain tiny.en (``transcribe(beam_size=1, vad_filter=True)`` over each
whole channel, the same loaded model; its CPU is not in the stages' figures), and the lag of the
nudges that come from who speaks when (interruption, customer interruption, talk-over, dead air:
the end of the chunk whose arrival let the analyzers decide, minus the moment the rule was met,
as ``benchmarks.nudge_timing --unpaced``; the speech stage runs on its own thread live and costs
0.03 of a core, so it does not wait for the transcribers).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import coach  # noqa: E402,F401 - offline switches before any model library loads

# isort: split
import numpy as np  # noqa: E402

from audio.resample import to_rate  # noqa: E402
from audio.roles import RoleSplitter  # noqa: E402
from benchmarks.live_calls import HeldOut, load  # noqa: E402
from benchmarks.nudge_timing import Timed, nudge_lags  # noqa: E402
from coach.analyze.coach import CallCoach  # noqa: E402
from coach.analyze.prosody import ProsodyTracker  # noqa: E402
from coach.asr.stream import StreamingTranscriber  # noqa: E402
from coach.asr.whisper import Hypothesis, WhisperEngine  # noqa: E402
from coach.config import CoachConfig, load_config  # noqa: E402
from coach.evaluate import edit_distance, normalize_words  # noqa: E402
from coach.models import Models  # noqa: E402
from coach.pipeline_live import ChannelHold, live_engine  # noqa: E402
from coach.speech.channels import ChannelSpeech  # noqa: E402
from coach.vocab import ROLES, Chunk, Word  # noqa: E402

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


@dataclass
class Run:
    spent: dict[str, float]  # CPU seconds per stage
    kinds: Counter[str]  # passes by kind
    decoded_s: float  # audio given to Whisper
    reread_s: float  # of which already committed
    latencies: list[float]  # per committed word, on the one-core clock
    errors: int
    ref_words: int
    held_s: float  # how long the channel check held the call's start
    plain_errors: int  # plain tiny.en over each whole channel
    plain_cpu_s: float
    nudges: list[Timed]  # nudges from who speaks when, against their rule


def costs(call: HeldOut, config: CoachConfig, models: Models) -> Run:
    """One call through the live path in one thread (see the module doc)."""
    engine = TimedEngine(live_engine(config, models))
    splitter = RoleSplitter(call.rate, config.audio)
    speech = ChannelSpeech(models.silero, config.vad, echo=config.echo)
    prosody = ProsodyTracker(ROLES, config.prosody)
    asr = {r: StreamingTranscriber(r, engine, models.silero, config.asr) for r in ROLES}  # type: ignore[arg-type]
    analyzers = CallCoach(config)
    spent = dict.fromkeys(STAGES, 0.0)
    step = call.rate // 10
    clock = 0.0  # the ASR thread's clock: audio time, plus what its pushes cost beyond it
    latencies: list[float] = []
    said: dict[str, list[Word]] = {r: [] for r in ROLES}

    def timed(stage: str, f: Any, *args: Any) -> Any:
        t0 = time.process_time()
        out = f(*args)
        spent[stage] += time.process_time() - t0
        return out

    def step_call(chunk: Chunk, arrived: float, clock: float) -> float:
        """One chunk through the stages, ``arrived`` on the audio clock; the ASR thread's clock after it."""
        audio = timed("resample", splitter.push, chunk)
        update = timed("speech (leak + VAD)", speech.push, audio)
        frames = timed("prosody", prosody.push, audio)
        words: list[Word] = []
        clock = max(clock, arrived)
        for role in ROLES:
            t0 = time.process_time()
            updates = timed("ASR endpointer + bookkeeping", asr[role].push, audio[role], clock - arrived)
            clock += time.process_time() - t0
            for u in updates:
                words += u.committed
                said[role] += u.committed
                latencies.extend(clock - w.end for w in u.committed)
        events = timed("analyzers", analyzers.push, update, words, frames)
        timed("analyzers", analyzers.ongoing, speech.settled())
        got.extend((arrived, item) for item in events + analyzers.take_nudges())
        return clock

    got: list[tuple[float, object]] = []  # the analyzers' events and nudges, at the chunk that let them out
    hold: ChannelHold | None = ChannelHold(call.rate, config)  # as live: the channel check holds the start
    held_s = 0.0
    for i in range(0, call.audio.shape[0], step):
        arrived = min(i + step, call.audio.shape[0]) / call.rate
        ready = [Chunk(i / call.rate, call.audio[i:i + step], call.rate)]
        if hold is not None:
            ready, verdict = timed("resample", hold.push, ready[0])
            if verdict is not None and not verdict.stereo:
                raise SystemExit(f"{call.name}: the channel check found a mono call ({verdict.reason})")
            if ready:
                hold, held_s = None, arrived - ready[0].start
        for chunk in ready:
            clock = step_call(chunk, arrived, clock)
    for role in ROLES:
        for u in timed("ASR endpointer + bookkeeping", asr[role].finish):
            said[role] += u.committed
            latencies += [clock - w.end for w in u.committed]
    end = call.audio.shape[0] / call.rate
    events = analyzers.push(speech=speech.finish(end)) + analyzers.finish(end)
    got.extend((end, item) for item in events + analyzers.take_nudges())
    spent["ASR endpointer + bookkeeping"] -= engine.cpu_s
    spent["Whisper passes"] = engine.cpu_s
    kinds: Counter[str] = Counter()
    for tr in asr.values():
        kinds.update(tr.pass_kinds)
    errors = refs = plain_errors = 0
    plain_cpu = 0.0
    for col, role in enumerate(ROLES):
        ref = normalize_words(call.reference(role))
        errors += edit_distance(ref, normalize_words(" ".join(w.text for w in said[role])))
        refs += len(ref)
        t0 = time.process_time()
        segs, _ = engine.engine.model.transcribe(to_rate(call.audio[:, col], call.rate), language="en",
                                                 beam_size=1, vad_filter=True)
        plain_errors += edit_distance(ref, normalize_words(" ".join(seg.text for seg in segs)))
        plain_cpu += time.process_time() - t0
    return Run(spent, kinds, sum(t.decoded_s for t in asr.values()), sum(t.redecoded_s for t in asr.values()),
               latencies, errors, refs, held_s, plain_errors, plain_cpu, nudge_lags(call.name, got, config)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--set", default="tune", choices=("tune", "test"))
    args = parser.parse_args()
    config = load_config()
    models = Models(config.models)
    print(f"CPU s per s of call, both channels, held-out '{args.set}' calls, one thread, unpaced")
    print("| rate | " + " | ".join(STAGES) + " | total | passes/min (partial, pause, final) | decoded s/s | re-read "
          "| WER live | WER plain | live / plain | p50 s | p95 s | max s (one-core clock) "
          "| nudge lag max s (<= 0.25 s) | start held s (max) |")
    print("|" + "---|" * (len(STAGES) + 13))
    for rate in (8000, 16000):
        runs = [costs(call, config, models) for call in load(args.set, rate)]
        duration = sum(c.audio.shape[0] / rate for c in load(args.set, rate))
        per = [sum(r.spent[s] for r in runs) / duration for s in STAGES]
        kinds: Counter[str] = Counter()
        for r in runs:
            kinds.update(r.kinds)
        decoded = sum(r.decoded_s for r in runs)
        lat = np.array([x for r in runs for x in r.latencies])
        errors, plain, refs = (sum(r.errors for r in runs), sum(r.plain_errors for r in runs),
                               sum(r.ref_words for r in runs))
        lags = [t.lag for r in runs for t in r.nudges if not t.yielded]
        m = duration / 60
        print(f"| {rate} | " + " | ".join(f"{x:.3f}" for x in per) + f" | {sum(per):.3f} "
              f"| {kinds['partial'] / m:.0f}, {kinds['pause'] / m:.0f}, {kinds['final'] / m:.0f} "
              f"| {decoded / duration:.2f} | {sum(r.reread_s for r in runs) / max(decoded, 1e-9):.0%} "
              f"| {errors / refs:.3f} | {plain / refs:.3f} | {errors / max(plain, 1):.2f} "
              f"| {np.percentile(lat, 50):.2f} | {np.percentile(lat, 95):.2f} | {lat.max():.2f} "
              f"| {max(lags, default=float('nan')):.2f} ({sum(x <= 0.25 for x in lags)} of {len(lags)}) "
              f"| {max(r.held_s for r in runs):.1f} |", flush=True)


if __name__ == "__main__":
    main()
