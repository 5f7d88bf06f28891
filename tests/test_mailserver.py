"""The local mail server answers real aiosmtplib clients as its behaviour says."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import pytest

from a5wizard.mailserver import Behaviour, LocalCA, LocalMailServer, SilentServer
from tests.conftest import CANARY
from tests.fixtures_mail import MakeServer

USER = "sandbox@a5wizard.test"
SENDER = "gallery@example.com"
RECIPIENT = "owner@example.com"
BCC = "archive@example.com"


def client(server: LocalMailServer, **options: Any) -> aiosmtplib.SMTP:
    """An aiosmtplib client for the server that trusts only its CA."""
    tls = server.behaviour.tls
    if tls == "ssl":
        options.setdefault("use_tls", True)
    else:
        options.setdefault("start_tls", tls == "starttls")
    options.setdefault("tls_context", ssl.create_default_context(cafile=server.ca_file))
    return aiosmtplib.SMTP(hostname=server.host, port=server.port, timeout=3, **options)


def sample_message() -> EmailMessage:
    """A small message like a test send: no Bcc header, BCC only in envelope."""
    message = EmailMessage()
    message["From"] = f"The Gallery <{SENDER}>"
    message["To"] = RECIPIENT
    message["Subject"] = "Artsystem5 test"
    message.set_content("Sent by the global account.\n")
    return message


async def send_as_gallery(server: LocalMailServer, password: str) -> None:
    """Log in and send the test message to the recipient plus the BCC address."""
    smtp = client(server)
    async with smtp:
        await smtp.login(USER, password)
        await smtp.send_message(sample_message(), recipients=[RECIPIENT, BCC])


async def until(condition: Callable[[], object], within: float = 2.0) -> None:
    """Wait (without blocking the loop) until condition() is true."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.005)


def mail_threads() -> list[threading.Thread]:
    """Threads started by the local servers."""
    return [t for t in threading.enumerate() if t.name.startswith("a5wizard-")]


@pytest.mark.parametrize("tls", ["starttls", "ssl", "none"])
async def test_send_is_received_with_envelope_and_auth(
    make_server: MakeServer, tls: str
) -> None:
    server = make_server(tls=tls, password=CANARY)

    await send_as_gallery(server, CANARY)

    [received] = server.received
    assert received.mail_from == SENDER
    assert received.rcpt_tos == [RECIPIENT, BCC]
    assert received.message["Subject"] == "Artsystem5 test"
    assert "Bcc" not in received.message
    assert received.message.get_content() == "Sent by the global account.\n"
    assert [(a.mechanism, a.username, a.success) for a in server.auth_attempts] == [
        ("PLAIN", USER, True)
    ]
    expected = ["EHLO", "AUTH", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"]
    if tls == "starttls":
        expected[1:1] = ["STARTTLS", "EHLO"]
    assert server.commands == expected


async def test_starttls_offers_auth_only_after_tls(make_server: MakeServer) -> None:
    server = make_server(tls="starttls")
    smtp = client(server, start_tls=False)

    async with smtp:
        await smtp.ehlo()
        assert smtp.supports_extension("starttls")
        assert not smtp.supports_extension("auth")
        await smtp.starttls()
        await smtp.ehlo()
        assert smtp.supports_extension("auth")
        assert smtp.server_auth_methods == ["login", "plain"]


async def test_wrong_password_is_refused_and_never_stored(
    make_server: MakeServer,
) -> None:
    server = make_server(password="right-password")
    smtp = client(server)

    async with smtp:
        with pytest.raises(aiosmtplib.SMTPAuthenticationError) as caught:
            await smtp.login(USER, CANARY)

    assert caught.value.code == 535
    assert [(a.mechanism, a.success) for a in server.auth_attempts] == [
        ("PLAIN", False),
        ("LOGIN", False),
    ]
    assert CANARY not in repr(server.auth_attempts)
    assert "right-password" not in repr(server) + repr(server.behaviour)


async def test_auth_reply_is_sent_verbatim(make_server: MakeServer) -> None:
    reply = (
        "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled"
    )
    server = make_server(password=CANARY, replies={"auth": reply})
    smtp = client(server)

    async with smtp:
        await smtp.ehlo()
        with pytest.raises(aiosmtplib.SMTPAuthenticationError) as caught:
            await smtp.auth_plain(USER, CANARY)

    assert (caught.value.code, caught.value.message) == (535, reply[4:])
    assert server.auth_attempts[0].username == USER
    assert not server.auth_attempts[0].success


@pytest.mark.parametrize(
    ("command", "reply"),
    [
        (
            "mail",
            "550 5.7.60 SMTP; Client does not have permissions to send as this sender",
        ),
        ("rcpt", "550 5.1.1 The email account that you tried to reach does not exist"),
        (
            "data",
            "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException",
        ),
    ],
)
async def test_injected_reply_fails_that_command(
    make_server: MakeServer, command: str, reply: str
) -> None:
    server = make_server(password=CANARY, replies={command: reply})
    smtp = client(server)

    async with smtp:
        await smtp.login(USER, CANARY)
        with pytest.raises(aiosmtplib.SMTPResponseException) as caught:
            await smtp.mail(SENDER)
            await smtp.rcpt(RECIPIENT)
            await smtp.data(sample_message().as_bytes())

    assert (caught.value.code, caught.value.message) == (int(reply[:3]), reply[4:])
    assert server.commands[-2:] == [command.upper(), "QUIT"]
    assert server.received == []


async def test_mail_needs_auth_when_auth_is_offered(make_server: MakeServer) -> None:
    server = make_server()
    smtp = client(server)

    async with smtp:
        with pytest.raises(aiosmtplib.SMTPSenderRefused) as caught:
            await smtp.mail(SENDER)

    assert caught.value.code == 530


async def test_no_auth_offered_accepts_mail_without_login(
    make_server: MakeServer,
) -> None:
    server = make_server(offer_auth=False)
    smtp = client(server)

    async with smtp:
        assert not smtp.supports_extension("auth")
        await smtp.send_message(sample_message())
        with pytest.raises(aiosmtplib.SMTPResponseException) as caught:
            await smtp.auth_plain(USER, CANARY)

    assert caught.value.code == 504
    assert server.received[0].rcpt_tos == [RECIPIENT]
    assert server.auth_attempts == []


async def test_drop_after_data_hangs_up_without_reply(
    make_server: MakeServer,
) -> None:
    server = make_server(password=CANARY, drop_after_data=True)
    smtp = client(server)
    await smtp.connect()
    await smtp.login(USER, CANARY)
    await smtp.mail(SENDER)
    await smtp.rcpt(RECIPIENT)

    with pytest.raises(aiosmtplib.SMTPServerDisconnected):
        await smtp.data(sample_message().as_bytes())

    assert server.commands[-1] == "DATA"
    assert server.received == []


async def test_message_over_the_size_limit_gets_552(make_server: MakeServer) -> None:
    server = make_server(password=CANARY, max_message_size=1000)
    smtp = client(server)

    async with smtp:
        await smtp.login(USER, CANARY)
        assert smtp.esmtp_extensions["size"] == "1000"
        await smtp.mail(SENDER)
        await smtp.rcpt(RECIPIENT)
        with pytest.raises(aiosmtplib.SMTPDataError) as caught:
            await smtp.data(b"Subject: big\r\n\r\n" + (b"x" * 60 + b"\r\n") * 40)

    assert caught.value.code == 552
    assert server.received == []


async def test_stripped_starttls_gets_no_auth_from_a_careful_client(
    make_server: MakeServer,
) -> None:
    server = make_server(password=CANARY, offer_starttls=False)
    smtp = client(server, start_tls=True)

    with pytest.raises(aiosmtplib.SMTPException, match="STARTTLS"):
        await smtp.connect()

    assert server.commands == ["EHLO"]
    assert server.auth_attempts == []


async def test_stripped_starttls_offers_auth_in_plain_text(
    make_server: MakeServer,
) -> None:
    server = make_server(password=CANARY, offer_starttls=False)
    smtp = client(server, start_tls=False)

    async with smtp:
        await smtp.ehlo()
        assert not smtp.supports_extension("starttls")
        assert smtp.supports_extension("auth")
        await smtp.login(USER, CANARY)

    assert server.auth_attempts[0].success
    assert "STARTTLS" not in server.commands


async def test_silent_server_ends_in_a_greeting_timeout(
    silent_server: SilentServer,
) -> None:
    smtp = aiosmtplib.SMTP(
        hostname=silent_server.host, port=silent_server.port, timeout=0.5
    )
    started = time.monotonic()

    with pytest.raises(aiosmtplib.SMTPConnectTimeoutError):
        await smtp.connect()

    assert time.monotonic() - started < 2.0
    assert silent_server.accepted == 1


@pytest.mark.parametrize("tls", ["starttls", "ssl"])
@pytest.mark.parametrize(
    ("cert", "error"),
    [
        ("expired", "certificate has expired"),
        ("wrong_name", "IP address mismatch"),
        ("unknown_ca", "unable to get local issuer certificate"),
    ],
)
async def test_bad_certificates_fail_verification(
    make_server: MakeServer, tls: str, cert: str, error: str
) -> None:
    server = make_server(tls=tls, cert=cert)
    smtp = client(server)

    with pytest.raises(
        (ssl.SSLCertVerificationError, aiosmtplib.SMTPException)
    ) as caught:
        await smtp.connect()

    assert error in str(caught.value)
    assert "AUTH" not in server.commands
    await until(lambda: server.errors)


async def test_set_behaviour_applies_to_the_next_connection(
    make_server: MakeServer,
) -> None:
    server = make_server(password=CANARY)
    port = server.port
    reply = "534 5.7.9 Application-specific password required"

    server.set_behaviour(Behaviour(password=CANARY, replies={"auth": reply}))
    smtp = client(server)
    async with smtp:
        await smtp.ehlo()
        with pytest.raises(aiosmtplib.SMTPAuthenticationError) as caught:
            await smtp.auth_plain(USER, CANARY)
    server.set_behaviour(Behaviour(tls="ssl", password=CANARY))
    await send_as_gallery(server, CANARY)

    assert caught.value.code == 534
    assert server.port == port
    assert len(server.received) == 1


def test_start_and_stop_are_quick_and_leave_nothing(local_ca: LocalCA) -> None:
    started = time.monotonic()
    with LocalMailServer(Behaviour(tls="ssl"), local_ca) as server:
        port, ca_file = server.port, server.ca_file
        assert ca_file.read_bytes() == local_ca.ca_pem
        held = socket.create_connection((server.host, port))
    elapsed = time.monotonic() - started

    assert elapsed < 0.3
    assert mail_threads() == []
    assert not ca_file.exists()
    assert held.recv(10) == b""
    held.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_silent_server_stop_releases_held_connections() -> None:
    server = SilentServer().start()
    held = socket.create_connection((server.host, server.port))
    deadline = time.monotonic() + 2
    while server.open_connections == 0 and time.monotonic() < deadline:
        held.settimeout(0.01)
        with pytest.raises(TimeoutError):
            held.recv(1)

    server.stop()

    assert server.open_connections == 0
    held.settimeout(1)
    assert held.recv(1) == b""
    held.close()
    assert mail_threads() == []


def test_behaviour_refuses_malformed_replies() -> None:
    with pytest.raises(ValueError, match="replies"):
        Behaviour(replies={"helo": "550 no"})
    with pytest.raises(ValueError, match="4xx or 5xx"):
        Behaviour(replies={"mail": "250 fine"})
    with pytest.raises(ValueError, match="same 4xx or 5xx code"):
        Behaviour(replies={"rcpt": "550 a\r\n250 b"})
    with pytest.raises(ValueError, match="4xx or 5xx"):
        Behaviour(replies={"data": ""})


async def test_multi_line_reply_is_sent_in_wire_form(make_server: MakeServer) -> None:
    reply = (
        "534-5.7.9 Application-specific password required. Learn more at\n"
        "534 5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor"
    )
    server = make_server(replies={"auth": reply})
    smtp = client(server)

    async with smtp:
        await smtp.ehlo()
        with pytest.raises(aiosmtplib.SMTPAuthenticationError) as caught:
            await smtp.auth_plain(USER, CANARY)

    assert caught.value.code == 534
    assert caught.value.message == (
        "5.7.9 Application-specific password required. Learn more at\n"
        "5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor"
    )


def test_each_behaviour_gets_its_own_random_password() -> None:
    first, second = Behaviour(), Behaviour()

    assert first.password != second.password
    assert first.password not in repr(first)


def test_local_ca_refuses_unknown_certificate_kinds(local_ca: LocalCA) -> None:
    with pytest.raises(ValueError, match="certificate kind"):
        local_ca.server_context("self_signed")  # type: ignore[arg-type]


async def test_on_receive_hears_each_message(local_ca: LocalCA) -> None:
    heard: list[str] = []
    behaviour = Behaviour(tls="none")
    server = LocalMailServer(
        behaviour, local_ca, on_receive=lambda m: heard.append(m.mail_from)
    )

    with server:
        await send_as_gallery(server, behaviour.password)

    assert heard == [SENDER]


def test_a_running_server_cannot_start_again(make_server: MakeServer) -> None:
    server = make_server()

    with pytest.raises(RuntimeError, match="already running"):
        server.start()
