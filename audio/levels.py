"""Sound level per 10 ms frame, the one measure every stage judges loudness by.

The VAD's energy edges, the leak canceller, the turn snapper and both echo gates compare these
levels, so they are computed one way: mean power of each whole frame, in dB, with a floor that
keeps digital silence finite.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from coach.vocab import MODEL_RATE

FRAME = MODEL_RATE // 100  # 160 samples: 10 ms at 16 kHz
FLOOR = 1e-12  # power floor: digital silence reads -120 dB, not -inf


def frame_power(x: npt.NDArray[np.floating], frame: int = FRAME) -> npt.NDArray[np.float64]:
    """Mean power of each whole ``frame`` along the last axis; a partial frame at the end is left out.

    ``x``: (..., n) -> (..., n // frame). Taken in float64, so float32 audio near silence does not
    underflow."""
    n = x.shape[-1] // frame
    frames = np.asarray(x[..., : n * frame], dtype=np.float64).reshape(*x.shape[:-1], n, frame)  # (..., n, frame)
    return np.asarray(np.mean(frames**2, axis=-1))


def frame_db(x: npt.NDArray[np.floating], frame: int = FRAME, floor: float = FLOOR) -> npt.NDArray[np.float64]:
    """:func:`frame_power` in dB, ``floor`` added first. ``x``: (..., n) -> (..., n // frame)."""
    return np.asarray(10 * np.log10(frame_power(x, frame) + floor))
