"""`coach batch`: review many recordings in parallel, store each in the call history, resumably.

The driver hashes every recording (its identity), skips those the history already holds with the
same config hash, and hands the rest to workers: local processes (one per core) or Ray actors on
a cluster. Each worker loads the models once and reviews call after call; the driver stores each
result as it arrives (one transaction per call), so a killed batch loses at most the calls in
flight, and a rerun continues where it stopped without duplicates. A file that cannot be reviewed
is reported on one line and skipped; the batch never stops for it.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TextIO

from coach.config import CoachConfig
from coach.errors import UserError
from coach.history.store import CallRecord, History, audio_hash, config_hash
from coach.redact import redact_review

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".m4a", ".aac", ".opus", ".webm")

Reviewer = Callable[[Path], dict[str, Any]]
ReviewerFactory = Callable[[CoachConfig, int], Reviewer]
"""Builds a worker's reviewer once (models loaded here), given the config and CPU threads it may use."""


# ---------------------------------------------------------------------------- the real reviewer
def real_reviewer(config: CoachConfig, threads: int) -> Reviewer:
    """The whole review pipeline, with the worker's models: one owner, so each model is loaded once
    per worker and kept between calls (Whisper and torch get ``threads``: cores / workers)."""
    from coach.models import process_models
    from coach.review import review_file

    models = process_models(config, threads)

    def review(path: Path) -> dict[str, Any]:
        return review_file(path, config, models).to_dict()

    return review


# ---------------------------------------------------------------------------- one unit of work
@dataclass(frozen=True)
class Outcome:
    """What a worker sends back for one recording: a (redacted) review document or the reason why not."""

    path: str
    doc: dict[str, Any] | None
    error: str = ""
    seconds: float = 0.0


def _review_one(reviewer: Reviewer, path: Path, config: CoachConfig, shown: str) -> Outcome:
    t0 = time.perf_counter()
    try:
        doc = reviewer(path)
    except UserError as exc:
        return Outcome(shown, None, str(exc).replace(str(path), shown), time.perf_counter() - t0)
    except Exception as exc:  # noqa: BLE001 - a bad file must never stop the batch
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
        return Outcome(shown, None, f"{shown}: review failed: {type(exc).__name__}: {exc}{where}",
                       time.perf_counter() - t0)
    doc.setdefault("audio", {})["path"] = shown
    doc = redact_review(doc, config.redact)
    return Outcome(shown, doc, "", time.perf_counter() - t0)


_worker: dict[str, Any] = {}


def _init_worker(factory: ReviewerFactory, config: CoachConfig, threads: int) -> None:
    _worker["review"] = factory(config, threads)
    _worker["config"] = config


def _work(path: str) -> Outcome:
    return _review_one(_worker["review"], Path(path), _worker["config"], path)


# ---------------------------------------------------------------------------- inputs
def collect(spec: str) -> list[Path]:
    """Recordings named by a folder (searched recursively) or a glob pattern, sorted."""
    p = Path(spec).expanduser()
    if p.is_dir():
        found = [f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in AUDIO_SUFFIXES]
    elif p.is_file():
        found = [p]
    else:
        found = [Path(f) for f in glob.glob(str(p), recursive=True) if Path(f).is_file()]
        if not found and not glob.has_magic(spec):
            raise UserError(f"{spec}: no such file or folder")
    return sorted(found)


def agent_for(path: Path, pattern: str, default: str) -> str:
    """The agent id for a recording: the configured pattern's first group, else ``default``."""
    if pattern:
        m = re.search(pattern, str(path))
        if m and m.groups() and m.group(1):
            return m.group(1)
    return default


# ---------------------------------------------------------------------------- progress
class Progress:
    """Calls done of total, rate (calls/min) and ETA; redrawn in place on a terminal, else a line every few s."""

    def __init__(self, total: int, out: TextIO, width: int = 28) -> None:
        self.total, self.out, self.width = total, out, width
        self.done = self.failed = 0
        self.t0 = time.monotonic()
        self._last = 0.0
        self._tty = out.isatty()

    def step(self, failed: bool = False) -> None:
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if self.done == self.total or self._tty or now - self._last >= 2.0:
            self._last = now
            self.draw()

    def line(self) -> str:
        elapsed = max(1e-9, time.monotonic() - self.t0)
        rate = self.done / elapsed * 60.0
        left = self.total - self.done
        eta = left / (self.done / elapsed) if self.done else float("nan")
        eta_s = "--:--" if eta != eta else f"{int(eta) // 60:02d}:{int(eta) % 60:02d}"
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        failed = f"  {self.failed} failed" if self.failed else ""
        return f"[{bar}] {self.done}/{self.total} calls  {rate:.1f} calls/min  ETA {eta_s}{failed}"

    def draw(self) -> None:
        end = "" if self._tty and self.done < self.total else "\n"
        self.out.write(("\r" if self._tty else "") + self.line() + end)
        self.out.flush()


# ---------------------------------------------------------------------------- the batch
@dataclass
class BatchResult:
    """What a batch did; ``audio_s`` and ``wall_s`` give its real-time factor."""

    total: int = 0
    skipped: int = 0
    reviewed: int = 0
    failed: list[str] = field(default_factory=list)
    audio_s: float = 0.0
    wall_s: float = 0.0

    @property
    def calls_per_min(self) -> float:
        return self.reviewed / self.wall_s * 60.0 if self.wall_s else 0.0

    @property
    def rtf(self) -> float:
        """Wall time per second of audio (below 1: faster than real time)."""
        return self.wall_s / self.audio_s if self.audio_s else 0.0


@dataclass(frozen=True)
class _Job:
    path: Path
    sha: str
    agent: str
    call_time: float


def run_batch(files: list[Path], config: CoachConfig, history: History, *, agent: str = "unknown",
              engine: str = "local", address: str = "", workers: int = 0,
              factory: ReviewerFactory = real_reviewer, out: TextIO = sys.stderr) -> BatchResult:
    """Review ``files`` (skipping those already in ``history`` with this config) and store each result."""
    t0 = time.perf_counter()
    result = BatchResult(total=len(files))
    chash = config_hash(config)
    done = history.reviewed(chash)
    jobs: list[_Job] = []
    for f in files:
        try:
            sha = audio_hash(f)
            mtime = f.stat().st_mtime
        except OSError as exc:
            result.failed.append(f"{f}: cannot read ({exc.strerror or exc})")
            print(f"coach: {result.failed[-1]}", file=out)
            continue
        if sha in done:
            result.skipped += 1
            continue
        done.add(sha)  # the same recording twice in one batch is reviewed once
        jobs.append(_Job(f, sha, agent_for(f, config.history.agent_pattern, agent), mtime))
    if result.skipped:
        print(f"{result.skipped} of {len(files)} calls already in the history with this config: skipped", file=out)
    if not jobs:
        result.wall_s = time.perf_counter() - t0
        return result
    progress = Progress(len(jobs), out)
    by_path = {str(j.path): j for j in jobs}

    def store(o: Outcome) -> None:
        job = by_path[o.path]
        if o.doc is None:
            result.failed.append(o.error or f"{o.path}: review failed")
            out.write(("\n" if progress._tty else "") + f"coach: {result.failed[-1]} (skipped)\n")
        else:
            try:
                history.put(CallRecord(job.sha, chash, o.path, job.agent, job.call_time, o.doc))
            except UserError as exc:  # a read-only or locked history: said, and the batch goes on
                result.failed.append(f"{o.path}: reviewed, but not stored in the history: {exc}")
                out.write(("\n" if progress._tty else "") + f"coach: {result.failed[-1]}\n")
                progress.step(failed=True)
                return
            result.reviewed += 1
            result.audio_s += float(o.doc.get("audio", {}).get("duration_s", 0.0))
        progress.step(failed=o.doc is None)

    run = _run_ray if engine == "ray" else _run_local
    for outcome in run([str(j.path) for j in jobs], config, factory, workers, address):
        store(outcome)
    result.wall_s = time.perf_counter() - t0
    return result


def _threads(workers: int) -> int:
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def _run_local(paths: list[str], config: CoachConfig, factory: ReviewerFactory, workers: int,
               address: str) -> Iterator[Outcome]:
    """Worker processes (spawned: no model library state is forked). A crashed worker breaks the pool;
    the calls it took down are retried one at a time, so only the file that crashes it is failed."""
    n = min(workers or os.cpu_count() or 1, len(paths))
    ctx = get_context("spawn")
    suspects: list[str] = []
    with ProcessPoolExecutor(n, mp_context=ctx, initializer=_init_worker,
                             initargs=(factory, config, _threads(n))) as pool:
        futures: dict[Future[Outcome], str] = {pool.submit(_work, p): p for p in paths}
        for fut in _as_completed(futures):
            try:
                yield fut.result()
            except BrokenProcessPool:
                suspects.append(futures[fut])
    for path in suspects:  # one fresh single-worker pool each: the culprit is the only call in flight
        with ProcessPoolExecutor(1, mp_context=ctx, initializer=_init_worker,
                                 initargs=(factory, config, _threads(1))) as pool:
            try:
                yield pool.submit(_work, path).result()
            except BrokenProcessPool:
                yield Outcome(path, None, f"{path}: the review worker crashed on this file")


def _as_completed(futures: dict[Future[Outcome], str]) -> Iterator[Future[Outcome]]:
    from concurrent.futures import as_completed

    yield from as_completed(futures)


# ---------------------------------------------------------------------------- Ray
def _ray_worker_class() -> Any:
    import ray

    @ray.remote(num_cpus=1)
    class ReviewWorker:
        """One Ray actor: models loaded once in ``__init__``, then one call per ``review``.

        The recording travels as bytes, so cluster nodes need no shared file system.
        """

        def __init__(self, factory: ReviewerFactory, config: CoachConfig, threads: int) -> None:
            import coach  # noqa: F401 - offline switches before any model library loads

            self.review_fn = factory(config, threads)
            self.config = config

        def review(self, shown: str, data: bytes) -> Outcome:
            suffix = Path(shown).suffix
            with tempfile.TemporaryDirectory(prefix="coach-ray-") as tmp:
                path = Path(tmp) / f"call{suffix}"
                path.write_bytes(data)
                return _review_one(self.review_fn, path, self.config, shown)

    return ReviewWorker


def _run_ray(paths: list[str], config: CoachConfig, factory: ReviewerFactory, workers: int,
             address: str) -> Iterator[Outcome]:
    """The same work on Ray actors: local Ray when ``address`` is empty, else the cluster there."""
    try:
        import ray
        from ray.exceptions import RayError
    except ImportError:
        raise UserError("--engine ray: the ray package is not installed") from None
    started = not ray.is_initialized()
    if started:
        try:
            ray.init(address=address or None, num_cpus=None if address else (workers or os.cpu_count()),
                     object_store_memory=None if address else 256 << 20, include_dashboard=False,
                     log_to_driver=False, logging_level=logging.ERROR, configure_logging=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise UserError(f"--address {address or '(local)'}: cannot reach a Ray cluster ({exc})") from None
    try:
        n = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        n = min(n, len(paths))
        worker_cls = _ray_worker_class()

        def spawn() -> Any:
            return worker_cls.remote(factory, config, _threads(n) if not address else 1)

        idle = [spawn() for _ in range(n)]
        queue = list(reversed(paths))
        inflight: dict[Any, tuple[Any, str]] = {}
        while queue or inflight:
            while idle and queue:
                path = queue.pop()
                actor = idle.pop()
                try:
                    data = Path(path).read_bytes()
                except OSError as exc:
                    idle.append(actor)
                    yield Outcome(path, None, f"{path}: cannot read ({exc.strerror or exc})")
                    continue
                inflight[actor.review.remote(path, data)] = (actor, path)
            if not inflight:
                continue
            ready, _ = ray.wait(list(inflight), num_returns=1)
            actor, path = inflight.pop(ready[0])
            try:
                outcome: Outcome = ray.get(ready[0])
            except RayError as exc:
                outcome = Outcome(path, None, f"{path}: the review worker failed ({type(exc).__name__})")
                actor = spawn()
            idle.append(actor)
            yield outcome
    finally:
        if started:
            ray.shutdown()


def format_result(result: BatchResult) -> str:
    return (f"{result.reviewed} reviewed, {result.skipped} already in the history, {len(result.failed)} failed, "
            f"of {result.total} calls; {result.calls_per_min:.1f} calls/min, "
            f"{result.audio_s:.0f} s of audio in {result.wall_s:.0f} s (RTF {result.rtf:.3f})")
