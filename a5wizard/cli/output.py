"""What the command line prints and the exit codes it returns: plain lines on
standard output, problems on standard error, JSON for scripts."""

from __future__ import annotations

import json
import os
import sys
import traceback
from typing import Any

from a5wizard.model import NoAccountConfigured
from a5wizard.text import clean

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
DEBUG_ENV = "A5WIZARD_DEBUG"

# Errors that mean bad input, config or secret store (exit 2), by module and
# name, so that their (slow-to-import) modules load only when a command needs
# them: an error of a module never imported cannot have been raised.
_EXPECTED_ERRORS = (
    ("a5wizard.config_file", "ConfigError"),
    ("a5wizard.secret_store", "SecretStoreError"),
    ("a5wizard.accounts", "AccountProblems"),
    ("a5wizard.accounts", "UnknownUser"),
)


class CliError(Exception):
    """A problem with the command's input, told to the person as is."""

    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def say(text: str = "") -> None:
    """Print a line on standard output."""
    print(text, flush=True)


def warn(text: str) -> None:
    """Print a line on standard error."""
    print(text, file=sys.stderr, flush=True)


def print_json(document: Any) -> None:
    """Print one JSON document on standard output."""
    print(json.dumps(document, indent=2, ensure_ascii=False), flush=True)


def shown(value: object) -> str:
    """A value from a file or a server, safe to print on a terminal."""
    return clean(str(value))


def _expected_types() -> tuple[type[BaseException], ...]:
    """The error types that mean bad input, among modules already loaded."""
    found: list[type[BaseException]] = [CliError, NoAccountConfigured, OSError]
    for module_name, name in _EXPECTED_ERRORS:
        module = sys.modules.get(module_name)
        error_type = getattr(module, name, None) if module else None
        if isinstance(error_type, type) and issubclass(error_type, BaseException):
            found.append(error_type)
    return tuple(found)


def describe_os_error(error: OSError) -> str:
    """An OSError as 'file: reason', without Python's decoration."""
    reason = error.strerror or type(error).__name__
    if error.filename is not None:
        return f"{error.filename}: {reason}"
    return reason


def report_error(error: Exception) -> int:
    """Tell the person what went wrong, on one or a few lines; return the code."""
    if isinstance(error, _expected_types()):
        if isinstance(error, OSError):
            message = describe_os_error(error)
        else:
            message = clean(str(error), keep_newlines=True)
        warn(f"a5wizard: error: {message}")
        return error.exit_code if isinstance(error, CliError) else EXIT_BAD_INPUT
    if os.environ.get(DEBUG_ENV) == "1":
        traceback.print_exception(error)
    # Only the type: an unexpected message could quote anything, even a secret.
    warn(
        f"a5wizard: internal error ({type(error).__name__}); please report it. "
        f"Run again with {DEBUG_ENV}=1 for details."
    )
    return EXIT_INTERNAL


def interrupted() -> int:
    """Say the command was stopped with Ctrl+C; return its exit code."""
    warn("a5wizard: interrupted; nothing more was done.")
    return EXIT_INTERRUPTED
