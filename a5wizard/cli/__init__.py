"""The a5wizard command line: the wizard when run bare, and the show, users,
apply, remove, test and report commands. Each command's module loads only when used,
so `a5wizard --version` stays fast."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

from a5wizard import __version__
from a5wizard.cli.output import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    interrupted,
    report_error,
    warn,
)

PROG = "a5wizard"
COMMANDS = ("show", "users", "apply", "remove", "test", "report")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors
        return stop.code if isinstance(stop.code, int) else EXIT_BAD_INPUT
    try:
        if args.command is None:
            return _run_wizard(args)
        command = importlib.import_module(f"a5wizard.cli.{args.command}")
        run: Callable[[argparse.Namespace], int] = command.run
        return run(args)
    except KeyboardInterrupt:
        return interrupted()
    except Exception as error:
        return report_error(error)


def _run_wizard(args: argparse.Namespace) -> int:
    """Start the Textual wizard (loaded only now: it is the slow part)."""
    from a5wizard.paths import config_path

    try:
        from screens.app import run_wizard
    except ImportError as error:
        warn(f"a5wizard: the wizard cannot start: {error.msg}")
        return EXIT_INTERNAL
    return run_wizard(config_path(args.config), sandbox=args.sandbox)


def _positive_seconds(text: str) -> float:
    """A --timeout value: seconds, more than zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("give a number of seconds from 0.1 to 3600")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for the bare command and every sub-command."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Set up, test and keep Artsystem5's outgoing email working. "
        "Without a command, starts the set-up wizard.",
        epilog="Exit codes: 0 success, 1 a check failed, 2 bad input or config.",
    )
    _add_common(parser, None)
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="start the wizard against a local practice mail server",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_show(commands)
    _add_users(commands)
    _add_apply(commands)
    _add_remove(commands)
    _add_test(commands)
    _add_report(commands)
    return parser


def _add_common(parser: argparse.ArgumentParser, default: str | None) -> None:
    """--config and --version, accepted before or after the command name."""
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="the config file (default: $A5WIZARD_CONFIG, else the user's "
        "config folder)",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )


def _command(
    commands: argparse._SubParsersAction, name: str, summary: str
) -> argparse.ArgumentParser:
    """A sub-command parser that also takes the common options."""
    parser = commands.add_parser(name, help=summary, description=summary)
    parser.prog = f"{PROG} {name}"
    # SUPPRESS keeps a --config given before the command name.
    _add_common(parser, argparse.SUPPRESS)
    return parser


def _add_scope(parser: argparse.ArgumentParser, *, all_too: bool = False) -> None:
    """--user NAME | --global (| --all): which account a command is about."""
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument(
        "--user", metavar="NAME", help="the account NAME's mail goes through"
    )
    scope.add_argument(
        "--global", dest="global_", action="store_true", help="the global account"
    )
    if all_too:
        scope.add_argument(
            "--all", action="store_true", help="every configured account"
        )


def _add_show(commands: argparse._SubParsersAction) -> None:
    parser = _command(
        commands, "show", "Show the settings (never a password) and any warnings."
    )
    _add_scope(parser)
    parser.add_argument("--json", action="store_true", help="print JSON only")


def _add_users(commands: argparse._SubParsersAction) -> None:
    parser = _command(
        commands,
        "users",
        "List the global account and every user with the account their mail "
        "goes through, and its last check.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON only")


def _add_apply(commands: argparse._SubParsersAction) -> None:
    parser = _command(
        commands,
        "apply",
        "Set up accounts from a YAML file in the config's own format; an "
        "account there may carry 'password:', which goes to the secret store only.",
    )
    parser.add_argument("file", metavar="FILE", help="the YAML file to apply")
    parser.add_argument(
        "--secret-store",
        choices=("keyring", "file"),
        help="where passwords live: the system keyring, or an owner-only file "
        "beside the config",
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read one password from standard input, for --user NAME or --global",
    )
    _add_scope(parser)


def _add_remove(commands: argparse._SubParsersAction) -> None:
    parser = _command(
        commands, "remove", "Remove a user's own account and its password."
    )
    parser.add_argument("--user", metavar="NAME", required=True, help="login name")


def _add_test(commands: argparse._SubParsersAction) -> None:
    parser = _command(
        commands,
        "test",
        "Check an account live: connect, log in and send a test message.",
    )
    _add_scope(parser, all_too=True)
    parser.add_argument("--to", metavar="ADDRESS", help="default: the reply-to")
    parser.add_argument(
        "--no-send",
        action="store_true",
        help="log in and have the recipient accepted, then stop: nothing is sent",
    )
    parser.add_argument(
        "--transcript", action="store_true", help="print the SMTP transcript"
    )
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_positive_seconds,
        help="time limit to connect and for each reply (default 10 and 30 s)",
    )
    parser.add_argument(
        "--allow-plaintext",
        action="store_true",
        help="allow sending the password unencrypted when Secure Connection is "
        "off (loopback servers are always allowed)",
    )


def _add_report(commands: argparse._SubParsersAction) -> None:
    parser = _command(
        commands,
        "report",
        "Write a report for support: versions, terminal, config, secret store, "
        "last checks and recent transcripts; never a password.",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write it ('-' prints it; default: a new file in the "
        "reports folder)",
    )


__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "build_parser", "main"]
