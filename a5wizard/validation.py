"""The one rule set for accounts and login names, shared by the command line and
the wizard: every problem at once, each naming its field and the fix."""

from __future__ import annotations

from collections.abc import Iterable

from a5wizard import account_rules, field_syntax
from a5wizard.account_rules import TEXT_LIMITS, normalise_password
from a5wizard.model import GLOBAL, Account, Settings
from a5wizard.problem import (
    Problem,
    Severity,
    add_problem,
    errors,
    format_problem,
    warnings,
)
from a5wizard.secret import Secret
from a5wizard.text import has_control_chars

__all__ = [
    "Problem",
    "Severity",
    "errors",
    "format_problem",
    "normalise_password",
    "validate_account",
    "validate_login_name",
    "validate_settings",
    "warnings",
]

MAX_LOGIN_NAME = 64
SECRET_STORES = ("keyring", "file")


def validate_account(account: Account, *, password: str | None = None) -> list[Problem]:
    """Every problem with an account; password None means it is not being changed."""
    problems: list[Problem] = []
    unsafe = account_rules.refuse_control_chars(account, problems)

    def has(name: str) -> bool:
        value = getattr(account, name, None)
        return name not in unsafe and isinstance(value, str)

    provider = (
        account_rules.find_provider(account, problems) if has("provider") else None
    )
    if has("server"):
        account_rules.check_server(account, provider, problems)
    account_rules.check_port_and_security(
        account, provider, problems, check_server=has("server")
    )
    if has("username"):
        account_rules.check_username(account, provider, problems)
    if has("reply_to"):
        account_rules.check_reply_to(
            account, provider if has("username") else None, problems
        )
    if has("bcc") and account.bcc:
        add_problem(problems, "bcc", field_syntax.address_list_problem(account.bcc))
    if has("auth"):
        account_rules.check_auth(account, provider, problems)
    if has("cafile") and account.cafile is not None:
        add_problem(problems, "cafile", field_syntax.cafile_problem(account.cafile))
    for name, limit in TEXT_LIMITS.items():
        if has(name) and len(getattr(account, name)) > limit:
            add_problem(problems, name, f"Keep this to {limit} characters at most.")
    if password is not None:
        account_rules.check_password(account.provider, password, problems)
    return problems


def validate_settings(
    settings: Settings, passwords: dict[str, Secret] | None = None
) -> list[Problem]:
    """Every problem in the settings, fields named like "users.alice.port"."""
    passwords = passwords or {}
    problems: list[Problem] = []
    if settings.secret_store not in SECRET_STORES:
        add_problem(
            problems, "secret_store", "Choose 'keyring' or 'file' as the secret store."
        )
    accounts: list[tuple[str, str, Account]] = []
    if settings.global_account is not None:
        accounts.append((GLOBAL, GLOBAL, settings.global_account))
    seen: list[str] = []
    for name, account in settings.users.items():
        prefix = f"users.{name}"
        for problem in validate_login_name(name, seen):
            problems.append(Problem(prefix, problem.message, problem.severity))
        seen.append(name)
        accounts.append((name, prefix, account))
    for key, prefix, account in accounts:
        secret = passwords.get(key)
        password = secret.reveal() if secret is not None else None
        for problem in validate_account(account, password=password):
            field = f"{prefix}.{problem.field}"
            problems.append(Problem(field, problem.message, problem.severity))
    return problems


def validate_login_name(name: str, existing: Iterable[str] = ()) -> list[Problem]:
    """Problems with a new user's Artsystem5 login name (field "login")."""
    problems: list[Problem] = []
    if not name.strip():
        add_problem(problems, "login", "Enter the user's Artsystem5 login name.")
        return problems
    if has_control_chars(name):
        add_problem(
            problems, "login", "Remove line breaks and other control characters."
        )
    if name != name.strip():
        add_problem(
            problems, "login", "Remove the spaces at the start or end of the name."
        )
    if len(name) > MAX_LOGIN_NAME:
        add_problem(
            problems, "login", f"A login name has {MAX_LOGIN_NAME} characters at most."
        )
    if name.strip().lower() == GLOBAL:
        add_problem(
            problems,
            "login",
            f"'{GLOBAL}' names the global account; a user cannot be called that.",
        )
    if any(name.lower() == other.lower() for other in existing):
        add_problem(
            problems,
            "login",
            "This user already has an account: choose them from the list to edit it.",
        )
    return problems
