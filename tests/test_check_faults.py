"""Every failure a server can cause ends in the right diagnosis, at the right
step, within its time bound: injected replies, silence, stripped STARTTLS,
dropped connections, bad certificates, TLS mode mismatches, bad names."""

from __future__ import annotations

import errno
import socket
from dataclasses import replace
from pathlib import Path

import aiosmtplib
import pytest
from aiosmtplib import SMTPReadTimeoutError

from a5wizard.check import CheckResult, FailureKind, Outcome, Phase, check_account
from a5wizard.check.auth import PasswordAuth
from a5wizard.check.diagnose import diagnose
from a5wizard.check.errors import (
    AuthMechanismUnsupported,
    PlaintextRefused,
    failure_from,
)
from a5wizard.check.session import SmtpSession
from a5wizard.check.transcript import Transcript
from a5wizard.mailserver import SilentServer
from a5wizard.secret import Secret
from tests.fixtures_mail import MakeServer
from tests.test_check_send import account_for, request_for

REPLY_BOUND = 3.0  # seconds: an injected reply comes back at once
CONNECT_TIMEOUT = 0.5

# (provider, where the server says it, diagnosis key, reply line)
GOOGLE = "https://support.google.com/mail/?p="
M365_AUTH = "535 5.7.139 Authentication unsuccessful, "
SEND_AS = "STOREDRV.Submission.Exception:SendAsDeniedException"
# fmt: off
REPLIES = [
    ("gmail", "auth", "gmail_bad_credentials",
     f"535 5.7.8 Username and Password not accepted. {GOOGLE}BadCredentials"),
    ("gmail", "auth", "gmail_app_password_required",
     f"534 5.7.9 Application-specific password required. {GOOGLE}InvalidSecondFactor"),
    ("gmail", "auth", "gmail_web_login_required",
     f"534 5.7.9 Please log in with your web browser. {GOOGLE}WebLoginRequired"),
    ("gmail", "auth", "gmail_web_login_required",
     "534 5.7.14 <https://accounts.google.com/signin/continue> Please log in via "
     "your web browser"),
    ("gmail", "mail", "gmail_daily_limit",
     "550 5.4.5 Daily user sending limit exceeded."),
    ("office365", "auth", "m365_smtp_auth_disabled",
     f"{M365_AUTH}SmtpClientAuthentication is disabled for the Tenant."),
    ("office365", "auth", "m365_smtp_auth_disabled",
     f"{M365_AUTH}SmtpClientAuthentication is disabled for the Mailbox."),
    ("office365", "auth", "m365_bad_credentials",
     f"{M365_AUTH}the user credentials were incorrect."),
    ("office365", "auth", "m365_security_defaults",
     f"{M365_AUTH}user is locked by your organization's security defaults policy."),
    ("office365", "auth", "m365_criteria_not_met",
     f"{M365_AUTH}the request did not meet the criteria to be authenticated "
     "successfully."),
    ("office365", "auth", "m365_basic_auth_disabled",
     f"{M365_AUTH}basic authentication is disabled."),
    ("office365", "auth", "m365_basic_auth_retired",
     "550 5.7.30 Basic authentication is not supported for Client Submission."),
    ("office365", "data", "m365_send_as_denied",
     "550 5.7.60 SMTP; Client does not have permissions to send as this sender"),
    ("office365", "data", "m365_send_as_denied",
     "554 5.2.252 SendAsDenied; office@galerie.example not allowed to send as "
     f"other@galerie.example; {SEND_AS}"),
    ("office365", "data", "m365_send_as_denied",
     f"554 5.2.0 {SEND_AS}; Failed to process message"),
    ("office365", "mail", "m365_send_as_throttled",
     "550 5.2.252 Sender throttled due to continuous send as denied errors"),
    ("office365", "mail", "m365_starttls_required",
     "451 5.7.3 STARTTLS is required to send mail"),
    ("office365", "mail", "m365_not_authenticated",
     "530 5.7.57 Client not authenticated to send mail"),
    ("office365", "mail", "m365_too_many_connections",
     "432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded"),
    ("office365", "data", "m365_quota_exceeded",
     "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException"),
    ("outlook", "auth", "outlook_oauth_only",
     f"{M365_AUTH}basic authentication is disabled."),
    ("other", "auth", "auth_failed", "535 5.7.8 Authentication credentials invalid"),
    ("other", "rcpt", "relay_denied", "554 5.7.1 Relay access denied"),
    ("other", "rcpt", "recipient_rejected", "550 5.1.1 User unknown"),
    ("other", "mail", "sender_rejected",
     "553 5.1.8 Sender address rejected: domain not found"),
    ("other", "data", "message_too_large",
     "552 5.3.4 Message size exceeds fixed maximum message size"),
    ("other", "mail", "temporary",
     "450 4.7.1 Service temporarily unavailable, try again later"),
]
# fmt: on

PHASE_OF = {
    "auth": Phase.AUTH,
    "mail": Phase.MAIL,
    "rcpt": Phase.RCPT,
    "data": Phase.DATA,
}


def failed_step(result: CheckResult) -> Phase:
    """The phase of the last step, which must be the failed one."""
    last = result.steps[-1]
    assert last.outcome is Outcome.FAILED
    assert result.failure is not None and result.failure.phase is last.phase
    return last.phase


@pytest.mark.parametrize("provider, where, key, reply", REPLIES)
async def test_each_known_reply_gets_its_diagnosis(
    make_server: MakeServer,
    tmp_path: Path,
    provider: str,
    where: str,
    key: str,
    reply: str,
) -> None:
    server = make_server(tls="starttls", replies={where: reply})
    account = account_for(server, provider=provider)

    result = await check_account(request_for(server, tmp_path, account=account))

    assert not result.ok
    assert result.diagnosis is not None and result.diagnosis.key == key
    assert failed_step(result) is PHASE_OF[where]
    assert result.failure.kind is FailureKind.REPLY
    assert result.failure.reply_line() == reply
    assert result.elapsed < REPLY_BOUND
    assert server.received == []
    if where == "auth":
        assert len(server.auth_attempts) == 1  # one attempt, no mechanism retries


async def test_a_silent_server_ends_in_no_greeting_within_the_timeout(
    silent_server: SilentServer, tmp_path: Path
) -> None:
    request = request_for(silent_server, tmp_path, connect_timeout=CONNECT_TIMEOUT)

    result = await check_account(request)

    assert result.diagnosis.key == "no_greeting"
    assert failed_step(result) is Phase.CONNECT
    assert CONNECT_TIMEOUT * 0.9 <= result.elapsed < CONNECT_TIMEOUT + 0.5


async def test_stripped_starttls_stops_before_any_auth(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls", offer_starttls=False)

    result = await check_account(request_for(server, tmp_path))

    assert result.diagnosis.key == "starttls_not_offered"
    assert result.failure.kind is FailureKind.STARTTLS_NOT_OFFERED
    assert failed_step(result) is Phase.STARTTLS
    assert server.auth_attempts == []
    assert "AUTH" not in server.commands
    assert result.elapsed < REPLY_BOUND


async def test_a_connection_dropped_after_data_is_disconnected(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="ssl", drop_after_data=True)

    result = await check_account(request_for(server, tmp_path))

    assert result.diagnosis.key == "disconnected"
    assert failed_step(result) is Phase.DATA
    assert result.elapsed < REPLY_BOUND


async def test_a_message_over_the_size_limit_is_too_large(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls", max_message_size=200)

    result = await check_account(request_for(server, tmp_path))

    assert result.diagnosis.key == "message_too_large"
    assert failed_step(result) in (Phase.MAIL, Phase.DATA)


async def test_a_server_without_auth_is_auth_not_offered(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls", offer_auth=False)

    result = await check_account(request_for(server, tmp_path))

    assert result.diagnosis.key == "auth_not_offered"
    assert failed_step(result) is Phase.AUTH
    assert server.auth_attempts == []


@pytest.mark.parametrize("tls", ["starttls", "ssl"])
@pytest.mark.parametrize(
    "cert, key",
    [
        ("unknown_ca", "cert_untrusted"),
        ("expired", "cert_expired"),
        ("wrong_name", "cert_hostname"),
    ],
)
async def test_bad_certificates_are_named(
    make_server: MakeServer, tmp_path: Path, tls: str, cert: str, key: str
) -> None:
    server = make_server(tls=tls, cert=cert)

    result = await check_account(request_for(server, tmp_path))

    assert result.diagnosis.key == key
    assert failed_step(result) is (Phase.STARTTLS if tls == "starttls" else Phase.TLS)
    assert server.auth_attempts == []
    assert result.elapsed < REPLY_BOUND


async def test_a_missing_ca_file_is_a_tls_failure(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="ssl")
    account = account_for(server, cafile=str(tmp_path / "missing.pem"))

    result = await check_account(request_for(server, tmp_path, account=account))

    assert result.diagnosis.key == "tls_failed"
    assert failed_step(result) is Phase.TLS
    assert "missing.pem" in result.failure.text


async def test_implicit_tls_against_a_starttls_port_is_wrong_version(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls")
    account = account_for(server, tls="ssl")

    result = await check_account(request_for(server, tmp_path, account=account))

    assert result.diagnosis.key == "tls_wrong_version"
    assert failed_step(result) is Phase.TLS
    assert result.elapsed < REPLY_BOUND


async def test_starttls_against_an_implicit_tls_port_gets_no_greeting(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="ssl")
    account = account_for(server, tls="starttls")
    request = request_for(
        server, tmp_path, account=account, connect_timeout=CONNECT_TIMEOUT
    )

    result = await check_account(request)

    assert result.diagnosis.key == "no_greeting"
    assert failed_step(result) is Phase.CONNECT
    assert result.elapsed < CONNECT_TIMEOUT + 0.5


async def test_a_closed_port_is_connection_refused(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    account = account_for(server, port=closed_port)

    result = await check_account(request_for(server, tmp_path, account=account))

    assert result.diagnosis.key == "connection_refused"
    assert failed_step(result) is Phase.CONNECT
    assert result.elapsed < REPLY_BOUND


async def test_an_unknown_name_is_name_not_found(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls")
    account = account_for(server, server="smtp.no-such-host.invalid")

    result = await check_account(request_for(server, tmp_path, account=account))

    assert result.diagnosis.key == "name_not_found"
    assert failed_step(result) is Phase.RESOLVE
    assert result.elapsed < 5.0


async def test_no_usable_mechanism_is_auth_mechanism(make_server: MakeServer) -> None:
    server = make_server(tls="none")
    smtp = aiosmtplib.SMTP(
        hostname=server.host, port=server.port, start_tls=False, timeout=2
    )
    async with smtp:
        await smtp.ehlo()
        smtp.server_auth_methods = ["cram-md5"]  # as a server offering only that
        auth = PasswordAuth(server.behaviour.username, Secret("x"))

        with pytest.raises(AuthMechanismUnsupported) as raised:
            await auth.authenticate(smtp, Transcript("global", "t"))

    failure = failure_from(raised.value, Phase.AUTH)
    assert failure.kind is FailureKind.AUTH_MECHANISM
    assert diagnose(failure, provider="other").key == "auth_mechanism"
    assert server.auth_attempts == []


def test_a_plain_text_password_is_refused_towards_another_machine() -> None:
    session = SmtpSession(
        "mail.example.com",
        25,
        Transcript("global", "t"),
        connect_timeout=1.0,
        reply_timeout=1.0,
    )
    session.peer = "192.0.2.10"

    with pytest.raises(PlaintextRefused) as raised:
        session.require_safe_auth(secure=False, allow_plaintext=False)
    session.require_safe_auth(secure=False, allow_plaintext=True)
    session.require_safe_auth(secure=True, allow_plaintext=False)
    session.peer = "::1"
    session.require_safe_auth(secure=False, allow_plaintext=False)

    failure = failure_from(raised.value, Phase.AUTH)
    assert failure.kind is FailureKind.PLAINTEXT_REFUSED
    assert diagnose(failure, provider="other").key == "plaintext_refused"


async def test_plain_text_login_to_loopback_is_allowed(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="none")

    result = await check_account(request_for(server, tmp_path, mode="no-send"))

    assert result.ok, result.failure
    assert [a.success for a in server.auth_attempts] == [True]


@pytest.mark.parametrize(
    "error, kind, key",
    [
        (
            SMTPReadTimeoutError("Timed out waiting for server response"),
            FailureKind.TIMEOUT,
            "timeout",
        ),
        (
            TimeoutError("no answer from 192.0.2.1 port 587 within 10 s"),
            FailureKind.TIMEOUT,
            "timeout",
        ),
        (
            OSError(errno.ENETUNREACH, "Network is unreachable"),
            FailureKind.UNREACHABLE,
            "unreachable",
        ),
        (
            OSError(errno.EHOSTUNREACH, "No route to host"),
            FailureKind.UNREACHABLE,
            "unreachable",
        ),
        (
            socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
            FailureKind.NAME_NOT_FOUND,
            "name_not_found",
        ),
    ],
)
def test_network_errors_without_a_local_fault_map_to_their_kind(
    error: BaseException, kind: FailureKind, key: str
) -> None:
    failure = failure_from(error, Phase.CONNECT)

    assert failure.kind is kind
    assert diagnose(failure, provider="other").key == key


async def test_every_failed_check_still_saves_its_transcript(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls", replies={"rcpt": "550 5.1.1 User unknown"})
    request = replace(request_for(server, tmp_path), mode="no-send")

    result = await check_account(request)

    text = Path(result.transcript_path).read_text()
    assert "S: 550 5.1.1 User unknown" in text
    assert "failed at rcpt: reply" in text
    assert "C: QUIT" in text  # a polite goodbye after the refusal


async def test_an_international_recipient_without_smtputf8_fails_cleanly(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls")
    request = replace(request_for(server, tmp_path), recipient="jürgen@example.com")
    request.account.bcc = ""

    result = await check_account(request)

    assert not result.ok
    assert failed_step(result) is Phase.RCPT
    assert result.diagnosis is not None
    assert server.received == []
