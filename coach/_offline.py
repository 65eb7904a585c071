"""Offline guard: set before huggingface_hub / pyannote / faster-whisper are imported.

These libraries read their switches at import time, so this runs from ``coach/__init__.py``.
The values are forced, not defaulted: a call recording must never leave the machine, and a
model must never be fetched at run time.
"""

import os

OFFLINE_ENV: dict[str, str] = {
    "HF_HUB_OFFLINE": "1",  # huggingface_hub: never resolve a model id over the network
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "PYANNOTE_METRICS_ENABLED": "0",  # pyannote.audio 4 otherwise sends usage metrics
    "DO_NOT_TRACK": "1",
}


def enforce_offline() -> None:
    """Force the offline switches into this process's environment."""
    os.environ.update(OFFLINE_ENV)
