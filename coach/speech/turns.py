"""From speech starts/ends of both roles to closed turns and the overlaps between them.

Fed :class:`SpeechChange`s in time order (from two channel VADs, or from a diarizer), it emits
each :class:`Turn` when it ends and each :class:`Overlap` when one of the two parties stops.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from audio.edges import GAP_FRAMES, energy_edge, is_sound, sound_db
from audio.levels import frame_db
from coach.vad import FRAME, FRAME_S, NOISE_REACH
from coach.vocab import ROLES, Overlap, Role, SpeakerTurn, SpeechChange, Turn, other_role


class TurnBuilder:
    """Stateful: remembers who is speaking since when."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._open: dict[Role, float] = {}  # role -> start of its current turn
        self._overlap_start: float | None = None
        self._overlap_first: Role | None = None

    def is_speaking(self, role: Role) -> bool:
        return role in self._open

    def push(self, change: SpeechChange) -> list[Turn | Overlap]:
        """Apply one change (changes must arrive in time order); return what it closed."""
        out: list[Turn | Overlap] = []
        role, other = change.role, other_role(change.role)
        if change.speaking:
            if role in self._open:
                return out
            self._open[role] = change.t
            if other in self._open:
                self._overlap_start = change.t
                self._overlap_first = other
            return out
        if role not in self._open:
            return out
        start = self._open.pop(role)
        if self._overlap_start is not None and self._overlap_first is not None:
            if change.t > self._overlap_start:
                second = other_role(self._overlap_first)
                out.append(Overlap(self._overlap_start, change.t, self._overlap_first, second))
            self._overlap_start = self._overlap_first = None
        out.append(Turn(role, start, max(start, change.t)))
        return out

    def push_all(self, changes: Iterable[SpeechChange]) -> list[Turn | Overlap]:
        return [r for c in changes for r in self.push(c)]

    def finish(self, end: float) -> list[Turn | Overlap]:
        """Close whatever is still open at the end of the call."""
        out: list[Turn | Overlap] = []
        for role in ROLES:
            if role in self._open:
                out += self.push(SpeechChange(role, end, False, end))
        return out


def merge_changes(*streams: Iterable[SpeechChange]) -> list[SpeechChange]:
    """Interleave per-role change lists by boundary time (ends before starts at the same instant)."""
    return sorted((c for s in streams for c in s), key=lambda c: (c.t, c.speaking))


def edge_threshold(db: npt.NDArray[np.float64], quiet: npt.NDArray[np.bool_], refine_db: float) -> float:
    """The mix energy (dB) that counts as sound: the channel VAD's rule (:func:`audio.edges.sound_db`)
    on 10 ms energies ``db`` (n,), the line's noise measured where ``quiet`` (n,) says nobody speaks
    (once there is 1 s of it)."""
    near = 10 * np.log10(np.convolve(np.power(10.0, db / 10), np.ones(3) / 3, mode="same"))  # (n,) 30 ms
    floor, loud = (float(v) for v in np.percentile(db, [10, 90]))
    reach = float(np.percentile(near[quiet], NOISE_REACH)) if quiet.sum() >= round(1 / FRAME_S) else None
    return sound_db(floor, loud, reach, refine_db)


def walk_edge(db: npt.NDArray[np.float64], k: int, starting: bool, steps: int, thresh: float,
              others: npt.NDArray[np.bool_], lo: int = 0, hi: int | None = None) -> int:
    """Where a diarized boundary at frame ``k`` of the mix's 10 ms energies ``db`` (n,) goes
    (:func:`audio.edges.energy_edge`). A frame ``others`` (n,) marks as another speaker's is not walked
    into while it has sound (the mix cannot tell whose it is), but a pause (silent for longer than
    a stop closure, ``GAP_FRAMES``) is nobody's: a boundary that another speaker's turn also covers
    still leaves it, as two starts the diarizer put in one pause both go to the speech that ends it."""
    n = len(db)
    a0, a1 = max(0, k - steps - GAP_FRAMES - 1), min(n, k + steps + GAP_FRAMES + 1)
    heard = [is_sound(float(db[i]), [float(x) for x in db[max(0, i - 1): i + 2]], thresh) for i in range(a0, a1)]
    pause = np.zeros(a1 - a0, dtype=bool)  # silent frames in a run longer than a stop closure
    i = 0
    while i < len(heard):
        j = i
        while j < len(heard) and not heard[j]:
            j += 1
        pause[i:j] = j - i > GAP_FRAMES
        i = j + 1

    def sound(i: int) -> bool | None:
        if i < a0 or i >= a1:
            return None
        if others[i] and not pause[i - a0]:
            return None
        return heard[i - a0]

    return energy_edge(sound, k, starting, steps, lo, n if hi is None else hi)


def snap_to_energy(turns: Sequence[SpeakerTurn], samples: npt.NDArray[np.float32], refine_s: float = 0.25,
                   refine_db: float = 12.0, min_gap: float = 0.5) -> tuple[SpeakerTurn, ...]:
    """Diarized turns of a mono recording (``samples``: (n,) at 16 kHz) with each boundary that meets
    silence moved, by at most ``refine_s``, to the mix's energy edge, as a stereo channel's VAD does
    (:func:`walk_edge`). A diarizer's frames are 17 ms and its turns start and end 50-100 ms off;
    where nobody else speaks the energy edge is exact. Sound another turn covers is never walked
    into, so overlaps (where the mix tells nothing) stay as the diarizer put them; nor are the edges
    of a pause shorter than ``min_gap`` ([vad] min_silence_s) inside one speaker's speech, which is
    inside a turn either way."""
    db = frame_db(samples)  # (n,) 10 ms levels
    n = len(db)
    if n < 10 or not turns or refine_s <= 0:
        return tuple(turns)
    cover = np.zeros(n, dtype=np.int32)  # (n,) how many turns cover each frame
    spans = [(int(round(t.start / FRAME_S)), int(round(t.end / FRAME_S))) for t in turns]
    for a, b in spans:
        cover[max(0, a): max(0, b)] += 1
    thresh = edge_threshold(db, cover == 0, refine_db)
    steps = int(round(refine_s / FRAME_S))
    out = []
    for turn, (a, b) in zip(turns, spans):
        own = np.zeros(n, dtype=np.int32)
        own[max(0, a): max(0, b)] = 1
        others = cover > own
        same = [u for u in turns if u.speaker == turn.speaker and u is not turn]
        inner_start = any(0 <= turn.start - u.end < min_gap for u in same)
        inner_end = any(0 <= u.start - turn.end < min_gap for u in same)
        start = a if inner_start else walk_edge(db, a, True, steps, thresh, others, 0, a)
        end = b if inner_end else walk_edge(db, b, False, steps, thresh, others, b, n)
        out.append(SpeakerTurn(turn.speaker, start * FRAME_S, end * FRAME_S) if start < end else turn)
    return tuple(sorted(out, key=lambda t: (t.start, t.end)))


class MixEnergy:
    """The recent 10 ms energies of a live mono mix, so the live diarizer's boundaries go to its
    energy edges as the review's do (:func:`snap_to_energy`). Memory: ``history_s`` of floats."""

    def __init__(self, refine_s: float = 0.25, refine_db: float = 12.0, history_s: float = 30.0) -> None:
        self.steps = int(round(refine_s / FRAME_S))
        self.refine_db = refine_db
        self.history_s = history_s  # how far back the energies (and the spans judged by them) reach
        self.keep = int(round(history_s / FRAME_S))  # frames
        self.reset()

    def reset(self) -> None:
        self._db = np.zeros(0)  # (frames,) energies of the newest frames
        self._first = 0  # frame index (from the first sample) of _db[0]
        self._rest = np.zeros(0, dtype=np.float32)  # samples of the frame not yet whole

    def push(self, samples: npt.NDArray[np.float32]) -> None:
        """samples: (n,) the mix at 16 kHz, following the last push."""
        x = np.concatenate([self._rest, samples.astype(np.float32)])
        whole = len(x) // FRAME * FRAME
        self._db = np.concatenate([self._db, frame_db(x[:whole])])
        self._rest = x[whole:]
        drop = max(0, len(self._db) - self.keep)
        self._db, self._first = self._db[drop:], self._first + drop

    def snap(self, t: float, starting: bool, others: Sequence[tuple[float, float]],
             spoken: Sequence[tuple[float, float]], known: float) -> float:
        """Where a boundary at time ``t`` (s from the first sample) goes: at most ``refine_s`` away,
        never into sound of ``others`` (the other voice's spans), never past ``known`` (the time up
        to which who speaks is decided); ``spoken``: every span heard, so the rest measures the noise."""
        n = len(self._db)
        limit = min(n, int(round(known / FRAME_S)) - self._first)
        k = int(round(t / FRAME_S)) - self._first
        if self.steps <= 0 or limit < round(1 / FRAME_S) or not 0 <= k <= limit:
            return t
        db = self._db[:limit]
        other = np.zeros(limit, dtype=bool)
        heard = np.zeros(limit, dtype=bool)
        for spans, mask in ((others, other), (spoken, heard)):
            for a, b in spans:
                mask[max(0, int(round(a / FRAME_S)) - self._first):max(0, int(round(b / FRAME_S)) - self._first)] = True
        thresh = edge_threshold(db, ~heard, self.refine_db)
        edge = walk_edge(db, k, starting, self.steps, thresh, other, 0, limit)
        return (edge + self._first) * FRAME_S
