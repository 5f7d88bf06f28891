"""Tests for the secret stores: keyring, owner-only file and memory, including
the keyring failures seen in the field (none, locked, hanging, broken)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.errors import InitError

from a5wizard.keyring_probe import PROBE_ACCOUNT, PROBE_SERVICE
from a5wizard.secret import Secret
from a5wizard.secret_store import (
    FileStore,
    KeyringStore,
    MemoryStore,
    SecretStore,
    SecretStoreError,
    keyring_service,
    open_secret_store,
    probe_keyring,
    require_keyring,
    secrets_file_path,
)
from tests.conftest import CANARY
from tests.keyring_backends import (
    KEYRING_FILE_ENV,
    BrokenKeyring,
    HangingKeyring,
    LockedKeyring,
    MemoryKeyring,
)

REPO = Path(__file__).resolve().parent.parent
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture
def hanging_keyring() -> Iterator[HangingKeyring]:
    """Install a keyring that never answers; release its threads afterwards."""
    previous = keyring.get_keyring()
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()
    keyring.set_keyring(previous)


@pytest.fixture
def locked_keyring() -> Iterator[LockedKeyring]:
    """Install a keyring that is locked."""
    previous = keyring.get_keyring()
    backend = LockedKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def install(backend: keyring.backend.KeyringBackend) -> None:
    """Switch the keyring for this test (conftest restores the previous one)."""
    keyring.set_keyring(backend)


def make_stores(tmp_path: Path) -> list[SecretStore]:
    config = tmp_path / "config.yaml"
    return [
        KeyringStore(keyring_service(config)),
        FileStore(secrets_file_path(config)),
        MemoryStore(),
    ]


@pytest.mark.parametrize("index", [0, 1, 2], ids=["keyring", "file", "memory"])
def test_round_trip_in_every_store(tmp_path: Path, index: int) -> None:
    store = make_stores(tmp_path)[index]

    assert store.get("global") is None
    store.set("global", Secret(CANARY))
    store.set("alice", Secret("alice-secret"))
    store.set("alice", Secret("alice-new"))

    assert store.get("global") == Secret(CANARY)
    assert store.get("alice") == Secret("alice-new")
    store.delete("alice")
    assert store.get("alice") is None
    assert store.get("global") == Secret(CANARY)
    store.delete("alice")  # absent is fine
    store.delete("never-there")
    assert CANARY not in repr(store) and CANARY not in store.location


def test_keyring_store_uses_service_and_account_key(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    config = tmp_path / "config.yaml"
    store = open_secret_store("keyring", config)

    store.set("bob", Secret(CANARY))

    assert memory_keyring.entries == {(keyring_service(config), "bob"): CANARY}
    assert store.kind == "keyring"
    assert store.location == "system keyring (keyring backends MemoryKeyring)"


def test_keyring_services_are_distinct_per_config(tmp_path: Path) -> None:
    first = tmp_path / "one" / "config.yaml"
    second = tmp_path / "two" / "config.yaml"
    store_one = open_secret_store("keyring", first)
    store_two = open_secret_store("keyring", second)

    store_one.set("global", Secret("one"))
    store_two.set("global", Secret("two"))

    assert keyring_service(first) != keyring_service(second)
    assert keyring_service(first).startswith("a5wizard:")
    assert str(first) in keyring_service(first)
    assert store_one.get("global") == Secret("one")
    assert store_two.get("global") == Secret("two")


def test_service_name_is_the_same_for_relative_and_absolute_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    assert keyring_service(Path("config.yaml")) == keyring_service(
        tmp_path / "config.yaml"
    )


def test_no_keyring_says_how_to_choose_the_file(
    tmp_path: Path, no_keyring: None
) -> None:
    store = open_secret_store("keyring", tmp_path / "config.yaml")

    for action in (
        lambda: store.get("global"),
        lambda: store.set("global", Secret(CANARY)),
        lambda: store.delete("global"),
    ):
        with pytest.raises(SecretStoreError) as caught:
            action()
        message = str(caught.value)
        assert "no system keyring on this machine" in message
        assert "--secret-store file" in message
        assert CANARY not in message and CANARY not in repr(caught.value)
    assert store.location == "system keyring (fail Keyring)"


def test_probe_reports_working_keyring_and_leaves_nothing(
    memory_keyring: MemoryKeyring,
) -> None:
    status = probe_keyring(timeout=2.0)

    assert status.usable
    assert status.backend == "keyring backends MemoryKeyring"
    assert memory_keyring.entries == {}
    assert require_keyring(timeout=2.0) == status


def test_probe_reports_missing_keyring(no_keyring: None) -> None:
    status = probe_keyring(timeout=2.0)

    assert not status.usable
    assert status.backend == "fail Keyring"
    assert status.reason == "no system keyring on this machine"
    assert "--secret-store file" in status.advice
    with pytest.raises(SecretStoreError, match="no system keyring"):
        require_keyring(timeout=2.0)


def test_probe_reports_locked_keyring(locked_keyring: LockedKeyring) -> None:
    status = probe_keyring(timeout=2.0)

    assert not status.usable
    assert status.reason.startswith("the system keyring is locked")
    assert "unlock" in status.advice and "--secret-store file" in status.advice


def test_locked_keyring_store_says_unlock_or_use_the_file(
    tmp_path: Path, locked_keyring: LockedKeyring
) -> None:
    store = open_secret_store("keyring", tmp_path / "config.yaml")

    with pytest.raises(SecretStoreError) as caught:
        store.set("global", Secret(CANARY))

    message = str(caught.value)
    assert "locked" in message and "unlock" in message
    assert "--secret-store file" in message
    assert CANARY not in message


def test_probe_of_hanging_keyring_returns_within_the_timeout(
    hanging_keyring: HangingKeyring,
) -> None:
    started = time.monotonic()
    status = probe_keyring(timeout=0.2)
    elapsed = time.monotonic() - started

    assert not status.usable
    assert status.reason == "the system keyring did not answer within 0.2 s"
    assert status.backend == "keyring backends HangingKeyring"
    assert elapsed < 2.0
    assert hanging_keyring.calls == 1


def test_hanging_keyring_store_times_out(
    tmp_path: Path, hanging_keyring: HangingKeyring
) -> None:
    store = KeyringStore(keyring_service(tmp_path / "c.yaml"), timeout=0.2)
    started = time.monotonic()

    with pytest.raises(SecretStoreError) as caught:
        store.set("global", Secret(CANARY))

    assert time.monotonic() - started < 2.0
    assert "did not answer within 0.2 s" in str(caught.value)
    assert "--secret-store file" in str(caught.value)
    assert CANARY not in str(caught.value)


@pytest.mark.parametrize("error", [InitError, RuntimeError, OSError])
def test_broken_keyring_never_echoes_the_password(
    tmp_path: Path, error: type[Exception]
) -> None:
    install(BrokenKeyring(error))
    store = KeyringStore(keyring_service(tmp_path / "config.yaml"), timeout=2.0)

    with pytest.raises(SecretStoreError) as caught:
        store.set("global", Secret(CANARY))
    with pytest.raises(SecretStoreError) as read_error:
        store.get("global")

    assert CANARY not in str(caught.value) and CANARY not in repr(caught.value)
    assert caught.value.__cause__ is None and caught.value.__context__ is None
    assert error.__name__ in str(caught.value)
    assert "cannot read" in str(read_error.value)  # backend text helps support


def test_init_error_is_reported_as_cannot_open(tmp_path: Path) -> None:
    install(BrokenKeyring(InitError))

    status = probe_keyring(timeout=2.0)

    assert not status.usable
    assert status.reason.startswith("the system keyring could not be opened")


def test_backend_error_text_is_cleaned(tmp_path: Path) -> None:
    install(BrokenKeyring(RuntimeError))
    store = KeyringStore("svc\x1b[31m", timeout=2.0)

    with pytest.raises(SecretStoreError) as caught:
        store.get("alice\x07")

    assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)


@POSIX_ONLY
def test_secrets_file_is_owner_only_and_beside_the_config(tmp_path: Path) -> None:
    config = tmp_path / "site" / "gallery.yaml"
    store = open_secret_store("file", config)

    store.set("global", Secret(CANARY))

    path = secrets_file_path(config)
    assert path == tmp_path / "site" / "gallery.secrets.yaml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.location == f"owner-only file {path}"
    assert store.kind == "file"


@POSIX_ONLY
def test_wide_secrets_file_is_refused_and_fixed_on_write(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "config.secrets.yaml")
    store.set("global", Secret(CANARY))
    store.path.chmod(0o644)

    with pytest.raises(SecretStoreError) as caught:
        store.get("global")
    assert f"chmod 600 '{store.path}'" in str(caught.value)
    assert "644" in str(caught.value)
    assert CANARY not in str(caught.value)

    store.set("alice", Secret("other"))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.get("global") == Secret(CANARY)


def test_broken_secrets_file_error_never_quotes_the_content(tmp_path: Path) -> None:
    path = tmp_path / "config.secrets.yaml"
    path.write_text(f'version: 1\nsecrets:\n  global: "{CANARY}\n  [oops\n')
    path.chmod(0o600)

    with pytest.raises(SecretStoreError) as caught:
        FileStore(path).get("global")

    assert "not valid YAML" in str(caught.value)
    assert CANARY not in str(caught.value) and CANARY not in repr(caught.value)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_secrets_file_rejects_non_text_password(tmp_path: Path) -> None:
    path = tmp_path / "config.secrets.yaml"
    path.write_text("version: 1\nsecrets:\n  global: 123456\n")
    path.chmod(0o600)

    with pytest.raises(SecretStoreError, match="put it in quotes"):
        FileStore(path).get("global")


def test_secrets_file_holds_nothing_but_secrets_by_key(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "config.secrets.yaml")
    store.set("no", Secret("yes: 0123 # not a comment"))

    text = store.path.read_text()
    assert text.startswith("# a5wizard secrets")
    assert FileStore(store.path).get("no") == Secret("yes: 0123 # not a comment")
    assert not list(tmp_path.glob("*.tmp"))


def test_memory_store_never_touches_the_keyring(
    memory_keyring: MemoryKeyring,
) -> None:
    store = MemoryStore()

    store.set("global", Secret(CANARY))

    assert memory_keyring.entries == {}
    assert store.location == "in memory (sandbox)"
    assert CANARY not in repr(store)


def test_unknown_store_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SecretStoreError, match="choose 'keyring' or 'file'"):
        open_secret_store("vault", tmp_path / "c.yaml")  # type: ignore[arg-type]


def run_python(code: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        timeout=30,
    )
    return result.stdout.strip()


def test_importing_the_secret_store_does_not_import_keyring() -> None:
    code = (
        "import sys, a5wizard.secret_store, a5wizard.keyring_probe\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'keyring'))"
    )

    assert run_python(code) == "[]"


def test_keyring_store_works_across_processes(tmp_path: Path) -> None:
    keyring_file = tmp_path / "keyring.json"
    config = tmp_path / "config.yaml"
    env = {
        "PYTHON_KEYRING_BACKEND": "tests.keyring_backends.JsonFileKeyring",
        KEYRING_FILE_ENV: str(keyring_file),
    }
    code = (
        "from pathlib import Path\n"
        "from a5wizard.secret import Secret\n"
        "from a5wizard.secret_store import open_secret_store, probe_keyring\n"
        f"store = open_secret_store('keyring', Path({str(config)!r}))\n"
        f"store.set('global', Secret({CANARY!r}))\n"
        "print(probe_keyring().usable, store.location)"
    )

    output = run_python(code, env)

    assert output == "True system keyring (keyring backends JsonFileKeyring)"
    stored = json.loads(keyring_file.read_text())
    assert stored == {f"{keyring_service(config)}\nglobal": CANARY}
    assert f"{PROBE_SERVICE}\n{PROBE_ACCOUNT}" not in stored
