"""Packing a role's finished turns into review windows: the audio of turns back to back.

Finished turns are packed (with a short gap of silence, so words of two turns never merge) into
windows of ``review_pack_s`` seconds of speech; a turn longer than a window is split at a pause,
the pieces overlapping by ``CUT_OVERLAP_S`` (a word centred in the overlap belongs to one piece).
Only a bounded window of each role's recent audio is kept (a turn's start is known only when it
closes), so memory does not grow with the call. :mod:`coach.asr.review` decodes the windows.

Each role packs into its own :class:`Stream` of windows, or (``review_pack_roles = "together"``)
both roles into one, in the order their turns close: each clip is still its own channel's audio
(no crosstalk), its span names its turn, so words go back to their role as within one role's window.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from audio.resample import MODEL_RATE
from coach.vocab import Role, SpeechChange, Turn

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
SETTLE_S = 5.0  # while a role is quiet, audio kept for a turn the speech stage may still start in the past


@dataclass(frozen=True)
class Span:
    """Where a clip of a turn lies in packed audio, and how to get back to call time."""

    lo: float  # packed time where the clip starts
    hi: float  # ... and ends
    offset: float  # call time = packed time + offset
    turn: Turn
    keep_lo: float  # words centred outside [keep_lo, keep_hi] belong to the neighbouring piece
    keep_hi: float  # of a split turn (pieces overlap by CUT_OVERLAP_S)


@dataclass
class Window:
    """Clips packed for one Whisper window (of ``role``, but for the call's last two, which may share
    one, and every window of roles packed together: each clip's turn says whose words it holds);
    times in the window's own seconds."""

    role: Role
    clips: list[npt.NDArray[np.float32]] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
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
        self.spans.append(Span(at, at + duration, call_start - at, turn, at + keep[0], at + min(keep[1], duration)))
        self.length += duration

    def extend(self, other: Window) -> None:
        """Append every clip of ``other`` (it fits: the caller checked)."""
        for clip, span in zip(other.clips[::2], other.spans):  # other's clips and its gaps alternate
            keep = (span.keep_lo - span.lo, span.keep_hi - span.lo)
            self.add(clip, span.offset + span.lo, span.turn, keep)


def quietest_cut(clip: npt.NDArray[np.float32], limit: int) -> int:
    """A sample index <= ``limit`` to split a long clip at: the quietest 0.1 s in the last
    ``SPLIT_SEARCH_S`` before it (a pause between words, rather than the middle of one)."""
    lo = max(FRAME, limit - int(SPLIT_SEARCH_S * RATE))
    frames = clip[lo:limit][: (limit - lo) // FRAME * FRAME].reshape(-1, FRAME)  # (k, FRAME)
    if len(frames) < 10:
        return limit
    energy = np.convolve((frames ** 2).mean(axis=1), np.ones(10) / 10, mode="valid")  # (k - 9,) 0.1 s means
    return lo + (int(np.argmin(energy)) + 5) * FRAME


class Stream:
    """Windows being filled, clip after clip: one role's, or both roles' packed together."""

    def __init__(self, role: Role) -> None:
        self.role = role  # the role of its windows (the first role's when roles are packed together)
        self.windows: list[Window] = []  # full windows
        self.open = Window(role)

    def close(self) -> None:
        if self.open.clips:
            self.windows.append(self.open)
        self.open = Window(self.role)


class Packer:
    """One role's recent audio and closed turns, packed into windows as the turns' audio arrives:
    into its own :class:`Stream`, or one it shares with the other role (``stream``)."""

    def __init__(self, role: Role, pack_s: float, keep_s: float, start: float, stream: Stream | None = None) -> None:
        self.role = role
        self.pack_s = pack_s  # seconds of audio packed into one window
        self.keep_s = keep_s  # at most this much audio is kept for a turn still open
        self._chunks: deque[npt.NDArray[np.float32]] = deque()  # as pushed: no copying per chunk
        # Sample counts, not float call times, say where kept audio starts and where the last clip
        # ended: a clip's samples then depend only on the turn's times, not on how the audio was
        # pushed (float sums of chunk lengths put a clip one sample off at 1 s pushes against 0.1 s,
        # and Whisper heard stereo_interrupt's last turn as "mail of amma great mail" instead of
        # "Baylor. Have a great day.").
        self._origin = start  # call time of sample 0
        self._dropped = 0  # samples dropped from the front: the first kept one is sample _dropped
        self._n = 0  # samples kept
        self._pending: list[Turn] = []  # closed turns whose audio has not all arrived
        # A turn still open starts after the role's last closed turn; its start is known when it closes.
        self._closed_end = start  # end of the role's last closed turn
        self._placed_to = 0  # sample where the last placed clip ends: the next one starts no earlier
        self._speaking = False  # as the speech stage's last change for this role said
        self._quiet_from = start  # where that change said the role stopped
        self._told = False  # whether the caller passes the speech changes at all
        self.stream = stream or Stream(role)

    @property
    def windows(self) -> list[Window]:
        """Full windows of the stream (both roles' when shared)."""
        return self.stream.windows

    @property
    def open(self) -> Window:
        return self.stream.open

    def push(self, audio: npt.NDArray[np.float32], turns: tuple[Turn, ...],
             changes: tuple[SpeechChange, ...] | None = None, place: bool = True) -> None:
        """The role's new audio and the turns that closed; ``place``: place every turn whose audio
        has all arrived now (else the caller takes them with :meth:`ready` and places them in the
        call's order among the other role's, then calls :meth:`trim`)."""
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
        if place:
            for turn in self.ready():
                self.place(turn)
            self.trim()

    def ready(self, every: bool = False) -> list[Turn]:
        """Pending turns whose audio has all arrived (``every``: all of them, at the call's end),
        taken off the pending list: the caller places them now."""
        end = self._start + self._n / RATE
        out: list[Turn] = []
        while self._pending and (every or self._pending[0].end + PAD_END_S <= end):
            out.append(self._pending.pop(0))
        return out

    @property
    def _start(self) -> float:
        """Call time of the first kept sample."""
        return self._origin + self._dropped / RATE

    @property
    def kept_s(self) -> float:
        return self._n / RATE

    @property
    def kept_from(self) -> float:
        """Call time of the first sample kept."""
        return self._start

    def finish(self) -> None:
        for turn in self.ready(every=True):
            self.place(turn)
        self.close()

    def close(self) -> None:
        self.stream.close()

    def place(self, turn: Turn) -> None:
        """Copy the turn's audio into the open window (splitting a turn longer than a window)."""
        # The pads of two close turns would hold the same audio twice (a word in it heard twice):
        # a clip starts where the last one ended at the earliest.
        a = max(0, max(self._sample(turn.start - PAD_S), self._placed_to) - self._dropped)
        b = max(a, self._sample(turn.end + PAD_END_S) - self._dropped)
        clip = self._samples(a, b)
        if len(clip) < int(0.05 * RATE):
            return
        self._placed_to = self._dropped + a + len(clip)
        call_start = self._origin + (self._dropped + a) / RATE
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
            cut = quietest_cut(clip, limit)
            self.open.add(clip[:cut].copy(), call_start, turn, (keep_from, cut / RATE))
            self.close()
            start = max(cut - overlap, 1)
            keep_from = (cut - start) / RATE
            call_start += start / RATE
            clip = clip[start:]

    def _sample(self, t: float) -> int:
        """The sample at call time ``t``, counted from ``_origin``."""
        return int(round((t - self._origin) * RATE))

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

    def trim(self) -> None:
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
            self._dropped += n
