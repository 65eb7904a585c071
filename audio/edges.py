"""Energy edges of speech on 10 ms frames: where a boundary placed on a coarser grid (Silero's 32 ms windows,
a diarizer's 17 ms frames) really lies.

Pure functions, shared by the channel VAD (``coach.vad``) and the mono path's mix edges
(``coach.speech.turns``): which frame energy counts as sound, whether a frame is sound, and how far a
start or end moves to the edge.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

MIN_REFINE_DB = 4.0  # the least energy over the floor that counts as sound, however noisy the line
GAP_FRAMES = 8  # silent 10 ms frames a boundary search crosses: a stop closure inside a word (50-100 ms),
# which on a noisy line also takes the quiet frames beside it that sink under the noise


def sound_db(floor: float, loud: float, reach: float | None, refine_db: float, noisy: bool = False) -> float:
    """Frame energy (dB) that counts as sound: over the floor (a low percentile of the channel's frames) by
    the largest of MIN_REFINE_DB, the noise's reach (``reach``: a high percentile of the 32 ms energies
    where Silero is sure there is no speech, plus 1 dB; None until known) and a quarter of the way to the
    loud frames, but never by more than ``refine_db``. On a ``noisy`` line whose noise is known the quarter
    is left out, so sound is what the noise does not reach: the quarter sat 3-4 dB over the reach there and
    cut recorded voices' audible tails (real-tune SNR 20: turns ended 0.1 s early)."""
    noise = reach - floor + 1.0 if reach is not None else MIN_REFINE_DB
    if noisy and reach is not None:
        return floor + min(refine_db, max(MIN_REFINE_DB, noise))
    return floor + min(refine_db, max(MIN_REFINE_DB, noise, (loud - floor) / 4))


def is_sound(e: float, near: list[float], thresh: float) -> bool:
    """A 10 ms frame of energy ``e`` is sound when it and its 30 ms neighbourhood (``near``, itself
    included) are over ``thresh``: one frame of line noise that pokes over it is not, and a sharp
    clean edge stays where it is."""
    return bool(e > thresh and 10 * np.log10(np.mean(np.power(10.0, np.array(near) / 10))) > thresh)


def energy_edge(sound: Callable[[int], bool | None], k: int, starting: bool, max_steps: int, lo: int,
                hi: int) -> int:
    """The frame index a boundary at frame ``k`` moves to, by at most ``max_steps`` frames.

    A start (frame k the first of speech) moves back over sound frames that precede it (crossing
    gaps of up to GAP_FRAMES silent frames, as inside a word; not before frame ``lo``), else forward
    over silent ones. An end (frame k - 1 the last of speech) moves forward over sound that follows
    (not past boundary ``hi``), else back over silent frames. ``sound(i)`` is None where nothing is
    known (or the frame is not this speaker's to judge): the walk stops there.
    """
    if starting:
        earliest, gap = k, 0
        for i in range(k - 1, k - max_steps - 1, -1):
            if i < lo:
                break
            s = sound(i)
            if s:
                earliest, gap = i, 0
            elif s is None or (gap := gap + 1) > GAP_FRAMES:
                break
        if earliest < k:
            return earliest
        for _ in range(max_steps):
            if sound(k) is False:
                k += 1
            else:
                break
        return k
    latest, gap = k, 0
    for i in range(k, k + max_steps):
        if i + 1 > hi:
            break
        s = sound(i)
        if s:
            latest, gap = i + 1, 0
        elif s is None or (gap := gap + 1) > GAP_FRAMES:
            break
    if latest > k:
        return latest
    for _ in range(max_steps):
        if sound(k - 1) is False:
            k -= 1
        else:
            break
    return k
