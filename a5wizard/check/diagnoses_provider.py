"""Diagnosis texts for replies that only Gmail, Microsoft 365 or Outlook.com give:
what the reply means for a gallery and the steps that fix it."""

from __future__ import annotations

from a5wizard.check.steps import Diagnosis

APP_PASSWORDS_URL = "https://myaccount.google.com/apppasswords"
M365_AUTH_SMTP_PATH = (
    "Microsoft 365 admin center (https://admin.microsoft.com) > Users > Active "
    "users > (this user) > Mail > Manage email apps"
)
M365_MAILBOX_COMMAND = (
    "Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false"
)
M365_TENANT_COMMAND = "Set-TransportConfig -SmtpClientAuthenticationDisabled $false"
RETIREMENT = (
    "Microsoft is retiring password sign-in for sending: from the end of December "
    "2026 it is switched off by default (an administrator can still switch it back "
    "on for a while), and a final removal date follows. Sign-in with a Microsoft "
    "account (OAuth2) keeps working and is coming to a5wizard."
)

GMAIL = (
    Diagnosis(
        key="gmail_bad_credentials",
        title="Google did not accept the username and password",
        explanation=(
            "Google refused the sign-in. Most often the normal Google password was "
            "entered: Google no longer lets mail programs such as Artsystem5 sign in "
            "with it and needs an app password instead. An app password that was "
            "mistyped or has since been revoked gives the same reply."
        ),
        fix=(
            "Check that the username is the full Gmail or Google Workspace address.",
            "Make sure 2-Step Verification is on: Google Account > Security > "
            "2-Step Verification.",
            f"Create a new app password at {APP_PASSWORDS_URL} and name it "
            '"Artsystem5".',
            "Enter the 16-character app password as the password (the spaces Google "
            "shows may be left out) and run the check again.",
        ),
        revisit="checklist:gmail-2sv",
    ),
    Diagnosis(
        key="gmail_app_password_required",
        title="Google needs an app password, not the normal password",
        explanation=(
            "2-Step Verification is switched on for this Google account, so Google "
            "refuses the normal password from mail programs. Artsystem5 has to use "
            "an app password: a separate 16-character password made just for it."
        ),
        fix=(
            f"Open {APP_PASSWORDS_URL} (Google Account > Security > 2-Step "
            "Verification > App passwords) and sign in.",
            'Create an app password named "Artsystem5" and copy it.',
            "Enter it as the password instead of the normal Google password and run "
            "the check again.",
            "If App passwords is missing, the account uses security keys only, is "
            "under Advanced Protection, or a Workspace administrator switched app "
            "passwords off: ask the administrator.",
        ),
        revisit="checklist:gmail-app-password",
    ),
    Diagnosis(
        key="gmail_web_login_required",
        title="Google blocked the sign-in as suspicious",
        explanation=(
            "Google thought the sign-in looked unusual (for example a new computer "
            "or network) and wants the account owner to confirm it in a web "
            "browser first."
        ),
        fix=(
            "On a computer in the same network as Artsystem5, sign in to "
            "https://mail.google.com with this account and confirm any security "
            "question Google asks.",
            f"Use an app password, not the normal password: create one at "
            f"{APP_PASSWORDS_URL}.",
            "Run the check again.",
        ),
        revisit="checklist:gmail-app-password",
    ),
    Diagnosis(
        key="gmail_daily_limit",
        title="Gmail's daily sending limit was reached",
        explanation=(
            "Google limits how much one account may send: about 500 recipients a "
            "day for a normal Gmail account (100 a message), 2,000 messages a day "
            "for Google Workspace (500 on a trial). Every BCC copy counts as a "
            "recipient. Sending is blocked until the limit resets, within 24 hours."
        ),
        fix=(
            "Wait up to 24 hours, then run the check again.",
            "Spread large mailings over several days or send to fewer recipients.",
            "For regular large mailings, use a mailing service or a Workspace plan.",
        ),
        temporary=True,
    ),
)

MICROSOFT = (
    Diagnosis(
        key="m365_smtp_auth_disabled",
        title="Authenticated SMTP is switched off in Microsoft 365",
        explanation=(
            "Microsoft 365 answered that sending with a password (SMTP AUTH) is "
            "switched off for the whole organisation (the tenant) or for this "
            "mailbox. It is off by default for organisations created after January "
            "2020, and only an administrator can switch it on. The mailbox setting "
            "wins over the organisation setting."
        ),
        fix=(
            f"Ask your Microsoft 365 administrator to open {M365_AUTH_SMTP_PATH}, "
            'tick "Authenticated SMTP" and save.',
            f"Or, in Exchange Online PowerShell: {M365_MAILBOX_COMMAND}",
            'If the reply says "for the Tenant", the organisation-wide switch is off: '
            f"{M365_TENANT_COMMAND} (or switch it on per mailbox as above).",
            "Allow Microsoft some time to apply the change, then run the check again.",
        ),
        revisit="checklist:m365-smtp-auth",
    ),
    Diagnosis(
        key="m365_bad_credentials",
        title="Microsoft 365 did not accept the username and password",
        explanation=(
            "Microsoft 365 (Exchange) refused the sign-in: the username or the "
            "password is wrong, or the account needs multi-factor sign-in, which a "
            "password alone cannot do."
        ),
        fix=(
            "Check that the username is the full mailbox address "
            "(name@yourgallery.com).",
            "Re-enter the password carefully (watch Caps Lock).",
            "Try signing in at https://outlook.office.com with the same address and "
            "password to confirm they work.",
            "If the account uses multi-factor authentication, password sending "
            "cannot work: ask the administrator.",
        ),
        revisit="field:password",
    ),
    Diagnosis(
        key="m365_security_defaults",
        title="Microsoft 365 Security Defaults block password sign-in",
        explanation=(
            "The organisation has Security Defaults switched on. They refuse "
            "sending with a password (SMTP AUTH) for every mailbox."
        ),
        fix=(
            "Ask your administrator whether Security Defaults may be switched off: "
            "Microsoft Entra admin center (https://entra.microsoft.com) > Identity > "
            "Overview > Properties > Manage security defaults. This lowers "
            "protection, so it is the administrator's decision.",
            "If they must stay on, wait for Microsoft sign-in (OAuth2) in a5wizard "
            "or send through another provider.",
            "Run the check again after the change.",
        ),
        revisit="checklist:m365-security-defaults",
    ),
    Diagnosis(
        key="m365_criteria_not_met",
        title="Microsoft 365 refused the sign-in by policy",
        explanation=(
            "Microsoft 365 says the sign-in did not meet its criteria. Usually "
            "Authenticated SMTP is off for this mailbox, or a sign-in policy "
            "(Conditional Access) blocks password sign-in. Microsoft does not say "
            "which."
        ),
        fix=(
            f"Ask your administrator to check {M365_AUTH_SMTP_PATH}: "
            '"Authenticated SMTP" must be ticked.',
            "Ask them to check the sign-in policies in the Microsoft Entra admin "
            "center (Protection > Conditional Access) for rules that block legacy "
            "or password sign-in.",
            "Run the check again.",
        ),
        revisit="checklist:m365-smtp-auth",
    ),
    Diagnosis(
        key="m365_basic_auth_disabled",
        title="Password sign-in (basic authentication) is disabled",
        explanation=(
            "A policy of the organisation blocks signing in with a password for "
            f"sending. {RETIREMENT}"
        ),
        fix=(
            "Ask your administrator to allow SMTP AUTH for this mailbox: "
            f'{M365_AUTH_SMTP_PATH}, tick "Authenticated SMTP", or '
            f"{M365_MAILBOX_COMMAND}",
            "Ask them also to check authentication policies that block basic "
            "authentication for SMTP.",
            "Plan to switch this account to Microsoft sign-in (OAuth2) as soon as "
            "a5wizard offers it.",
        ),
        revisit="checklist:m365-basic-auth-retirement",
    ),
    Diagnosis(
        key="m365_basic_auth_retired",
        title="Microsoft no longer accepts a password for sending",
        explanation=(
            "The retirement of password sign-in is in force for this mailbox. "
            f"{RETIREMENT}"
        ),
        fix=(
            "Ask your administrator whether password SMTP AUTH can still be "
            "switched back on for your organisation.",
            "Otherwise use Microsoft sign-in (OAuth2) for this account once "
            "a5wizard offers it.",
            "Until then, send through another provider: choose it in the provider "
            "step.",
        ),
        revisit="provider",
    ),
    Diagnosis(
        key="m365_send_as_denied",
        title="Microsoft 365 refused the sender address",
        explanation=(
            "Microsoft 365 lets a mailbox send only as itself unless it was given "
            '"Send As" rights for another address. Artsystem5 also needs the '
            "reply-to address to equal the username for Microsoft 365, or sending "
            "is blocked."
        ),
        fix=(
            "Set the reply-to address to exactly the username (the mailbox address).",
            "Check that the username is the mailbox you sign in with.",
            "If mail must go out as another address, an administrator grants this "
            'mailbox "Send As" rights for it in the Exchange admin center '
            "(Recipients > Mailboxes > the mailbox > Delegation).",
            "Run the check again.",
        ),
        revisit="field:reply_to",
    ),
    Diagnosis(
        key="m365_send_as_throttled",
        title="Microsoft 365 paused sending after refused sender addresses",
        explanation=(
            "After several attempts to send as an address this mailbox may not use, "
            "Microsoft 365 blocks its sending for a while."
        ),
        fix=(
            "Set the reply-to address to exactly the username, as Microsoft 365 "
            "requires.",
            "Wait before trying again: the block lifts by itself.",
            "Run the check again later.",
        ),
        revisit="field:reply_to",
        temporary=True,
    ),
    Diagnosis(
        key="m365_starttls_required",
        title="The server requires an encrypted connection",
        explanation=(
            "The server will accept mail only over an encrypted connection "
            "(STARTTLS), and this connection was not encrypted."
        ),
        fix=(
            "Switch Secure Connection on.",
            "Use port 587 with STARTTLS (Microsoft 365: smtp.office365.com, 587).",
            "Run the check again.",
        ),
        revisit="field:secure",
    ),
    Diagnosis(
        key="m365_not_authenticated",
        title="The server wants a login before it accepts mail",
        explanation=(
            "The server was asked to send mail without a login. Microsoft 365 and "
            "most providers accept mail only from a signed-in account."
        ),
        fix=(
            "Enter the username (the full mailbox address) and the password.",
            "Keep Secure Connection on: many servers offer a login only over an "
            "encrypted connection.",
            "Run the check again.",
        ),
        revisit="field:password",
    ),
    Diagnosis(
        key="m365_too_many_connections",
        title="Too many connections to this mailbox at once",
        explanation=(
            "Microsoft 365 allows at most 3 connections to one mailbox at the same "
            "time. Other programs or other Artsystem5 users were sending through "
            "the same mailbox just then."
        ),
        fix=(
            "Wait a minute and run the check again.",
            "Avoid several programs sending through the same mailbox at once; give "
            "busy users their own account.",
        ),
        temporary=True,
    ),
    Diagnosis(
        key="m365_quota_exceeded",
        title="Microsoft 365's daily sending limit was reached",
        explanation=(
            "Microsoft 365 allows 10,000 recipients a day per mailbox (and 30 "
            "messages a minute). Every BCC copy counts. Sending is blocked until "
            "the limit resets."
        ),
        fix=(
            "Wait up to 24 hours, then run the check again.",
            "Spread large mailings over several days or use a mailing service.",
        ),
        temporary=True,
    ),
)

OUTLOOK = (
    Diagnosis(
        key="outlook_oauth_only",
        title="Outlook.com accepts only Microsoft sign-in (OAuth2)",
        explanation=(
            "Since September 2024, Outlook.com and Hotmail refuse passwords and app "
            "passwords for sending mail from programs. Only Microsoft sign-in "
            "(OAuth2) works, and a5wizard does not offer it yet."
        ),
        fix=(
            "Until a5wizard offers Microsoft sign-in, send through another provider "
            "(the gallery's Microsoft 365 or Google mailbox, or the web host's mail "
            "server): choose it in the provider step.",
            "When Microsoft sign-in is available, choose it for this account.",
        ),
        revisit="provider",
    ),
)

PROVIDER_DIAGNOSES: tuple[Diagnosis, ...] = GMAIL + MICROSOFT + OUTLOOK

PROVIDER_TYPICAL_REPLIES: dict[str, str] = {
    "gmail_bad_credentials": "535-5.7.8 Username and Password not accepted ... "
    "BadCredentials",
    "gmail_app_password_required": "534-5.7.9 Application-specific password "
    "required ... InvalidSecondFactor",
    "gmail_web_login_required": "534-5.7.9 Please log in with your web browser ... "
    "WebLoginRequired",
    "gmail_daily_limit": "550 5.4.5 Daily user sending limit exceeded",
    "m365_smtp_auth_disabled": "535 5.7.139 Authentication unsuccessful, "
    "SmtpClientAuthentication is disabled for the Tenant",
    "m365_bad_credentials": "535 5.7.139 Authentication unsuccessful, the user "
    "credentials were incorrect",
    "m365_security_defaults": "535 5.7.139 Authentication unsuccessful, user is "
    "locked by your organization's security defaults policy",
    "m365_criteria_not_met": "535 5.7.139 Authentication unsuccessful, the request "
    "did not meet the criteria to be authenticated successfully",
    "m365_basic_auth_disabled": "535 5.7.139 Authentication unsuccessful, basic "
    "authentication is disabled",
    "m365_basic_auth_retired": "550 5.7.30 Basic authentication is not supported "
    "for Client Submission",
    "m365_send_as_denied": "554 5.2.252 SendAsDenied; X not allowed to send as Y",
    "m365_send_as_throttled": "550 5.2.252 Sender throttled due to continuous "
    "send as denied errors",
    "m365_starttls_required": "451 5.7.3 STARTTLS is required to send mail",
    "m365_not_authenticated": "530 5.7.57 Client not authenticated to send mail",
    "m365_too_many_connections": "432 4.3.2 STOREDRV.ClientSubmit; sender thread "
    "limit exceeded",
    "m365_quota_exceeded": "554 5.2.0 STOREDRV.Submission.Exception:"
    "SubmissionQuotaExceededException",
    "outlook_oauth_only": "535 5.7.139 Authentication unsuccessful, basic "
    "authentication is disabled",
}
