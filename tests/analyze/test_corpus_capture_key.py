"""The coaching corpus scorer's capture cache: a capture is reused only for the pipeline that made it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from benchmarks.coaching_corpus import score
from coach.config import CoachConfig


def _audio(tmp_path: Path) -> Path:
    p = tmp_path / "call.flac"
    p.write_bytes(b"not really audio, only its bytes are hashed")
    return p


def test_key_changes_with_any_setting_before_the_coach(tmp_path: Path) -> None:
    audio, config = _audio(tmp_path), CoachConfig()
    other_asr = dataclasses.replace(config, asr=dataclasses.replace(config.asr, review_model="whisper-tiny.en"))
    other_echo = dataclasses.replace(config, echo=dataclasses.replace(config.echo, enabled=not config.echo.enabled))
    assert score._key(audio, other_asr) != score._key(audio, config)
    assert score._key(audio, other_echo) != score._key(audio, config)  # a section the old key left out


def test_key_ignores_the_coachs_own_settings_which_a_replay_applies(tmp_path: Path) -> None:
    audio, config = _audio(tmp_path), CoachConfig()
    tuned = dataclasses.replace(config, phrases=dataclasses.replace(config.phrases, rare_zipf=0.0),
                                empathy=dataclasses.replace(config.empathy, sentiment_below=-1.0))
    assert score._key(audio, tuned) == score._key(audio, config)


def test_pipeline_code_is_in_the_key_and_the_analyzers_are_not() -> None:
    names = {str(p).replace("\\", "/") for p in score.pipeline_sources()}
    assert any(n.endswith("coach/asr/review.py") for n in names)
    assert any(n.endswith("coach/speech/leak.py") for n in names)
    assert any(n.endswith("coach/analyze/prosody.py") for n in names)  # frames are made before the coach
    assert not any(n.endswith("coach/analyze/phrases.py") for n in names)


def test_a_bad_config_file_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[asr]\nreview_pack_s = "x"\n')
    assert score.main(["--config", str(bad), "--corpus", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(str(bad)) and "review_pack_s" in err and "\n" not in err
