"""The rules for each account field, general and per provider (Gmail, Office 365,
Outlook.com...). `validation` runs them all and collects the problems."""

from __future__ import annotations

import re

from a5wizard import field_syntax
from a5wizard.model import PLACEHOLDER_USERNAME, Account
from a5wizard.problem import Problem, add_problem
from a5wizard.providers import PROVIDERS, Provider, is_known_server
from a5wizard.text import clean, has_control_chars, is_utf8

TEXT_LIMITS = {"from_name": 100, "street": 200, "city": 100, "country": 100}
"""Longest from name and address lines, in characters."""

MAX_USERNAME = 254
MAX_PASSWORD = 1024
"""Longest password accepted, in characters (an SMTP AUTH line stays sane)."""
AUTH_KINDS = ("password", "oauth2")

TEXT_FIELDS = (
    "server",
    "username",
    "reply_to",
    "bcc",
    "provider",
    "auth",
    "cafile",
    *TEXT_LIMITS,
)
"""Every text field of an account, global-only ones included."""

_GMAIL_APP_PASSWORD = re.compile(r"[A-Za-z]{16}")


def normalise_password(provider: str, password: str) -> str:
    """The password as the server wants it: Gmail app passwords lose their spaces."""
    if provider == "gmail":
        return password.replace(" ", "").replace("\u00a0", "")
    return password


def refuse_control_chars(account: Account, problems: list[Problem]) -> set[str]:
    """Refuse control characters (header injection); return the fields refused."""
    unsafe: set[str] = set()
    for name in TEXT_FIELDS:
        if not hasattr(account, name):
            continue
        value = getattr(account, name)
        if value is None and name == "cafile":
            continue
        if not isinstance(value, str):
            add_problem(problems, name, "This must be text.")
            unsafe.add(name)
        elif has_control_chars(value):
            add_problem(
                problems,
                name,
                "Remove the line break or other control character: it could "
                "smuggle extra headers into mail.",
            )
            unsafe.add(name)
    return unsafe


def find_provider(account: Account, problems: list[Problem]) -> Provider | None:
    """The account's provider; an unknown key or a retired sign-in is an error."""
    provider = PROVIDERS.get(account.provider)
    if provider is None:
        known = ", ".join(PROVIDERS)
        add_problem(problems, "provider", f"Unknown provider: choose one of {known}.")
    elif provider.password_kind == "oauth2_only" and account.auth == "password":
        add_problem(
            problems,
            "provider",
            f"{provider.name} no longer accepts password sign-in (only OAuth2, "
            "which is coming to a5wizard): send through another account.",
        )
    return provider


def check_server(
    account: Account, provider: Provider | None, problems: list[Problem]
) -> None:
    """Server: required, a host name or IP, the provider's own (else a warning)."""
    if not account.server:
        example = (
            provider.server if provider and provider.server else "smtp.example.com"
        )
        add_problem(
            problems, "server", f"Enter the outgoing mail server, such as {example}."
        )
        return
    problem = field_syntax.host_problem(account.server)
    add_problem(problems, "server", problem)
    changed = provider is not None and not is_known_server(provider, account.server)
    if problem is None and provider is not None and provider.server and changed:
        add_problem(
            problems,
            "server",
            f"{provider.name} normally uses {provider.server}; keep this only "
            "for a relay or a test server.",
            "warning",
        )


def check_port_and_security(
    account: Account,
    provider: Provider | None,
    problems: list[Problem],
    *,
    check_server: bool,
) -> None:
    """Port range, TLS mode, Office 365's port rule and plain-text warnings."""
    port_problem = field_syntax.port_problem(account.port)
    add_problem(problems, "port", port_problem)
    if account.tls not in (None, "ssl", "starttls"):
        add_problem(problems, "tls", "Choose 'ssl' or 'starttls' for the TLS mode.")
        return
    if port_problem is not None:
        return
    if provider and provider.key == "office365" and account.port == 465:
        add_problem(
            problems,
            "port",
            "Office 365 does not accept password sign-in on port 465: Microsoft "
            "supports 587 (or 25) with STARTTLS. Use 587.",
        )
    if not account.secure:
        if (
            check_server
            and account.server
            and not field_syntax.is_loopback(account.server)
        ):
            add_problem(
                problems,
                "secure",
                "Without a secure connection the password crosses the network in "
                "plain text: tick Secure Connection.",
                "warning",
            )
        return
    if account.tls == "starttls" and account.port == 465:
        add_problem(
            problems,
            "tls",
            "Port 465 normally uses SSL from the start, not STARTTLS.",
            "warning",
        )
    if account.tls == "ssl" and account.port == 587:
        add_problem(
            problems,
            "tls",
            "Port 587 normally uses STARTTLS, not SSL from the start.",
            "warning",
        )


def check_username(
    account: Account, provider: Provider | None, problems: list[Problem]
) -> None:
    """Username: required, a full address where the provider wants one."""
    username = account.username
    if not username.strip():
        hint = provider.username_hint if provider else "Enter the login."
        add_problem(problems, "username", f"Enter the username. {hint}")
        return
    if len(username) > MAX_USERNAME:
        add_problem(
            problems, "username", f"A username has {MAX_USERNAME} characters at most."
        )
    elif username != username.strip():
        add_problem(problems, "username", "Remove the spaces at the start or end.")
    elif provider and provider.username_rule == "full_address":
        problem = field_syntax.address_problem(username)
        if problem is not None:
            add_problem(
                problems,
                "username",
                f"{provider.name} wants the full address. {problem}",
            )
    if username.strip().lower() == PLACEHOLDER_USERNAME:
        add_problem(
            problems,
            "username",
            f"{PLACEHOLDER_USERNAME} is Artsystem5's placeholder: this account is "
            "not yet configured. Enter the gallery's own account.",
            "warning",
        )


def check_reply_to(
    account: Account, provider: Provider | None, problems: list[Problem]
) -> None:
    """Reply-to syntax, then the provider's rule (skipped when provider is None)."""
    if not account.reply_to:
        add_problem(
            problems, "reply_to", "Enter the reply-to address, usually the username."
        )
        return
    problem = field_syntax.address_problem(account.reply_to)
    add_problem(problems, "reply_to", problem)
    same = account.reply_to.strip().lower() == account.username.strip().lower()
    if problem is not None or same or provider is None or not account.username:
        return
    if provider.key == "office365":
        # Artsystem5 blocks sending otherwise, and Microsoft refuses "send as".
        add_problem(
            problems,
            "reply_to",
            "Office 365: the reply-to address must be the username "
            f"({clean(account.username)}), or Artsystem5 blocks sending.",
        )
    elif provider.key == "gmail":
        add_problem(
            problems,
            "reply_to",
            "Gmail sends as the username unless this address is a verified "
            "'Send mail as' alias in Gmail's settings.",
            "warning",
        )


def check_auth(
    account: Account, provider: Provider | None, problems: list[Problem]
) -> None:
    """Sign-in kind: password, or OAuth2 where the provider offers it."""
    if account.auth not in AUTH_KINDS:
        add_problem(
            problems, "auth", "Choose 'password' (or 'oauth2') for the sign-in."
        )
    elif account.auth == "oauth2":
        if provider is not None and provider.oauth_scope is None:
            add_problem(
                problems,
                "auth",
                f"{provider.name} has no OAuth2 sign-in here: use 'password'.",
            )
        else:
            add_problem(
                problems,
                "auth",
                "OAuth2 sign-in is not available in this version of a5wizard yet; "
                "a check cannot log in.",
                "warning",
            )


def check_password(provider: str, password: str, problems: list[Problem]) -> None:
    """A new password: no control characters; Gmail wants an app password."""
    if has_control_chars(password):
        add_problem(
            problems,
            "password",
            "The password holds a line break or other control character; retype "
            "it (copying can pick one up).",
        )
        return
    if not is_utf8(password):
        add_problem(
            problems,
            "password",
            "The password is not valid UTF-8 text; type it again (or check the "
            "encoding of what was piped in).",
        )
        return
    if len(password) > MAX_PASSWORD:
        add_problem(
            problems,
            "password",
            f"The password is longer than {MAX_PASSWORD} characters; check that "
            "only the password was pasted or piped in.",
        )
        return
    value = normalise_password(provider, password)
    if not value:
        add_problem(problems, "password", "Enter the password.")
    elif provider == "gmail" and not _GMAIL_APP_PASSWORD.fullmatch(value):
        add_problem(
            problems,
            "password",
            "This does not look like a Gmail app password (16 letters; spaces "
            "don't matter). Gmail refuses the normal Google password: create one "
            "at https://myaccount.google.com/apppasswords.",
            "warning",
        )
    elif value != value.strip():
        add_problem(
            problems,
            "password",
            "The password starts or ends with a space; check nothing extra was copied.",
            "warning",
        )
