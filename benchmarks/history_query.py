"""History query time for the per-agent trend view, with 100,000 generated calls.

Usage: .venv/bin/python -m benchmarks.history_query [--calls 100000] [--agents 50]
Generates calls spread over a year for ``--agents`` agents (metrics drawn at random, a 1 KB
review JSON each) into a fresh SQLite history, then times what `coach history` runs: the weekly
trend of all agents, of one agent, of the last 30 days, the daily trend of one agent, and the
formatting. Median of 5 runs each.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from coach.history.store import History
from coach.history.trends import format_trends, trend_rows

DAY = 86400.0


def timed(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--agents", type=int, default=50)
    args = ap.parse_args()
    rng = random.Random(0)
    now = time.time()
    filler = json.dumps({"schema": "coach.review/1", "segments": [{"text": "x" * 900}]})
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "h.sqlite3"
        with History(db) as h:
            t0 = time.perf_counter()
            rows = []
            for i in range(args.calls):
                interruptions = rng.randint(0, 4)
                rows.append((f"{i:064x}", "bench", f"calls/{i}.wav", f"agent{rng.randrange(args.agents):03d}",
                             now - rng.random() * 365 * DAY, now, rng.uniform(60, 900), "{}",
                             json.dumps({"interruptions": interruptions}), filler, 1, interruptions,
                             rng.randint(0, 3), rng.randint(0, 2), rng.uniform(0.3, 0.7),
                             rng.choice((0.0, 0.0, rng.uniform(5, 120))), "coach.review/1"))
            h.put_many_raw(rows)
            insert_s = time.perf_counter() - t0
            size_mb = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
            cases: list[tuple[str, Callable[[], object]]] = [
                ("weekly trend, all agents", lambda: trend_rows(h)),
                ("weekly trend, one agent", lambda: trend_rows(h, agent="agent007")),
                ("weekly trend, last 30 days", lambda: trend_rows(h, since=now - 30 * DAY)),
                ("daily trend, one agent", lambda: trend_rows(h, agent="agent007", by="day")),
                ("table + chart, all agents", lambda: format_trends(trend_rows(h))),
            ]
            results = [(name, timed(fn)) for name, fn in cases]
    print(f"{args.calls} calls, {args.agents} agents, one year; generated and inserted in {insert_s:.1f} s, "
          f"database {size_mb:.0f} MB")
    print(f"{'query':<28} {'median ms':>10}")
    for name, s in results:
        print(f"{name:<28} {s * 1000:>10.1f}")


if __name__ == "__main__":
    main()
