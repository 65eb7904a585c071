"""The demo call (``make demo``: ``coach review`` of stereo_interrupt) through the real models.

A misheard phrase Whisper carries from one clip of a packed window into the next, even
reordered, is heard again alone: "in three to five business days" came out "in free of I-bind
of mail", and the next turn "Thank you for calling, mail of amma great mail."
"""

from __future__ import annotations

import pytest

from coach.config import CoachConfig
from coach.review import review_file
from tests.conftest import CALLS


@pytest.mark.slow
def test_a_phrase_carried_into_the_last_turn_is_not_kept() -> None:
    review = review_file(CALLS / "stereo_interrupt.flac", CoachConfig())
    last = [s for s in review.segments if s.role == "agent"][-1].text
    assert "great day" in last.lower() and "mail" not in last.lower(), last
