"""Every bad config value names its ``[section] key`` and what is allowed, for every field of every section.

The fields are enumerated from the dataclasses, so a field added later is covered without a new test.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import pytest

from coach.config import CoachConfig, ConfigError, load_config


def _fields() -> list[tuple[str, dataclasses.Field[Any]]]:
    out = []
    for section in dataclasses.fields(CoachConfig):
        cls = section.default_factory
        out += [(section.name, f) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    return out


FIELDS = _fields()
NUMERIC = [(s, f) for s, f in FIELDS if type(f.default) in (int, float)]
RANGED = [(s, f) for s, f in NUMERIC if f.metadata.get("min") is not None or f.metadata.get("max") is not None]
CHOICES = [(s, f) for s, f in FIELDS if f.metadata.get("choices")]


def _toml(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if value != value else ("inf" if value > 0 else "-inf")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def _load_error(tmp_path: Path, section: str, key: str, value: Any) -> str:
    path = tmp_path / "coach.toml"
    path.write_text(f"[{section}]\n{key} = {_toml(value)}\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert message.startswith(f"{path}: [{section}] {key}: "), message
    assert "\n" not in message
    return message


def _range_text(meta: Any) -> list[str]:
    return [str(meta[k]) for k in ("min", "max") if meta.get(k) is not None]


def test_the_enumeration_sees_every_section() -> None:
    assert len({s for s, _ in FIELDS}) == len(dataclasses.fields(CoachConfig))
    assert len(RANGED) >= 40 and len(CHOICES) >= 3  # the config has dozens of ranged fields today


@pytest.mark.parametrize(("section", "field"), RANGED, ids=[f"{s}.{f.name}" for s, f in RANGED])
def test_out_of_range_value_names_the_key_and_the_range(tmp_path: Path, section: str,
                                                       field: dataclasses.Field[Any]) -> None:
    meta = field.metadata
    lo, hi = meta.get("min"), meta.get("max")
    step = 1 if type(field.default) is int else 0.5
    cast: Any = type(field.default)
    bad_values = ([cast(hi + step)] if hi is not None else []) + ([cast(lo - step)] if lo is not None else [])
    for value in bad_values:
        message = _load_error(tmp_path, section, field.name, value)
        assert "out of range" in message and all(bound in message for bound in _range_text(meta)), message
    # A value of the wrong type names the range too (and true is not a number here).
    for value in ("many", True):
        message = _load_error(tmp_path, section, field.name, value)
        assert f"expected {cast.__name__}" in message and all(b in message for b in _range_text(meta)), message
    if cast is float:
        for value in (math.nan, math.inf):
            message = _load_error(tmp_path, section, field.name, value)
            assert all(bound in message for bound in _range_text(meta)), message


@pytest.mark.parametrize(("section", "field"), CHOICES, ids=[f"{s}.{f.name}" for s, f in CHOICES])
def test_a_value_outside_the_choices_lists_them(tmp_path: Path, section: str, field: dataclasses.Field[Any]) -> None:
    message = _load_error(tmp_path, section, field.name, "no-such-choice")
    assert "'no-such-choice' is not allowed" in message
    assert all(repr(choice) in message for choice in field.metadata["choices"]), message


def test_every_default_is_inside_its_own_range() -> None:
    for section, f in RANGED:
        lo, hi = f.metadata.get("min"), f.metadata.get("max")
        assert (lo is None or f.default >= lo) and (hi is None or f.default <= hi), f"[{section}] {f.name}"


@pytest.mark.parametrize(("section", "key", "value", "expected"), [
    ("history", "agent_pattern", "agents/(", "is not a regular expression"),
    ("audio", "channels", "0,0", "two different channel numbers"),
    ("audio", "channels", "1", "two different channel numbers"),
    ("audio", "channels", "a,b", "two different channel numbers"),
    ("vad", "neg_threshold", 0.9, "neg_threshold"),
])
def test_values_checked_beyond_their_range(tmp_path: Path, section: str, key: str, value: Any, expected: str) -> None:
    """Values that only fail when used (a regex, a channel pair) fail when the config loads, named."""
    assert expected in _load_error(tmp_path, section, key, value)


def test_config_paths_that_are_not_readable_files(tmp_path: Path) -> None:
    folder = tmp_path / "conf.d"
    folder.mkdir()
    with pytest.raises(ConfigError, match=f"^{folder}: is a folder, not a config file$"):
        load_config(folder)
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")
    binary = tmp_path / "coach.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match=f"^{binary}: not valid TOML"):
        load_config(binary)
