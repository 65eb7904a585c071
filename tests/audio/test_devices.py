"""Input device listing, lookup by name or index, and ``coach devices``."""

from __future__ import annotations

from pathlib import Path

import pytest

from audio.devices import InputDevice, find_input_device, format_devices_table
from coach.errors import UserError
from tests.audio.conftest import VirtualPulse
from tests.conftest import run_coach

DEVICES = [
    InputDevice(0, "HDA Intel PCH: ALC257 Analog (hw:0,0)", "ALSA", 2, 44100.0),
    InputDevice(3, "USB Headset Mono", "ALSA", 1, 48000.0),
    InputDevice(5, "default", "ALSA", 32, 44100.0, is_default=True),
]


def test_table_lists_every_field_and_marks_the_default() -> None:
    table = format_devices_table(DEVICES).splitlines()
    assert table[0].split() == ["index", "name", "host", "API", "inputs", "default", "rate"]
    assert set(table[1]) <= {"-", " "}
    assert table[3].split()[:4] == ["3", "USB", "Headset", "Mono"] and table[3].endswith("48000 Hz")
    assert table[4].startswith("5*") and table[-1] == "* the default input device"


def test_no_devices_is_a_sentence_not_an_empty_table() -> None:
    assert format_devices_table([]).startswith("no input devices found")


@pytest.mark.parametrize(("spec", "index"), [("3", 3), ("default", 5), ("usb headset", 3), ("ALC257", 0)])
def test_find_by_index_exact_name_or_unique_part(spec: str, index: int) -> None:
    assert find_input_device(spec, DEVICES).index == index


@pytest.mark.parametrize(("spec", "message"), [
    ("9", "input device 9: no input device has this index"),
    ("webcam", "input device 'webcam': not found (input devices: 'HDA Intel"),
    ("a", "input device 'a': matches several devices (0: "),
])
def test_find_failures_are_one_line(spec: str, message: str) -> None:
    with pytest.raises(UserError) as err:
        find_input_device(spec, DEVICES)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_coach_devices_with_nothing_to_capture_from(tmp_path: Path) -> None:
    conf = tmp_path / "client.conf"
    conf.write_text("autospawn = no\n")
    env = {"HOME": str(tmp_path), "PULSE_SERVER": f"unix:{tmp_path}/no-such-socket", "PULSE_CLIENTCONFIG": str(conf)}
    run = run_coach("devices", env=env, timeout=60)
    assert run.rc == 0, run.err
    # Here (no sound card) PortAudio sees nothing; a machine with a sound card lists it.
    assert run.out.startswith("no input devices found") or run.out.startswith("index"), run.out


def test_coach_devices_lists_the_virtual_devices(virtual_pulse: VirtualPulse) -> None:
    run = run_coach("devices", env=virtual_pulse.env, timeout=60)
    assert run.rc == 0, run.err
    names = [line.split()[1] for line in run.out.splitlines()[2:] if line[:1].isdigit()]
    assert {"coach_call", "coach_agent", "coach_customer"} <= set(names), run.out
    assert "Traceback" not in run.err
