"""Who speaks when in a live mono call, by role: the streaming diarizer's voices become agent and customer.

The live counterpart of a stereo call's :class:`coach.speech.channels.ChannelSpeech`, with the
same output (:class:`SpeechUpdate`: role speech starts/ends, closed turns, overlaps), so the
analyzer cannot tell the shapes apart:

- the :class:`StreamingDiarizer` settles who spoke ``[diarization] latency_s`` after the audio;
- each voice gets its role when it is first settled (enrolled voiceprint, else
  ``[diarization] agent_rule``, as a review decides), and keeps it: turns already shown stay true;
- a role's pauses shorter than ``[vad] min_silence_s`` are bridged (as the review's mono path
  does), so a role's end is decided that much after it; changes are released in time order;
- each start and end that meets silence moves, by at most ``[vad] refine_s``, to the mix's energy
  edge, as the review's do (:class:`~coach.speech.turns.MixEnergy`): the diarizer settles 2 s
  behind the audio, so the audio is there; what is released waits ``refine_s`` more, since a
  boundary may move that far back.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from coach.config import DiarizationConfig, VadConfig
from coach.models import Models
from coach.speech.roles import configured_voiceprint, live_roles
from coach.speech.segmenter import RATE
from coach.speech.stream_diarize import StreamingDiarizer
from coach.speech.turns import MixEnergy, TurnBuilder, merge_changes
from coach.vocab import ROLES, Overlap, Role, SpeakerTurn, SpeechChange, SpeechUpdate, Turn, other_role

History = tuple[float, npt.NDArray[np.float32]]
"""The mix of a call from a call time (16 kHz) up to where a stereo call was found to be mono."""


class DiarizedSpeech:
    """Plain stage: ``push`` the mix (16 kHz), get role speech; ``start`` is the call time of its
    first sample. A stereo call found to be mono switches here mid-call: ``history``, the mix heard
    before ``start`` (from the call's start), is diarized first, so the voices get their roles in the
    order the call heard them (the first speaker is the call's, as in a review, not the first voice
    after the switch), while only speech from ``start`` on is told (what came before was, by channel).
    Bounded: the history is what the channel check held, at most its ``MAX_HOLD_S``, diarized once."""

    def __init__(self, diarization: DiarizationConfig, vad: VadConfig, models: Models, start: float = 0.0,
                 history: History | None = None) -> None:
        self.config = diarization
        self.gap = vad.min_silence_s
        self.since = start  # speech is told from here
        self.start = start if history is None else min(history[0], start)  # the diarizer's first sample
        self.diarizer = StreamingDiarizer(diarization, models)
        self.voiceprint = configured_voiceprint(diarization)
        self.energy = MixEnergy(vad.refine_s, vad.refine_db)
        self.lag = vad.refine_s  # a boundary may move this far back: released that much later
        self._history = history
        self.reset()

    def reset(self) -> None:
        self.diarizer.reset()
        self.energy.reset()
        self.method = ""  # how the agent was found, once it was
        self._role: dict[str, Role] = {}  # diarizer label -> role, fixed when first settled
        self._since: dict[Role, float] = {}  # role -> start of its current stretch of speech
        self._until: dict[Role, float] = {}  # role -> end of its speech heard so far
        self._open: set[Role] = set()  # roles the diarizer hears at the settled time
        self._held: list[SpeechChange] = []  # decided, waiting for earlier changes to be decided
        self._horizon = self.since  # released so far: nothing before the switch
        self._heard = self.start  # call time of the audio pushed so far: when a change is decided
        self._turns = TurnBuilder()
        self._past: dict[Role, list[tuple[float, float]]] = {r: [] for r in ROLES}  # closed spans, recent
        self._known: dict[Role, list[tuple[float, float]]] = {r: [] for r in ROLES}  # ... and the open ones
        self._shown: dict[Role, float] = {}  # role -> the start released for its current stretch
        if self._history is not None and self.start < self.since:  # releases nothing: all of it is before `since`
            self.push({"agent": self._history[1][: int(round((self.since - self.start) * RATE))]})

    def push(self, audio: dict[Role, npt.NDArray[np.float32]]) -> SpeechUpdate:
        """audio: the mix, (n,) float32 at 16 kHz, under its one key (as :class:`ChannelSpeech`
        takes role audio), following the last push."""
        samples = next(iter(audio.values()), np.zeros(0, dtype=np.float32))
        closed = self.diarizer.push(samples)
        self.energy.push(samples)
        self._heard += samples.shape[0] / RATE
        return self._update(closed, self.start + self.diarizer.settled_s, self.diarizer.open_turns)

    def finish(self, end: float) -> SpeechUpdate:
        """The call (or this shape of it) ended at call time ``end``: everything closes there."""
        closed = self.diarizer.finish()
        update = self._update(closed, max(end, self._horizon), {}, final=True)
        tail = self._turns.finish(end)
        return SpeechUpdate(update.changes, update.turns + tuple(r for r in tail if isinstance(r, Turn)),
                            update.overlaps + tuple(r for r in tail if isinstance(r, Overlap)))

    def settled(self) -> float:
        """Call time up to which who speaks is final."""
        return self._horizon

    def speaking(self) -> dict[Role, float]:
        """Roles speaking at :meth:`settled`, with the start of their current stretch (as released)."""
        return {role: self._shown.get(role, since) for role, since in self._since.items()}

    def roles_field(self) -> dict[str, str]:
        """Which voice is which role, for a review-like ``roles`` record."""
        out: dict[str, str] = {}
        for label, role in self._role.items():
            out[role] = ",".join(filter(None, [out.get(role, ""), f"speaker:{label}"]))
        return out | ({"agent_by": self.method} if self.method else {})

    # ------------------------------------------------------------------ internals

    def _role_of(self, label: str) -> Role:
        if label not in self._role:
            assignment = live_roles(self.diarizer, self.config, self.voiceprint)
            self._role[label] = assignment.role_of(label)
            self.method = self.method or assignment.method
        return self._role[label]

    def _update(self, closed: list[SpeakerTurn], settled: float, open_turns: dict[str, float],
                final: bool = False) -> SpeechUpdate:
        spans: dict[Role, list[tuple[float, float]]] = {r: [] for r in ROLES}
        for t in closed:  # every voice gets its role, speech before the switch only told by channel
            role = self._role_of(t.speaker)
            if self.start + t.end > self.since:
                spans[role].append((max(self.start + t.start, self.since), self.start + t.end))
        self._open = set()
        for label, since in open_turns.items():
            role = self._role_of(label)
            if settled > self.since:
                self._open.add(role)
                spans[role].append((max(self.start + since, self.since), settled))
        for role in ROLES:
            self._known[role] = self._past[role] + spans[role]
            self._past[role] = [p for p in self._past[role] + [s for s in spans[role] if s[1] < settled]
                                if p[1] > self._heard - self.energy.history_s]
        for role in ROLES:
            self._advance(role, sorted(spans[role]), settled, final)
        pending = [self._until[r] for r in self._since if r not in self._open]  # ends not yet sure
        self._horizon = max(self._horizon, min(pending + [settled]) - self.lag if not final else settled)
        ready = sorted((c for c in self._held if c.t < self._horizon or final), key=lambda c: (c.t, c.speaking))
        self._held = [c for c in self._held if not (c.t < self._horizon or final)]
        done = self._turns.push_all(merge_changes(ready))
        return SpeechUpdate(tuple(ready), tuple(r for r in done if isinstance(r, Turn)),
                            tuple(r for r in done if isinstance(r, Overlap)))

    def _advance(self, role: Role, spans: list[tuple[float, float]], settled: float, final: bool) -> None:
        """Start/end changes of ``role`` from its speech spans (pauses under ``gap`` bridged)."""
        for a, b in spans:
            if role not in self._since:
                self._change(role, a, True, settled)
            elif a - self._until[role] >= self.gap:
                self._change(role, self._until[role], False, settled)
                self._change(role, a, True, settled)
            self._until[role] = max(self._until[role], b)
        quiet = role not in self._open
        if role in self._since and quiet and (final or settled - self._until[role] >= self.gap):
            self._change(role, self._until[role], False, settled)

    def _change(self, role: Role, t: float, speaking: bool, at: float) -> None:
        self._held.append(SpeechChange(role, self._edge(role, t, speaking, at), speaking, max(self._heard, at, t)))
        if speaking:
            self._since[role] = t
            self._until[role] = t
        else:
            self._since.pop(role, None)

    def _edge(self, role: Role, t: float, speaking: bool, settled: float) -> float:
        """The released time of a boundary the diarizer put at ``t``: at the mix's energy edge, never
        into sound inside the other role's turn (its short pauses are its own, as its turns bridge them)."""
        other: list[tuple[float, float]] = []  # the other role's speech, its pauses under `gap` bridged
        for a, b in sorted((a - self.start, b - self.start) for a, b in self._known[other_role(role)]):
            if other and a - other[-1][1] < self.gap:
                other[-1] = (other[-1][0], max(other[-1][1], b))
            else:
                other.append((a, b))
        spoken = other + [(a - self.start, b - self.start) for a, b in self._known[role]]
        edge = self.start + self.energy.snap(t - self.start, speaking, other, spoken, settled - self.start)
        edge = max(edge, self._horizon, self.start)  # never before what was released
        if speaking:
            self._shown[role] = edge
            return edge
        return max(edge, self._shown.pop(role, edge))
