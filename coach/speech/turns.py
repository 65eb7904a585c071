"""From speech starts/ends of both roles to closed turns and the overlaps between them.

Fed :class:`SpeechChange`s in time order (from two channel VADs, or from a diarizer), it emits
each :class:`Turn` when it ends and each :class:`Overlap` when one of the two parties stops.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from coach.vad import FRAME, FRAME_S, NOISE_REACH, energy_edge, is_sound, sound_db
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


def snap_to_energy(turns: Sequence[SpeakerTurn], samples: npt.NDArray[np.float32], refine_s: float = 0.25,
                   refine_db: float = 12.0, min_gap: float = 0.5) -> tuple[SpeakerTurn, ...]:
    """Diarized turns of a mono recording (``samples``: (n,) at 16 kHz) with each boundary that meets
    silence moved, by at most ``refine_s``, to the mix's energy edge, as a stereo channel's VAD does
    (:func:`coach.vad.energy_edge`). A diarizer's frames are 17 ms and its turns start and end
    50-100 ms off; where nobody else speaks the energy edge is exact. Frames another turn covers are
    never walked into, so overlaps (where the mix tells nothing) stay as the diarizer put them; nor
    are the edges of a pause shorter than ``min_gap`` ([vad] min_silence_s) inside one speaker's
    speech, which is inside a turn either way."""
    n = len(samples) // FRAME
    if n < 10 or not turns or refine_s <= 0:
        return tuple(turns)
    frames = samples[: n * FRAME].reshape(n, FRAME).astype(np.float64)  # (n, 160)
    db = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)  # (n,)
    near = 10 * np.log10(np.convolve(np.power(10.0, db / 10), np.ones(3) / 3, mode="same"))  # (n,) 30 ms
    cover = np.zeros(n, dtype=np.int32)  # (n,) how many turns cover each frame
    spans = [(int(round(t.start / FRAME_S)), int(round(t.end / FRAME_S))) for t in turns]
    for a, b in spans:
        cover[max(0, a): max(0, b)] += 1
    floor, loud = (float(v) for v in np.percentile(db, [10, 90]))
    quiet = near[cover == 0]
    reach = float(np.percentile(quiet, NOISE_REACH)) if len(quiet) >= round(1 / FRAME_S) else None  # 1 s of quiet
    thresh = sound_db(floor, loud, reach, refine_db)
    steps = int(round(refine_s / FRAME_S))
    out = []
    for turn, (a, b) in zip(turns, spans):
        own = np.zeros(n, dtype=bool)
        own[max(0, a): max(0, b)] = True

        def sound(i: int, own: npt.NDArray[np.bool_] = own) -> bool | None:
            if i < 0 or i >= n or cover[i] > own[i]:
                return None  # outside the audio, or another speaker's
            return is_sound(float(db[i]), [float(x) for x in db[max(0, i - 1): i + 2]], thresh)

        same = [u for u in turns if u.speaker == turn.speaker and u is not turn]
        inner_start = any(0 <= turn.start - u.end < min_gap for u in same)
        inner_end = any(0 <= u.start - turn.end < min_gap for u in same)
        start = a if inner_start else energy_edge(sound, a, True, steps, 0, a)
        end = b if inner_end else energy_edge(sound, b, False, steps, b, n)
        out.append(SpeakerTurn(turn.speaker, start * FRAME_S, end * FRAME_S) if start < end else turn)
    return tuple(sorted(out, key=lambda t: (t.start, t.end)))
