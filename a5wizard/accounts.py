"""Saving, reading and removing accounts together with their passwords: the one
path by which the command line and the wizard change the config and its
secret store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from a5wizard.config_file import load_settings, update_settings
from a5wizard.last_checks import forget_check
from a5wizard.model import (
    GLOBAL,
    Account,
    GlobalAccount,
    SecretStoreKind,
    Settings,
    UserAccount,
    account_label,
)
from a5wizard.secret import Secret
from a5wizard.secret_store import (
    SecretStore,
    SecretStoreError,
    open_secret_store,
    probe_keyring,
)
from a5wizard.store_switch import delete_moved, move_other_secrets
from a5wizard.validation import (
    Problem,
    errors,
    format_problem,
    normalise_password,
    validate_settings,
    warnings,
)


class AccountProblems(ValueError):
    """Accounts that fail validation; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(format_problem(p) for p in problems))


class UnknownUser(LookupError):
    """No user account is stored under this login name."""


@dataclass(frozen=True)
class SavedAccount:
    """What saving one account changed."""

    key: str
    created: bool
    changed_fields: tuple[str, ...]
    password_saved: bool
    password_location: str
    warnings: tuple[Problem, ...] = ()

    def summary(self) -> str:
        """One line for people: what happened to this account."""
        label = account_label(self.key)
        if self.created:
            what = f"added the {label}"
        elif self.changed_fields:
            what = f"changed the {label}: {', '.join(self.changed_fields)}"
        else:
            what = f"the {label} is unchanged"
        if self.password_saved:
            what += f"; password saved in {self.password_location}"
        return what[0].upper() + what[1:]


@dataclass(frozen=True)
class SaveOutcome:
    """Everything one save did: the accounts, and a change of secret store."""

    accounts: tuple[SavedAccount, ...]
    store_kind: SecretStoreKind
    store_location: str
    store_changed: bool = False
    moved: tuple[str, ...] = ()
    """Keys whose password moved from the previous secret store to this one."""
    not_moved: tuple[str, ...] = ()
    """Keys whose password could not be read from the previous secret store."""
    left_behind: tuple[str, ...] = ()
    """Keys whose moved password could not be deleted from the previous store."""


@dataclass(frozen=True)
class PasswordStatus:
    """Where an account's password lives (never the password itself)."""

    stored: bool | None  # None: the secret store could not be read
    location: str
    reason: str = ""

    def describe(self) -> str:
        """Human words, e.g. 'stored in system keyring (...)'."""
        if self.stored is None:
            return f"unknown: {self.location} cannot be read ({self.reason})"
        if self.stored:
            return f"stored in {self.location}"
        return f"missing: no password in {self.location}"


def save_account(
    config: Path,
    key: str,
    account: Account,
    password: Secret | None,
    store_kind: SecretStoreKind | None = None,
    *,
    store: SecretStore | None = None,
) -> SavedAccount:
    """Validate one account, store its password (if given), then its settings.

    The last check of the account is left as it is; the caller decides
    whether it still holds. A store given (the sandbox's) is used instead of
    the config's secret store.
    """
    passwords = {key: password} if password is not None else {}
    outcome = save_accounts(config, {key: account}, passwords, store_kind, store=store)
    return outcome.accounts[0]


def save_accounts(
    config: Path,
    accounts: Mapping[str, Account],
    passwords: Mapping[str, Secret],
    store_kind: SecretStoreKind | None = None,
    *,
    store: SecretStore | None = None,
) -> SaveOutcome:
    """Validate everything, check the secret store, write secrets, then the YAML.

    Accounts not named are kept unchanged. A password may also be given for
    an account already in the config. Raises AccountProblems (nothing
    written) or SecretStoreError (nothing written when the store is unusable).
    A store given explicitly (the sandbox's in-memory one) is used as it is:
    no keyring probe, and no passwords move between stores.
    """
    current = load_settings(config)
    kind = store_kind or current.secret_store
    incoming = {key: _for_scope(key, account) for key, account in accounts.items()}
    secrets = _normalised(current, incoming, passwords)

    problems = _problems(current, incoming, secrets, kind)
    if errors(problems):
        raise AccountProblems(problems)

    explicit = store is not None
    if store is None:
        store = _usable_store(kind, config)
        moved, not_moved = move_other_secrets(config, current, kind, store, secrets)
    else:
        moved, not_moved = [], []
    for key, secret in secrets.items():
        store.set(key, secret)
    changes: dict[str, tuple[bool, tuple[str, ...]]] = {}

    def change(settings: Settings) -> None:
        for key, account in incoming.items():
            changes[key] = _difference(settings.account(key), account)
            _put(settings, key, account)
        settings.secret_store = kind

    update_settings(config, change)
    left_behind = [] if explicit else delete_moved(config, current.secret_store, moved)

    saved = tuple(
        SavedAccount(
            key=key,
            created=changes[key][0],
            changed_fields=changes[key][1],
            password_saved=key in secrets,
            password_location=store.location,
            warnings=tuple(_of_account(warnings(problems), key)),
        )
        for key in incoming
    )
    for key in sorted(secrets.keys() - incoming.keys()):
        saved += (SavedAccount(key, False, (), True, store.location),)
    return SaveOutcome(
        accounts=saved,
        store_kind=kind,
        store_location=store.location,
        store_changed=kind != current.secret_store,
        moved=tuple(moved),
        not_moved=tuple(not_moved),
        left_behind=tuple(left_behind),
    )


def _for_scope(key: str, account: Account) -> Account:
    """The account as the type its scope needs (global or user)."""
    values = {f.name: getattr(account, f.name) for f in fields(Account)}
    if key == GLOBAL:
        if isinstance(account, GlobalAccount):
            return account
        return GlobalAccount(**values)
    if isinstance(account, GlobalAccount):
        raise TypeError("a user account cannot carry global-only fields")
    return account if isinstance(account, UserAccount) else UserAccount(**values)


def _normalised(
    current: Settings, incoming: Mapping[str, Account], passwords: Mapping[str, Secret]
) -> dict[str, Secret]:
    """Passwords in the form the provider expects (Gmail: no spaces)."""
    result: dict[str, Secret] = {}
    for key, secret in passwords.items():
        account = incoming.get(key) or current.account(key)
        provider = account.provider if account is not None else "other"
        result[key] = Secret(normalise_password(provider, secret.reveal()))
    return result


def _problems(
    current: Settings,
    incoming: Mapping[str, Account],
    secrets: Mapping[str, Secret],
    kind: SecretStoreKind,
) -> list[Problem]:
    """Every problem with the accounts being saved and the passwords given."""
    checked = Settings(secret_store=kind)
    problems: list[Problem] = []
    for key in [*incoming, *(k for k in secrets if k not in incoming)]:
        account = incoming.get(key) or current.account(key)
        if account is None:
            field = "global.password" if key == GLOBAL else f"users.{key}.password"
            problems.append(
                Problem(field, f"there is no {account_label(key)} to set it for")
            )
            continue
        _put(checked, key, account)
    return problems + validate_settings(checked, dict(secrets))


def _put(settings: Settings, key: str, account: Account) -> None:
    """Place an account under its key."""
    if key == GLOBAL:
        assert isinstance(account, GlobalAccount)
        settings.global_account = account
    else:
        assert isinstance(account, UserAccount)
        settings.users[key] = account


def _difference(before: Account | None, after: Account) -> tuple[bool, tuple[str, ...]]:
    """Whether the account is new, and which of its fields change."""
    if before is None:
        return True, ()
    changed = tuple(
        f.name
        for f in fields(after)
        if getattr(before, f.name, None) != getattr(after, f.name)
    )
    return False, changed


def _of_account(problems: list[Problem], key: str) -> list[Problem]:
    """The problems whose field belongs to one account."""
    prefix = f"{GLOBAL}." if key == GLOBAL else f"users.{key}."
    return [p for p in problems if p.field.startswith(prefix)]


def _usable_store(kind: SecretStoreKind, config: Path) -> SecretStore:
    """The secret store, after proving a keyring answers; else SecretStoreError."""
    if kind == "keyring":
        status = probe_keyring()
        if not status.usable:
            reason = getattr(status, "advice", "") or status.reason
            raise SecretStoreError(
                f"The system keyring cannot hold the password: {reason}. "
                "Nothing was written."
            )
    return open_secret_store(kind, config)


def remove_user(config: Path, name: str, *, store: SecretStore | None = None) -> None:
    """Remove a user's account, its password and its last check."""
    settings = load_settings(config)
    if name not in settings.users:
        known = ", ".join(sorted(settings.users)) or "none"
        raise UnknownUser(
            f"There is no user {name!r} in {config} (users with an account of "
            f"their own: {known})."
        )
    if store is None:
        store = open_secret_store(settings.secret_store, config)
    store.delete(name)
    update_settings(config, lambda current: current.users.pop(name, None))
    forget_check(config, name)


def load_password(
    config: Path, settings: Settings, key: str, *, store: SecretStore | None = None
) -> Secret | None:
    """The stored password of an account, or None when none is stored."""
    if store is None:
        store = open_secret_store(settings.secret_store, config)
    return store.get(key)


def password_status(
    config: Path, settings: Settings, key: str, *, store: SecretStore | None = None
) -> PasswordStatus:
    """Whether an account's password is stored, and where (never raises)."""
    location = f"the {settings.secret_store} secret store"
    try:
        if store is None:
            store = open_secret_store(settings.secret_store, config)
        location = store.location
        secret = store.get(key)
    except SecretStoreError as problem:
        return PasswordStatus(None, location, str(problem))
    return PasswordStatus(secret is not None, location)


def password_location(
    config: Path, settings: Settings, key: str, *, store: SecretStore | None = None
) -> str:
    """Where an account's password lives, in human words; no secret."""
    return password_status(config, settings, key, store=store).describe()
