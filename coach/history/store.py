"""The call history: every stored review in one SQLite file, schema versioned with migrations.

One row per call, keyed by the SHA-256 of the recording's bytes, so re-reviewing a call (with the
same or a new config) replaces its row and its events instead of adding a duplicate; the config
hash stored beside it lets `coach batch` skip calls already reviewed with the same config. The
numbers the trend view aggregates are columns (indexed by agent and call time), so the per-agent
trends over 100,000 calls are one grouped query. Review JSON is redacted before it is written.
The folder is created user-only (0700) and the file 0600: transcripts are personal data.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.config import CoachConfig, HistoryConfig, RedactConfig
from coach.errors import UserError
from coach.paths import private_file
from coach.redact import redact_review
from coach.review_doc import BadReview, ReviewDoc

# Each entry upgrades the schema by one version (PRAGMA user_version); never edit a released one.
MIGRATIONS: tuple[str, ...] = (
    # 1: calls and their events
    """
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        audio_sha256 TEXT NOT NULL UNIQUE,
        config_hash TEXT NOT NULL,
        path TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        call_time REAL NOT NULL,
        reviewed_at REAL NOT NULL,
        duration_s REAL NOT NULL,
        roles_json TEXT NOT NULL,
        metrics_json TEXT NOT NULL,
        review_json TEXT NOT NULL,
        redacted INTEGER NOT NULL,
        interruptions INTEGER NOT NULL,
        empathy INTEGER NOT NULL,
        missing_empathy INTEGER NOT NULL,
        agent_talk_ratio REAL NOT NULL,
        cold_tone_s REAL NOT NULL
    );
    CREATE INDEX calls_agent_time ON calls (agent_id, call_time);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        role TEXT NOT NULL,
        start REAL NOT NULL,
        "end" REAL NOT NULL,
        message TEXT NOT NULL,
        detail_json TEXT NOT NULL
    );
    CREATE INDEX events_call ON events (call_id);
    """,
    # 2: which review schema a row holds (a later coach.review/2 can be told apart); events by kind
    """
    ALTER TABLE calls ADD COLUMN review_schema TEXT NOT NULL DEFAULT 'coach.review/1';
    CREATE INDEX events_kind ON events (kind);
    """,
    # 3: a covering index for the trend view: the per-agent aggregate reads the index, never the
    # rows with their review JSON (100,000 calls, all agents, weekly: 570 ms -> 177 ms; benchmarks/history_query.py)
    """
    CREATE INDEX calls_trend ON calls (agent_id, call_time, interruptions, empathy, missing_empathy,
                                       agent_talk_ratio, cold_tone_s);
    DROP INDEX calls_agent_time;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# Sections that change what a review finds; the others (where things are stored, how the batch
# runs, live capture, the dashboard) do not make a stored review stale.
_NOT_REVIEW_SECTIONS = ("history", "batch", "live", "ui", "session")


def config_hash(config: CoachConfig) -> str:
    """A short fingerprint of everything in the config that changes a review's content."""
    data = {k: v for k, v in dataclasses.asdict(config).items() if k not in _NOT_REVIEW_SECTIONS}
    data.get("models", {}).pop("cache_dir", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def audio_hash(path: Path) -> str:
    """SHA-256 of the recording's bytes: the call's identity, whatever its name or folder."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass(frozen=True)
class CallRecord:
    """One reviewed call, ready to store."""

    audio_sha256: str
    config_hash: str
    path: str
    agent_id: str
    call_time: float
    review: dict[str, Any]
    reviewed_at: float = 0.0


class History:
    """The SQLite call history. Single writer (the process that runs the batch or review)."""

    def __init__(self, path: Path, redact: RedactConfig | None = None) -> None:
        self.path = path
        self.redact = redact or RedactConfig()
        try:
            private_file(path)  # folders 0700, file 0600, before SQLite opens it (it keeps the mode it finds)
            self._db = sqlite3.connect(str(path), timeout=30.0)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except (OSError, sqlite3.DatabaseError) as exc:
            raise UserError(f"{path}: cannot open the call history ({exc})") from None

    @classmethod
    def open(cls, config: CoachConfig) -> History:
        return cls(config.history.resolved_path(), config.redact)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ schema
    @property
    def version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.version
        if current > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"schema version {current} is newer than this coach ({SCHEMA_VERSION})")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            script = MIGRATIONS[version - 1]
            with self._db:  # one transaction per step: a failed step leaves the previous version
                for statement in filter(str.strip, script.split(";")):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version}")

    # ------------------------------------------------------------------ writing
    def put(self, record: CallRecord) -> int:
        """Store a reviewed call (redacted unless redaction is off), replacing an earlier review of it.

        A history that cannot take it (a read-only or immutable file, a full disk, a lock another
        process holds past the timeout) is a one-line :class:`UserError`; nothing is half-stored.
        """
        try:
            return self._put(record)
        except sqlite3.Error as exc:
            raise UserError(f"{self.path}: cannot store the call ({exc})") from None

    def _put(self, record: CallRecord) -> int:
        doc = record.review
        if self.redact.enabled or not doc.get("redaction", {}).get("applied"):
            doc = redact_review(doc, self.redact)  # again when redacted before: what it stores is redacted now
        try:  # the counts and the events table come from the typed review; review_json keeps it all
            review = ReviewDoc.from_dict(doc)
        except BadReview as exc:
            raise UserError(f"{record.path}: not stored in the history ({exc})") from None
        events = review.events

        def count(kind: str) -> int:
            return sum(1 for e in events if e.kind == kind)

        metrics = review.metrics
        cold_s = sum(e.duration for e in events if e.kind == "cold_tone")
        row = (record.audio_sha256, record.config_hash, record.path, record.agent_id, record.call_time,
               record.reviewed_at or time.time(), review.duration_s,
               json.dumps(review.roles), json.dumps(metrics), json.dumps(doc),
               int(bool(review.redaction.get("applied"))),
               int(metrics.get("interruptions", count("interruption"))), count("empathy"),
               count("missing_empathy"), float(metrics.get("agent_talk_ratio", 0.0)), cold_s,
               str(doc.get("schema", "coach.review/1")))
        with self._db:
            self._db.execute("DELETE FROM calls WHERE audio_sha256 = ?", (record.audio_sha256,))
            cur = self._db.execute(
                "INSERT INTO calls (audio_sha256, config_hash, path, agent_id, call_time, reviewed_at, duration_s,"
                " roles_json, metrics_json, review_json, redacted, interruptions, empathy, missing_empathy,"
                " agent_talk_ratio, cold_tone_s, review_schema) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row)
            call_id = int(cur.lastrowid or 0)
            self._db.executemany(
                'INSERT INTO events (call_id, kind, role, start, "end", message, detail_json) VALUES (?,?,?,?,?,?,?)',
                [(call_id, e.kind, e.role, e.start, e.end, e.message, json.dumps(e.detail)) for e in events])
        return call_id

    def put_many_raw(self, rows: Iterable[Sequence[Any]]) -> None:
        """Bulk insert of pre-built call rows (benchmarks and imports): the columns of ``put``, no events."""
        with self._db:
            self._db.executemany(
                "INSERT INTO calls (audio_sha256, config_hash, path, agent_id, call_time, reviewed_at, duration_s,"
                " roles_json, metrics_json, review_json, redacted, interruptions, empathy, missing_empathy,"
                " agent_talk_ratio, cold_tone_s, review_schema) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    # ------------------------------------------------------------------ reading
    def reviewed(self, config_hash_: str) -> set[str]:
        """Audio hashes already reviewed with this config (what a resumed batch skips)."""
        rows = self._db.execute("SELECT audio_sha256 FROM calls WHERE config_hash = ?", (config_hash_,))
        return {r[0] for r in rows}

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM calls").fetchone()[0])

    def review(self, audio_sha256: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT review_json FROM calls WHERE audio_sha256 = ?", (audio_sha256,)).fetchone()
        return json.loads(row[0]) if row else None

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Read-only access for the trend view (coach.history.trends)."""
        return list(self._db.execute(sql, params))


def open_history(config: HistoryConfig, redact: RedactConfig) -> History:
    return History(config.resolved_path(), redact)
