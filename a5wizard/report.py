"""The support report: one text file with versions, terminal, config, secret
store, validation, last checks and recent transcripts, and never a password."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from a5wizard.accounts import PasswordStatus
from a5wizard.atomic import write_atomic
from a5wizard.config_file import ConfigError, dump_settings, load_settings
from a5wizard.last_checks import load_last_checks
from a5wizard.model import GLOBAL, SecretStoreKind, Settings, account_label
from a5wizard.paths import report_dir, transcript_dir
from a5wizard.problem import Problem, format_problem
from a5wizard.report_redaction import (
    Scrubber,
    redact_config_text,
    redact_transcript,
    secrets_in_config_text,
)
from a5wizard.report_system import (
    section,
    system_section,
    terminal_section,
    versions_section,
)
from a5wizard.secret_store import (
    KeyringStore,
    SecretStore,
    SecretStoreError,
    keyring_service,
    open_secret_store,
    secrets_file_path,
)
from a5wizard.text import clean
from a5wizard.validation import validate_settings

MAX_TRANSCRIPTS = 3
MAX_TRANSCRIPT_CHARS = 64_000
KEYRING_TIMEOUT = 3.0
"""Seconds one keyring read may take; a stuck keyring must not hang the report."""


@dataclass
class _Accounts:
    """What the report learnt about the accounts and their passwords."""

    settings: Settings | None
    config_problem: str = ""
    store_kind: str = ""
    store_location: str = ""
    statuses: dict[str, PasswordStatus] = field(default_factory=dict)
    scrubber: Scrubber = field(default_factory=Scrubber)


def build_report(
    config: Path, store: SecretStore | None = None, transcripts: Path | None = None
) -> str:
    """The whole support report for a config file, with every secret removed.

    store overrides the config's secret store (the sandbox's memory store);
    transcripts, the folder of transcripts (the sandbox keeps its own).
    """
    accounts = _read_accounts(config, store)
    sections = [
        _title(),
        versions_section(),
        system_section(),
        terminal_section(),
        _config_section(config, accounts),
        _store_section(accounts),
        _validation_section(accounts),
        _last_checks_section(config, accounts),
        _transcripts_section(transcripts or transcript_dir()),
    ]
    text = "\n\n".join(sections) + "\n"
    return accounts.scrubber.scrub(clean(text, keep_newlines=True))


def write_report(
    config: Path,
    destination: Path | None = None,
    store: SecretStore | None = None,
    transcripts: Path | None = None,
) -> Path:
    """Write the report (owner-only, atomically) and return where it is.

    With no destination it goes to a new timestamped file in the reports
    folder; a destination that is a folder gets such a file inside it.
    """
    if destination is None:
        path = _new_report_path(report_dir())
    elif destination.is_dir():
        path = _new_report_path(destination)
    else:
        path = destination
        if not path.parent.is_dir():
            raise FileNotFoundError(
                errno.ENOENT, "the folder does not exist", str(path.parent)
            )
    write_atomic(path, build_report(config, store, transcripts))
    return path


def _new_report_path(folder: Path) -> Path:
    """A report file name in folder that is not taken yet."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"a5wizard-report-{stamp}.txt"
    number = 2
    while path.exists():
        path = folder / f"a5wizard-report-{stamp}-{number}.txt"
        number += 1
    return path


def _read_accounts(config: Path, store: SecretStore | None) -> _Accounts:
    """The settings (or why they cannot be read) and every stored password."""
    try:
        settings = load_settings(config)
    except ConfigError as problem:
        accounts = _Accounts(settings=None, config_problem=str(problem))
        _collect_without_settings(config, accounts)
        return accounts
    kind = store.kind if store is not None else settings.secret_store
    accounts = _Accounts(settings=settings, store_kind=kind)
    try:
        store = store or _open_store(settings.secret_store, config)
    except SecretStoreError as problem:
        accounts.store_location = f"cannot be opened: {problem}"
        return accounts
    accounts.store_location = store.location
    for key in settings.account_keys():
        accounts.statuses[key] = _read_password(store, key, accounts)
    return accounts


def _open_store(kind: SecretStoreKind, config: Path) -> SecretStore:
    """The config's secret store, with a short keyring timeout."""
    if kind == "keyring":
        return KeyringStore(keyring_service(config), timeout=KEYRING_TIMEOUT)
    return open_secret_store(kind, config)


def _read_password(store: SecretStore, key: str, accounts: _Accounts) -> PasswordStatus:
    """Whether a password is stored; it is learnt only so it can be scrubbed."""
    if accounts.statuses and all(s.stored is None for s in accounts.statuses.values()):
        # The store already failed (perhaps timed out): do not wait on it again.
        first = next(iter(accounts.statuses.values()))
        return PasswordStatus(None, store.location, first.reason)
    try:
        secret = store.get(key)
    except SecretStoreError as problem:
        return PasswordStatus(None, store.location, str(problem))
    if secret is not None:
        account = accounts.settings.account(key) if accounts.settings else None
        usernames = [account.username] if account is not None else []
        accounts.scrubber.add(secret.reveal(), usernames)
    return PasswordStatus(secret is not None, store.location)


def _collect_without_settings(config: Path, accounts: _Accounts) -> None:
    """Learn what secrets could be near a broken config, only to scrub them."""
    try:
        raw = config.read_text(encoding="utf-8", errors="replace")
    except OSError:
        raw = ""
    for value in secrets_in_config_text(raw):
        accounts.scrubber.add(value, [])
    keys = [GLOBAL, *sorted(load_last_checks(config))]
    stores: list[SecretStore] = [KeyringStore(keyring_service(config), KEYRING_TIMEOUT)]
    if secrets_file_path(config).exists():
        stores.append(open_secret_store("file", config))
    for store in stores:
        probe = _Accounts(settings=None, scrubber=accounts.scrubber)
        for key in dict.fromkeys(keys):
            probe.statuses[key] = _read_password(store, key, probe)


def _title() -> str:
    """The heading: what this file is and when it was written."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return (
        "a5wizard support report\n"
        f"Written {now} (UTC). It holds no password: passwords and their "
        "encodings are replaced by <hidden>."
    )


def _config_section(config: Path, accounts: _Accounts) -> str:
    """The config file's path and its settings, re-written with secrets redacted."""
    rows = [f"file: {config.expanduser().absolute()}"]
    if accounts.settings is None:
        rows.append("The config cannot be read:")
        rows += [f"  {line}" for line in accounts.config_problem.splitlines()]
        return section("Config", rows)
    if not config.exists():
        rows.append("The file does not exist yet: nothing is configured.")
    dumped = dump_settings(accounts.settings)
    # The header comment explains the file to its reader; support knows it.
    body = "\n".join(line for line in dumped.splitlines() if not line.startswith("#"))
    rows += ["", redact_config_text(body).strip()]
    return section("Config", rows)


def _store_section(accounts: _Accounts) -> str:
    """Which secret store holds the passwords, and whether each one is there."""
    if accounts.settings is None:
        return section("Secret store", ["unknown: the config cannot be read"])
    rows = [
        f"kind: {accounts.store_kind}",
        f"location: {accounts.store_location}",
    ]
    for key, status in accounts.statuses.items():
        rows.append(f"{account_label(key)}: password {status.describe()}")
    if not accounts.settings.account_keys():
        rows.append("No account is configured.")
    return section("Secret store", rows)


def _validation_section(accounts: _Accounts) -> str:
    """Validation errors and warnings, account by account."""
    settings = accounts.settings
    if settings is None:
        return section("Validation", ["not done: the config cannot be read"])
    problems = validate_settings(settings)
    rows: list[str] = []
    for key in settings.account_keys():
        mine = _of_account(problems, key)
        account = settings.account(key)
        note = (
            " (still Artsystem5's placeholder)"
            if account and account.is_placeholder
            else ""
        )
        rows.append(f"{account_label(key)}{note}: {_count(len(mine), 'problem')}")
        rows += [f"  {format_problem(p)}" for p in mine]
    rows += [f"{format_problem(p)}" for p in problems if p.field == "secret_store"]
    return section("Validation", rows or ["No account is configured."])


def _count(number: int, noun: str) -> str:
    """'no problems', '1 problem', '2 problems'."""
    if number == 1:
        return f"1 {noun}"
    return f"{number or 'no'} {noun}s"


def _of_account(problems: list[Problem], key: str) -> list[Problem]:
    """The problems whose field belongs to one account."""
    prefix = f"{GLOBAL}." if key == GLOBAL else f"users.{key}."
    return [p for p in problems if p.field.startswith(prefix) or p.field == prefix[:-1]]


def _last_checks_section(config: Path, accounts: _Accounts) -> str:
    """Each account's most recent check (and any left from removed accounts)."""
    checks = load_last_checks(config)
    keys = accounts.settings.account_keys() if accounts.settings else []
    keys += [key for key in sorted(checks) if key not in keys]
    rows = []
    for key in keys:
        check = checks.get(key)
        if check is None:
            rows.append(f"{account_label(key)}: never checked")
            continue
        outcome = "passed" if check.ok else "FAILED"
        rows.append(
            f"{account_label(key)}: {outcome} {check.when} ({check.mode}): "
            f"{clean(check.summary)}"
        )
    return section("Last checks", rows or ["No check has been run yet."])


def _transcripts_section(folder: Path) -> str:
    """The most recent transcripts, newest first, re-scrubbed."""
    try:
        files = [p for p in folder.glob("*.txt") if p.is_file()]
    except OSError as error:
        return section("Recent transcripts", [f"{folder}: {error.strerror}"])
    files.sort(key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    if not files:
        return section("Recent transcripts", [f"None in {folder}."])
    rows = [
        f"The {min(len(files), MAX_TRANSCRIPTS)} newest of {len(files)} in {folder}."
    ]
    for path in files[:MAX_TRANSCRIPTS]:
        rows += ["", f"--- {path.name} ---", _transcript_text(path)]
    return section("Recent transcripts", rows)


def _transcript_text(path: Path) -> str:
    """One transcript, AUTH lines hidden, cut short if it is very long."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return f"(cannot be read: {error.strerror})"
    cut = len(text) > MAX_TRANSCRIPT_CHARS
    if cut:  # at a line end, so no line (or encoded secret) is split
        text = text[:MAX_TRANSCRIPT_CHARS].rpartition("\n")[0]
    text = redact_transcript(text).rstrip()
    return text + ("\n(cut short here)" if cut else "")
