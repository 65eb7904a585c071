"""`coach review` and `coach sessions review`: one request type, one function that reviews.

Why a module of its own: both commands review a recording the same way (summary, JSON, history,
``--ui``), so both call :func:`run_review` with a :class:`ReviewRequest`; neither builds an argparse
Namespace by hand, and :mod:`coach.cli_sessions` does not import :mod:`coach.cli` (which imports it).
"""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass
from pathlib import Path

from coach.config import CoachConfig
from coach.errors import UserError


@dataclass(frozen=True)
class ReviewRequest:
    """What to review and what to do with the result: the options :func:`add_review_options` adds."""

    call: Path  # a recording, or (with ``ui``) a saved review JSON
    json: str | None = None  # also write the coach.review/1 document here
    no_redact: bool = False
    agent: str | None = None  # agent id stored with the call in the history
    no_history: bool = False
    ui: bool = False
    marks: tuple[float, ...] = ()  # a recorded session's marked moments

    @classmethod
    def from_args(cls, args: argparse.Namespace, call: Path | None = None) -> ReviewRequest:
        """The request a parsed command line makes (``call``: a recording other than ``args.call``)."""
        return cls(call if call is not None else Path(args.call), args.json, bool(args.no_redact), args.agent,
                   bool(args.no_history), bool(args.ui))


def add_review_options(p: argparse.ArgumentParser, ui_help: str) -> None:
    """The options of every command that reviews a recording (`review`, `sessions review`), in one place."""
    p.add_argument("--json", metavar="OUT", help="also write the coach.review/1 document to OUT")
    p.add_argument("--no-redact", action="store_true", help="keep numbers, e-mails and addresses as spoken")
    p.add_argument("--agent", help="agent id stored with the call in the history")
    p.add_argument("--no-history", action="store_true", help="do not store the review in the call history")
    p.add_argument("--ui", action="store_true", help=ui_help)


def cmd_review(args: argparse.Namespace, config: CoachConfig) -> int:
    """``coach review CALL``."""
    return run_review(ReviewRequest.from_args(args), config)


def run_review(request: ReviewRequest, config: CoachConfig) -> int:
    """Review ``request.call``: the (redacted) summary printed, the JSON and history as asked, or the screen."""
    from coach.atomic import check_writable
    from coach.cli_scale import redacted_for_display, review_outputs
    from coach.models import process_models
    from coach.review import format_summary, review_file

    if request.json:
        check_writable(Path(request.json))  # said now, not after a long review
    if request.ui:
        return _review_ui(request, config)
    review = review_file(request.call, config, process_models(config))
    if request.marks:
        review = dataclasses.replace(review, marks=request.marks)
    print(format_summary(redacted_for_display(review, request, config)))
    review_outputs(request, config, review.to_dict(), request.call)  # redacted JSON, history
    return 0


def _review_ui(request: ReviewRequest, config: CoachConfig) -> int:
    """``coach review CALL --ui``: the review screen, on a recording (reviewed now) or a saved review JSON."""
    from coach.cli_scale import load_review, review_outputs, with_redaction_flag
    from coach.cli_terminal import run_screen
    from coach.redact import redact_review
    from coach.review import marks_doc
    from coach.review_doc import BadReview, ReviewDoc
    from coach.ui.app import CoachApp
    from coach.ui.playback import find_recording

    call = request.call
    doc = load_review(call, config)
    if request.marks:
        doc["marks"] = marks_doc(request.marks)
    is_json = call.suffix.lower() == ".json"
    if not is_json:
        review_outputs(request, config, doc, call)  # the same JSON and history as without --ui
    try:  # what the screen shows: the redacted document, read back into typed objects
        review = ReviewDoc.from_dict(redact_review(doc, with_redaction_flag(request, config).redact))
    except BadReview as exc:
        raise UserError(f"{call}: not a valid review document ({exc})") from None
    recording = find_recording(review.path, call) if is_json else call  # for playback; None: the screen says so
    run_screen(CoachApp(review=review, recording=recording, config=config.ui))
    return 0
