"""Agglomerative clustering of embedded chunks only, the rest stitched by overlap (diarize.py)."""


from __future__ import annotations

from typing import Any

import numpy as np
from pyannote.audio.pipelines.clustering import AgglomerativeClustering
from pyannote.core import SlidingWindow, SlidingWindowFeature
from scipy.optimize import linear_sum_assignment


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
