"""Whisper on short windows without the 30 s padding: the cost that makes live and review ASR affordable.

faster-whisper pads every window to 30 s before the encoder, so a 2 s utterance costs as much as
30 s of audio. CTranslate2's Whisper encoder accepts shorter mel inputs and its cost falls with
the length (on this CPU: 1.4 s for 30 s, 0.4 s for 15 s), so this module runs faster-whisper's
own pieces (feature extractor, prompt, ``generate``, cross-attention word alignment and word
splitting) on just the audio plus a little trailing silence. A truncated window occasionally
makes Whisper loop; a loop (a high compression ratio, or more tokens than the audio can hold)
falls back to the stock 30 s window for that pass. Words are decoded from whole token runs
(a curly apostrophe is two byte-level tokens) and pass :func:`clean_text`.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from audio.resample import MODEL_RATE

RATE = MODEL_RATE  # what Whisper and Silero take
TOKENS_PER_SECOND_MAX = 7.0  # speech rarely exceeds ~4 tokens/s; more means a loop
COMPRESSION_RATIO_MAX = 2.2
PROMPT_TOKENS = 100  # earlier text given as context (Whisper allows up to 223)
WINDOW_S = 30.0  # Whisper's stock window
TIME_PRECISION = 0.02  # seconds per timestamp token
LATE_SEGMENT_S = 0.2  # a segment starting this close to the end of the audio, or after it, is padding
PUNCTUATION = ".,!?;:'-\""


@dataclass(frozen=True)
class TimedWord:
    """A word with times relative to the start of the audio passed in."""

    text: str
    start: float
    end: float
    p: float


@dataclass(frozen=True)
class Hypothesis:
    """One decoding pass: its words, and what says whether to trust it."""

    words: tuple[TimedWord, ...]
    text: str
    no_speech_prob: float
    avg_logprob: float
    fell_back: bool  # the short window looped and the padded window was used


_BROKEN = re.compile("\ufffd+")
_FOREIGN_RUN = re.compile("[\u00a0-\u00ff\u0152-\u2122]{2,}")  # Latin-1/cp1252 characters side by side


def _latin(c: str) -> bool:
    """A character English text written in Latin script uses: letters with accents, Latin-1
    signs (£, °), general punctuation (’, “, …), the euro."""
    return (c.isalpha() and ord(c) < 0x250) or 0xA0 <= ord(c) <= 0xBF or 0x2010 <= ord(c) <= 0x20AC


def _undo_misread(run: str) -> str:
    """Text Whisper learnt already garbled from web pages: a curly quote written in Big5 or UTF-8
    and read back as Latin-1/cp1252 ("don¡¦t", "donâ€™t"). The bytes decoded the right way give
    the character back; a run that is not such a misreading stays as it is."""
    for wrote, read in (("big5", "latin-1"), ("utf-8", "cp1252"), ("utf-8", "latin-1")):
        try:
            fixed = run.encode(read).decode(wrote)
        except UnicodeError:
            continue
        if len(fixed) < len(run) and all(_latin(c) for c in fixed):
            return fixed
    return run


def clean_text(text: str) -> str:
    """Valid text: a known misreading undone; U+FFFD (bytes that never formed a character)
    between letters read as the apostrophe it almost always is in English ("don\ufffdt"), else
    dropped. Words come from whole token sequences (faster-whisper's own word splitting), so
    this only catches what the model itself wrote garbled."""
    text = _FOREIGN_RUN.sub(lambda m: _undo_misread(m.group()), text)
    if "\ufffd" in text:
        text = re.sub("(?<=[A-Za-z])\ufffd+(?=[A-Za-z])", "\u2019", text)
        text = _BROKEN.sub("", text)
    return text


def _compression_ratio(text: str) -> float:
    raw = text.encode("utf-8")
    return len(raw) / max(1, len(zlib.compress(raw)))


class WhisperEngine:
    """One loaded Whisper model (faster-whisper / CTranslate2) transcribing short clips with word times."""

    def __init__(self, model: Any, beam_size: int = 1, tail_s: float = 0.5) -> None:
        from faster_whisper.tokenizer import Tokenizer

        self.model = model  # faster_whisper.WhisperModel
        self.beam_size = beam_size
        self.tail_s = tail_s  # silence appended: Whisper ends words better with a little room
        self.tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe",
                                   language="en")

    def transcribe(self, audio: npt.NDArray[np.float32], prompt: str = "", window_s: float = 0.0,
                   fallback: bool = True, beam_size: int | None = None) -> Hypothesis:
        """Words in ``audio`` ((n,) float32, 16 kHz), with ``prompt`` (earlier text) as context.

        The encoder sees the audio padded with silence to at least ``window_s`` seconds: 30 is
        Whisper's stock window (what it was trained on: the most accurate, the slowest), 0 just
        the audio and a short tail. A pass that loops is redone on the stock window if
        ``fallback``, else returns no words (a partial pass can wait for the next one).
        ``beam_size`` overrides the engine's own for this pass.
        """
        return self.transcribe_batch([audio], prompt, window_s, fallback, beam_size)[0]

    def transcribe_batch(self, audios: list[npt.NDArray[np.float32]], prompt: str = "", window_s: float = 0.0,
                         fallback: bool | list[bool] = True, beam_size: int | None = None,
                         no_repeat_ngram: int | None = None, timestamps: bool = False) -> list[Hypothesis]:
        """:meth:`transcribe` for several clips at once: one encoder and one decoder call for all
        (both cores busy, one Python round trip), each clip padded to the longest.

        ``fallback``: as :meth:`transcribe`, for all clips or one flag per clip.

        ``no_repeat_ngram``: n-grams the decoder may not repeat (0: none). Default: 3 on a window
        shorter than Whisper's (a live partial pass that loops), 0 on the stock window. Review
        passes 0: a window packed with several turns repeats phrases ("I don't know, I don't
        know"), and forbidding it drops or garbles them.

        ``timestamps``: let Whisper write its timestamp tokens, as it was trained to (the text and
        the words are the same; the timestamps are dropped). Without them a window holding
        several utterances with pauses between them is often cut short: whole turns go missing
        (measured on a packed 30 s window: 10 tokens without, 44 with)."""
        out: list[Hypothesis | None] = [None] * len(audios)
        todo = [i for i, a in enumerate(audios) if len(a) >= int(0.1 * RATE)]
        for i in set(range(len(audios))) - set(todo):
            out[i] = Hypothesis((), "", 1.0, 0.0, False)
        beam = beam_size or self.beam_size
        fall = fallback if isinstance(fallback, list) else [fallback] * len(audios)
        hyps = self._run([audios[i] for i in todo], prompt, window_s, beam, no_repeat_ngram, timestamps) if todo else []
        for i, hyp in zip(todo, hyps):
            duration = len(audios[i]) / RATE
            n_tokens = len(self.tokenizer.encode(hyp.text)) if hyp.text else 0
            looped = (_compression_ratio(hyp.text) > COMPRESSION_RATIO_MAX
                      or n_tokens > TOKENS_PER_SECOND_MAX * duration + 4)
            if looped and not fall[i]:
                hyp = Hypothesis((), "", hyp.no_speech_prob, hyp.avg_logprob, False)
            elif looped and window_s < WINDOW_S:
                again = self._run([audios[i]], prompt, WINDOW_S, beam, no_repeat_ngram, timestamps)[0]
                hyp = Hypothesis(again.words, again.text, again.no_speech_prob, again.avg_logprob, True)
            out[i] = hyp
        return [h for h in out if h is not None]

    def _run(self, audios: list[npt.NDArray[np.float32]], prompt: str, window_s: float,
             beam_size: int, no_repeat_ngram: int | None = None, timestamps: bool = False) -> list[Hypothesis]:
        m, tok = self.model, self.tokenizer
        audios = [a[: int(WINDOW_S * RATE)] for a in audios]
        longest = max(len(a) for a in audios) + int(self.tail_s * RATE)
        total = min(max(longest, int(window_s * RATE)), int(WINDOW_S * RATE))
        frames = total // 160 - (total // 160) % 2  # the encoder halves the length
        feats = np.zeros((len(audios), m.model.n_mels, frames), dtype=np.float32)  # (batch, mels, frames): 100/s
        for k, a in enumerate(audios):
            x = np.zeros(total + 160, dtype=np.float32)  # silence pads, as Whisper pads its windows
            x[: len(a)] = a
            feats[k] = m.feature_extractor(x)[:, :frames]
        padded = window_s >= WINDOW_S
        if no_repeat_ngram is None:
            no_repeat_ngram = 0 if padded else 3
        enc = self._encode(feats)
        previous = tok.encode(" " + prompt.strip()) if prompt.strip() else []
        tokens_prompt = m.get_prompt(tok, previous[-PROMPT_TOKENS:], without_timestamps=not timestamps)
        seconds = max(len(a) for a in audios) / RATE
        max_new = int((TOKENS_PER_SECOND_MAX + (2.0 if timestamps else 0.0)) * seconds) + 8
        results = m.model.generate(
            enc, [tokens_prompt] * len(audios), beam_size=beam_size,
            max_length=len(tokens_prompt) + max_new, return_scores=True, return_no_speech_prob=True,
            suppress_blank=True, suppress_tokens=[-1], no_repeat_ngram_size=no_repeat_ngram,
        )
        ids = [self._text_ids(r.sequences_ids[0], len(a) / RATE) for r, a in zip(results, audios)]
        content = [min(len(a) + int(self.tail_s * RATE), total) // 160 for a in audios]
        aligned: list[list[dict[str, Any]]] = [[] for _ in audios]
        if any(ids):
            # One call aligns the whole batch; a clip with no text gets a placeholder, then nothing.
            placeholder = tok.encode(" .")[:1]
            rows = m.find_alignment(tok, [i or placeholder for i in ids], enc, content)
            aligned = [row if i else [] for row, i in zip(rows, ids)]
        return [self._hypothesis(a, i, r, w, padded) for a, i, r, w in zip(audios, ids, results, aligned)]

    def _text_ids(self, tokens: list[int], duration: float) -> list[int]:
        """The text tokens of a pass, timestamps dropped; with timestamps, a segment Whisper starts
        past the end of the audio (text it made up in the padding, often a repeat of an earlier
        phrase) is dropped too."""
        tok = self.tokenizer
        out, at = [], 0.0
        for t in tokens:
            if t >= tok.timestamp_begin:
                at = (t - tok.timestamp_begin) * TIME_PRECISION  # a segment starts (or ends) here
            elif t < tok.eot and at < duration - LATE_SEGMENT_S:
                out.append(t)
        return out

    def _encode(self, feats: npt.NDArray[np.float32]) -> Any:
        """Encoder output of a batch of windows, one window at a time: on CPU CTranslate2 encodes
        four 15 s windows one by one in 1.5 s, in one batch in 2.0 s (same output); the decoder is
        the part a batch speeds up."""
        if len(feats) == 1:
            return self.model.encode(feats)
        import ctranslate2

        parts = [np.asarray(self.model.encode(feats[k:k + 1])) for k in range(len(feats))]  # (1, frames/2, d)
        return ctranslate2.StorageView.from_array(np.ascontiguousarray(np.concatenate(parts)))

    def _hypothesis(self, audio: npt.NDArray[np.float32], ids: list[int], result: Any,
                    aligned: list[dict[str, Any]], padded: bool) -> Hypothesis:
        tok = self.tokenizer
        avg_logprob = float(result.scores[0]) if ids else 0.0  # CTranslate2 normalises by length
        words: list[TimedWord] = []
        for w in aligned:
            text = clean_text(w["word"])  # w["word"]: decoded from the word's whole token run
            if not text.strip():
                continue
            end = min(float(w["end"]), len(audio) / RATE)
            start = min(float(w["start"]), end)
            if words and not text.startswith(" ") and text.strip()[0] in PUNCTUATION:
                prev = words[-1]  # punctuation and contractions belong to the word before
                words[-1] = TimedWord(prev.text + text, prev.start, max(prev.end, end), prev.p)
                continue
            words.append(TimedWord(text.strip(), start, end, float(w["probability"])))
        return Hypothesis(tuple(words), clean_text(tok.decode(ids)).strip(), float(result.no_speech_prob), avg_logprob,
                          padded)
