"""How soon a nudge reaches the agent after its rule is met, in a live replay, on the audio clock.

Usage: .venv/bin/python -m benchmarks.nudge_timing [--set test|tune|fixtures] [--speed 1.0]

Each stereo call is replayed at real-time pace (x ``--speed``) through
:class:`coach.live.LiveSession`; a nudge's time is when it reached the session's output, on the
audio clock (wall time since the replay began x speed), so everything the live path spends is in
it: the chunk it arrived in, the speech stage's own decision delay (VAD windows, hysteresis),
queues and threads. The dashboard then draws it on its next tick (at most ``1 / [ui] refresh_hz``
later), which this does not include. The moment a rule is met, from the finished event the
session emitted (its times are the speech stage's boundaries):

* interruption, customer_interruption: both still speaking ``backchannel_max_s`` after the
  onset (start + that), or, when the other yielded first, the end of the overlap;
* talk_over: both speaking for ``talk_over_min_s`` (start + that);
* dead_air: nobody speaking for ``dead_air_s`` (start + that).

Word-based kinds (phrases, empathy) wait for committed words; their timing is the commit latency
``benchmarks.asr_stream`` measures. ``--set`` takes the held-out calls (``benchmarks.live_calls``,
both rates) or the fixtures.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import coach  # noqa: E402,F401 - offline switches before any model library loads

# isort: split
import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402
import soundfile as sf  # noqa: E402

from audio.roles import RoleSplitter  # noqa: E402
from audio.sources import ReplaySource  # noqa: E402
from coach.analyze.coach import CallCoach  # noqa: E402
from coach.config import CoachConfig, load_config  # noqa: E402
from coach.live import LiveSession  # noqa: E402
from coach.models import Models  # noqa: E402
from coach.pipeline_live import ChannelHold  # noqa: E402
from coach.speech.channels import ChannelSpeech  # noqa: E402
from coach.vocab import Chunk, Event, Nudge  # noqa: E402

CALLS = ROOT / "fixtures" / "calls"
STEREO = ("stereo_interrupt", "cold_vs_lively", "upset_no_empathy", "model_empathy")
TIMED = ("interruption", "customer_interruption", "talk_over", "dead_air")
MATCH_S = 2.0  # a nudge belongs to an event whose rule was met at most this long before it
unmatched: list[tuple[str, Nudge]] = []  # nudges of the last call with no finished event to time them by


def replay(x: npt.NDArray[np.float32], sr: int, config: CoachConfig, models: Models,
           speed: float = 1.0) -> list[tuple[float, object]]:
    """Every item the session emitted, with the audio-clock time it came out."""
    chunks = [Chunk(i / sr, x[i:i + sr // 10], sr) for i in range(0, x.shape[0], sr // 10)]
    got: list[tuple[float, object]] = []
    lock = threading.Lock()
    t0 = [0.0]

    def emit(item: object) -> None:
        with lock:
            got.append(((time.monotonic() - t0[0]) * speed, item))

    session = LiveSession(ReplaySource(chunks, speed=speed), sr, config, emit, models)
    t0[0] = time.monotonic()
    session.start()
    session.join()
    return got


def decide_unpaced(x: npt.NDArray[np.float32], sr: int, config: CoachConfig,
                   models: Models) -> list[tuple[float, object]]:
    """The speech stage and the analyzers as live runs them (no ASR, no threads, no pacing): each
    event and nudge with the end of the chunk whose arrival let it be decided. Its lag is what the
    live path cannot do better than, whatever the machine: the channel check's hold of the call's
    start (as live), the chunk, the VADs' and the leak canceller's buffering, the rule's own
    hysteresis."""
    splitter = RoleSplitter(sr, config.audio)
    speech = ChannelSpeech(models.silero, config.vad, echo=config.echo)
    analyzers = CallCoach(config)
    got: list[tuple[float, object]] = []
    step = sr // 10
    hold: ChannelHold | None = ChannelHold(sr, config)
    for i in range(0, x.shape[0], step):
        at = min(i + step, x.shape[0]) / sr
        ready = [Chunk(i / sr, x[i:i + step], sr)]
        if hold is not None:
            ready, verdict = hold.push(ready[0])
            if verdict is not None and not verdict.stereo:
                raise SystemExit(f"the channel check found a mono call ({verdict.reason})")
            hold = None if ready else hold
        for chunk in ready:
            events = analyzers.push(speech=speech.push(splitter.push(chunk)))
            analyzers.ongoing(speech.settled())
            got += [(at, item) for item in events + analyzers.take_nudges()]
    end = x.shape[0] / sr
    events = analyzers.push(speech=speech.finish(end)) + analyzers.finish(end)
    got += [(end, item) for item in events + analyzers.take_nudges()]
    return got


def rule_met(event: Event, config: CoachConfig) -> float:
    """Call time at which the event's rule was met (see the module doc)."""
    o = config.overlaps
    if event.kind in ("interruption", "customer_interruption"):
        return min(event.start + o.backchannel_max_s, event.end)
    if event.kind == "talk_over":
        return event.start + o.talk_over_min_s
    return event.start + o.dead_air_s


@dataclass(frozen=True)
class Timed:
    call: str
    kind: str
    met: float  # rule met, call seconds
    shown: float  # nudge out, audio clock
    yielded: bool  # an interruption decided when the other yielded first (at the end of the overlap)

    @property
    def lag(self) -> float:
        return self.shown - self.met


def nudge_lags(call: str, got: list[tuple[float, object]], config: CoachConfig) -> tuple[list[Timed], int]:
    """Each timed nudge against its event's rule; and how many timed events got no nudge (cooldown)."""
    events = [item for _, item in got if isinstance(item, Event) and item.kind in TIMED]
    out: list[Timed] = []
    unmatched.clear()
    used: set[int] = set()
    for at, item in got:
        if not isinstance(item, Nudge) or item.kind not in TIMED:
            continue
        # Its event: the latest of its kind whose rule was met by then (a per-kind cooldown may have
        # kept earlier ones from nudging).
        same = [(rule_met(e, config), i) for i, e in enumerate(events)
                if e.kind == item.kind and i not in used and item.at - MATCH_S <= rule_met(e, config) <= item.at + 0.01]
        if not same:
            unmatched.append((call, item))
            continue
        _, i = max(same)
        used.add(i)
        e = events[i]
        yielded = e.kind != "talk_over" and e.kind != "dead_air" and e.end < e.start + config.overlaps.backchannel_max_s
        out.append(Timed(call, e.kind, rule_met(e, config), at, yielded))
    return out, len(events) - len(used)


def stereo_calls(which: str) -> list[tuple[str, npt.NDArray[np.float32], int]]:
    if which == "fixtures":
        out = []
        for name in STEREO:
            x, sr = sf.read(CALLS / f"{name}.flac", dtype="float32", always_2d=True)
            out.append((name, x, sr))
        return out
    from benchmarks.live_calls import load

    return [(c.name, c.audio, c.rate) for c in load(which)]


def table(timed: list[Timed], unnudged: int) -> None:
    print("| kind | nudges | lag p50 s | lag max s |")
    print("|---|---|---|---|")
    for kind in TIMED:
        lags = [t.lag for t in timed if t.kind == kind and not t.yielded]
        if lags:
            print(f"| {kind} | {len(lags)} | {np.percentile(lags, 50):.3f} | {max(lags):.3f} |")
    late = [t.lag for t in timed if t.yielded]
    if late:
        print(f"| interruption decided when the other yielded (end of overlap) | {len(late)} "
              f"| {np.percentile(late, 50):.3f} | {max(late):.3f} |")
    ongoing = [t.lag for t in timed if not t.yielded]
    if ongoing:
        print(f"{len(ongoing)} nudges while the rule's situation lasts: max lag {max(ongoing):.3f} s, "
              f"within 0.25 s: {sum(x <= 0.25 for x in ongoing)}/{len(ongoing)}; "
              f"{unnudged} timed events without a nudge (per-kind cooldown)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--set", default="test", choices=("test", "tune", "fixtures"))
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--unpaced", action="store_true",
                        help="speech stage and analyzers only, no ASR, unpaced: the decision delay alone")
    args = parser.parse_args()
    config = load_config()  # $COACH_CONFIG, to measure other settings
    models = Models(config.models)
    timed: list[Timed] = []
    unnudged = 0
    print("| call | kind | rule met s | nudge out s | lag s |")
    print("|---|---|---|---|---|")
    for name, x, sr in stereo_calls(args.set):
        got = decide_unpaced(x, sr, config, models) if args.unpaced else replay(x, sr, config, models, args.speed)
        these, missed = nudge_lags(name, got, config)
        timed += these
        unnudged += missed
        for _, n in unmatched:
            print(f"| {name} | {n.kind}: no finished event of its kind within {MATCH_S:g} s | - | {n.at:.2f} | - |")
        for t in these:
            print(f"| {name} | {t.kind}{' (yielded)' if t.yielded else ''} | {t.met:.2f} | {t.shown:.2f} "
                  f"| {t.lag:.3f} |", flush=True)
    print()
    table(timed, unnudged)


if __name__ == "__main__":
    main()
