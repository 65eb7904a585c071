"""Runs one batch with the fake reviewer in a process a test can kill: DIR DB [WORKERS]."""

from __future__ import annotations

import sys
from pathlib import Path

from coach.batch import collect, format_result, run_batch
from coach.config import CoachConfig
from coach.history.store import History
from tests.history.fake_reviewer import fake_reviewer


def main() -> int:
    folder, db = sys.argv[1], Path(sys.argv[2])
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    with History(db) as history:
        result = run_batch(collect(folder), CoachConfig(), history, agent="alice", workers=workers,
                           factory=fake_reviewer)
    print(format_result(result))
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
