"""The provider catalogue as plain data: servers, sign-in rules, limits and the
checklist gallery staff work through before an account can send mail."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from a5wizard.provider_types import ChecklistItem, Provider


def _item(id: str, text: str, why: str, url: str | None = None) -> ChecklistItem:
    return ChecklistItem(id=id, text=text, why=why, url=url)


GMAIL = Provider(
    key="gmail",
    name="Gmail / Google Workspace",
    server="smtp.gmail.com",
    port=587,
    secure=True,
    tls="starttls",
    username_rule="full_address",
    username_hint="The full Gmail address, for example gallery@gmail.com.",
    password_kind="app_password",
    password_hint=(
        "An app password: 16 letters, shown by Google in four groups of four. "
        "Spaces don't matter. Not the normal Google password."
    ),
    limits=(
        "Free Gmail: about 500 recipients a day, 100 per message. Google "
        "Workspace: 2,000 messages a day (500 on a trial), 10,000 recipients "
        "a day. Messages up to 25 MB."
    ),
    notes=(
        "Port 465 with SSL works too.",
        "App passwords are not offered when the account signs in with security "
        "keys only, uses Advanced Protection, or a Workspace administrator "
        "switched them off.",
        "Gmail replaces a sender address that is not the account's own (or a "
        "verified 'Send mail as' alias) with the account's address.",
    ),
    checklist=(
        _item(
            "gmail-2sv",
            "Switch on 2-Step Verification for the Gmail account that will send "
            "the mail. Have the phone for that account ready: Google sends it a "
            "code. (Or open the Security page, "
            "https://myaccount.google.com/security, and choose "
            "2-Step Verification.)",
            "Google only offers app passwords once 2-Step Verification is on.",
            "https://myaccount.google.com/signinoptions/twosv",
        ),
        _item(
            "gmail-app-password",
            'Create an app password: open the page, type the name "Artsystem5" '
            "and choose Create. Copy the 16 letters Google shows (the spaces "
            "don't matter); Google shows them only once.",
            "Gmail refuses the normal Google password from programs like "
            "Artsystem5; it accepts an app password.",
            "https://myaccount.google.com/apppasswords",
        ),
        _item(
            "gmail-sender",
            "Use the Gmail address itself as the reply-to address, or an address "
            "added in Gmail under Settings > Accounts > 'Send mail as'.",
            "Gmail swaps any other sender address for the account's own.",
            "https://mail.google.com/mail/u/0/#settings/accounts",
        ),
        _item(
            "gmail-limits",
            "Know the daily limit: about 500 recipients a day for free Gmail, "
            "2,000 messages a day on Google Workspace.",
            "Over the limit Gmail refuses all mail from the account for up to "
            "24 hours.",
        ),
    ),
    domains=("gmail.com", "googlemail.com"),
    mx_suffixes=("google.com", "googlemail.com"),
    max_message_mb=25,
    oauth_scope="https://mail.google.com/",
    other_servers=("smtp-relay.gmail.com",),
)

OFFICE365 = Provider(
    key="office365",
    name="Microsoft 365 / Office 365",
    server="smtp.office365.com",
    port=587,
    secure=True,
    tls="starttls",
    username_rule="full_address",
    username_hint="The mailbox's full address, for example info@gallery.com.",
    password_kind="account_password",
    password_hint="The password of the Microsoft 365 mailbox.",
    limits=(
        "30 messages a minute, 10,000 recipients a day, 500 recipients a "
        "message, 3 connections at once per mailbox."
    ),
    notes=(
        "Use port 587 (or 25) with STARTTLS; Microsoft does not support "
        "password sign-in on port 465.",
        "Microsoft switches password sign-in for sending (basic SMTP AUTH) off "
        "by default at the end of December 2026; an administrator can switch "
        "it back on for now. Sign-in with OAuth2 is coming to a5wizard.",
    ),
    checklist=(
        _item(
            "m365-smtp-auth",
            "Ask the Microsoft 365 administrator to switch on Authenticated SMTP "
            "for this mailbox: Microsoft 365 admin center > Users > Active users "
            "> choose the user > Mail > Manage email apps > tick Authenticated "
            "SMTP > Save changes. (PowerShell: Set-CASMailbox -Identity "
            "<address> -SmtpClientAuthenticationDisabled $false)",
            "It is off by default for organisations created since 2020; without "
            "it Microsoft refuses the login.",
            "https://admin.microsoft.com/#/users",
        ),
        _item(
            "m365-security-defaults",
            "Make sure Security Defaults are off for the organisation and this "
            "account has no multi-factor sign-in (MFA): Microsoft Entra admin "
            "center > Identity > Overview > Properties > Manage security "
            "defaults.",
            "With Security Defaults or MFA on, Microsoft refuses password "
            "sign-in from programs that send mail.",
            "https://entra.microsoft.com",
        ),
        _item(
            "m365-reply-to",
            "Use the mailbox address itself (the username) as the reply-to address.",
            "Artsystem5 blocks sending when the reply-to differs from the "
            "username, and Microsoft refuses to send as another address.",
        ),
        _item(
            "m365-limits",
            "Know the sending limits: 30 messages a minute, 10,000 recipients a "
            "day, 500 recipients a message.",
            "Over these limits Microsoft holds back the mailbox's mail for up "
            "to 24 hours.",
        ),
        _item(
            "m365-basic-auth-retirement",
            "Note the deadline: from the end of December 2026 Microsoft "
            "switches off password sign-in for sending by default, and "
            "organisations created after that date start without it. An "
            "administrator can switch it back on for now; sign-in with OAuth2 "
            "is coming to a5wizard.",
            "After that date mail stops until an administrator re-enables "
            "password sign-in or the account moves to OAuth2.",
        ),
    ),
    domains=(),
    mx_suffixes=("mail.protection.outlook.com",),
    max_message_mb=None,
    oauth_scope="https://outlook.office.com/SMTP.Send",
    other_servers=("smtp-hve.office365.com",),
)

OTHER = Provider(
    key="other",
    name="Other provider or in-house server",
    server="",
    port=587,
    secure=True,
    tls=None,
    username_rule="any",
    username_hint="The login your provider gave you, often the full address.",
    password_kind="account_password",
    password_hint="The password (or app password) your provider gave you.",
    limits="Ask the provider: messages a day and an hour, and message size.",
    notes=(
        "Port 465 uses SSL from the start; 587 (and 25) use STARTTLS.",
        "For an in-house server with its own certificate authority, give the "
        "CA file (cafile).",
    ),
    checklist=(
        _item(
            "other-settings",
            "Get from the email provider or IT person: the outgoing (SMTP) "
            "server name, its port, the security (SSL on port 465 or STARTTLS "
            "on 587), the username and the password.",
            "Artsystem5 needs all five; a guessed value is the commonest cause "
            "of mail that won't send.",
        ),
        _item(
            "other-relay",
            "Ask them to confirm the account may send mail (SMTP submission or "
            "relay) from the Artsystem5 server and its network.",
            "Many providers and hosting networks block sending from unknown "
            "machines, or block port 25.",
        ),
        _item(
            "other-app-password",
            "Ask whether the account needs an app password because it uses "
            "two-step sign-in.",
            "Providers with two-step sign-in usually refuse the normal "
            "password from mail programs.",
        ),
        _item(
            "other-limits",
            "Ask how many messages a day and an hour the account may send, and "
            "the largest message size.",
            "A mailing to many clients can pass a provider's limit, and mail "
            "then stops.",
        ),
    ),
    domains=(),
    mx_suffixes=(),
    max_message_mb=None,
    oauth_scope=None,
    other_servers=(),
)

OUTLOOK = Provider(
    key="outlook",
    name="Outlook.com / Hotmail",
    server="smtp-mail.outlook.com",
    port=587,
    secure=True,
    tls="starttls",
    username_rule="full_address",
    username_hint="The full Outlook.com, Hotmail or Live address.",
    password_kind="oauth2_only",
    password_hint=(
        "Password sign-in no longer works: Microsoft accepts only OAuth2 "
        "sign-in for Outlook.com, and refuses app passwords too."
    ),
    limits="Not published; Microsoft limits new accounts strictly.",
    notes=(
        "Microsoft ended password sign-in for Outlook.com mail programs in "
        "September 2024. Sign-in with OAuth2 is coming to a5wizard.",
    ),
    checklist=(
        _item(
            "outlook-oauth-only",
            "Password sign-in no longer works for Outlook.com, Hotmail and Live "
            "addresses, not even with an app password. Until OAuth2 sign-in "
            "comes to a5wizard, send Artsystem5's mail through another account "
            "(for example Microsoft 365 or Gmail).",
            "Microsoft refuses every password for these addresses.",
        ),
    ),
    domains=("outlook.*", "hotmail.*", "live.*", "msn.com"),
    mx_suffixes=("olc.protection.outlook.com",),
    max_message_mb=None,
    oauth_scope="https://outlook.office.com/SMTP.Send",
    other_servers=(),
)


def _app_password_preset(
    key: str,
    name: str,
    server: str,
    port: int,
    security_page: str,
    first_items: tuple[ChecklistItem, ...] = (),
    **extra: object,
) -> Provider:
    """A preset for a provider that wants an app password named Artsystem5;
    `first_items` come before the app password in its checklist."""
    tls: Literal["ssl", "starttls"] = "ssl" if port == 465 else "starttls"
    entry = Provider(
        key=key,
        name=name,
        server=server,
        port=port,
        secure=True,
        tls=tls,
        username_rule="full_address",
        username_hint=f"The full {name} address.",
        password_kind="app_password",
        password_hint=f"An app password created at {name}, not the normal one.",
        limits=f"Not published here; check with {name}.",
        notes=(),
        checklist=(
            *first_items,
            _item(
                f"{key}-app-password",
                f"Create an app password on {name}'s account security page, "
                'name it "Artsystem5" and copy the password shown.',
                f"{name} refuses the normal password from mail programs.",
                security_page,
            ),
            _item(
                f"{key}-sender",
                f"Use the {name} address itself as the reply-to address.",
                "Providers refuse or rewrite mail sent as another address.",
            ),
        ),
        domains=(),
        mx_suffixes=(),
        max_message_mb=None,
        oauth_scope=None,
        other_servers=(),
    )
    return replace(entry, **extra)


YAHOO = _app_password_preset(
    "yahoo",
    "Yahoo Mail",
    "smtp.mail.yahoo.com",
    465,
    "https://login.yahoo.com/account/security",
    notes=("Port 587 with STARTTLS is also reported to work.",),
    domains=("yahoo.*", "ymail.com", "rocketmail.com"),
    mx_suffixes=("yahoodns.net",),
)

AOL = _app_password_preset(
    "aol",
    "AOL Mail",
    "smtp.aol.com",
    465,
    "https://login.aol.com/account/security",
    domains=("aol.com",),
    mx_suffixes=("yahoodns.net",),
)

ICLOUD = _app_password_preset(
    "icloud",
    "iCloud Mail",
    "smtp.mail.me.com",
    587,
    "https://account.apple.com",
    (
        _item(
            "icloud-2fa",
            "Make sure two-factor authentication is on for the Apple Account "
            "(Sign-In and Security).",
            "Apple offers app-specific passwords only with two-factor authentication.",
            "https://account.apple.com",
        ),
    ),
    password_hint=(
        "An app-specific password (four groups of four letters with dashes), "
        "not the Apple Account password."
    ),
    notes=("App-specific passwords need two-factor authentication on.",),
    domains=("icloud.com", "me.com", "mac.com"),
    mx_suffixes=("mail.icloud.com",),
)

ZOHO = _app_password_preset(
    "zoho",
    "Zoho Mail",
    "smtp.zoho.com",
    465,
    "https://accounts.zoho.com",
    (
        _item(
            "zoho-server",
            "Pick the server for the account's region and plan: smtp.zoho.com, "
            "smtp.zoho.eu or smtp.zoho.in for free accounts; smtppro.zoho.com "
            "(or .eu, .in) for paid plans with your own domain.",
            "The wrong region or plan makes the login fail.",
        ),
    ),
    password_hint=(
        "The account password, or an application-specific password when "
        "two-factor authentication is on."
    ),
    password_kind="account_password",
    notes=(
        "Paid plans with your own domain use smtppro.zoho.com; accounts in "
        "other regions use smtp.zoho.eu, smtp.zoho.in and so on.",
        "The sender must be the account or one of its aliases.",
    ),
    domains=("zoho.*", "zohomail.*"),
    mx_suffixes=("zoho.com", "zoho.eu", "zoho.in", "zoho.com.au", "zoho.jp"),
    other_servers=(
        "smtppro.zoho.com",
        "smtp.zoho.eu",
        "smtppro.zoho.eu",
        "smtp.zoho.in",
        "smtppro.zoho.in",
        "smtp.zoho.com.au",
        "smtp.zoho.jp",
    ),
)

FASTMAIL = _app_password_preset(
    "fastmail",
    "Fastmail",
    "smtp.fastmail.com",
    465,
    "https://app.fastmail.com/settings/security",
    (
        _item(
            "fastmail-plan",
            "Check that the Fastmail plan allows sending from other programs "
            "(the Basic plan has no SMTP).",
            "Without it Fastmail refuses every login from Artsystem5.",
        ),
    ),
    notes=("Use port 465 with SSL; Fastmail does not offer STARTTLS here.",),
    domains=("fastmail.*",),
    mx_suffixes=("messagingengine.com",),
)

CATALOGUE: tuple[Provider, ...] = (
    GMAIL,
    OFFICE365,
    OTHER,
    OUTLOOK,
    YAHOO,
    AOL,
    ICLOUD,
    ZOHO,
    FASTMAIL,
)
"""Every provider, in the order the wizard lists them."""
