"""Audio sources: a recording, a paced replay of one, or live devices, all as fixed-size Chunks.

Every source yields :class:`coach.vocab.Chunk` of ``[audio] block_s`` seconds (the last one may be
shorter) with samples (frames, channels) float32 and ``start`` in call time, has ``close()`` and
is a context manager. Two-channel chunks carry the agent in column ``[audio] agent_channel``.

Live devices are in :mod:`audio.capture` (``DeviceSource``).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Self

from audio.decode import AudioInfo, pick_channels, probe, read_blocks
from coach.config import AudioConfig
from coach.vocab import Chunk, Role

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------- roles


def channel_roles(config: AudioConfig) -> dict[int, Role]:
    """Which role each column of a two-channel chunk carries (agent on ``agent_channel``)."""
    return {config.agent_channel: "agent", 1 - config.agent_channel: "customer"}


def role_channels(config: AudioConfig) -> dict[Role, int]:
    """The column of each role in a two-channel chunk: the inverse of :func:`channel_roles`."""
    return {role: ch for ch, role in channel_roles(config).items()}


class _Closable:
    """Context-manager plumbing shared by the sources."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


# ---------------------------------------------------------------------------------------- file


class FileSource(_Closable):
    """A recording decoded block by block (constant memory), channels picked by the config."""

    def __init__(self, path: Path | str, config: AudioConfig | None = None) -> None:
        self.config = config if config is not None else AudioConfig()
        self.info: AudioInfo = probe(Path(path))
        self.channels = pick_channels(self.info, self.config)  # None: the file's own 1 or 2
        self._active: list[Iterator[Chunk]] = []

    @property
    def sample_rate(self) -> int:
        return self.info.sample_rate

    @property
    def num_channels(self) -> int:
        """Columns of the chunks: 1 for a mono file, else 2."""
        return len(self.channels) if self.channels else self.info.channels

    def __iter__(self) -> Iterator[Chunk]:
        blocks = read_blocks(self.info, self.config.block_s, self.channels)
        self._active.append(blocks)
        return blocks

    def close(self) -> None:
        """Stop any iteration in progress and release its file handle."""
        while self._active:
            blocks = self._active.pop()
            close = getattr(blocks, "close", None)
            if close is not None:
                with contextlib.suppress(ValueError):  # running in another thread: it ends by itself
                    close()


# ---------------------------------------------------------------------------------------- replay


class ReplaySource(_Closable):
    """Another source's chunks at real-time pace x ``speed``, as a device would deliver them.

    A chunk is yielded when its end is due (``start + duration`` after the replay began, divided
    by ``speed``), waiting on an event with a timeout: no busy-waiting, and ``close()`` from
    another thread ends a long wait at once. A slow consumer gets late chunks at once, none lost.
    """

    def __init__(self, source: Iterable[Chunk], speed: float = 1.0) -> None:
        if not speed > 0:
            raise ValueError(f"replay speed must be > 0, got {speed}")
        self.source = source
        self.speed = float(speed)
        self._stop = threading.Event()
        self.max_late_s = 0.0  # the most a chunk came after its due time (consumer too slow)

    @property
    def info(self) -> AudioInfo | None:
        return getattr(self.source, "info", None)

    def __iter__(self) -> Iterator[Chunk]:
        t0: float | None = None
        origin = 0.0
        for chunk in self.source:
            if t0 is None:
                t0, origin = time.monotonic(), chunk.start
            due = t0 + (chunk.end - origin) / self.speed
            wait = due - time.monotonic()
            if wait > 0 and self._stop.wait(wait):
                return
            if self._stop.is_set():
                return
            self.max_late_s = max(self.max_late_s, -wait)
            yield chunk

    def close(self) -> None:
        self._stop.set()
        close: Callable[[], None] | None = getattr(self.source, "close", None)
        if close is not None:
            close()
