"""`a5wizard apply FILE`: set up accounts without the wizard, from a YAML file
in the config's own format whose passwords go to the secret store only."""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from pathlib import Path

from a5wizard.accounts import AccountProblems, SaveOutcome, save_accounts
from a5wizard.cli.output import EXIT_BAD_INPUT, EXIT_OK, CliError, say, warn
from a5wizard.config_file import parse_settings
from a5wizard.last_checks import forget_check
from a5wizard.model import GLOBAL, Account, SecretStoreKind, account_label
from a5wizard.paths import config_path
from a5wizard.secret import Secret
from a5wizard.validation import format_problem

_SECRET_STORE_LINE = re.compile(r"^secret_store\s*:", re.MULTILINE)


def run(args: argparse.Namespace) -> int:
    """Validate FILE, then merge its accounts into the config; exit 0 or 2."""
    config = config_path(args.config)
    source = Path(args.file)
    text = _read(source)
    incoming, passwords = parse_settings(text, str(source), allow_passwords=True)
    accounts: dict[str, Account] = {}
    if incoming.global_account is not None:
        accounts[GLOBAL] = incoming.global_account
    accounts.update(incoming.users)
    stdin_key = _stdin_target(args)
    if stdin_key is not None:
        if stdin_key in passwords:
            raise CliError(
                f"{source} already gives the password of the "
                f"{account_label(stdin_key)}; keep one of the two"
            )
        passwords[stdin_key] = _read_password()
    if not accounts and not passwords:
        raise CliError(f"{source} holds no account; nothing to apply")

    store_kind = _store_kind(args, incoming.secret_store, text)
    try:
        outcome = save_accounts(config, accounts, passwords, store_kind)
    except AccountProblems as problem:
        warn(f"a5wizard: {source} has problems; nothing was written:")
        for line in problem.problems:
            warn(f"  {format_problem(line)}")
        return EXIT_BAD_INPUT
    _forget_stale_checks(config, outcome)
    _report(config, outcome)
    return EXIT_OK


def _read(source: Path) -> str:
    """The apply file's text; unreadable -> a message naming the file."""
    try:
        return source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"{source}: not UTF-8 text; save it as UTF-8") from None


def _stdin_target(args: argparse.Namespace) -> str | None:
    """The account whose password comes on standard input, if any."""
    chosen = GLOBAL if args.global_ else args.user
    if args.password_stdin and chosen is None:
        raise CliError("--password-stdin needs --user NAME or --global")
    if chosen is not None and not args.password_stdin:
        raise CliError(
            "--user and --global choose whose password --password-stdin reads; "
            "the accounts themselves come from FILE"
        )
    return chosen


def _read_password() -> Secret:
    """One password from standard input (asked for when it is a terminal)."""
    if sys.stdin.isatty():
        value = getpass.getpass("Password: ")
    else:
        value = sys.stdin.read()
        if value.endswith("\n"):
            value = value[:-1]
        if value.endswith("\r"):
            value = value[:-1]
    if not value:
        raise CliError("no password arrived on standard input")
    if "\n" in value or "\r" in value:
        raise CliError("standard input must hold one password on one line")
    return Secret(value)


def _store_kind(
    args: argparse.Namespace, in_file: SecretStoreKind, text: str
) -> SecretStoreKind | None:
    """--secret-store, else a secret_store written in FILE, else the config's."""
    if args.secret_store is not None:
        return args.secret_store
    if _SECRET_STORE_LINE.search(text):
        return in_file
    return None


def _forget_stale_checks(config: Path, outcome: SaveOutcome) -> None:
    """A check of settings or a password that just changed no longer holds."""
    for saved in outcome.accounts:
        if saved.created or saved.changed_fields or saved.password_saved:
            forget_check(config, saved.key)


def _report(config: Path, outcome: SaveOutcome) -> None:
    """Say what changed; warnings go to standard error."""
    say(f"Saved {config}")
    for saved in outcome.accounts:
        say(f"  {saved.summary()}")
        for problem in saved.warnings:
            warn(f"  {account_label(saved.key)}: {format_problem(problem)}")
    if outcome.store_changed:
        say(f"  Passwords now live in {outcome.store_location}.")
    if outcome.moved:
        names = ", ".join(account_label(key) for key in outcome.moved)
        say(f"  Moved the passwords of: {names}")
    if outcome.not_moved:
        names = ", ".join(account_label(key) for key in outcome.not_moved)
        warn(
            f"  No password could be moved for: {names}; set them again with "
            "--password-stdin or the wizard."
        )
    if outcome.left_behind:
        names = ", ".join(account_label(key) for key in outcome.left_behind)
        warn(f"  Old copies of these passwords stay in the previous store: {names}")
