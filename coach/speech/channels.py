"""Who speaks when on a stereo call: one streaming VAD per role's channel, turns and overlaps."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from coach.config import VadConfig
from coach.speech.turns import TurnBuilder, merge_changes
from coach.speech.vad import SileroModel, StreamingVad
from coach.vocab import ROLES, Overlap, Role, SpeechChange, SpeechUpdate, Turn


class ChannelSpeech:
    """Plain stage: per-role 16 kHz audio in, :class:`SpeechUpdate` out. Each channel is one party,
    so attribution is certain and overlaps are exact."""

    def __init__(self, silero: SileroModel, config: VadConfig | None = None, start: float = 0.0) -> None:
        self.config = config or VadConfig()
        self._vads = {role: StreamingVad(role, silero, self.config, start) for role in ROLES}
        self._turns = TurnBuilder()

    def reset(self) -> None:
        for vad in self._vads.values():
            vad.reset()
        self._turns.reset()

    def speaking(self, role: Role) -> bool:
        return self._vads[role].speaking

    def settled(self) -> float:
        """Call time up to which who speaks is final on both channels (see ``StreamingVad.settled``)."""
        return min(vad.settled for vad in self._vads.values())

    def push(self, audio: dict[Role, npt.NDArray[np.float32]]) -> SpeechUpdate:
        changes = merge_changes(*(self._vads[role].push(x) for role, x in audio.items()))
        return self._update(changes, self._turns.push_all(changes))

    def finish(self, end: float) -> SpeechUpdate:
        changes = merge_changes(*(vad.finish() for vad in self._vads.values()))
        closed = self._turns.push_all(changes) + self._turns.finish(end)
        return self._update(changes, closed)

    @staticmethod
    def _update(changes: list[SpeechChange], closed: list[Turn | Overlap]) -> SpeechUpdate:
        return SpeechUpdate(tuple(changes), tuple(r for r in closed if isinstance(r, Turn)),
                            tuple(r for r in closed if isinstance(r, Overlap)))
