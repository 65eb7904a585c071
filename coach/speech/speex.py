"""Xiph's speexdsp echo canceller (Debian's libspeexdsp1), through ctypes: the well-kept alternative.

``SpeexLeakCanceller`` is a drop-in for :class:`coach.speech.leak.LeakCanceller` (same push/finish),
one MDF adaptive filter per direction (the other channel as the far end), each followed by speexdsp's
preprocessor with the echo state attached (its residual-echo suppressor; noise suppression and AGC
off). ``benchmarks/stereo_degraded.py --leak speex`` measures it beside ours; see that module for
which is used and why.
"""

from __future__ import annotations

import ctypes
import ctypes.util

import numpy as np
import numpy.typing as npt

from coach.config import EchoConfig
from coach.speech.leakpath import LeakEstimate
from coach.vocab import MODEL_RATE, ROLES, Role, other_role

RATE = MODEL_RATE
FRAME = 160  # 10 ms per call into speexdsp
SPEEX_ECHO_SET_SAMPLING_RATE = 24
SPEEX_PREPROCESS_SET_DENOISE = 0
SPEEX_PREPROCESS_SET_AGC = 2
SPEEX_PREPROCESS_SET_VAD = 4
SPEEX_PREPROCESS_SET_DEREVERB = 8
SPEEX_PREPROCESS_SET_ECHO_STATE = 24

_I16 = ctypes.POINTER(ctypes.c_int16)
Audio = npt.NDArray[np.float32]


def _lib() -> ctypes.CDLL:
    name = ctypes.util.find_library("speexdsp") or "libspeexdsp.so.1"
    lib = ctypes.CDLL(name)
    lib.speex_echo_state_init.restype = ctypes.c_void_p
    lib.speex_echo_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.speex_echo_cancellation.argtypes = [ctypes.c_void_p, _I16, _I16, _I16]
    lib.speex_echo_ctl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    lib.speex_echo_state_destroy.argtypes = [ctypes.c_void_p]
    lib.speex_preprocess_state_init.restype = ctypes.c_void_p
    lib.speex_preprocess_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.speex_preprocess_ctl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    lib.speex_preprocess_run.argtypes = [ctypes.c_void_p, _I16]
    lib.speex_preprocess_state_destroy.argtypes = [ctypes.c_void_p]
    return lib


class _Speex:
    """One direction: near end = the channel, far end = the other party's channel."""

    def __init__(self, lib: ctypes.CDLL, tail: int, suppress: bool) -> None:
        self._lib = lib
        self.echo = lib.speex_echo_state_init(FRAME, tail)
        rate = ctypes.c_int(RATE)
        lib.speex_echo_ctl(self.echo, SPEEX_ECHO_SET_SAMPLING_RATE, ctypes.byref(rate))
        self.pre = None
        if suppress:
            self.pre = lib.speex_preprocess_state_init(FRAME, RATE)
            off = ctypes.c_int(0)
            for ctl in (SPEEX_PREPROCESS_SET_DENOISE, SPEEX_PREPROCESS_SET_AGC, SPEEX_PREPROCESS_SET_VAD,
                        SPEEX_PREPROCESS_SET_DEREVERB):
                lib.speex_preprocess_ctl(self.pre, ctl, ctypes.byref(off))
            lib.speex_preprocess_ctl(self.pre, SPEEX_PREPROCESS_SET_ECHO_STATE, ctypes.c_void_p(self.echo))

    def run(self, near: npt.NDArray[np.int16], far: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
        out = np.empty(FRAME, dtype=np.int16)
        self._lib.speex_echo_cancellation(self.echo, near.ctypes.data_as(_I16), far.ctypes.data_as(_I16),
                                          out.ctypes.data_as(_I16))
        if self.pre is not None:
            self._lib.speex_preprocess_run(self.pre, out.ctypes.data_as(_I16))
        return out

    def close(self) -> None:
        if self.pre is not None:
            self._lib.speex_preprocess_state_destroy(self.pre)
            self.pre = None
        if self.echo:
            self._lib.speex_echo_state_destroy(self.echo)
            self.echo = None


class SpeexLeakCanceller:
    """Plain stage like ``LeakCanceller``: per-role 16 kHz audio in, echo-cancelled audio out."""

    def __init__(self, config: EchoConfig | None = None, suppress: bool = True) -> None:
        self.config = config or EchoConfig()
        self._lib = _lib()
        self._tail = int(round((self.config.max_delay_s + 0.05) * RATE)) // FRAME * FRAME
        self._suppress = suppress
        self._states: dict[Role, _Speex] = {}
        self.reset()

    def reset(self) -> None:
        for s in self._states.values():
            s.close()
        # Keyed by the channel cancelled: its far end is the other role.
        self._states = {r: _Speex(self._lib, self._tail, self._suppress) for r in ROLES}
        self._pending = {r: np.zeros(0, np.float32) for r in ROLES}

    def report(self) -> list[dict[str, float | str | None]]:
        return [{"from": other_role(r), "into": r, "gain_db": None, "delay_ms": None} for r in ROLES]

    def estimates(self) -> list[LeakEstimate]:
        """None: speexdsp adapts one long filter per direction and says nothing of a leak's gain or delay
        (``benchmarks.stereo_degraded`` asks after each push which leak was found when)."""
        return []

    def push(self, audio: dict[Role, Audio]) -> dict[Role, Audio]:
        for r in ROLES:
            self._pending[r] = np.concatenate([self._pending[r], audio.get(r, np.zeros(0, np.float32))])
        n = min(len(p) for p in self._pending.values()) // FRAME * FRAME
        pcm = {r: np.clip(np.round(self._pending[r][:n] * 32768), -32768, 32767).astype(np.int16) for r in ROLES}
        out: dict[Role, Audio] = {}
        for r in ROLES:
            far = pcm[other_role(r)]
            frames = [self._states[r].run(pcm[r][i: i + FRAME], far[i: i + FRAME]) for i in range(0, n, FRAME)]
            out[r] = (np.concatenate(frames) / 32768).astype(np.float32) if frames else np.zeros(0, np.float32)
        for r in ROLES:
            self._pending[r] = self._pending[r][n:]
        return out

    def finish(self) -> dict[Role, Audio]:
        out = {r: self._pending[r] for r in ROLES}
        self._pending = {r: np.zeros(0, np.float32) for r in ROLES}
        return out
