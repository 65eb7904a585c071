"""From source chunks to one 16 kHz stream per role: channel-to-role mapping plus resampling."""

from __future__ import annotations

from audio.resample import MODEL_RATE, StreamResampler
from audio.sources import role_channels
from coach.config import AudioConfig
from coach.vocab import Chunk, RoleAudio


class RoleSplitter:
    """Plain stage: ``push(chunk)`` -> new 16 kHz samples per role (two-channel chunks)."""

    def __init__(self, sample_rate: int, config: AudioConfig | None = None) -> None:
        self.config = config or AudioConfig()
        self._columns = role_channels(self.config)
        self._resamplers = {role: StreamResampler(sample_rate, MODEL_RATE) for role in self._columns}

    def push(self, chunk: Chunk) -> RoleAudio:
        if chunk.samples.shape[1] != 2:
            raise ValueError(f"RoleSplitter needs two-channel chunks, got shape {chunk.samples.shape}")
        return {role: self._resamplers[role].push(chunk.samples[:, col]) for role, col in self._columns.items()}

    def finish(self) -> RoleAudio:
        return {role: r.finish() for role, r in self._resamplers.items()}

    def reset(self) -> None:
        for r in self._resamplers.values():
            r.reset()
