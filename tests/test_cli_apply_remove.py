"""`a5wizard apply` and `a5wizard remove` through real subprocesses: passwords
go to the secret store only, nothing is written on any problem, and the
keyring-less path needs the file store chosen explicitly."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from a5wizard.config_file import load_settings
from a5wizard.secret_store import keyring_service, secrets_file_path
from tests.cli_runner import FAIL_KEYRING, CliRunner
from tests.conftest import CANARY
from tests.fixtures_config import EXAMPLE_CONFIG

BOB_ON_PORT_2525 = """\
users:
  bob:
    provider: other
    server: relay.example.net
    port: 2525
    secure: true
    username: bob@example.net
    reply_to: bob@example.net
"""


@pytest.fixture
def cli(tmp_path: Path) -> CliRunner:
    """The command line, run in this test's own folder."""
    return CliRunner(tmp_path)


def example_with_password() -> str:
    """The example config with the canary as the global account's password."""
    return EXAMPLE_CONFIG.read_text().replace(
        "  username: gallery.example@gmail.com\n",
        f"  username: gallery.example@gmail.com\n  password: {CANARY}\n",
        1,
    )


def keyring_entries(cli: CliRunner) -> dict[str, str]:
    """What the subprocesses stored in the file-backed test keyring."""
    if not cli.keyring_file.exists():
        return {}
    return json.loads(cli.keyring_file.read_text())


def test_apply_stores_the_password_in_the_keyring_only(cli: CliRunner) -> None:
    result = cli.run("apply", str(cli.write("setup.yaml", example_with_password())))

    assert result.returncode == 0, result.stderr
    assert "Added the global account; password saved in system keyring" in (
        result.stdout
    )
    assert "Added the user alice" in result.stdout
    service = keyring_service(cli.config)
    assert keyring_entries(cli) == {f"{service}\nglobal": CANARY}
    assert load_settings(cli.config).users.keys() == {"alice", "bob"}
    assert CANARY not in cli.all_output() + cli.files_text()


def test_invalid_file_lists_every_problem_and_writes_nothing(cli: CliRunner) -> None:
    broken = example_with_password().replace("port: 587", "port: 0", 1)
    broken = broken.replace("reply_to: alice@example.com", "reply_to: bob@x.org")

    result = cli.run("apply", str(cli.write("broken.yaml", broken)))

    assert result.returncode == 2
    assert "nothing was written" in result.stderr
    assert "error: global.port:" in result.stderr
    assert "error: users.alice.reply_to:" in result.stderr
    assert not cli.config.exists() and keyring_entries(cli) == {}
    assert CANARY not in result.output


def test_schema_error_in_the_apply_file_names_its_line(cli: CliRunner) -> None:
    path = cli.write("typo.yaml", "version: 1\nusers:\n  bob:\n    prot: 587\n")

    result = cli.run("apply", str(path))
    missing = cli.run("apply", str(cli.folder / "absent.yaml"))

    assert result.returncode == 2
    assert f"{path}, line 4, column 5 (users.bob.prot)" in result.stderr
    assert "did you mean 'port'" in result.stderr
    assert missing.returncode == 2
    assert "absent.yaml: No such file or directory" in missing.stderr
    assert "Traceback" not in result.output + missing.output
    assert not cli.config.exists()


def test_without_a_keyring_apply_refuses_until_the_file_store_is_chosen(
    cli: CliRunner,
) -> None:
    cli.keyring_backend = FAIL_KEYRING
    path = cli.write("setup.yaml", example_with_password())

    refused = cli.run("apply", str(path))

    assert refused.returncode == 2
    assert "no system keyring" in refused.stderr
    assert "--secret-store file" in refused.stderr
    assert not cli.config.exists()
    assert not secrets_file_path(cli.config).exists()

    accepted = cli.run("apply", str(path), "--secret-store", "file")
    shown = cli.run("show", "--global")

    assert accepted.returncode == 0, accepted.stderr
    secrets = secrets_file_path(cli.config)
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    assert CANARY in secrets.read_text()
    assert f"password   stored in owner-only file {secrets}" in shown.stdout
    assert CANARY not in cli.all_output() + cli.files_text()


def test_password_from_stdin_and_merge_keeps_other_accounts(cli: CliRunner) -> None:
    cli.run("apply", str(cli.write("setup.yaml", example_with_password())))
    before = load_settings(cli.config)

    result = cli.run(
        "apply",
        str(cli.write("bob.yaml", BOB_ON_PORT_2525)),
        "--password-stdin",
        "--user",
        "bob",
        stdin=CANARY + "\n",
    )

    assert result.returncode == 0, result.stderr
    assert "Changed the user bob: server, port, tls" in result.stdout
    after = load_settings(cli.config)
    assert after.users["alice"] == before.users["alice"]
    assert after.global_account == before.global_account
    assert (after.users["bob"].server, after.users["bob"].port) == (
        "relay.example.net",
        2525,
    )
    assert keyring_entries(cli)[f"{keyring_service(cli.config)}\nbob"] == CANARY
    assert CANARY not in cli.all_output() + cli.files_text()


def test_password_stdin_needs_an_account(cli: CliRunner) -> None:
    path = cli.write("bob.yaml", BOB_ON_PORT_2525)

    no_scope = cli.run("apply", str(path), "--password-stdin", stdin="pw\n")
    unknown = cli.run(
        "apply", str(path), "--password-stdin", "--user", "zoe", stdin="pw\n"
    )

    assert no_scope.returncode == unknown.returncode == 2
    assert "--password-stdin needs --user NAME or --global" in no_scope.stderr
    assert "users.zoe.password" in unknown.stderr
    assert not cli.config.exists()


def test_a_password_in_the_config_file_itself_is_refused(cli: CliRunner) -> None:
    cli.config.parent.mkdir(parents=True)
    cli.config.write_text(example_with_password())

    result = cli.run("show")

    assert result.returncode == 2
    assert "(global.password): passwords never go in the config file" in (result.stderr)
    assert CANARY not in result.output


def test_remove_user_takes_account_and_password_away(cli: CliRunner) -> None:
    cli.run(
        "apply",
        str(cli.write("bob.yaml", BOB_ON_PORT_2525)),
        "--password-stdin",
        "--user",
        "bob",
        stdin=CANARY,
    )

    removed = cli.run("remove", "--user", "bob")
    again = cli.run("remove", "--user", "bob")

    assert removed.returncode == 0
    assert "Removed user bob's account and its password" in removed.stdout
    assert "bob" not in load_settings(cli.config).users
    assert keyring_entries(cli) == {}
    assert again.returncode == 2
    assert "There is no user 'bob'" in again.stderr
