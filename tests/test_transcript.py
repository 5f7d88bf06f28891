"""The transcript keeps the dialogue with timestamps and directions, hides
credentials, cleans server text and saves one owner-only file per run."""

from __future__ import annotations

import base64
import re
import stat
from pathlib import Path

from a5wizard.check.transcript import (
    HIDDEN,
    Transcript,
    credential_forms,
    safe_file_part,
)
from tests.conftest import CANARY

LINE = re.compile(r"^\d\d:\d\d:\d\d\.\d{3} (C:|S:|--) ")


def test_lines_carry_a_timestamp_and_a_direction() -> None:
    transcript = Transcript("global", "abc123")
    transcript.note("connected")
    transcript.client("EHLO client.example")
    transcript.server(250, "mail.example\nAUTH PLAIN LOGIN\nSTARTTLS")

    assert [LINE.match(line).group(1) for line in transcript.lines] == [
        "--",
        "C:",
        "S:",
        "S:",
        "S:",
    ]
    assert transcript.lines[2].endswith("S: 250-mail.example")
    assert transcript.lines[4].endswith("S: 250 STARTTLS")
    assert transcript.text().startswith("a5wizard check abc123 for global")


def test_server_text_is_cleaned_of_escapes_and_controls() -> None:
    transcript = Transcript("global", "abc123")
    transcript.server(550, "\x1b[31mred\x1b[0m \x07bell\r\x00 done")

    assert transcript.lines[0].endswith("S: 550 red bell done")
    assert "\x1b" not in transcript.text()


def test_hidden_values_never_show_in_lines_text_or_file(tmp_path: Path) -> None:
    transcript = Transcript("global", "abc123")
    forms = credential_forms("user@example.com", CANARY)
    transcript.hide(*forms)
    transcript.server(535, f"echoing {CANARY} and {forms[2]}")

    text = transcript.text()
    saved = transcript.save(tmp_path).read_text()
    for form in forms:
        assert form not in text
        assert form not in saved
    assert HIDDEN in text


def test_credential_forms_cover_clear_login_and_plain() -> None:
    forms = credential_forms("u@example.com", CANARY)

    def b64(raw: str) -> str:
        return base64.b64encode(raw.encode()).decode()

    assert CANARY in forms
    assert b64(CANARY) in forms
    assert b64(f"\0u@example.com\0{CANARY}") in forms
    assert credential_forms("u@example.com", "") == ()


def test_save_writes_an_owner_only_file_named_by_time_key_and_id(
    tmp_path: Path,
) -> None:
    transcript = Transcript("ali ce/../x", "0f1e2d3c")
    transcript.client("QUIT")

    path = transcript.save(tmp_path / "transcripts")

    assert path.parent == tmp_path / "transcripts"
    assert re.fullmatch(r"\d{8}T\d{6}Z-ali_ce_.._x-0f1e2d3c\.txt", path.name)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "C: QUIT" in path.read_text()


def test_safe_file_part_never_returns_an_empty_or_hidden_name() -> None:
    assert safe_file_part("...") == "account"
    assert safe_file_part("alice") == "alice"
    assert "/" not in safe_file_part("a/b\\c")
