"""Live capture: PortAudio devices as fixed-size Chunks on one call-time clock.

PortAudio's callbacks run on PortAudio's own threads and only copy their block into a bounded
queue. Everything else (placing the streams on one clock, cutting chunks, noticing a lost device)
happens on the consumer's side, which blocks on ``queue.get`` with a timeout. Split from
:mod:`audio.sources` (recordings) because it is a world of its own: clocks, devices, faults.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from audio.align import StreamAligner
from audio.devices import (
    InputDevice,
    default_input_device,
    find_input_device,
    list_input_devices,
    native_stderr_logged,
    portaudio,
)
from audio.sources import _Closable
from coach.config import AudioConfig, LiveConfig
from coach.errors import UserError
from coach.vocab import Chunk

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------- devices


@dataclass(frozen=True)
class DeviceLost:
    """A capture device stopped delivering mid-call; capture ended, everything before it kept."""

    device: str
    reason: str
    at_s: float  # call time of the end of the audio kept

    def __str__(self) -> str:
        return f"input device {self.device!r} lost at {self.at_s:.1f} s ({self.reason}); capture ended"


@dataclass(frozen=True)
class CaptureStats:
    """What live capture lost or repaired, so a short or glitchy recording is never a mystery."""

    frames: int  # call frames yielded
    input_overflows: int  # blocks PortAudio flagged: the device had to drop samples
    queue_full: int  # blocks dropped because the consumer fell ``[live] queue_s`` behind
    dropped_frames: int  # frames in those dropped blocks (replaced by silence)
    gap_frames: int  # silence inserted where a stream's clock showed uncounted loss
    trimmed_frames: int  # frames dropped to keep a stream running ahead in step
    lost: DeviceLost | None

    @property
    def overruns(self) -> int:
        return self.input_overflows + self.queue_full


@dataclass(frozen=True)
class _Block:
    stream: int
    samples: npt.NDArray[np.float32]  # (frames, opened channels)
    adc_time: float
    lost: int  # frames dropped (queue full) since this stream's previous queued block


@dataclass(frozen=True)
class _StreamPlan:
    device: InputDevice
    open_channels: int
    columns: tuple[int, ...]  # which opened channels become chunk columns


POLL_S = 0.1
"""How often the consumer wakes without data to notice close() or a silent device."""


def parse_channel_pair(text: str) -> tuple[int, int] | None:
    """``[audio] channels`` ('AGENT,CUSTOMER') as two ints, None when empty."""
    if not text.strip():
        return None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or parts[0] == parts[1]:
        raise UserError(f"[audio] channels = {text!r}: expected two different channel numbers 'AGENT,CUSTOMER'")
    return int(parts[0]), int(parts[1])


class DeviceSource(_Closable):
    """Live capture from one stereo device or two mono ones, as two-column chunks on one clock.

    One device (``[live] device``, else the system default): its two channels as they come, the
    agent on ``[audio] agent_channel`` (``[audio] channels`` picks two of a larger interface).
    Two devices (``agent_device`` + ``customer_device``): the first channel of each, aligned by
    :class:`StreamAligner` (so the first chunk comes after ``warmup_s``, once the devices'
    timestamps have settled; the chunks then catch up at once). Overruns are counted
    (:attr:`overruns`, :attr:`stats`); a device that errors, stops or stays silent for
    ``stall_s`` is lost (:attr:`losses`): with two devices the other one goes on (the lost
    column is silence from then on), and once no device is left iteration ends cleanly with
    :attr:`lost` set. Opening problems (unknown or busy device, unsupported rate) raise one-line
    UserErrors.
    """

    def __init__(self, config: LiveConfig, audio: AudioConfig | None = None, *, stall_s: float = 2.0,
                 start_timeout_s: float = 5.0, warmup_s: float = 2.0) -> None:
        self.config = config
        self.audio = audio if audio is not None else AudioConfig()
        self.sample_rate = config.sample_rate
        self.block = max(1, int(round(self.audio.block_s * self.sample_rate)))
        self.stall_s = stall_s
        self.start_timeout_s = start_timeout_s
        self.warmup_s = warmup_s
        self.lost: DeviceLost | None = None  # the loss that ended capture (no device left)
        self.losses: list[DeviceLost] = []  # every device lost so far, in order
        self._sd = portaudio()
        self._plans = self._plan()
        capacity = max(2, int(config.queue_s * self.sample_rate / self.block)) * len(self._plans)
        self._queue: queue.Queue[_Block] = queue.Queue(maxsize=capacity)
        n = len(self._plans)
        self._overflows = [0] * n
        self._queue_full = [0] * n
        self._dropped = [0] * n
        self._pending_lost = [0] * n  # written by the callback thread only
        self._finished = [False] * n
        self._dead = [False] * n  # lost: no longer waited for
        self._last_arrival: list[float | None] = [None] * n  # written by the callback thread only
        self._queued = [0] * n  # blocks put in the queue: written by the callback thread only
        self._taken = [0] * n  # blocks taken from it: written by the consumer only
        self._stop = threading.Event()
        self._closing = False
        self._iterated = False
        self._gen: Generator[Chunk, None, None] | None = None
        self._aligner = StreamAligner(self.sample_rate, tuple(len(p.columns) for p in self._plans), self.block,
                                      warmup_s=warmup_s)
        self._streams: list[Any] = []
        try:
            for i, plan in enumerate(self._plans):
                self._streams.append(self._open(i, plan))
        except BaseException:
            self.close()
            raise

    # -- set-up -----------------------------------------------------------------------------

    @property
    def num_channels(self) -> int:
        """Columns of each chunk: 2 (agent, customer), or 1 for a mono device (the call's mix)."""
        return sum(len(p.columns) for p in self._plans)

    @property
    def devices(self) -> tuple[str, ...]:
        return tuple(p.device.name for p in self._plans)

    def _plan(self) -> list[_StreamPlan]:
        cfg = self.config
        if cfg.agent_device or cfg.customer_device:
            if not (cfg.agent_device and cfg.customer_device):
                raise UserError("[live] agent_device and customer_device must be set together "
                                "(or set [live] device to one stereo device)")
            devices = list_input_devices()
            agent = find_input_device(cfg.agent_device, devices)
            customer = find_input_device(cfg.customer_device, devices)
            pair = [agent, customer] if self.audio.agent_channel == 0 else [customer, agent]
            return [_StreamPlan(d, 1, (0,)) for d in pair]
        if cfg.device:
            device = find_input_device(cfg.device)
        else:
            found = default_input_device()
            if found is None:
                raise UserError("no input device: set [live] device (or agent_device and customer_device); "
                                "see `coach devices`")
            device = found
        picked = parse_channel_pair(self.audio.channels)
        if picked is not None:
            need = max(picked) + 1
            if device.max_input_channels < need:
                raise UserError(f"input device {device.name!r}: has {device.max_input_channels} input channels; "
                                f"[audio] channels = {self.audio.channels!r} needs {need}")
            agent_ch, customer_ch = picked
            cols = (agent_ch, customer_ch) if self.audio.agent_channel == 0 else (customer_ch, agent_ch)
            return [_StreamPlan(device, need, cols)]
        if device.max_input_channels < 1:
            raise UserError(f"input device {device.name!r}: has no input channel; see `coach devices`")
        if device.max_input_channels == 1:  # a mono line: both parties in one column, told apart by voice
            return [_StreamPlan(device, 1, (0,))]
        return [_StreamPlan(device, 2, (0, 1))]

    def _open(self, i: int, plan: _StreamPlan) -> Any:
        with native_stderr_logged():  # the UserError below says it in one line
            return self._open_stream(i, plan)

    def _open_stream(self, i: int, plan: _StreamPlan) -> Any:
        sd = self._sd
        name = plan.device.name
        try:
            sd.check_input_settings(device=plan.device.index, channels=plan.open_channels,
                                    samplerate=self.sample_rate, dtype="float32")
        except (sd.PortAudioError, ValueError) as exc:
            raise UserError(f"input device {name!r}: {self._problem(exc)}") from None
        try:
            return sd.InputStream(device=plan.device.index, channels=plan.open_channels,
                                  samplerate=self.sample_rate, dtype="float32", blocksize=self.block,
                                  callback=self._callback(i), finished_callback=self._finished_callback(i))
        except (sd.PortAudioError, ValueError) as exc:
            raise UserError(f"input device {name!r}: {self._problem(exc)}") from None

    def _problem(self, exc: BaseException) -> str:
        """PortAudio's complaint as the rest of a one-line message about the device."""
        text = " ".join(str(exc).split())
        if "sample rate" in text.lower():
            return f"does not support {self.sample_rate} Hz capture ([live] sample_rate)"
        if "unavailable" in text.lower() or "busy" in text.lower():
            return f"is busy or unavailable ({text})"
        return f"cannot capture ({text})"

    # -- PortAudio's threads ----------------------------------------------------------------

    def _callback(self, i: int) -> Callable[[Any, int, Any, Any], None]:
        columns = list(self._plans[i].columns)

        def callback(indata: Any, frames: int, time_info: Any, status: Any) -> None:
            """Runs on PortAudio's thread: copy and queue, nothing else (never block here)."""
            self._last_arrival[i] = time.monotonic()
            if status.input_overflow:
                self._overflows[i] += 1
            t = time_info.inputBufferAdcTime or time_info.currentTime or time.monotonic()
            samples = np.asarray(indata[:, columns], dtype=np.float32)  # (frames, columns): a copy
            block = _Block(i, samples, float(t), self._pending_lost[i])
            try:
                self._queue.put_nowait(block)
                self._queued[i] += 1
                self._pending_lost[i] = 0
            except queue.Full:
                self._queue_full[i] += 1
                self._dropped[i] += frames
                self._pending_lost[i] += frames

        return callback

    def _finished_callback(self, i: int) -> Callable[[], None]:
        def finished() -> None:
            self._finished[i] = True

        return finished

    # -- the consumer -----------------------------------------------------------------------

    def __iter__(self) -> Iterator[Chunk]:
        if self._iterated:
            raise RuntimeError("a DeviceSource captures once; make a new one to capture again")
        self._iterated = True
        self._gen = self._capture()
        return self._gen

    def _capture(self) -> Generator[Chunk, None, None]:
        sd = self._sd
        try:
            for stream, plan in zip(self._streams, self._plans):
                try:
                    stream.start()
                except sd.PortAudioError as exc:
                    raise UserError(f"input device {plan.device.name!r}: {self._problem(exc)}") from None
            started = time.monotonic()
            while not self._stop.is_set():
                try:
                    block: _Block | None = self._queue.get(timeout=POLL_S)
                except queue.Empty:
                    block = None
                if block is not None:
                    self._take(block)
                    yield from self._chunks(self._aligner.ready())
                if self._lose(self._check_lost(time.monotonic(), started)):
                    break
            self._drain()
            yield from self._chunks(self._aligner.flush())
            if self.lost is not None:
                # The end of the kept audio is known only now, after the flush.
                self.lost = DeviceLost(self.lost.device, self.lost.reason, self._aligner.emitted / self.sample_rate)
        finally:
            self._shutdown()

    def _chunks(self, blocks: Iterator[npt.NDArray[np.float32]]) -> Iterator[Chunk]:
        for samples in blocks:
            start = (self._aligner.emitted - samples.shape[0]) / self.sample_rate
            yield Chunk(start, samples, self.sample_rate)

    def _lose(self, found: tuple[int, DeviceLost] | None) -> bool:
        """Note a lost device; True when none is left (capture ends), else the others go on."""
        if found is None:
            return False
        i, lost = found
        self._dead[i] = True
        self.losses.append(lost)
        log.warning("%s", lost)
        if all(self._dead):
            self.lost = lost
            return True
        self._aligner.end_stream(i)
        return False

    def _drain(self) -> None:
        """Blocks already captured when capture ends are kept, not thrown away."""
        while True:
            try:
                block = self._queue.get_nowait()
            except queue.Empty:
                return
            self._take(block)

    def _take(self, block: _Block) -> None:
        self._taken[block.stream] += 1
        self._aligner.add(block.stream, block.samples, block.adc_time, block.lost)

    def _check_lost(self, now: float, started: float) -> tuple[int, DeviceLost] | None:
        """A device is lost when its stream stopped, or nothing arrived from it for too long
        (arrival times come from the callbacks, and a device with blocks still waiting in the queue
        is not judged, so a slow consumer never looks like a stall)."""
        at = self._aligner.emitted / self.sample_rate
        for i, plan in enumerate(self._plans):
            if self._dead[i]:
                continue
            name = plan.device.name
            if self._finished[i] or not self._streams[i].active:
                return i, DeviceLost(name, "the stream stopped: device error or removed", at)
            if self._queued[i] > self._taken[i]:
                continue  # it delivered more than we have read yet: alive
            seen = self._last_arrival[i]
            if seen is None and now - started > self.start_timeout_s:
                return i, DeviceLost(name, f"no audio within {self.start_timeout_s:.1f} s of starting", at)
            if seen is not None and now - seen > self.stall_s:
                return i, DeviceLost(name, f"no audio for {self.stall_s:.1f} s", at)
        return None

    # -- results and shutdown -----------------------------------------------------------------

    @property
    def overruns(self) -> int:
        """Blocks lost to overruns so far: PortAudio's input overflows plus a full queue."""
        return sum(self._overflows) + sum(self._queue_full)

    @property
    def stats(self) -> CaptureStats:
        return CaptureStats(self._aligner.emitted, sum(self._overflows), sum(self._queue_full), sum(self._dropped),
                            self._aligner.gap_frames, self._aligner.trimmed_frames, self.lost)

    def close(self) -> None:
        """Stop capturing (from any thread); an iteration in progress ends after its last chunks."""
        self._stop.set()
        if self._gen is not None:
            try:
                self._gen.close()  # a suspended capture: runs its clean-up now
            except ValueError:  # running in another thread: it sees the stop event and cleans up
                return
        self._shutdown()

    def _shutdown(self) -> None:
        self._closing = True
        streams, self._streams = self._streams, []
        for stream in streams:
            try:
                stream.abort()
            except Exception as exc:  # a vanished device may fail to stop; closing matters more
                log.debug("aborting a capture stream failed: %s", exc)
            try:
                stream.close()
            except Exception as exc:
                log.debug("closing a capture stream failed: %s", exc)
