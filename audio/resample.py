"""Resampling to the 16 kHz the speech models expect (polyphase, anti-aliased)."""

from __future__ import annotations

from math import gcd

import numpy as np
import numpy.typing as npt
from scipy.signal import resample_poly

MODEL_RATE = 16_000


def to_rate(x: npt.NDArray[np.float32], rate: int, target: int = MODEL_RATE) -> npt.NDArray[np.float32]:
    """Resample a mono signal (shape (n,)) from ``rate`` to ``target`` Hz."""
    if rate == target:
        return x.astype(np.float32, copy=False)
    g = gcd(rate, target)
    return resample_poly(x, target // g, rate // g).astype(np.float32)
