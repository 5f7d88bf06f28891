"""A problem found by validation: the field it concerns, the fix in plain words,
and whether it stops saving (error) or is worth knowing (warning)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from a5wizard.text import clean

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """Something wrong with one field, and how to fix it."""

    field: str
    message: str
    severity: Severity = "error"


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop an account from being saved."""
    return [p for p in problems if p.severity == "error"]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    """The problems worth knowing about that do not stop saving."""
    return [p for p in problems if p.severity == "warning"]


def format_problem(problem: Problem) -> str:
    """One line, such as "error: port: The port must be a whole number..."."""
    return f"{problem.severity}: {clean(problem.field)}: {clean(problem.message)}"


def add_problem(
    problems: list[Problem],
    field: str,
    message: str | None,
    severity: Severity = "error",
) -> None:
    """Append a problem for a field, unless the check found nothing (None)."""
    if message is not None:
        problems.append(Problem(field, message, severity))
