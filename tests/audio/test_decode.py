"""Decoding recordings: every format, any rate, channel picking, bad files, constant memory."""

from __future__ import annotations

import shutil
import struct
import subprocess
import time
import tracemalloc
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import soundfile as sf

from audio.decode import AudioInfo, pick_channels, probe, read_all, read_blocks
from audio.sources import FileSource
from coach.config import AudioConfig, ConfigError
from coach.errors import AudioError
from tests.conftest import CALLS


def tone_pair(rate: int, seconds: float = 1.5) -> npt.NDArray[np.float32]:
    """Two different tones, (frames, 2): channel order mistakes cannot hide."""
    t = np.arange(int(rate * seconds)) / rate
    left = 0.4 * np.sin(2 * np.pi * 440 * t) * (t < seconds / 2)  # the agent talks first
    right = 0.4 * np.sin(2 * np.pi * 1000 * t) * (t >= seconds / 3)
    return np.stack([left, right], axis=1).astype(np.float32)


def ffmpeg(src: Path, dst: Path, *codec: str) -> Path:
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is not installed (scripts/setup.sh installs it)")
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", str(src), *codec, str(dst)],
                   check=True)
    return dst


def corr(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> float:
    n = min(a.shape[0], b.shape[0])
    return float(np.corrcoef(a[:n], b[:n])[0, 1])


# ---------------------------------------------------------------------------------------- formats


@pytest.mark.parametrize(("name", "backend", "lossy"), [
    ("pcm16.wav", "soundfile", False),
    ("float.wav", "soundfile", False),
    ("call.flac", "soundfile", False),
    ("vorbis.ogg", "soundfile", True),
    ("ffmpeg.mp3", "soundfile", True),
    ("ffmpeg.ogg", "soundfile", True),
    ("ffmpeg.m4a", "ffmpeg", True),
    ("ffmpeg.aac", "ffmpeg", True),
])
def test_every_format_decodes_with_channels_in_order(tmp_path: Path, name: str, backend: str, lossy: bool) -> None:
    rate = 16_000
    x = tone_pair(rate)
    src = tmp_path / "src.wav"
    sf.write(src, x, rate)
    path = tmp_path / name
    if name == "pcm16.wav":
        sf.write(path, x, rate, subtype="PCM_16")
    elif name == "float.wav":
        sf.write(path, x, rate, subtype="FLOAT")
    elif name == "call.flac":
        sf.write(path, x, rate, format="FLAC")
    elif name == "vorbis.ogg":
        sf.write(path, x, rate, format="OGG", subtype="VORBIS")
    elif name == "ffmpeg.mp3":
        ffmpeg(src, path, "-c:a", "libmp3lame", "-b:a", "64k")
    elif name == "ffmpeg.ogg":
        ffmpeg(src, path, "-c:a", "libopus", "-b:a", "48k")
    else:
        ffmpeg(src, path, "-c:a", "aac", "-b:a", "64k")
    info = probe(path)
    assert (info.sample_rate, info.channels, info.backend) == (rate, 2, backend)
    y = read_all(info)
    assert y.dtype == np.float32 and y.ndim == 2 and y.shape[1] == 2
    assert np.isfinite(y).all() and np.abs(y).max() <= 1.0
    lag = 1024 if name == "ffmpeg.aac" else 0  # raw ADTS keeps the encoder's priming samples
    assert abs(y.shape[0] - lag - x.shape[0]) <= (2048 if lossy else 0), (y.shape, x.shape)
    for ch in (0, 1):
        assert corr(y[lag:, ch], x[:, ch]) > (0.95 if lossy else 0.9999), ch
    assert corr(y[lag:, 0], x[:, 1]) < 0.2  # not swapped


@pytest.mark.parametrize("rate", [8000, 11025, 22050, 44100, 48000, 96000])
@pytest.mark.parametrize("channels", [1, 2])
def test_any_rate_mono_or_stereo(tmp_path: Path, rate: int, channels: int) -> None:
    x = tone_pair(rate, 0.5)[:, :channels]
    path = tmp_path / f"{rate}.flac"
    sf.write(path, x, rate)
    info = probe(path)
    assert (info.sample_rate, info.channels, info.frames) == (rate, channels, x.shape[0])
    assert np.allclose(read_all(info), x, atol=1e-4)


def test_m4a_any_rate_through_ffmpeg_matches_the_container_length(tmp_path: Path) -> None:
    x = tone_pair(22_050, 1.0)
    src = tmp_path / "src.wav"
    sf.write(src, x, 22_050)
    info = probe(ffmpeg(src, tmp_path / "call.m4a", "-c:a", "aac"))
    assert info.format == "M4A/aac" and info.sample_rate == 22_050
    y = read_all(info)
    assert y.shape == (22_050, 2)  # the codec's padding after the end is trimmed
    assert corr(y[:, 0], x[:, 0]) > 0.95


@pytest.mark.parametrize("subtype", ["ULAW", "ALAW"])
def test_mu_law_and_a_law_wav(tmp_path: Path, subtype: str) -> None:
    x = tone_pair(8000)
    path = tmp_path / f"{subtype}.wav"
    sf.write(path, x, 8000, subtype=subtype)
    info = probe(path)
    assert info.format == f"WAV/{subtype}"
    y = read_all(info)
    assert y.shape == x.shape
    assert np.abs(y - x).max() < 0.02  # 8-bit companding error


def test_fixture_mu_law_call_matches_its_flac() -> None:
    ulaw = probe(CALLS / "stereo_interrupt_ulaw.wav")
    flac = probe(CALLS / "stereo_interrupt.flac")
    assert ulaw.format == "WAV/ULAW" and (ulaw.sample_rate, ulaw.channels) == (8000, 2)
    a, b = read_all(ulaw), read_all(flac)
    assert a.shape == b.shape
    assert corr(a[:, 0], b[:, 0]) > 0.99 and corr(a[:, 1], b[:, 1]) > 0.99


# ---------------------------------------------------------------------------------------- channels


def _six_channels(tmp_path: Path) -> tuple[Path, npt.NDArray[np.float32]]:
    x = np.stack([np.full(800, 0.1 * (c + 1), dtype=np.float32) for c in range(6)], axis=1)  # (800, 6)
    path = tmp_path / "six.wav"
    sf.write(path, x, 8000, subtype="FLOAT")
    return path, x


def test_more_than_two_channels_are_picked_by_config(tmp_path: Path) -> None:
    path, x = _six_channels(tmp_path)
    with FileSource(path, AudioConfig(channels="4, 1")) as src:
        y = np.concatenate([c.samples for c in src])
    assert np.allclose(y, x[:, [4, 1]])  # agent (channel 4) in column 0
    with FileSource(path, AudioConfig(channels="4,1", agent_channel=1)) as src:
        y = np.concatenate([c.samples for c in src])
    assert np.allclose(y, x[:, [1, 4]])  # agent in column 1, as agent_channel says


@pytest.mark.parametrize(("channels", "expected"), [
    ("", "has 6 channels; set [audio] channels = 'AGENT,CUSTOMER' to pick two (0-5)"),
    ("0,9", "[audio] channels names channel 9, but the file has 6 (0-5)"),
])
def test_more_than_two_channels_without_a_valid_pick_is_one_line(tmp_path: Path, channels: str,
                                                                 expected: str) -> None:
    path, _ = _six_channels(tmp_path)
    with pytest.raises(AudioError) as err:
        FileSource(path, AudioConfig(channels=channels))
    assert str(err.value).startswith(f"{path}: ") and expected in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("channels", ["2,2", "left,right", "0,1,2"])
def test_a_malformed_channel_pick_fails_when_the_config_is_made(channels: str) -> None:
    with pytest.raises(ConfigError, match=r"^\[audio\] channels: .* two different channel numbers"):
        AudioConfig(channels=channels)


def test_pick_is_ignored_for_stereo_files(tmp_path: Path) -> None:
    path = tmp_path / "stereo.wav"
    sf.write(path, tone_pair(8000), 8000)
    assert pick_channels(probe(path), AudioConfig(channels="0,3")) is None


# ---------------------------------------------------------------------------------------- bad files


def _wav_bytes(rate: int = 8000, channels: int = 1, frames: int = 80) -> bytes:
    data = np.zeros(frames * channels, dtype="<i2").tobytes()
    fmt = struct.pack("<HHIIHH", 1, channels, rate, (rate * channels * 2) % 2**32, channels * 2, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.wav": (b"", "file is empty"),
    "truncated_header.wav": (_wav_bytes()[:20], "truncated WAV header"),
    "riff_only.wav": (b"RIFF\x00\x00", "truncated WAV header"),
    "text.wav": (b"hello, this is a shopping list\nmilk\neggs\n", "looks like a text file, not audio"),
    "zero_length.wav": (_wav_bytes(frames=0), "contains no audio (0 frames)"),
    "huge_rate.wav": (_wav_bytes(rate=4_000_000_000), "sample rate 4000000000 Hz is outside"),
    "big_rate.wav": (_wav_bytes(rate=1_000_000), "sample rate 1000000 Hz is outside"),
    "zero_rate.wav": (_wav_bytes(rate=0), "sample rate 0 Hz is outside"),
    "zero_channels.wav": (_wav_bytes(channels=0), "has no audio channels"),
    "noise.flac": (np.random.default_rng(1).integers(0, 256, 3000, dtype=np.uint8).tobytes(),
                   "not a readable audio file"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_one_line_audio_errors(tmp_path: Path, name: str) -> None:
    content, expected = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AudioError) as err:
        probe(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and expected in message, message
    assert "\n" not in message and ".cpp" not in message and len(message) < 300


def test_missing_file_folder_and_truncated_m4a(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="file not found"):
        probe(tmp_path / "nope.wav")
    with pytest.raises(AudioError, match="is a folder"):
        probe(tmp_path)
    src = tmp_path / "src.wav"
    sf.write(src, tone_pair(8000), 8000)
    m4a = ffmpeg(src, tmp_path / "call.m4a", "-c:a", "aac")
    cut = tmp_path / "cut.m4a"
    cut.write_bytes(m4a.read_bytes()[:200])
    with pytest.raises(AudioError) as err:
        read_all(probe(cut))
    assert str(err.value).startswith(f"{cut}: ") and "\n" not in str(err.value)


def test_truncated_flac_data_keeps_what_is_there_or_says_where(tmp_path: Path) -> None:
    path = tmp_path / "call.flac"
    sf.write(path, tone_pair(8000, 4.0), 8000)
    cut = tmp_path / "cut.flac"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    try:
        y = read_all(probe(cut))
    except AudioError as exc:  # either outcome is fine; a traceback or a hang is not
        assert str(exc).startswith(f"{cut}: ") and "\n" not in str(exc)
    else:
        assert 0 < y.shape[0] <= 4 * 8000


def test_nan_and_inf_samples_are_sanitised(tmp_path: Path) -> None:
    x = np.zeros((100, 2), dtype=np.float32)
    x[10, 0], x[20, 1], x[30, 0], x[40, 1] = np.nan, np.inf, -np.inf, 3.0
    path = tmp_path / "nan.wav"
    sf.write(path, x, 8000, subtype="FLOAT")
    y = read_all(probe(path))
    assert np.isfinite(y).all()
    assert (y[10, 0], y[20, 1], y[30, 0], y[40, 1]) == (0.0, 1.0, -1.0, 1.0)


# ---------------------------------------------------------------------------------------- memory


def _long_flac(path: Path, minutes: float, rate: int = 8000) -> int:
    """Write a long stereo call block by block (the test itself must not hold it in memory)."""
    block = rate * 10
    t = np.arange(block) / rate
    with sf.SoundFile(path, "w", samplerate=rate, channels=2, format="FLAC", subtype="PCM_16") as fh:
        for i in range(int(minutes * 6)):
            x = np.stack([0.3 * np.sin(2 * np.pi * (200 + i) * t), 0.1 * np.cos(2 * np.pi * 300 * t)], axis=1)
            fh.write(x.astype(np.float32))
    return int(minutes * 6) * block


def _peak_while_decoding(info: AudioInfo, block_s: float) -> tuple[int, int, set[int]]:
    tracemalloc.start()
    try:
        frames, sizes = 0, set()
        for chunk in read_blocks(info, block_s):
            frames += chunk.samples.shape[0]
            sizes.add(chunk.samples.shape[0])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return frames, peak, sizes


def test_twenty_minute_flac_decodes_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "long.flac"
    total = _long_flac(path, 20)
    info = probe(path)
    assert info.frames == total and info.duration_s == 1200
    frames, peak, sizes = _peak_while_decoding(info, 1.0)
    assert frames == total and sizes == {8000}
    whole = total * 2 * 4
    assert peak < 2_000_000, f"peak {peak} bytes while decoding {whole} bytes of audio"


def test_twenty_minute_m4a_decodes_in_constant_memory_and_linear_time(tmp_path: Path) -> None:
    # A 1 s tone at the start of every minute, silence between (silence encodes fast).
    path = tmp_path / "long.m4a"
    src = "sine=frequency=300:sample_rate=8000:duration=1200,volume=volume=0:enable='gte(mod(t,60),1)'"
    _ffmpeg_lavfi(src, path, "-ac", "2", "-c:a", "aac", "-aac_coder", "fast")
    info = probe(path)
    assert info.backend == "ffmpeg" and info.frames == 1200 * 8000
    t0 = time.monotonic()
    frames, peak, sizes = _peak_while_decoding(info, 0.5)
    elapsed = time.monotonic() - t0
    assert frames == 1200 * 8000 and sizes == {4000}
    assert peak < 4_000_000, f"peak {peak} bytes"  # a few 5 s decoder windows, never the whole call
    # Ranged reads that rewind to the start every time would take minutes here.
    assert elapsed < 15, f"decoding 20 minutes took {elapsed:.1f} s"
    onsets = [c.start for c in read_blocks(info, 0.5) if np.abs(c.samples).max() > 0.05]  # codec ringing: to 1.0 s
    minutes = sorted({round(t / 60) for t in onsets})
    assert minutes == list(range(20)) and all(t % 60 <= 1.0 for t in onsets), onsets[:10]


def test_m4a_with_timestamp_jumps_decodes_every_frame_once(tmp_path: Path) -> None:
    """Concatenated recordings restart their timestamps: decoding must neither repeat nor skip."""
    from torchcodec import _core as core
    from torchcodec.decoders import AudioDecoder

    part = tmp_path / "part.m4a"
    _ffmpeg_lavfi("sine=frequency=300:sample_rate=8000:duration=10", part, "-ac", "2", "-c:a", "aac")
    path = tmp_path / "joined.m4a"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-stream_loop", "29", "-i", str(part),
                    "-c", "copy", str(path)], check=True)
    decoder = AudioDecoder(str(path))
    frames = []
    while True:  # the reference: every codec frame in order, timestamps ignored
        try:
            frames.append(core.get_next_frame(decoder._decoder)[0].numpy().T)
        except IndexError:
            break
    reference = np.concatenate(frames)  # (n, 2)
    t0 = time.monotonic()
    y = read_all(probe(path))
    assert time.monotonic() - t0 < 10
    assert reference.shape[0] - 2048 <= y.shape[0] <= reference.shape[0]
    assert np.array_equal(y, np.clip(reference[: y.shape[0]], -1, 1))


def _ffmpeg_lavfi(source: str, dst: Path, *codec: str) -> None:
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is not installed (scripts/setup.sh installs it)")
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source, *codec,
                    str(dst)], check=True)
