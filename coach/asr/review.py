"""Review transcription: the finished turns of a role, transcribed by the review model.

Only the audio of turns is decoded by Whisper (silence costs nothing): finished turns are packed
back to back (with a short gap) into windows of up to ``PACK_S`` seconds, so each of Whisper's
fixed 30 s encoder windows is full of speech, and word times are mapped back to call time. Only
a bounded window of each role's recent audio is kept, so memory does not grow with the call.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from coach.vocab import Role, Segment, Turn, Word

RATE = 16_000
PAD_S = 0.15  # audio kept around a turn: VAD edges are tight and Whisper likes a little margin
PROMPT_CHARS = 200  # committed text carried into the next pack's prompt
PACK_S = 25.0  # speech packed into one Whisper window (its encoder always sees 30 s)
GAP_S = 0.3  # silence between packed turns, so words of two turns never merge


class TurnTranscriber:
    """Plain stage for one role: ``push`` its 16 kHz audio and the turns that closed; get text back."""

    def __init__(self, role: Role, model: Any, beam_size: int = 5, keep_s: float = 900.0, start: float = 0.0) -> None:
        self.role = role
        self.model = model  # faster_whisper.WhisperModel
        self.beam_size = beam_size
        self._keep = int(keep_s * RATE)
        self._origin = start
        self.reset()

    def reset(self) -> None:
        self._buf = np.zeros(0, dtype=np.float32)  # the most recent audio of this role
        self._buf_start = self._origin  # call time of _buf[0]
        self._pending: list[Turn] = []
        self._prompt = ""

    def push(self, audio: npt.NDArray[np.float32], turns: tuple[Turn, ...] = ()) -> tuple[list[Segment], list[Word]]:
        self._buf = np.concatenate([self._buf, audio])
        self._pending += [t for t in turns if t.role == self.role]
        segments: list[Segment] = []
        words: list[Word] = []
        buf_end = self._buf_start + len(self._buf) / RATE
        ready = [t for t in self._pending if t.end + PAD_S <= buf_end]
        if sum(t.duration + 2 * PAD_S + GAP_S for t in ready) >= PACK_S:
            segments, words = self._transcribe(ready)
            self._pending = self._pending[len(ready):]
        self._trim()
        return segments, words

    def finish(self) -> tuple[list[Segment], list[Word]]:
        pending, self._pending = self._pending, []
        return self._transcribe(pending) if pending else ([], [])

    def _trim(self) -> None:
        """Drop audio no pending or future turn can need (keeping at most ``keep_s``)."""
        oldest_needed = self._pending[0].start - PAD_S if self._pending else None
        excess = len(self._buf) - self._keep
        if oldest_needed is not None:
            excess = min(excess, int((oldest_needed - self._buf_start) * RATE))
        if excess > 0:
            self._buf = self._buf[excess:]
            self._buf_start += excess / RATE

    def _transcribe(self, turns: list[Turn]) -> tuple[list[Segment], list[Word]]:
        """One Whisper pass over the turns packed together; one segment per turn."""
        clips: list[npt.NDArray[np.float32]] = []
        spans: list[tuple[float, float, float]] = []  # (packed start, packed end, call-time offset)
        gap = np.zeros(int(GAP_S * RATE), dtype=np.float32)
        at = 0.0
        for turn in turns:
            a = max(0, int((turn.start - PAD_S - self._buf_start) * RATE))
            b = max(a, int((turn.end + PAD_S - self._buf_start) * RATE))
            clip = self._buf[a:b]
            spans.append((at, at + len(clip) / RATE, self._buf_start + a / RATE - at))
            clips += [clip, gap]
            at += (len(clip) + len(gap)) / RATE
        audio = np.concatenate(clips) if clips else np.zeros(0, dtype=np.float32)
        if len(audio) < int(0.1 * RATE):
            return [], []
        result, _ = self.model.transcribe(
            audio, language="en", beam_size=self.beam_size, word_timestamps=True, vad_filter=False,
            condition_on_previous_text=True, initial_prompt=self._prompt or None,
        )
        per_turn: list[list[Word]] = [[] for _ in turns]
        raw_text: list[str] = ["" for _ in turns]  # Whisper's own spacing ("Uh-uh", "I'm")
        for seg in result:
            for w in seg.words or []:
                text = w.word.strip()
                if not text:
                    continue
                mid = (float(w.start) + float(w.end)) / 2
                i = min(range(len(spans)), key=lambda k: 0 if spans[k][0] <= mid <= spans[k][1]
                        else min(abs(mid - spans[k][0]), abs(mid - spans[k][1])))
                lo, hi, offset = spans[i]
                start = offset + min(max(float(w.start), lo), hi)
                end = offset + min(max(float(w.end), lo), hi)
                per_turn[i].append(Word(self.role, start, max(start, end), text, float(w.probability)))
                raw_text[i] += w.word
        segments: list[Segment] = []
        words: list[Word] = []
        for turn_words, text in zip(per_turn, raw_text):
            if turn_words:
                segments.append(Segment(self.role, turn_words[0].start, turn_words[-1].end, text.strip()))
                words += turn_words
        if segments:
            self._prompt = (self._prompt + " " + " ".join(s.text for s in segments))[-PROMPT_CHARS:].strip()
        return segments, words
