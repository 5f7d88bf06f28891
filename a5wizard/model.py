"""Artsystem5's outgoing-mail settings: the global account, user accounts and
the rule that picks the account a user's mail goes through."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Literal

TlsMode = Literal["ssl", "starttls"]
SecretStoreKind = Literal["keyring", "file"]

GLOBAL = "global"
"""The account key of the global account (Settings > Advanced)."""

PLACEHOLDER_USERNAME = "artsys5info@gmail.com"
"""Artsystem5 ships this generic address as a placeholder: it means "not set up"."""

IMPLICIT_TLS_PORT = 465


@dataclass
class Account:
    """Fields every Artsystem5 SMTP account has, global or per user."""

    server: str = ""
    port: int = 587
    secure: bool = True
    username: str = ""
    reply_to: str = ""
    bcc: str = ""
    provider: str = "other"
    tls: TlsMode | None = None
    cafile: str | None = None
    auth: str = "password"

    @property
    def tls_mode(self) -> TlsMode:
        """The TLS mode in force: explicit, else implicit on 465, else STARTTLS."""
        if self.tls is not None:
            return self.tls
        return "ssl" if self.port == IMPLICIT_TLS_PORT else "starttls"

    @property
    def is_placeholder(self) -> bool:
        """True when the account still holds Artsystem5's shipped placeholder."""
        return self.username.strip().lower() == PLACEHOLDER_USERNAME

    def security_label(self) -> str:
        """How the connection is protected, in plain words."""
        if not self.secure:
            return "no encryption"
        if self.tls_mode == "ssl":
            return "TLS (implicit, SSL)"
        return "STARTTLS"


@dataclass
class GlobalAccount(Account):
    """The account shared by every user (Artsystem5 Settings > Advanced)."""

    from_name: str = ""
    street: str = ""
    city: str = ""
    country: str = ""


@dataclass
class UserAccount(Account):
    """One user's own account (Artsystem5 Settings > User Details)."""


GLOBAL_ONLY_FIELDS = ("from_name", "street", "city", "country")
ACCOUNT_FIELDS = tuple(f.name for f in fields(Account))


@dataclass
class Settings:
    """Everything a5wizard keeps in its YAML file (never a password)."""

    global_account: GlobalAccount | None = None
    users: dict[str, UserAccount] = field(default_factory=dict)
    secret_store: SecretStoreKind = "keyring"

    def account(self, key: str) -> Account | None:
        """The account stored under a key: GLOBAL or a user's login name."""
        if key == GLOBAL:
            return self.global_account
        return self.users.get(key)

    def account_keys(self) -> list[str]:
        """Keys of every configured account, the global one first."""
        keys = [GLOBAL] if self.global_account is not None else []
        return keys + sorted(self.users)


@dataclass(frozen=True)
class Resolved:
    """The account a user's mail goes through, and why."""

    key: str
    account: Account
    own: bool

    def describe(self) -> str:
        """One line: whose account this is."""
        if self.key == GLOBAL:
            return "the global account" if self.own else "the global account (fallback)"
        return f"{self.key}'s own account"


class NoAccountConfigured(LookupError):
    """Neither the user nor the global account is configured."""


def resolve_account(settings: Settings, user: str | None) -> Resolved:
    """Pick the account for a user's mail: their own, else the global one."""
    if user is not None and user in settings.users:
        return Resolved(key=user, account=settings.users[user], own=True)
    if settings.global_account is not None:
        return Resolved(key=GLOBAL, account=settings.global_account, own=user is None)
    who = f"user {user!r}" if user is not None else "the global scope"
    raise NoAccountConfigured(
        f"No account configured for {who}: set up the global account "
        "(or the user's own account) first."
    )


def account_label(key: str) -> str:
    """A human name for an account key."""
    return "global account" if key == GLOBAL else f"user {key}"
