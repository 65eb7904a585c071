"""The whole configuration: the sections together, TOML in and documented TOML out."""

from __future__ import annotations

import errno
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from coach.config.app import (
    AudioConfig,
    BatchConfig,
    HistoryConfig,
    LiveConfig,
    ModelsConfig,
    RedactConfig,
    SessionConfig,
    UiConfig,
)
from coach.config.base import CONFIG_ENV, ConfigError, _allowed
from coach.config.coaching import (
    ChecklistConfig,
    EmpathyConfig,
    NudgesConfig,
    PhrasesConfig,
    ProsodyConfig,
    ToneConfig,
)
from coach.config.speech import AsrConfig, ChannelsConfig, DiarizationConfig, EchoConfig, OverlapsConfig, VadConfig

T = TypeVar("T")


@dataclass(frozen=True)
class CoachConfig:
    """The whole effective configuration: one attribute per component section."""

    models: ModelsConfig = field(default_factory=ModelsConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    live: LiveConfig = field(default_factory=LiveConfig)
    vad: VadConfig = field(default_factory=VadConfig)
    echo: EchoConfig = field(default_factory=EchoConfig)
    channels: ChannelsConfig = field(default_factory=ChannelsConfig)
    diarization: DiarizationConfig = field(default_factory=DiarizationConfig)
    overlaps: OverlapsConfig = field(default_factory=OverlapsConfig)
    asr: AsrConfig = field(default_factory=AsrConfig)
    redact: RedactConfig = field(default_factory=RedactConfig)
    history: HistoryConfig = field(default_factory=HistoryConfig)
    batch: BatchConfig = field(default_factory=BatchConfig)
    prosody: ProsodyConfig = field(default_factory=ProsodyConfig)
    tone: ToneConfig = field(default_factory=ToneConfig)
    phrases: PhrasesConfig = field(default_factory=PhrasesConfig)
    empathy: EmpathyConfig = field(default_factory=EmpathyConfig)
    checklist: ChecklistConfig = field(default_factory=ChecklistConfig)
    nudges: NudgesConfig = field(default_factory=NudgesConfig)
    ui: UiConfig = field(default_factory=UiConfig)
    session: SessionConfig = field(default_factory=SessionConfig)


def _build_section(cls: type[T], table: Any, source: str) -> T:
    section = cls.SECTION  # type: ignore[attr-defined]
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [{section}] must be a table")
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    for key in table:
        if key not in known:
            raise ConfigError(f"{source}: [{section}] unknown key {key!r}; known: {', '.join(sorted(known))}")
    try:
        return cls(**table)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None


def config_from_dict(data: dict[str, Any], source: str = "config") -> CoachConfig:
    """Build the effective config from a parsed TOML document."""
    sections = {f.name: f for f in fields(CoachConfig)}
    kwargs: dict[str, Any] = {}
    for name, table in data.items():
        if name not in sections:
            shown = f"[{name}]" if name.isprintable() else repr(name)
            raise ConfigError(f"{source}: unknown section {shown}; known: {', '.join(sections)}")
        section_cls = sections[name].default_factory
        kwargs[name] = _build_section(section_cls, table, source)  # type: ignore[arg-type]
    return CoachConfig(**kwargs)


def load_config(path: str | Path | None = None) -> CoachConfig:
    """Read a TOML config (``path``, else $COACH_CONFIG, else defaults)."""
    if path is None:
        env = os.environ.get(CONFIG_ENV)
        if not env:
            return CoachConfig()
        path = env
    p = Path(path)
    try:
        data = tomllib.loads(_read_config_text(p))
    except FileNotFoundError:
        raise ConfigError(f"{p}: config file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{p}: is a folder, not a config file") from None
    except OSError as exc:  # no permission, an I/O error
        raise ConfigError(f"{p}: cannot read the config file ({exc.strerror or type(exc).__name__})") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{p}: not valid TOML ({exc})") from None
    except RecursionError:  # tomllib recurses per nesting level of inline tables and arrays
        raise ConfigError(f"{p}: not valid TOML (nested too deeply to be a coach config)") from None
    return config_from_dict(data, str(p))


MAX_CONFIG_BYTES = 1 << 20
"""A coach config is a few KB; reading stops past this (``COACH_CONFIG=/dev/zero`` never ends)."""


def _read_config_text(p: Path) -> str:
    """The config file's text: a regular file of at most MAX_CONFIG_BYTES (a device or pipe is refused)."""
    from coach.paths import read_regular_file

    try:
        return read_regular_file(p, MAX_CONFIG_BYTES).decode("utf-8")
    except OSError as exc:
        if exc.errno in (errno.EINVAL, errno.EFBIG):
            raise ConfigError(f"{p}: {exc.strerror}, not a config file") from None
        raise


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


def to_toml(config: CoachConfig) -> str:
    """The effective config as documented TOML (what ``coach config --show`` prints)."""
    lines: list[str] = []
    for sf in fields(config):
        section = getattr(config, sf.name)
        lines.append(f"[{sf.name}]")
        for f in fields(section):
            doc = f.metadata.get("doc", "")
            allowed = _allowed(dict(f.metadata))
            lines.append(f"# {doc}" + (f" ({allowed})" if allowed != "any value of its type" else ""))
            lines.append(f"{f.name} = {_toml_value(getattr(section, f.name))}")
        lines.append("")
    return "\n".join(lines)
