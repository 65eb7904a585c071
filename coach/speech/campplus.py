"""CAM++ speaker embedding (3D-Speaker, zh/en, 192-d) as a pyannote.audio ``Model``.

pyannote's ``SpeakerDiarization`` wraps any ``Model`` in ``PyannoteAudioPretrainedSpeakerEmbedding``,
which calls ``model(waveforms, weights=masks)`` with (batch, 1, samples) audio and (batch, frames)
speaker masks, and reads ``model.audio.sample_rate`` and ``model.dimension``. This class gives
CAM++ exactly that interface, so the stock pipeline can use it unchanged.

Features follow 3D-Speaker's own front end: 80-dim Kaldi fbank (povey window, 25 ms / 10 ms,
no dither) on float audio, mean-normalised over the utterance. With a mask, the "utterance" is the
masked speaker's frames only: the embedding sees that speaker's speech, as CAM++ was trained.

:meth:`CamPlusPlus.embed_features` takes precomputed fbank frames, so the fast pipeline can compute
the fbank of a whole file once and slice it (see :mod:`coach.speech.diarize`).
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from pyannote.audio import Model
from torchaudio.compliance import kaldi

from coach.config import ModelsConfig
from coach.models import Models, campplus_module
from coach.vocab import MODEL_RATE

SAMPLE_RATE = MODEL_RATE
NUM_MEL_BINS = 80
FRAME_SHIFT_S = 0.010  # fbank hop
FRAME_LENGTH_S = 0.025  # fbank window
DIMENSION = 192
MIN_FRAMES = 20
"""Fewer speech frames than this (0.2 s) give no embedding (NaN): too little to say who it is."""


def fbank(samples: torch.Tensor) -> torch.Tensor:
    """Kaldi fbank of one mono signal, not normalised. (samples,) -> (frames, 80)."""
    if samples.shape[-1] < int(FRAME_LENGTH_S * SAMPLE_RATE):
        return torch.zeros((0, NUM_MEL_BINS))
    return kaldi.fbank(
        samples.reshape(1, -1).float(),
        num_mel_bins=NUM_MEL_BINS,
        frame_length=FRAME_LENGTH_S * 1000,
        frame_shift=FRAME_SHIFT_S * 1000,
        dither=0.0,
        sample_frequency=SAMPLE_RATE,
    )


def num_fbank_frames(num_samples: int) -> int:
    """Frames :func:`fbank` yields for ``num_samples`` (Kaldi ``snip_edges``)."""
    win, hop = int(FRAME_LENGTH_S * SAMPLE_RATE), int(FRAME_SHIFT_S * SAMPLE_RATE)
    return 0 if num_samples < win else 1 + (num_samples - win) // hop


class CamPlusPlus(Model):
    """CAM++ behind pyannote's embedding-model interface (waveforms + optional masks -> embeddings)."""

    def __init__(self, sample_rate: int = SAMPLE_RATE, num_channels: int = 1) -> None:
        super().__init__(sample_rate=sample_rate, num_channels=num_channels)
        if sample_rate != SAMPLE_RATE:
            raise ValueError(f"CAM++ runs at {SAMPLE_RATE} Hz, got {sample_rate}")
        self.net: torch.nn.Module = campplus_module().CAMPPlus(feat_dim=NUM_MEL_BINS, embedding_size=DIMENSION)

    @classmethod
    def load(cls, models: Models | ModelsConfig | None = None) -> CamPlusPlus:
        """The shipped (or user-configured) CAM++ weights, in eval mode on the CPU: one wrapper per
        model owner (``models``: the process's; a ``[models]`` alone: an owner of its own)."""
        owner = Models.of(models)

        def wrap() -> CamPlusPlus:
            model = cls()
            model.net = owner.campplus
            model.eval()
            return model

        return owner.shared("campplus", wrap)

    @property
    def dimension(self) -> int:
        return DIMENSION

    def embed_features(self, features: torch.Tensor) -> torch.Tensor:
        """One embedding from raw fbank frames (mean-normalised here). (frames, 80) -> (192,)."""
        if features.shape[0] < MIN_FRAMES:
            return torch.full((DIMENSION,), math.nan)
        feats = features - features.mean(dim=0, keepdim=True)
        with torch.inference_mode():
            out: torch.Tensor = self.net(feats[None])
        return out[0]

    def embed_batch(self, features: list[torch.Tensor], length: int) -> torch.Tensor:
        """Embeddings of several utterances at once, each cropped or repeated to ``length`` frames.

        One batched pass costs far less than one pass per utterance (CAM++ has ~500 small ops,
        each with a fixed overhead); repeating a short utterance barely moves its statistics.
        features: list of (frames_i, 80) -> (len(features), 192); NaN rows where < MIN_FRAMES.
        """
        out = torch.full((len(features), DIMENSION), math.nan)
        batch, rows = [], []
        for i, feats in enumerate(features):
            n = feats.shape[0]
            if n < MIN_FRAMES:
                continue
            feats = feats - feats.mean(dim=0, keepdim=True)
            if n >= length:
                first = (n - length) // 2
                feats = feats[first:first + length]
            else:
                feats = feats.repeat((length + n - 1) // n, 1)[:length]
            batch.append(feats)
            rows.append(i)
        if batch:
            with torch.inference_mode():
                out[rows] = self.net(torch.stack(batch))
        return out

    def forward(self, waveforms: torch.Tensor, **kwargs: Any) -> torch.Tensor:
        """Embeddings of a batch; with ``weights=``, of each item's masked frames only.

        waveforms: (batch, 1, samples); weights: (batch, mask_frames) in [0, 1], any frame rate
        (resampled to the fbank's 10 ms frames, > 0.5 counts). Returns (batch, 192); NaN rows
        where the mask holds too little speech.
        """
        weights: torch.Tensor | None = kwargs.get("weights")
        batch = waveforms.shape[0]
        out = torch.full((batch, DIMENSION), math.nan)
        for b in range(batch):
            feats = fbank(waveforms[b, 0])  # (frames, 80)
            if weights is not None and feats.shape[0] > 0:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    mask = F.interpolate(weights[b].reshape(1, 1, -1).float(), size=feats.shape[0], mode="nearest")
                feats = feats[mask.reshape(-1) > 0.5]
            out[b] = self.embed_features(feats)
        return out


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity of two embeddings (192,), (192,) -> scalar."""
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))
