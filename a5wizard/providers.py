"""Mail providers a5wizard knows: their settings, sign-in rules and checklists,
looked up by key, by address domain or by MX host."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Literal

from a5wizard.model import Account
from a5wizard.provider_catalogue import CATALOGUE, ProviderData

PasswordKind = Literal["app_password", "account_password", "oauth2_only"]
UsernameRule = Literal["full_address", "any"]


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to do at the provider before the account can send mail."""

    id: str
    text: str
    why: str
    url: str | None = None


@dataclass(frozen=True)
class Provider:
    """A mail provider's outgoing-mail settings, rules and checklist."""

    key: str
    name: str
    server: str
    port: int
    secure: bool
    tls: Literal["ssl", "starttls"] | None
    username_rule: UsernameRule
    username_hint: str
    password_kind: PasswordKind
    password_hint: str
    limits: str
    notes: tuple[str, ...]
    checklist: tuple[ChecklistItem, ...]
    domains: tuple[str, ...]
    mx_suffixes: tuple[str, ...]
    max_message_mb: int | None
    oauth_scope: str | None
    other_servers: tuple[str, ...] = ()
    """Further servers of this provider (regions, relays) that need no warning."""

    def checklist_item(self, item_id: str) -> ChecklistItem | None:
        """The checklist item with this id, if the provider has one."""
        return next((item for item in self.checklist if item.id == item_id), None)


def _provider(data: ProviderData) -> Provider:
    checklist = tuple(ChecklistItem(**item) for item in data["checklist"])
    return Provider(**{**data, "checklist": checklist})


PROVIDERS: dict[str, Provider] = {data["key"]: _provider(data) for data in CATALOGUE}
"""Every provider by key: gmail, office365, other, then the presets."""

MAIN_PROVIDER_KEYS = ("gmail", "office365", "other")
"""The three choices the wizard shows first."""


def get_provider(key: str) -> Provider:
    """The provider with this key; an unknown key gives "other"."""
    return PROVIDERS.get(key, PROVIDERS["other"])


def provider_for_domain(domain: str) -> Provider | None:
    """The provider hosting addresses at a public mail domain (gmail.com...)."""
    domain = domain.strip().rstrip(".").lower()
    for provider in PROVIDERS.values():
        if any(fnmatchcase(domain, pattern) for pattern in provider.domains):
            return provider
    return None


def provider_for_mx(host: str) -> Provider | None:
    """The provider behind a custom domain, judged by one of its MX host names."""
    host = host.strip().rstrip(".").lower()
    for provider in PROVIDERS.values():
        for suffix in provider.mx_suffixes:
            if host == suffix or host.endswith("." + suffix):
                return provider
    return None


def preset_servers() -> frozenset[str]:
    """The server names every provider preset fills in."""
    return frozenset(p.server for p in PROVIDERS.values() if p.server)


def is_known_server(provider: Provider, server: str) -> bool:
    """True when a server name is one this provider documents."""
    name = server.strip().rstrip(".").lower()
    return name == provider.server or name in provider.other_servers


def apply_provider(account: Account, provider: Provider) -> None:
    """Prefill an account's provider, server, port and security from a provider.

    A provider without a server ("other") keeps a server typed by hand, with its
    port and security, and only clears one left over from another preset.
    """
    account.provider = provider.key
    if not provider.server:
        if account.server.strip().lower() not in preset_servers():
            return
        account.server = ""
    else:
        account.server = provider.server
    account.port = provider.port
    account.secure = provider.secure
    account.tls = provider.tls
