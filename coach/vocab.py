"""The shared vocabulary: every stage, sink and scorer speaks these small frozen types.

Times are seconds from the start of the call (call time), floats, ``start <= end``.
A role is ``"agent"`` or ``"customer"``; the event kinds are those of the review contract
(``coach.review/1``, see README "Review document").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import numpy as np
import numpy.typing as npt

Role = Literal["agent", "customer"]
ROLES: tuple[Role, ...] = get_args(Role)

EventKind = Literal[
    "interruption",
    "customer_interruption",
    "backchannel",
    "talk_over",
    "cold_tone",
    "missing_empathy",
    "empathy",
    "avoid_phrase",
    "dead_air",
    "monologue",
]
EVENT_KINDS: tuple[EventKind, ...] = get_args(EventKind)

Severity = Literal["info", "positive", "warning", "alert"]


def other_role(role: Role) -> Role:
    """The other party of a two-party call."""
    return "customer" if role == "agent" else "agent"


def check_role(value: object) -> Role:
    """Validate a role read from outside (JSON, config)."""
    if value not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, got {value!r}")
    return value


class _Span:
    """Mixin for the timed types: validates ``start <= end`` and gives the duration."""

    start: float
    end: float

    def __post_init__(self) -> None:
        if not (self.start <= self.end):
            raise ValueError(f"span must have start <= end, got {self.start} > {self.end}")

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Chunk:
    """A block of audio in call time, as sources yield it.

    ``samples`` has shape (frames, channels), float32 in [-1, 1].
    """

    start: float
    samples: npt.NDArray[np.float32] = field(compare=False, repr=False)
    sample_rate: int

    @property
    def duration(self) -> float:
        return self.samples.shape[0] / self.sample_rate

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(frozen=True)
class Turn(_Span):
    """One stretch of speech by one role (who spoke when)."""

    role: Role
    start: float
    end: float


@dataclass(frozen=True)
class SpeechChange:
    """A role started (``speaking``) or stopped speaking at ``t``, decided at call time ``decided_at``.

    Streaming speech detectors emit these as soon as a boundary is certain; ``decided_at - t`` is
    the detector's latency for that boundary.
    """

    role: Role
    t: float
    speaking: bool
    decided_at: float


@dataclass(frozen=True)
class Segment(_Span):
    """A transcribed stretch of speech by one role (a sentence or utterance)."""

    role: Role
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Word(_Span):
    """One recognised word; ``committed`` is False while streaming ASR may still change it."""

    role: Role
    start: float
    end: float
    text: str
    p: float = 1.0
    committed: bool = True


@dataclass(frozen=True)
class TranscriptUpdate:
    """What a streaming transcriber learned from one push, for one role.

    ``committed`` words are final and new (append them); ``partial`` is the whole unstable tail
    after them (it replaces the previous partial). ``at`` is the call time of the audio heard so far;
    ``skipped`` is speech left untranscribed to catch up when the machine fell behind, in seconds.
    """

    role: Role
    committed: tuple[Word, ...] = ()
    partial: tuple[Word, ...] = ()
    at: float = 0.0
    skipped_s: float = 0.0


@dataclass(frozen=True)
class Overlap(_Span):
    """Both parties speaking at once; ``first`` held the floor, ``second`` came in."""

    start: float
    end: float
    first: Role
    second: Role


MODEL_RATE = 16_000
"""The one sample rate every model hears (Whisper, Silero, segmentation-3.0, CAM++): each stream is
resampled to it on the way in (audio.resample)."""

RoleAudio = dict[Role, npt.NDArray[np.float32]]
"""16 kHz audio per stream, ``role -> (n,) float32``: each role's channel, or a mono call's mix
under one key. What the splitters give the speech stages, the transcribers and prosody."""


# ----------------------------------------------------------------------------- mono: who spoke when, by voice


@dataclass(frozen=True)
class SpeakerTurn:
    """One stretch of speech by one diarization label (roles are assigned later)."""

    speaker: str
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Span:
    """A stretch of call time (in a diarization: two or more speakers at once)."""

    start: float
    end: float


@dataclass(frozen=True)
class Diarization:
    """Who spoke when by label: turns (overlapping where people talk at once) and overlaps."""

    duration: float
    speakers: tuple[str, ...]  # labels, ordered by first speech
    turns: tuple[SpeakerTurn, ...]  # time order
    overlaps: tuple[Span, ...]
    centroids: np.ndarray = field(compare=False, repr=False)  # (num_speakers, dim), rows as `speakers`
    method: str = "coach"

    def speech_time(self, speaker: str) -> float:
        return sum(t.duration for t in self.turns if t.speaker == speaker)


@dataclass(frozen=True)
class SpeechUpdate:
    """What a who-speaks-when stage learned from one push: boundaries, and what they closed."""

    changes: tuple[SpeechChange, ...] = ()
    turns: tuple[Turn, ...] = ()
    overlaps: tuple[Overlap, ...] = ()


@dataclass(frozen=True)
class ProsodyFrame:
    """Pitch and loudness of one role at one instant (``f0_hz`` is None when unvoiced)."""

    role: Role
    t: float
    f0_hz: float | None
    rms_db: float


@dataclass(frozen=True)
class Event(_Span):
    """A coaching finding, exactly one entry of the review document's ``events``."""

    kind: EventKind
    role: Role
    start: float
    end: float
    message: str = ""
    detail: dict[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {self.kind!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "role": self.role,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "message": self.message,
            "detail": dict(self.detail),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        detail = dict(d.get("detail") or {})
        if "note" in d:  # truth files carry a free-text note
            detail.setdefault("note", d["note"])
        return cls(
            kind=d["kind"],
            role=check_role(d["role"]),
            start=float(d["start"]),
            end=float(d["end"]),
            message=str(d.get("message", "")),
            detail=detail,
        )


@dataclass(frozen=True)
class Nudge:
    """One short actionable line shown to the agent, raised by an event."""

    kind: EventKind
    at: float
    text: str
    severity: Severity = "warning"


@dataclass(frozen=True)
class ToneMeter:
    """One reading of the agent's delivery (``None`` values until enough voiced speech was heard)."""

    at: float  # call time of the newest frame seen
    pitch_spread_st: float | None  # semitones, std around the median, over the recent voiced speech
    loudness_db: float | None  # dBFS, median of the recent voiced frames
    voiced_at: float | None  # call time of the newest voiced frame (the reading's freshness)
    flat: bool  # spread under ``[tone] floor_semitones``
    quiet: bool  # loudness under ``[tone] floor_db``


@dataclass(frozen=True)
class Status:
    """How a live session keeps up, for the dashboard's header (emitted about once a second)."""

    at: float  # call time heard so far
    asr_backlog_s: float  # audio waiting for transcription
    behind: bool  # transcription is coarsened to catch up
    skipped_s: float  # speech left untranscribed so far to keep up
    cpu_s: float  # process CPU seconds since the session started
    delay_s: float = 0.0  # how far coaching (analysis, transcription) lags the audio captured
    delayed: bool = False  # delay_s >= [live] delayed_s: the dashboard says coaching is delayed
    gap_s: float = 0.0  # call time analysed as silence because analysis was full (it is recorded)
    notice: str = ""  # a problem the agent should know about: a device lost, the recording stopped
    roles_by: str = ""  # a mono call: how the speakers are told apart ("": by channel)


@dataclass(frozen=True)
class CallMeters:
    """The call's running counts, kept by the analyzer (not by a screen matching nudges to events):
    each interruption is counted once, as soon as it is certain (while it lasts, live)."""

    at: float  # call time of the finding that changed a count
    interruptions: int = 0  # the agent cut the customer off
    customer_interruptions: int = 0  # the customer cut the agent off


LiveItem = SpeechUpdate | TranscriptUpdate | Event | Nudge | Status | ToneMeter | CallMeters
"""Everything a live session emits to its sink (the dashboard), in the order it was decided."""
