"""The command line's show and users commands, global options, usage errors
and error handling, mostly through real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from a5wizard import __version__
from a5wizard.cli import main
from a5wizard.last_checks import LastCheck, record_check
from tests.cli_runner import REPO_ROOT, CliRunner
from tests.conftest import CANARY
from tests.fixtures_config import EXAMPLE_CONFIG

PLACEHOLDER_CONFIG = """\
version: 1
global:
  provider: gmail
  server: smtp.gmail.com
  port: 587
  secure: true
  username: artsys5info@gmail.com
  reply_to: artsys5info@gmail.com
"""


@pytest.fixture
def cli(tmp_path: Path) -> CliRunner:
    """The command line, run in this test's own folder."""
    return CliRunner(tmp_path)


def configured(cli: CliRunner) -> CliRunner:
    """Apply the example config, with the canary as the global password."""
    text = EXAMPLE_CONFIG.read_text().replace(
        "  username: gallery.example@gmail.com\n",
        f"  username: gallery.example@gmail.com\n  password: {CANARY}\n",
        1,
    )
    applied = cli.run("apply", str(cli.write("setup.yaml", text)))
    assert applied.returncode == 0, applied.stderr
    return cli


def test_version_and_help_on_every_command(cli: CliRunner) -> None:
    version = cli.run("--version")
    show_version = cli.run("show", "--version")
    help_text = cli.run("test", "--help")

    assert version.returncode == show_version.returncode == 0
    assert version.stdout.strip() == f"a5wizard {__version__}"
    assert show_version.stdout.strip() == f"a5wizard show {__version__}"
    assert help_text.returncode == 0
    assert "--allow-plaintext" in help_text.stdout and "--config" in help_text.stdout


def test_startup_does_not_load_the_slow_libraries() -> None:
    code = (
        "import sys\n"
        "from a5wizard.cli import main\n"
        "main(['--version'])\n"
        "slow = ('textual', 'keyring', 'yaml', 'aiosmtplib')\n"
        "print(sorted(name for name in slow if name in sys.modules))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=True,
    )

    assert completed.stdout.strip().endswith("[]")


def test_usage_errors_exit_2_without_traceback(cli: CliRunner) -> None:
    missing_value = cli.run("show", "--user")
    unknown_command = cli.run("frobnicate")
    both_scopes = cli.run("test", "--all", "--global")

    for result in (missing_value, unknown_command, both_scopes):
        assert result.returncode == 2
        assert "usage:" in result.stderr
        assert "Traceback" not in result.output


def test_show_with_nothing_configured(cli: CliRunner) -> None:
    result = cli.run("show")

    assert result.returncode == 0
    assert "No account is configured yet" in result.stdout
    assert str(cli.config) in result.stdout


def test_show_says_where_each_password_lives_and_never_shows_it(
    cli: CliRunner,
) -> None:
    configured(cli)

    text = cli.run("show")
    selected = cli.run("--config", str(cli.config), "show", "--user", "carol")

    assert text.returncode == 0
    assert "Global account:" in text.stdout and "User bob:" in text.stdout
    assert "password   stored in system keyring" in text.stdout
    assert "missing: no password in system keyring" in text.stdout
    assert "Mail goes through the global account (fallback)." in selected.stdout
    assert "User alice" not in selected.stdout
    assert CANARY not in cli.all_output() + cli.files_text()


def test_show_json_is_pure_and_warnings_go_to_stderr(cli: CliRunner) -> None:
    cli.config.parent.mkdir(parents=True)
    cli.config.write_text(PLACEHOLDER_CONFIG)

    result = cli.run("show", "--global", "--json")

    assert result.returncode == 0
    document = json.loads(result.stdout)
    (account,) = document["accounts"]
    assert account["key"] == "global" and account["configured"] is False
    assert account["password"]["stored"] is False
    assert account["settings"]["server"] == "smtp.gmail.com"
    assert "not yet configured" in result.stderr
    assert "placeholder" in " ".join(p["message"] for p in account["problems"])


def test_placeholder_account_is_called_not_yet_configured(cli: CliRunner) -> None:
    cli.config.parent.mkdir(parents=True)
    cli.config.write_text(PLACEHOLDER_CONFIG)

    result = cli.run("show")

    assert result.returncode == 0
    assert "! not yet configured" in result.stdout


def test_malformed_yaml_names_file_and_line_and_exits_2(cli: CliRunner) -> None:
    cli.config.parent.mkdir(parents=True)
    cli.config.write_text("version: 1\nglobal:\n  port: [587\n  server: x\n")

    show = cli.run("show")
    users = cli.run("users", "--json")

    for result in (show, users):
        assert result.returncode == 2
        assert f"{cli.config}, line " in result.stderr
        assert "Traceback" not in result.output
    assert users.stdout == ""


def test_users_lists_who_sends_through_which_account_and_last_check(
    cli: CliRunner,
) -> None:
    configured(cli)
    record_check(
        cli.config, "alice", LastCheck("2025-01-02T03:04:05+00:00", False, "send", "x")
    )

    text = cli.run("users")
    as_json = cli.run("users", "--json")

    assert text.returncode == as_json.returncode == 0
    assert "FAILED 2025-01-02T03:04:05+00:00 (send): x" in text.stdout
    assert "Any other Artsystem5 login sends through the global account." in (
        text.stdout
    )
    document = json.loads(as_json.stdout)
    rows = {row["user"]: row for row in document["accounts"]}
    assert set(rows) == {"global", "alice", "bob"}
    assert rows["alice"]["own"] is True and rows["alice"]["last_check"]["ok"] is False
    assert rows["bob"]["last_check"] is None
    assert document["other_users_go_through"] == "global"


def test_unexpected_error_is_one_line_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import a5wizard.cli.users as users_command

    def broken(_args: object) -> int:
        raise RuntimeError(f"something odd near {CANARY}")

    monkeypatch.setattr(users_command, "run", broken)

    assert main(["users"]) == 70
    quiet = capsys.readouterr()
    monkeypatch.setenv("A5WIZARD_DEBUG", "1")
    assert main(["users"]) == 70
    debug = capsys.readouterr()

    assert "internal error (RuntimeError)" in quiet.err
    assert "Traceback" not in quiet.err and CANARY not in quiet.err
    assert "Traceback" in debug.err


def test_ctrl_c_exits_130_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import a5wizard.cli.show as show_command

    def interrupted(_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(show_command, "run", interrupted)

    assert main(["show"]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_bare_command_starts_the_wizard_with_config_and_sandbox(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[tuple[Path, bool]] = []

    def run_wizard(config: Path, sandbox: bool = False) -> int:
        started.append((config, sandbox))
        return 0

    wizard = types.ModuleType("screens.app")
    wizard.run_wizard = run_wizard  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "screens.app", wizard)
    monkeypatch.setenv("A5WIZARD_CONFIG", str(tmp_path / "env.yaml"))

    assert main([]) == 0
    assert main(["--config", str(tmp_path / "given.yaml"), "--sandbox"]) == 0

    assert started == [
        (tmp_path / "env.yaml", False),
        (tmp_path / "given.yaml", True),
    ]
