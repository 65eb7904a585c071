"""Loading a saved ``coach.review/1`` document, validated the way a recording is validated.

A review JSON comes from outside (a colleague, a ticket, an old version of coach): whatever it
holds, a reader must neither hang (a FIFO), exhaust memory (a 1e12 s duration makes the HTML
timeline draw 10^8 ticks; a huge file; JSON nested a million deep), nor fail with a traceback.
So before any renderer sees it: a regular file of bounded size, nesting of bounded depth, only
finite numbers, and the fields the readers use of the right type and within bounds. Fields it
does not know are kept (the format is additive), only their depth and numbers are checked.
"""

from __future__ import annotations

import errno
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.errors import UserError
from coach.paths import read_regular_file
from coach.vocab import EVENT_KINDS, Event, Overlap, Role, Segment, Turn, Word, check_role, other_role

MAX_BYTES = 32 << 20
"""A review of a multi-hour call is a few MB (words, turns, a prosody curve of two numbers a hop)."""
MAX_DEPTH = 16
"""The deepest a coach.review/1 document nests is 5 (prosody.agent.pitch_hz[i]); room for additions."""
MAX_DURATION_S = 48 * 3600.0
"""Longer than any call; a recording longer than this is not a call either."""
MAX_ITEMS = 2_000_000
MAX_TEXT = 100_000
TIMED_LISTS = ("segments", "turns", "overlaps", "words", "events")


class BadReview(UserError):
    """A review document that the readers must not process."""


def load_review_doc(path: Path) -> dict[str, Any]:
    """The validated review document at ``path``; a one-line :class:`UserError` naming it otherwise."""
    try:
        raw = read_regular_file(path, MAX_BYTES)
    except OSError as exc:
        if exc.errno in (errno.EISDIR, errno.EINVAL, errno.EFBIG):
            raise UserError(f"{path}: {exc.strerror}, not a review document") from None
        raise UserError(f"{path}: cannot read ({exc.strerror or type(exc).__name__})") from None
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError:
        raise UserError(f"{path}: not a review document (nested deeper than {MAX_DEPTH} levels)") from None
    except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError is a ValueError
        raise UserError(f"{path}: not a review JSON document ({exc})") from None
    if not isinstance(doc, dict) or not str(doc.get("schema", "")).startswith("coach.review/"):
        raise UserError(f"{path}: not a coach.review document (no 'schema': 'coach.review/1')")
    try:
        check_review_doc(doc)
    except BadReview as exc:
        raise UserError(f"{path}: not a valid review document ({exc})") from None
    return doc


def load_review(path: Path) -> ReviewDoc:
    """The review document at ``path`` read back into typed objects (validated as :func:`load_review_doc`)."""
    doc = load_review_doc(path)
    try:
        return ReviewDoc.from_dict(doc)
    except BadReview as exc:
        raise UserError(f"{path}: not a valid review document ({exc})") from None


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a review holds")


def check_review_doc(doc: dict[str, Any]) -> None:
    """Raise :class:`BadReview` saying the first field that is out of bounds or of the wrong type."""
    _check_depth_and_numbers(doc)
    audio = _mapping(doc, "audio", required=True)
    _number(audio, "duration_s", "audio", 0.0, MAX_DURATION_S, required=True)
    _number(audio, "sample_rate", "audio", 0, 1_000_000)
    _number(audio, "channels", "audio", 0, 1024)
    _text(audio, "path", "audio")
    roles = _mapping(doc, "roles")
    for k, v in roles.items():
        if not isinstance(v, str) or len(v) > MAX_TEXT:
            raise BadReview(f"roles.{k} is not text")
    for key in TIMED_LISTS:
        for i, item in enumerate(_items(doc, key)):
            where = f"{key}[{i}]"
            if not isinstance(item, dict):
                raise BadReview(f"{where} is not an object")
            for t in ("start", "end"):
                _number(item, t, where, 0.0, MAX_DURATION_S)
            for t in ("text", "message", "kind", "role", "first", "second"):
                _text(item, t, where)
            if "detail" in item and not isinstance(item["detail"], dict):
                raise BadReview(f"{where}.detail is not an object")
    for i, mark in enumerate(_items(doc, "marks")):
        if not isinstance(mark, dict):
            raise BadReview(f"marks[{i}] is not an object")
        _number(mark, "at", f"marks[{i}]", 0.0, MAX_DURATION_S)
    _mapping(doc, "metrics")
    agent = _mapping(_mapping(doc, "prosody"), "agent", where="prosody")
    _number(agent, "hop_s", "prosody.agent", 0.0, 10.0)
    for key in ("pitch_hz", "loudness_db"):
        for i, v in enumerate(_items(agent, key, where="prosody.agent")):
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                raise BadReview(f"prosody.agent.{key}[{i}] is not a number")


def _check_depth_and_numbers(doc: Any) -> None:
    """Depth at most MAX_DEPTH and every number finite, without recursion (a deep document cannot
    exhaust the stack here)."""
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            raise BadReview(f"a number is {value} (too large to be a time or a count)")
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise BadReview(f"nested deeper than {MAX_DEPTH} levels")
            children = value.values() if isinstance(value, dict) else value
            stack.extend((v, depth + 1) for v in children)


def _name(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _mapping(doc: dict[str, Any], key: str, *, required: bool = False, where: str = "") -> dict[str, Any]:
    value = doc.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise BadReview(f"{_name(where, key)} is {'missing' if value is None else 'not an object'}")
    return value


def _items(doc: dict[str, Any], key: str, where: str = "") -> list[Any]:
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadReview(f"{_name(where, key)} is not a list")
    if len(value) > MAX_ITEMS:
        raise BadReview(f"{_name(where, key)} has {len(value)} entries, more than {MAX_ITEMS}")
    return value


def _number(doc: dict[str, Any], key: str, where: str, lo: float, hi: float, *, required: bool = False) -> None:
    if key not in doc:
        if required:
            raise BadReview(f"{_name(where, key)} is missing")
        return
    value = doc[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadReview(f"{_name(where, key)} is {json.dumps(value)[:40]}, not a number")
    if not lo <= value <= hi:
        raise BadReview(f"{_name(where, key)} is {value:g}, outside {lo:g}-{hi:g}")


def _text(doc: dict[str, Any], key: str, where: str) -> None:
    value = doc.get(key)
    if value is None:
        return
    if not isinstance(value, str):
        raise BadReview(f"{_name(where, key)} is {json.dumps(value)[:40]}, not text")
    if len(value) > MAX_TEXT:
        raise BadReview(f"{_name(where, key)} is {len(value)} characters, more than {MAX_TEXT}")


# ------------------------------------------------------------------------------ typed read-back


@dataclass(frozen=True)
class ReviewDoc:
    """A ``coach.review/1`` document as the sinks read it: the vocabulary's types, not raw dicts.

    Why a type of its own and not :class:`coach.review.Review`: a saved document has no decoded
    audio behind it (``Review`` holds the probe's :class:`~audio.decode.AudioInfo`), and the sinks
    must not import the module that runs the engine. ``doc`` keeps the document as read, unknown
    (additive) fields included, for the writers that pass it on (redaction, history, JSON).
    """

    path: str
    duration_s: float
    sample_rate: int
    channels: int
    roles: dict[str, str]
    turns: tuple[Turn, ...]
    overlaps: tuple[Overlap, ...]
    segments: tuple[Segment, ...]
    words: tuple[Word, ...]
    events: tuple[Event, ...]
    marks: tuple[float, ...] = ()  # call times the agent marked during a live call
    metrics: dict[str, Any] = field(default_factory=dict, hash=False)
    checklist: dict[str, Any] = field(default_factory=dict, hash=False)
    prosody: dict[str, Any] = field(default_factory=dict, hash=False)
    unknown_events: int = 0  # events of a kind this version does not know (a newer writer's): not shown
    redaction: dict[str, Any] = field(default_factory=dict, hash=False)  # {"applied": bool, "counts": {...}}
    doc: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def length_s(self) -> float:
        """The call's length: the audio's, else the last thing that happened (never 0: a scale divides by it)."""
        ends = [x.end for xs in (self.turns, self.segments, self.events) for x in xs]
        return max([self.duration_s, *ends]) or 1.0

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> ReviewDoc:
        """Typed objects from a document; :class:`BadReview` names the first entry that is not one.

        A document written before ``overlaps`` was part of it gets them from its turns (where an
        agent turn and a customer turn intersect, the one who spoke first holding the floor)."""
        check_review_doc(doc)
        audio = doc.get("audio") or {}
        try:
            turns = tuple(Turn(check_role(t["role"]), float(t["start"]), float(t["end"]))
                          for t in _items(doc, "turns"))
            overlaps = (tuple(Overlap(float(o["start"]), float(o["end"]), check_role(o["first"]),
                                      check_role(o["second"])) for o in _items(doc, "overlaps"))
                        if "overlaps" in doc else None)
            segments = tuple(Segment(check_role(s["role"]), float(s["start"]), float(s["end"]), str(s.get("text", "")))
                             for s in _items(doc, "segments"))
            if overlaps is None:  # who spoke when: the turns, else (an older document) the segments
                overlaps = overlaps_from_turns(turns or tuple(Turn(s.role, s.start, s.end) for s in segments))
            words = tuple(Word(check_role(w["role"]), float(w["start"]), float(w["end"]), str(w.get("text", "")),
                               float(w.get("p", 1.0))) for w in _items(doc, "words"))
            known = [e for e in _items(doc, "events") if e.get("kind") in EVENT_KINDS]
            events = tuple(Event.from_dict(e) for e in known)
        except KeyError as exc:
            raise BadReview(f"an entry has no {exc}") from None
        except (TypeError, ValueError) as exc:
            raise BadReview(str(exc)) from None
        marks = tuple(sorted(float(m["at"]) for m in _items(doc, "marks") if "at" in m))
        return cls(str(audio.get("path", "")), float(audio["duration_s"]), int(audio.get("sample_rate", 0)),
                   int(audio.get("channels", 0)), {str(k): str(v) for k, v in _mapping(doc, "roles").items()},
                   turns, overlaps, segments, words, events, marks, dict(_mapping(doc, "metrics")),
                   dict(_mapping(doc, "checklist")), dict(_mapping(doc, "prosody")),
                   len(_items(doc, "events")) - len(known), dict(_mapping(doc, "redaction")), doc)


def overlaps_to_dict(overlaps: tuple[Overlap, ...] | list[Overlap]) -> list[dict[str, Any]]:
    """Additive to coach.review/1: where both parties spoke at once, and who held the floor."""
    return [{"start": round(o.start, 3), "end": round(o.end, 3), "first": o.first, "second": o.second}
            for o in overlaps]


def overlaps_from_turns(turns: tuple[Turn, ...]) -> tuple[Overlap, ...]:
    """Where an agent turn and a customer turn intersect (documents older than the ``overlaps`` field)."""
    agent = [t for t in turns if t.role == "agent"]
    customer = [t for t in turns if t.role == "customer"]
    out: list[Overlap] = []
    for a in agent:
        for c in customer:
            start, end = max(a.start, c.start), min(a.end, c.end)
            if start < end:
                first: Role = "agent" if a.start <= c.start else "customer"
                out.append(Overlap(start, end, first, other_role(first)))
    return tuple(sorted(out, key=lambda o: o.start))
