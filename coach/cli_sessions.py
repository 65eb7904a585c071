"""`coach sessions`: recorded live sessions, recovered after a crash, and reviewed like any call.

Kept out of :mod:`coach.cli` so that module stays a thin parser; ``add_commands`` registers the
sub-command, and the live commands (`coach live`, `coach replay`) call :func:`recover_at_start`
and :func:`start_recording` / :func:`finish_recording` around their session.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.cli_review import ReviewRequest, add_review_options, run_review
from coach.config import CoachConfig
from coach.errors import UserError

if TYPE_CHECKING:
    from coach.session.recorder import SessionRecorder


def recover_at_start(config: CoachConfig) -> None:
    """Repair the sessions a killed ``coach`` left behind and say so, one line each; never fatal."""
    from coach.session.store import recover_interrupted

    root = config.session.resolved_dir()
    notices: list[str] = []
    try:
        recovered = recover_interrupted(root, notices)
    except OSError as exc:
        print(f"coach: warning: {root}: interrupted sessions not checked ({exc.strerror or exc})", file=sys.stderr)
        return
    for notice in notices:  # a session that cannot be read or repaired: skipped, said, never fatal
        print(f"coach: warning: {notice}", file=sys.stderr)
    for info in recovered:
        print(f"coach: recovered an interrupted session: {info.id} ({info.duration_s:.1f} s recorded); "
              f"review it with `coach sessions review {info.id}`", file=sys.stderr)


def start_recording(config: CoachConfig, sample_rate: int, channels: int, source: str) -> SessionRecorder | None:
    """The session's recorder, or None when ``[session] record`` is off; a folder that cannot be
    written is a one-line error before the call starts (a call must not run unrecorded by surprise)."""
    from coach.session.recorder import SessionRecorder

    if not config.session.record:
        return None
    root = config.session.resolved_dir()
    try:
        return SessionRecorder.create(root, sample_rate=sample_rate, channels=channels, source=source, config=config)
    except OSError as exc:
        raise UserError(f"{exc.filename or root}: cannot record the session ({exc.strerror or exc}); "
                        "set [session] dir, or [session] record = false") from None


def finish_recording(recorder: SessionRecorder | None) -> None:
    """After the call: the session closed as ended, and where it is said (the agent's marks are in
    it already: the dashboard hands each to the session as it is made)."""
    if recorder is None:
        return
    recorder.finish()
    if recorder.error:
        print(f"coach: {recorder.error}", file=sys.stderr)
    print(f"session recorded: {recorder.path} ({recorder.duration_s:.1f} s); `coach sessions review {recorder.id}`")


def _cmd_sessions(args: argparse.Namespace, config: CoachConfig) -> int:
    from coach.session.store import format_sessions_table, list_sessions

    recover_at_start(config)
    print(format_sessions_table(list_sessions(config.session.resolved_dir())))
    return 0


def _cmd_sessions_review(args: argparse.Namespace, config: CoachConfig) -> int:
    """Review a session's recording exactly as `coach review` reviews a file (same summary, JSON, history, --ui)."""
    from coach.session.store import find_session, linked_file, read_marks, recover_session

    info = find_session(config.session.resolved_dir(), args.id)
    linked = linked_file(info.path)
    if linked:
        raise UserError(f"{info.path}: {linked} is a symlink; a session's files must be its own")
    if info.state == "interrupted":
        try:
            info = recover_session(info.path) or info
        except OSError as exc:  # a file of the session we may not write: said, not a traceback
            raise UserError(f"{exc.filename or info.path}: session not repaired ({exc.strerror or exc})") from None
    if info.state == "recording":
        raise UserError(f"{info.path}: session {info.id} is still recording (pid {info.manifest.get('pid', '?')})")
    if info.state == "broken" or not info.audio.exists():
        raise UserError(f"{info.path}: not a readable session (no session.json or audio.wav)")
    if info.duration_s <= 0:
        raise UserError(f"{info.audio}: the session recorded no audio")
    # The recording keeps the source's columns: its agent channel is the one it was recorded with.
    agent = int(info.manifest.get("agent_channel", 0))
    config = dataclasses.replace(config, audio=dataclasses.replace(config.audio, agent_channel=agent, channels=""))
    # The moments the agent marked during the call go into the review (summary, JSON, history, screen).
    request = dataclasses.replace(ReviewRequest.from_args(args, call=Path(info.audio)),
                                  marks=tuple(read_marks(info.events)))
    return run_review(request, config)


def add_commands(sub: Any) -> None:
    """Register ``sessions`` (list, recovering interrupted ones first) and ``sessions review ID``."""
    p = sub.add_parser("sessions", help="recorded live sessions (interrupted ones are recovered first)")
    p.set_defaults(func=_cmd_sessions)
    inner = p.add_subparsers(dest="sessions_command")
    r = inner.add_parser("review", help="review a recorded session like `coach review` reviews a file")
    r.add_argument("id", help="session id (or a unique start of it, or the session folder)")
    add_review_options(r, ui_help="open the review screen")
    r.set_defaults(func=_cmd_sessions_review)
