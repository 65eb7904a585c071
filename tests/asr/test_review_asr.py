"""Review transcription's packing: turns packed into windows, long turns split, words mapped back.

The engine is scripted (orchestration only): each "word" in the test audio is a burst whose
constant amplitude encodes its number, so the engine recognises perfectly whatever clip it is
given, with times relative to that clip, and the test checks where the words land in the call.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from coach.asr.review import TurnTranscriber, segments_by_turn
from coach.asr.whisper import Hypothesis, TimedWord
from coach.config import AsrConfig
from coach.vocab import Role, SpeechChange, Turn, Word

RATE = 16_000
PACKS = pytest.mark.parametrize("pack", ["apart", "together"])  # [asr] review_pack_roles
WORD_S = 0.3
PAUSE_S = 0.2


def _amp(k: int) -> float:
    return 0.05 + 0.002 * k


class BurstEngine:
    """Finds the bursts in each clip and names them by amplitude: a perfect, scripted recogniser."""

    def __init__(self) -> None:
        self.batches: list[int] = []  # clips per call

    def transcribe_batch(self, audios: list[npt.NDArray[np.float32]], prompt: str = "", window_s: float = 0.0,
                         fallback: bool | list[bool] = True, beam_size: int | None = None,
                         no_repeat_ngram: int | None = None, timestamps: bool = False) -> list[Hypothesis]:
        self.batches.append(len(audios))
        return [self._one(a) for a in audios]

    def _one(self, audio: npt.NDArray[np.float32]) -> Hypothesis:
        on = np.abs(audio) > 0.01
        edges = np.flatnonzero(np.diff(np.concatenate([[False], on, [False]]).astype(np.int8)))
        words = []
        for a, b in zip(edges[::2], edges[1::2]):
            if (b - a) / RATE < 0.1:
                continue  # a burst the cut clipped to a sliver: half a word is no word
            k = int(round((float(np.median(np.abs(audio[a:b]))) - 0.05) / 0.002))
            words.append(TimedWord(f"w{k}", a / RATE, b / RATE, 0.9))
        return Hypothesis(tuple(words), " ".join(w.text for w in words), 0.0, -0.1, False)


def _call(spec: list[tuple[Role, float, int]], duration: float) -> tuple[dict[Role, npt.NDArray[np.float32]],
                                                                           list[Turn], list[Word]]:
    """Per role audio with ``n`` words from ``start`` for each (role, start, n); its turns and words."""
    audio: dict[Role, npt.NDArray[np.float32]] = {r: np.zeros(int(duration * RATE), dtype=np.float32)
                                                  for r in ("agent", "customer")}
    turns, words = [], []
    k = 0
    for role, start, n in spec:
        t = start
        for _ in range(n):
            audio[role][int(t * RATE):int((t + WORD_S) * RATE)] = _amp(k)
            words.append(Word(role, t, t + WORD_S, f"w{k}"))
            k += 1
            t += WORD_S + PAUSE_S
        turns.append(Turn(role, start, t - PAUSE_S))
    return audio, turns, words


def _run(audio: dict[Role, npt.NDArray[np.float32]], turns: list[Turn], engine: BurstEngine,
         config: AsrConfig) -> list[Word]:
    """Feed 0.1 s chunks, each turn given once its end has been heard (as the speech stage does)."""
    tr = TurnTranscriber(engine, config)  # type: ignore[arg-type]
    out: list[Word] = []
    step = RATE // 10
    n = len(audio["agent"])
    given: set[int] = set()
    for i in range(0, n, step):
        now = (i + step) / RATE
        closed = tuple(t for j, t in enumerate(turns) if j not in given and t.end + 0.3 <= now)
        given |= {turns.index(t) for t in closed}
        out += tr.push({r: a[i:i + step] for r, a in audio.items()}, closed)[1]
    out += tr.push({}, tuple(t for j, t in enumerate(turns) if j not in given))[1]
    return out + tr.finish()[1]


@PACKS
def test_every_word_lands_once_at_its_call_time_with_its_role(pack: str) -> None:
    # A 40 s agent monologue (split across windows) among short turns of both roles.
    spec: list[tuple[Role, float, int]] = [("customer", 1.0, 6), ("agent", 5.0, 80), ("customer", 46.0, 4),
                                           ("agent", 49.0, 10), ("customer", 55.0, 3)]
    audio, turns, truth = _call(spec, 60.0)
    engine = BurstEngine()
    config = AsrConfig(review_pack_roles=pack, review_batch=3, review_pack_s=14.0)
    got = _run(audio, turns, engine, config)
    assert [w.text for w in sorted(got, key=lambda w: w.start)] == [w.text for w in truth]
    for g, t in zip(sorted(got, key=lambda w: w.start), truth):
        assert g.role == t.role, g
        assert abs(g.start - t.start) < 0.02 and abs(g.end - t.end) < 0.02, (g, t)
    assert max(engine.batches) <= 3 and sum(engine.batches) >= 4, "windows are decoded a batch at a time"


class WindowEngine(BurstEngine):
    """The perfect recogniser, noting the words it hears in each window it decodes."""

    def __init__(self) -> None:
        super().__init__()
        self.heard: list[list[str]] = []

    def transcribe_batch(self, audios: list[npt.NDArray[np.float32]], prompt: str = "", window_s: float = 0.0,
                         fallback: bool | list[bool] = True, beam_size: int | None = None,
                         no_repeat_ngram: int | None = None, timestamps: bool = False) -> list[Hypothesis]:
        out = super().transcribe_batch(audios)
        self.heard += [[w.text for w in h.words] for h in out]
        return out


def test_roles_packed_together_share_windows_in_call_order_and_every_word_keeps_its_clip_role() -> None:
    """Short turns of both roles, then one inside another (a backchannel during a long turn):
    packed together, a window holds a question and its answer in the order they were said, and
    every word still lands once, at its call time, with the role of the channel it was said on."""
    spec: list[tuple[Role, float, int]] = [(("agent", "customer")[i % 2], 1.0 + 3.0 * i, 4) for i in range(12)]
    spec += [("agent", 38.0, 16), ("customer", 40.25, 2), ("customer", 47.0, 3)]  # "mm-hm" while the agent speaks
    audio, turns, truth = _call(spec, 50.0)
    truth = sorted(truth, key=lambda w: w.start)
    role_of = {w.text: w.role for w in truth}
    mixed: dict[str, list[list[str]]] = {}
    for pack in ("apart", "together"):
        engine = WindowEngine()
        got = _run(audio, turns, engine, AsrConfig(review_pack_roles=pack, review_batch=8, review_pack_s=14.0))  # type: ignore[arg-type]
        got = sorted(got, key=lambda w: w.start)
        assert [w.text for w in got] == [w.text for w in truth], pack
        for g, t in zip(got, truth):
            assert g.role == t.role and abs(g.start - t.start) < 0.02 and abs(g.end - t.end) < 0.02, (pack, g, t)
        mixed[pack] = [h for h in engine.heard if len({role_of[w] for w in h}) == 2]
    assert len(mixed["apart"]) <= 1, mixed["apart"]  # only the call's last windows may share one
    first = mixed["together"][0]
    assert len(mixed["together"]) >= 2 and first == [w.text for w in truth[:len(first)]], mixed["together"]


@PACKS
def test_a_long_quiet_call_keeps_seconds_of_audio_not_minutes(pack: str) -> None:
    """Memory stays flat over long calls: told the speech stage's changes, a quiet role's audio goes."""
    spec: list[tuple[Role, float, int]] = [("customer", 2.0, 6), ("agent", 9.0, 30), ("customer", 200.0, 8),
                                           ("agent", 420.0, 10), ("customer", 590.0, 4)]
    audio, turns, truth = _call(spec, 600.0)
    step, latency = RATE // 10, 0.3  # the speech stage decides a boundary this long after it
    kept: dict[bool, float] = {}
    for told in (True, False):
        tr = TurnTranscriber(BurstEngine(), AsrConfig(review_pack_roles=pack, review_batch=2))  # type: ignore[arg-type]
        got: list[Word] = []
        most = 0.0
        for i in range(0, len(audio["agent"]), step):
            now = (i + step) / RATE
            changes = tuple(SpeechChange(t.role, edge, edge == t.start, edge + latency) for t in turns
                            for edge in (t.start, t.end) if now - 0.1 < edge + latency <= now)
            closed = tuple(t for t in turns if now - 0.1 < t.end + 2 * latency <= now)
            got += tr.push({r: a[i:i + step] for r, a in audio.items()}, closed, changes if told else None)[1]
            most = max(most, max(tr.kept_s.values()))
        got += tr.finish()[1]
        assert [w.text for w in sorted(got, key=lambda w: w.start)] == [w.text for w in truth]
        kept[told] = most
    assert kept[True] < 25.0, kept  # the 15 s agent turn and SETTLE_S before it
    assert kept[False] > 200.0, kept  # not told: any turn may still be open, so minutes are kept


@PACKS
def test_words_arrive_before_the_end_of_the_call_once_a_batch_is_full(pack: str) -> None:
    spec: list[tuple[Role, float, int]] = [("agent" if i % 2 else "customer", 1.0 + 10.0 * i, 16) for i in range(12)]
    audio, turns, truth = _call(spec, 125.0)
    engine = BurstEngine()
    tr = TurnTranscriber(engine, AsrConfig(review_pack_roles=pack, review_batch=2, review_pack_s=10.0))  # type: ignore[arg-type]
    step = RATE // 10
    early: list[Word] = []
    for i in range(0, int(60 * RATE), step):
        now = (i + step) / RATE
        closed = tuple(t for t in turns if now - 0.1 < t.end + 0.3 <= now)
        early += tr.push({r: a[i:i + step] for r, a in audio.items()}, closed)[1]
    assert early, "a full batch is decoded as the call goes, not all at the end"
    assert all(w.end < 60.0 for w in early)


class LoopingEngine(BurstEngine):
    """Whisper on a packed window that loops: a pass over more than ``LOOP_S`` of audio loops; its
    stock-window fallback then hears only the window's last half (as it skipped whole turns on
    real-tune). Shorter clips are recognised perfectly."""

    LOOP_S = 5.0

    def transcribe_batch(self, audios: list[npt.NDArray[np.float32]], prompt: str = "", window_s: float = 0.0,
                         fallback: bool | list[bool] = True, beam_size: int | None = None,
                         no_repeat_ngram: int | None = None, timestamps: bool = False) -> list[Hypothesis]:
        fall = fallback if isinstance(fallback, list) else [fallback] * len(audios)
        out = super().transcribe_batch(audios)
        for k, (a, h) in enumerate(zip(audios, out)):
            if len(a) > self.LOOP_S * RATE:
                half = len(a) / RATE / 2
                kept = tuple(w for w in h.words if w.start >= half) if fall[k] else ()
                out[k] = Hypothesis(kept, " ".join(w.text for w in kept), 0.0, -0.1, fall[k])
        return out


@PACKS
def test_a_packed_window_that_loops_loses_no_turn(pack: str) -> None:
    """Each clip of a looping window is decoded again alone: no turn is lost to the fallback pass."""
    spec: list[tuple[Role, float, int]] = [("customer", 1.0, 6), ("agent", 5.0, 4), ("customer", 8.0, 6),
                                           ("agent", 12.0, 3), ("customer", 15.0, 6)]
    audio, turns, truth = _call(spec, 20.0)
    got = _run(audio, turns, LoopingEngine(), AsrConfig(review_pack_roles=pack, review_batch=4, review_pack_s=14.0))  # type: ignore[arg-type]
    assert [w.text for w in sorted(got, key=lambda w: w.start)] == [w.text for w in truth]


class LeadInEngine(BurstEngine):
    """Whisper on a clip that starts mid-speech (the later piece of a split turn, which opens with
    the last second of the piece before): it writes nothing for that first second and gives its
    time to the first word it writes (real-tune tune01 mixed down: "They" at 0.0-1.5 s, over "the
    pound key.")."""

    def _one(self, audio: npt.NDArray[np.float32]) -> Hypothesis:
        words = list(super()._one(audio).words)
        if words and words[0].start < 0.2:  # no lead-in silence: the clip starts inside a turn
            words = [w for w in words if w.start >= 1.0]
            if words:
                words[0] = TimedWord(words[0].text, 0.0, words[0].end, words[0].p)
        return Hypothesis(tuple(words), " ".join(w.text for w in words), 0.0, -0.1, False)


@PACKS
def test_the_first_word_after_a_cut_is_kept_when_whisper_stretches_it_back_over_the_overlap(pack: str) -> None:
    audio, turns, truth = _call([("agent", 1.0, 60)], 32.0)  # 30 s: split into pieces that overlap by 1 s
    got = _run(audio, turns, LeadInEngine(), AsrConfig(review_pack_roles=pack, review_batch=4, review_pack_s=14.0))  # type: ignore[arg-type]
    assert [w.text for w in sorted(got, key=lambda w: w.start)] == [w.text for w in truth]


class CarryEngine(BurstEngine):
    """Whisper writing a packed window as one text: each clip after the first opens with the
    previous clip's last two words, unsure (a misheard phrase carried into the next turn: "in free
    of I-bind of mail. | Thank you for calling, mail of I-bind"). A clip alone is heard right."""

    def _one(self, audio: npt.NDArray[np.float32]) -> Hypothesis:
        heard = super()._one(audio).words
        words: list[TimedWord] = []
        starts = [i for i, w in enumerate(heard) if i and w.start - heard[i - 1].end > 0.6]  # a new clip
        for i, w in enumerate(heard):
            opening = [s for s in starts if 0 <= i - s < 2]
            if opening and opening[0] >= 2:
                said = words[opening[0] - 2 + i - opening[0]]  # what it wrote, not what was said
                w = TimedWord(said.text, w.start, w.end, 0.4)
            words.append(w)
        return Hypothesis(tuple(words), " ".join(w.text for w in words), 0.0, -0.3, False)


@PACKS
def test_a_phrase_carried_into_the_next_clip_of_a_window_is_heard_again_alone(pack: str) -> None:
    spec: list[tuple[Role, float, int]] = [("agent", 1.0, 4), ("customer", 3.5, 3), ("agent", 6.0, 4),
                                           ("agent", 9.0, 3), ("customer", 11.0, 2)]
    audio, turns, truth = _call(spec, 14.0)
    got = _run(audio, turns, CarryEngine(), AsrConfig(review_pack_roles=pack, review_batch=4, review_pack_s=14.0))  # type: ignore[arg-type]
    assert [w.text for w in sorted(got, key=lambda w: w.start)] == [w.text for w in truth]


class UnsureEngine(BurstEngine):
    """Hears every word right, but unsure of each."""

    def _one(self, audio: npt.NDArray[np.float32]) -> Hypothesis:
        words = tuple(TimedWord(w.text, w.start, w.end, 0.5) for w in super()._one(audio).words)
        return Hypothesis(words, " ".join(w.text for w in words), 0.0, -0.3, False)


@PACKS
def test_a_phrase_said_again_is_kept_once_each_time(pack: str) -> None:
    """A true repeat ("the conference has ended" twice) is heard in the clip alone as well: its words
    stay, neither lost nor doubled."""
    spec: list[tuple[Role, float, int]] = [("agent", 1.0, 4), ("agent", 4.0, 4), ("customer", 7.0, 2)]
    audio, turns, truth = _call(spec, 10.0)
    first, second = turns[0], turns[1]
    said = audio["agent"][int(first.start * RATE):int(first.end * RATE)]
    audio["agent"][int(second.start * RATE):int(second.start * RATE) + len(said)] = said
    expected = [w.text for w in truth[:4]] * 2 + [w.text for w in truth[8:]]
    engine = UnsureEngine()
    got = _run(audio, turns, engine, AsrConfig(review_pack_roles=pack, review_batch=4, review_pack_s=14.0))  # type: ignore[arg-type]
    assert len(engine.batches) > 1, "the repeat was checked by decoding its clip alone"
    assert [w.text for w in sorted(got, key=lambda w: w.start)] == expected


class PaddingEngine(BurstEngine):
    """Whisper writing text in the silence appended after a window's audio: it says the last two
    words again, aligned wholly past the audio (their times clamped to its end)."""

    def _one(self, audio: npt.NDArray[np.float32]) -> Hypothesis:
        hyp = super()._one(audio)
        end = len(audio) / RATE
        made_up = tuple(TimedWord(w.text, end, end, 0.5) for w in hyp.words[-2:])
        return Hypothesis(hyp.words + made_up, hyp.text, hyp.no_speech_prob, hyp.avg_logprob, False)


@PACKS
def test_words_made_up_past_the_end_of_a_window_are_left_out(pack: str) -> None:
    # The last turn ends with the call, so its clip ends where the window's audio does.
    spec: list[tuple[Role, float, int]] = [("agent", 1.0, 4), ("customer", 4.0, 3), ("agent", 7.0, 5)]
    audio, turns, truth = _call(spec, 9.5)
    got = _run(audio, turns, PaddingEngine(), AsrConfig(review_pack_roles=pack, review_batch=4, review_pack_s=14.0))
    assert [w.text for w in sorted(got, key=lambda w: w.start)] == [w.text for w in truth]


def test_segments_by_turn_groups_assigned_words() -> None:
    turns = [Turn("agent", 0.0, 2.0), Turn("customer", 1.5, 4.0), Turn("agent", 5.0, 6.0)]
    words = [Word("agent", 0.1, 0.5, "hi"), Word("agent", 0.6, 1.0, "there"), Word("customer", 1.6, 2.0, "yes"),
             Word("customer", 2.1, 2.5, "ok"), Word("agent", 5.1, 5.5, "bye")]
    segments = segments_by_turn(words, turns)
    assert [(s.role, s.text) for s in segments] == [("agent", "hi there"), ("customer", "yes ok"), ("agent", "bye")]
