"""The sandbox's mailbox: each message its mail server accepted, with the
envelope, headers and body text ready to show (BCC appears only in the
envelope, as a real recipient would never see it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage, Message
from email.utils import getaddresses

from a5wizard.mailserver import ReceivedMessage
from a5wizard.text import clean


@dataclass(frozen=True)
class MailboxMessage:
    """One received message: envelope, headers and body, cleaned for display."""

    number: int
    received: datetime
    mail_from: str
    rcpt_tos: tuple[str, ...]
    headers: tuple[tuple[str, str], ...]
    body: str
    size: int

    def header(self, name: str) -> str:
        """The first header of this name ("" when absent)."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), "")

    @property
    def subject(self) -> str:
        """The Subject header."""
        return self.header("Subject")

    @property
    def hidden_recipients(self) -> tuple[str, ...]:
        """Envelope recipients named in no To or Cc header: the BCC copies."""
        named = {
            address.lower()
            for _, address in getaddresses(
                [v for k, v in self.headers if k.lower() in ("to", "cc")]
            )
        }
        return tuple(r for r in self.rcpt_tos if r.lower() not in named)


def mailbox_message(
    number: int, received: ReceivedMessage, when: datetime
) -> MailboxMessage:
    """Turn what the server accepted into a message for the mailbox screen."""
    message = received.message
    headers = tuple(
        (clean(str(name)), clean(str(value)).strip()) for name, value in message.items()
    )
    return MailboxMessage(
        number=number,
        received=when,
        mail_from=clean(received.mail_from),
        rcpt_tos=tuple(clean(r) for r in received.rcpt_tos),
        headers=headers,
        body=clean(body_text(message), keep_newlines=True),
        size=len(received.content),
    )


def body_text(message: EmailMessage) -> str:
    """The plain-text body (else the HTML one, else a note on what was sent)."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        kinds = ", ".join(p.get_content_type() for p in message.walk())
        return f"(no text body; parts: {kinds})"
    return _part_text(part)


def _part_text(part: Message) -> str:
    """A text part's content, decoded as well as its charset allows."""
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, ValueError):
        # Unknown charset or broken encoding: show what can be read.
        raw = part.get_payload(decode=True)
        return raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else ""
    return content if isinstance(content, str) else content.decode("utf-8", "replace")
