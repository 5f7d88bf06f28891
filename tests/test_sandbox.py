"""The sandbox: a real check against its mail server, the mailbox it fills,
every failure scenario leading to its diagnosis, and proof that the real
config and the system keyring stay untouched."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import aiosmtplib
import pytest

from a5wizard.accounts import (
    load_password,
    password_location,
    remove_user,
    save_account,
)
from a5wizard.check.auth import PasswordAuth
from a5wizard.check.runner import CheckRequest, check_account
from a5wizard.check.steps import CheckResult
from a5wizard.config_file import load_settings
from a5wizard.model import GLOBAL, Account, UserAccount
from a5wizard.paths import default_config_path
from a5wizard.sandbox import (
    SANDBOX_LOGIN,
    SCENARIOS,
    MailboxMessage,
    Sandbox,
    Scenario,
    UnknownScenario,
)
from a5wizard.validation import errors, validate_account
from screens.sandbox_view import connection_panel
from tests.keyring_backends import MemoryKeyring

RECIPIENT = "someone@example.org"
BCC = "archive@sandbox.a5wizard.test"


@pytest.fixture(scope="module")
def shared_sandbox() -> Iterator[Sandbox]:
    """One running sandbox for the scenario tests of this module."""
    with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(shared_sandbox: Sandbox) -> Iterator[Sandbox]:
    """The shared sandbox, set back to normal behaviour after each test."""
    yield shared_sandbox
    shared_sandbox.play(None)


async def run_check(sandbox: Sandbox, account: Account | None = None) -> CheckResult:
    """A real check of the sandbox account, with the password a person would type."""
    account = account or sandbox.sandbox_account()
    request = CheckRequest(
        account_key=GLOBAL,
        account=account,
        authenticator=PasswordAuth(account.username, sandbox.secret),
        recipient=RECIPIENT,
        connect_timeout=5.0,
        reply_timeout=5.0,
        transcript_dir=sandbox.transcript_dir,
    )
    return await check_account(request)


async def test_check_sends_and_the_mailbox_shows_the_message() -> None:
    seen: list[MailboxMessage] = []
    with Sandbox(on_message=seen.append) as sandbox:
        account = sandbox.sandbox_account()
        account.bcc = BCC
        result = await run_check(sandbox, account)
        assert result.ok, result.failure
        [message] = sandbox.messages()
        assert seen == [message]
        assert message.mail_from == SANDBOX_LOGIN
        assert message.rcpt_tos == (RECIPIENT, BCC)
        assert message.hidden_recipients == (BCC,)
        assert all(BCC not in value for _, value in message.headers)
        assert message.header("to") == RECIPIENT
        assert result.message_id == message.header("Message-ID")
        assert "Artsystem5" in message.subject
        assert str(sandbox.port) in message.body
        assert sandbox.password not in message.body
        assert list(sandbox.transcript_dir.iterdir())


async def test_the_login_is_required_and_checked(sandbox: Sandbox) -> None:
    account = sandbox.sandbox_account()
    account.username = "intruder@sandbox.a5wizard.test"
    result = await run_check(sandbox, account)
    assert not result.ok
    assert result.diagnosis is not None
    assert result.diagnosis.key == "auth_failed"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
async def test_each_scenario_gives_its_diagnosis(
    sandbox: Sandbox, scenario: Scenario
) -> None:
    before = len(sandbox.messages())
    assert sandbox.play(scenario.id) is scenario
    assert sandbox.scenario is scenario
    result = await run_check(sandbox)
    assert not result.ok
    assert result.diagnosis is not None
    assert result.diagnosis.key == scenario.diagnosis, result.failure
    assert len(sandbox.messages()) == before


def test_scenarios_have_unique_ids_and_titles() -> None:
    assert len({s.id for s in SCENARIOS}) == len(SCENARIOS)
    assert len({s.title for s in SCENARIOS}) == len(SCENARIOS)
    titles = {s.title for s in SCENARIOS}
    assert "Office 365: reply-to differs (SendAsDenied)" in titles
    assert "Gmail: normal password instead of an app password" in titles


async def test_playing_none_makes_the_server_behave_again(sandbox: Sandbox) -> None:
    sandbox.play("m365-security-defaults")
    assert not (await run_check(sandbox)).ok
    assert sandbox.play(None) is None
    assert sandbox.scenario is None
    assert (await run_check(sandbox)).ok


def test_an_unknown_scenario_is_refused_and_names_the_valid_ones(
    sandbox: Sandbox,
) -> None:
    with pytest.raises(UnknownScenario, match="gmail-app-password"):
        sandbox.play("no-such-failure")
    assert sandbox.scenario is None


def test_prefill_gives_a_valid_account_for_the_sandbox(sandbox: Sandbox) -> None:
    account = UserAccount(username="old@example.org", server="smtp.gmail.com")
    sandbox.prefill(account)
    assert (account.server, account.port) == (sandbox.host, sandbox.port)
    assert (account.secure, account.tls) == (True, "starttls")
    assert account.cafile == str(sandbox.ca_file)
    assert account.username == account.reply_to == SANDBOX_LOGIN
    assert account.provider == "other"
    assert sandbox.ca_file.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert errors(validate_account(account, password=sandbox.password)) == []
    assert sandbox.password in connection_panel(sandbox).plain


def test_each_sandbox_has_its_own_random_password() -> None:
    first, second = Sandbox(), Sandbox()
    assert first.password != second.password
    assert len(first.password) >= 16
    assert first.password not in repr(first)


def test_saving_in_the_sandbox_leaves_real_config_and_keyring_alone(
    memory_keyring: MemoryKeyring, isolated_env: Path
) -> None:
    with Sandbox() as sandbox:
        folder = sandbox.folder
        saved = save_account(
            sandbox.config,
            GLOBAL,
            sandbox.sandbox_account(),
            sandbox.secret,
            store=sandbox.store,
        )
        assert saved.password_location == "in memory (sandbox)"
        settings = load_settings(sandbox.config)
        assert settings.global_account is not None
        assert settings.global_account.server == sandbox.host
        found = load_password(sandbox.config, settings, GLOBAL, store=sandbox.store)
        assert found is not None and found.reveal() == sandbox.password
        assert sandbox.password not in sandbox.config.read_text()
        where = password_location(sandbox.config, settings, GLOBAL, store=sandbox.store)
        assert where == "stored in in memory (sandbox)"
    assert memory_keyring.entries == {}
    assert not default_config_path().exists()
    config_home = isolated_env / ".config"
    assert not config_home.exists() or not any(config_home.rglob("*"))
    assert not folder.exists()


@pytest.mark.usefixtures("no_keyring")
def test_sandbox_store_needs_no_keyring() -> None:
    with Sandbox() as sandbox:
        save_account(
            sandbox.config,
            "alice",
            sandbox.sandbox_account("alice"),
            sandbox.secret,
            store=sandbox.store,
        )
        assert sandbox.store.get("alice") is not None
        remove_user(sandbox.config, "alice", store=sandbox.store)
        assert sandbox.store.get("alice") is None
        assert "alice" not in load_settings(sandbox.config).users


def test_stop_closes_the_port_and_removes_the_folder() -> None:
    sandbox = Sandbox().start()
    host, port, folder = sandbox.host, sandbox.port, sandbox.folder
    sandbox.stop()
    assert not sandbox.running
    assert not folder.exists()
    with pytest.raises(OSError), socket.create_connection((host, port), timeout=2):
        pass
    with pytest.raises(RuntimeError, match="not running"):
        sandbox.play(None)


async def test_the_mailbox_cleans_what_a_client_sent(sandbox: Sandbox) -> None:
    raw = (
        "From: x@sandbox.a5wizard.test\r\nTo: y@example.org\r\n"
        "Subject: hi \x1b[31mred\x1b[0m\r\n\r\nline one\r\n\x1b]0;title\x07two\r\n"
    )
    before = len(sandbox.messages())
    await aiosmtplib.send(
        raw.encode(),
        sender="x@sandbox.a5wizard.test",
        recipients=["y@example.org"],
        hostname=sandbox.host,
        port=sandbox.port,
        start_tls=True,
        cert_bundle=str(sandbox.ca_file),
        username=sandbox.username,
        password=sandbox.password,
        timeout=5,
    )
    message = sandbox.messages()[before]
    assert message.number == before + 1
    assert message.subject == "hi red"
    assert "\x1b" not in message.body
    assert message.body.startswith("line one\n")
