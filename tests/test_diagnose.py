"""Tests for the diagnosis catalogue: real replies from Gmail, Microsoft 365 and
ordinary servers, provider disambiguation, the unknown fallback and robustness."""

from __future__ import annotations

import socket
import ssl

import aiosmtplib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from a5wizard.check.diagnose import diagnose, effective_provider
from a5wizard.check.diagnoses import CATALOGUE, RULES, SECTIONS
from a5wizard.check.steps import Failure, FailureKind, Phase
from a5wizard.check.troubleshooting import troubleshooting_markdown
from a5wizard.model import ACCOUNT_FIELDS, GLOBAL_ONLY_FIELDS, Account
from a5wizard.providers import PROVIDERS
from tests.fixtures_mail import MakeServer

K = FailureKind
P = Phase

GMAIL_BAD = (
    "5.7.8 Username and Password not accepted. For more information, go to\n"
    "5.7.8  https://support.google.com/mail/?p=BadCredentials "
    "a640c23a62f3a-a9f2.2 - gsmtp"
)
GMAIL_APP = (
    "5.7.9 Application-specific password required. For more information, go to\n"
    "5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor x1-gsmtp"
)
GMAIL_WEB = (
    "5.7.9 Please log in with your web browser and then try again. Learn more "
    "at\n5.7.9  https://support.google.com/mail/?p=WebLoginRequired z2-gsmtp"
)
GMAIL_WEB_OLD = (
    "5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1>\n"
    "5.7.14 Please log in via your web browser and\n5.7.14 then try again.\n"
    "5.7.14  Learn more at\n5.7.14  https://support.google.com/mail/answer/78754"
)
M365_AUTH = "5.7.139 Authentication unsuccessful, "

# (expected key, phase, kind, code, text, provider)
CASES: list[tuple[str, Phase, FailureKind, int | None, str, str]] = [
    ("gmail_bad_credentials", P.AUTH, K.REPLY, 535, GMAIL_BAD, "gmail"),
    ("gmail_bad_credentials", P.AUTH, K.REPLY, 535, GMAIL_BAD, "other"),
    ("gmail_app_password_required", P.AUTH, K.REPLY, 534, GMAIL_APP, "gmail"),
    ("gmail_app_password_required", P.AUTH, K.REPLY, 534, GMAIL_APP, "other"),
    ("gmail_web_login_required", P.AUTH, K.REPLY, 534, GMAIL_WEB, "gmail"),
    ("gmail_web_login_required", P.AUTH, K.REPLY, 534, GMAIL_WEB_OLD, "other"),
    (
        "gmail_daily_limit",
        P.MAIL,
        K.REPLY,
        550,
        "5.4.5 Daily user sending limit exceeded. For more information, go to\n"
        "5.4.5  https://support.google.com/mail/?p=ReceivingRatePerDay - gsmtp",
        "gmail",
    ),
    (
        "m365_smtp_auth_disabled",
        P.AUTH,
        K.REPLY,
        535,
        M365_AUTH + "SmtpClientAuthentication is disabled for the Tenant. Visit "
        "https://aka.ms/smtp_auth_disabled for more information. "
        "[AM0PR02CA0100.eurprd02.prod.outlook.com]",
        "office365",
    ),
    (
        "m365_smtp_auth_disabled",
        P.AUTH,
        K.REPLY,
        535,
        M365_AUTH + "SmtpClientAuthentication is disabled for the Mailbox.",
        "other",
    ),
    (
        "m365_bad_credentials",
        P.AUTH,
        K.REPLY,
        535,
        M365_AUTH + "the user credentials were incorrect.",
        "office365",
    ),
    (
        "m365_bad_credentials",
        P.AUTH,
        K.REPLY,
        535,
        "5.7.3 Authentication unsuccessful [BN6PR1101CA0001.namprd11.prod]",
        "other",
    ),
    (
        "m365_security_defaults",
        P.AUTH,
        K.REPLY,
        535,
        M365_AUTH + "user is locked by your organization's security defaults "
        "policy. Contact your administrator.",
        "office365",
    ),
    (
        "m365_criteria_not_met",
        P.AUTH,
        K.REPLY,
        535,
        M365_AUTH + "the request did not meet the criteria to be authenticated "
        "successfully. Contact your administrator.",
        "office365",
    ),
    (
        "m365_basic_auth_disabled",
        P.AUTH,
        K.REPLY,
        535,
        M365_AUTH + "basic authentication is disabled.",
        "office365",
    ),
    (
        "m365_basic_auth_retired",
        P.MAIL,
        K.REPLY,
        550,
        "5.7.30 Basic authentication is not supported for Client Submission.",
        "office365",
    ),
    (
        "m365_send_as_denied",
        P.DATA,
        K.REPLY,
        554,
        "5.2.252 SendAsDenied; info@gallery.com not allowed to send as "
        "sales@gallery.com; STOREDRV.Submission.Exception:SendAsDeniedException;"
        " Failed to process message due to a permanent exception",
        "office365",
    ),
    (
        "m365_send_as_denied",
        P.DATA,
        K.REPLY,
        554,
        "5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSend"
        "AsDenied; Failed to process message",
        "office365",
    ),
    (
        "m365_send_as_denied",
        P.MAIL,
        K.REPLY,
        550,
        "5.7.60 SMTP; Client does not have permissions to send as this sender",
        "office365",
    ),
    (
        "m365_send_as_throttled",
        P.MAIL,
        K.REPLY,
        550,
        "5.2.252 Sender throttled due to continuous send as denied errors.",
        "office365",
    ),
    (
        "m365_starttls_required",
        P.MAIL,
        K.REPLY,
        451,
        "5.7.3 STARTTLS is required to send mail [AM0PR02CA0100]",
        "office365",
    ),
    (
        "m365_not_authenticated",
        P.MAIL,
        K.REPLY,
        530,
        "5.7.57 Client not authenticated to send mail. Error: 535 5.7.139",
        "office365",
    ),
    (
        "m365_too_many_connections",
        P.MAIL,
        K.REPLY,
        432,
        "4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname=X]",
        "office365",
    ),
    (
        "m365_quota_exceeded",
        P.DATA,
        K.REPLY,
        554,
        "5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; "
        "Failed to process message due to a permanent exception",
        "office365",
    ),
    (
        "outlook_oauth_only",
        P.AUTH,
        K.REPLY,
        535,
        M365_AUTH + "basic authentication is disabled. [PR3P191CA0001]",
        "outlook",
    ),
    (
        "outlook_oauth_only",
        P.AUTH,
        K.REPLY,
        535,
        M365_AUTH + "the user credentials were incorrect.",
        "outlook",
    ),
    (
        "auth_failed",
        P.AUTH,
        K.REPLY,
        535,
        "5.7.8 Error: authentication failed",
        "other",
    ),
    (
        "name_not_found",
        P.RESOLVE,
        K.NAME_NOT_FOUND,
        None,
        "[Errno -2] Name or service not known",
        "other",
    ),
    ("connection_refused", P.CONNECT, K.REFUSED, None, "[Errno 111] refused", "other"),
    (
        "unreachable",
        P.CONNECT,
        K.UNREACHABLE,
        None,
        "[Errno 101] Network is unreachable",
        "other",
    ),
    ("timeout", P.CONNECT, K.TIMEOUT, None, "Timed out connecting", "other"),
    ("no_greeting", P.CONNECT, K.NO_GREETING, None, "no greeting", "other"),
    (
        "tls_wrong_version",
        P.TLS,
        K.TLS_WRONG_VERSION,
        None,
        "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1000)",
        "other",
    ),
    (
        "cert_untrusted",
        P.TLS,
        K.CERT_UNTRUSTED,
        None,
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get "
        "local issuer certificate (_ssl.c:1000)",
        "other",
    ),
    ("cert_expired", P.STARTTLS, K.CERT_EXPIRED, None, "certificate expired", "other"),
    (
        "cert_hostname",
        P.TLS,
        K.CERT_HOSTNAME,
        None,
        "IP address mismatch, certificate is not valid for '127.0.0.1'",
        "other",
    ),
    (
        "tls_failed",
        P.TLS,
        K.TLS_OTHER,
        None,
        "[SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version",
        "other",
    ),
    (
        "starttls_not_offered",
        P.STARTTLS,
        K.STARTTLS_NOT_OFFERED,
        None,
        "STARTTLS is required but the server did not offer it",
        "office365",
    ),
    ("auth_not_offered", P.AUTH, K.AUTH_NOT_OFFERED, None, "", "other"),
    ("auth_mechanism", P.AUTH, K.AUTH_MECHANISM, None, "offered: NTLM", "other"),
    ("auth_mechanism", P.AUTH, K.REPLY, 504, "5.7.4 Unrecognized auth type", "other"),
    ("plaintext_refused", P.AUTH, K.PLAINTEXT_REFUSED, None, "", "other"),
    (
        "relay_denied",
        P.RCPT,
        K.REPLY,
        554,
        "5.7.1 <someone@example.org>: Relay access denied",
        "other",
    ),
    ("relay_denied", P.RCPT, K.REPLY, 550, "5.7.1 Unable to relay", "gmail"),
    (
        "sender_rejected",
        P.MAIL,
        K.REPLY,
        553,
        "5.7.1 <info@gallery.com>: Sender address rejected: not owned by user",
        "other",
    ),
    (
        "recipient_rejected",
        P.RCPT,
        K.REPLY,
        550,
        "5.1.1 <nobody@example.org>: Recipient address rejected: User unknown\n"
        "in virtual mailbox table",
        "other",
    ),
    (
        "message_too_large",
        P.DATA,
        K.REPLY,
        552,
        "5.3.4 Message size exceeds fixed limit",
        "other",
    ),
    ("message_too_large", P.MAIL, K.REPLY, 552, "5.2.3 Too much mail data", "other"),
    ("temporary", P.RCPT, K.REPLY, 450, "4.2.0 Greylisted, try again", "other"),
    ("temporary", P.CONNECT, K.REPLY, 421, "4.7.0 Try again later", "gmail"),
    ("disconnected", P.DATA, K.DISCONNECTED, None, "Connection lost", "other"),
    ("cancelled", P.AUTH, K.CANCELLED, None, "", "gmail"),
]


@pytest.mark.parametrize(
    ("key", "phase", "kind", "code", "text", "provider"),
    CASES,
    ids=[f"{case[0]}-{number}" for number, case in enumerate(CASES)],
)
def test_real_reply_is_diagnosed(
    key: str,
    phase: Phase,
    kind: FailureKind,
    code: int | None,
    text: str,
    provider: str,
) -> None:
    failure = Failure(phase=phase, kind=kind, code=code, text=text)
    diagnosis = diagnose(failure, provider=provider)
    assert diagnosis.key == key
    assert diagnosis == CATALOGUE[key]


def test_every_catalogue_entry_has_a_real_case() -> None:
    covered = {case[0] for case in CASES} | {"unknown"}
    assert covered == set(CATALOGUE)


def test_every_rule_leads_to_a_catalogue_entry() -> None:
    assert {rule.key for rule in RULES} <= set(CATALOGUE)
    assert set(CATALOGUE) - {rule.key for rule in RULES} == {"unknown"}


@pytest.mark.parametrize(
    ("provider", "key"),
    [
        ("gmail", "gmail_bad_credentials"),
        ("office365", "m365_bad_credentials"),
        ("outlook", "outlook_oauth_only"),
        ("other", "auth_failed"),
        ("yahoo", "auth_failed"),
    ],
)
def test_generic_535_depends_on_provider(provider: str, key: str) -> None:
    failure = Failure(P.AUTH, K.REPLY, 535, "Authentication credentials invalid")
    assert diagnose(failure, provider=provider).key == key


@pytest.mark.parametrize(
    ("server", "key"),
    [
        ("smtp.gmail.com", "gmail_bad_credentials"),
        ("SMTP.Office365.com.", "m365_bad_credentials"),
        ("smtp-mail.outlook.com", "outlook_oauth_only"),
        ("mail.gallery.com", "auth_failed"),
    ],
)
def test_provider_other_is_guessed_from_the_server(server: str, key: str) -> None:
    failure = Failure(P.AUTH, K.REPLY, 535, "Authentication failed")
    account = Account(server=server, provider="other")
    assert diagnose(failure, provider="other", account=account).key == key


def test_basic_auth_disabled_depends_on_provider() -> None:
    failure = Failure(
        P.AUTH, K.REPLY, 535, M365_AUTH + "basic authentication is disabled."
    )
    office = diagnose(failure, provider="office365")
    assert office.key == "m365_basic_auth_disabled"
    assert "December 2026" in office.explanation
    assert "OAuth2" in office.explanation
    assert diagnose(failure, provider="outlook").key == "outlook_oauth_only"


def test_explicit_provider_wins_over_server_guess() -> None:
    account = Account(server="smtp.gmail.com", provider="office365")
    assert effective_provider("office365", account) == "office365"
    assert effective_provider("", None) == "other"


def test_timeout_on_465_with_starttls_means_no_greeting() -> None:
    failure = Failure(P.CONNECT, K.TIMEOUT, None, "Timed out waiting for greeting")
    wrong = Account(server="mail.example.com", port=465, tls="starttls")
    right = Account(server="mail.example.com", port=587, tls="starttls")
    assert diagnose(failure, provider="other", account=wrong).key == "no_greeting"
    assert diagnose(failure, provider="other", account=right).key == "timeout"
    assert diagnose(failure, provider="other").key == "timeout"


UNCLASSIFIED = [
    (P.CONNECT, K.OTHER, "[Errno 111] Connection refused", "connection_refused"),
    (P.RESOLVE, K.OTHER, "[Errno 8] nodename nor servname provided", "name_not_found"),
    (P.CONNECT, K.OTHER, "[Errno 113] No route to host", "unreachable"),
    (P.TLS, K.TLS_OTHER, "[SSL: WRONG_VERSION_NUMBER] wrong", "tls_wrong_version"),
    (P.TLS, K.TLS_OTHER, "verify failed: self-signed certificate", "cert_untrusted"),
    (P.STARTTLS, K.OTHER, "STARTTLS extension not supported", "starttls_not_offered"),
    (P.AUTH, K.OTHER, "No suitable authentication method found.", "auth_mechanism"),
    (P.DATA, K.OTHER, "Connection reset by peer", "disconnected"),
]


@pytest.mark.parametrize(("phase", "kind", "text", "key"), UNCLASSIFIED)
def test_unclassified_error_messages_are_recognised(
    phase: Phase, kind: FailureKind, text: str, key: str
) -> None:
    assert diagnose(Failure(phase, kind, None, text), provider="other").key == key


def test_error_message_never_passes_for_a_reply() -> None:
    text = "STARTTLS is required but the server does not offer it"
    failure = Failure(P.STARTTLS, K.STARTTLS_NOT_OFFERED, None, text)
    assert diagnose(failure, provider="office365").key == "starttls_not_offered"


@pytest.mark.parametrize(
    ("phase", "revisit"),
    [
        (P.AUTH, "field:password"),
        (P.CONNECT, "field:port"),
        (P.DATA, "field:username"),
        (P.EHLO, "field:server"),
    ],
)
def test_unknown_keeps_the_reply_verbatim(phase: Phase, revisit: str) -> None:
    text = "5.9.9 Something odd <happened> here,\nask postmaster@example.org"
    diagnosis = diagnose(Failure(phase, K.REPLY, 554, text), provider="other")
    assert diagnosis.key == "unknown"
    assert f"554 {text}" in diagnosis.explanation
    assert diagnosis.revisit == revisit
    assert len(diagnosis.fix) >= 2
    assert not diagnosis.temporary


def test_unknown_error_without_text_says_so() -> None:
    diagnosis = diagnose(Failure(P.QUIT, K.OTHER), provider="gmail")
    assert diagnosis.key == "unknown"
    assert "No reply" in diagnosis.explanation
    assert diagnosis.fix


def _valid_revisits() -> set[str]:
    fields = {f"field:{name}" for name in (*ACCOUNT_FIELDS, *GLOBAL_ONLY_FIELDS)}
    checklist = {
        f"checklist:{item.id}"
        for provider in PROVIDERS.values()
        for item in provider.checklist
    }
    return fields | checklist | {"field:password", "provider"}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_entry_is_complete(key: str) -> None:
    diagnosis = CATALOGUE[key]
    assert diagnosis.key == key
    assert diagnosis.title and diagnosis.explanation
    assert diagnosis.fix and all(step.strip() for step in diagnosis.fix)
    if diagnosis.revisit is None:
        assert diagnosis.temporary or key in ("cancelled", "unknown")
    else:
        assert diagnosis.revisit in _valid_revisits()


def test_temporary_entries_are_the_waiting_kind() -> None:
    temporary = {key for key, diagnosis in CATALOGUE.items() if diagnosis.temporary}
    assert temporary == {
        "gmail_daily_limit",
        "m365_send_as_throttled",
        "m365_too_many_connections",
        "m365_quota_exceeded",
        "temporary",
        "disconnected",
    }


def test_microsoft_fixes_give_admin_paths_and_powershell() -> None:
    steps = " ".join(CATALOGUE["m365_smtp_auth_disabled"].fix)
    assert "Manage email apps" in steps
    assert "Set-CASMailbox" in steps and "SmtpClientAuthenticationDisabled" in steps
    assert "apppasswords" in " ".join(CATALOGUE["gmail_app_password_required"].fix)


def test_starttls_not_offered_warns_against_switching_encryption_off() -> None:
    diagnosis = CATALOGUE["starttls_not_offered"]
    assert "unsafe" in diagnosis.explanation
    assert "password was not sent" in diagnosis.explanation


failures = st.builds(
    Failure,
    phase=st.sampled_from(Phase),
    kind=st.sampled_from(FailureKind),
    code=st.none() | st.integers(min_value=-(10**6), max_value=10**6),
    text=st.text(max_size=300) | st.sampled_from([GMAIL_BAD, GMAIL_WEB_OLD]),
)
accounts = st.none() | st.builds(
    Account,
    server=st.text(max_size=40),
    port=st.integers(min_value=0, max_value=70000),
    secure=st.booleans(),
    tls=st.none() | st.sampled_from(["ssl", "starttls"]),
)


@given(failure=failures, provider=st.text(max_size=20), account=accounts)
def test_diagnose_never_raises(
    failure: Failure, provider: str, account: Account | None
) -> None:
    diagnosis = diagnose(failure, provider=provider, account=account)
    assert diagnosis.key in CATALOGUE
    assert diagnosis.fix


def test_huge_reply_is_diagnosed() -> None:
    text = "x" * 200_000 + " BadCredentials"
    diagnosis = diagnose(Failure(P.AUTH, K.REPLY, 535, text), provider="other")
    assert diagnosis.key == "auth_failed"  # only the start of a reply is read


def test_troubleshooting_covers_the_whole_catalogue() -> None:
    markdown = troubleshooting_markdown()
    sectioned = [key for _, keys in SECTIONS for key in keys]
    assert sorted(sectioned) == sorted(CATALOGUE)
    for diagnosis in CATALOGUE.values():
        assert f"#### {diagnosis.title}" in markdown
        assert f"1. {diagnosis.fix[0]}" in markdown
    assert markdown.startswith("## Troubleshooting")
    assert "Typical reply: `550 5.4.5 Daily user sending limit exceeded`" in markdown


# The library's own error messages, produced against real local servers.


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_real_refused_connection_message() -> None:
    client = aiosmtplib.SMTP(hostname="127.0.0.1", port=_closed_port(), timeout=5)
    with pytest.raises(aiosmtplib.SMTPConnectError) as caught:
        await client.connect()
    failure = Failure(P.CONNECT, K.OTHER, None, str(caught.value))
    assert diagnose(failure, provider="other").key == "connection_refused"


@pytest.mark.parametrize(
    ("tls", "cert", "trust", "key"),
    [
        ("starttls", "good", True, "tls_wrong_version"),
        ("ssl", "unknown_ca", True, "cert_untrusted"),
        ("ssl", "expired", True, "cert_expired"),
        ("ssl", "wrong_name", True, "cert_hostname"),
    ],
)
async def test_real_tls_error_messages(
    make_server: MakeServer, tls: str, cert: str, trust: bool, key: str
) -> None:
    server = make_server(tls=tls, cert=cert)
    context = ssl.create_default_context(cafile=str(server.ca_file) if trust else None)
    client = aiosmtplib.SMTP(
        hostname=server.host, port=server.port, use_tls=True, tls_context=context
    )
    with pytest.raises((aiosmtplib.SMTPException, ssl.SSLError, OSError)) as caught:
        await client.connect(timeout=5)
    failure = Failure(P.TLS, K.TLS_OTHER, None, str(caught.value))
    assert diagnose(failure, provider="other").key == key


async def test_real_auth_reply_from_server(make_server: MakeServer) -> None:
    reply = (
        "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is "
        "disabled for the Tenant."
    )
    server = make_server(tls="starttls", replies={"auth": reply})
    context = ssl.create_default_context(cafile=str(server.ca_file))
    client = aiosmtplib.SMTP(
        hostname=server.host, port=server.port, timeout=5, tls_context=context
    )
    await client.connect(start_tls=True)
    await client.ehlo()
    with pytest.raises(aiosmtplib.SMTPAuthenticationError) as caught:
        await client.auth_plain("someone@gallery.com", "not-the-password")
    client.close()
    error = caught.value
    failure = Failure(P.AUTH, K.REPLY, error.code, error.message)
    assert diagnose(failure, provider="other").key == "m365_smtp_auth_disabled"
