"""Who speaks when on a stereo call: one streaming VAD per role's channel, turns and overlaps."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from coach.config import EchoConfig, VadConfig
from coach.speech.leak import LeakCanceller
from coach.speech.turns import TurnBuilder, merge_changes
from coach.vad import SileroModel, StreamingVad
from coach.vocab import ROLES, Overlap, Role, SpeechChange, SpeechUpdate, Turn


class ChannelSpeech:
    """Plain stage: per-role 16 kHz audio in, :class:`SpeechUpdate` out. Each channel is one party
    once the other party's voice leaking into it (echo, crosstalk) is removed (``[echo]``,
    :mod:`coach.speech.leak`), so attribution is certain and overlaps are exact."""

    def __init__(self, silero: SileroModel, config: VadConfig | None = None, start: float = 0.0,
                 echo: EchoConfig | None = None) -> None:
        self.config = config or VadConfig()
        self._vads = {role: StreamingVad(role, silero, self.config, start) for role in ROLES}
        self._turns = TurnBuilder()
        self.leak = LeakCanceller(echo)

    def reset(self) -> None:
        for vad in self._vads.values():
            vad.reset()
        self._turns.reset()
        self.leak.reset()

    def speaking(self, role: Role) -> bool:
        return self._vads[role].speaking

    def settled(self) -> float:
        """Call time up to which who speaks is final on both channels (see ``StreamingVad.settled``)."""
        return min(vad.settled for vad in self._vads.values())

    def push(self, audio: dict[Role, npt.NDArray[np.float32]]) -> SpeechUpdate:
        if not audio:
            return SpeechUpdate((), (), ())
        own = self.leak.push(audio) if self.leak.config.enabled else audio
        changes = merge_changes(*(self._vads[role].push(x) for role, x in own.items()))
        return self._update(changes, self._turns.push_all(changes))

    def finish(self, end: float) -> SpeechUpdate:
        rest = self.leak.finish() if self.leak.config.enabled else {}
        changes = merge_changes(*(self._vads[role].push(x) + self._vads[role].finish() for role, x in
                                  ((r, rest.get(r, np.zeros(0, np.float32))) for r in ROLES)))
        closed = self._turns.push_all(changes) + self._turns.finish(end)
        return self._update(changes, closed)

    @staticmethod
    def _update(changes: list[SpeechChange], closed: list[Turn | Overlap]) -> SpeechUpdate:
        return SpeechUpdate(tuple(changes), tuple(r for r in closed if isinstance(r, Turn)),
                            tuple(r for r in closed if isinstance(r, Overlap)))
