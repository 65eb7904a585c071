"""Mono diarization: CAM++ wrapper, the fast offline pipeline, streaming, and the user-pipeline override."""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch
from pyannote.core import Annotation, Segment
from pyannote.metrics.diarization import DiarizationErrorRate

from coach.config import ConfigError, DiarizationConfig, ModelsConfig
from coach.models import load_model, resolve
from coach.samples import pyannote_sample
from coach.speech.campplus import CamPlusPlus
from coach.speech.diarize import Diarizer, to_annotation
from coach.speech.roles import live_roles
from coach.speech.segmenter import ChunkSegmenter
from coach.speech.stream_diarize import StreamingDiarizer
from coach.vocab import Diarization
from tests.conftest import CALLS, load_truth

RATE = 16_000


def _der(reference: Annotation, hypothesis: Annotation) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "uem approximated"
        return float(DiarizationErrorRate(collar=0.0, skip_overlap=False)(reference, hypothesis))


@pytest.fixture(scope="module")
def sample() -> tuple[np.ndarray, Annotation]:
    s = pyannote_sample()
    x, rate = sf.read(str(s.wav), dtype="float32")
    assert rate == RATE
    ref = Annotation(uri="sample")
    for i, t in enumerate(s.reference):
        ref[Segment(t.start, t.end), i] = t.speaker
    return x, ref


@pytest.fixture(scope="module")
def campplus() -> CamPlusPlus:
    return CamPlusPlus.load()


@pytest.fixture(scope="module")
def diarizer() -> Diarizer:
    return Diarizer(DiarizationConfig())


@pytest.fixture(scope="module")
def offline_sample(diarizer: Diarizer, sample: tuple[np.ndarray, Annotation]) -> Diarization:
    return diarizer(sample[0])


def test_new_settings_are_range_checked() -> None:
    with pytest.raises(ConfigError, match="embedding_step_s"):
        DiarizationConfig(embedding_step_s=-1.0)
    with pytest.raises(ConfigError, match="latency_s"):
        DiarizationConfig(latency_s=0.1)
    with pytest.raises(ConfigError, match="window_s"):
        DiarizationConfig(window_s=20.0)


@pytest.mark.slow
def test_campplus_tells_the_agent_from_the_customer(campplus: CamPlusPlus) -> None:
    """Through pyannote's own embedding wrapper, as SpeakerDiarization calls it: (batch, 1, n) + masks."""
    from pyannote.audio.pipelines.speaker_verification import PretrainedSpeakerEmbedding

    x, _ = sf.read(str(CALLS / "mono_interrupt.flac"), dtype="float32")
    segments = load_truth("mono_interrupt")["segments"]
    solo = [s for s in segments if s["end"] - s["start"] >= 2.0
            and not any(o is not s and o["start"] < s["end"] and s["start"] < o["end"] for o in segments)]
    assert {s["role"] for s in solo} == {"agent", "customer"}
    length = max(round((s["end"] - s["start"]) * RATE) for s in solo)
    waveforms = torch.zeros((len(solo), 1, length))
    masks = torch.zeros((len(solo), length // 160))  # any frame rate: resampled to the fbank's
    for i, s in enumerate(solo):
        a, b = round(s["start"] * RATE), round(s["end"] * RATE)
        waveforms[i, 0, : b - a] = torch.from_numpy(x[a:b])
        masks[i, : (b - a) // 160] = 1.0
    embed = PretrainedSpeakerEmbedding(campplus)
    assert (embed.sample_rate, embed.dimension, embed.metric) == (RATE, 192, "cosine")
    emb = embed(waveforms, masks=masks)  # (N, 192)
    assert emb.shape == (len(solo), 192) and np.all(np.isfinite(emb))
    unit = emb / np.linalg.norm(emb, axis=1, keepdims=True)
    sim = unit @ unit.T
    roles = np.array([s["role"] for s in solo])
    same = roles[:, None] == roles[None, :]
    off_diag = ~np.eye(len(solo), dtype=bool)
    assert sim[same & off_diag].min() > sim[~same].max(), "every same-speaker pair beats every cross pair"
    assert sim[same & off_diag].mean() - sim[~same].mean() > 0.2


@pytest.mark.slow
def test_fast_segmentation_equals_pyannote_inference(sample: tuple[np.ndarray, Annotation]) -> None:
    from pyannote.audio import Inference

    model = load_model(resolve("pyannote-segmentation-3.0"))
    ours = ChunkSegmenter(model, step_s=1.0).raw(torch.from_numpy(sample[0]))
    stock = Inference(model, duration=10.0, step=1.0, skip_aggregation=True, batch_size=16)
    stock.conversion = torch.nn.Identity()  # keep the powerset log-probabilities
    theirs = stock({"waveform": torch.from_numpy(sample[0])[None], "sample_rate": RATE})
    assert ours.data.shape == theirs.data.shape
    assert ours.sliding_window.step == pytest.approx(theirs.sliding_window.step)
    assert np.abs(np.exp(ours.data) - np.exp(theirs.data)).max() < 1e-3
    assert (ours.data.argmax(-1) == theirs.data.argmax(-1)).mean() > 0.999


@pytest.mark.slow
def test_offline_pipeline_on_the_real_sample(offline_sample: Diarization,
                                             sample: tuple[np.ndarray, Annotation]) -> None:
    result = offline_sample
    assert result.speakers == ("SPEAKER_00", "SPEAKER_01")
    assert _der(sample[1], to_annotation(result)) <= 0.08
    assert result.centroids.shape == (2, 192)
    assert result.overlaps, "the sample has overlapping speech"
    assert all(o.end > o.start for o in result.overlaps)
    assert result.method == "coach"


@pytest.mark.slow
def test_streaming_at_two_seconds_stays_close_to_offline(offline_sample: Diarization, diarizer: Diarizer,
                                                         sample: tuple[np.ndarray, Annotation], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    streamer = StreamingDiarizer(DiarizationConfig(latency_s=2.0), segmentation=diarizer.pipeline.segmenter.model,
                                 embedding=diarizer.pipeline.campplus)
    x, ref = sample
    turns = []
    for i in range(0, x.shape[0], RATE // 10):
        for t in streamer.push(x[i:i + RATE // 10]):
            # a turn is reported once it has ended and settled: never in the future of what was heard
            assert t.end <= (i + RATE // 10) / RATE
            turns.append(t)
    turns += streamer.finish()
    hyp = Annotation()
    for j, t in enumerate(turns):
        hyp[Segment(t.start, t.end), j] = t.speaker
    assert len(streamer.speakers) == 2
    assert _der(ref, hyp) - _der(ref, to_annotation(offline_sample)) <= 0.05
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # no enrolled voiceprint
    roles = live_roles(streamer)
    assert (roles.agent, roles.method) == ("SPEAKER_00", "rule: first_speaker")
    assert streamer.first_heard["SPEAKER_00"] < streamer.first_heard["SPEAKER_01"]


@pytest.mark.slow
def test_streaming_does_not_depend_on_block_size(diarizer: Diarizer) -> None:
    x, _ = sf.read(str(CALLS / "mono_interrupt.flac"), dtype="float32")
    x = x[: 14 * RATE]
    streamer = StreamingDiarizer(DiarizationConfig(latency_s=1.0), segmentation=diarizer.pipeline.segmenter.model,
                                 embedding=diarizer.pipeline.campplus)
    results = []
    for block in (1600, 37_123):
        streamer.reset()
        turns = []
        for i in range(0, x.shape[0], block):
            turns += streamer.push(x[i:i + block])
        results.append(sorted(turns + streamer.finish(), key=lambda t: (t.start, t.speaker)))
    assert results[0] == results[1]
    assert len(results[0]) >= 3


@pytest.mark.slow
def test_user_pipeline_folder_is_used_when_configured(tmp_path: Path, sample: tuple[np.ndarray, Annotation],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "my-pipeline"
    folder.mkdir()
    (folder / "config.yaml").write_text(
        "pipeline:\n"
        "  name: coach.speech.diarize.CoachSpeakerDiarization\n"
        "  params:\n"
        "    segmentation_step: 0.5\n"
        "    embedding_step_s: 0.0\n"
        "params:\n"
        "  segmentation:\n"
        "    min_duration_off: 0.0\n"
        "  clustering:\n"
        "    method: centroid\n"
        "    min_cluster_size: 12\n"
        "    threshold: 0.7\n"
    )
    d = Diarizer(DiarizationConfig(), ModelsConfig(diarization_pipeline=str(folder)))
    assert d.method == f"user pipeline: {folder}"
    assert d.pipeline.segmenter.step_s == pytest.approx(5.0)  # the folder's step, not the config's 0.1
    result = d(sample[0])
    assert result.method == d.method
    assert len(result.speakers) == 2
    assert _der(sample[1], to_annotation(result)) < 0.15
    # the environment variable wins over the file, as for every model
    monkeypatch.setenv("COACH_MODEL_DIARIZATION_PIPELINE", str(folder))
    assert Diarizer(DiarizationConfig(), replace(ModelsConfig(), diarization_pipeline="")).method == d.method
