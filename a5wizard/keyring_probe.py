"""Calling the system keyring safely: every call has a timeout (a keyring can
hang), failures become plain reasons, and a probe says whether it is usable."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from a5wizard.text import clean

T = TypeVar("T")

PROBE_SERVICE = "a5wizard:probe"
PROBE_ACCOUNT = "probe"
FILE_STORE_ADVICE = (
    "to keep passwords in an owner-only file beside the config instead, "
    "choose the secrets file with --secret-store file"
)
_DETAIL_LIMIT = 160


class KeyringUnusable(Exception):
    """The system keyring did not do what was asked; str() says why."""

    def __init__(self, reason: str, *, locked: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.locked = locked

    def advice(self) -> str:
        """The reason followed by what the person can do about it."""
        if self.locked:
            return (
                f"{self.reason}; unlock it (on macOS over SSH: "
                f"security unlock-keychain) and try again, or {FILE_STORE_ADVICE}"
            )
        return f"{self.reason}; {FILE_STORE_ADVICE}"


@dataclass(frozen=True)
class KeyringStatus:
    """Whether the system keyring can hold passwords, which one it is, and why."""

    usable: bool
    backend: str
    reason: str
    advice: str = ""
    """The reason followed by what to do about it; empty when usable."""


def call_keyring(action: Callable[[], T], timeout: float, *, detail: bool = True) -> T:
    """Run one keyring action in a daemon thread; KeyringUnusable on any failure.

    With detail=False the backend's own error text is left out (used when the
    action carries a secret that a careless backend might echo).
    """
    outcome: dict[str, object] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = action()
        except Exception as error:  # handed to the caller's thread below
            outcome["error"] = error
        finally:
            finished.set()

    threading.Thread(target=run, name="a5wizard-keyring", daemon=True).start()
    if not finished.wait(timeout):
        raise KeyringUnusable(f"the system keyring did not answer within {timeout:g} s")
    if "error" in outcome:
        error = outcome["error"]
        assert isinstance(error, Exception)
        raise unusable_from(error, detail=detail) from None
    if "value" not in outcome:
        raise KeyringUnusable("the system keyring stopped without an answer")
    return outcome["value"]  # type: ignore[return-value]


def unusable_from(error: Exception, *, detail: bool = True) -> KeyringUnusable:
    """Translate an error raised by keyring into a plain reason."""
    from keyring import errors

    if isinstance(error, KeyringUnusable):
        return error
    if isinstance(error, errors.NoKeyringError):
        return KeyringUnusable("no system keyring on this machine")
    if isinstance(error, errors.KeyringLocked):
        return KeyringUnusable(
            "the system keyring is locked" + _detail(error, detail), locked=True
        )
    if isinstance(error, errors.InitError):
        reason = "the system keyring could not be opened"
    elif isinstance(error, errors.PasswordSetError):
        reason = "the system keyring refused to store the password"
    elif isinstance(error, errors.PasswordDeleteError):
        reason = "the system keyring refused to delete the password"
    else:
        reason = "the system keyring failed"
    return KeyringUnusable(reason + _detail(error, detail))


def _detail(error: Exception, with_text: bool) -> str:
    """The error's type and (optionally) its cleaned, shortened text."""
    name = type(error).__name__
    text = clean(str(error)).strip() if with_text else ""
    if len(text) > _DETAIL_LIMIT:
        text = text[: _DETAIL_LIMIT - 3] + "..."
    return f" ({name}: {text})" if text else f" ({name})"


def backend_name(timeout: float) -> str:
    """The name of the keyring backend in use, e.g. "SecretService Keyring"."""
    import keyring

    return call_keyring(lambda: str(keyring.get_keyring().name), timeout)


def probe_keyring(timeout: float = 3.0) -> KeyringStatus:
    """Say whether the system keyring answers a read, leaving nothing behind."""
    import keyring

    seen = {"backend": "unknown"}

    def read_probe_entry() -> None:
        backend = keyring.get_keyring()
        seen["backend"] = str(backend.name)
        backend.get_password(PROBE_SERVICE, PROBE_ACCOUNT)

    try:
        call_keyring(read_probe_entry, timeout)
    except KeyringUnusable as problem:
        return KeyringStatus(False, seen["backend"], problem.reason, problem.advice())
    return KeyringStatus(True, seen["backend"], "the system keyring answered")
