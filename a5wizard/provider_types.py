"""The shape of a provider entry: its settings, sign-in rules and checklist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
