"""segmentation-3.0 on sliding chunks with SincNet's first layer computed once per file, and the
long-call fbank: the two costly front ends the offline diarizer (diarize.py), the rolling-window
diarizer (stream_diarize.py) and the voiceprint (roles.py) share."""


from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from pyannote.audio import Model
from pyannote.audio.utils.powerset import Powerset
from pyannote.core import SlidingWindow, SlidingWindowFeature

from audio.resample import MODEL_RATE as RATE
from coach.speech.campplus import FRAME_LENGTH_S, FRAME_SHIFT_S, fbank, num_fbank_frames

SINC_STRIDE = 10  # samples per output step of SincNet's first layer
FBANK_BLOCK = 6000  # fbank frames computed at a time (60 s), so memory does not grow with the call


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


def fbank_blocks(samples: torch.Tensor) -> torch.Tensor:
    """Kaldi fbank of a long signal, computed 60 s at a time. (n,) -> (frames, 80)"""
    hop, win = round(FRAME_SHIFT_S * RATE), round(FRAME_LENGTH_S * RATE)
    total = num_fbank_frames(samples.shape[0])
    parts = []
    for f0 in range(0, total, FBANK_BLOCK):
        f1 = min(total, f0 + FBANK_BLOCK)
        parts.append(fbank(samples[f0 * hop:(f1 - 1) * hop + win]))
    return torch.cat(parts) if parts else torch.zeros((0, 80))

