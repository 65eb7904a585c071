"""Command-line handlers for review at scale: `coach report`, `coach history`, `coach batch`.

Kept out of :mod:`coach.cli` so that module stays a thin parser; ``add_commands`` registers
these sub-commands and ``review_outputs`` is what `coach review` does after its summary.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.atomic import check_writable, write_json_atomic, write_text_atomic
from coach.config import CoachConfig
from coach.errors import UserError

if TYPE_CHECKING:
    from coach.cli_review import ReviewRequest
    from coach.review import Review


def with_redaction_flag(args: argparse.Namespace | ReviewRequest, config: CoachConfig) -> CoachConfig:
    """``--no-redact`` turns redaction off for this run only."""
    if getattr(args, "no_redact", False):
        return dataclasses.replace(config, redact=dataclasses.replace(config.redact, enabled=False))
    return config


def review_outputs(args: argparse.Namespace | ReviewRequest, config: CoachConfig, doc: dict[str, Any],
                   call: Path) -> None:
    """After `coach review`: the (redacted) JSON if asked, and the call stored in the history.

    A history that cannot be written is a warning, not a failed review.
    """
    from coach.batch import agent_for
    from coach.history.store import CallRecord, History, audio_hash, config_hash
    from coach.redact import redact_review

    config = with_redaction_flag(args, config)
    doc = redact_review(doc, config.redact)
    if args.json:
        write_json_atomic(Path(args.json), doc)
        print(f"review written to {args.json}")
    if getattr(args, "no_history", False):
        return
    try:
        with History.open(config) as history:
            agent = args.agent or agent_for(call, config.history.agent_pattern, "unknown")
            history.put(CallRecord(audio_hash(call), config_hash(config), str(call), agent, call.stat().st_mtime, doc))
    except (UserError, OSError) as exc:
        print(f"coach: warning: review not stored in the history: {exc}", file=sys.stderr)


def redacted_for_display(review: Review, args: argparse.Namespace | ReviewRequest, config: CoachConfig) -> Review:
    """The review `coach review` prints, redacted exactly as its JSON is: the document goes through
    :func:`coach.redact.redact_review` (the one redaction path) and is read back typed."""
    from coach.redact import redact_review
    from coach.review_doc import ReviewDoc

    red = with_redaction_flag(args, config).redact
    if not red.enabled:
        return review
    shown = ReviewDoc.from_dict(redact_review(review.to_dict(), red))
    return dataclasses.replace(review, segments=shown.segments, words=shown.words, events=shown.events,
                               checklist=shown.checklist)


def load_review(source: Path, config: CoachConfig) -> dict[str, Any]:
    """A review JSON as is, or a recording reviewed now."""
    if source.suffix.lower() == ".json":
        if not source.exists() and not source.is_symlink():
            raise UserError(f"{source}: no such file")
        from coach.review_doc import load_review_doc

        return load_review_doc(source)  # bounds, types, depth: checked before any renderer sees it
    from coach.models import process_models
    from coach.review import review_file

    return review_file(source, config, process_models(config)).to_dict()


def _cmd_report(args: argparse.Namespace, config: CoachConfig) -> int:
    from coach.redact import redact_review
    from coach.report.html import render_html
    from coach.report.markdown import render_markdown
    from coach.review_doc import BadReview, ReviewDoc

    if not args.html and not args.md:
        raise UserError("report: say where to write it: --html OUT.html and/or --md OUT.md")
    for out in filter(None, (args.html, args.md)):
        check_writable(Path(out))  # said now, not after reviewing a recording
    config = with_redaction_flag(args, config)
    source = Path(args.source)
    doc = load_review(source, config)
    try:
        review = ReviewDoc.from_dict(redact_review(doc, config.redact))  # the reports read it typed
        html = render_html(review) if args.html else ""
        md = render_markdown(review) if args.md else ""
    except BadReview as exc:
        raise UserError(f"{source}: not a valid review document ({exc})") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UserError(f"{source}: malformed review document ({type(exc).__name__}: {exc})") from None
    if args.html:
        write_text_atomic(Path(args.html), html)
        print(f"HTML report written to {args.html}")
    if args.md:
        write_text_atomic(Path(args.md), md)
        print(f"Markdown summary written to {args.md}")
    return 0


def _cmd_history(args: argparse.Namespace, config: CoachConfig) -> int:
    from coach.history.store import History
    from coach.history.trends import format_trends, parse_since, trend_rows, trends_csv

    since = parse_since(args.since)
    with History.open(config) as history:
        rows = trend_rows(history, agent=args.agent, since=since, by=args.by)
    if args.csv:
        text = trends_csv(rows)
        if args.csv == "-":
            sys.stdout.write(text)
        else:
            write_text_atomic(Path(args.csv), text)
            print(f"{len(rows)} rows written to {args.csv}")
    else:
        print(format_trends(rows, by=args.by))
    return 0


def _cmd_batch(args: argparse.Namespace, config: CoachConfig) -> int:
    from coach.batch import collect, format_result, run_batch
    from coach.history.store import History

    config = with_redaction_flag(args, config)
    files = collect(args.source)
    if not files:
        raise UserError(f"{args.source}: no recordings found")
    engine = args.engine or config.batch.engine
    address = args.address if args.address is not None else config.batch.address
    workers = args.workers if args.workers is not None else config.batch.workers
    with History.open(config) as history:
        t0 = time.perf_counter()
        result = run_batch(files, config, history, agent=args.agent or "unknown", engine=engine,
                           address=address, workers=workers)
        result.wall_s = result.wall_s or time.perf_counter() - t0
    print(format_result(result))
    return 1 if result.failed else 0


def add_commands(sub: Any) -> None:
    """Register report, history and batch on the ``coach`` sub-command parser."""
    p = sub.add_parser("report", help="an HTML report (self-contained) and/or Markdown summary of one call")
    p.add_argument("source", metavar="CALL_OR_REVIEW_JSON", help="a recording (reviewed first) or a review JSON")
    p.add_argument("--html", metavar="OUT.html", help="write the self-contained HTML report here")
    p.add_argument("--md", metavar="OUT.md", help="write a short Markdown summary here")
    p.add_argument("--no-redact", action="store_true", help="keep numbers, e-mails and addresses as spoken")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("history", help="per-agent trends from the call history")
    p.add_argument("--agent", help="only this agent")
    p.add_argument("--since", metavar="DATE", help="only calls on or after this date (YYYY-MM-DD)")
    p.add_argument("--by", choices=("day", "week", "month"), default="week", help="trend period (default week)")
    p.add_argument("--csv", metavar="OUT", nargs="?", const="-", help="CSV per agent and period (to OUT or stdout)")
    p.set_defaults(func=_cmd_history)

    p = sub.add_parser("batch", help="review many recordings in parallel into the history (resumable)")
    p.add_argument("source", metavar="DIR_OR_GLOB", help="a folder (searched recursively) or a glob pattern")
    p.add_argument("--agent", help="agent id for these calls (else [history] agent_pattern, else 'unknown')")
    p.add_argument("--engine", choices=("local", "ray"), help="local processes or a Ray cluster ([batch] engine)")
    p.add_argument("--address", help="Ray cluster address, e.g. 10.0.0.5:6379 (empty: a local Ray)")
    p.add_argument("--workers", type=int, help="parallel workers (default: one per core)")
    p.add_argument("--no-redact", action="store_true", help="store transcripts unredacted")
    p.set_defaults(func=_cmd_batch)
