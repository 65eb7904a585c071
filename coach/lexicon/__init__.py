"""Word lists the analyzers match: data files shipped with the package, not code.

Why data: phrase lists, distress cues and suggestions are what trainers and other companies change,
and they are long; each file here is plain TOML (one table per list), read once. The config
sections (``[phrases]``, ``[empathy]``, ``[checklist]``, ``[redact]``) take their defaults from these
files, so ``coach config --show`` prints them and a user's TOML overrides any list by name.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed lexicon file ``NAME.toml`` of this package."""
    text = resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def words(name: str, key: str) -> tuple[str, ...]:
    """One list of a lexicon file, as the config's tuple of phrases."""
    value = load(name)[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"coach/lexicon/{name}.toml: {key} must be a list of strings")
    return tuple(value)


def text(name: str, key: str) -> str:
    """One string of a lexicon file (a suggestion)."""
    value = load(name)[key]
    if not isinstance(value, str):
        raise TypeError(f"coach/lexicon/{name}.toml: {key} must be a string")
    return value
