"""The outcome of each account's most recent check, kept in a small JSON file
beside the config so the wizard and `show` can say when it last worked."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from a5wizard.atomic import locked, write_atomic

FORMAT_VERSION = 1


@dataclass(frozen=True)
class LastCheck:
    """When an account was last checked, whether it passed, and a summary."""

    when: str
    ok: bool
    mode: str
    summary: str

    @classmethod
    def now(cls, ok: bool, mode: str, summary: str) -> LastCheck:
        """A record stamped with the current time (ISO 8601, UTC)."""
        when = datetime.now(UTC).isoformat(timespec="seconds")
        return cls(when=when, ok=ok, mode=mode, summary=summary)


def last_checks_path(config: Path) -> Path:
    """The JSON file beside the config: '<config stem>.checks.json'."""
    return config.with_name(f"{config.stem}.checks.json")


def load_last_checks(config: Path) -> dict[str, LastCheck]:
    """Every account's last check; a missing or damaged file gives {}."""
    try:
        raw = json.loads(last_checks_path(config).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    entries = raw.get("checks") if isinstance(raw, dict) else None
    if not isinstance(entries, dict):
        return {}
    checks: dict[str, LastCheck] = {}
    for key, entry in entries.items():
        check = _from_json(entry)
        if check is not None:
            checks[key] = check
    return checks


def _from_json(entry: Any) -> LastCheck | None:
    """One record, or None when it has the wrong shape."""
    if not isinstance(entry, dict):
        return None
    when, ok = entry.get("when"), entry.get("ok")
    mode, summary = entry.get("mode"), entry.get("summary")
    if not (isinstance(ok, bool) and _all_text(when, mode, summary)):
        return None
    return LastCheck(when=when, ok=ok, mode=mode, summary=summary)


def _all_text(*values: Any) -> bool:
    """True when every value is a string."""
    return all(isinstance(value, str) for value in values)


def record_check(config: Path, key: str, check: LastCheck) -> None:
    """Remember an account's latest check, replacing the previous one."""
    with _locked(config):
        checks = load_last_checks(config)
        checks[key] = check
        _write(config, checks)


def forget_check(config: Path, key: str) -> None:
    """Drop an account's record (for example when the account is removed)."""
    with _locked(config):
        checks = load_last_checks(config)
        if checks.pop(key, None) is not None:
            _write(config, checks)


def _locked(config: Path) -> AbstractContextManager[None]:
    """The lock that serialises writers of the checks file."""
    return locked(last_checks_path(config))


def _write(config: Path, checks: dict[str, LastCheck]) -> None:
    """Replace the checks file atomically."""
    document = {
        "version": FORMAT_VERSION,
        "checks": {key: asdict(check) for key, check in sorted(checks.items())},
    }
    text = json.dumps(document, indent=2) + "\n"
    write_atomic(last_checks_path(config), text)
