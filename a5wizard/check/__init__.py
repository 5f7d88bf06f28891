"""The live check of an account: run it step by step, get a verdict with a
diagnosis and a saved transcript. Names load on first use, so importing the
check vocabulary (steps) does not pay for aiosmtplib."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from a5wizard.check.auth import Authenticator, PasswordAuth
    from a5wizard.check.message import build_test_message
    from a5wizard.check.runner import (
        CheckRequest,
        check_account,
        check_many,
        run_check,
    )
    from a5wizard.check.steps import (
        PHASE_TITLES,
        CheckResult,
        CheckStep,
        Diagnosis,
        Failure,
        FailureKind,
        Outcome,
        Phase,
    )
    from a5wizard.check.transcript import Transcript

_EXPORTS = {
    "Authenticator": "a5wizard.check.auth",
    "PasswordAuth": "a5wizard.check.auth",
    "build_test_message": "a5wizard.check.message",
    "CheckRequest": "a5wizard.check.runner",
    "check_account": "a5wizard.check.runner",
    "check_many": "a5wizard.check.runner",
    "run_check": "a5wizard.check.runner",
    "PHASE_TITLES": "a5wizard.check.steps",
    "CheckResult": "a5wizard.check.steps",
    "CheckStep": "a5wizard.check.steps",
    "Diagnosis": "a5wizard.check.steps",
    "Failure": "a5wizard.check.steps",
    "FailureKind": "a5wizard.check.steps",
    "Outcome": "a5wizard.check.steps",
    "Phase": "a5wizard.check.steps",
    "Transcript": "a5wizard.check.transcript",
}

__all__ = [
    "PHASE_TITLES",
    "Authenticator",
    "CheckRequest",
    "CheckResult",
    "CheckStep",
    "Diagnosis",
    "Failure",
    "FailureKind",
    "Outcome",
    "PasswordAuth",
    "Phase",
    "Transcript",
    "build_test_message",
    "check_account",
    "check_many",
    "run_check",
]


def __getattr__(name: str) -> Any:
    """Import the module that defines a public name when it is first asked for."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
