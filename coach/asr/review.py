"""Review transcription: the finished turns of each role, packed into windows, decoded in batches.

Only the audio of turns reaches Whisper (silence costs nothing). Finished turns are packed back
to back into windows (:mod:`coach.asr.packing`), each padded to ``review_window_s`` for the
encoder: a window full of speech, and shorter than Whisper's stock 30 s. ``review_batch`` windows
(of any role; a window holds one, but the call's last windows of the two roles share one where
they fit) are decoded together (:meth:`WhisperEngine.transcribe_batch`), and word times are mapped
back to call time; in a stereo call, words that are the other party's echo are left out
(:mod:`coach.asr.leakgate`). With ``review_pack_roles = "together"`` a stereo call's two roles
pack into the same windows, turn after turn as they close (each clip its own channel's audio), so
Whisper hears a question and its answer together. Windows are no fuller for it: a window closes
where the next clip does not fit, whoever's it is, and apart the last windows share one (tune sets,
14 s packs, windows of the first pass apart / together: fixtures 16 / 16, sample 3 / 3, real-tune
35 / 36, 9.6-10.9 s of audio each).

Why not faster-whisper's ``transcribe``/``BatchedInferencePipeline`` with ``clip_timestamps``:
both pad every window to 30 s, and on CPU the encoder is much of the cost (a 30 s window 1.4 s,
a 15 s one 0.4 s here). So the windows are decoded with faster-whisper's own pieces, as its
``transcribe`` does them: timestamp tokens on (without them Whisper cut packed windows short),
no n-gram ban (it dropped repeats), its word alignment. What ``transcribe`` adds for long-form
audio is replaced by checks on each clip of a packed window, which is then decoded again alone:
a clip the window left (almost) wordless (Whisper skipped a repeat or a short last turn); every
clip of a window that loops (a window of one clip that loops is decoded again on the stock 30 s
window); and a clip that repeats, unsure, a word pair of an earlier clip of its window (a misheard
phrase that Whisper, writing the window as one text, carried into the next turn: "in three to
five business days. | Thank you for calling, Dana." came out "in free of I-bind of mail. | Thank
you for calling, mail of I-bind rate mail."). ``benchmarks/review_asr.py`` measures the result
beside both.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from coach.asr.leakgate import LeakGate
from coach.asr.packing import GAP_S, PAD_END_S, PAD_S, RATE, Packer, Span, Stream, Window
from coach.asr.whisper import Hypothesis, TimedWord, WhisperEngine
from coach.config import AsrConfig
from coach.vocab import ROLES, Role, Segment, SpeechChange, Turn, Word

MISSED_MIN_S = 0.4  # a clip this long that got (almost) no words in its window is decoded again alone
HEARD_MIN_WPS = 0.6  # ... "almost": fewer words per second of the clip than this
NO_SPEECH_PROB = 0.6  # ... and its words are kept unless Whisper calls it silence (transcribe's defaults)
LOG_PROB_MIN = -1.0
LEAD_IN_S = 0.1  # a split turn's later piece: a first word starting this close to the clip's start
PAST_CUT_S = 0.25  # ... and ending this far past the cut is the later piece's, whatever its middle
CARRY_P = 0.8  # a word pair heard earlier in the window, now unsure (mean word probability below this): carried


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
        self.together = cfg.review_pack_roles == "together" and len(roles) > 1  # one stream for both roles
        self._origin = start
        self.gate = LeakGate(roles, cfg.review_leak_gate_db, start)  # the other party's echo, left out
        self.reset()

    def reset(self) -> None:
        shared = Stream(self.roles[0]) if self.together else None
        self._packers = {role: Packer(role, self.pack_s, self.keep_s, self._origin, shared) for role in self.roles}
        self._streams = [shared] if shared else [p.stream for p in self._packers.values()]
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
            packer.push(audio.get(role, empty), turns, changes, place=not self.together)
        if self.together:
            self._place([(t, p) for p in self._packers.values() for t in p.ready()])
        self.gate.trim(min([p.kept_from for p in self._packers.values()]
                           + [s.offset + s.lo for st in self._streams for w in (*st.windows, st.open)
                              for s in w.spans]))
        if sum(len(st.windows) for st in self._streams) >= self.batch_size:
            return self._decode()
        return [], []

    def _place(self, ready: list[tuple[Turn, Packer]]) -> None:
        """Roles packed together: the turns that are ready, of both roles, placed in the order they
        started (an overlapped turn goes after the one it overlaps, whole)."""
        for turn, packer in sorted(ready, key=lambda tp: (tp[0].start, tp[0].end)):
            packer.place(turn)
        for packer in self._packers.values():
            packer.trim()

    @property
    def kept_s(self) -> dict[Role, float]:
        """Seconds of audio held per role: the review's memory, flat over a long call."""
        return {role: p.kept_s for role, p in self._packers.items()}

    def finish(self) -> tuple[list[Segment], list[Word]]:
        """End of the call: every remaining turn is decoded."""
        if self.together:
            self._place([(t, p) for p in self._packers.values() for t in p.ready(every=True)])
        for packer in self._packers.values():
            packer.finish()
        # Each role's last window is rarely full, and each costs a whole window's encoder: the
        # call's last windows share one where they fit (the clips keep their roles).
        tails = sorted(((st.windows[-1], st) for st in self._streams if st.windows), key=lambda ws: ws[0].length)
        for window, stream in tails[1:]:
            if tails[0][0].length + GAP_S + window.length <= self.pack_s:
                tails[0][0].extend(window)
                stream.windows.pop()
        return self._decode()

    def _decode(self) -> tuple[list[Segment], list[Word]]:
        """The full windows of every role, in batches of ``batch_size``."""
        windows = [w for st in self._streams for w in st.windows]
        for st in self._streams:
            st.windows = []
        segments: list[Segment] = []
        words: list[Word] = []
        for i in range(0, len(windows), self.batch_size):
            batch = windows[i:i + self.batch_size]
            hyps = self._transcribe(batch)
            # A clip the window's pass skipped (Whisper drops a repeat or a short last turn, and the
            # alignment may then give a neighbour's word to it) is decoded again on its own; its
            # own pass wins when it hears more words there. A clip that repeats an earlier clip's
            # words unsure is decoded again too; its own pass wins when it does not repeat them.
            unheard = [(k, span) for k, (w, h) in enumerate(zip(batch, hyps)) for span in _unheard(w, h)]
            carried = {(k, span): said for k, (w, h) in enumerate(zip(batch, hyps))
                       for span, said in _carried(w, h) if (k, span) not in unheard}
            suspects = unheard + list(carried)
            alone = [_alone(batch[k], span) for k, span in suspects]
            for (k, span), win, hyp in zip(suspects, alone, self._transcribe(alone) if alone else []):
                mine = _words_in(batch[k], hyps[k], span)
                said = carried.get((k, span))
                if not _silence(hyp) and (not _pairs(list(hyp.words)) & said if said else len(hyp.words) > len(mine)):
                    kept = tuple(w for w in hyps[k].words if _span_of(batch[k], (w.start + w.end) / 2) is not span)
                    hyps[k] = dataclasses.replace(hyps[k], words=kept)
                    batch, hyps = batch + [win], hyps + [hyp]
            s, w = _collect(batch, hyps, self.gate)
            segments += s
            words += w
        return segments, sorted(words, key=lambda w: w.start)

    def _transcribe(self, windows: list[Window]) -> list[Hypothesis]:
        # A packed window that loops gets no words rather than the stock 30 s window's pass: that
        # pass, over the same packed clips, skipped whole turns (real-tune: a turn said twice, then
        # "I don't know, I don't know ...": 2 of its 3 clips left wordless); its clips are then
        # decoded one by one as wordless clips are (``_unheard``). A window of one clip falls back.
        audios = [np.concatenate(w.clips) for w in windows]
        hyps = self.engine.transcribe_batch(audios, window_s=self.window_s,
                                            fallback=[len(w.spans) < 2 for w in windows],
                                            no_repeat_ngram=0, timestamps=True)
        # Words the alignment puts wholly past the audio (its times clamped to the end) were made
        # up in the silence appended for the encoder: sample-mono's last clip came out "...New
        # Jersey now. I don't hear that", the last four words all at 30.00-30.00 (the file's end).
        return [dataclasses.replace(h, words=tuple(x for x in h.words if x.start < len(a) / RATE - 1e-3))
                for a, h in zip(audios, hyps)]


def _span_of(window: Window, t: float) -> Span:
    """The clip of the window a word centred at packed time ``t`` belongs to (the nearest)."""
    return min(window.spans, key=lambda s: 0.0 if s.lo <= t <= s.hi else min(abs(t - s.lo), abs(t - s.hi)))


def _words_in(window: Window, hyp: Hypothesis, span: Span) -> list[TimedWord]:
    return [w for w in hyp.words if _span_of(window, (w.start + w.end) / 2) is span]


def _unheard(window: Window, hyp: Hypothesis) -> list[Span]:
    """Clips of a packed window that got (almost) no words for their length: fewer than
    ``HEARD_MIN_WPS`` words per second (people say 2-3), none at all for a short clip."""
    if len(window.spans) < 2:
        return []  # a window of one clip was heard alone already
    return [s for s in window.spans if s.hi - s.lo >= MISSED_MIN_S
            and len(_words_in(window, hyp, s)) < max(1.0, HEARD_MIN_WPS * (s.hi - s.lo - PAD_S - PAD_END_S))]


def _pairs(words: list[TimedWord], below: float = 2.0) -> set[frozenset[str]]:
    """Neighbouring word pairs (lower case, letters and digits; in either order) whose mean
    probability is under ``below``. Either order: a carried phrase comes back reordered as well
    ("in free of I-bind of mail. | Thank you for calling, mail of, have a great day.")."""
    keys = [re.sub(r"[^\w']", "", w.text.lower()) for w in words]
    return {frozenset((keys[i], keys[i + 1])) for i in range(len(words) - 1) if words[i].p + words[i + 1].p < 2 * below}


def _carried(window: Window, hyp: Hypothesis) -> list[tuple[Span, set[frozenset[str]]]]:
    """Clips that repeat, unsure (``CARRY_P``), a word pair an earlier clip of the window said,
    with the pairs said before them. Whisper writes a packed window as one text, so a misheard
    phrase can carry into the next turn; a true repeat ("the conference has ended") is heard again
    when the clip is decoded alone, a carried one is not."""
    out: list[tuple[Span, set[frozenset[str]]]] = []
    said: set[frozenset[str]] = set()
    for span in sorted(window.spans, key=lambda s: s.lo):
        words = _words_in(window, hyp, span)
        if _pairs(words, CARRY_P) & said:
            out.append((span, set(said)))
        said |= _pairs(words)
    return out


def _alone(window: Window, span: Span) -> Window:
    """A window holding just one clip of ``window``: it is decoded again on its own."""
    packed = np.concatenate(window.clips)
    out = Window(span.turn.role)
    out.add(packed[int(span.lo * RATE):int(span.hi * RATE)].copy(), span.offset + span.lo, span.turn,
            (span.keep_lo - span.lo, span.keep_hi - span.lo))
    return out


def _silence(hyp: Hypothesis) -> bool:
    """Whisper's own rule for a pass that heard nothing (faster-whisper's no_speech and log-prob thresholds)."""
    return not hyp.words or (hyp.no_speech_prob > NO_SPEECH_PROB and hyp.avg_logprob < LOG_PROB_MIN)


def _owned(span: Span, w: TimedWord, first: bool) -> bool:
    """Whether the clip owns the word: a split turn's pieces overlap by ``CUT_OVERLAP_S``, and a word
    centred in the overlap belongs to the piece before (``keep_lo`` / ``keep_hi``). Whisper often
    leaves out the words at a piece's start that the piece before holds, and gives their time to
    the first word it writes (real-tune tune01 mixed down: "They" at 0.0-1.5 s of the piece, over
    "the pound key." of the piece before, was dropped as centred in the overlap): a first word
    that starts where the clip starts is placed by its end, which it owns when well past the cut."""
    mid = (w.start + w.end) / 2
    if span.keep_hi < span.hi and mid >= span.keep_hi:
        return False
    if span.keep_lo > span.lo and mid < span.keep_lo:
        return first and w.start - span.lo < LEAD_IN_S and w.end > span.keep_lo + PAST_CUT_S
    return True


def _collect(windows: list[Window], hyps: list[Hypothesis], gate: LeakGate) -> tuple[list[Segment], list[Word]]:
    """Words mapped back to call time through the clip they fall in, the other party's leak left
    out (``gate``); one segment per turn."""
    per_turn: dict[int, tuple[Role, list[Word]]] = {}
    for window, hyp in zip(windows, hyps):
        heard: set[int] = set()  # clips of the window with a word already
        for w in hyp.words:
            span = _span_of(window, (w.start + w.end) / 2)
            first = id(span) not in heard
            heard.add(id(span))
            if not _owned(span, w, first):
                continue  # heard again in the overlapping piece of a split turn that owns it
            lo = span.keep_lo if (w.start + w.end) / 2 < span.keep_lo else span.lo  # a first word stretched back
            start = span.offset + min(max(w.start, lo), span.hi)
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
