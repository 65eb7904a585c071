"""Input devices as PortAudio (through sounddevice) sees them: list, find by name or index.

``coach devices`` prints :func:`format_devices_table`; ``[live] device`` and friends are resolved
with :func:`find_input_device`, so a typo fails at start with the list of what exists.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from coach.errors import UserError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InputDevice:
    """One capture device: what a user needs to pick it in the config."""

    index: int
    name: str
    host_api: str
    max_input_channels: int
    default_rate: float
    is_default: bool = False


def portaudio() -> ModuleType:
    """The sounddevice module, or a one-line UserError when PortAudio itself is missing."""
    try:
        import sounddevice
    except OSError as exc:  # sounddevice raises OSError when libportaudio2 cannot be loaded
        raise UserError(f"live audio needs PortAudio (apt package libportaudio2): {exc}") from None
    return sounddevice


@contextlib.contextmanager
def native_stderr_logged() -> Iterator[None]:
    """ALSA and PortAudio print their own diagnostics straight to file descriptor 2 ("ALSA lib
    pcm_pulse.c: ... Unable to create stream", "Expression 'ret' failed ..."); while opening a
    device they go to the debug log instead, so a user sees coach's one line, not three.

    Only for set-up on the main thread before the screen opens: it swaps the process's fd 2.
    """
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    with tempfile.TemporaryFile() as tmp:
        sys.stderr.flush()
        os.dup2(tmp.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            said = tmp.read().decode("utf-8", errors="replace").strip()
            if said:
                log.debug("PortAudio/ALSA: %s", said)


def list_input_devices() -> list[InputDevice]:
    """Every device with at least one input channel, in PortAudio's order."""
    sd = portaudio()
    try:
        raw: Any = sd.query_devices()
        apis: Any = sd.query_hostapis()
        default_in = int(sd.default.device[0])
    except sd.PortAudioError as exc:
        raise UserError(f"cannot list audio devices: {exc}") from None
    devices: list[InputDevice] = []
    for d in raw:
        if int(d["max_input_channels"]) < 1:
            continue
        api = apis[int(d["hostapi"])]["name"] if 0 <= int(d["hostapi"]) < len(apis) else "?"
        devices.append(InputDevice(int(d["index"]), str(d["name"]), str(api), int(d["max_input_channels"]),
                                   float(d["default_samplerate"]), int(d["index"]) == default_in))
    return devices


def default_input_device() -> InputDevice | None:
    """The system's default input device, if PortAudio knows one."""
    devices = list_input_devices()
    return next((d for d in devices if d.is_default), None)


def find_input_device(spec: str, devices: list[InputDevice] | None = None) -> InputDevice:
    """Resolve a config value: an index, an exact name, or a unique part of a name (any case)."""
    devices = list_input_devices() if devices is None else devices
    spec = spec.strip()
    if spec.isdigit():
        for d in devices:
            if d.index == int(spec):
                return d
        raise UserError(f"input device {spec}: no input device has this index (see `coach devices`)")
    exact = [d for d in devices if d.name == spec]
    if exact:
        return exact[0]
    matches = [d for d in devices if spec.lower() in d.name.lower()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        known = ", ".join(repr(d.name) for d in devices) or "none"
        raise UserError(f"input device {spec!r}: not found (input devices: {known}; see `coach devices`)")
    names = ", ".join(f"{d.index}: {d.name!r}" for d in matches)
    raise UserError(f"input device {spec!r}: matches several devices ({names}); use the index or the full name")


def format_devices_table(devices: list[InputDevice]) -> str:
    """The table ``coach devices`` prints; a plain sentence when there is nothing to list."""
    if not devices:
        return "no input devices found (PortAudio sees no sound card, PulseAudio or other capture device)"
    rows = [("index", "name", "host API", "inputs", "default rate")]
    rows += [(f"{d.index}{'*' if d.is_default else ''}", d.name, d.host_api, str(d.max_input_channels),
              f"{d.default_rate:.0f} Hz") for d in devices]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if any(d.is_default for d in devices):
        lines.append("* the default input device")
    return "\n".join(lines)
