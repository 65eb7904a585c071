"""Who speaks when in a mono call, offline: pyannote 4 ``SpeakerDiarization`` made fast on a CPU.

The pipeline is pyannote's own (segmentation-3.0 on 10 s chunks sliding by 1 s, one speaker
embedding per (chunk, local speaker), agglomerative clustering, overlap-aware reconstruction),
with CAM++ as the embedding. What changes, and why:

* **Segmentation** (:class:`~coach.speech.segmenter.ChunkSegmenter`): SincNet's first layer (a fixed 251-tap filterbank,
  the model's costliest convolution) and the max-pooling after it are computed once over the
  file instead of ten times (chunks overlap by 90%); each chunk only rescales its slice. The
  output equals pyannote's to float rounding, on exactly pyannote's chunk grid.
* **Embeddings** (:meth:`CoachSpeakerDiarization.get_embeddings`): 90%-overlapping chunks give
  near-identical embeddings, so only a chunk every ``embedding_step_s`` seconds is embedded, from
  a fbank computed once per file and sliced, with each local speaker's frames only (mean-normalised
  as 3D-Speaker trains CAM++), at most 4 s of it, in batches. The other chunks' local speakers
  get their cluster from how their activity overlaps the embedded chunks' clustered activity
  (:class:`~coach.speech.clustering.PropagatedClustering`), as diart and pyannote 2 stitched chunks.
* **Reconstruction** (:meth:`CoachSpeakerDiarization.apply`): each chunk's powerset probabilities
  (nobody / A / B / A+B ...) are mapped through its clusters and averaged over chunks (Hamming
  weighted); the most probable set wins per frame. Stock pyannote instead rounds an averaged
  hard speaker count and keeps the most active clusters; this decides speech, speaker and
  overlap jointly and is slightly more accurate.

A user pipeline folder (``[models] diarization_pipeline``) replaces all of this.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Any

import numpy as np
import torch
from pyannote.audio import Inference, Model
from pyannote.audio.core.plda import PLDA
from pyannote.audio.pipelines import SpeakerDiarization
from pyannote.audio.pipelines.speaker_diarization import DiarizeOutput
from pyannote.core import Annotation, SlidingWindowFeature
from pyannote.core import Segment as PSegment

from coach.config import DiarizationConfig, ModelsConfig
from coach.models import Models, load_model, resolve
from coach.speech.campplus import FRAME_SHIFT_S, CamPlusPlus
from coach.speech.clustering import PropagatedClustering
from coach.speech.segmenter import RATE, ChunkSegmenter, fbank_blocks
from coach.speech.turns import snap_to_energy
from coach.vocab import Diarization, Span, SpeakerTurn

MIN_EMBEDDED_CHUNKS = 5  # a short call still gets this many embedded chunks

# AgglomerativeClustering never reads the PLDA; SpeakerDiarization insists on being given one.
_NO_PLDA = object.__new__(PLDA)

CLUSTERING_PARAMS: dict[str, Any] = {"method": "centroid", "min_cluster_size": 12}
"""pyannote 3.1's tuned agglomerative settings (the threshold comes from the config)."""


# ----------------------------------------------------------------------------- results


def to_annotation(diarization: Diarization, uri: str = "call") -> Annotation:
    """A diarization as a pyannote ``Annotation`` (for pyannote.metrics)."""
    ann = Annotation(uri=uri)
    for i, t in enumerate(diarization.turns):
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



# ----------------------------------------------------------------------------- pipeline


def _waveform(file: Any) -> torch.Tensor:
    """The mono 16 kHz signal of a pyannote file dict. -> (n,)"""
    waveform = file["waveform"]
    if file.get("sample_rate", RATE) != RATE:
        raise ValueError(f"diarization expects {RATE} Hz audio, got {file.get('sample_rate')}")
    signal: torch.Tensor = waveform.float().mean(dim=0) if waveform.ndim == 2 else waveform.float()
    return signal




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

    def set_probabilities(
        self, file: Any, num_speakers: int | None = None, min_speakers: int | None = None,
        max_speakers: int | None = None,
    ) -> tuple[SlidingWindowFeature, np.ndarray, np.ndarray] | None:
        """Segmentation, embeddings and clustering: each frame's probability of each set of the call's
        speakers, the sets' membership and the centroids ((T, sets), (sets, K), (K, dim)); None when
        nobody speaks. ``apply`` reads the most probable set; benchmarks.overlap_edges other read-outs."""
        num_speakers, min_speakers, max_speakers = self.set_num_speakers(num_speakers, min_speakers, max_speakers)
        raw = self.segmenter.raw(_waveform(file))  # (C, F, classes)
        binary = SlidingWindowFeature(self.segmenter.to_multilabel(raw.data), raw.sliding_window)  # (C, F, S)
        if not binary.data.any():
            return None
        embeddings = self.get_embeddings(file, binary, exclude_overlap=self.embedding_exclude_overlap)
        hard, _, centroids = self.clustering(
            embeddings=embeddings, segmentations=binary, num_clusters=num_speakers, min_clusters=min_speakers,
            max_clusters=max_speakers, frames=self._segmentation.model.receptive_field,
        )
        hard[binary.data.sum(axis=1) == 0] = -2  # silent local speakers
        probs, member = self.cluster_powerset(raw, hard)
        return probs, member, centroids

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
        uri = file.get("uri", "call")
        duration = file["waveform"].shape[-1] / RATE  # (channels, n) or (n,): no mono copy just for its length
        found = self.set_probabilities(file, num_speakers, min_speakers, max_speakers)
        if found is None:
            empty = DiarizeOutput(Annotation(uri=uri), Annotation(uri=uri), np.zeros((0, self.campplus.dimension)))
            return empty.speaker_diarization if self.legacy else empty
        probs, member, centroids = found  # (T, sets), (sets, K), (K, dim)
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
        found = diarization_from_annotation(ann, samples.shape[0] / RATE, centroids, self.method)
        # Boundaries that meet silence go to the mix's energy edge (overlaps are left as they are).
        return dataclasses.replace(found, turns=snap_to_energy(found.turns, samples))
