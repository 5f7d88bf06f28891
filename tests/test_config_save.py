"""Saving the config: atomic, owner-only, a .bak of the previous version, a
lock that loses no update, and nothing written when the config is bad."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from a5wizard import atomic
from a5wizard.config_file import (
    ConfigError,
    dump_settings,
    load_settings,
    save_settings,
    update_settings,
)
from a5wizard.model import GlobalAccount, Settings, UserAccount

REPO = Path(__file__).resolve().parent.parent


def run_python(code: str, *args: str) -> subprocess.Popen[str]:
    """Start a Python child in the repository with the given code."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_save_is_owner_only_and_loads_back(
    config_path: Path, example_settings: Settings
) -> None:
    save_settings(config_path, example_settings)
    assert stat.S_IMODE(config_path.stat().st_mode) == 0o600
    assert load_settings(config_path) == example_settings


def test_backup_holds_the_previous_version(
    config_path: Path, example_settings: Settings
) -> None:
    save_settings(config_path, example_settings)
    first = config_path.read_text()
    example_settings.users.pop("bob")
    save_settings(config_path, example_settings)
    backup = config_path.with_name("config.yaml.bak")
    assert backup.read_text() == first
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert "bob" not in config_path.read_text()


def test_failed_rename_leaves_the_old_file_and_no_temporary(
    config_path: Path, example_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_settings(config_path, example_settings)
    before = config_path.read_bytes()

    def broken_replace(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_settings(config_path, Settings())
    monkeypatch.undo()
    assert config_path.read_bytes() == before
    assert not list(config_path.parent.glob("*.tmp"))


WRITER = """
import sys
from pathlib import Path
from a5wizard.config_file import save_settings
from a5wizard.model import Settings, UserAccount
path = Path(sys.argv[1])
big = {f"user{i}": UserAccount(server="smtp.x", username=f"u{i}" * 40)
       for i in range(400)}
small = {"solo": UserAccount()}
for round in range(100000):
    save_settings(path, Settings(users=big if round % 2 else small))
    print(round, flush=True)
"""


def test_writer_killed_mid_write_leaves_a_valid_file(config_path: Path) -> None:
    save_settings(config_path, Settings(users={"solo": UserAccount()}))
    writer = run_python(WRITER, str(config_path))
    assert writer.stdout is not None
    for _ in range(15):
        assert writer.stdout.readline(), "writer stopped early"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert writer.returncode == -signal.SIGKILL
    user_count = len(load_settings(config_path).users)
    assert user_count in (1, 400)
    assert len(load_settings(config_path.with_name("config.yaml.bak")).users) in (
        1,
        400,
    )


UPDATER = """
import sys
from pathlib import Path
from a5wizard.config_file import update_settings
from a5wizard.model import UserAccount
path, prefix = Path(sys.argv[1]), sys.argv[2]
for i in range(40):
    update_settings(path, lambda s: s.users.__setitem__(f"{prefix}{i}", UserAccount()))
"""


def test_concurrent_updates_lose_nothing(config_path: Path) -> None:
    writers = [run_python(UPDATER, str(config_path), p) for p in ("ann", "ben")]
    for writer in writers:
        assert writer.wait(timeout=60) == 0
    names = set(load_settings(config_path).users)
    assert names == {f"{p}{i}" for p in ("ann", "ben") for i in range(40)}


def test_changing_one_account_leaves_the_others_byte_identical(
    config_path: Path, example_settings: Settings
) -> None:
    save_settings(config_path, example_settings)
    before = config_path.read_text()

    def change_alice(settings: Settings) -> None:
        settings.users["alice"].port = 25

    update_settings(config_path, change_alice)
    after = config_path.read_text()
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [("    port: 587", "    port: 25")]
    assert after.split("  bob:")[1] == before.split("  bob:")[1]
    assert after.split("  alice:")[0] == before.split("  alice:")[0]


def test_update_returns_and_saves_the_changed_settings(config_path: Path) -> None:
    def add_global(settings: Settings) -> None:
        settings.global_account = GlobalAccount(server="smtp.gmail.com")

    result = update_settings(config_path, add_global)
    assert result.global_account == GlobalAccount(server="smtp.gmail.com")
    assert load_settings(config_path) == result


def test_update_of_a_broken_config_writes_nothing(write_config) -> None:
    path = write_config("global:\n  port: '587'\n")
    calls: list[Settings] = []
    with pytest.raises(ConfigError):
        update_settings(path, calls.append)
    assert calls == []
    assert path.read_text() == "global:\n  port: '587'\n"
    assert not path.with_name("config.yaml.bak").exists()


def test_settings_that_would_not_read_back_are_not_saved(
    config_path: Path, example_settings: Settings
) -> None:
    save_settings(config_path, example_settings)
    before = config_path.read_bytes()
    example_settings.users["alice"].port = "587"  # type: ignore[assignment]
    example_settings.users["global"] = UserAccount()
    with pytest.raises(ConfigError) as caught:
        save_settings(config_path, example_settings)
    assert {p.field for p in caught.value.problems} == {
        "users.alice.port",
        "users.global",
    }
    assert config_path.read_bytes() == before


def test_dump_is_deterministic(example_settings: Settings) -> None:
    assert dump_settings(example_settings) == dump_settings(example_settings)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_a_config_error(write_config) -> None:
    path = write_config("version: 1\n")
    path.chmod(0)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert "cannot be read" in str(caught.value)


def test_text_that_is_not_unicode_is_not_saved(config_path: Path) -> None:
    broken = Settings(users={"ann": UserAccount(cafile="/ca\udcff.pem")})
    with pytest.raises(ConfigError) as caught:
        save_settings(config_path, broken)
    assert "not valid Unicode" in str(caught.value)
    assert not config_path.exists()


def test_path_through_a_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path / "plain" / "config.yaml")
    assert "cannot be read" in str(caught.value)
