"""Review transcription: the finished turns of each role, packed into windows, decoded in batches.

Only the audio of turns reaches Whisper (silence costs nothing). Finished turns are packed back
to back (with a short gap, so words of two turns never merge) into windows of ``review_pack_s``
seconds of speech, each padded to ``review_window_s`` for the encoder: a window full of speech,
and shorter than Whisper's stock 30 s. A turn longer than a window is split at a pause, the
pieces overlapping by ``CUT_OVERLAP_S``; a word centred in the overlap belongs to one piece.
``review_batch`` windows (of any role; a window holds one, but the call's last windows of the
two roles share one where they fit) are decoded together (:meth:`WhisperEngine.transcribe_batch`),
and word times are mapped back to call time; in a stereo call, words that are the other party's
echo are left out (:mod:`coach.asr.leakgate`).

Why not faster-whisper's ``transcribe``/``BatchedInferencePipeline`` with ``clip_timestamps``:
both pad every window to 30 s, and on CPU the encoder is most of the cost (a 30 s window 1.4 s,
a 15 s one 0.4 s here). So the windows are decoded with faster-whisper's own pieces, as its
``transcribe`` does them: timestamp tokens on (without them Whisper cut packed windows short),
no n-gram ban (it dropped repeats), its word alignment. What ``transcribe`` adds for long-form
audio is replaced by two checks here: a clip its window left (almost) wordless (Whisper skipped a
repeat or a short last turn) is decoded again alone, and so is every clip of a packed window that
loops (a window of one clip that loops is decoded again on the stock 30 s window).
``benchmarks/review_asr.py`` measures the result beside both.

Only a bounded window of each role's recent audio is kept (a turn's start is known only when
it closes), so memory does not grow with the call.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from audio.resample import MODEL_RATE
from coach.asr.leakgate import LeakGate
from coach.asr.whisper import Hypothesis, TimedWord, WhisperEngine
from coach.config import AsrConfig
from coach.vocab import ROLES, Role, Segment, SpeechChange, Turn, Word

RATE = MODEL_RATE
PAD_S = 0.25  # audio kept around a turn: Whisper mishears a word it hears with no lead-in ("this is
# Sam" -> "live in Pam"). A trade, not a clear win (benchmarks/review_asr.py, tune sets, WER agent /
# customer, 0.25 s against 0.4 s): sample 0.109 / 0.229 against 0.109 / 0.343; real-tune 0.046 / 0.138
# against 0.041 / 0.141; fixtures 0.174 / 0.311 against 0.138 / 0.273. At 0.3 and 0.4 s a fixture's
# "That is not acceptable!" came out "Maybe not accessible." (its missing_empathy lost); at 0.25 s
# every fixture event is found.
PAD_END_S = 0.25  # ... and after it
GAP_S = 0.3  # silence between packed turns
SPLIT_SEARCH_S = 8.0  # a turn longer than a window is split at its quietest point in the last seconds
FRAME = RATE // 100  # 10 ms frames for finding that point
CUT_OVERLAP_S = 1.0  # the pieces of a split turn overlap by this much
MISSED_MIN_S = 0.4  # a clip this long that got (almost) no words in its window is decoded again alone
HEARD_MIN_WPS = 0.6  # ... "almost": fewer words per second of the clip than this
NO_SPEECH_PROB = 0.6  # ... and its words are kept unless Whisper calls it silence (transcribe's defaults)
LOG_PROB_MIN = -1.0
SETTLE_S = 5.0  # while a role is quiet, audio kept for a turn the speech stage may still start in the past


@dataclass(frozen=True)
class _Span:
    """Where a clip of a turn lies in packed audio, and how to get back to call time."""

    lo: float  # packed time where the clip starts
    hi: float  # ... and ends
    offset: float  # call time = packed time + offset
    turn: Turn
    keep_lo: float  # words centred outside [keep_lo, keep_hi] belong to the neighbouring piece
    keep_hi: float  # of a split turn (pieces overlap by CUT_OVERLAP_S)


@dataclass
class _Window:
    """Clips packed for one Whisper window (of ``role``, but for the call's last two, which may share
    one: each clip's turn says whose words it holds); times in the window's own seconds."""

    role: Role
    clips: list[npt.NDArray[np.float32]] = field(default_factory=list)
    spans: list[_Span] = field(default_factory=list)
    length: float = 0.0  # seconds of packed audio so far

    def add(self, clip: npt.NDArray[np.float32], call_start: float, turn: Turn,
            keep: tuple[float, float] = (0.0, float("inf"))) -> None:
        """Append a clip starting at ``call_start``; ``keep``: the part of it (seconds into the
        clip) whose words it owns."""
        if self.clips:
            self.clips.append(np.zeros(int(GAP_S * RATE), dtype=np.float32))
            self.length += GAP_S
        self.clips.append(clip)
        duration = len(clip) / RATE
        at = self.length
        self.spans.append(_Span(at, at + duration, call_start - at, turn, at + keep[0], at + min(keep[1], duration)))
        self.length += duration

    def extend(self, other: _Window) -> None:
        """Append every clip of ``other`` (it fits: the caller checked)."""
        for clip, span in zip(other.clips[::2], other.spans):  # other's clips and its gaps alternate
            keep = (span.keep_lo - span.lo, span.keep_hi - span.lo)
            self.add(clip, span.offset + span.lo, span.turn, keep)


def _quietest_cut(clip: npt.NDArray[np.float32], limit: int) -> int:
    """A sample index <= ``limit`` to split a long clip at: the quietest 0.1 s in the last
    ``SPLIT_SEARCH_S`` before it (a pause between words, rather than the middle of one)."""
    lo = max(FRAME, limit - int(SPLIT_SEARCH_S * RATE))
    frames = clip[lo:limit][: (limit - lo) // FRAME * FRAME].reshape(-1, FRAME)  # (k, FRAME)
    if len(frames) < 10:
        return limit
    energy = np.convolve((frames ** 2).mean(axis=1), np.ones(10) / 10, mode="valid")  # (k - 9,) 0.1 s means
    return lo + (int(np.argmin(energy)) + 5) * FRAME


class _Packer:
    """One role's recent audio and closed turns, packed into windows as the turns' audio arrives."""

    def __init__(self, role: Role, pack_s: float, keep_s: float, start: float) -> None:
        self.role = role
        self.pack_s = pack_s  # seconds of audio packed into one window
        self.keep_s = keep_s  # at most this much audio is kept for a turn still open
        self._chunks: deque[npt.NDArray[np.float32]] = deque()  # as pushed: no copying per chunk
        self._start = start  # call time of the first kept sample
        self._n = 0  # samples kept
        self._pending: list[Turn] = []  # closed turns whose audio has not all arrived
        # A turn still open starts after the role's last closed turn; its start is known when it closes.
        self._closed_end = start  # end of the role's last closed turn
        self._placed_to = start  # call time where the last placed clip ends: the next one starts no earlier
        self._speaking = False  # as the speech stage's last change for this role said
        self._quiet_from = start  # where that change said the role stopped
        self._told = False  # whether the caller passes the speech changes at all
        self.windows: list[_Window] = []  # full windows
        self.open = _Window(role)

    def push(self, audio: npt.NDArray[np.float32], turns: tuple[Turn, ...],
             changes: tuple[SpeechChange, ...] | None = None) -> None:
        if len(audio):
            self._chunks.append(audio)
            self._n += len(audio)
        self._told |= changes is not None
        for c in changes or ():
            if c.role == self.role:
                self._speaking = c.speaking
                if not c.speaking:
                    self._quiet_from = c.t
        mine = [t for t in turns if t.role == self.role]
        self._pending += mine
        self._closed_end = max([self._closed_end] + [t.end for t in mine])
        end = self._start + self._n / RATE
        while self._pending and self._pending[0].end + PAD_END_S <= end:
            self._place(self._pending.pop(0))
        self._trim()

    @property
    def kept_s(self) -> float:
        return self._n / RATE

    @property
    def kept_from(self) -> float:
        """Call time of the first sample kept."""
        return self._start

    def finish(self) -> None:
        pending, self._pending = self._pending, []
        for turn in pending:
            self._place(turn)
        self.close()

    def close(self) -> None:
        if self.open.clips:
            self.windows.append(self.open)
        self.open = _Window(self.role)

    def _place(self, turn: Turn) -> None:
        """Copy the turn's audio into the open window (splitting a turn longer than a window)."""
        # The pads of two close turns would hold the same audio twice (a word in it heard twice):
        # a clip starts where the last one ended at the earliest.
        a = max(0, int((max(turn.start - PAD_S, self._placed_to) - self._start) * RATE))
        b = max(a, int((turn.end + PAD_END_S - self._start) * RATE))
        clip = self._samples(a, b)
        if len(clip) < int(0.05 * RATE):
            return
        self._placed_to = self._start + (a + len(clip)) / RATE
        call_start = self._start + a / RATE
        limit = int(self.pack_s * RATE)
        overlap = int(CUT_OVERLAP_S * RATE)
        keep_from = 0.0  # seconds into the clip: what came before belongs to the previous piece
        while len(clip):
            room = self.pack_s - self.open.length - (GAP_S if self.open.clips else 0.0)
            if len(clip) / RATE > room and self.open.clips:
                self.close()
                continue
            if len(clip) <= limit:
                self.open.add(clip.copy(), call_start, turn, (keep_from, float("inf")))
                break
            # Too long for a window: split at a pause; the next piece starts a little before the
            # cut, so a word the cut clips is heard whole there.
            cut = _quietest_cut(clip, limit)
            self.open.add(clip[:cut].copy(), call_start, turn, (keep_from, cut / RATE))
            self.close()
            start = max(cut - overlap, 1)
            keep_from = (cut - start) / RATE
            call_start += start / RATE
            clip = clip[start:]

    def _samples(self, a: int, b: int) -> npt.NDArray[np.float32]:
        """(b - a,) kept samples a..b (indices from the first kept sample)."""
        out, at = [], 0
        for chunk in self._chunks:
            if at >= b:
                break
            if at + len(chunk) > a:
                out.append(chunk[max(0, a - at): b - at])
            at += len(chunk)
        return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)

    def _trim(self) -> None:
        """Drop whole chunks no pending turn, nor a turn still open, can need.

        Without the speech stage's changes (``push`` got none) a turn may be open since the last
        closed one; with them, a quiet role whose last turn has closed needs only ``SETTLE_S``."""
        now = self._start + self._n / RATE
        settled = not self._speaking and self._closed_end >= self._quiet_from - 0.5
        floor = now - SETTLE_S if settled and self._told else self._closed_end - PAD_S
        keep_from = max(now - self.keep_s, floor)
        if self._pending:
            keep_from = min(keep_from, self._pending[0].start - PAD_S)
        while self._chunks and self._start + len(self._chunks[0]) / RATE < keep_from:
            n = len(self._chunks.popleft())
            self._n -= n
            self._start += n / RATE


class TurnTranscriber:
    """Plain stage for a call's roles: ``push`` each role's 16 kHz audio and the turns that closed;
    get segments and words back a batch at a time (all of them after ``finish``)."""

    def __init__(self, engine: WhisperEngine, config: AsrConfig | None = None, roles: tuple[Role, ...] = ROLES,
                 keep_s: float = 900.0, start: float = 0.0) -> None:
        cfg = config or AsrConfig()
        self.engine = engine  # the review model, with the review beam
        self.roles = roles
        self.batch_size = cfg.review_batch
        self.pack_s = cfg.review_pack_s  # speech packed into one window
        self.window_s = cfg.review_window_s  # the encoder sees each window padded with silence to this length
        self.keep_s = keep_s
        self._origin = start
        self.gate = LeakGate(roles, cfg.review_leak_gate_db, start)  # the other party's echo, left out
        self.reset()

    def reset(self) -> None:
        self._packers = {role: _Packer(role, self.pack_s, self.keep_s, self._origin) for role in self.roles}
        self.gate.reset()

    def push(self, audio: Mapping[Role, npt.NDArray[np.float32]],
             turns: tuple[Turn, ...] = (), changes: tuple[SpeechChange, ...] | None = None,
             ) -> tuple[list[Segment], list[Word]]:
        """Each role's new audio ((n,) float32, 16 kHz) and the turns that closed.

        ``changes``: the speech stage's starts and stops in this push. A caller that passes them
        (even empty) lets a quiet role's audio go after a few seconds; one that does not keeps up
        to ``keep_s`` of it, since any turn may still be open."""
        empty = np.zeros(0, dtype=np.float32)
        self.gate.push(audio)
        for role, packer in self._packers.items():
            packer.push(audio.get(role, empty), turns, changes)
        self.gate.trim(min([p.kept_from for p in self._packers.values()]
                           + [s.offset + s.lo for p in self._packers.values() for w in (*p.windows, p.open)
                              for s in w.spans]))
        if sum(len(p.windows) for p in self._packers.values()) >= self.batch_size:
            return self._decode()
        return [], []

    @property
    def kept_s(self) -> dict[Role, float]:
        """Seconds of audio held per role: the review's memory, flat over a long call."""
        return {role: p.kept_s for role, p in self._packers.items()}

    def finish(self) -> tuple[list[Segment], list[Word]]:
        """End of the call: every remaining turn is decoded."""
        for packer in self._packers.values():
            packer.finish()
        # Each role's last window is rarely full, and each costs a whole window's encoder: the
        # call's last windows share one where they fit (the clips keep their roles).
        tails = sorted(((p.windows[-1], p) for p in self._packers.values() if p.windows), key=lambda wp: wp[0].length)
        for window, packer in tails[1:]:
            if tails[0][0].length + GAP_S + window.length <= self.pack_s:
                tails[0][0].extend(window)
                packer.windows.pop()
        return self._decode()

    def _decode(self) -> tuple[list[Segment], list[Word]]:
        """The full windows of every role, in batches of ``batch_size``."""
        windows = [w for p in self._packers.values() for w in p.windows]
        for p in self._packers.values():
            p.windows = []
        segments: list[Segment] = []
        words: list[Word] = []
        for i in range(0, len(windows), self.batch_size):
            batch = windows[i:i + self.batch_size]
            hyps = self._transcribe(batch)
            # A clip the window's pass skipped (Whisper drops a repeat or a short last turn, and the
            # alignment may then give a neighbour's word to it) is decoded again on its own; its
            # own pass wins when it hears more words there.
            suspects = [(k, span) for k, (w, h) in enumerate(zip(batch, hyps)) for span in _unheard(w, h)]
            alone = [_alone(batch[k], span) for k, span in suspects]
            for (k, span), win, hyp in zip(suspects, alone, self._transcribe(alone) if alone else []):
                if not _silence(hyp) and len(hyp.words) > len(_words_in(batch[k], hyps[k], span)):
                    kept = tuple(w for w in hyps[k].words if _span_of(batch[k], (w.start + w.end) / 2) is not span)
                    hyps[k] = dataclasses.replace(hyps[k], words=kept)
                    batch, hyps = batch + [win], hyps + [hyp]
            s, w = _collect(batch, hyps, self.gate)
            segments += s
            words += w
        return segments, sorted(words, key=lambda w: w.start)

    def _transcribe(self, windows: list[_Window]) -> list[Hypothesis]:
        # A packed window that loops gets no words rather than the stock 30 s window's pass: that
        # pass, over the same packed clips, skipped whole turns (real-tune: a turn said twice, then
        # "I don't know, I don't know ...": 2 of its 3 clips left wordless); its clips are then
        # decoded one by one as wordless clips are (``_unheard``). A window of one clip falls back.
        return self.engine.transcribe_batch([np.concatenate(w.clips) for w in windows], window_s=self.window_s,
                                            fallback=[len(w.spans) < 2 for w in windows],
                                            no_repeat_ngram=0, timestamps=True)


def _span_of(window: _Window, t: float) -> _Span:
    """The clip of the window a word centred at packed time ``t`` belongs to (the nearest)."""
    return min(window.spans, key=lambda s: 0.0 if s.lo <= t <= s.hi else min(abs(t - s.lo), abs(t - s.hi)))


def _words_in(window: _Window, hyp: Hypothesis, span: _Span) -> list[TimedWord]:
    return [w for w in hyp.words if _span_of(window, (w.start + w.end) / 2) is span]


def _unheard(window: _Window, hyp: Hypothesis) -> list[_Span]:
    """Clips of a packed window that got (almost) no words for their length: fewer than
    ``HEARD_MIN_WPS`` words per second (people say 2-3), none at all for a short clip."""
    if len(window.spans) < 2:
        return []  # a window of one clip was heard alone already
    return [s for s in window.spans if s.hi - s.lo >= MISSED_MIN_S
            and len(_words_in(window, hyp, s)) < max(1.0, HEARD_MIN_WPS * (s.hi - s.lo - PAD_S - PAD_END_S))]


def _alone(window: _Window, span: _Span) -> _Window:
    """A window holding just one clip of ``window``: it is decoded again on its own."""
    packed = np.concatenate(window.clips)
    out = _Window(span.turn.role)
    out.add(packed[int(span.lo * RATE):int(span.hi * RATE)].copy(), span.offset + span.lo, span.turn,
            (span.keep_lo - span.lo, span.keep_hi - span.lo))
    return out


def _silence(hyp: Hypothesis) -> bool:
    """Whisper's own rule for a pass that heard nothing (faster-whisper's no_speech and log-prob thresholds)."""
    return not hyp.words or (hyp.no_speech_prob > NO_SPEECH_PROB and hyp.avg_logprob < LOG_PROB_MIN)


def _collect(windows: list[_Window], hyps: list[Hypothesis], gate: LeakGate) -> tuple[list[Segment], list[Word]]:
    """Words mapped back to call time through the clip they fall in, the other party's leak left
    out (``gate``); one segment per turn."""
    per_turn: dict[int, tuple[Role, list[Word]]] = {}
    for window, hyp in zip(windows, hyps):
        for w in hyp.words:
            mid = (w.start + w.end) / 2
            span = _span_of(window, mid)
            if (span.keep_lo > span.lo and mid < span.keep_lo) or (span.keep_hi < span.hi and mid >= span.keep_hi):
                continue  # heard again in the overlapping piece of a split turn that owns it
            start = span.offset + min(max(w.start, span.lo), span.hi)
            end = span.offset + min(max(w.end, span.lo), span.hi)
            per_turn.setdefault(id(span.turn), (span.turn.role, []))[1].append(
                Word(span.turn.role, start, max(start, end), w.text, w.p))
    kept = {id(w) for w in gate.keep([w for _, ws in per_turn.values() for w in ws])}
    segments: list[Segment] = []
    words: list[Word] = []
    for role, turn_words in per_turn.values():
        turn_words = sorted((w for w in turn_words if id(w) in kept), key=lambda w: w.start)
        if not turn_words:
            continue
        segments.append(Segment(role, turn_words[0].start, turn_words[-1].end, " ".join(w.text for w in turn_words)))
        words += turn_words
    return segments, words


def segments_by_turn(words: list[Word], turns: tuple[Turn, ...] | list[Turn]) -> list[Segment]:
    """Words that already carry roles (a mono call) grouped into one segment per turn of their role:
    the turn holding most of the word, else the nearest one."""
    groups: dict[int, list[Word]] = {}
    by_role: dict[Role, list[Turn]] = {}
    for t in turns:
        by_role.setdefault(t.role, []).append(t)
    for w in words:
        own = by_role.get(w.role)
        if not own:
            continue
        turn = max(own, key=lambda t: (min(w.end, t.end) - max(w.start, t.start), -abs(t.start - w.start)))
        groups.setdefault(id(turn), []).append(w)
    segments = [Segment(g[0].role, g[0].start, g[-1].end, " ".join(w.text for w in g)) for g in groups.values()]
    return sorted(segments, key=lambda s: s.start)
