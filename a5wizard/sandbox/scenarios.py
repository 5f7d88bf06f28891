"""Failures the sandbox can play back: each scenario makes the built-in mail
server answer like Gmail, Microsoft 365 or a broken network would, and names
the diagnosis a check should then give."""

from __future__ import annotations

from dataclasses import dataclass, field

from a5wizard.check.diagnoses import TYPICAL_REPLIES
from a5wizard.mailserver import Behaviour
from a5wizard.mailserver.certs import CertKind

GMAIL_HELP = "https://support.google.com/mail/?p="
M365_SEND_AS_TARGET = "info@gallery.example"
"""The address a Microsoft 365 SendAsDenied reply says the mailbox tried to use."""


@dataclass(frozen=True)
class Scenario:
    """One failure to play back: how the server answers and what it should teach."""

    id: str
    title: str
    effect: str
    """What the server does differently, in one sentence for the installer."""
    diagnosis: str
    """The diagnosis key a check of the sandbox account gives in this scenario."""
    replies: dict[str, str] = field(default_factory=dict)
    """Failure replies by SMTP stage ("auth", "mail", "rcpt", "data")."""
    offer_starttls: bool = True
    offer_auth: bool = True
    cert: CertKind = "good"
    drop_after_data: bool = False

    def behaviour(self, username: str, password: str) -> Behaviour:
        """The mail server behaviour for this scenario and the sandbox login."""
        replies = {
            stage: line.replace("{username}", username)
            for stage, line in self.replies.items()
        }
        return Behaviour(
            tls="starttls",
            offer_starttls=self.offer_starttls,
            offer_auth=self.offer_auth,
            username=username,
            password=password,
            replies=replies,
            drop_after_data=self.drop_after_data,
            cert=self.cert,
        )


def behaviour_for(scenario: Scenario | None, username: str, password: str) -> Behaviour:
    """The server behaviour for a scenario, or the normal one for None."""
    if scenario is not None:
        return scenario.behaviour(username, password)
    return Behaviour(tls="starttls", username=username, password=password)


def _gmail(code: str, status: str, text: str, topic: str) -> str:
    """Gmail's reply on one line (Gmail splits it over two)."""
    return (
        f"{code} {status} {text} For more information, go to "
        f"{GMAIL_HELP}{topic} - gsmtp"
    )


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        id="gmail-app-password",
        title="Gmail: normal password instead of an app password",
        effect="The login is refused the way Google refuses a normal password "
        "when 2-Step Verification is on.",
        diagnosis="gmail_app_password_required",
        replies={
            "auth": _gmail(
                "534",
                "5.7.9",
                "Application-specific password required.",
                "InvalidSecondFactor",
            )
        },
    ),
    Scenario(
        id="gmail-bad-credentials",
        title="Gmail: wrong or revoked app password",
        effect="The login is refused the way Google refuses a wrong password.",
        diagnosis="gmail_bad_credentials",
        replies={
            "auth": _gmail(
                "535",
                "5.7.8",
                "Username and Password not accepted.",
                "BadCredentials",
            )
        },
    ),
    Scenario(
        id="gmail-web-login",
        title="Gmail: sign-in blocked as suspicious",
        effect="The login is refused until someone confirms it in a web browser.",
        diagnosis="gmail_web_login_required",
        replies={
            "auth": _gmail(
                "534",
                "5.7.9",
                "Please log in with your web browser and then try again.",
                "WebLoginRequired",
            )
        },
    ),
    Scenario(
        id="gmail-daily-limit",
        title="Gmail: daily limit reached",
        effect="The login works, then the sender is refused: the day's quota "
        "is used up.",
        diagnosis="gmail_daily_limit",
        replies={
            "mail": _gmail(
                "550", "5.4.5", "Daily user sending limit exceeded.", "ReachedLimit"
            )
        },
    ),
    Scenario(
        id="m365-smtp-auth-disabled",
        title="Office 365: SMTP AUTH disabled for the mailbox",
        effect="The login is refused because Authenticated SMTP is off for "
        "this mailbox.",
        diagnosis="m365_smtp_auth_disabled",
        replies={
            "auth": "535 5.7.139 Authentication unsuccessful, "
            "SmtpClientAuthentication is disabled for the Mailbox"
        },
    ),
    Scenario(
        id="m365-security-defaults",
        title="Office 365: Security Defaults on",
        effect="The login is refused by the organisation's Security Defaults.",
        diagnosis="m365_security_defaults",
        replies={"auth": TYPICAL_REPLIES["m365_security_defaults"]},
    ),
    Scenario(
        id="m365-basic-auth-retired",
        title="Office 365: password sign-in retired",
        effect="The login is refused: Microsoft no longer takes a password.",
        diagnosis="m365_basic_auth_retired",
        replies={"auth": TYPICAL_REPLIES["m365_basic_auth_retired"]},
    ),
    Scenario(
        id="m365-send-as-denied",
        title="Office 365: reply-to differs (SendAsDenied)",
        effect="The message is refused after it was sent: the mailbox may not "
        "send as another address.",
        diagnosis="m365_send_as_denied",
        replies={
            "data": "554 5.2.252 SendAsDenied; {username} not allowed to send as "
            f"{M365_SEND_AS_TARGET}; "
            "STOREDRV.Submission.Exception:SendAsDeniedException"
        },
    ),
    Scenario(
        id="m365-too-many-connections",
        title="Office 365: too many connections at once",
        effect="The sender is refused for now: other programs use the mailbox.",
        diagnosis="m365_too_many_connections",
        replies={"mail": TYPICAL_REPLIES["m365_too_many_connections"]},
    ),
    Scenario(
        id="starttls-stripped",
        title="STARTTLS stripped by the network",
        effect="The server no longer offers encryption, as when a firewall or "
        "a man in the middle removes it.",
        diagnosis="starttls_not_offered",
        offer_starttls=False,
    ),
    Scenario(
        id="cert-expired",
        title="Server certificate expired",
        effect="Encryption starts with a certificate that expired yesterday.",
        diagnosis="cert_expired",
        cert="expired",
    ),
    Scenario(
        id="cert-wrong-name",
        title="Server certificate for another name",
        effect="Encryption starts with a certificate made out to another server.",
        diagnosis="cert_hostname",
        cert="wrong_name",
    ),
    Scenario(
        id="cert-unknown-ca",
        title="Server certificate from an unknown authority",
        effect="Encryption starts with a certificate nobody here trusts.",
        diagnosis="cert_untrusted",
        cert="unknown_ca",
    ),
    Scenario(
        id="auth-not-offered",
        title="Server offers no login",
        effect="The server does not offer AUTH, so no password can be sent.",
        diagnosis="auth_not_offered",
        offer_auth=False,
    ),
    Scenario(
        id="recipient-rejected",
        title="Recipient rejected",
        effect="Every recipient is refused as unknown.",
        diagnosis="recipient_rejected",
        replies={
            "rcpt": "550 5.1.1 Recipient address rejected: User unknown in "
            "virtual mailbox table"
        },
    ),
    Scenario(
        id="relay-denied",
        title="Relay denied",
        effect="The server refuses to pass mail on to other domains.",
        diagnosis="relay_denied",
        replies={"rcpt": "554 5.7.1 Relay access denied"},
    ),
    Scenario(
        id="message-too-large",
        title="Message too large",
        effect="The message is refused after it was sent: it exceeds the size limit.",
        diagnosis="message_too_large",
        replies={"data": TYPICAL_REPLIES["message_too_large"]},
    ),
    Scenario(
        id="try-later",
        title="Server busy: try again later",
        effect="The sender is refused with a temporary error.",
        diagnosis="temporary",
        replies={"mail": TYPICAL_REPLIES["temporary"]},
    ),
    Scenario(
        id="hang-up",
        title="Connection dropped after the message",
        effect="The server hangs up right after the message, without an answer.",
        diagnosis="disconnected",
        drop_after_data=True,
    ),
)
"""Every scenario, Gmail first, then Microsoft 365, the network, the server."""

SCENARIOS_BY_ID: dict[str, Scenario] = {s.id: s for s in SCENARIOS}


class UnknownScenario(LookupError):
    """No scenario has this id."""


def get_scenario(scenario_id: str) -> Scenario:
    """The scenario with this id; UnknownScenario names the valid ones."""
    try:
        return SCENARIOS_BY_ID[scenario_id]
    except KeyError:
        known = ", ".join(SCENARIOS_BY_ID)
        raise UnknownScenario(
            f"There is no sandbox scenario {scenario_id!r}; choose one of {known}."
        ) from None
