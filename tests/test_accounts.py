"""The accounts service: validated saves that write the password to the secret
store before the YAML, store changes, removal, and where passwords live."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from a5wizard.accounts import (
    AccountProblems,
    UnknownUser,
    load_password,
    password_location,
    password_status,
    remove_user,
    save_account,
    save_accounts,
)
from a5wizard.config_file import load_settings
from a5wizard.last_checks import LastCheck, load_last_checks, record_check
from a5wizard.model import GLOBAL, GlobalAccount, UserAccount
from a5wizard.secret import Secret
from a5wizard.secret_store import (
    SecretStoreError,
    keyring_service,
    secrets_file_path,
)
from tests.conftest import CANARY
from tests.keyring_backends import MemoryKeyring


def gallery_account() -> GlobalAccount:
    """A valid global account on an in-house relay."""
    return GlobalAccount(
        provider="other",
        server="mail.example.net",
        port=587,
        username="info@example.net",
        reply_to="info@example.net",
        from_name="Example Gallery",
    )


def user_account(port: int = 587) -> UserAccount:
    """A valid user account."""
    return UserAccount(
        provider="other",
        server="mail.example.net",
        port=port,
        username="carol@example.net",
        reply_to="carol@example.net",
    )


def test_save_puts_the_password_in_the_keyring_and_never_in_the_yaml(
    config_path: Path, memory_keyring: MemoryKeyring
) -> None:
    saved = save_account(config_path, GLOBAL, gallery_account(), Secret(CANARY))

    assert saved.created and saved.password_saved
    assert CANARY not in config_path.read_text()
    service = keyring_service(config_path)
    assert memory_keyring.entries[(service, GLOBAL)] == CANARY
    settings = load_settings(config_path)
    assert settings.global_account == gallery_account()
    assert load_password(config_path, settings, GLOBAL) == Secret(CANARY)
    where = password_location(config_path, settings, GLOBAL)
    assert where.startswith("stored in system keyring")
    assert CANARY not in repr(saved) + saved.summary()


def test_invalid_account_writes_nothing_and_names_every_field(
    config_path: Path, memory_keyring: MemoryKeyring
) -> None:
    broken = UserAccount(provider="other", server="bad host", port=0)

    with pytest.raises(AccountProblems) as caught:
        save_account(config_path, "carol", broken, Secret(CANARY + "\n"))

    fields = {problem.field for problem in caught.value.problems}
    assert {"users.carol.server", "users.carol.port"} <= fields
    assert "users.carol.password" in fields
    assert CANARY not in str(caught.value)
    assert not config_path.exists()
    assert memory_keyring.entries == {}


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_nothing_is_written_unless_the_file_store_is_chosen(
    config_path: Path,
) -> None:
    with pytest.raises(SecretStoreError, match="--secret-store file"):
        save_account(config_path, GLOBAL, gallery_account(), Secret(CANARY))
    assert not config_path.exists()
    assert not secrets_file_path(config_path).exists()

    save_account(config_path, GLOBAL, gallery_account(), Secret(CANARY), "file")

    secrets = secrets_file_path(config_path)
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    settings = load_settings(config_path)
    assert settings.secret_store == "file"
    assert CANARY not in config_path.read_text()
    assert password_location(config_path, settings, GLOBAL) == (
        f"stored in owner-only file {secrets}"
    )


def test_saving_one_account_keeps_the_others_and_reports_changed_fields(
    example_config: Path,
) -> None:
    before = load_settings(example_config)
    alice = before.users["alice"]
    alice.bcc = "archive@example.com"

    outcome = save_accounts(example_config, {"alice": alice}, {})

    after = load_settings(example_config)
    assert after.global_account == before.global_account
    assert after.users["bob"] == before.users["bob"]
    assert after.users["alice"].bcc == "archive@example.com"
    (saved,) = outcome.accounts
    assert saved.changed_fields == ("bcc",) and not saved.created
    assert saved.summary() == "Changed the user alice: bcc"


def test_gmail_app_password_is_stored_without_spaces(config_path: Path) -> None:
    account = gallery_account()
    account.provider, account.server = "gmail", "smtp.gmail.com"
    account.username = account.reply_to = "gallery@gmail.com"

    save_account(config_path, GLOBAL, account, Secret("abcd efgh ijkl mnop"))

    stored = load_password(config_path, load_settings(config_path), GLOBAL)
    assert stored == Secret("abcdefghijklmnop")


def test_a_password_alone_for_an_existing_account(example_config: Path) -> None:
    outcome = save_accounts(example_config, {}, {"bob": Secret(CANARY)})

    assert [saved.key for saved in outcome.accounts] == ["bob"]
    settings = load_settings(example_config)
    assert load_password(example_config, settings, "bob") == Secret(CANARY)
    with pytest.raises(AccountProblems) as caught:
        save_accounts(example_config, {}, {"nobody": Secret(CANARY)})
    assert caught.value.problems[0].field == "users.nobody.password"


def test_changing_the_secret_store_moves_the_other_passwords(
    config_path: Path, memory_keyring: MemoryKeyring
) -> None:
    save_account(config_path, GLOBAL, gallery_account(), Secret(CANARY))

    outcome = save_account(config_path, "carol", user_account(), None, "file")

    assert outcome.password_saved is False
    settings = load_settings(config_path)
    assert settings.secret_store == "file"
    assert load_password(config_path, settings, GLOBAL) == Secret(CANARY)
    assert memory_keyring.entries == {}
    assert "missing" in password_location(config_path, settings, "carol")


def test_remove_user_drops_account_password_and_last_check(
    config_path: Path, memory_keyring: MemoryKeyring
) -> None:
    save_account(config_path, GLOBAL, gallery_account(), Secret("global-pw"))
    save_account(config_path, "carol", user_account(), Secret(CANARY))
    record_check(config_path, "carol", LastCheck.now(True, "send", "ok"))

    remove_user(config_path, "carol")

    settings = load_settings(config_path)
    assert "carol" not in settings.users
    assert settings.global_account == gallery_account()
    assert load_password(config_path, settings, "carol") is None
    assert load_password(config_path, settings, GLOBAL) == Secret("global-pw")
    assert "carol" not in load_last_checks(config_path)
    with pytest.raises(UnknownUser, match="carol"):
        remove_user(config_path, "carol")


def test_password_status_when_the_store_cannot_be_read(
    config_path: Path, memory_keyring: MemoryKeyring, no_keyring: None
) -> None:
    settings = load_settings(config_path)

    status = password_status(config_path, settings, GLOBAL)

    assert status.stored is None
    assert status.describe().startswith("unknown: ")


def test_secrets_file_written_owner_only(config_path: Path) -> None:
    save_account(config_path, GLOBAL, gallery_account(), Secret(CANARY), "file")

    mode = stat.S_IMODE(os.stat(config_path).st_mode)

    assert mode == 0o600
    assert CANARY in secrets_file_path(config_path).read_text()
