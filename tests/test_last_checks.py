"""The last-check record beside the config: written atomically, tolerant of
a damaged file, one entry per account."""

from __future__ import annotations

import json
import stat
from datetime import datetime
from pathlib import Path

import pytest

from a5wizard.last_checks import (
    LastCheck,
    forget_check,
    last_checks_path,
    load_last_checks,
    record_check,
)

PASSED = LastCheck(when="2025-01-02T03:04:05+00:00", ok=True, mode="send", summary="ok")
FAILED = LastCheck(
    when="2025-01-03T00:00:00+00:00", ok=False, mode="no-send", summary="535 bad"
)


def test_file_lives_beside_the_config(config_path: Path) -> None:
    assert last_checks_path(config_path) == config_path.with_name("config.checks.json")


def test_nothing_recorded_yet(config_path: Path) -> None:
    assert load_last_checks(config_path) == {}


def test_record_and_load(config_path: Path) -> None:
    record_check(config_path, "global", PASSED)
    record_check(config_path, "alice", FAILED)
    assert load_last_checks(config_path) == {"global": PASSED, "alice": FAILED}
    mode = last_checks_path(config_path).stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_a_new_record_replaces_the_old_one(config_path: Path) -> None:
    record_check(config_path, "alice", PASSED)
    record_check(config_path, "alice", FAILED)
    assert load_last_checks(config_path) == {"alice": FAILED}


def test_forget(config_path: Path) -> None:
    record_check(config_path, "alice", PASSED)
    record_check(config_path, "bob", FAILED)
    forget_check(config_path, "alice")
    forget_check(config_path, "nobody")
    assert load_last_checks(config_path) == {"bob": FAILED}


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe", b"[]", b'{"checks": 3}', b"", b"[" * 100_000],
)
def test_damaged_file_reads_as_empty_and_is_replaced(
    config_path: Path, content: bytes
) -> None:
    path = last_checks_path(config_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert load_last_checks(config_path) == {}
    record_check(config_path, "global", PASSED)
    assert load_last_checks(config_path) == {"global": PASSED}


def test_malformed_entries_are_skipped(config_path: Path) -> None:
    path = last_checks_path(config_path)
    path.parent.mkdir(parents=True)
    good = {"when": PASSED.when, "ok": True, "mode": "send", "summary": "ok"}
    entries = {"good": good, "bad": {**good, "ok": "yes"}, "worse": [1]}
    path.write_text(json.dumps({"version": 1, "checks": entries}))
    assert load_last_checks(config_path) == {"good": PASSED}


def test_now_is_utc_iso_8601() -> None:
    check = LastCheck.now(ok=True, mode="send", summary="sent")
    when = datetime.fromisoformat(check.when)
    assert when.utcoffset() is not None and when.utcoffset().total_seconds() == 0


def test_unusual_text_survives(config_path: Path) -> None:
    odd = LastCheck(when=PASSED.when, ok=False, mode="send", summary="\udcff é\n")
    record_check(config_path, "zoë", odd)
    assert load_last_checks(config_path) == {"zoë": odd}
