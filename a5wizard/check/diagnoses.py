"""The diagnosis catalogue: rules that recognise a failure (phase, kind, reply
code, reply text, provider) and the diagnosis each one leads to, most specific
rule first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from a5wizard.check.diagnoses_provider import (
    PROVIDER_DIAGNOSES,
    PROVIDER_TYPICAL_REPLIES,
)
from a5wizard.check.diagnoses_transport import (
    TRANSPORT_DIAGNOSES,
    TRANSPORT_TYPICAL_REPLIES,
)
from a5wizard.check.steps import Diagnosis, FailureKind, Phase

K = FailureKind
P = Phase
PERMANENT = range(500, 600)
TEMPORARY = range(400, 500)
TRANSACTION = (P.MAIL, P.RCPT, P.DATA)


@dataclass(frozen=True)
class Rule:
    """One way of recognising a failure; empty constraints match anything."""

    key: str
    phases: frozenset[Phase] = frozenset()
    kinds: frozenset[FailureKind] = frozenset()
    codes: range | frozenset[int] = frozenset()
    text: re.Pattern[str] | None = None
    providers: frozenset[str] = frozenset()
    ports: frozenset[int] = frozenset()  # the account's port
    tls_modes: frozenset[str] = frozenset()  # the account's TLS mode, if secure


def rule(
    key: str,
    *,
    phases: Iterable[Phase] = (),
    kinds: Iterable[FailureKind] = (),
    codes: range | Iterable[int] = (),
    text: str | None = None,
    providers: Iterable[str] = (),
    ports: Iterable[int] = (),
    tls_modes: Iterable[str] = (),
) -> Rule:
    """Build a rule; text is a case-insensitive pattern searched in the reply.

    A rule on reply code or text matches only server replies unless kinds says
    otherwise, so an error message never passes for a server's reply.
    """
    kinds = frozenset(kinds)
    if not kinds and (text or codes):
        kinds = frozenset({FailureKind.REPLY})
    return Rule(
        key=key,
        phases=frozenset(phases),
        kinds=kinds,
        codes=codes if isinstance(codes, range) else frozenset(codes),
        text=re.compile(text, re.I | re.S) if text else None,
        providers=frozenset(providers),
        ports=frozenset(ports),
        tls_modes=frozenset(tls_modes),
    )


OUTLOOK_REFUSAL = r"basic auth(entication)? is (disabled|not supported)|\b5\.7\.30\b"

RULES: tuple[Rule, ...] = (
    rule("cancelled", kinds=[K.CANCELLED]),
    # Replies that name their cause, whatever provider the account says it is.
    rule("gmail_web_login_required", text=r"WebLoginRequired|\b5\.7\.14\b"),
    rule("gmail_web_login_required", text=r"log ?in (with|via) your web browser"),
    rule(
        "gmail_app_password_required",
        text=r"InvalidSecondFactor|Application-specific password required",
    ),
    rule(
        "gmail_bad_credentials",
        text=r"BadCredentials|Username and Password not accepted",
    ),
    rule("gmail_daily_limit", text=r"Daily user sending (limit|quota)"),
    rule("m365_send_as_throttled", text=r"throttled due to continuous send ?as"),
    rule("m365_smtp_auth_disabled", text=r"SmtpClientAuthentication is disabled"),
    rule("m365_security_defaults", text=r"security defaults"),
    rule("m365_criteria_not_met", text=r"did not meet the criteria"),
    rule("outlook_oauth_only", providers=["outlook"], text=OUTLOOK_REFUSAL),
    rule("m365_basic_auth_disabled", text=r"basic auth(entication)? is disabled"),
    rule(
        "m365_basic_auth_retired",
        text=r"\b5\.7\.30\b|basic authentication is not supported",
    ),
    rule("outlook_oauth_only", providers=["outlook"], phases=[P.AUTH], codes=PERMANENT),
    rule("m365_bad_credentials", text=r"credentials were incorrect"),
    rule(
        "m365_send_as_denied",
        text=r"SendAsDenied|\b5\.7\.60\b|not allowed to send as|permissions? to "
        r"send as",
    ),
    rule(
        "m365_starttls_required",
        text=r"STARTTLS (is )?required|must issue a STARTTLS",
    ),
    rule(
        "m365_not_authenticated",
        phases=TRANSACTION,
        text=r"\b5\.7\.57\b|not authenticated|authentication (is )?required",
    ),
    rule("m365_too_many_connections", text=r"sender thread limit exceeded"),
    rule("m365_quota_exceeded", text=r"SubmissionQuotaExceeded"),
    # Generic login refusals, told apart by the account's provider.
    rule("gmail_bad_credentials", providers=["gmail"], phases=[P.AUTH], codes=[535]),
    rule("m365_bad_credentials", providers=["office365"], phases=[P.AUTH], codes=[535]),
    rule(
        "m365_bad_credentials",
        phases=[P.AUTH],
        codes=PERMANENT,
        text=r"\b5\.7\.139\b|\b5\.7\.3 Authentication unsuccessful",
    ),
    # Failures below SMTP, as the check classified them.
    rule("name_not_found", kinds=[K.NAME_NOT_FOUND]),
    rule("connection_refused", kinds=[K.REFUSED]),
    rule("unreachable", kinds=[K.UNREACHABLE]),
    rule("no_greeting", kinds=[K.NO_GREETING]),
    rule(
        "no_greeting",
        kinds=[K.TIMEOUT],
        phases=[P.CONNECT, P.EHLO],
        ports=[465],
        tls_modes=["starttls"],
    ),
    rule("timeout", kinds=[K.TIMEOUT]),
    rule("tls_wrong_version", kinds=[K.TLS_WRONG_VERSION]),
    rule("cert_untrusted", kinds=[K.CERT_UNTRUSTED]),
    rule("cert_expired", kinds=[K.CERT_EXPIRED]),
    rule("cert_hostname", kinds=[K.CERT_HOSTNAME]),
    rule("starttls_not_offered", kinds=[K.STARTTLS_NOT_OFFERED]),
    rule("auth_not_offered", kinds=[K.AUTH_NOT_OFFERED]),
    rule("auth_mechanism", kinds=[K.AUTH_MECHANISM]),
    rule("plaintext_refused", kinds=[K.PLAINTEXT_REFUSED]),
    rule("disconnected", kinds=[K.DISCONNECTED]),
    # Error messages that were not classified: recognise them by their words.
    rule("tls_wrong_version", kinds=[K.TLS_OTHER, K.OTHER], text=r"wrong.version"),
    rule(
        "cert_expired",
        kinds=[K.TLS_OTHER, K.OTHER],
        text=r"certificate (has )?expired",
    ),
    rule(
        "cert_hostname",
        kinds=[K.TLS_OTHER, K.OTHER],
        text=r"(hostname|IP address) mismatch|not valid for|doesn't match",
    ),
    rule(
        "cert_untrusted",
        kinds=[K.TLS_OTHER, K.OTHER],
        text=r"CERTIFICATE_VERIFY_FAILED|self.signed|unable to get local issuer",
    ),
    rule("tls_failed", kinds=[K.TLS_OTHER]),
    rule(
        "name_not_found",
        kinds=[K.OTHER],
        text=r"Name or service not known|nodename nor servname|getaddrinfo failed"
        r"|No address associated|name resolution",
    ),
    # errno values: ECONNREFUSED, ENETUNREACH and EHOSTUNREACH on Linux, macOS
    # and Windows, since asyncio words a refusal as "Connect call failed".
    rule(
        "connection_refused",
        kinds=[K.OTHER],
        text=r"refused|\[Errno (111|61|10061)\]",
    ),
    rule(
        "unreachable",
        kinds=[K.OTHER],
        text=r"(network|host) is unreachable|no route to host"
        r"|\[Errno (101|113|51|65|10051|10065)\]",
    ),
    rule("timeout", kinds=[K.OTHER], text=r"timed? ?out"),
    rule("starttls_not_offered", kinds=[K.OTHER], text=r"STARTTLS extension not"),
    rule("auth_mechanism", kinds=[K.OTHER], text=r"no suitable auth"),
    rule("auth_not_offered", kinds=[K.OTHER], text=r"AUTH extension not"),
    rule(
        "disconnected",
        kinds=[K.OTHER],
        text=r"disconnected|connection (lost|reset|closed)|reset by peer"
        r"|broken pipe",
    ),
    rule("tls_failed", kinds=[K.OTHER], phases=[P.TLS, P.STARTTLS]),
    # Generic replies, by phase and code.
    rule("auth_mechanism", phases=[P.AUTH], codes=[504]),
    rule("auth_mechanism", phases=[P.AUTH], codes=PERMANENT, text=r"mechanism"),
    rule("auth_not_offered", phases=[P.AUTH], codes=[502, 503]),
    rule("m365_not_authenticated", phases=TRANSACTION, codes=[530]),
    rule(
        "message_too_large",
        codes=PERMANENT,
        text=r"\b5\.3\.4\b|\b5\.2\.3\b|too (big|large)|size (limit|exceed)"
        r"|exceeds? .{0,20}size",
    ),
    rule("message_too_large", phases=[P.MAIL, P.DATA], codes=[552]),
    rule("relay_denied", phases=[P.RCPT], codes=PERMANENT, text=r"relay|\b5\.7\.1\b"),
    rule("relay_denied", phases=[P.MAIL], codes=PERMANENT, text=r"relay"),
    rule("recipient_rejected", phases=[P.RCPT], codes=PERMANENT),
    rule("sender_rejected", phases=[P.MAIL], codes=PERMANENT),
    rule("auth_failed", phases=[P.AUTH], codes=[530, 534, 535]),
    rule("temporary", codes=TEMPORARY),
)

UNKNOWN = Diagnosis(
    key="unknown",
    title="The check failed for a reason a5wizard does not recognise",
    explanation=(
        "a5wizard shows the step that failed and the server's reply word for word, "
        "with the usual advice for that step."
    ),
    fix=(
        "Follow the advice for the step that failed.",
        "If it still fails, send the transcript and the server's reply to your mail "
        "provider or IT.",
    ),
)

CATALOGUE: dict[str, Diagnosis] = {
    diagnosis.key: diagnosis
    for diagnosis in (*PROVIDER_DIAGNOSES, *TRANSPORT_DIAGNOSES, UNKNOWN)
}

TYPICAL_REPLIES: dict[str, str] = {
    **PROVIDER_TYPICAL_REPLIES,
    **TRANSPORT_TYPICAL_REPLIES,
}

PHASE_ADVICE: dict[Phase, tuple[tuple[str, ...], str | None]] = {
    P.RESOLVE: (
        (
            "Check the server name for typing mistakes.",
            "Check that this computer is online.",
        ),
        "field:server",
    ),
    P.CONNECT: (
        ("Check the server name and port (587 with STARTTLS or 465 with SSL).",),
        "field:port",
    ),
    P.TLS: (
        ("Check the TLS mode suits the port: SSL for 465, STARTTLS for 587 or 25.",),
        "field:tls",
    ),
    P.EHLO: (
        ("Check the server is the provider's outgoing (SMTP) server.",),
        "field:server",
    ),
    P.STARTTLS: (
        ("Check the TLS mode suits the port: STARTTLS for 587 or 25, SSL for 465.",),
        "field:tls",
    ),
    P.AUTH: (
        ("Check the username (usually the full address) and re-enter the password.",),
        "field:password",
    ),
    P.MAIL: (
        ("Check the username is the address of the mailbox you sign in with.",),
        "field:username",
    ),
    P.RCPT: (
        ("Check the test recipient and the BCC address.",),
        "field:reply_to",
    ),
    P.DATA: (
        ("Check the sender address (the username) is allowed to send here.",),
        "field:username",
    ),
    P.RESET: (("The settings worked up to this point; run the check again.",), None),
    P.QUIT: (("The settings worked up to this point; run the check again.",), None),
}

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Gmail and Google Workspace",
        tuple(d.key for d in PROVIDER_DIAGNOSES if d.key.startswith("gmail_")),
    ),
    (
        "Microsoft 365",
        tuple(d.key for d in PROVIDER_DIAGNOSES if d.key.startswith("m365_")),
    ),
    ("Outlook.com and Hotmail", ("outlook_oauth_only",)),
    (
        "Finding and reaching the server",
        ("name_not_found", "connection_refused", "unreachable", "timeout"),
    ),
    (
        "Encryption",
        (
            "no_greeting",
            "tls_wrong_version",
            "cert_untrusted",
            "cert_expired",
            "cert_hostname",
            "tls_failed",
            "starttls_not_offered",
        ),
    ),
    (
        "Logging in",
        ("auth_not_offered", "auth_mechanism", "plaintext_refused", "auth_failed"),
    ),
    (
        "Sending",
        (
            "relay_denied",
            "sender_rejected",
            "recipient_rejected",
            "message_too_large",
            "temporary",
            "disconnected",
        ),
    ),
    ("Anything else", ("cancelled", "unknown")),
)
