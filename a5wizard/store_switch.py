"""Changing an account file's secret store (keyring <-> owner-only file):
the other accounts' passwords move along instead of silently going missing."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from a5wizard.model import SecretStoreKind, Settings
from a5wizard.secret import Secret
from a5wizard.secret_store import SecretStore, SecretStoreError, open_secret_store


def move_other_secrets(
    config: Path,
    current: Settings,
    kind: SecretStoreKind,
    store: SecretStore,
    secrets: Mapping[str, Secret],
) -> tuple[list[str], list[str]]:
    """On a change of store, copy the other passwords; return (moved, not moved)."""
    if kind == current.secret_store:
        return [], []
    keys = [key for key in current.account_keys() if key not in secrets]
    if not keys:
        return [], []
    moved: list[str] = []
    not_moved: list[str] = []
    try:
        previous = open_secret_store(current.secret_store, config)
        found = {key: previous.get(key) for key in keys}
    except SecretStoreError:
        return [], keys
    for key, secret in found.items():
        if secret is None:
            not_moved.append(key)
            continue
        store.set(key, secret)
        moved.append(key)
    return moved, not_moved


def delete_moved(config: Path, kind: SecretStoreKind, keys: list[str]) -> list[str]:
    """Remove moved passwords from the previous store; return those left there."""
    left: list[str] = []
    for key in keys:
        try:
            open_secret_store(kind, config).delete(key)
        except SecretStoreError:
            left.append(key)
    return left
