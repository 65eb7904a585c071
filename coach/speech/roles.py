"""Which diarized speaker is the agent: by enrolled voiceprint, else by a stated rule.

A mono call gives anonymous labels (SPEAKER_00, ...). The agent is found, in this order:

1. **Voiceprint**: ``coach enroll AGENT_WAV`` stores the agent's CAM++ voice (a unit 192-d vector,
   user-only file permissions) under the user data folder, or ``diarization.agent_voiceprint``
   names one. The speaker whose voice is nearest by cosine is the agent, if within
   ``diarization.voiceprint_threshold``.
2. **Rule** (``diarization.agent_rule``): ``first_speaker`` (in an inbound support call the agent
   answers and greets first) or ``most_speech``.

Every other label is the customer side. The result says how it was decided, for the review
document's ``roles`` field.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from coach.config import CoachConfig, DiarizationConfig, ModelsConfig
from coach.errors import UserError
from coach.paths import FILE_MODE, data_dir, private_dir
from coach.speech.campplus import FRAME_SHIFT_S, CamPlusPlus
from coach.speech.diarize import Diarization, SpeakerTurn
from coach.speech.segmenter import RATE, fbank_blocks
from coach.speech.stream_diarize import StreamingDiarizer
from coach.vocab import Role

VOICEPRINT_NAME = "voiceprint.npy"
MAX_VOICE_S = 60.0  # speech used to describe one voice (more adds time, not accuracy)
PIECE_S = 10.0  # speech is embedded in pieces this long and averaged


def default_voiceprint_path() -> Path:
    return data_dir() / VOICEPRINT_NAME


# ----------------------------------------------------------------------------- voices


def unit(v: np.ndarray) -> np.ndarray:
    """v / |v|. (dim,) -> (dim,)"""
    out: np.ndarray = v / max(float(np.linalg.norm(v)), 1e-12)
    return out


def embed_speech(model: CamPlusPlus, samples: np.ndarray, mask: np.ndarray) -> np.ndarray | None:
    """One unit voice vector from the masked samples. samples: (n,) 16 kHz; mask: (n,) bool -> (192,).

    Speech is cut into pieces of ``PIECE_S`` seconds, each embedded; the unit embeddings are
    averaged, weighted by length. None when there is too little speech.
    """
    feats = fbank_blocks(torch.from_numpy(np.ascontiguousarray(samples, dtype=np.float32)))  # (T, 80)
    hop = round(FRAME_SHIFT_S * RATE)
    frame_mask = mask[np.minimum(np.arange(feats.shape[0]) * hop + hop, mask.shape[0] - 1)]
    speech = feats[torch.from_numpy(frame_mask)][: round(MAX_VOICE_S / FRAME_SHIFT_S)]
    piece = round(PIECE_S / FRAME_SHIFT_S)
    total = np.zeros(model.dimension)
    for i in range(0, speech.shape[0], piece):
        part = speech[i:i + piece]
        e = model.embed_features(part).numpy()
        if not np.isnan(e).any():
            total += unit(e) * part.shape[0]
    return unit(total) if np.any(total) else None


def turn_mask(turns: tuple[SpeakerTurn, ...], speaker: str, num_samples: int) -> np.ndarray:
    """Samples where ``speaker`` talks and nobody else does. -> (n,) bool"""
    mine = np.zeros(num_samples, dtype=bool)
    others = np.zeros(num_samples, dtype=bool)
    for t in turns:
        a, b = max(0, round(t.start * RATE)), min(num_samples, round(t.end * RATE))
        (mine if t.speaker == speaker else others)[a:b] = True
    out: np.ndarray = mine & ~others
    return out


def speaker_voices(diarization: Diarization, samples: np.ndarray | None = None,
                   model: CamPlusPlus | None = None) -> dict[str, np.ndarray]:
    """A unit CAM++ voice per speaker: the pipeline's centroids, or (for a user pipeline with another
    embedding, when ``samples`` are given) embedded here from each speaker's solo speech."""
    c = diarization.centroids
    if c.ndim == 2 and c.shape[0] == len(diarization.speakers) and c.shape[1] == 192 and np.all(np.any(c, axis=1)):
        return {s: unit(c[i]) for i, s in enumerate(diarization.speakers)}
    if samples is None:
        return {}
    model = model or CamPlusPlus.load()
    voices = {}
    for s in diarization.speakers:
        v = embed_speech(model, samples, turn_mask(diarization.turns, s, samples.shape[0]))
        if v is not None:
            voices[s] = v
    return voices


# ----------------------------------------------------------------------------- enrollment


@dataclass(frozen=True)
class Enrollment:
    """Where a voiceprint was stored and how much speech made it."""

    path: Path
    speech_s: float


def read_16k(path: Path, channel: int) -> np.ndarray:
    """A recording as mono float32 at 16 kHz; stereo: the given channel. -> (n,)

    Decoded like any call (:mod:`audio.decode`): every format, one-line errors, finite samples.
    """
    from audio.decode import probe, read_all

    info = probe(path)
    rate = info.sample_rate
    data = read_all(info)  # (n, channels): an enrollment recording is short
    if data.shape[1] > 1:
        if channel >= data.shape[1]:
            raise UserError(f"{path}: has {data.shape[1]} channels, no channel {channel}")
        mono = data[:, channel]
    else:
        mono = data[:, 0]
    if rate != RATE:
        from scipy.signal import resample_poly

        g = np.gcd(int(rate), RATE)
        mono = resample_poly(mono, RATE // g, int(rate) // g).astype(np.float32)
    return np.ascontiguousarray(mono, dtype=np.float32)


def speech_mask(samples: np.ndarray, models: ModelsConfig | None = None) -> np.ndarray:
    """Where anyone speaks, by the segmentation model (10 s chunks, no overlap). -> (n,) bool"""
    from coach.models import load_model, resolve
    from coach.speech.segmenter import ChunkSegmenter

    seg = ChunkSegmenter(load_model(resolve("pyannote-segmentation-3.0", models)), step_s=10.0)
    out = seg(torch.from_numpy(samples))  # (C, F, S)
    active = out.data.max(axis=2) > 0.5  # (C, F)
    mask = np.zeros(samples.shape[0], dtype=bool)
    frame = seg.duration_s / active.shape[1]
    for c in range(active.shape[0]):
        t0 = out.sliding_window[c].start
        for f in np.flatnonzero(active[c]):
            a = round((t0 + f * frame) * RATE)
            mask[a:a + round(frame * RATE) + 1] = True
    return mask[: samples.shape[0]]


def save_voiceprint(vector: np.ndarray, path: Path, source: str = "") -> None:
    """Write a voiceprint readable by its owner only (0600, new folders 0700), atomically. ``.json`` or ``.npy``."""
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=".voiceprint-", dir=path.parent)  # created 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            if path.suffix == ".json":
                doc = {"schema": "coach.voiceprint/1", "model": "campplus-sv-zh-en", "source": source,
                       "vector": [round(float(x), 7) for x in vector]}
                fh.write(json.dumps(doc).encode())
            else:
                np.save(fh, vector.astype(np.float32))
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def load_voiceprint(path: Path) -> np.ndarray:
    """A stored voiceprint as a unit vector (192,)."""
    try:
        if path.suffix == ".json":
            vec = np.asarray(json.loads(path.read_text())["vector"], dtype=np.float64)
        else:
            vec = np.load(path).astype(np.float64)
    except FileNotFoundError:
        raise UserError(f"{path}: voiceprint not found (create one with `coach enroll`)") from None
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
        raise UserError(f"{path}: not a voiceprint ({exc})") from None
    if vec.shape != (192,) or not np.all(np.isfinite(vec)):
        raise UserError(f"{path}: not a 192-value CAM++ voiceprint")
    return unit(vec)


def enroll(wav: Path, out: Path | None = None, config: CoachConfig | None = None) -> Enrollment:
    """Make the agent's voiceprint from a recording of the agent (stereo: ``audio.agent_channel``)."""
    config = config or CoachConfig()
    samples = read_16k(wav, config.audio.agent_channel)
    mask = speech_mask(samples, config.models)
    speech_s = float(mask.sum()) / RATE
    if speech_s < 3.0:
        raise UserError(f"{wav}: only {speech_s:.1f} s of speech; enrollment needs at least 3 s of the agent")
    vector = embed_speech(CamPlusPlus.load(config.models), samples, mask)
    if vector is None:
        raise UserError(f"{wav}: could not compute a voiceprint")
    path = out or (Path(config.diarization.agent_voiceprint).expanduser() if config.diarization.agent_voiceprint
                   else default_voiceprint_path())
    save_voiceprint(vector, path, source=str(wav))
    return Enrollment(path, min(speech_s, MAX_VOICE_S))


# ----------------------------------------------------------------------------- roles


@dataclass(frozen=True)
class RoleAssignment:
    """Which label is the agent (None: nobody spoke), and how that was decided."""

    agent: str | None
    customers: tuple[str, ...]
    method: str  # e.g. "voiceprint (cosine distance 0.21)", "rule: first_speaker"

    def role_of(self, speaker: str) -> Role:
        return "agent" if speaker == self.agent else "customer"

    def roles_field(self) -> dict[str, str]:
        """For the review document: {"agent": "speaker:SPEAKER_00", "customer": "speaker:SPEAKER_01"}."""
        out: dict[str, str] = {}
        if self.agent is not None:
            out["agent"] = f"speaker:{self.agent}"
        if self.customers:
            out["customer"] = ",".join(f"speaker:{c}" for c in self.customers)
        return out


def configured_voiceprint(config: DiarizationConfig) -> np.ndarray | None:
    """The configured voiceprint, else the default one if enrolled, else None."""
    if config.agent_voiceprint:
        return load_voiceprint(Path(config.agent_voiceprint).expanduser())
    path = default_voiceprint_path()
    return load_voiceprint(path) if path.is_file() else None


def choose_agent(
    speakers: tuple[str, ...],
    first_start: dict[str, float],
    speech_s: dict[str, float],
    voices: dict[str, np.ndarray],
    config: DiarizationConfig,
    voiceprint: np.ndarray | None,
) -> RoleAssignment:
    """The decision itself, shared by the offline and the live paths."""
    if not speakers:
        return RoleAssignment(None, (), "nobody spoke")
    note = ""
    if voiceprint is not None and voices:
        dist = {s: 1.0 - float(unit(voiceprint) @ v) for s, v in voices.items()}
        best = min(dist, key=lambda s: dist[s])
        if dist[best] <= config.voiceprint_threshold:
            return RoleAssignment(best, tuple(s for s in speakers if s != best),
                                  f"voiceprint (cosine distance {dist[best]:.2f})")
        note = f"; voiceprint matched nobody (nearest {dist[best]:.2f})"
    if config.agent_rule == "most_speech":
        agent = max(speakers, key=lambda s: (speech_s.get(s, 0.0), -first_start.get(s, 0.0)))
    else:
        agent = min(speakers, key=lambda s: first_start.get(s, float("inf")))
    return RoleAssignment(agent, tuple(s for s in speakers if s != agent), f"rule: {config.agent_rule}{note}")


def assign_roles(diarization: Diarization, config: DiarizationConfig | None = None,
                 voiceprint: np.ndarray | None = None, samples: np.ndarray | None = None) -> RoleAssignment:
    """Agent and customer labels of a diarized call (``voiceprint`` None: the configured one, if any)."""
    config = config or DiarizationConfig()
    voiceprint = voiceprint if voiceprint is not None else configured_voiceprint(config)
    voices = speaker_voices(diarization, samples) if voiceprint is not None else {}
    first = {s: min(t.start for t in diarization.turns if t.speaker == s) for s in diarization.speakers}
    speech = {s: diarization.speech_time(s) for s in diarization.speakers}
    return choose_agent(diarization.speakers, first, speech, voices, config, voiceprint)


def live_roles(streamer: StreamingDiarizer, config: DiarizationConfig | None = None,
               voiceprint: np.ndarray | None = None) -> RoleAssignment:
    """Roles so far in a live call, from the streaming diarizer's voices and settled speech.

    Early in a call this can change (a voice not yet heard, too little speech to judge).
    """
    config = config or DiarizationConfig()
    voiceprint = voiceprint if voiceprint is not None else configured_voiceprint(config)
    speakers = tuple(s for s in streamer.speakers if s in streamer.first_heard)
    voices = {s: v for s, v in zip(streamer.speakers, streamer.centroids) if s in speakers}
    return choose_agent(speakers, streamer.first_heard, streamer.speech_s, voices, config, voiceprint)
