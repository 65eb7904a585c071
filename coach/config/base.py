"""The machinery every config section shares: a documented, range-checked field and the
validating mixin. Sections live beside it, grouped by the rooms that read them."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import field, fields
from typing import Any

CONFIG_ENV = "COACH_CONFIG"
"""Environment variable naming a TOML config file (overridden by ``--config``)."""


class ConfigError(ValueError):
    """A config value is wrong; the message names the key and what is allowed."""


def setting(
    default: Any,
    doc: str,
    *,
    min: float | None = None,  # noqa: A002 - reads naturally at the call site
    max: float | None = None,  # noqa: A002
    choices: tuple[str, ...] | None = None,
) -> Any:
    """A documented, range-checked config field."""
    return field(default=default, metadata={"doc": doc, "min": min, "max": max, "choices": choices})


def _allowed(meta: dict[str, Any]) -> str:
    if meta.get("choices"):
        return "one of " + ", ".join(repr(c) for c in meta["choices"])
    lo, hi = meta.get("min"), meta.get("max")
    if lo is not None and hi is not None:
        return f"between {lo} and {hi}"
    if lo is not None:
        return f">= {lo}"
    if hi is not None:
        return f"<= {hi}"
    return "any value of its type"


class Section:
    """Mixin for a config section: validates every field against its metadata."""

    SECTION: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            meta = f.metadata
            where = f"[{self.SECTION}] {f.name}"
            expected = type(f.default) if f.default is not dataclasses.MISSING else None
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                object.__setattr__(self, f.name, float(value))
                value = float(value)
            if expected is tuple and isinstance(value, list):  # TOML arrays arrive as lists
                value = tuple(value)
                object.__setattr__(self, f.name, value)
            if expected is tuple and isinstance(value, tuple) and not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: expected a list of strings, got {list(value)!r}")
            allowed = _allowed(dict(meta))
            hint = f"; use {allowed}" if allowed != "any value of its type" else ""
            wrong_bool = isinstance(value, bool) and expected in (int, float)  # bool is an int to Python
            if expected is not None and (wrong_bool or not isinstance(value, expected)):
                raise ConfigError(f"{where}: expected {expected.__name__}, got {value!r}{hint}")
            if isinstance(value, bool):
                continue
            if isinstance(value, float) and not math.isfinite(value):
                raise ConfigError(f"{where}: {value!r} is not a finite number{hint or '; use a finite number'}")
            if meta.get("choices") and value not in meta["choices"]:
                raise ConfigError(f"{where}: {value!r} is not allowed; use {_allowed(dict(meta))}")
            if isinstance(value, (int, float)):
                lo, hi = meta.get("min"), meta.get("max")
                if value != value or (lo is not None and value < lo) or (hi is not None and value > hi):
                    raise ConfigError(f"{where}: {value!r} is out of range; use {_allowed(dict(meta))}")


