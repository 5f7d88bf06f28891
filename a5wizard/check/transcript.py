"""The transcript of a check: every SMTP exchange with a timestamp and a
direction marker, with credentials hidden, saved as one owner-only file per run."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from a5wizard.atomic import write_atomic
from a5wizard.text import clean

CLIENT = "C:"
SERVER = "S:"
NOTE = "--"
HIDDEN = "<hidden>"

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def utf8_bytes(raw: str) -> bytes:
    """Text as UTF-8; a stray surrogate (a byte that was not UTF-8) never raises."""
    return raw.encode("utf-8", "surrogatepass")


def _b64(raw: str) -> str:
    """Base64 of text encoded as UTF-8, as SMTP AUTH sends it."""
    return base64.b64encode(utf8_bytes(raw)).decode("ascii")


def credential_forms(username: str, password: str) -> tuple[str, ...]:
    """Every way a password can travel in SMTP AUTH: clear, LOGIN and PLAIN."""
    if not password:
        return ()
    return (
        password,
        _b64(password),
        _b64(f"\0{username}\0{password}"),
        _b64(f"{username}\0{username}\0{password}"),
    )


def safe_file_part(text: str) -> str:
    """Text reduced to characters safe in a file name on every platform."""
    return _UNSAFE_NAME.sub("_", text).strip("._") or "account"


class Transcript:
    """The SMTP dialogue of one check, safe to show and to save."""

    def __init__(self, account_key: str, check_id: str) -> None:
        self.account_key = account_key
        self.check_id = check_id
        self.started = datetime.now(UTC)
        self.lines: list[str] = []
        self._hidden: list[str] = []

    def hide(self, *values: str) -> None:
        """Never show these values (a password and its encodings) from now on."""
        for value in values:
            if value and value not in self._hidden:
                self._hidden.append(value)
        self._hidden.sort(key=len, reverse=True)

    def redact(self, text: str) -> str:
        """Text with every hidden value replaced by a marker."""
        for value in self._hidden:
            text = text.replace(value, HIDDEN)
        return text

    def safe(self, text: str) -> str:
        """Untrusted text cleaned of control characters, with secrets hidden."""
        return self.redact(clean(text))

    def client(self, command: str) -> None:
        """Record what the client sent."""
        self._add(CLIENT, command)

    def server(self, code: int, message: str) -> None:
        """Record a server reply, one line per reply line as on the wire."""
        reply_lines = message.split("\n") if message else [""]
        last = len(reply_lines) - 1
        for index, line in enumerate(reply_lines):
            separator = " " if index == last else "-"
            self._add(SERVER, f"{code}{separator}{line}".rstrip())

    def note(self, text: str) -> None:
        """Record something that is not part of the dialogue (TLS, timing, error)."""
        self._add(NOTE, text)

    def extend_notes(self, notes: Iterable[str]) -> None:
        """Record several notes in order."""
        for text in notes:
            self.note(text)

    def _add(self, direction: str, text: str) -> None:
        """Append one timestamped line with its direction marker."""
        stamp = datetime.now(UTC).strftime("%H:%M:%S.%f")[:-3]
        self.lines.append(f"{stamp} {direction} {self.safe(text)}")

    def text(self) -> str:
        """The whole transcript with a header line, ready to show or save."""
        header = (
            f"a5wizard check {self.check_id} for {clean(self.account_key)}, "
            f"started {self.started.isoformat(timespec='seconds')} (times UTC)"
        )
        return "\n".join([header, *self.lines]) + "\n"

    def file_name(self) -> str:
        """Timestamp, account key and check id: unique and sortable."""
        stamp = self.started.strftime("%Y%m%dT%H%M%SZ")
        key = safe_file_part(self.account_key)
        return f"{stamp}-{key}-{safe_file_part(self.check_id)}.txt"

    def save(self, folder: Path) -> Path:
        """Write the transcript atomically, owner-only, and return its path."""
        path = folder / self.file_name()
        write_atomic(path, self.redact(self.text()))
        return path
