"""The review benchmark's shifted runs: the same call, one alignment later, for every system alike."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audio.decode import probe, read_all
from benchmarks.review_asr_sets import EvalCall, shifted


def test_a_shifted_call_is_the_same_audio_k_samples_later_on_every_channel(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = (rng.integers(-20000, 20000, size=(8000, 2)) / 32768).astype(np.float32)  # (n, 2) 16-bit values
    sf.write(tmp_path / "call.flac", x, 8000, subtype="PCM_16")
    sf.write(tmp_path / "mix.flac", x.mean(axis=1), 8000, subtype="PCM_16")
    call = EvalCall("s", "c", tmp_path / "mix.flac", True, {"agent": "a", "customer": "b"},
                    stereo=tmp_path / "call.flac")
    assert shifted(call, 0, tmp_path) is call
    one = shifted(call, 3, tmp_path)
    assert one.name == "c+3" and one.reference == call.reference
    assert one.stereo is not None
    got, twin = read_all(probe(one.audio)), read_all(probe(one.stereo))
    np.testing.assert_array_equal(got, read_all(probe(call.audio))[3:])  # no rounding on the way
    np.testing.assert_array_equal(twin, read_all(probe(call.stereo))[3:])
    assert probe(one.audio).sample_rate == 8000


def test_where_places_a_word_only_coach_lost_at_its_turn_start_and_a_swap_inside() -> None:
    from benchmarks.review_asr_where import Where, alignment
    from coach.evaluate import normalize_words as words_of

    assert alignment(["a", "b"], ["b"]) == [(0, None), (1, 0)]
    ref = words_of("thank you for calling this is sam how can i help")
    heard = words_of("you for calling this is pam how can i help")  # the first word lost, one swapped
    coach = [(w, 10.3 + 0.3 * k, 10.5 + 0.3 * k) for k, w in enumerate(heard)]
    plain = list(ref)
    found = Where()
    found.add(ref, coach, plain, turns=[(10.0, 14.0)], others=[(11.7, 12.5)])
    assert found.counts == {("coach only", "turn start"): 1, ("coach only", "inside a turn, other speaking"): 1}
    assert "[-] you for" in found.stretches[0] and "[pam]" in found.stretches[1]


def test_asr_overrides_give_coach_review_typed_settings_and_refuse_an_unknown_one(
        capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.review_asr import asr_overrides
    from coach.config import load_config

    config = load_config(None)
    changed = asr_overrides(config, ["review_beam=5", "review_pack_s=23"])
    assert (changed.asr.review_beam, changed.asr.review_pack_s) == (5, 23.0)
    assert isinstance(changed.asr.review_beam, int) and changed.asr.review_window_s == config.asr.review_window_s
    with pytest.raises(SystemExit) as stop:
        asr_overrides(config, ["review_bean=5"])
    assert stop.value.code == 2 and "asr.review_bean" in capsys.readouterr().err
