"""`a5wizard show`: the settings of one or every account, where each password
lives (never the password) and what validation warns about."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from a5wizard.accounts import PasswordStatus, password_status
from a5wizard.cli.output import EXIT_OK, print_json, say, shown, warn
from a5wizard.config_file import FORM_ORDER, GLOBAL_FORM_ORDER, load_settings
from a5wizard.model import (
    GLOBAL,
    PLACEHOLDER_USERNAME,
    Account,
    GlobalAccount,
    Resolved,
    Settings,
    account_label,
    resolve_account,
)
from a5wizard.paths import config_path
from a5wizard.secret_store import SecretStoreError, open_secret_store
from a5wizard.validation import Problem, format_problem, validate_settings

NOT_CONFIGURED = (
    f"not yet configured: it still holds Artsystem5's placeholder "
    f"{PLACEHOLDER_USERNAME}"
)


def run(args: argparse.Namespace) -> int:
    """Show the settings; exit 0, or 2 when the config cannot be read."""
    config = config_path(args.config)
    settings = load_settings(config)
    selection = _selection(settings, args)
    keys = [selection.key] if selection else settings.account_keys()
    problems = validate_settings(settings)
    if args.json:
        print_json(_document(config, settings, keys, selection, problems))
        for key in keys:
            for line in _notes(settings, key, problems):
                warn(f"{account_label(key)}: {line}")
        return EXIT_OK
    _print(config, settings, keys, selection, problems)
    return EXIT_OK


def _selection(settings: Settings, args: argparse.Namespace) -> Resolved | None:
    """The account asked for with --user or --global, or None for all."""
    if args.user is not None:
        return resolve_account(settings, args.user)
    if args.global_:
        return resolve_account(settings, None)
    return None


def account_problems(problems: list[Problem], key: str) -> list[Problem]:
    """The problems whose field belongs to one account."""
    prefix = f"{GLOBAL}." if key == GLOBAL else f"users.{key}."
    return [p for p in problems if p.field.startswith(prefix)]


def _notes(settings: Settings, key: str, problems: list[Problem]) -> list[str]:
    """Status and validation lines for an account."""
    account = settings.account(key)
    notes = [NOT_CONFIGURED] if account is not None and account.is_placeholder else []
    return notes + [format_problem(p) for p in account_problems(problems, key)]


def account_fields(account: Account) -> dict[str, Any]:
    """An account's settings as plain values, in Artsystem5's form order."""
    order = GLOBAL_FORM_ORDER if isinstance(account, GlobalAccount) else FORM_ORDER
    return {name: getattr(account, name) for name in order}


def _store_location(config: Path, settings: Settings) -> str:
    """Where this config's passwords live, in words."""
    try:
        return open_secret_store(settings.secret_store, config).location
    except SecretStoreError as problem:
        return f"{settings.secret_store} (cannot be opened: {problem})"


def _document(
    config: Path,
    settings: Settings,
    keys: list[str],
    selection: Resolved | None,
    problems: list[Problem],
) -> dict[str, Any]:
    """The JSON form of `show`."""
    document: dict[str, Any] = {
        "config": str(config),
        "secret_store": {
            "kind": settings.secret_store,
            "location": _store_location(config, settings),
        },
    }
    if selection is not None:
        document["selection"] = {"account": selection.key, "own": selection.own}
    document["accounts"] = [
        _account_document(config, settings, key, problems) for key in keys
    ]
    return document


def _account_document(
    config: Path, settings: Settings, key: str, problems: list[Problem]
) -> dict[str, Any]:
    """One account's JSON: settings, password status, problems."""
    account = settings.account(key)
    assert account is not None
    status = password_status(config, settings, key)
    return {
        "key": key,
        "label": account_label(key),
        "configured": not account.is_placeholder,
        "security": account.security_label(),
        "settings": account_fields(account),
        "password": {
            "stored": status.stored,
            "location": status.location,
            "description": status.describe(),
        },
        "problems": [
            {"field": p.field, "severity": p.severity, "message": p.message}
            for p in account_problems(problems, key)
        ],
    }


def _print(
    config: Path,
    settings: Settings,
    keys: list[str],
    selection: Resolved | None,
    problems: list[Problem],
) -> None:
    """The text form of `show`."""
    say(f"Config file: {config}")
    say(f"Passwords: {_store_location(config, settings)}")
    if not keys:
        say("")
        say("No account is configured yet. Run `a5wizard` to set one up, or")
        say("`a5wizard apply FILE` to load one from a file.")
        return
    if selection is not None:
        say(f"Mail goes through {selection.describe()}.")
    for key in keys:
        account = settings.account(key)
        assert account is not None
        say("")
        _print_account(key, account, password_status(config, settings, key))
        for line in _notes(settings, key, problems):
            say(f"  ! {line}")


def _print_account(key: str, account: Account, status: PasswordStatus) -> None:
    """One account's settings, one per line, with the password's location."""
    say(f"{account_label(key)[0].upper()}{account_label(key)[1:]}:")
    values = account_fields(account)
    rows: list[tuple[str, object]] = []
    for name, value in values.items():
        if name in ("tls", "cafile") and value is None:
            continue
        if name == "auth" and value == "password":
            continue
        rows.append((name, value))
        if name == "secure":
            rows.append(("security", account.security_label()))
        if name == "username":
            rows.append(("password", status.describe()))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        text = ("yes" if value else "no") if isinstance(value, bool) else value
        say(f"  {name:<{width}}  {shown(text) if text != '' else '(empty)'}")
