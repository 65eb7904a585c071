"""The demo call (``make demo``: ``coach review`` of stereo_interrupt) through the real models.

- A review's words do not depend on how the audio was chunked on its way in. ``coach review``
  reads a file in 1 s blocks, the benchmark and a live call push 0.1 s. Where a clip of a turn
  starts used to be a float sum of the chunk lengths, one sample off between the two, and Whisper
  heard the last agent turn differently at each.
- A misheard phrase Whisper carries from one clip of a packed window into the next, even
  reordered, is heard again alone: "in three to five business days" came out "in free of I-bind
  of mail", and the next turn "Thank you for calling, mail of, have a great day."
"""

from __future__ import annotations

import dataclasses

import pytest

from audio.sources import FileSource
from coach.config import CoachConfig
from coach.models import Models
from coach.pipeline import CallAnalysis, analyse_stereo
from tests.conftest import CALLS


@pytest.fixture(scope="module")
def reviews() -> dict[float, CallAnalysis]:
    config = CoachConfig()
    models = Models(config.models)
    out = {}
    for block_s in (0.1, 1.0):
        audio = dataclasses.replace(config.audio, block_s=block_s)
        with FileSource(CALLS / "stereo_interrupt.flac", audio) as source:
            out[block_s] = analyse_stereo(source, config, models)
    return out


@pytest.mark.slow
def test_the_same_words_at_any_push_size(reviews: dict[float, CallAnalysis]) -> None:
    words = {b: [(w.role, round(w.start, 3), w.text) for w in a.words] for b, a in reviews.items()}
    assert words[0.1], "the call has words"
    assert words[0.1] == words[1.0]


@pytest.mark.slow
def test_a_phrase_carried_into_the_last_turn_is_not_kept(reviews: dict[float, CallAnalysis]) -> None:
    """The earlier turn's misheard "in free of I-bind of mail" is not carried into "Thank you for calling ...".

    The check is on the carried words and on the turn being there, not on every word of it: which int8
    kernels the CPU runs moves whisper's words ("have a great day" came out "and my great-name" on an
    AVX-only CPU, README stop 28). On that CPU whisper does not carry the phrase at all, so there this
    test cannot fail for its reason; the scripted test in test_review_asr.py checks the rule on any CPU."""
    last = [s for s in reviews[1.0].segments if s.role == "agent"][-1].text.lower()
    assert "thank you for calling" in last, last
    assert not any(w in last for w in ("mail", "i-bind", "bind")), last
