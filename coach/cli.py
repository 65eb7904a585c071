"""The ``coach`` command line: parses, builds config, calls one function, maps errors to exit 2.

Every user-facing failure is a :class:`UserError` (or a known subclass) printed as one line
``coach: <file>: <problem>`` with exit code 2; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from coach.cli_review import add_review_options, cmd_review
from coach.cli_sessions import add_commands as add_session_commands
from coach.cli_sessions import finish_recording, recover_at_start, start_recording
from coach.cli_terminal import Terminated, run_screen, terminal_guard
from coach.config import CoachConfig, ConfigError, load_config, to_toml
from coach.errors import OutputError, UserError
from coach.models import ModelMissing

Handler = Callable[[argparse.Namespace, CoachConfig], int]


def _cmd_models(args: argparse.Namespace, config: CoachConfig) -> int:
    from coach.modelcheck import check_models, format_models_table

    rows = check_models(config.models, try_load=not args.no_load)
    if not args.check_only:
        print(format_models_table(rows))
    failed = [r for r in rows if r.error]
    for r in failed:
        print(f"coach: {r.error}", file=sys.stderr)
    return 2 if failed else 0


def _cmd_config(args: argparse.Namespace, config: CoachConfig) -> int:
    print(to_toml(config), end="")
    return 0


def _cmd_eval(args: argparse.Namespace, config: CoachConfig) -> int:
    from coach.evaluate import evaluate_dirs, format_report

    report = evaluate_dirs(Path(args.truth_dir), Path(args.review_dir))
    print(format_report(report))
    return 0


def _cmd_replay(args: argparse.Namespace, config: CoachConfig) -> int:
    """``coach replay CALL``: a recording played at real-time pace (x speed) through the live dashboard."""
    from audio.sources import FileSource
    from coach.models import process_models
    from coach.pipeline_live import load_live
    from coach.session.runner import session_runner
    from coach.ui.app import CoachApp

    if not args.speed > 0:
        raise UserError(f"replay: --speed must be > 0, got {args.speed}")
    source = FileSource(Path(args.call), config.audio)  # a missing or unreadable file fails here, before the screen
    recover_at_start(config)
    try:
        models = process_models(config, threads=1)
        load_live(config, models, mono=source.num_channels == 1)  # a missing model: one line, before the screen
    except BaseException:
        source.close()
        raise
    recorder = start_recording(config, source.sample_rate, source.num_channels, f"replay {args.call}")
    marks = None
    try:
        marks = run_screen(CoachApp(runner=session_runner(source, config, recorder, models, speed=args.speed),
                                    title=f"replay {args.call}", config=config.ui))
    finally:
        finish_recording(recorder)  # the marks are in it already, written as they were made
    _print_marks(marks)
    return 0


def _print_marks(marks: list[float] | None) -> None:
    if marks:
        from coach.ui.common import clock

        print("marked moments: " + ", ".join(clock(t) for t in marks))


def _cmd_live(args: argparse.Namespace, config: CoachConfig) -> int:
    """``coach live``: the live sidebar on the call's audio devices ([live] device, or agent + customer devices)."""
    import dataclasses

    from audio.capture import DeviceSource
    from coach.models import process_models
    from coach.pipeline_live import load_live
    from coach.session.runner import session_runner
    from coach.ui.app import CoachApp

    overrides = {k: v for k, v in (("device", args.device), ("agent_device", args.agent_device),
                                   ("customer_device", args.customer_device)) if v is not None}
    live = dataclasses.replace(config.live, **overrides)
    recover_at_start(config)
    # A missing or busy device fails here with one line, before models load or the screen opens.
    source = DeviceSource(live, config.audio)
    try:
        models = process_models(config, threads=1)
        load_live(config, models, mono=source.num_channels == 1)
        recorder = start_recording(config, source.sample_rate, source.num_channels,
                                   "live " + " + ".join(source.devices))
    except BaseException:
        source.close()
        raise

    marks = None
    try:
        marks = run_screen(CoachApp(runner=session_runner(source, config, recorder, models),
                                    title="live " + " + ".join(source.devices), config=config.ui))
    finally:
        finish_recording(recorder)  # the marks are in it already, written as they were made
    _print_marks(marks)
    stats = source.stats
    if stats.lost is not None or stats.overruns:
        print(f"capture: {stats.frames / source.sample_rate:.1f} s heard, {stats.overruns} overruns"
              + (f"; {stats.lost}" if stats.lost is not None else ""))
    return 0


def _cmd_devices(args: argparse.Namespace, config: CoachConfig) -> int:
    from audio.devices import format_devices_table, list_input_devices

    print(format_devices_table(list_input_devices()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coach", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--config", help="TOML config file (default: $COACH_CONFIG, else built-in defaults)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("models", help="list every model: role, package, size, license, path, loads?")
    p.add_argument("--no-load", action="store_true", help="only locate the files, do not load them")
    p.add_argument("--check-only", action="store_true", help="print nothing unless a model fails")
    p.set_defaults(func=_cmd_models)

    p = sub.add_parser("config", help="print the effective configuration as TOML")
    p.add_argument("--show", action="store_true", help="(default) print the effective config")
    p.set_defaults(func=_cmd_config)

    p = sub.add_parser("eval", help="score review documents against fixture truth files")
    p.add_argument("truth_dir", help="folder of NAME.truth.json files")
    p.add_argument("review_dir", help="folder of NAME.review.json (or NAME.json) documents")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("review", help="analyse a recorded call and print what was found")
    p.add_argument("call", help="audio file (wav, flac, ogg, mp3, ...)")
    add_review_options(p, ui_help="open the review screen (CALL may also be a saved review JSON)")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("replay", help="play a recording at real-time pace through the live dashboard")
    p.add_argument("call", help="audio file (two channels: agent and customer)")
    p.add_argument("--speed", type=float, default=1.0, help="replay speed (2 = twice real time)")
    p.set_defaults(func=_cmd_replay)

    p = sub.add_parser("live", help="the live sidebar on a call's audio devices (see `coach devices`)")
    p.add_argument("--device", help="one stereo input device, name or index (default: [live] device, else the "
                   "system default)")
    p.add_argument("--agent-device", help="two-device mode: the agent's microphone ([live] agent_device)")
    p.add_argument("--customer-device", help="two-device mode: the customer side, e.g. a loopback "
                   "([live] customer_device)")
    p.set_defaults(func=_cmd_live)

    p = sub.add_parser("devices", help="list the audio input devices live capture can use")
    p.set_defaults(func=_cmd_devices)

    # --- enroll: the agent's voiceprint for mono diarization (coach.speech.roles) -------------
    def _cmd_enroll(args: argparse.Namespace, config: CoachConfig) -> int:
        from audio.decode import probe

        if args.out:  # a voiceprint is a file: never a device or pipe, and a symlink keeps its link
            from coach.atomic import check_writable, output_target

            how, target = output_target(Path(args.out).expanduser())
            if how == "stream":
                raise OutputError(errno.EINVAL, "is a device or pipe; a voiceprint is saved as a file", args.out)
            check_writable(target)
            args.out = str(target)
        probe(Path(args.agent_wav))  # a bad file fails now, before torch and the models load
        from coach.speech.roles import enroll

        result = enroll(Path(args.agent_wav), Path(args.out).expanduser() if args.out else None, config)
        print(f"voiceprint from {result.speech_s:.1f} s of speech stored in {result.path}")
        return 0

    p = sub.add_parser("enroll", help="store the agent's voiceprint, from a recording of the agent alone")
    p.add_argument("agent_wav", help="recording of the agent (stereo: the channel audio.agent_channel)")
    p.add_argument("--out", metavar="PATH", help="where to store it (default: ~/.local/share/coach/voiceprint.npy)")
    p.set_defaults(func=_cmd_enroll)

    from coach.cli_scale import add_commands

    add_commands(sub)  # report, history, batch
    add_session_commands(sub)  # sessions, sessions review
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; everything it prints passes :class:`coach.cli_terminal.SafeStream` (no raw
    control characters from a file name or an id), and SIGTERM/SIGHUP end it as Ctrl+C does."""
    with terminal_guard():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        func: Handler = args.func
        return func(args, config)
    except (UserError, ConfigError, ModelMissing) as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("coach: interrupted", file=sys.stderr)
        return 130
    except Terminated as exc:  # SIGTERM, SIGHUP: as Ctrl+C, with the shell's code for that signal
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            print(f"coach: stopped by {exc.name}", file=sys.stderr)
        return 128 + exc.signum
    except BrokenPipeError:  # `coach ... | head`: the reader has what it wanted; no traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush cannot fail again
        return 141  # as a shell reports a command ended by SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
