"""A mono call's words go to the diarized speakers about as well as the stereo call's channels do.

The stereo fixture is mixed down to one channel and reviewed as a mono call (offline
diarization, the mix transcribed, each word given to the speaker heard saying it); each role's
WER is compared with the stereo review of the same call, through the real models.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import soundfile as sf

from coach.config import CoachConfig
from coach.evaluate import edit_distance, normalize_words
from coach.review import review_file
from coach.vocab import Word
from tests.conftest import CALLS, load_truth


def _wer(truth: dict[str, Any], words: tuple[Word, ...], role: str) -> float:
    ref = normalize_words(" ".join(s["text"] for s in truth["segments"] if s["role"] == role))
    hyp = normalize_words(" ".join(w.text for w in words if w.role == role).replace("\u2019", "'"))
    return edit_distance(ref, hyp) / len(ref)


@pytest.mark.slow
def test_mixed_down_stereo_call_keeps_each_roles_words(tmp_path: Path) -> None:
    name = "stereo_interrupt"
    x, sr = sf.read(CALLS / f"{name}.flac", dtype="float32", always_2d=True)
    mono = tmp_path / f"{name}_mono.wav"
    sf.write(mono, x.mean(axis=1), sr, subtype="PCM_16")
    truth = load_truth(name)
    config = CoachConfig()
    stereo = review_file(CALLS / f"{name}.flac", config)
    mixed = review_file(mono, config)
    assert set(mixed.roles) >= {"agent", "customer"}
    for role in ("agent", "customer"):
        s, m = _wer(truth, stereo.words, role), _wer(truth, mixed.words, role)
        assert m <= s + 0.15, (role, m, s, " ".join(w.text for w in mixed.words if w.role == role))
