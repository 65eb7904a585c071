"""A review's words do not depend on how the recording's audio was chunked on its way in.

``coach review`` reads a file in 1 s blocks, the benchmark and a live call push 0.1 s. Where a
clip of a turn starts used to be a float sum of the chunk lengths, one sample off between the two,
and Whisper heard stereo_interrupt's last agent turn as "Thank you for calling, mail of amma great
mail." at 1 s and "... Baylor. Have a great day." at 0.1 s. Real models, a real fixture.
"""

from __future__ import annotations

import dataclasses

import pytest

from audio.sources import FileSource
from coach.config import CoachConfig
from coach.models import Models
from coach.pipeline import analyse_stereo
from tests.conftest import CALLS


@pytest.mark.slow
def test_the_same_words_at_any_push_size() -> None:
    config = CoachConfig()
    models = Models(config.models)
    words = {}
    for block_s in (0.1, 1.0):
        audio = dataclasses.replace(config.audio, block_s=block_s)
        with FileSource(CALLS / "stereo_interrupt.flac", audio) as source:
            analysis = analyse_stereo(source, config, models)
        words[block_s] = [(w.role, round(w.start, 3), w.text) for w in analysis.words]
    assert [t.start for t in analysis.turns], "the call has turns"
    assert words[0.1] == words[1.0]
