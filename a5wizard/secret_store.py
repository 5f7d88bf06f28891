"""Where account passwords live: the system keyring (default), an owner-only
secrets file beside the config (chosen explicitly), or memory (the sandbox)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

import yaml

from a5wizard.atomic import locked, write_atomic
from a5wizard.keyring_probe import (
    KeyringStatus,
    KeyringUnusable,
    backend_name,
    call_keyring,
    probe_keyring,
)
from a5wizard.secret import Secret

__all__ = [
    "FileStore",
    "KeyringStatus",
    "KeyringStore",
    "MemoryStore",
    "SecretStore",
    "SecretStoreError",
    "keyring_service",
    "open_secret_store",
    "probe_keyring",
    "require_keyring",
    "secrets_file_path",
]

StoreKind = Literal["keyring", "file"]
T = TypeVar("T")

SERVICE_PREFIX = "a5wizard:"
FILE_VERSION = 1
_FILE_HEADER = (
    "# a5wizard secrets: account passwords by account key.\n"
    "# Owner-only (chmod 600). Never share or commit this file.\n"
)


class SecretStoreError(Exception):
    """A secret store cannot be used; the message says why and what to do."""


class SecretStore(Protocol):
    """A place that keeps one password per account key."""

    @property
    def kind(self) -> str:
        """Which kind of store this is: keyring, file or memory."""
        ...

    @property
    def location(self) -> str:
        """Where the passwords live, in words for the person reading `show`."""
        ...

    def get(self, key: str) -> Secret | None:
        """The stored password for an account key, or None."""
        ...

    def set(self, key: str, secret: Secret) -> None:
        """Store (or replace) the password for an account key."""
        ...

    def delete(self, key: str) -> None:
        """Forget the password for an account key; absent is fine."""
        ...


def keyring_service(config: Path) -> str:
    """The keyring service name for a config file, distinct per file."""
    return SERVICE_PREFIX + str(config.expanduser().resolve())


def secrets_file_path(config: Path) -> Path:
    """The owner-only secrets file beside a config: "<config stem>.secrets.yaml"."""
    config = config.expanduser().resolve()
    return config.with_name(f"{config.stem}.secrets.yaml")


def require_keyring(timeout: float = 3.0) -> KeyringStatus:
    """Probe the system keyring; SecretStoreError saying what to do if unusable."""
    status = probe_keyring(timeout)
    if not status.usable:
        raise SecretStoreError(status.advice)
    return status


class KeyringStore:
    """Passwords in the system keyring under one service name per config file."""

    kind = "keyring"

    def __init__(self, service: str, timeout: float = 5.0) -> None:
        self.service = service
        self.timeout = timeout
        self._backend: str | None = None

    def __repr__(self) -> str:
        return f"KeyringStore(service={self.service!r}, timeout={self.timeout:g})"

    @property
    def location(self) -> str:
        """Human words naming the keyring backend in use."""
        if self._backend is None:
            try:
                self._backend = backend_name(self.timeout)
            except KeyringUnusable:
                return "system keyring"
        return f"system keyring ({self._backend})"

    def get(self, key: str) -> Secret | None:
        """The stored password for an account key, or None."""
        import keyring

        value = self._call(lambda: keyring.get_password(self.service, key))
        return None if value is None else Secret(value)

    def set(self, key: str, secret: Secret) -> None:
        """Store (or replace) the password for an account key."""
        import keyring

        value = secret.reveal()
        self._call(lambda: keyring.set_password(self.service, key, value), detail=False)

    def delete(self, key: str) -> None:
        """Forget the password for an account key; absent is fine."""
        import keyring
        from keyring.errors import PasswordDeleteError

        def delete_if_present() -> None:
            try:
                keyring.delete_password(self.service, key)
            except PasswordDeleteError:
                # Backends report an absent entry this way; anything else is real.
                if keyring.get_password(self.service, key) is not None:
                    raise

        self._call(delete_if_present)

    def _call(self, action: Callable[[], T], *, detail: bool = True) -> T:
        try:
            return call_keyring(action, self.timeout, detail=detail)
        except KeyringUnusable as problem:
            advice = problem.advice()
        # Raised outside the handler so no chained error travels with it.
        raise SecretStoreError(advice)


class FileStore:
    """Passwords in an owner-only (0600) YAML file beside the config."""

    kind = "file"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = f"owner-only file {path}"

    def __repr__(self) -> str:
        return f"FileStore(path={str(self.path)!r})"

    def get(self, key: str) -> Secret | None:
        """The stored password for an account key, or None."""
        value = self._read(check_mode=True).get(key)
        return None if value is None else Secret(value)

    def set(self, key: str, secret: Secret) -> None:
        """Store (or replace) the password; the file is rewritten owner-only."""
        with locked(self.path):
            secrets = self._read(check_mode=False)
            secrets[key] = secret.reveal()
            self._write(secrets)

    def delete(self, key: str) -> None:
        """Forget the password for an account key; absent is fine."""
        with locked(self.path):
            secrets = self._read(check_mode=False)
            if secrets.pop(key, None) is not None:
                self._write(secrets)

    def _read(self, *, check_mode: bool) -> dict[str, str]:
        """The secrets by account key ({} when the file does not exist yet)."""
        try:
            info = self.path.stat()
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as error:
            raise SecretStoreError(
                f"cannot read the secrets file {self.path} "
                f"({type(error).__name__}); check that it exists and is yours"
            ) from None
        if check_mode:
            self._check_owner_only(info)
        return self._parse(text)

    def _check_owner_only(self, info: os.stat_result) -> None:
        """Refuse a secrets file that other users can read or write."""
        if os.name != "posix":
            return
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            raise SecretStoreError(
                f"the secrets file {self.path} is readable or writable by other "
                f"users (mode {mode:03o}); make it owner-only with: "
                f"chmod 600 '{self.path}'"
            )

    def _parse(self, text: str) -> dict[str, str]:
        """Parse the file without ever quoting its content in an error."""
        document: Any = None
        unparsable_near: str | None = None
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as error:
            # The parser's message quotes the file (passwords): keep the line only.
            mark = getattr(error, "problem_mark", None)
            unparsable_near = f" near line {mark.line + 1}" if mark else ""
        if unparsable_near is not None:
            raise SecretStoreError(
                f"the secrets file {self.path} is not valid YAML{unparsable_near}; "
                "fix it by hand or delete it and enter the passwords again"
            )
        if document is None:
            return {}
        secrets = document.get("secrets") if isinstance(document, dict) else None
        if secrets is None and isinstance(document, dict):
            secrets = {}
        if not isinstance(secrets, dict):
            raise SecretStoreError(
                f"the secrets file {self.path} should hold a 'secrets:' mapping of "
                "account key to password; fix it or delete it"
            )
        result: dict[str, str] = {}
        for key, value in secrets.items():
            if not isinstance(value, str):
                raise SecretStoreError(
                    f"the password for account {str(key)!r} in {self.path} is not "
                    "text; put it in quotes"
                )
            result[str(key)] = value
        return result

    def _write(self, secrets: dict[str, str]) -> None:
        """Replace the file atomically, owner-only."""
        body = yaml.safe_dump(
            {"version": FILE_VERSION, "secrets": secrets},
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
        )
        write_atomic(self.path, _FILE_HEADER + body)  # written 0600, replaced


class MemoryStore:
    """Passwords kept in this process only: the sandbox never touches the keyring."""

    kind = "memory"
    location = "in memory (sandbox)"

    def __init__(self) -> None:
        self._secrets: dict[str, Secret] = {}

    def __repr__(self) -> str:
        return f"MemoryStore(keys={sorted(self._secrets)!r})"

    def get(self, key: str) -> Secret | None:
        """The stored password for an account key, or None."""
        return self._secrets.get(key)

    def set(self, key: str, secret: Secret) -> None:
        """Store (or replace) the password for an account key."""
        self._secrets[key] = secret

    def delete(self, key: str) -> None:
        """Forget the password for an account key; absent is fine."""
        self._secrets.pop(key, None)


def open_secret_store(kind: StoreKind, config: Path) -> SecretStore:
    """The secret store of the given kind for a config file."""
    if kind == "keyring":
        return KeyringStore(keyring_service(config))
    if kind == "file":
        return FileStore(secrets_file_path(config))
    raise SecretStoreError(f"unknown secret store {kind!r}; choose 'keyring' or 'file'")
