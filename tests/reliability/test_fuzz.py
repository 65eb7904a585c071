"""Fuzzing the two ways outside data gets in: recordings (decoding) and config files (loading).

Only the project's own errors may come out, with a message that starts with the file's path:
:class:`AudioError` from a recording, :class:`ConfigError` from a config. Anything else (an
IndexError from a header parser, a MemoryError from a size field, a struct.error) would be a
traceback for the user. Derandomized, no example database: CI runs the same examples every time.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audio.sources import FileSource
from coach.config import AudioConfig, CoachConfig, ConfigError, load_config
from coach.errors import AudioError
from tests.reliability.badfiles import tones, wav_bytes

FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=120,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".m4a", "")
MAX_BLOCKS = 400  # 40 s at the default 0.1 s blocks: enough to reach any header-driven failure
AUDIO = AudioConfig(channels="0,1")  # files with more than two channels are decoded too


def _valid(fmt: str, subtype: str) -> bytes:
    buf = io.BytesIO()
    sf.write(buf, tones(0.25), 8000, format=fmt, subtype=subtype)
    return buf.getvalue()


SEEDS: dict[str, bytes] = {
    "pcm16.wav": _valid("WAV", "PCM_16"),
    "float.wav": _valid("WAV", "FLOAT"),
    "ulaw.wav": _valid("WAV", "ULAW"),
    "call.flac": _valid("FLAC", "PCM_16"),
    "built.wav": wav_bytes(channels=2, frames=400),
}


def _decode(path: Path) -> None:
    """Open and decode (a bounded number of blocks); outputs must be finite, full-scale at most."""
    try:
        with FileSource(path, AUDIO) as source:
            for chunk in itertools.islice(source, MAX_BLOCKS):
                x = chunk.samples  # (frames, columns)
                assert x.ndim == 2 and x.shape[1] in (1, 2) and x.dtype == np.float32
                assert np.isfinite(x).all() and np.abs(x).max(initial=0.0) <= 1.0
    except AudioError as exc:
        message = str(exc)
        assert message.startswith(f"{path}: ") and "\n" not in message and len(message) < 400, message


@FUZZ
@given(content=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_are_decoded_or_refused_with_one_line(tmp_path_factory: Any, content: bytes,
                                                         suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"call{suffix}"
    path.write_bytes(content)
    _decode(path)


@settings(FUZZ, max_examples=300)  # cheap: a few ms each
@given(seed=st.sampled_from(sorted(SEEDS)),
       edits=st.lists(st.tuples(st.integers(0, 95), st.integers(0, 255)), min_size=1, max_size=8),
       cut=st.none() | st.integers(0, 4000),
       suffix=st.sampled_from(SUFFIXES))
def test_mutated_headers_are_decoded_or_refused_with_one_line(tmp_path_factory: Any, seed: str,
                                                             edits: list[tuple[int, int]], cut: int | None,
                                                             suffix: str) -> None:
    """Valid WAV/FLAC files with bytes of their first 96 (the headers) overwritten, maybe cut short."""
    data = bytearray(SEEDS[seed])
    for pos, value in edits:
        if pos < len(data):
            data[pos] = value
    if cut is not None:
        data = data[:cut]
    path = tmp_path_factory.mktemp("fuzz") / f"call{suffix}"
    path.write_bytes(bytes(data))
    _decode(path)


# ---------------------------------------------------------------------------------------- config

SECTIONS = {f.name: f.default_factory for f in dataclasses.fields(CoachConfig)}
KEYS = [(s, f.name) for s, cls in SECTIONS.items() for f in dataclasses.fields(cls)]  # type: ignore[arg-type]

scalars = (st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=True, allow_infinity=True)
           | st.text(max_size=30) | st.sampled_from(["0,1", "0,3", "agents/([^/]+)/", "(", "ray", "fast"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                                              max_size=3),
                      max_leaves=6)


def _toml_string(text: str) -> str:
    """A TOML basic string: printable characters as they are, the rest escaped."""
    def escape(c: str) -> str:
        return f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else escape(c) for c in text) + '"'


def _toml_key(key: str) -> str:
    return _toml_string(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


documents = st.dictionaries(
    st.sampled_from(list(SECTIONS)) | st.text(min_size=1, max_size=8),
    st.dictionaries(st.sampled_from([k for _, k in KEYS]) | st.text(min_size=1, max_size=8), values, max_size=5)
    | values,
    max_size=4,
)


def _load(path: Path) -> None:
    try:
        config = load_config(path)
    except ConfigError as exc:
        message = str(exc)
        assert message.startswith(f"{path}: ") and "\n" not in message, message
    else:
        assert isinstance(config, CoachConfig)


@FUZZ
@given(doc=documents)
def test_random_config_documents_load_or_name_the_problem(tmp_path_factory: Any, doc: dict[str, Any]) -> None:
    lines = []
    for section, table in doc.items():
        if isinstance(table, dict):
            lines.append(f"[{_toml_key(section)}]")
            lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in table.items()]
        else:
            lines.insert(0, f"{_toml_key(section)} = {_toml_value(table)}")  # a bare key before any table
    path = tmp_path_factory.mktemp("conf") / "coach.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _load(path)


@settings(FUZZ, max_examples=300)
@given(section_key=st.sampled_from(KEYS), value=values)
def test_any_value_for_a_known_key_loads_or_names_the_key(tmp_path_factory: Any, section_key: tuple[str, str],
                                                         value: Any) -> None:
    section, key = section_key
    path = tmp_path_factory.mktemp("conf") / "coach.toml"
    path.write_text(f"[{section}]\n{key} = {_toml_value(value)}\n", encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as exc:
        assert str(exc).startswith(f"{path}: [{section}] {key}"), str(exc)


@FUZZ
@given(content=st.binary(max_size=512))
def test_random_bytes_as_config(tmp_path_factory: Any, content: bytes) -> None:
    path = tmp_path_factory.mktemp("conf") / "coach.toml"
    path.write_bytes(content)
    _load(path)
