"""`a5wizard test` through real subprocesses against real local mail servers:
live step lines, verdict, diagnosis, transcript, JSON, --all and exit codes."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest

from a5wizard.accounts import save_account
from a5wizard.last_checks import load_last_checks
from a5wizard.mailserver import SilentServer
from a5wizard.model import GLOBAL, GlobalAccount, UserAccount
from a5wizard.secret import Secret
from tests.cli_runner import CliRunner
from tests.conftest import CANARY
from tests.fixtures_mail import MakeServer

ADDRESS = "sandbox@a5wizard.test"


@pytest.fixture
def cli(tmp_path: Path) -> CliRunner:
    """The command line, run in this test's own folder."""
    return CliRunner(tmp_path)


def point_at(
    cli: CliRunner,
    port: int,
    ca_file: Path | None,
    *,
    key: str = GLOBAL,
    password: str | None = CANARY,
) -> None:
    """Configure an account for a local server; the password in the file store."""
    fields = {
        "provider": "other",
        "server": "127.0.0.1",
        "port": port,
        "secure": True,
        "tls": "starttls",
        "cafile": str(ca_file) if ca_file else None,
        "username": ADDRESS,
        "reply_to": ADDRESS,
    }
    account = (
        GlobalAccount(from_name="Test Gallery", **fields)
        if key == GLOBAL
        else UserAccount(**fields)
    )
    secret = Secret(password) if password is not None else None
    save_account(cli.config, key, account, secret, "file")


def assert_no_leak(cli: CliRunner) -> None:
    """The canary, in clear or base64, is in no output and no written file."""
    encoded = base64.b64encode(f"\0{ADDRESS}\0{CANARY}".encode()).decode()
    seen = cli.all_output() + cli.files_text()
    assert CANARY not in seen and encoded not in seen


def test_passing_check_prints_steps_verdict_and_records_it(
    cli: CliRunner, make_server: MakeServer
) -> None:
    server = make_server(password=CANARY)
    point_at(cli, server.port, server.ca_file)

    result = cli.run("test")

    assert result.returncode == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("[ ok ] Connect ") for line in lines)
    assert any(line.startswith("[ ok ] Log in ") for line in lines)
    assert "PASSED" in result.stdout and ADDRESS in result.stdout
    assert len(server.received) == 1
    assert server.received[0].rcpt_tos == [ADDRESS]
    last = load_last_checks(cli.config)[GLOBAL]
    assert last.ok and last.mode == "send"
    assert_no_leak(cli)


def test_failed_login_gives_diagnosis_numbered_fix_and_transcript(
    cli: CliRunner, make_server: MakeServer
) -> None:
    server = make_server(password="the-right-one")
    point_at(cli, server.port, server.ca_file, key="zed")

    result = cli.run("test", "--user", "zed", "--transcript")

    assert result.returncode == 1
    assert "[FAIL] Log in" in result.stdout
    assert "Diagnosis: " in result.stdout
    assert "How to fix it:\n   1. " in result.stdout
    transcript = next(
        line.split(": ", 1)[1]
        for line in result.stdout.splitlines()
        if line.startswith("Transcript: ")
    )
    assert Path(transcript).is_file()
    assert "AUTH PLAIN <hidden>" in result.stdout
    assert load_last_checks(cli.config)["zed"].ok is False
    assert_no_leak(cli)


def test_json_no_send_prints_one_document_and_delivers_nothing(
    cli: CliRunner, make_server: MakeServer
) -> None:
    server = make_server(password=CANARY)
    point_at(cli, server.port, server.ca_file)

    result = cli.run("test", "--json", "--no-send", "--to", "someone@a5wizard.test")

    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["verdict"] == "passed" and document["mode"] == "no-send"
    assert document["recipient"] == "someone@a5wizard.test"
    phases = [step["phase"] for step in document["steps"]]
    assert "reset" in phases and "data" not in phases
    assert Path(document["transcript"]).is_file()
    assert server.received == []
    assert_no_leak(cli)


def test_all_checks_every_account_one_line_each(
    cli: CliRunner, make_server: MakeServer
) -> None:
    server = make_server(password=CANARY)
    point_at(cli, server.port, server.ca_file)
    point_at(cli, server.port, server.ca_file, key="zed", password="wrong")

    result = cli.run("test", "--all", "--no-send")

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("[ ok ] global account")
    assert lines[1].startswith("[FAIL] user zed")
    assert len(server.auth_attempts) == 2


def test_account_that_cannot_be_checked_exits_2_with_advice(
    cli: CliRunner, make_server: MakeServer
) -> None:
    server = make_server(password=CANARY)
    point_at(cli, server.port, server.ca_file, password=None)

    missing = cli.run("test", "--global")
    bad_to = cli.run("test", "--to", "not an address")

    assert missing.returncode == bad_to.returncode == 2
    assert "no password is stored for the global account" in missing.stderr
    assert "--password-stdin --global" in missing.stderr
    assert "--to: 'not an address' is not an address" in bad_to.stderr
    assert server.auth_attempts == [] and server.commands == []


def test_silent_server_ends_in_a_timeout_within_the_limit(
    cli: CliRunner, silent_server: SilentServer
) -> None:
    point_at(cli, silent_server.port, None)

    started = time.monotonic()
    result = cli.run("test", "--timeout", "0.5", "--json")
    took = time.monotonic() - started

    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["verdict"] == "failed"
    assert document["diagnosis"]["fix"]
    assert document["failure"]["phase"] == "connect"
    assert took < 5


def test_test_without_any_account_is_bad_config(cli: CliRunner) -> None:
    result = cli.run("test", "--all")

    assert result.returncode == 2
    assert "No account is configured" in result.stderr
