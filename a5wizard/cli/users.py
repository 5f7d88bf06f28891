"""`a5wizard users`: the global account and every user, with the account each
user's mail goes through and how its last check went."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from a5wizard.cli.output import EXIT_OK, print_json, say, shown
from a5wizard.config_file import load_settings
from a5wizard.last_checks import LastCheck, load_last_checks
from a5wizard.model import GLOBAL, Account, Settings, resolve_account
from a5wizard.paths import config_path


def run(args: argparse.Namespace) -> int:
    """List the accounts; exit 0, or 2 when the config cannot be read."""
    config = config_path(args.config)
    settings = load_settings(config)
    rows = user_rows(settings, load_last_checks(config))
    if args.json:
        print_json(_document(config, settings, rows))
    else:
        _print(config, settings, rows)
    return EXIT_OK


def user_rows(settings: Settings, checks: dict[str, LastCheck]) -> list[dict[str, Any]]:
    """One row per configured account: who, through which account, last check."""
    rows: list[dict[str, Any]] = []
    if settings.global_account is not None:
        rows.append(_row(GLOBAL, GLOBAL, True, settings.global_account, checks))
    for name in sorted(settings.users):
        resolved = resolve_account(settings, name)
        rows.append(_row(name, resolved.key, resolved.own, resolved.account, checks))
    return rows


def _row(
    who: str,
    key: str,
    own: bool,
    account: Account,
    checks: dict[str, LastCheck],
) -> dict[str, Any]:
    check = checks.get(key)
    return {
        "user": who,
        "account": key,
        "own": own,
        "server": f"{account.server}:{account.port}",
        "username": account.username,
        "configured": not account.is_placeholder,
        "last_check": asdict(check) if check is not None else None,
    }


def _others(settings: Settings) -> str | None:
    """The account any other login's mail goes through, if there is one."""
    return GLOBAL if settings.global_account is not None else None


def _document(
    config: Path, settings: Settings, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """The JSON form of `users`."""
    return {
        "config": str(config),
        "accounts": rows,
        "other_users_go_through": _others(settings),
    }


def _through(row: dict[str, Any]) -> str:
    """Whose account a row's mail goes through, in words."""
    if row["account"] == GLOBAL:
        return "global account"
    return "own account"


def _last_check(row: dict[str, Any]) -> str:
    """A row's last check in a few words."""
    check = row["last_check"]
    if check is None:
        return "never checked"
    verdict = "passed" if check["ok"] else "FAILED"
    return f"{verdict} {check['when']} ({check['mode']}): {check['summary']}"


def _print(config: Path, settings: Settings, rows: list[dict[str, Any]]) -> None:
    """The text form of `users`: a small table."""
    say(f"Config file: {config}")
    if not rows:
        say("No account is configured yet. Run `a5wizard` to set one up.")
        return
    table = [("USER", "MAIL GOES THROUGH", "SERVER", "LAST CHECK")]
    for row in rows:
        who = "(global)" if row["user"] == GLOBAL else row["user"]
        through = _through(row)
        if not row["configured"]:
            through += " (not yet configured)"
        table.append((who, through, row["server"], _last_check(row)))
    widths = [max(len(shown(line[i])) for line in table) for i in range(3)]
    say("")
    for line in table:
        cells = [
            shown(cell).ljust(width)
            for cell, width in zip(line[:3], widths, strict=True)
        ]
        say("  ".join([*cells, shown(line[3])]))
    say("")
    if _others(settings) is not None:
        say("Any other Artsystem5 login sends through the global account.")
    else:
        say("Other Artsystem5 logins have no account: set up the global account.")
