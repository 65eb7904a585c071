"""Who speaks when in a mono call, offline: pyannote 4 ``SpeakerDiarization`` made fast on a CPU.

The pipeline is pyannote's own (segmentation-3.0 on 10 s chunks sliding by 1 s, one speaker
embedding per (chunk, local speaker), agglomerative clustering, overlap-aware reconstruction),
with CAM++ as the embedding. What changes, and why:

* **Segmentation** (:class:`ChunkSegmenter`): SincNet's first layer (a fixed 251-tap filterbank,
  the model's costliest convolution) and the max-pooling after it are computed once over the
  file instead of ten times (chunks overlap by 90%); each chunk only rescales its slice. The
  output equals pyannote's to float rounding, on exactly pyannote's chunk grid.
* **Embeddings** (:meth:`CoachSpeakerDiarization.get_embeddings`): 90%-overlapping chunks give
  near-identical embeddings, so only a chunk every ``embedding_step_s`` seconds is embedded, from
  a fbank computed once per file and sliced, with each local speaker's frames only (mean-normalised
  as 3D-Speaker trains CAM++), at most 4 s of it, in batches. The other chunks' local speakers
  get their cluster from how their activity overlaps the embedded chunks' clustered activity
  (:class:`PropagatedClustering`), as diart and pyannote 2 stitched chunks.
* **Reconstruction** (:meth:`CoachSpeakerDiarization.apply`): each chunk's powerset probabilities
  (nobody / A / B / A+B ...) are mapped through its clusters and averaged over chunks (Hamming
  weighted); the most probable set wins per frame. Stock pyannote instead rounds an averaged
  hard speaker count and keeps the most active clusters; this decides speech, speaker and
  overlap jointly and is slightly more accurate.

A user pipeline folder (``[models] diarization_pipeline``) replaces all of this.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from pyannote.audio import Inference, Model
from pyannote.audio.core.plda import PLDA
from pyannote.audio.pipelines import SpeakerDiarization
from pyannote.audio.pipelines.clustering import AgglomerativeClustering
from pyannote.audio.pipelines.speaker_diarization import DiarizeOutput
from pyannote.audio.utils.powerset import Powerset
from pyannote.core import Annotation, SlidingWindow, SlidingWindowFeature
from pyannote.core import Segment as PSegment
from scipy.optimize import linear_sum_assignment

from coach.config import DiarizationConfig, ModelsConfig
from coach.models import Models, load_model, resolve
from coach.speech.campplus import FRAME_LENGTH_S, FRAME_SHIFT_S, CamPlusPlus, fbank, num_fbank_frames

RATE = 16_000
SINC_STRIDE = 10  # samples per output step of SincNet's first layer
MIN_EMBEDDED_CHUNKS = 5  # a short call still gets this many embedded chunks
FBANK_BLOCK = 6000  # fbank frames computed at a time (60 s), so memory does not grow with the call

# AgglomerativeClustering never reads the PLDA; SpeakerDiarization insists on being given one.
_NO_PLDA = object.__new__(PLDA)

CLUSTERING_PARAMS: dict[str, Any] = {"method": "centroid", "min_cluster_size": 12}
"""pyannote 3.1's tuned agglomerative settings (the threshold comes from the config)."""


# ----------------------------------------------------------------------------- results


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
    """A stretch of call time (here: two or more speakers at once)."""

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

    def to_annotation(self, uri: str = "call") -> Annotation:
        """As a pyannote ``Annotation`` (for pyannote.metrics)."""
        ann = Annotation(uri=uri)
        for i, t in enumerate(self.turns):
            ann[PSegment(t.start, t.end), i] = t.speaker
        return ann


def diarization_from_annotation(
    ann: Annotation, duration: float, centroids: np.ndarray | None, method: str
) -> Diarization:
    """Our result type from pyannote's output (labels renamed by order of first speech)."""
    ann = ann.support()  # a speaker's touching turns become one
    first: dict[str, float] = {}
    for seg, _, label in ann.itertracks(yield_label=True):
        first[str(label)] = min(first.get(str(label), math.inf), seg.start)
    order = sorted(first, key=lambda k: first[k])
    labels = [str(x) for x in ann.labels()]
    rename = {old: f"SPEAKER_{i:02d}" for i, old in enumerate(order)}
    turns = sorted(
        (SpeakerTurn(rename[str(label)], float(seg.start), float(seg.end))
         for seg, _, label in ann.itertracks(yield_label=True)),
        key=lambda t: (t.start, t.end),
    )
    overlaps = tuple(Span(float(s.start), float(s.end)) for s in ann.get_overlap().support())
    dim = centroids.shape[1] if centroids is not None and centroids.ndim == 2 else 0
    rows = np.zeros((len(order), dim), dtype=np.float32)
    if centroids is not None and dim:
        for i, old in enumerate(order):
            if old in labels and labels.index(old) < centroids.shape[0]:
                rows[i] = centroids[labels.index(old)]
    return Diarization(duration, tuple(rename[o] for o in order), tuple(turns), overlaps, rows, method)


# ----------------------------------------------------------------------------- segmentation


class ChunkSegmenter:
    """segmentation-3.0 on chunks (10 s unless ``duration_s``) every ``step_s``, SincNet's first layer shared.

    SincNet starts with ``maxpool3(|conv(norm(x))|)`` where ``norm`` is the chunk's own affine
    normalisation ``a * x + b`` and ``conv`` a fixed filterbank with no padding. So
    ``conv(norm(x)) = a * conv(x) + b * sum(filter)``, and since ``|a*y + b'|`` is convex in ``y``
    its maximum over a pooling window is reached at the window's max or min of ``conv(x)``. The
    filterbank and the pooled max/min are computed once over the file; each chunk only rescales
    its slice (of the pooled max/min for its pooling phase: chunk starts need not be multiples of 3
    first-layer frames, so the chunk grid is exactly pyannote's).
    Output equals pyannote's ``Inference(skip_aggregation=True)`` up to float rounding.
    """

    def __init__(self, model: Model, step_s: float, batch_size: int = 16, duration_s: float | None = None) -> None:
        self.model: Any = model.eval()  # PyanNet: sincnet, lstm, linear, classifier, activation
        specs: Any = model.specifications
        self.window = round((duration_s or specs.duration) * RATE)
        self.step = max(SINC_STRIDE, round(step_s * RATE / SINC_STRIDE) * SINC_STRIDE)
        self.batch_size = batch_size
        sinc: Any = self.model.sincnet
        with torch.inference_mode():
            self._filters = sinc.conv1d[0].filterbank.filters().detach().clone()  # (80, 1, 251)
        self._filter_sum = self._filters.sum(dim=(1, 2))  # (80,)
        taps = self._filters.shape[-1]
        self._pooled = ((self.window - taps) // SINC_STRIDE + 1) // 3  # pooled frames per chunk
        self.powerset = Powerset(len(specs.classes), specs.powerset_max_classes) if specs.powerset else None

    @property
    def step_s(self) -> float:
        return self.step / RATE

    @property
    def duration_s(self) -> float:
        return self.window / RATE

    def num_chunks(self, num_samples: int) -> int:
        """Chunks pyannote's sliding inference uses (the last one zero-padded)."""
        if num_samples <= self.window:
            return 1
        full = 1 + (num_samples - self.window) // self.step
        return full + int((num_samples - self.window) % self.step > 0)

    def __call__(self, samples: torch.Tensor) -> SlidingWindowFeature:
        """samples: (n,) float at 16 kHz -> (num_chunks, frames, speakers) 0/1 activity."""
        raw = self.raw(samples)
        return SlidingWindowFeature(self.to_multilabel(raw.data), raw.sliding_window)

    def class_speakers(self) -> np.ndarray:
        """Which local speakers each powerset class means. -> (classes, local speakers) bool"""
        if self.powerset is None:
            raise ValueError("this segmentation model is not a powerset model (segmentation-3.0 is)")
        mapping: torch.Tensor = self.powerset.mapping  # type: ignore[assignment]
        out: np.ndarray = mapping.numpy() > 0
        return out

    def to_multilabel(self, raw: np.ndarray) -> np.ndarray:
        """Hard per-speaker activity from the model output. (..., classes) -> (..., speakers)"""
        if self.powerset is None:
            return raw
        out: np.ndarray = self.powerset.to_multilabel(torch.from_numpy(raw)).numpy()
        return out

    def raw(self, samples: torch.Tensor) -> SlidingWindowFeature:
        """The model's own output per chunk: (num_chunks, frames, classes), powerset log-probabilities."""
        n_chunks = self.num_chunks(samples.shape[0])
        padded_len = (n_chunks - 1) * self.step + self.window
        padded = F.pad(samples.float(), (0, max(0, padded_len - samples.shape[0])))
        outputs = [self.scores(padded, c, min(c + self.batch_size, n_chunks))
                   for c in range(0, n_chunks, self.batch_size)]
        data = np.concatenate(outputs, axis=0)
        return SlidingWindowFeature(data, SlidingWindow(start=0.0, duration=self.duration_s, step=self.step_s))

    def scores(self, padded: torch.Tensor, c0: int, c1: int) -> np.ndarray:
        """Chunks c0..c1-1 of a padded signal. padded: (n,) -> (c1 - c0, frames, classes)."""
        model = self.model
        sinc = model.sincnet
        span = padded[c0 * self.step:(c1 - 1) * self.step + self.window]
        hop = self.step // SINC_STRIDE  # chunk start offset in first-layer frames
        with torch.inference_mode():
            conv = F.conv1d(span.reshape(1, 1, -1), self._filters, stride=SINC_STRIDE)  # (1, 80, T)
            # pooled max / min for each of the 3 pooling phases a chunk start can fall on
            upper = [F.max_pool1d(conv[:, :, ph:], 3, 3)[0] for ph in range(3)]  # 3 x (80, ~T / 3)
            lower = [-F.max_pool1d(-conv[:, :, ph:], 3, 3)[0] for ph in range(3)]
            chunks = span.unfold(0, self.window, self.step)  # (B, window), a view
            var, mean = torch.var_mean(chunks, dim=1, unbiased=False)
            norm = sinc.wav_norm1d
            scale = (norm.weight / torch.sqrt(var + norm.eps))[:, None, None]  # (B, 1, 1)
            shift = (norm.bias - scale[:, 0, 0] * mean)[:, None, None] * self._filter_sum[None, :, None]  # (B, 80, 1)
            starts = [b * hop for b in range(c1 - c0)]
            up = torch.stack([upper[t % 3][:, t // 3:t // 3 + self._pooled] for t in starts])  # (B, 80, pooled)
            lo = torch.stack([lower[t % 3][:, t // 3:t // 3 + self._pooled] for t in starts])
            out = torch.maximum(torch.abs(scale * up + shift), torch.abs(scale * lo + shift))
            out = F.leaky_relu(sinc.norm1d[0](out))
            for c in (1, 2):
                out = F.leaky_relu(sinc.norm1d[c](sinc.pool1d[c](sinc.conv1d[c](out))))
            out, _ = model.lstm(out.transpose(1, 2))  # (B, frames, 2 * hidden)
            for linear in model.linear:
                out = F.leaky_relu(linear(out))
            out = model.activation(model.classifier(out))  # (B, frames, classes)
        result: np.ndarray = out.numpy()
        return result


# ----------------------------------------------------------------------------- clustering


class PropagatedClustering(AgglomerativeClustering):
    """Agglomerative clustering of the embedded (chunk, speaker) pairs; the rest follow by overlap.

    A pair without an embedding (its chunk was skipped, or it held too little speech) gets the
    cluster whose activity, as decided by the embedded chunks around it, best matches its own
    activity over the chunk (one-to-one within a chunk, like pyannote's constrained assignment).
    """

    def __call__(  # type: ignore[override]
        self,
        embeddings: np.ndarray,
        segmentations: SlidingWindowFeature | None = None,
        num_clusters: int | None = None,
        min_clusters: int | None = None,
        max_clusters: int | None = None,
        **kwargs: Any,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """embeddings: (chunks, speakers, dim), NaN rows where not embedded -> hard (chunks,
        speakers), soft (chunks, speakers, clusters), centroids (clusters, dim)."""
        assert segmentations is not None
        num_chunks, num_speakers, dim = embeddings.shape
        train, chunk_idx, speaker_idx = self.filter_embeddings(embeddings, segmentations=segmentations)
        if train.shape[0] == 0:  # nobody spoke long enough alone: one speaker
            hard = np.zeros((num_chunks, num_speakers), dtype=np.int8)
            return hard, np.ones((num_chunks, num_speakers, 1)), np.zeros((1, dim))
        num_clusters, min_clusters, max_clusters = self.set_num_clusters(
            train.shape[0], num_clusters=num_clusters, min_clusters=min_clusters, max_clusters=max_clusters
        )
        if max_clusters < 2:
            clusters = np.zeros(train.shape[0], dtype=np.int64)
        else:
            clusters = self.cluster(train.copy(), min_clusters=min_clusters, max_clusters=max_clusters,
                                    num_clusters=num_clusters)
        k = int(np.max(clusters)) + 1
        centroids = np.vstack([train[clusters == i].mean(axis=0) for i in range(k)])  # (K, dim)

        valid = ~np.any(np.isnan(embeddings), axis=2)  # (C, S)
        soft = np.zeros((num_chunks, num_speakers, k))
        flat = embeddings[valid]  # (N, dim)
        if flat.shape[0]:
            unit = flat / np.linalg.norm(flat, axis=1, keepdims=True)
            cunit = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
            soft[valid] = 1.0 + unit @ cunit.T  # 2 - cosine distance, as pyannote
        hard = np.where(valid, np.argmax(soft, axis=2), -1).astype(np.int8)
        self._propagate(hard, soft, segmentations, kwargs.get("frames"))
        return hard, soft, centroids

    @staticmethod
    def _propagate(hard: np.ndarray, soft: np.ndarray, seg: SlidingWindowFeature, frames: Any) -> None:
        """Fill hard[c, s] == -1 in place from the clustered activity of the embedded pairs."""
        data = np.nan_to_num(seg.data)  # (C, F, S)
        num_chunks, num_frames, num_speakers = data.shape
        k = soft.shape[2]
        if frames is None:
            frames = SlidingWindow(start=0.0, duration=seg.sliding_window.duration / num_frames,
                                   step=seg.sliding_window.duration / num_frames)
        starts = np.array([frames.closest_frame(seg.sliding_window[c].start + 0.5 * frames.duration)
                           for c in range(num_chunks)])
        total = int(starts[-1]) + num_frames
        activity = np.zeros((total, k))  # clustered activity of embedded pairs, (T, K)
        for c in range(num_chunks):
            for s in range(num_speakers):
                if hard[c, s] >= 0:
                    activity[starts[c]:starts[c] + num_frames, hard[c, s]] += data[c, :, s]
        for c in range(num_chunks):
            todo = [s for s in range(num_speakers) if hard[c, s] < 0]
            if not todo:
                continue
            window = activity[starts[c]:starts[c] + num_frames]  # (F, K)
            score = data[c].T @ window  # (S, K)
            taken = {int(hard[c, s]) for s in range(num_speakers) if hard[c, s] >= 0}
            free = [i for i in range(k) if i not in taken] or list(range(k))
            rows, cols = linear_sum_assignment(score[np.ix_(todo, free)], maximize=True)
            for r, col in zip(rows, cols):
                hard[c, todo[r]] = free[col]
            for s in todo:
                if hard[c, s] < 0:  # more local speakers than free clusters
                    hard[c, s] = int(np.argmax(score[s]))
                total_score = score[s].sum()
                if total_score > 0:
                    soft[c, s] = 1.0 + score[s] / total_score


# ----------------------------------------------------------------------------- pipeline


def _waveform(file: Any) -> torch.Tensor:
    """The mono 16 kHz signal of a pyannote file dict. -> (n,)"""
    waveform = file["waveform"]
    if file.get("sample_rate", RATE) != RATE:
        raise ValueError(f"diarization expects {RATE} Hz audio, got {file.get('sample_rate')}")
    signal: torch.Tensor = waveform.float().mean(dim=0) if waveform.ndim == 2 else waveform.float()
    return signal


def fbank_blocks(samples: torch.Tensor) -> torch.Tensor:
    """Kaldi fbank of a long signal, computed 60 s at a time. (n,) -> (frames, 80)"""
    hop, win = round(FRAME_SHIFT_S * RATE), round(FRAME_LENGTH_S * RATE)
    total = num_fbank_frames(samples.shape[0])
    parts = []
    for f0 in range(0, total, FBANK_BLOCK):
        f1 = min(total, f0 + FBANK_BLOCK)
        parts.append(fbank(samples[f0 * hop:(f1 - 1) * hop + win]))
    return torch.cat(parts) if parts else torch.zeros((0, 80))


class CoachSpeakerDiarization(SpeakerDiarization):
    """pyannote 4 ``SpeakerDiarization`` with the fast segmentation, embeddings and clustering above.

    ``embedding_step_s`` = 0 embeds every chunk (pyannote's own behaviour, still with the shared
    first layer and sliced fbank).
    """

    def __init__(
        self,
        segmentation: Model | None = None,
        embedding: CamPlusPlus | None = None,
        segmentation_step: float = 0.1,
        embedding_step_s: float = 5.0,
        embedding_exclude_overlap: bool = False,
        min_embedding_s: float = 0.5,
        embedding_s: float = 4.0,
        embedding_batch: int = 16,
        hamming: bool = True,
        batch_size: int = 16,
        **kwargs: Any,  # token, cache_dir from Pipeline.from_pretrained: unused, nothing is downloaded
    ) -> None:
        segmentation = segmentation if segmentation is not None else load_model(resolve("pyannote-segmentation-3.0"))
        embedding = embedding if embedding is not None else CamPlusPlus.load()
        super().__init__(
            segmentation=segmentation,
            segmentation_step=segmentation_step,
            embedding=embedding,
            embedding_exclude_overlap=embedding_exclude_overlap,
            plda=_NO_PLDA,
            clustering="AgglomerativeClustering",
        )
        self.clustering = PropagatedClustering(metric="cosine")
        specs: Any = segmentation.specifications
        self.segmenter = ChunkSegmenter(segmentation, segmentation_step * specs.duration, batch_size=batch_size)
        self.campplus = embedding
        self.embedding_step_s = embedding_step_s
        self.min_embedding_s = min_embedding_s
        self.embedding_frames = round(embedding_s / FRAME_SHIFT_S)
        self.embedding_batch = embedding_batch
        self.hamming = hamming

    def default_parameters(self) -> dict[str, Any]:
        return {"segmentation": {"min_duration_off": 0.0}, "clustering": {**CLUSTERING_PARAMS, "threshold": 0.7}}

    def get_segmentations(self, file: Any, hook: Any = None) -> SlidingWindowFeature:
        return self.segmenter(_waveform(file))

    def embedded_chunks(self, num_chunks: int) -> np.ndarray:
        """Indices of the chunks that get embeddings: every ``embedding_step_s``, and the last."""
        every = max(1, round(self.embedding_step_s / self.segmenter.step_s)) if self.embedding_step_s > 0 else 1
        every = min(every, max(1, num_chunks // MIN_EMBEDDED_CHUNKS))  # short calls: enough to cluster
        idx = set(range(0, num_chunks, every)) | {num_chunks - 1}
        return np.array(sorted(idx))

    def get_embeddings(
        self, file: Any, binary_segmentations: SlidingWindowFeature, exclude_overlap: bool = False,
        hook: Any = None,
    ) -> np.ndarray:
        """(chunks, speakers, 192) embeddings; NaN for chunks skipped or speakers with little speech."""
        samples = _waveform(file)
        feats = fbank_blocks(samples)  # (T, 80)
        data = np.nan_to_num(binary_segmentations.data)  # (C, F, S)
        num_chunks, num_frames, num_speakers = data.shape
        window = binary_segmentations.sliding_window
        chunk_fbank = round(window.duration / FRAME_SHIFT_S)  # fbank frames per chunk
        to_seg = np.arange(chunk_fbank) * num_frames // chunk_fbank  # fbank frame -> segmentation frame
        min_frames = round(self.min_embedding_s / FRAME_SHIFT_S)
        out = np.full((num_chunks, num_speakers, self.campplus.dimension), np.nan, dtype=np.float32)
        todo: list[tuple[int, int, torch.Tensor]] = []  # (chunk, speaker, (frames, 80)), at most a batch

        def flush() -> None:
            if self.embedding_frames > 0:
                emb = self.campplus.embed_batch([t[2] for t in todo], self.embedding_frames).numpy()
            else:
                emb = np.stack([self.campplus.embed_features(t[2]).numpy() for t in todo])
            for (c, s, _), e in zip(todo, emb):
                out[c, s] = e
            todo.clear()

        for c in self.embedded_chunks(num_chunks):
            f0 = round(window[c].start / FRAME_SHIFT_S)
            block = feats[f0:f0 + chunk_fbank]  # (<= chunk_fbank, 80)
            active = data[c][to_seg[:block.shape[0]]]  # (frames, S)
            clean = active * (active.sum(axis=1, keepdims=True) < 2)
            for s in range(num_speakers):
                mask = active[:, s] > 0.5
                if exclude_overlap and clean[:, s].sum() >= min_frames:
                    mask = clean[:, s] > 0.5
                if mask.sum() >= min_frames:
                    todo.append((c, s, block[torch.from_numpy(mask)]))
            if len(todo) >= self.embedding_batch:
                flush()
        if todo:
            flush()
        return out

    def cluster_powerset(self, raw: SlidingWindowFeature, hard: np.ndarray) -> tuple[SlidingWindowFeature, np.ndarray]:
        """Per-frame probability of each set of global speakers (nobody, one, a pair), all chunks averaged.

        raw: (C, F, classes) powerset log-probabilities; hard: (C, local speakers) cluster per local
        speaker (< 0: none). Returns (T, sets) probabilities and the (sets, K) membership matrix.
        """
        local = self.segmenter.class_speakers()  # (classes, local speakers)
        k = max(1, int(hard.max()) + 1)
        sets: list[tuple[int, ...]] = [()] + [(i,) for i in range(k)] + list(itertools.combinations(range(k), 2))
        index = {st: i for i, st in enumerate(sets)}
        num_chunks, _, num_classes = raw.data.shape
        target = np.zeros((num_chunks, num_classes), dtype=np.int64)  # powerset class -> global set, per chunk
        for c in range(num_chunks):
            for pc in range(num_classes):
                ks = tuple(sorted({int(hard[c, s]) for s in np.flatnonzero(local[pc]) if hard[c, s] >= 0}))
                target[c, pc] = index[ks]
        onehot = np.eye(len(sets), dtype=np.float32)[target]  # (C, classes, sets)
        per_chunk = np.einsum("cfp,cpn->cfn", np.exp(raw.data), onehot)  # (C, F, sets)
        agg = Inference.aggregate(SlidingWindowFeature(per_chunk, raw.sliding_window),
                                  self._segmentation.model.receptive_field, hamming=self.hamming, missing=0.0)
        member = np.zeros((len(sets), k), dtype=np.float32)
        for i, st in enumerate(sets):
            member[i, list(st)] = 1.0
        return agg, member

    def apply(
        self,
        file: Any,
        num_speakers: int | None = None,
        min_speakers: int | None = None,
        max_speakers: int | None = None,
        hook: Any = None,
        **kwargs: Any,
    ) -> DiarizeOutput | Annotation:
        """pyannote's ``apply``, with the clustered powerset deciding who speaks in each frame.

        Stock pyannote counts speakers per frame from hard per-chunk decisions, then keeps the
        most active clusters; here each chunk's powerset probabilities are mapped through its
        clusters and averaged, so "nobody", "A", "B" and "A and B" compete directly.
        """
        num_speakers, min_speakers, max_speakers = self.set_num_speakers(num_speakers, min_speakers, max_speakers)
        samples = _waveform(file)
        uri = file.get("uri", "call")
        duration = samples.shape[0] / RATE
        raw = self.segmenter.raw(samples)  # (C, F, classes)
        binary = SlidingWindowFeature(self.segmenter.to_multilabel(raw.data), raw.sliding_window)  # (C, F, S)
        if not binary.data.any():
            empty = DiarizeOutput(Annotation(uri=uri), Annotation(uri=uri), np.zeros((0, self.campplus.dimension)))
            return empty.speaker_diarization if self.legacy else empty
        embeddings = self.get_embeddings(file, binary, exclude_overlap=self.embedding_exclude_overlap)
        hard, _, centroids = self.clustering(
            embeddings=embeddings, segmentations=binary, num_clusters=num_speakers, min_clusters=min_speakers,
            max_clusters=max_speakers, frames=self._segmentation.model.receptive_field,
        )
        hard[binary.data.sum(axis=1) == 0] = -2  # silent local speakers
        probs, member = self.cluster_powerset(raw, hard)  # (T, sets), (sets, K)
        best = member[np.argmax(probs.data, axis=1)]  # (T, K) who speaks
        marginal = probs.data @ member  # (T, K) probability that each speaks
        exclusive = np.zeros_like(best)
        talking = best.sum(axis=1) > 0
        exclusive[talking, np.argmax(marginal[talking], axis=1)] = 1.0
        off = self.segmentation.min_duration_off
        extent = PSegment(0.0, duration)
        ann = self.to_annotation(SlidingWindowFeature(best, probs.sliding_window), 0.0, off).crop(extent)
        excl = self.to_annotation(SlidingWindowFeature(exclusive, probs.sliding_window), 0.0, off).crop(extent)
        labels = ann.labels()
        mapping = {label: name for label, name in zip(labels, self.classes())}
        rows = [int(label) for label in labels]
        output = DiarizeOutput(
            speaker_diarization=ann.rename_labels(mapping=mapping),
            exclusive_speaker_diarization=excl.rename_labels(mapping={k: v for k, v in mapping.items()
                                                                      if k in excl.labels()}),
            speaker_embeddings=centroids[rows] if centroids.shape[0] > max(rows, default=-1) else None,
        )
        output.speaker_diarization.uri = output.exclusive_speaker_diarization.uri = uri
        return output.speaker_diarization if self.legacy else output


# ----------------------------------------------------------------------------- entry points


def waveform_file(samples: np.ndarray, uri: str = "call") -> dict[str, Any]:
    """An in-memory pyannote file (pyannote's own decoding is never used). samples: (n,) 16 kHz."""
    return {"waveform": torch.from_numpy(np.ascontiguousarray(samples, dtype=np.float32))[None],
            "sample_rate": RATE, "uri": uri}


class Diarizer:
    """Offline who-spoke-when for a whole mono call: the coach pipeline, or the user's folder."""

    def __init__(self, config: DiarizationConfig | None = None, models: Models | ModelsConfig | None = None) -> None:
        """``models``: the process's model owner (a ``[models]`` alone: an owner of its own)."""
        self.config = config or DiarizationConfig()
        owner = Models.of(models)
        user = owner.config.override("diarization_pipeline")
        self.pipeline: Any
        if user is not None:
            self.pipeline = owner.get("diarization-pipeline")
            self.method = f"user pipeline: {user}"
        else:
            cfg = self.config
            pipeline = CoachSpeakerDiarization(
                segmentation=owner.segmentation,
                embedding=CamPlusPlus.load(owner),
                segmentation_step=cfg.segmentation_step,
                embedding_step_s=cfg.embedding_step_s,
            )
            pipeline.instantiate({
                "segmentation": {"min_duration_off": cfg.min_duration_off},
                "clustering": {**CLUSTERING_PARAMS, "threshold": cfg.clustering_threshold},
            })
            self.pipeline = pipeline
            self.method = "coach"

    def __call__(self, samples: np.ndarray, uri: str = "call") -> Diarization:
        """samples: (n,) float32 mono at 16 kHz."""
        if samples.shape[0] < RATE // 100:  # nothing to hear
            return Diarization(samples.shape[0] / RATE, (), (), (), np.zeros((0, 192), dtype=np.float32), self.method)
        kwargs = {"max_speakers": self.config.max_speakers} if self.config.max_speakers else {}
        output = self.pipeline(waveform_file(samples, uri), **kwargs)
        ann = getattr(output, "speaker_diarization", output)
        centroids = getattr(output, "speaker_embeddings", None)
        return diarization_from_annotation(ann, samples.shape[0] / RATE, centroids, self.method)


def diarize(samples: np.ndarray, config: DiarizationConfig | None = None,
            models: ModelsConfig | None = None) -> Diarization:
    """One-shot convenience: build a :class:`Diarizer` and run it. samples: (n,) 16 kHz mono."""
    return Diarizer(config, models)(samples)

