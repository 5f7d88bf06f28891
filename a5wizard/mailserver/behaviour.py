"""What the local mail server does (its behaviour) and what it saw (received
messages, AUTH attempts); kept free of networking so the sandbox can show it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Literal, cast

from a5wizard.mailserver.certs import CertKind

TlsMode = Literal["starttls", "ssl", "none"]
REPLY_KEYS = ("auth", "mail", "rcpt", "data")

SANDBOX_USERNAME = "sandbox@a5wizard.test"


def new_sandbox_password() -> str:
    """A fresh random password for one run of the local mail server."""
    return "sandbox-" + secrets.token_urlsafe(9)


@dataclass
class Behaviour:
    """How the local mail server answers; replies hold full lines like "535 ..."."""

    tls: TlsMode = "starttls"
    offer_starttls: bool = True
    offer_auth: bool = True
    username: str = SANDBOX_USERNAME
    password: str = field(default_factory=new_sandbox_password, repr=False)
    replies: dict[str, str] = field(default_factory=dict)
    drop_after_data: bool = False
    max_message_size: int | None = None
    cert: CertKind = "good"

    def __post_init__(self) -> None:
        if self.tls not in ("starttls", "ssl", "none"):
            raise ValueError(f"tls must be starttls, ssl or none, not {self.tls!r}")
        unknown = set(self.replies) - set(REPLY_KEYS)
        if unknown:
            raise ValueError(f"replies only for {REPLY_KEYS}, not {sorted(unknown)}")
        self.replies = {key: smtp_reply(text) for key, text in self.replies.items()}


def smtp_reply(text: str) -> str:
    """A 4xx/5xx reply of one or more lines in wire form ("534-..." CRLF "534 ...").

    Lines may be given with or without the continuation dash, separated by
    newlines; every line must carry the same code.
    """
    lines = text.splitlines()
    codes = {line[:3] for line in lines}
    well_formed = bool(lines) and all(
        len(line) >= 3 and line[:3].isdigit() and line[3:4] in ("", " ", "-")
        for line in lines
    )
    if not well_formed or len(codes) != 1 or text[0] not in "45":
        raise ValueError(
            "a reply must be lines that start with the same 4xx or 5xx code, "
            f"not {text!r}"
        )
    code = lines[0][:3]
    bodies = [line[4:] for line in lines]
    marks = ["-"] * (len(lines) - 1) + [" "]
    pairs = zip(marks, bodies, strict=True)
    return "\r\n".join(f"{code}{mark}{body}" for mark, body in pairs)


@dataclass
class ReceivedMessage:
    """A message the server accepted: its envelope and the raw content."""

    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        """The content parsed as an email message (default policy, "\\n" lines)."""
        parser = BytesParser(policy=policy.default)
        text = self.content.replace(b"\r\n", b"\n")
        return cast(EmailMessage, parser.parsebytes(text))


@dataclass(frozen=True)
class AuthAttempt:
    """One AUTH exchange: mechanism, the username given and whether it passed."""

    mechanism: str
    username: str
    success: bool
