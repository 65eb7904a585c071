"""The ``coach`` command line: parses, builds config, calls one function, maps errors to exit 2.

Every user-facing failure is a :class:`UserError` (or a known subclass) printed as one line
``coach: <file>: <problem>`` with exit code 2; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from coach.config import CoachConfig, ConfigError, load_config, to_toml
from coach.errors import UserError
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


def _cmd_review(args: argparse.Namespace, config: CoachConfig) -> int:
    from coach.review import format_summary, review_file, write_review_json

    review = review_file(Path(args.call), config)
    print(format_summary(review))
    if args.json:
        write_review_json(review, Path(args.json))
        print(f"review written to {args.json}")
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
    p.add_argument("--json", metavar="OUT", help="also write the coach.review/1 document to OUT")
    p.set_defaults(func=_cmd_review)

    p = sub.add_parser("devices", help="list the audio input devices live capture can use")
    p.set_defaults(func=_cmd_devices)

    # --- enroll: the agent's voiceprint for mono diarization (coach.speech.roles) -------------
    def _cmd_enroll(args: argparse.Namespace, config: CoachConfig) -> int:
        from coach.speech.roles import run_enroll

        return run_enroll(args, config)

    p = sub.add_parser("enroll", help="store the agent's voiceprint, from a recording of the agent alone")
    p.add_argument("agent_wav", help="recording of the agent (stereo: the channel audio.agent_channel)")
    p.add_argument("--out", metavar="PATH", help="where to store it (default: ~/.local/share/coach/voiceprint.npy)")
    p.set_defaults(func=_cmd_enroll)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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


if __name__ == "__main__":
    sys.exit(main())
