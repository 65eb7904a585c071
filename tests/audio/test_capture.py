"""DeviceSource through a fake PortAudio: overflows, lost devices, two devices on one clock, opening errors."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

import audio.capture
import audio.devices
from audio.capture import DeviceSource
from coach.config import AudioConfig, LiveConfig
from coach.errors import UserError
from coach.vocab import Chunk

RATE = 16_000
BLOCK = 1600



class FakePortAudioError(Exception):
    pass


@dataclass
class FakeStream:
    """A scripted PortAudio input stream: ``start()`` plays its script on a thread, as PortAudio would."""

    kw: dict[str, Any]
    script: list[tuple[str, Any]]
    active: bool = False
    closed: bool = False
    thread: threading.Thread | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        if self.kw.get("fail_start"):
            raise FakePortAudioError(self.kw["fail_start"])
        self.active = True
        sync = [step for step in self.script if step[0] == "sync"]
        for _, blocks in sync:  # delivered before start() returns: the consumer cannot keep up
            for data, adc in blocks:
                self._deliver(data, adc, False)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _deliver(self, data: npt.NDArray[np.float32], adc: float, overflow: bool) -> None:
        t = SimpleNamespace(inputBufferAdcTime=adc, currentTime=adc + 0.01)
        self.kw["callback"](data, data.shape[0], t, SimpleNamespace(input_overflow=overflow))

    def _run(self) -> None:
        for step, arg in self.script:
            if self.stop.is_set():
                return
            if step == "block":
                data, adc, overflow = arg
                self._deliver(data, adc, overflow)
            elif step == "sleep":
                time.sleep(arg)
            elif step == "die":  # PortAudio's thread ends on a host error
                self.active = False
                self.kw["finished_callback"]()
                return
        # script over: the device goes silent (stays "active"), like a hung driver

    def abort(self) -> None:
        self.stop.set()
        self.active = False

    def close(self) -> None:
        self.closed = True


@dataclass
class FakePortAudio:
    """Enough of the sounddevice module for DeviceSource, with scripted devices."""

    devices: list[dict[str, Any]]
    scripts: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    fail_check: str = ""
    fail_open: str = ""
    fail_start: str = ""
    streams: list[FakeStream] = field(default_factory=list)
    default: Any = field(default_factory=lambda: SimpleNamespace(device=[0, -1]))
    PortAudioError: type[Exception] = FakePortAudioError

    def query_devices(self) -> list[dict[str, Any]]:
        return self.devices

    def query_hostapis(self) -> list[dict[str, Any]]:
        return [{"name": "FakeAPI"}]

    def check_input_settings(self, **kw: Any) -> None:
        if self.fail_check:
            raise FakePortAudioError(self.fail_check)

    def InputStream(self, **kw: Any) -> FakeStream:  # noqa: N802 - sounddevice's name
        if self.fail_open:
            raise FakePortAudioError(self.fail_open)
        name = self.devices[kw["device"]]["name"]
        stream = FakeStream({**kw, "fail_start": self.fail_start}, self.scripts.get(name, []))
        self.streams.append(stream)
        return stream


def device(index: int, name: str, channels: int) -> dict[str, Any]:
    return {"index": index, "name": name, "hostapi": 0, "max_input_channels": channels,
            "default_samplerate": 48000.0}


@pytest.fixture
def fake_pa(monkeypatch: pytest.MonkeyPatch) -> FakePortAudio:
    fake = FakePortAudio([device(0, "Fake Stereo", 2), device(1, "Headset Mic", 1), device(2, "Loopback", 2),
                          device(3, "Speakers", 0)])
    monkeypatch.setattr(audio.devices, "portaudio", lambda: fake)
    monkeypatch.setattr(audio.capture, "portaudio", lambda: fake)
    return fake


def blocks(n: int, width: int, t0: float = 50.0, value: Callable[[int], float] = float,
           overflow_at: tuple[int, ...] = (), pace: float = 0.002) -> list[tuple[str, Any]]:
    """n blocks of 0.1 s (delivered ``pace`` apart) of constant value(k), adc times from t0."""
    script: list[tuple[str, Any]] = []
    for k in range(n):
        data = np.full((BLOCK, width), value(k), dtype=np.float32)
        script += [("block", (data, t0 + 0.1 * k, k in overflow_at)), ("sleep", pace)]
    return script


def capture(src: DeviceSource) -> list[Chunk]:
    with src:
        return list(src)


def test_stereo_device_capture_counts_overflows_and_ends_when_the_device_goes_silent(fake_pa: FakePortAudio) -> None:
    fake_pa.scripts["Fake Stereo"] = blocks(20, 2, value=lambda k: k / 100, overflow_at=(3, 7, 8))
    src = DeviceSource(LiveConfig(device="Fake Stereo"), AudioConfig(), stall_s=0.3)
    t0 = time.monotonic()
    chunks = capture(src)
    assert time.monotonic() - t0 < 2.0
    assert [c.start for c in chunks] == pytest.approx([0.1 * k for k in range(20)])
    assert all(c.samples.shape == (BLOCK, 2) and c.sample_rate == RATE for c in chunks)
    assert [float(c.samples[0, 0]) for c in chunks] == pytest.approx([k / 100 for k in range(20)])
    assert src.overruns == 3
    stats = src.stats
    assert (stats.input_overflows, stats.queue_full, stats.frames) == (3, 0, 20 * BLOCK)
    assert stats.lost is not None and stats.lost.device == "Fake Stereo"
    assert "no audio for 0.3 s" in str(stats.lost) and stats.lost.at_s == pytest.approx(2.0)
    assert fake_pa.streams[0].closed


def test_device_error_mid_call_keeps_what_was_captured(fake_pa: FakePortAudio) -> None:
    fake_pa.scripts["Fake Stereo"] = blocks(5, 2) + [("die", None)]
    src = DeviceSource(LiveConfig(device="0"), AudioConfig(), stall_s=5.0)
    chunks = capture(src)
    assert len(chunks) == 5
    assert src.lost is not None and "stream stopped" in src.lost.reason and src.lost.at_s == pytest.approx(0.5)


def test_full_queue_is_counted_and_the_lost_time_kept_as_silence(fake_pa: FakePortAudio) -> None:
    early = [(np.full((BLOCK, 2), 1.0, dtype=np.float32), 50.0 + 0.1 * k) for k in range(30)]
    fake_pa.scripts["Fake Stereo"] = [("sync", early), ("sleep", 0.3)] + blocks(5, 2, t0=53.0, value=lambda k: 2.0)
    src = DeviceSource(LiveConfig(device="Fake Stereo", queue_s=1.0), AudioConfig(), stall_s=0.5)
    y = np.concatenate([c.samples for c in capture(src)])
    stats = src.stats
    assert (stats.queue_full, stats.dropped_frames) == (20, 20 * BLOCK)  # the queue holds 1 s: 10 blocks
    assert src.overruns == 20
    assert y.shape == (35 * BLOCK, 2)  # call time stays true: dropped blocks become silence
    assert np.all(y[:10 * BLOCK] == 1) and np.all(y[10 * BLOCK:30 * BLOCK] == 0) and np.all(y[30 * BLOCK:] == 2)


def test_two_devices_become_two_aligned_columns(fake_pa: FakePortAudio) -> None:
    fake_pa.scripts["Headset Mic"] = blocks(30, 1, t0=10.0, value=lambda k: 1.0)
    fake_pa.scripts["Loopback"] = blocks(30, 2, t0=10.5, value=lambda k: 2.0)  # started 0.5 s later
    live = LiveConfig(agent_device="Headset", customer_device="Loopback")
    src = DeviceSource(live, AudioConfig(agent_channel=1), stall_s=0.3)
    assert src.devices == ("Loopback", "Headset Mic")  # customer in column 0: agent_channel = 1
    y = np.concatenate([c.samples for c in capture(src)])
    assert y.shape[1] == 2
    assert np.all(y[:3 * RATE, 1] == 1)  # the agent from call time 0
    assert np.all(y[:8000, 0] == 0) and np.all(y[8000:3 * RATE + 8000, 0] == 2)  # customer from 0.5 s
    assert [s.kw["channels"] for s in fake_pa.streams] == [1, 1]


def test_a_slow_consumer_is_not_mistaken_for_a_silent_device(fake_pa: FakePortAudio) -> None:
    fake_pa.scripts["Headset Mic"] = blocks(30, 1, t0=10.0, value=lambda k: 1.0, pace=0.02)
    fake_pa.scripts["Loopback"] = blocks(30, 1, t0=10.0, value=lambda k: 2.0, pace=0.02)
    # stall_s 1.0, not 0.3: the fake devices' own threads must not look stalled when a loaded CI
    # machine leaves them unscheduled for a few tenths of a second (seen at load 19 on 2 cores).
    src = DeviceSource(LiveConfig(agent_device="Headset Mic", customer_device="Loopback"), AudioConfig(),
                       stall_s=1.0)
    chunks: list[Chunk] = []
    with src:
        for chunk in src:
            # Busy elsewhere at first (both devices keep delivering meanwhile), then slow on every
            # chunk: reading what has queued up takes longer than stall_s (as on a loaded machine).
            time.sleep(1.5 if not chunks else 0.06)
            chunks.append(chunk)
    assert sum(c.samples.shape[0] for c in chunks) == 30 * BLOCK  # everything, then the stall
    # Neither device is judged while its blocks wait in the queue: both are lost at the end of
    # their audio (what had been read when the stall was seen), not at 2.0 s while 1 s still waited.
    assert len(src.losses) == 2 and all(lost.at_s >= 2.9 for lost in src.losses)
    assert src.lost is not None and src.lost.at_s == pytest.approx(3.0)


def test_close_from_another_thread_ends_capture_cleanly(fake_pa: FakePortAudio) -> None:
    fake_pa.scripts["Fake Stereo"] = blocks(200, 2, pace=0.01)
    src = DeviceSource(LiveConfig(device="Fake Stereo"), AudioConfig(), stall_s=5.0)
    got = []
    threading.Timer(0.1, src.close).start()
    for chunk in src:
        got.append(chunk)
    assert src.lost is None and 0 < len(got) < 200
    assert fake_pa.streams[0].closed
    with pytest.raises(RuntimeError):
        iter(src)


def test_a_mono_device_opens_as_one_column(fake_pa: FakePortAudio) -> None:
    """A mono line (both parties in one column) is captured as is; a live session diarizes it."""
    source = DeviceSource(LiveConfig(device="Headset Mic"), AudioConfig())
    try:
        assert source.num_channels == 1
    finally:
        source.close()


@pytest.mark.parametrize(("live", "audio_cfg", "fail_check", "fail_open", "expected"), [
    (LiveConfig(device="Fake Stereo"), AudioConfig(), "Invalid sample rate [PaErrorCode -9997]", "",
     "input device 'Fake Stereo': does not support 16000 Hz capture ([live] sample_rate)"),
    (LiveConfig(device="Fake Stereo", sample_rate=96000), AudioConfig(), "Invalid sample rate", "",
     "input device 'Fake Stereo': does not support 96000 Hz capture"),
    (LiveConfig(device="Fake Stereo"), AudioConfig(), "",
     "Error opening InputStream: Device unavailable [PaErrorCode -9985]",
     "input device 'Fake Stereo': is busy or unavailable (Error opening InputStream: Device unavailable"),
    (LiveConfig(device="Fake Stereo"), AudioConfig(), "Unanticipated host error [PaErrorCode -9999]", "",
     "input device 'Fake Stereo': cannot capture (Unanticipated host error [PaErrorCode -9999])"),
    (LiveConfig(device="Nope"), AudioConfig(), "", "", "input device 'Nope': not found (input devices: 'Fake"),
    (LiveConfig(device="Fake Stereo"), AudioConfig(channels="0,3"), "", "",
     "input device 'Fake Stereo': has 2 input channels; [audio] channels = '0,3' needs 4"),
    (LiveConfig(agent_device="Headset Mic"), AudioConfig(), "", "",
     "[live] agent_device and customer_device must be set together"),
    (LiveConfig(device="7"), AudioConfig(), "", "", "input device 7: no input device has this index"),
    (LiveConfig(device="e"), AudioConfig(), "", "", "input device 'e': matches several devices"),
])
def test_opening_problems_are_one_line_user_errors(fake_pa: FakePortAudio, live: LiveConfig,
                                                   audio_cfg: AudioConfig, fail_check: str, fail_open: str,
                                                   expected: str) -> None:
    fake_pa.fail_check, fake_pa.fail_open = fail_check, fail_open
    with pytest.raises(UserError) as err:
        DeviceSource(live, audio_cfg)
    assert str(err.value).startswith(expected), str(err.value)
    assert "\n" not in str(err.value)


def test_device_busy_at_start_is_a_user_error_and_releases_the_device(fake_pa: FakePortAudio) -> None:
    fake_pa.fail_start = "Device unavailable [PaErrorCode -9985]"
    src = DeviceSource(LiveConfig(device="Fake Stereo"), AudioConfig())
    with pytest.raises(UserError, match=r"^input device 'Fake Stereo': is busy or unavailable \(Device"):
        list(src)
    assert fake_pa.streams[0].closed


def test_no_default_device_is_a_clear_error(fake_pa: FakePortAudio) -> None:
    fake_pa.default = SimpleNamespace(device=[-1, -1])
    with pytest.raises(UserError, match=r"no input device: set \[live\] device"):
        DeviceSource(LiveConfig(), AudioConfig())


def test_picked_channels_of_a_larger_interface(fake_pa: FakePortAudio) -> None:
    fake_pa.devices.append(device(4, "Interface", 8))
    script = []
    for k in range(5):
        data = np.tile(np.arange(4, dtype=np.float32), (BLOCK, 1))  # channel c carries value c
        script += [("block", (data, 1.0 + 0.1 * k, False))]
    fake_pa.scripts["Interface"] = script
    src = DeviceSource(LiveConfig(device="Interface"), AudioConfig(channels="3,1"), stall_s=0.3)
    y = np.concatenate([c.samples for c in capture(src)])
    assert fake_pa.streams[0].kw["channels"] == 4
    assert np.all(y[:, 0] == 3) and np.all(y[:, 1] == 1)
