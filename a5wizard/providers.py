"""Mail providers a5wizard knows: their settings, sign-in rules and checklists,
looked up by key, by address domain or by MX host."""

from __future__ import annotations

from fnmatch import fnmatchcase

from a5wizard.model import Account
from a5wizard.provider_catalogue import CATALOGUE
from a5wizard.provider_types import (
    ChecklistItem,
    PasswordKind,
    Provider,
    UsernameRule,
)

PROVIDERS: dict[str, Provider] = {provider.key: provider for provider in CATALOGUE}
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


__all__ = [
    "MAIN_PROVIDER_KEYS",
    "PROVIDERS",
    "ChecklistItem",
    "PasswordKind",
    "Provider",
    "UsernameRule",
    "apply_provider",
    "get_provider",
    "is_known_server",
    "preset_servers",
    "provider_for_domain",
    "provider_for_mx",
]
