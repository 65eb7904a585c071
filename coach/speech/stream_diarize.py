"""Live who-spoke-when for a mono call: a rolling window, online clustering, labels after a fixed delay.

The diart approach (Coria et al., 2021) with the offline pipeline's models and decision rule:

1. Every ``step`` seconds the segmentation model sees the last ``window_s`` seconds of audio and
   says, per 17 ms frame, which of its (up to 3) local speakers talk (powerset probabilities).
2. Each local speaker with enough speech in the window gets a CAM++ embedding of its frames.
3. Online clustering: local speakers are matched one-to-one (Hungarian) to the call's speaker
   centroids by cosine distance; one farther than ``new_speaker_threshold`` from every centroid
   starts a new speaker while fewer than ``max_speakers`` exist. A local speaker too short to
   embed follows the global speaker whose recent activity it overlaps most. Centroids are the
   running sum of confident embeddings.
4. The window's powerset probabilities, mapped through its local-to-global assignment, are
   accumulated per frame over all windows that cover it. A frame settles ``latency_s`` after it
   was heard; then the most probable speaker set (nobody, A, B, A and B) is its label.

Nothing here knows about threads or devices: ``push`` samples, get the turns that have ended and
settled; ``finish`` at the end of the call; ``reset`` for the next one. Memory is bounded by the
window and the latency, whatever the call's length.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import torch
from pyannote.audio import Model
from scipy.optimize import linear_sum_assignment

from coach.config import DiarizationConfig, ModelsConfig
from coach.models import Models
from coach.speech.campplus import FRAME_SHIFT_S, CamPlusPlus, fbank
from coach.speech.segmenter import RATE, ChunkSegmenter
from coach.vocab import SpeakerTurn

FRAME = 270  # samples per segmentation frame (16.875 ms)
FRAME_SPAN = 991  # samples each frame's receptive field covers
MIN_EMBED_S = 0.5  # less speech than this in a window: no embedding (too unreliable)
UPDATE_S = 1.5  # a local speaker with this much speech in the window updates its centroid
SURE_COVER = 0.8  # earlier windows gave this share of a local speaker's frames to one speaker: it continues
REFRESH_EVERY = 8  # windows between centroid refreshes of continuing speakers
EMBED_MAX_S = 4.0  # speech per embedding (the most recent)
CONTINUITY = 0.5  # weight of "it continues a speaker the previous windows heard" against the voice match


@dataclass(frozen=True)
class StreamSettings:
    """The few numbers the streaming diarizer derives from the config (all in samples / frames)."""

    window: int  # samples per segmentation window, a multiple of FRAME
    step: int  # samples between windows, a multiple of FRAME
    latency_frames: int  # a frame settles this many frames after the newest audio
    max_speakers: int
    new_speaker_threshold: float  # cosine distance

    @classmethod
    def from_config(cls, config: DiarizationConfig, step_s: float = 0.5) -> StreamSettings:
        """step = min(latency, 0.5 s): several windows vote on each frame when latency allows."""
        latency = config.latency_s
        step = max(1, round(min(step_s, latency) * RATE / FRAME)) * FRAME
        window_s = max(config.window_s, latency + step / RATE)
        window = round(window_s * RATE / FRAME) * FRAME
        return cls(window, step, round(latency * RATE / FRAME), config.max_speakers or 2,
                   config.new_speaker_threshold)


def frame_time(g: int) -> float:
    """Call time (s) at the middle of global frame ``g``."""
    return (g * FRAME + FRAME_SPAN / 2) / RATE


class StreamingDiarizer:
    """Rolling-window diarization of a live mono call (16 kHz float samples in, settled turns out)."""

    def __init__(
        self,
        config: DiarizationConfig | None = None,
        models: Models | ModelsConfig | None = None,
        segmentation: Model | None = None,
        embedding: CamPlusPlus | None = None,
        step_s: float = 0.5,
    ) -> None:
        self.config = config or DiarizationConfig()
        owner = Models.of(models)  # the process's model owner (a [models] alone: an owner of its own)
        self.settings = StreamSettings.from_config(self.config, step_s)
        if segmentation is None:
            segmentation = owner.segmentation
        self.segmenter = ChunkSegmenter(segmentation, self.settings.step / RATE, batch_size=1,
                                        duration_s=self.settings.window / RATE)
        self.embedding = embedding if embedding is not None else CamPlusPlus.load(owner)
        self._local = self.segmenter.class_speakers()  # (classes, local speakers)
        k = self.settings.max_speakers
        self._sets: list[tuple[int, ...]] = [()] + [(i,) for i in range(k)] + list(itertools.combinations(range(k), 2))
        self._index = {st: i for i, st in enumerate(self._sets)}
        self._member = np.zeros((len(self._sets), k), dtype=bool)  # (sets, K)
        for i, st in enumerate(self._sets):
            self._member[i, list(st)] = True
        self.reset()

    # ------------------------------------------------------------------ public

    def reset(self) -> None:
        """Forget the call: audio, speakers, pending frames."""
        s = self.settings
        self._audio = np.zeros(s.window, dtype=np.float32)  # the newest `window` samples (zeros before t=0)
        self._received = 0  # samples pushed so far
        self._next_end = s.step  # sample index at which the next window ends
        self._origin = 0  # global frame index of _acc[0]
        self._acc = np.zeros((0, len(self._sets)))  # (frames, sets) summed weighted probabilities
        self._weight = np.zeros(0)  # (frames,)
        self._settled = 0  # global frames before this one are decided
        self._centroids = np.zeros((0, self.embedding.dimension))  # (K, dim) sums of unit embeddings
        self._windows = 0
        self._first: dict[int, int] = {}  # speaker -> first settled frame it spoke in
        self._frames_spoken: dict[int, int] = {}
        self._open: dict[int, int] = {}  # speaker -> global frame where its current turn began
        self._last_active: dict[int, int] = {}
        self._recent = np.zeros((0, self.settings.max_speakers))  # (frames, K) last decided activity
        self._hamming = np.hamming(self.segmenter.model.num_frames(s.window)).astype(np.float64)

    @property
    def speakers(self) -> tuple[str, ...]:
        """Labels of the voices recognised so far, in the order they were first recognised."""
        return tuple(self.label(i) for i in range(self._centroids.shape[0]))

    @property
    def centroids(self) -> np.ndarray:
        """(speakers, dim) unit voice centroids, rows as :attr:`speakers`."""
        norms = np.linalg.norm(self._centroids, axis=1, keepdims=True)
        out: np.ndarray = self._centroids / np.maximum(norms, 1e-12)
        return out

    @property
    def first_heard(self) -> dict[str, float]:
        """When each speaker first spoke (settled frames only), seconds."""
        return {self.label(k): frame_time(g) for k, g in self._first.items()}

    @property
    def speech_s(self) -> dict[str, float]:
        """Settled speech time of each speaker so far, seconds."""
        return {self.label(k): n * FRAME / RATE for k, n in self._frames_spoken.items()}

    @property
    def settled_s(self) -> float:
        """Call time up to which who-spoke-when is decided (it will not change before this)."""
        return frame_time(self._settled) if self._settled else 0.0

    @property
    def open_turns(self) -> dict[str, float]:
        """Speakers talking at ``settled_s``, with the start of their current (unfinished) turn."""
        return {self.label(k): frame_time(g) for k, g in self._open.items()}

    @staticmethod
    def label(k: int) -> str:
        return f"SPEAKER_{k:02d}"

    def push(self, samples: np.ndarray) -> list[SpeakerTurn]:
        """Add audio (n,) float32 at 16 kHz; return the turns that ended and have settled."""
        samples = np.asarray(samples, dtype=np.float32).reshape(-1)
        out: list[SpeakerTurn] = []
        pos = 0
        while pos < samples.shape[0]:
            take = min(samples.shape[0] - pos, self._next_end - self._received)
            self._append(samples[pos:pos + take])
            pos += take
            if self._received == self._next_end:
                self._process_window()
                self._next_end += self.settings.step
                out += self._settle(self._frames_heard() - self.settings.latency_frames)
        return out

    def finish(self) -> list[SpeakerTurn]:
        """The call ended: label everything heard, close open turns (then ``reset`` for the next call)."""
        out: list[SpeakerTurn] = []
        if self._received > self._next_end - self.settings.step:  # a partial last step
            heard = self._frames_heard()
            self._append(np.zeros(self._next_end - self._received, dtype=np.float32))
            self._process_window()
            out += self._settle(heard)
        else:
            out += self._settle(self._frames_heard())
        for k in sorted(self._open):
            out.append(self._turn(k, self._open[k], self._last_active[k]))
        self._open.clear()
        return sorted(out, key=lambda t: (t.start, t.end))

    # ------------------------------------------------------------------ internals

    def _append(self, samples: np.ndarray) -> None:
        n = samples.shape[0]
        if n >= self._audio.shape[0]:
            self._audio = samples[-self._audio.shape[0]:].copy()
        else:
            self._audio = np.concatenate([self._audio[n:], samples])
        self._received += n

    def _frames_heard(self) -> int:
        """Global frames whose middle lies in the audio received so far."""
        return max(0, (self._received - FRAME_SPAN // 2) // FRAME)

    def _process_window(self) -> None:
        """Segment, embed and cluster the window ending now; add its votes to the frame buffer."""
        s = self.settings
        start = self._received - s.window  # sample index of the window start (may be < 0: zero padding)
        raw = self.segmenter.scores(torch.from_numpy(self._audio), 0, 1)[0]  # (F, classes) log-probs
        probs = np.exp(raw)
        local = probs @ self._local  # (F, S) soft activity of each local speaker
        active = local > 0.5
        assign = self._assign(active)
        # votes per global speaker set, frame by frame
        num_frames = raw.shape[0]
        target = np.array([self._index[tuple(sorted({int(assign[s_]) for s_ in np.flatnonzero(self._local[pc])
                                                      if assign[s_] >= 0}))]
                           for pc in range(raw.shape[1])])
        votes = np.zeros((num_frames, len(self._sets)))
        for pc in range(raw.shape[1]):
            votes[:, target[pc]] += probs[:, pc]
        g0 = start // FRAME
        first = max(0, self._settled - g0)  # skip frames already decided (or before the call)
        if first >= num_frames:
            return
        self._grow(g0 + num_frames)
        a = g0 + first - self._origin
        w = self._hamming[first:, None]
        self._acc[a:a + num_frames - first] += votes[first:] * w
        self._weight[a:a + num_frames - first] += w[:, 0]

    def _assign(self, active: np.ndarray) -> np.ndarray:
        """Global speaker of each local speaker (-1: silent). active: (F, S) bool -> (S,).

        A local speaker that plainly continues one known speaker (the earlier windows gave most of
        its frames to that speaker and few to any other) keeps it without an embedding; the rest
        (new voices, ambiguous ones) are matched by voice and continuity together. Embeddings of
        long local speakers are still taken every ``REFRESH_EVERY`` windows to keep centroids fresh.
        """
        s = self.settings
        num_speakers = active.shape[1]
        speech_s = active.sum(axis=0) * FRAME / RATE  # (S,)
        assign = -np.ones(num_speakers, dtype=np.int64)
        talking = [i for i in range(num_speakers) if speech_s[i] > 0]
        k = self._centroids.shape[0]
        cover = self._coverage(active)[:, :k]  # (S, K) share of each local speaker's frames k already had
        sure: dict[int, int] = {}
        for i in talking if k else []:
            ranked = np.sort(cover[i])[::-1]
            if ranked[0] >= SURE_COVER and (k == 1 or ranked[1] <= 1.0 - SURE_COVER):
                sure[i] = int(np.argmax(cover[i]))
        if len(set(sure.values())) < len(sure):  # two local speakers claim one voice: look closer
            sure = {}
        self._windows += 1
        refresh = self._windows % REFRESH_EVERY == 0
        need = [i for i in talking if i not in sure or (refresh and speech_s[i] >= UPDATE_S)]
        emb = self._embed(active, [i for i in need if speech_s[i] >= MIN_EMBED_S])  # (S, dim), NaN: none
        for i, c in sure.items():
            assign[i] = c
        todo = [i for i in need if i not in sure and not np.isnan(emb[i]).any()]
        free = [c for c in range(k) if c not in sure.values()]
        if todo and free:
            dist = 1.0 - emb[todo] @ self.centroids[free].T  # (A, free) cosine distance
            cost = (1.0 - CONTINUITY) * dist + CONTINUITY * (1.0 - cover[np.ix_(todo, free)])
            rows, cols = linear_sum_assignment(cost)
            for r, c in zip(rows, cols):
                if dist[r, c] <= s.new_speaker_threshold or cover[todo[r], free[c]] >= 0.5 or k >= s.max_speakers:
                    assign[todo[r]] = free[c]
        for i in todo:
            if assign[i] >= 0:
                continue
            if self._centroids.shape[0] < s.max_speakers:
                self._centroids = np.vstack([self._centroids, emb[i][None]])
                assign[i] = self._centroids.shape[0] - 1
            else:  # more voices in the window than the call may have: the nearest
                assign[i] = int(np.argmin(1.0 - emb[i] @ self.centroids.T))
        for i in need:
            if assign[i] >= 0 and speech_s[i] >= UPDATE_S and not np.isnan(emb[i]).any():
                self._centroids[assign[i]] += emb[i]
        for i in talking:  # speech too short to embed: follow recent activity
            if assign[i] < 0 and self._centroids.shape[0]:
                assign[i] = self._by_overlap(active[:, i], {int(a) for a in assign if a >= 0})
        return assign

    def _embed(self, active: np.ndarray, which: list[int]) -> np.ndarray:
        """Unit CAM++ embedding of local speakers ``which`` from their frames in the window. -> (S, dim)"""
        out = np.full((active.shape[1], self.embedding.dimension), np.nan)
        if not which:
            return out
        feats = fbank(torch.from_numpy(self._audio))  # (T, 80)
        to_seg = np.minimum(np.arange(feats.shape[0]) * round(FRAME_SHIFT_S * RATE) // FRAME, active.shape[0] - 1)
        clean = active.sum(axis=1) < 2
        longest = round(EMBED_MAX_S / FRAME_SHIFT_S)
        for i in which:
            mask = active[:, i] & clean
            if mask.sum() * FRAME / RATE < MIN_EMBED_S:
                mask = active[:, i]
            speech = feats[torch.from_numpy(mask[to_seg])][-longest:]  # the most recent EMBED_MAX_S
            e = self.embedding.embed_features(speech).numpy()
            if not np.isnan(e).any():
                out[i] = e / np.linalg.norm(e)
        return out

    def _coverage(self, active: np.ndarray) -> np.ndarray:
        """For each local speaker, the share of its frames each global speaker already covers.

        active: (F, A) bool over the current window -> (A, K); frames no earlier window saw count
        for nobody.
        """
        g0 = (self._received - self.settings.window) // FRAME
        recent = self._recent_activity(g0, active.shape[0])  # (F, K)
        speech = np.maximum(active.sum(axis=0), 1)[:, None]  # (A, 1)
        out: np.ndarray = (active.T.astype(np.float64) @ recent) / speech
        return out

    def _by_overlap(self, active: np.ndarray, taken: set[int]) -> int:
        """The global speaker whose decided activity best overlaps this window's frames. active: (F,)"""
        g0 = (self._received - self.settings.window) // FRAME
        recent = self._recent_activity(g0, active.shape[0])  # (F, K)
        score = active.astype(np.float64) @ recent  # (K,)
        order = [int(k) for k in np.argsort(-score) if int(k) not in taken and int(k) < self._centroids.shape[0]]
        return order[0] if order else int(np.argmax(score))

    def _recent_activity(self, g0: int, n: int) -> np.ndarray:
        """Per-speaker activity over global frames g0..g0+n: decided where settled, else the votes so far."""
        k = self.settings.max_speakers
        out = np.zeros((n, k))
        lo, hi = max(g0, self._origin), min(g0 + n, self._origin + self._acc.shape[0])
        if hi > lo:
            pending = self._acc[lo - self._origin:hi - self._origin] / np.maximum(
                self._weight[lo - self._origin:hi - self._origin, None], 1e-9)
            out[lo - g0:hi - g0] = pending @ self._member
        r0 = self._settled - self._recent.shape[0]
        lo, hi = max(g0, r0), min(g0 + n, self._settled)
        if hi > lo:
            out[lo - g0:hi - g0] = self._recent[lo - r0:hi - r0]
        return out

    def _grow(self, end: int) -> None:
        """Make the frame buffer reach global frame ``end`` (exclusive)."""
        need = end - self._origin - self._acc.shape[0]
        if need > 0:
            self._acc = np.vstack([self._acc, np.zeros((need, len(self._sets)))])
            self._weight = np.concatenate([self._weight, np.zeros(need)])

    def _settle(self, until: int) -> list[SpeakerTurn]:
        """Decide frames up to global frame ``until`` (exclusive); return turns that ended."""
        until = min(until, self._origin + self._acc.shape[0])
        if until <= self._settled:
            return []
        a, b = self._settled - self._origin, until - self._origin
        votes = self._acc[a:b]
        best = np.argmax(votes, axis=1)
        best[self._weight[a:b] == 0] = 0  # no window saw it: nobody
        decided = self._member[best]  # (n, K)
        out: list[SpeakerTurn] = []
        for j in range(decided.shape[0]):
            g = self._settled + j
            for k in range(decided.shape[1]):
                if decided[j, k]:
                    self._first.setdefault(k, g)
                    self._frames_spoken[k] = self._frames_spoken.get(k, 0) + 1
                    self._open.setdefault(k, g)
                    self._last_active[k] = g
                elif k in self._open:
                    out.append(self._turn(k, self._open.pop(k), self._last_active[k]))
        self._recent = np.vstack([self._recent, decided.astype(np.float64)])[-self.settings.window // FRAME:]
        self._settled = until
        # drop decided frames from the buffer: memory stays bounded
        self._acc = self._acc[b:]
        self._weight = self._weight[b:]
        self._origin = until
        return out

    def _turn(self, k: int, g_start: int, g_end: int) -> SpeakerTurn:
        half = FRAME / RATE / 2
        return SpeakerTurn(self.label(k), max(0.0, frame_time(g_start) - half), frame_time(g_end) + half)


def diarize_stream(samples: np.ndarray, config: DiarizationConfig | None = None,
                   models: Models | ModelsConfig | None = None, block_s: float = 0.1) -> list[SpeakerTurn]:
    """Run a whole recording through the streaming diarizer in ``block_s`` pushes (for tests, benchmarks)."""
    diarizer = StreamingDiarizer(config, models)
    block = max(1, round(block_s * RATE))
    turns: list[SpeakerTurn] = []
    for i in range(0, samples.shape[0], block):
        turns += diarizer.push(samples[i:i + block])
    turns += diarizer.finish()
    return sorted(turns, key=lambda t: (t.start, t.end))
