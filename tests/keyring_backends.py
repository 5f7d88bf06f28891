"""Real keyring backends for tests: one in memory, one in a JSON file for
subprocesses (selected with PYTHON_KEYRING_BACKEND), and misbehaving ones
(hanging, locked, broken) for the failure paths."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, KeyringLocked, PasswordDeleteError

KEYRING_FILE_ENV = "A5WIZARD_TEST_KEYRING_FILE"


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps secrets in a dict for the life of the process."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        """Return the stored secret or None."""
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a secret."""
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        """Remove a secret, as real backends do, failing when it is absent."""
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


class JsonFileKeyring(KeyringBackend):
    """A keyring kept in the JSON file named by A5WIZARD_TEST_KEYRING_FILE."""

    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ[KEYRING_FILE_ENV])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text()) if path.exists() else {}

    def _save(self, data: dict[str, str]) -> None:
        self._path().write_text(json.dumps(data))

    def get_password(self, service: str, username: str) -> str | None:
        """Return the stored secret or None."""
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a secret."""
        data = self._load()
        data[f"{service}\n{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        """Remove a secret, failing when it is absent."""
        data = self._load()
        if data.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._save(data)


class HangingKeyring(KeyringBackend):
    """A keyring that never answers until released, like a stuck D-Bus call."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.calls = 0

    def _hang(self) -> None:
        self.calls += 1
        self.release.wait(60)

    def get_password(self, service: str, username: str) -> str | None:
        """Wait until released, then find nothing."""
        self._hang()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        """Wait until released, then store nothing."""
        self._hang()

    def delete_password(self, service: str, username: str) -> None:
        """Wait until released, then delete nothing."""
        self._hang()


class LockedKeyring(KeyringBackend):
    """A keyring whose collection is locked, as on macOS over SSH."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        """Refuse: the keyring is locked."""
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        """Refuse: the keyring is locked."""
        raise KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        """Refuse: the keyring is locked."""
        raise KeyringLocked("Failed to unlock the collection!")


class BrokenKeyring(KeyringBackend):
    """A careless keyring whose errors echo the password it was given."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, error: type[Exception] = KeyringError) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        """Fail with a message naming the entry."""
        raise self.error(f"cannot read {service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        """Fail with a message that contains the password itself."""
        raise self.error(f"cannot store {password!r} for {username}")

    def delete_password(self, service: str, username: str) -> None:
        """Fail with a message naming the entry."""
        raise self.error(f"cannot delete {service}/{username}")
