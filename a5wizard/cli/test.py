"""`a5wizard test`: check an account live (or every account with --all),
printing each step as it happens, then the verdict and the diagnosis."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from a5wizard.accounts import load_password, password_location
from a5wizard.check.auth import PasswordAuth
from a5wizard.check.runner import CheckRequest, check_account, check_many
from a5wizard.check.steps import CheckResult, CheckStep, Outcome
from a5wizard.cli.check_report import (
    print_result,
    print_step,
    result_document,
    summary,
)
from a5wizard.cli.output import (
    EXIT_BAD_INPUT,
    EXIT_CHECK_FAILED,
    EXIT_OK,
    CliError,
    print_json,
    say,
    shown,
    warn,
)
from a5wizard.config_file import load_settings
from a5wizard.field_syntax import address_problem
from a5wizard.last_checks import LastCheck, record_check
from a5wizard.model import (
    GLOBAL,
    Account,
    NoAccountConfigured,
    Settings,
    account_label,
    resolve_account,
)
from a5wizard.paths import config_path, transcript_dir
from a5wizard.secret import Secret
from a5wizard.validation import errors, format_problem, validate_account

PER_SERVER = 3  # Microsoft 365 allows at most 3 connections per mailbox


def run(args: argparse.Namespace) -> int:
    """Run the check(s); exit 0 when all pass, 1 when one fails, 2 on bad input."""
    config = config_path(args.config)
    settings = load_settings(config)
    if args.all:
        return _run_all(config, settings, args)
    resolved = resolve_account(settings, args.user)
    request = _request(config, settings, resolved.key, resolved.account, args)
    if not args.json:
        _print_header(request, resolved.describe())
    on_step = None if args.json else _print_finished
    result = asyncio.run(check_account(request, on_step))
    _record(config, result)
    if args.json:
        print_json(result_document(result, with_transcript=args.transcript))
    else:
        print_result(result, with_transcript=args.transcript)
    return EXIT_OK if result.ok else EXIT_CHECK_FAILED


def _request(
    config: Path,
    settings: Settings,
    key: str,
    account: Account,
    args: argparse.Namespace,
) -> CheckRequest:
    """The check of one account; CliError when it cannot be checked."""
    _refuse_unusable(config, key, account)
    recipient = _recipient(args.to, key, account)
    password = _password(config, settings, key)
    timeouts: dict[str, float] = {}
    if args.timeout is not None:
        timeouts = {"connect_timeout": args.timeout, "reply_timeout": args.timeout}
    return CheckRequest(
        account_key=key,
        account=account,
        authenticator=PasswordAuth(account.username, password),
        recipient=recipient,
        mode="no-send" if args.no_send else "send",
        global_account=settings.global_account,
        allow_plaintext=args.allow_plaintext,
        transcript_dir=transcript_dir(),
        **timeouts,
    )


def _refuse_unusable(config: Path, key: str, account: Account) -> None:
    """CliError for a placeholder, an unknown sign-in or invalid settings."""
    label = account_label(key)
    if account.is_placeholder:
        raise CliError(
            f"the {label} is not yet configured (it still holds Artsystem5's "
            "placeholder address); set it up with `a5wizard` first"
        )
    if account.auth != "password":
        raise CliError(
            f"the {label} signs in with {account.auth!r}, which this version "
            "cannot check yet"
        )
    refused = errors(validate_account(account))
    if refused:
        lines = "\n".join(f"  {format_problem(p)}" for p in refused)
        raise CliError(f"the {label} in {config} has problems:\n{lines}")


def _recipient(to: str | None, key: str, account: Account) -> str:
    """--to, else the account's reply-to (else its username), checked."""
    recipient = to or account.reply_to or account.username
    problem = address_problem(recipient)
    if problem is not None:
        source = "--to" if to else f"the {account_label(key)}'s reply_to"
        raise CliError(f"{source}: {shown(recipient)!r} is not an address: {problem}")
    return recipient


def _password(config: Path, settings: Settings, key: str) -> Secret:
    """The stored password; CliError saying how to store one when missing."""
    password = load_password(config, settings, key)
    if password is None:
        where = password_location(config, settings, key)
        scope = "--global" if key == GLOBAL else f"--user {key}"
        raise CliError(
            f"no password is stored for the {account_label(key)} ({where}); set "
            f"it with `a5wizard` or `a5wizard apply FILE --password-stdin {scope}`"
        )
    return password


def _print_header(request: CheckRequest, whose: str) -> None:
    """Say which account is checked, where, and what the check will do."""
    account = request.account
    say(
        f"Checking {whose}: {shown(account.server)} port {account.port} "
        f"({account.security_label()}) as {shown(account.username)}"
    )
    if request.mode == "send":
        say(f"A test message goes to {shown(request.recipient)}.")
    else:
        say(
            f"No message is sent; the check stops after {request.recipient} is "
            "accepted."
        )
    say("")


def _print_finished(step: CheckStep) -> None:
    """Print a step as soon as it has finished (not when it starts)."""
    if step.outcome != Outcome.RUNNING:
        print_step(step)


def _record(config: Path, result: CheckResult) -> None:
    """Remember the verdict for `users` and the wizard; a failure only warns."""
    check = LastCheck.now(result.ok, result.mode, summary(result))
    try:
        record_check(config, result.account_key, check)
    except OSError as error:
        warn(f"a5wizard: the result could not be recorded: {error.strerror}")


def _run_all(config: Path, settings: Settings, args: argparse.Namespace) -> int:
    """Check every configured account concurrently; one line each."""
    keys = settings.account_keys()
    if not keys:
        raise NoAccountConfigured(
            f"No account is configured in {config}: run `a5wizard` to set one up."
        )
    requests: list[CheckRequest] = []
    not_checked: dict[str, str] = {}
    skipped: list[str] = []
    for key in keys:
        account = settings.account(key)
        assert account is not None
        if account.is_placeholder:
            skipped.append(key)
            continue
        try:
            requests.append(_request(config, settings, key, account, args))
        except CliError as problem:
            not_checked[key] = str(problem)

    results = asyncio.run(check_many(requests, per_server=PER_SERVER))
    for result in results:
        _record(config, result)
    if args.json:
        print_json(_all_document(results, not_checked, skipped))
    else:
        _print_all(settings, results, not_checked, skipped)
    if not_checked:
        return EXIT_BAD_INPUT
    return EXIT_OK if all(result.ok for result in results) else EXIT_CHECK_FAILED


def _all_document(
    results: list[CheckResult], not_checked: dict[str, str], skipped: list[str]
) -> dict[str, object]:
    """The JSON form of `test --all`."""
    return {
        "ok": not not_checked and all(result.ok for result in results),
        "results": [result_document(result) for result in results],
        "not_checked": [
            {"account": key, "reason": reason} for key, reason in not_checked.items()
        ],
        "not_yet_configured": skipped,
    }


def _print_all(
    settings: Settings,
    results: list[CheckResult],
    not_checked: dict[str, str],
    skipped: list[str],
) -> None:
    """One line per account, in the config's order."""
    by_key = {result.account_key: result for result in results}
    width = max(len(account_label(key)) for key in settings.account_keys())
    for key in settings.account_keys():
        label = account_label(key).ljust(width)
        if key in by_key:
            result = by_key[key]
            mark = "[ ok ]" if result.ok else "[FAIL]"
            where = f"{shown(result.server)}:{result.port}"
            say(f"{mark} {label}  {where}  {shown(summary(result))}")
        elif key in skipped:
            say(f"[skip] {label}  not yet configured (Artsystem5's placeholder)")
        else:
            say(f"[FAIL] {label}  not checked: {not_checked[key]}")
