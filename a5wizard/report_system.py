"""The machine part of the support report: versions of a5wizard, Python and
its libraries, the operating system, and the terminal it runs in."""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata

from a5wizard import __version__

DISTRIBUTIONS = (
    "textual", "aiosmtplib", "keyring", "aiosmtpd", "PyYAML", "platformdirs",
    "email-validator",
)  # fmt: skip
"""Libraries whose versions support asks about, read without importing them."""


SSH_VARIABLES = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")
"""Set by sshd; only their presence is reported, never the addresses they hold."""


def section(title: str, rows: list[str]) -> str:
    """A titled block of lines."""
    return "\n".join([f"== {title} ==", *rows])


def pairs_rows(pairs: list[tuple[str, str]]) -> list[str]:
    """Name/value rows lined up in two columns."""
    width = max(len(name) for name, _ in pairs)
    return [f"{name:<{width}}  {value}" for name, value in pairs]


def _version(distribution: str) -> str:
    """An installed library's version, or 'not installed'."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions_section() -> str:
    """a5wizard, Python and library versions."""
    python = f"{platform.python_version()} ({platform.python_implementation()})"
    pairs = [("a5wizard", __version__), ("Python", python)]
    pairs.append(("Python program", sys.executable or "unknown"))
    pairs += [(name, _version(name)) for name in DISTRIBUTIONS]
    return section("Versions", pairs_rows(pairs))


def system_section() -> str:
    """Operating system and text encodings."""
    pairs = [
        ("OS", platform.platform()),
        ("machine", platform.machine() or "unknown"),
        ("file system encoding", sys.getfilesystemencoding()),
        ("output encoding", getattr(sys.stdout, "encoding", None) or "unknown"),
    ]
    return section("System", pairs_rows(pairs))


def _yes(value: bool) -> str:
    """yes or no."""
    return "yes" if value else "no"


def terminal_section() -> str:
    """Terminal size and type, multiplexers and SSH (yes/no only: no addresses)."""
    env = os.environ
    term = env.get("TERM", "")
    pairs = [
        ("size", _terminal_size()),
        ("TERM", env.get("TERM", "(not set)")),
        ("COLORTERM", env.get("COLORTERM", "(not set)")),
        ("TERM_PROGRAM", env.get("TERM_PROGRAM", "(not set)")),
        ("inside tmux", _yes("TMUX" in env or term.startswith("tmux"))),
        ("inside screen", _yes("STY" in env or term.startswith("screen"))),
        (
            "over SSH",
            _yes(any(k in env for k in SSH_VARIABLES)),
        ),
        ("NO_COLOR set", _yes("NO_COLOR" in env)),
    ]
    return section("Terminal", pairs_rows(pairs))


def _terminal_size() -> str:
    """Columns x lines of the first standard stream that is a terminal."""
    for stream in (sys.__stdout__, sys.__stderr__, sys.__stdin__):
        try:
            size = os.get_terminal_size(stream.fileno()) if stream else None
        except (OSError, ValueError):
            continue
        if size is not None:
            return f"{size.columns} x {size.lines}"
    return "unknown (not run in a terminal)"
