"""The support report: its sections, that it survives a broken config or
keyring, that no password reaches it in any form, and `a5wizard report`."""

from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from a5wizard.last_checks import LastCheck, record_check
from a5wizard.model import GLOBAL
from a5wizard.paths import report_dir, transcript_dir
from a5wizard.report import build_report, write_report
from a5wizard.report_redaction import redact_config_text, redact_transcript
from a5wizard.secret import Secret
from a5wizard.secret_store import MemoryStore, keyring_service, open_secret_store
from tests.cli_runner import REPO_ROOT, CliRunner
from tests.conftest import CANARY

USERNAME = "gallery@example.com"
CONFIG = f"""\
version: 1
secret_store: keyring
global:
  provider: other
  server: smtp.example.com
  port: 587
  secure: true
  username: {USERNAME}
  reply_to: {USERNAME}
  from_name: Example Gallery
users:
  alice:
    provider: other
    server: mail.alice.example
    port: 465
    secure: true
    username: alice@alice.example
    reply_to: alice@alice.example
"""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def canary_leaks(text: str) -> list[str]:
    """Every way the canary shows in text: clear, or base64 at any alignment."""
    found = [CANARY] if CANARY in text else []
    for prefix in (b"", b"x", b"xy"):
        encoded = b64(prefix + CANARY.encode() + b"!")
        # Characters 4..-4 come from the canary's bytes alone.
        if encoded[4:-4] in text:
            found.append(encoded)
    return found


def write_transcript(name: str, lines: list[str], mtime: float | None = None) -> Path:
    """A transcript file in the transcripts folder, as a check would leave."""
    folder = transcript_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def leaky_transcript() -> list[str]:
    """A transcript whose AUTH lines and notes carry the canary, raw."""
    plain = b64(f"\0{USERNAME}\0{CANARY}".encode())
    return [
        "a5wizard check c1 for global, started 2024-05-01T10:00:00+00:00",
        "10:00:00.001 S: 220 smtp.example.com ESMTP ready",
        "10:00:00.002 C: EHLO gallery",
        f"C: AUTH PLAIN {plain}",
        "S: 535 5.7.8 Authentication credentials invalid",
        "10:00:00.003 C: AUTH LOGIN",
        "10:00:00.004 S: 334 VXNlcm5hbWU6",
        f"10:00:00.005 C: {b64(USERNAME.encode())}",
        "10:00:00.006 S: 334 UGFzc3dvcmQ6",
        f"10:00:00.007 C: {b64(CANARY.encode())}",
        "10:00:00.008 S: 235 2.7.0 Accepted",
        f"10:00:00.009 -- note that quotes {CANARY} by mistake",
        f"10:00:00.010 -- encoded at an odd offset: {b64(b'xy' + CANARY.encode())}",
        "10:00:00.011 C: QUIT",
    ]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config with a global account (password in the keyring) and alice."""
    path = tmp_path / "a5" / "config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(CONFIG, encoding="utf-8")
    open_secret_store("keyring", path).set(GLOBAL, Secret(CANARY))
    return path


def test_report_has_every_section(config: Path) -> None:
    record_check(config, GLOBAL, LastCheck.now(True, "send", "test message accepted"))
    write_transcript("20240501T100000Z-global-c1.txt", leaky_transcript())

    report = build_report(config)

    for title in (
        "Versions",
        "System",
        "Terminal",
        "Config",
        "Secret store",
        "Validation",
        "Last checks",
        "Recent transcripts",
    ):
        assert f"== {title} ==" in report
    assert metadata.version("textual") in report
    assert metadata.version("aiosmtplib") in report
    assert metadata.version("keyring") in report
    assert sys.version.split()[0] in report
    assert str(config) in report
    assert "server: smtp.example.com" in report
    assert "from_name: Example Gallery" in report
    assert "global account: password stored in system keyring" in report
    assert "user alice: password missing: no password in system keyring" in report
    assert "global account: passed" in report
    assert "test message accepted" in report
    assert "user alice: never checked" in report
    assert "--- 20240501T100000Z-global-c1.txt ---" in report
    assert "S: 220 smtp.example.com ESMTP ready" in report
    assert "over SSH" in report and "inside tmux" in report


def test_no_password_in_any_form(config: Path) -> None:
    write_transcript("20240501T100000Z-global-c1.txt", leaky_transcript())

    report = build_report(config)

    assert canary_leaks(report) == []
    assert "C: AUTH PLAIN <hidden>" in report
    assert "C: AUTH LOGIN" in report
    assert "10:00:00.007 C: <hidden>" in report
    assert "note that quotes <hidden> by mistake" in report
    assert "10:00:00.011 C: QUIT" in report


def test_ssh_is_yes_or_no_without_addresses(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "203.0.113.9 50000 198.51.100.7 22")
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1,0")

    report = build_report(config)

    assert "203.0.113.9" not in report and "198.51.100.7" not in report
    terminal = report.split("== Terminal ==")[1].split("==")[0]
    assert "over SSH       yes" in terminal
    assert "inside tmux    yes" in terminal


def test_newest_three_transcripts_newest_first(config: Path) -> None:
    for number in range(4):
        write_transcript(f"t{number}.txt", [f"-- run {number}"], 1_700_000_000 + number)

    report = build_report(config)

    assert "--- t0.txt ---" not in report
    positions = [report.index(f"--- t{n}.txt ---") for n in (3, 2, 1)]
    assert positions == sorted(positions)
    assert "The 3 newest of 4" in report


def test_validation_problems_listed(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "version: 1\nglobal:\n  provider: office365\n  server: smtp.office365.com\n"
        "  port: 587\n  username: a@example.com\n  reply_to: b@example.com\n",
        encoding="utf-8",
    )

    report = build_report(config)

    validation = report.split("== Validation ==")[1].split("== ")[0]
    assert "global account: " in validation
    assert "global.reply_to" in validation


def test_broken_config_still_reports(tmp_path: Path, memory_keyring: object) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"version: 1\nglobal:\n  port: many\n  password: {CANARY}\n", encoding="utf-8"
    )
    store = open_secret_store("keyring", config)
    store.set(GLOBAL, Secret(CANARY + "-kept"))
    write_transcript("t.txt", [f"-- quoted {CANARY}-kept here"])

    report = build_report(config)

    assert "The config cannot be read:" in report
    assert f"{config}, line 3" in report
    assert "passwords never go in the config" in report
    assert "== Last checks ==" in report
    assert canary_leaks(report) == []
    assert "quoted <hidden> here" in report


def test_missing_config_says_nothing_configured(tmp_path: Path) -> None:
    report = build_report(tmp_path / "none.yaml")

    assert "The file does not exist yet: nothing is configured." in report
    assert "No check has been run yet." in report


def test_unusable_keyring_does_not_stop_the_report(
    config: Path, no_keyring: None
) -> None:
    report = build_report(config)

    assert "global account: password unknown" in report
    assert "no system keyring" in report


def test_file_store_location_and_scrub(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG.replace("keyring", "file"), encoding="utf-8")
    open_secret_store("file", config).set("alice", Secret(CANARY))
    write_transcript("t.txt", [f"-- {b64(('z' + CANARY).encode())}"])

    report = build_report(config)

    assert "user alice: password stored in owner-only file" in report
    assert "config.secrets.yaml" in report
    assert canary_leaks(report) == []


def test_sandbox_memory_store(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    store = MemoryStore()
    store.set("alice", Secret(CANARY))
    write_transcript("t.txt", [f"-- {CANARY}"])

    path = write_report(config, tmp_path / "r.txt", store=store)

    text = path.read_text(encoding="utf-8")
    assert "kind: memory" in text
    assert "user alice: password stored in in memory (sandbox)" in text
    assert canary_leaks(text) == []


def test_config_redaction_keeps_secret_store() -> None:
    text = (
        "secret_store: keyring\nglobal:\n  password: one\n  api_token: 'two'\n"
        "  server: smtp.example.com\n"
    )

    redacted = redact_config_text(text)

    assert "secret_store: keyring" in redacted
    assert "  password: <hidden>" in redacted
    assert "  api_token: <hidden>" in redacted
    assert "one" not in redacted and "two" not in redacted
    assert "server: smtp.example.com" in redacted


def test_transcript_redaction_ends_with_the_auth_exchange() -> None:
    text = "C: AUTH LOGIN\nS: 334 x\nC: dXNlcg==\nS: 235 ok\nC: MAIL FROM:<a@b.c>\n"

    redacted = redact_transcript(text)

    assert redacted == (
        "C: AUTH LOGIN\nS: 334 x\nC: <hidden>\nS: 235 ok\nC: MAIL FROM:<a@b.c>\n"
    )
    assert redact_transcript("C: auth CANARY-ish\n") == "C: AUTH <hidden>\n"


def test_write_report_owner_only(config: Path, tmp_path: Path) -> None:
    first = write_report(config)
    second = write_report(config)
    into_folder = write_report(config, tmp_path)

    assert first.parent == report_dir() and second.parent == report_dir()
    assert first != second
    assert into_folder.parent == tmp_path
    for path in (first, second, into_folder):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "== Secret store ==" in path.read_text(encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        write_report(config, tmp_path / "missing" / "report.txt")


def test_report_never_imports_textual(config: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from a5wizard.report import "
        f"build_report; build_report(Path({str(config)!r})); "
        "print('textual' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "False"


@pytest.fixture
def cli(tmp_path: Path) -> CliRunner:
    """A command line with a config and the canary in its file keyring."""
    runner = CliRunner(tmp_path / "cli")
    runner.config.parent.mkdir(parents=True)
    runner.config.write_text(CONFIG, encoding="utf-8")
    service = keyring_service(runner.config)
    runner.keyring_file.write_text(json.dumps({f"{service}\n{GLOBAL}": CANARY}))
    transcripts = runner.home / ".local" / "state" / "a5wizard" / "log" / "transcripts"
    transcripts.mkdir(parents=True)
    (transcripts / "t.txt").write_text("\n".join(leaky_transcript()), encoding="utf-8")
    return runner


def test_cli_writes_owner_only_file(cli: CliRunner) -> None:
    target = cli.folder / "support.txt"

    default = cli.run("report")
    chosen = cli.run("report", "-o", str(target))

    assert default.returncode == 0, default.stderr
    assert chosen.returncode == 0, chosen.stderr
    assert f"Support report written to {target}" in chosen.stdout
    written = Path(default.stdout.split("written to ", 1)[1].splitlines()[0])
    for path in (written, target):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        text = path.read_text(encoding="utf-8")
        assert "global account: password stored in system keyring" in text
        assert canary_leaks(text) == []


def test_cli_prints_with_dash(cli: CliRunner) -> None:
    result = cli.run("report", "-o", "-")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("a5wizard support report")
    assert "server: smtp.example.com" in result.stdout
    assert "--- t.txt ---" in result.stdout
    assert canary_leaks(cli.all_output()) == []


def test_cli_bad_output_folder_exits_2(cli: CliRunner) -> None:
    target = cli.folder / "no-such-folder" / "r.txt"

    result = cli.run("report", "-o", str(target))

    assert result.returncode == 2
    assert "cannot write the report to" in result.stderr
    assert "the folder does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.parent.exists()


def test_a_stored_password_that_is_not_utf8_still_reports(tmp_path: Path) -> None:
    # A hand-edited secrets file can hold "\udcff"; scrubbing must not crash.
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG.replace("keyring", "file"), encoding="utf-8")
    open_secret_store("file", config).set(GLOBAL, Secret(CANARY + "\udcff"))

    report = build_report(config)

    assert "global account: password stored in owner-only file" in report
    assert CANARY not in report
