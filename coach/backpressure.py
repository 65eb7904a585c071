"""Bounded queues that never block the stage feeding them: what does not fit is left out as a gap.

The live session (:mod:`coach.live`, the only room with threads) joins its stages with these, so
memory stays bounded however far analysis falls behind: a full queue closes until it has drained to
half, and what was left out is announced once as a :class:`Gap` (the stage after it closes what was
open and starts again after it). No thread here; the queues are the standard library's.

In a live session:

* capture: each chunk goes to the session recorder first (a ``write``, in this thread), so audio
  is on disk before anything else sees it and is never dropped;
* capture -> speech (``QUEUE_CHUNKS``): when full, chunks are left out of analysis (they are
  recorded all the same) until the queue has drained to half, so what is left out is a few long
  gaps, not many short ones (:class:`Valve`); at a gap the speech stage closes what was open
  and starts again after it (costing nothing, so analysis catches up), and
  :attr:`Status.gap_s` says how much was left out;
* speech -> ASR (``ASR_QUEUE_S`` of audio): the transcribers coarsen and skip by the backlog
  (``[asr] behind_s``/``drop_s``) long before this fills; if it does, the same gap rule applies
  (an utterance open at the gap is dropped when far behind, else finished);
* speech/ASR -> analyze (``ANALYZE_QUEUE`` items): what is cheap to lose is dropped when full (an
  empty speech update, which only carries the clock, and prosody frames); turns, changes and
  words wait for room, which backs up into the queues above and their gap rule.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Gap:
    """Audio left out of a queue that was full (recorded all the same): ``frames`` of call the
    stage after it skips, starting again after them with its clock still the call's."""

    frames: int


class Valve:
    """Offers items to a bounded queue without ever blocking: once the queue is full, items are
    left out (counted as one pending :class:`Gap`) until it has drained to half."""

    def __init__(self, q: queue.Queue[Any]) -> None:
        self.q = q
        self.pending = 0  # frames left out, not yet announced
        self.shut = False

    def offer(self, item: object, frames: int) -> bool:
        """Put ``item`` (``frames`` long) or leave it out; False when left out."""
        if self.shut and self.q.qsize() > self.q.maxsize // 2:
            self.pending += frames
            return False
        if self.pending and not offer(self.q, Gap(self.pending)):
            self.shut = True
            self.pending += frames
            return False
        self.pending = 0
        if offer(self.q, item):
            self.shut = False
            return True
        self.shut = True
        self.pending += frames
        return False

    def close(self) -> None:
        """Announce what is still pending (blocking: nothing comes after it)."""
        if self.pending:
            self.q.put(Gap(self.pending))
            self.pending = 0



def offer(q: queue.Queue[Any], item: object) -> bool:
    """Put ``item`` if there is room now; False (nothing put) when the queue is full."""
    try:
        q.put_nowait(item)
    except queue.Full:
        return False
    return True
