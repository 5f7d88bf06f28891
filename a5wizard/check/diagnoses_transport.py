"""Diagnosis texts for failures any mail server can cause: finding and reaching
it, encryption, logging in and the replies to the sender, recipient and message."""

from __future__ import annotations

from a5wizard.check.steps import Diagnosis

PORTS = "Usual ports: 587 with STARTTLS, or 465 with SSL (implicit TLS)."

CONNECTION = (
    Diagnosis(
        key="name_not_found",
        title="The server name could not be found",
        explanation=(
            "The name in the Server field does not exist, or this computer cannot "
            "look names up right now (no internet or no name service)."
        ),
        fix=(
            "Check the server name for typing mistakes (for example smtp.gmail.com "
            "or smtp.office365.com).",
            "Copy the exact name from your mail provider's help pages.",
            "Check that this computer is online: open any website.",
            "Run the check again.",
        ),
        revisit="field:server",
    ),
    Diagnosis(
        key="connection_refused",
        title="The server refused the connection on this port",
        explanation=(
            "The server was reached, but nothing accepts mail on this port, or a "
            "firewall turned the connection away."
        ),
        fix=(
            f"Check the port. {PORTS}",
            "Check the server name: it must be the provider's outgoing (SMTP) server.",
            "Ask whoever looks after the network whether a firewall blocks this port.",
        ),
        revisit="field:port",
    ),
    Diagnosis(
        key="unreachable",
        title="The server could not be reached",
        explanation=(
            "This computer found no way through the network to the server. Many "
            "networks block outgoing mail on port 25, and some block 587 too."
        ),
        fix=(
            "Check that this computer is online.",
            f"Try another port. {PORTS}",
            "Ask whoever looks after the network (or the hosting company) to allow "
            "outgoing connections to this server and port.",
        ),
        revisit="field:port",
    ),
    Diagnosis(
        key="timeout",
        title="The server did not answer in time",
        explanation=(
            "No answer came within the time limit. Usually a firewall silently "
            "drops connections on this port (common for 25, sometimes 587), or "
            "STARTTLS was chosen for port 465, where the server waits for "
            "encryption first. A very slow server is also possible."
        ),
        fix=(
            "If the port is 465, set the TLS mode to SSL.",
            f"Try another port. {PORTS}",
            "Ask whoever looks after the network whether this port is blocked.",
            "Run the check again later in case the server was busy.",
        ),
        revisit="field:port",
    ),
    Diagnosis(
        key="no_greeting",
        title="Connected, but the server never said hello",
        explanation=(
            "The connection opened but the server sent no greeting. Most often "
            "STARTTLS was chosen for a port that expects encryption from the first "
            "moment (465): the server waits for encryption while a5wizard waits "
            "for its greeting. A firewall or antivirus that holds mail traffic has "
            "the same effect."
        ),
        fix=(
            "If the port is 465, set the TLS mode to SSL (implicit TLS).",
            "Or keep STARTTLS and use port 587.",
            "If that does not help, ask whoever looks after the network about "
            "firewall or antivirus mail scanning.",
        ),
        revisit="field:tls",
    ),
)

ENCRYPTION = (
    Diagnosis(
        key="tls_wrong_version",
        title="The encryption mode does not match the port",
        explanation=(
            "a5wizard started encryption at once (SSL, implicit TLS), but the "
            "server on this port expects a plain start followed by STARTTLS, as "
            "is usual on ports 587 and 25."
        ),
        fix=(
            "Set the TLS mode to STARTTLS for port 587 (or 25).",
            "Or keep SSL and use port 465, if the provider offers it.",
            "Run the check again.",
        ),
        revisit="field:tls",
    ),
    Diagnosis(
        key="cert_untrusted",
        title="The server's certificate is not trusted",
        explanation=(
            "The server proved its identity with a certificate from an authority "
            "this computer does not trust: a private or self-made one (common for "
            "in-house mail servers), or something on the network (antivirus, "
            "company firewall) that opens encrypted connections to inspect them. "
            "a5wizard never skips this check, because it protects the password."
        ),
        fix=(
            "For an in-house server with its own certificate authority: get the "
            "authority's certificate (a PEM file) from IT and set it as the CA file.",
            "For a public provider (Gmail, Microsoft 365, ...), something is "
            'intercepting: switch off "scan encrypted connections" or email '
            "protection in the antivirus, or ask IT about the firewall.",
            "Check that the server name is the provider's own name.",
        ),
        revisit="field:cafile",
    ),
    Diagnosis(
        key="cert_expired",
        title="The server's certificate has expired",
        explanation=(
            "The certificate the server showed is out of date, or this computer's "
            "clock is wrong, so the server's identity cannot be confirmed."
        ),
        fix=(
            "Check this computer's date and time.",
            "Tell the mail provider or IT that the server's certificate has "
            "expired; they must renew it.",
            "Run the check again once it is renewed.",
        ),
        revisit="field:server",
    ),
    Diagnosis(
        key="cert_hostname",
        title="The certificate is for a different server name",
        explanation=(
            "The server's certificate names another server than the one entered, "
            "for example because an IP address or a company alias (mail.gallery.com)"
            " is used instead of the provider's own name."
        ),
        fix=(
            "Enter the server name exactly as the provider gives it (the name on its "
            "certificate), not an IP address or alias.",
            "Run the check again.",
        ),
        revisit="field:server",
    ),
    Diagnosis(
        key="tls_failed",
        title="The encrypted connection could not be set up",
        explanation=(
            "Encryption failed for another reason: the two sides found no common "
            "TLS version or cipher, or something on the network interfered."
        ),
        fix=(
            "Check that the TLS mode suits the port: SSL for 465, STARTTLS for 587 "
            "or 25.",
            "Check the server name.",
            "Ask IT whether a firewall or antivirus handles mail connections.",
        ),
        revisit="field:tls",
    ),
    Diagnosis(
        key="starttls_not_offered",
        title="The server did not offer encryption (STARTTLS)",
        explanation=(
            "Secure Connection is on, but the server, or a device in between such "
            "as a firewall that inspects mail traffic, did not offer STARTTLS. "
            "a5wizard stopped before logging in, so the password was not sent. "
            "Turning Secure Connection off would send the password and the mail "
            "readable by anyone on the way: that is unsafe."
        ),
        fix=(
            "Check the server name: it must be the provider's outgoing (SMTP) "
            "server, not the incoming one.",
            f"Check the port and TLS mode. {PORTS}",
            "If they are right, a firewall or antivirus may remove the offer: ask "
            "whoever looks after the network.",
            "Do not switch Secure Connection off unless IT confirms the server is "
            "on your own private network.",
        ),
        revisit="field:port",
    ),
)

LOGIN = (
    Diagnosis(
        key="auth_not_offered",
        title="The server does not offer a login",
        explanation=(
            "The server did not offer to log in. Often it is a receiving server "
            "(port 25) rather than the provider's sending server, or it offers a "
            "login only over an encrypted connection."
        ),
        fix=(
            "Check that the server is the provider's outgoing (SMTP) server.",
            f"Switch Secure Connection on and check the port. {PORTS}",
            "If it is an in-house relay that takes mail without a login, ask IT.",
        ),
        revisit="field:server",
    ),
    Diagnosis(
        key="auth_mechanism",
        title="No common way to log in",
        explanation=(
            "The server offers only login methods a5wizard cannot use with a "
            "password (it uses PLAIN or LOGIN), for example only OAuth2 sign-in."
        ),
        fix=(
            "Ask the provider or IT whether password login (PLAIN or LOGIN) can be "
            "enabled for this account.",
            "Otherwise choose another provider or server.",
        ),
        revisit="provider",
    ),
    Diagnosis(
        key="plaintext_refused",
        title="a5wizard will not send the password unencrypted",
        explanation=(
            "Secure Connection is off and the server is not on this computer, so "
            "the password would travel readable by anyone on the way. a5wizard "
            "stopped before sending it."
        ),
        fix=(
            f"Switch Secure Connection on. {PORTS}",
            "Only if the server cannot encrypt and IT confirms the network is "
            "private, allow it explicitly (a5wizard test --allow-plaintext).",
        ),
        revisit="field:secure",
    ),
    Diagnosis(
        key="auth_failed",
        title="The server did not accept the username and password",
        explanation="The server refused the login with this username and password.",
        fix=(
            "Check the username: most providers want the full email address.",
            "Re-enter the password carefully (watch Caps Lock).",
            "If the provider uses app passwords (Yahoo, AOL, iCloud, Zoho, "
            "Fastmail, Gmail), create one and use it instead of the normal password.",
            "Sign in to the provider's webmail to confirm the password works.",
        ),
        revisit="field:password",
    ),
)

SENDING = (
    Diagnosis(
        key="relay_denied",
        title="The server refused to pass the mail on (relaying denied)",
        explanation=(
            "The server accepts mail for other addresses only from a signed-in "
            "account with an address it owns. It did not treat this check as "
            "signed in, or the sender address is not one of its own."
        ),
        fix=(
            "Enter the username and password, so the check logs in.",
            "Use the address of the mailbox as the username.",
            "Check that the server is the outgoing server of the provider that "
            "hosts this address.",
        ),
        revisit="field:username",
    ),
    Diagnosis(
        key="sender_rejected",
        title="The server refused the sender address",
        explanation=(
            "The sender address (the account's username) is not allowed on this "
            "server: it belongs to another domain or mailbox, or its domain is not "
            "set up there."
        ),
        fix=(
            "Make the username the full address of the mailbox you sign in with.",
            "Use the server of the provider that hosts this address.",
            "Ask the provider whether this address may send through the server.",
        ),
        revisit="field:username",
    ),
    Diagnosis(
        key="recipient_rejected",
        title="The server refused the recipient address",
        explanation=(
            "The test recipient or the BCC address does not exist, is misspelt or "
            "is not accepted by the server."
        ),
        fix=(
            "Check the spelling of the test recipient (the reply-to address by "
            "default).",
            "Check the BCC address of the account.",
            "Run the check again with an address you know works.",
        ),
        revisit="field:reply_to",
    ),
    Diagnosis(
        key="message_too_large",
        title="The message is too large for the server",
        explanation=(
            "The server refused the message because of its size. The test message "
            "is small, so the server's limit is unusually low or the mailbox is "
            "out of space."
        ),
        fix=(
            "Ask the provider about its message size limit (Gmail: 25 MB).",
            "In Artsystem5, keep attachments below that limit.",
        ),
        revisit="provider",
    ),
    Diagnosis(
        key="temporary",
        title="The server asked to try again later",
        explanation=(
            "The server gave a temporary refusal: it is busy, limits how fast mail "
            "may arrive, or delays new senders on purpose."
        ),
        fix=(
            "Wait a few minutes and run the check again.",
            "If it keeps happening, send the server's reply to the provider.",
        ),
        temporary=True,
    ),
    Diagnosis(
        key="disconnected",
        title="The server closed the connection unexpectedly",
        explanation=(
            "The server hung up in the middle of the conversation. This can be a "
            "passing hiccup, a firewall or antivirus cutting in, or the server "
            "refusing the message without saying why."
        ),
        fix=(
            "Run the check again.",
            "If it happens every time, check that the TLS mode suits the port "
            "(SSL for 465, STARTTLS for 587).",
            "Send the transcript to the provider or IT.",
        ),
        temporary=True,
    ),
    Diagnosis(
        key="cancelled",
        title="The check was cancelled",
        explanation="The check stopped before it finished; nothing was found wrong.",
        fix=("Run the check again when ready.",),
    ),
)

TRANSPORT_DIAGNOSES: tuple[Diagnosis, ...] = CONNECTION + ENCRYPTION + LOGIN + SENDING

TRANSPORT_TYPICAL_REPLIES: dict[str, str] = {
    "name_not_found": "[Errno -2] Name or service not known",
    "connection_refused": "[Errno 111] Connection refused",
    "unreachable": "[Errno 101] Network is unreachable",
    "timeout": "Timed out connecting to smtp.example.com on port 25",
    "no_greeting": "Timed out waiting for the server's greeting",
    "tls_wrong_version": "[SSL: WRONG_VERSION_NUMBER] wrong version number",
    "cert_untrusted": "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
    "unable to get local issuer certificate",
    "cert_expired": "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
    "certificate has expired",
    "cert_hostname": "certificate verify failed: IP address mismatch, certificate "
    "is not valid for '192.0.2.10'",
    "tls_failed": "[SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version",
    "starttls_not_offered": "SMTP STARTTLS extension not supported by server",
    "auth_not_offered": "SMTP AUTH extension not supported by server",
    "auth_mechanism": "504 5.7.4 Unrecognized authentication type",
    "plaintext_refused": "Secure Connection is off; the password was not sent",
    "auth_failed": "535 5.7.8 Error: authentication failed",
    "relay_denied": "554 5.7.1 <someone@example.org>: Relay access denied",
    "sender_rejected": "553 5.7.1 Sender address rejected: not owned by user",
    "recipient_rejected": "550 5.1.1 <nobody@example.org>: Recipient address "
    "rejected: User unknown",
    "message_too_large": "552 5.3.4 Message size exceeds fixed limit",
    "temporary": "421 4.7.0 Try again later, closing connection",
    "disconnected": "Connection lost",
    "cancelled": "",
}
