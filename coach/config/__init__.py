"""Configuration: one frozen dataclass per component, TOML in, effective config out.

Each field carries its documentation and allowed range in ``metadata`` (see :func:`setting`);
``__post_init__`` validates on construction, so a bad value fails where it is made, naming the
key. The TOML file and ``coach config --show`` are both built from these classes, so defaults
live in exactly one place.

The sections are grouped by room (``base`` holds the shared machinery, ``app``, ``speech`` and
``coaching`` the sections, ``io`` the whole config and its TOML); everything is re-exported here.
"""

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
from coach.config.base import CONFIG_ENV, ConfigError, Section, setting
from coach.config.coaching import (
    ChecklistConfig,
    EmpathyConfig,
    NudgesConfig,
    PhrasesConfig,
    ProsodyConfig,
    ToneConfig,
)
from coach.config.io import MAX_CONFIG_BYTES, CoachConfig, config_from_dict, load_config, to_toml
from coach.config.speech import AsrConfig, ChannelsConfig, DiarizationConfig, EchoConfig, OverlapsConfig, VadConfig

__all__ = [
    "CONFIG_ENV", "MAX_CONFIG_BYTES", "AsrConfig", "AudioConfig", "BatchConfig", "ChannelsConfig", "ChecklistConfig",
    "CoachConfig", "ConfigError", "DiarizationConfig", "EchoConfig", "EmpathyConfig", "HistoryConfig", "LiveConfig",
    "ModelsConfig", "NudgesConfig", "OverlapsConfig", "PhrasesConfig", "ProsodyConfig", "RedactConfig", "Section",
    "SessionConfig", "ToneConfig", "UiConfig", "VadConfig", "config_from_dict", "load_config", "setting", "to_toml",
]
