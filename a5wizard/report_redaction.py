"""Keeping secrets out of the support report: stored passwords and their base64
forms scrubbed anywhere, AUTH exchanges hidden, password-like config keys
redacted."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable

from a5wizard.check.transcript import HIDDEN, credential_forms, utf8_bytes

AUTH_MECHANISMS = frozenset(
    {"PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "XOAUTH2", "OAUTHBEARER", "NTLM",
     "GSSAPI", "SCRAM-SHA-1", "SCRAM-SHA-256"}
)  # fmt: skip
_SECRET_KEY = re.compile(r"pass(?:word|wd)?|secret|token|credential", re.IGNORECASE)
_NOT_SECRET_KEYS = frozenset({"secret_store"})
_MAPPING_LINE = re.compile(
    r"^(?P<key>\s*-?\s*[^\s:#][^:#]*?)\s*:(?:\s+(?P<value>.*))?$"
)
_TRANSCRIPT_LINE = re.compile(
    r"^(?P<head>(?:\S+\s+)?)(?P<direction>C:|S:|--)(?P<gap>\s*)(?P<text>.*)$"
)


class Scrubber:
    """Replaces known secret values, in clear and in any base64 alignment."""

    def __init__(self) -> None:
        self._forms: set[str] = set()

    def add(self, secret: str, usernames: Iterable[str]) -> None:
        """Scrub this secret, as sent with any of these usernames or on its own."""
        if not secret:
            return
        self._forms.add(secret)
        for username in usernames:
            self._forms.update(credential_forms(username, secret))
        self._forms.update(base64_cores(secret))

    def scrub(self, text: str) -> str:
        """Text with every known secret form replaced by <hidden>."""
        for form in sorted(self._forms, key=len, reverse=True):
            text = text.replace(form, HIDDEN)
        return text


def base64_cores(secret: str) -> list[str]:
    """The base64 text that the secret's bytes produce wherever they sit in an
    encoded stream: one form per alignment, whole 3-byte groups only."""
    data = utf8_bytes(secret)
    cores = []
    for skip in range(3):
        whole = 3 * ((len(data) - skip) // 3)
        if whole > 0:
            encoded = base64.b64encode(data[skip : skip + whole]).decode("ascii")
            cores += [encoded, encoded.replace("+", "-").replace("/", "_")]
    return cores


def _is_secret_key(key: str) -> bool:
    """True for a mapping key that names a password, secret or token."""
    name = key.strip().lstrip("-").strip().strip("'\"")
    return name not in _NOT_SECRET_KEYS and bool(_SECRET_KEY.search(name))


def redact_config_text(text: str) -> str:
    """YAML text with the value of every password-like key replaced."""
    lines = []
    for line in text.splitlines():
        match = _MAPPING_LINE.match(line)
        if match and match["value"] and _is_secret_key(match["key"]):
            line = f"{match['key']}: {HIDDEN}"
        lines.append(line)
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def secrets_in_config_text(text: str) -> list[str]:
    """Values under password-like keys in raw (perhaps broken) config text."""
    values = []
    for line in text.splitlines():
        match = _MAPPING_LINE.match(line)
        if match and match["value"] and _is_secret_key(match["key"]):
            value = match["value"].split(" #")[0].strip().strip("'\"")
            if value:
                values.append(value)
    return values


def redact_transcript(text: str) -> str:
    """A transcript with the client's AUTH command and its answers hidden."""
    lines = []
    in_auth = False
    for line in text.splitlines():
        match = _TRANSCRIPT_LINE.match(line)
        if match is None:
            lines.append(line)
            continue
        direction, said = match["direction"], match["text"]
        if direction == "S:":
            # 334 asks for more credentials; anything else ends the exchange.
            in_auth = in_auth and said.startswith("334")
        elif direction == "C:" and said[:4].upper() == "AUTH":
            in_auth = True
            line = f"{match['head']}C:{match['gap'] or ' '}{_hidden_auth(said)}"
        elif direction == "C:" and in_auth:
            line = f"{match['head']}C:{match['gap'] or ' '}{HIDDEN}"
        lines.append(line)
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def _hidden_auth(command: str) -> str:
    """'AUTH PLAIN <hidden>': the mechanism kept when it is a known one."""
    words = command.split()
    mechanism = words[1].upper() if len(words) > 1 else ""
    if mechanism in AUTH_MECHANISMS:
        return f"AUTH {mechanism} {HIDDEN}" if len(words) > 2 else f"AUTH {mechanism}"
    return f"AUTH {HIDDEN}"
