"""The test message a send check delivers: who sent it, through which server
and security, and the gallery's postal footer. BCC travels only in the envelope."""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from a5wizard.model import GLOBAL, Account, GlobalAccount
from a5wizard.text import has_control_chars

FALLBACK_DOMAIN = "a5wizard.invalid"


def _checked(name: str, value: str) -> str:
    """A header value, refused when it holds CR, LF or other control characters."""
    if has_control_chars(value):
        raise ValueError(f"{name} must not contain line breaks or control characters")
    return value.strip()


def sender_address(account: Account) -> str:
    """The address the test comes from: the username, else the reply-to address."""
    username = _checked("username", account.username)
    return username if "@" in username else _checked("reply-to", account.reply_to)


def message_domain(account: Account) -> str:
    """The domain for the Message-ID: the sender's, else a reserved one."""
    address = sender_address(account)
    domain = address.rpartition("@")[2].strip()
    return domain or FALLBACK_DOMAIN


def envelope_recipients(recipient: str, account: Account) -> list[str]:
    """The recipient, then the account's BCC address when set and different."""
    recipients = [_checked("recipient", recipient)]
    bcc = _checked("bcc", account.bcc)
    if bcc and bcc.lower() != recipients[0].lower():
        recipients.append(bcc)
    return recipients


def _whose(account_key: str) -> str:
    """Which Artsystem5 account this is, in words."""
    if account_key == GLOBAL:
        return "the global account (Settings > Advanced)"
    return f"user {account_key}'s own account (Settings > User Details)"


def _footer(global_account: GlobalAccount | None) -> list[str]:
    """The gallery's name and postal address from the global account, if any."""
    if global_account is None:
        return []
    parts = [
        global_account.from_name,
        global_account.street,
        global_account.city,
        global_account.country,
    ]
    lines = [_checked("postal address", part) for part in parts if part.strip()]
    return ["", "--", *lines] if lines else []


def build_test_message(
    *,
    account_key: str,
    account: Account,
    recipient: str,
    check_id: str,
    global_account: GlobalAccount | None = None,
    now: datetime | None = None,
) -> EmailMessage:
    """The Artsystem5 test message for an account, ready for DATA."""
    moment = (now or datetime.now().astimezone()).astimezone()
    from_name = global_account.from_name if global_account is not None else ""
    sender = _checked("username", sender_address(account))
    message = EmailMessage()
    message["From"] = Address(
        display_name=_checked("from name", from_name), addr_spec=sender
    )
    message["To"] = _checked("recipient", recipient)
    reply_to = _checked("reply-to", account.reply_to)
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = format_datetime(moment)
    message["Message-ID"] = make_msgid(
        idstring=check_id, domain=message_domain(account)
    )
    message["Subject"] = f"Artsystem5 test message [{_checked('check id', check_id)}]"
    body = _body(account_key, account, global_account, check_id, moment)
    # 7bit or quoted-printable: safe for servers that do not offer 8BITMIME.
    message.set_content(body, cte="7bit" if body.isascii() else "quoted-printable")
    return message


def _body(
    account_key: str,
    account: Account,
    global_account: GlobalAccount | None,
    check_id: str,
    moment: datetime,
) -> str:
    """The plain-text body: which account, server, port, security and when."""
    lines = [
        "This is a test message from a5wizard, the Artsystem5 email setup wizard.",
        "If you can read it, Artsystem5 can send email with these settings.",
        "",
        f"Account:  {_whose(account_key)}",
        f"Server:   {_checked('server', account.server)}",
        f"Port:     {account.port}",
        f"Security: {account.security_label()}",
        f"Username: {_checked('username', account.username)}",
        f"Sent at:  {moment.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        f"Check id: {check_id}",
        *_footer(global_account),
    ]
    return "\n".join(lines) + "\n"
