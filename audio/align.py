"""Stream alignment: the blocks of one or more capture streams placed on one call-time clock.

Pure arithmetic on block timestamps (no devices), so it is tested on scripted timelines; the
device side is :mod:`audio.capture`.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------- alignment


class StreamAligner:
    """Places the blocks of one or more capture streams on one call-time clock, cut into chunks.

    Each stream's block comes with its capture time (PortAudio's ``inputBufferAdcTime``). From
    those, every stream gets an origin: the clock time of its frame 0 had nothing been lost,
    estimated as the median of ``adc - frames_before/rate`` over the last ``window_s`` of audio
    (a median, because delay reports jitter). Timestamps right after a stream starts can be
    off by tens of ms and then jump (ALSA's pulse plugin does this for about a second), so
    alignment starts once every stream has ``warmup_s`` of audio and its last ``settle_s`` of
    timestamps agree within ``settle_tol_s`` (or after ``max_warmup_s`` regardless); only those
    settled timestamps decide. The earliest origin becomes call time 0 and the other streams
    start that much later. Stream 0's sample count is then the call clock:
    frames known lost (a full queue) are filled with silence, nothing else is touched. Every
    other stream follows stream 0: once its origin has stayed more than ``tolerance_s`` away
    from stream 0's for ``hold_s`` (separate device clocks drift; a stream lost frames uncounted)
    it gets silence or is trimmed by that much, counted, so the columns stay in step. A stream that
    ended (its device was lost, :meth:`end_stream`) no longer holds the others back: its column is
    silence from then on.
    """

    def __init__(self, rate: int, widths: tuple[int, ...], block: int, *, warmup_s: float = 2.0,
                 settle_s: float = 0.5, settle_tol_s: float = 0.01, max_warmup_s: float = 4.0,
                 tolerance_s: float = 0.08, window_s: float = 3.0, hold_s: float = 1.0) -> None:
        self.rate = rate
        self.widths = widths  # channels per stream; chunk columns are the streams' side by side
        self.block = block
        self.warmup = int(warmup_s * rate) if len(widths) > 1 else 0  # one stream has nothing to align
        self.settle = int(settle_s * rate)
        self.settle_tol = settle_tol_s
        self.max_warmup = max(self.warmup, int(max_warmup_s * rate))
        self.tolerance = max(1, int(tolerance_s * rate))
        self.window = int(window_s * rate)
        self.hold = int(hold_s * rate)
        n = len(widths)
        self.received = [0] * n  # frames each stream has delivered or is known to have lost
        self.shift = [0] * n  # call frame of the stream's frame 0, as placed so far
        self.pending_trim = [0] * n
        self._off_since = [0] * n  # frames a stream's drift has stayed beyond tolerance, one way
        self.gap_frames = 0
        self.trimmed_frames = 0
        self.emitted = 0  # call frames handed out as chunks
        self.origin_ref: float | None = None
        self._candidates: list[deque[tuple[int, float]]] = [deque() for _ in widths]
        self._warm: list[list[tuple[npt.NDArray[np.float32], int]]] = [[] for _ in widths]  # (x, lost)
        self._fifo: list[list[npt.NDArray[np.float32]]] = [[] for _ in widths]  # each (n, width)
        self._held = [0] * n
        self._ended = [False] * n

    def end_stream(self, stream: int) -> None:
        """``stream`` delivers nothing more: the others go on, its column filled with silence."""
        self._ended[stream] = True
        if self.origin_ref is None and not all(self._ended) and self._warm_ready():
            self._start()

    def _live(self, values: list[int]) -> int:
        """The least of ``values`` over the streams still delivering (all of them once none is)."""
        live = [v for v, ended in zip(values, self._ended) if not ended]
        return min(live) if live else min(values)

    def _warm_ready(self) -> bool:
        received = self._live(self.received)
        live = [i for i in range(len(self.widths)) if not self._ended[i]]
        return received >= self.warmup and (
            self.warmup == 0 or received >= self.max_warmup or all(self._settled(i) for i in live))

    def add(self, stream: int, x: npt.NDArray[np.float32], adc_time: float, lost: int = 0) -> None:
        """One captured block (frames, width) of ``stream``, after ``lost`` frames known dropped."""
        self.received[stream] += lost
        cands = self._candidates[stream]
        cands.append((self.received[stream], adc_time - self.received[stream] / self.rate))
        while len(cands) > 1 and cands[0][0] < self.received[stream] - self.window:
            cands.popleft()
        self.received[stream] += x.shape[0]
        if self.origin_ref is None:
            self._warm[stream].append((x, lost))
            if self._warm_ready():
                self._start()
        else:
            self._place(stream, x, lost)

    def ready(self) -> Iterator[npt.NDArray[np.float32]]:
        """Every complete block all streams have reached: (block, sum(widths)) float32 each."""
        while self.origin_ref is not None and self._live(self._held) >= self.block:
            yield self._take(self.block)

    def flush(self) -> Iterator[npt.NDArray[np.float32]]:
        """The rest at the end of capture: complete blocks, then one shorter, silence-padded."""
        if self.origin_ref is None:
            if not any(self.received):
                return
            self._start()
        yield from self.ready()
        rest = max(self._held)
        while rest > 0:
            n = min(rest, self.block)
            yield self._take(n)
            rest -= n

    def origin(self, stream: int) -> float:
        """Clock time of ``stream``'s frame 0, as its recent blocks' timestamps say (median)."""
        cands = self._candidates[stream]
        return float(np.median([c[1] for c in cands])) if cands else 0.0

    def _settled(self, i: int) -> bool:
        """Whether stream ``i``'s recent timestamps agree (start-up jumps are over)."""
        recent = [c[1] for c in self._candidates[i] if c[0] >= self.received[i] - self.settle]
        return self.received[i] >= self.settle and max(recent) - min(recent) <= self.settle_tol

    def _start(self) -> None:
        for cands in self._candidates:  # only the settled timestamps decide where streams start
            while len(cands) > 1 and cands[0][0] < cands[-1][0] - self.settle:
                cands.popleft()
        origins = [self.origin(i) for i in range(len(self.widths)) if self._candidates[i]]
        self.origin_ref = min(origins)
        for i, warm in enumerate(self._warm):
            if not self._candidates[i]:
                continue
            start = int(round((self.origin(i) - self.origin_ref) * self.rate))
            self._append(i, np.zeros((start, self.widths[i]), dtype=np.float32))
            self.shift[i] = start
            for x, lost in warm:
                self._place(i, x, lost)
        self._warm = [[] for _ in self.widths]

    def _place(self, i: int, x: npt.NDArray[np.float32], lost: int) -> None:
        assert self.origin_ref is not None
        if lost:
            self._append(i, np.zeros((lost, self.widths[i]), dtype=np.float32))
        if i == 0 or not self._candidates[0]:
            self._append(i, x)
            return
        target = self.shift[0] + int(round((self.origin(i) - self.origin(0)) * self.rate))
        drift = target - self.shift[i]
        if abs(drift) <= self.tolerance or (self._off_since[i] and (drift > 0) != (self._off_since[i] > 0)):
            self._off_since[i] = 0
        else:
            self._off_since[i] += x.shape[0] if drift > 0 else -x.shape[0]
        if abs(self._off_since[i]) >= self.hold:
            self._off_since[i] = 0
            self.shift[i] = target
            if drift > 0:  # the stream lost frames nobody counted: silence keeps it in step
                self._append(i, np.zeros((drift, self.widths[i]), dtype=np.float32))
                self.gap_frames += drift
            else:  # it runs ahead (a faster device clock): drop what it is ahead by
                self.pending_trim[i] += -drift
        if self.pending_trim[i]:
            cut = min(self.pending_trim[i], x.shape[0])
            x = x[cut:]
            self.pending_trim[i] -= cut
            self.trimmed_frames += cut
        self._append(i, x)

    def _append(self, i: int, x: npt.NDArray[np.float32]) -> None:
        if x.shape[0]:
            self._fifo[i].append(x)
            self._held[i] += x.shape[0]

    def _take(self, n: int) -> npt.NDArray[np.float32]:
        out = np.zeros((n, sum(self.widths)), dtype=np.float32)  # (n, columns)
        col = 0
        for i, width in enumerate(self.widths):
            got = 0
            fifo = self._fifo[i]
            while got < n and fifo:
                head = fifo[0]
                k = min(n - got, head.shape[0])
                out[got:got + k, col:col + width] = head[:k]
                got += k
                if k == head.shape[0]:
                    fifo.pop(0)
                else:
                    fifo[0] = head[k:]
            self._held[i] -= got
            col += width
        self.emitted += n
        return out
