"""Frame levels: what a known sound reads, per channel, and silence."""

from __future__ import annotations

import numpy as np

from audio.levels import FRAME, frame_db


def test_a_full_scale_sine_reads_minus_3_db_per_frame_and_the_partial_frame_is_left_out() -> None:
    t = np.arange(FRAME * 5 + 37) / 16_000
    sine = np.sin(2 * np.pi * 1000 * t).astype(np.float32)  # (837,) 1 kHz: whole cycles per 10 ms
    db = frame_db(sine)
    assert db.shape == (5,)
    np.testing.assert_allclose(db, 10 * np.log10(0.5), atol=0.01)


def test_channels_are_judged_apart_and_silence_is_finite() -> None:
    loud = np.full(FRAME * 3, 0.1, np.float32)  # -20 dB
    stereo = np.stack([loud, np.zeros_like(loud)])  # (2, 480)
    db = frame_db(stereo)
    assert db.shape == (2, 3)
    np.testing.assert_allclose(db[0], -20.0, atol=1e-6)
    np.testing.assert_allclose(db[1], -120.0)
