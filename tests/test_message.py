"""The test message: its headers, its body and the refusal of header injection."""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser

import pytest

from a5wizard.check.message import build_test_message, envelope_recipients
from a5wizard.model import GlobalAccount, UserAccount

WHEN = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)


def gallery() -> GlobalAccount:
    """A global account with a name and a postal address."""
    return GlobalAccount(
        server="smtp.example.com",
        port=465,
        username="office@galerie.example",
        reply_to="office@galerie.example",
        bcc="archive@galerie.example",
        from_name="Galerie Müller",
        street="Hauptstraße 1",
        city="1010 Wien",
        country="Austria",
    )


def test_headers_of_the_global_test_message() -> None:
    account = gallery()
    message = build_test_message(
        account_key="global",
        account=account,
        recipient="owner@example.com",
        check_id="1a2b3c4d",
        global_account=account,
        now=WHEN,
    )
    parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes())

    assert parsed["From"].addresses[0].display_name == "Galerie Müller"
    assert parsed["From"].addresses[0].addr_spec == "office@galerie.example"
    assert parsed["To"] == "owner@example.com"
    assert parsed["Reply-To"] == "office@galerie.example"
    assert parsed["Subject"] == "Artsystem5 test message [1a2b3c4d]"
    assert parsed["Message-ID"].endswith("@galerie.example>")
    assert parsed["Date"].datetime == WHEN
    assert "Bcc" not in parsed
    assert message.as_bytes().isascii()


def test_body_names_account_server_security_and_postal_footer() -> None:
    account = gallery()
    message = build_test_message(
        account_key="global",
        account=account,
        recipient="owner@example.com",
        check_id="1a2b3c4d",
        global_account=account,
        now=WHEN,
    )
    body = message.get_content()

    assert "global account" in body
    assert "smtp.example.com" in body
    assert "465" in body
    assert "TLS (implicit, SSL)" in body
    assert "Hauptstraße 1" in body
    assert "1010 Wien" in body
    assert "Austria" in body


def test_a_user_account_message_says_which_user() -> None:
    user = UserAccount(
        server="smtp.office365.com",
        port=587,
        username="alice@galerie.example",
        reply_to="alice@galerie.example",
    )
    message = build_test_message(
        account_key="alice",
        account=user,
        recipient="alice@galerie.example",
        check_id="ffff0000",
        global_account=gallery(),
        now=WHEN,
    )

    assert "user alice" in message.get_content()
    assert "STARTTLS" in message.get_content()
    assert message["From"].addresses[0].addr_spec == "alice@galerie.example"
    assert message["From"].addresses[0].display_name == "Galerie Müller"


@pytest.mark.parametrize(
    "field, value",
    [
        ("reply_to", "a@example.com\r\nBcc: victim@example.com"),
        ("username", "a@example.com\n"),
        ("from_name", "Gallery\rX-Evil: 1"),
    ],
)
def test_line_breaks_in_header_values_are_refused(field: str, value: str) -> None:
    account = gallery()
    setattr(account, field, value)

    with pytest.raises(ValueError, match="line breaks"):
        build_test_message(
            account_key="global",
            account=account,
            recipient="owner@example.com",
            check_id="1a2b3c4d",
            global_account=account,
        )


def test_a_recipient_with_a_line_break_is_refused() -> None:
    with pytest.raises(ValueError, match="recipient"):
        build_test_message(
            account_key="global",
            account=gallery(),
            recipient="owner@example.com\nBcc: x@example.com",
            check_id="1a2b3c4d",
        )


def test_bcc_is_an_extra_envelope_recipient_once() -> None:
    account = gallery()

    assert envelope_recipients("owner@example.com", account) == [
        "owner@example.com",
        "archive@galerie.example",
    ]
    assert envelope_recipients("ARCHIVE@galerie.example", account) == [
        "ARCHIVE@galerie.example"
    ]
    account.bcc = ""
    assert envelope_recipients("owner@example.com", account) == ["owner@example.com"]
