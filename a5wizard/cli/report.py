"""`a5wizard report`: write the support report (never a password) to a file,
or print it with `-o -`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from a5wizard.cli.output import EXIT_OK, CliError, describe_os_error, say
from a5wizard.paths import config_path
from a5wizard.report import build_report, write_report


def run(args: argparse.Namespace) -> int:
    """Write or print the report; exit 0, or 2 when it cannot be written."""
    config = config_path(args.config)
    if args.output == "-":
        sys.stdout.write(build_report(config))
        sys.stdout.flush()
        return EXIT_OK
    destination = Path(args.output).expanduser() if args.output else None
    try:
        path = write_report(config, destination)
    except OSError as error:
        where = destination if destination is not None else "the reports folder"
        raise CliError(
            f"cannot write the report to {where}: {describe_os_error(error)}"
        ) from None
    say(f"Support report written to {path}")
    say("It holds no password. Read it before you send it to support.")
    return EXIT_OK
