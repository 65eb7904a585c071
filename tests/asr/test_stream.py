"""Streaming transcription: commit policy and seams (a scripted engine), then real tiny.en on a fixture."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
import soundfile as sf

from audio.resample import to_rate
from coach.asr.stream import StreamingTranscriber, normalise
from coach.asr.whisper import Hypothesis, TimedWord, WhisperEngine
from coach.config import AsrConfig
from coach.evaluate import edit_distance, normalize_words
from coach.models import load_model, resolve
from coach.vad import SileroModel, load_silero
from coach.vocab import TranscriptUpdate, Word
from tests.conftest import CALLS, load_truth

RATE = 16_000


@pytest.fixture(scope="module")
def silero() -> SileroModel:
    return load_silero()


@pytest.fixture(scope="module")
def agent_channel() -> tuple[npt.NDArray[np.float32], list[tuple[float, float, str]]]:
    """The stereo_interrupt agent channel at 16 kHz and its words, spread evenly over each truth line."""
    x, sr = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True)
    words = []
    for seg in load_truth("stereo_interrupt")["segments"]:
        if seg["role"] != "agent":
            continue
        tokens = seg["text"].split()
        step = (seg["end"] - seg["start"]) / len(tokens)
        words += [(seg["start"] + i * step, seg["start"] + (i + 1) * step, t) for i, t in enumerate(tokens)]
    return to_rate(x[:, 0], sr), words


class ScriptedEngine:
    """Stands in for Whisper: returns the script's words that end inside the audio it is given.

    It finds where the clip lies in the channel (clips are exact slices of it), so the words it
    returns have the timing a perfect recogniser would give, relative to the clip.
    """

    def __init__(self, channel: npt.NDArray[np.float32], words: list[tuple[float, float, str]]) -> None:
        self.channel = channel
        self.words = words
        self.calls: list[float] = []  # clip lengths, seconds

    def _offset(self, audio: npt.NDArray[np.float32]) -> float:
        probe = audio[:64]
        for i in np.flatnonzero(self.channel == probe[0]):
            if np.array_equal(self.channel[i:i + len(probe)], probe):
                return float(i / RATE)
        raise AssertionError("clip not found in the channel")

    def transcribe(self, audio: npt.NDArray[np.float32], prompt: str = "", window_s: float = 0.0,
                   fallback: bool = True, beam_size: int | None = None) -> Hypothesis:
        self.calls.append(len(audio) / RATE)
        t0 = self._offset(audio)
        t1 = t0 + len(audio) / RATE
        # A word still being said when the clip ends is heard only in part: left out, as Whisper often does.
        words = tuple(TimedWord(w, a - t0, b - t0, 0.9) for a, b, w in self.words if a >= t0 - 0.05 and b <= t1)
        return Hypothesis(words, " ".join(w.text for w in words), 0.0, -0.2, False)


def run(tr: StreamingTranscriber, x: npt.NDArray[np.float32], backlog_s: float = 0.0,
        block: int = 1600) -> list[tuple[float, TranscriptUpdate]]:
    """Push ``x`` in blocks; each update with the call time at which it came out."""
    out = []
    for i in range(0, len(x), block):
        out += [((i + block) / RATE, u) for u in tr.push(x[i:i + block], backlog_s=backlog_s)]
    out += [(len(x) / RATE, u) for u in tr.finish()]
    return out


def committed(updates: list[tuple[float, TranscriptUpdate]]) -> list[Word]:
    return [w for _, u in updates for w in u.committed]


def test_every_word_is_committed_once_in_order(agent_channel, silero) -> None:
    x, script = agent_channel
    tr = StreamingTranscriber("agent", ScriptedEngine(x, script), silero)  # type: ignore[arg-type]
    words = committed(run(tr, x))
    assert [normalise(w.text) for w in words] == [normalise(t) for _, _, t in script]
    assert all(w.committed and w.role == "agent" for w in words)
    starts = [w.start for w in words]
    assert starts == sorted(starts)
    for w, (a, b, _) in zip(words, script):
        assert abs(w.start - a) < 0.06 and abs(w.end - b) < 0.06


def test_commits_come_soon_after_the_word_in_audio_time(agent_channel, silero) -> None:
    x, script = agent_channel
    cfg = AsrConfig()
    tr = StreamingTranscriber("agent", ScriptedEngine(x, script), silero, cfg)  # type: ignore[arg-type]
    lag = [at - w.end for at, u in run(tr, x) for w in u.committed]
    # Agreement or age commits a word within age + one pass interval; a final within the endpoint pause.
    bound = max(cfg.commit_age_s + cfg.partial_interval_s, cfg.endpoint_silence_s + 0.3) + 0.15
    assert max(lag) <= bound, (max(lag), bound)
    assert min(lag) >= 0.0


def test_a_short_pause_commits_what_was_said_before_it(agent_channel, silero) -> None:
    """Sentence ends are committed a pause after they are said, while the speaker goes on.

    Partial passes are off and the endpoint is 2 s, so only the pause commit can be quick."""
    x, script = agent_channel
    ends = {f"{w}@{b:.2f}" for a, b, w in script if w[-1] in ".?!"}
    lags = {}
    for pause in (0.2, 2.0):  # 2.0: longer than the endpoint, so never a pause commit
        cfg = AsrConfig(min_partial_s=10.0, endpoint_silence_s=2.0, pause_commit_s=pause)
        tr = StreamingTranscriber("agent", ScriptedEngine(x, script), silero, cfg)  # type: ignore[arg-type]
        words = [(at, w) for at, u in run(tr, x) for w in u.committed]
        assert [normalise(w.text) for _, w in words] == [normalise(t) for _, _, t in script]
        lags[pause] = [at - w.end for at, w in words if f"{w.text}@{w.end:.2f}" in ends]
    assert len(lags[0.2]) >= 4
    assert sorted(lags[0.2])[-2] <= 0.2 + 0.35, lags[0.2]  # all but one (the call's last word ends it)
    assert float(np.median(lags[2.0])) >= 2.0, lags[2.0]  # waiting for the endpoint (or a cut)


def test_partial_words_show_before_they_are_committed(agent_channel, silero) -> None:
    x, script = agent_channel
    tr = StreamingTranscriber("agent", ScriptedEngine(x, script), silero)  # type: ignore[arg-type]
    updates = run(tr, x)
    first_partial: dict[str, float] = {}
    for at, u in updates:
        for w in u.partial:
            first_partial.setdefault(f"{w.text}@{w.start:.2f}", at)
    assert first_partial, "long utterances show partial words"
    for at, u in updates:
        for w in u.committed:
            shown = first_partial.get(f"{w.text}@{w.start:.2f}")
            assert shown is None or shown <= at


def test_long_speech_is_cut_so_no_pass_exceeds_the_limit(agent_channel, silero) -> None:
    x, script = agent_channel
    engine = ScriptedEngine(x, script)
    cfg = AsrConfig(max_utterance_s=3.0, endpoint_silence_s=2.0)
    tr = StreamingTranscriber("agent", engine, silero, cfg)  # type: ignore[arg-type]
    words = committed(run(tr, x))
    assert max(engine.calls) <= cfg.max_utterance_s + 0.25
    assert [normalise(w.text) for w in words] == [normalise(t) for _, _, t in script]


def test_falling_behind_coarsens_then_skips(agent_channel, silero) -> None:
    x, script = agent_channel
    cfg = AsrConfig()
    coarse = ScriptedEngine(x, script)
    tr = StreamingTranscriber("agent", coarse, silero, cfg)  # type: ignore[arg-type]
    updates = run(tr, x, backlog_s=cfg.behind_s)
    assert tr.behind
    assert all(not u.partial for _, u in updates)  # no partial passes: finals only
    assert [normalise(w.text) for w in committed(updates)] == [normalise(t) for _, _, t in script]
    unhurried = ScriptedEngine(x, script)
    run(StreamingTranscriber("agent", unhurried, silero, cfg), x)  # type: ignore[arg-type]
    assert len(coarse.calls) < len(unhurried.calls)
    skipping = StreamingTranscriber("agent", ScriptedEngine(x, script), silero, cfg)  # type: ignore[arg-type]
    updates = run(skipping, x, backlog_s=cfg.drop_s)
    assert not committed(updates)
    speech = sum(seg["end"] - seg["start"] for seg in load_truth("stereo_interrupt")["segments"]
                 if seg["role"] == "agent")
    assert skipping.skipped_s == pytest.approx(sum(u.skipped_s for _, u in updates))
    assert 0.8 * speech < skipping.skipped_s < 1.5 * speech


def test_reset_forgets_the_call(agent_channel, silero) -> None:
    x, script = agent_channel
    tr = StreamingTranscriber("agent", ScriptedEngine(x, script), silero)  # type: ignore[arg-type]
    first = committed(run(tr, x))
    tr.reset()
    assert committed(run(tr, x)) == first


@pytest.mark.slow
def test_tiny_en_streams_a_phone_channel_about_as_well_as_plain_whisper(agent_channel, silero) -> None:
    """Real tiny.en on the 8 kHz agent channel: the words a user reads, close to a whole-file pass."""
    x, _ = agent_channel
    model = load_model(resolve("whisper-tiny.en"), threads=1)
    tr = StreamingTranscriber("agent", WhisperEngine(model), silero)
    updates = run(tr, x)
    words = committed(updates)
    ref = normalize_words(" ".join(s["text"] for s in load_truth("stereo_interrupt")["segments"]
                                   if s["role"] == "agent"))
    hyp = normalize_words(" ".join(w.text for w in words))
    segments, _ = model.transcribe(x, language="en")
    plain = normalize_words(" ".join(s.text for s in segments))
    wer, plain_wer = edit_distance(ref, hyp) / len(ref), edit_distance(ref, plain) / len(ref)
    assert wer <= plain_wer + 0.1, (wer, plain_wer, " ".join(hyp))
    assert "northwind" in hyp or "north" in hyp
    starts = [w.start for w in words]
    assert starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= len(x) / RATE + 0.01 for w in words)
    # Audio-time lag of commits (compute time excluded): mostly bounded by the policy, as above
    # (a real word's end time is Whisper's estimate, so a few land later).
    lags = [at - w.end for at, u in updates for w in u.committed]
    assert np.percentile(lags, 50) < 1.0 and np.percentile(lags, 90) < 1.6 and max(lags) < 3.0, sorted(lags)[-5:]


def test_the_other_partys_leak_is_not_transcribed(silero: SileroModel) -> None:
    """The customer's voice leaking into the agent's channel 30 dB down (an echo): Whisper would
    transcribe it like any speech; the words the agent really said are all that is committed."""
    x, sr = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True)
    agent, customer = to_rate(x[:, 0], sr), to_rate(x[:, 1], sr)
    channel = agent + customer * 10 ** (-30 / 20)
    segments = load_truth("stereo_interrupt")["segments"]
    mine = [s for s in segments if s["role"] == "agent"]

    def spread(seg: dict[str, Any]) -> list[tuple[float, float, str]]:
        tokens = seg["text"].split()
        step = (seg["end"] - seg["start"]) / len(tokens)
        return [(seg["start"] + i * step, seg["start"] + (i + 1) * step, t) for i, t in enumerate(tokens)]

    alone = [s for s in segments if s["role"] == "customer"
             and not any(m["start"] < s["end"] and s["start"] < m["end"] for m in mine)]
    own = [w for s in mine for w in spread(s)]
    leak = [w for s in alone for w in spread(s)]
    script = sorted(own + leak)
    for gate, expect_leak in ((AsrConfig().leak_gate_db, False), (0.0, True)):
        cfg = AsrConfig(leak_gate_db=gate)
        tr = StreamingTranscriber("agent", ScriptedEngine(channel, script), silero, cfg)  # type: ignore[arg-type]
        words = [normalise(w.text) for w in committed(run(tr, channel))]
        if expect_leak:
            assert len(words) > len(own) + 5, "without the gate the leak is transcribed"
        else:
            assert words == [normalise(t) for _, _, t in own]
