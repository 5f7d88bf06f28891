"""The provider catalogue: every provider complete, checklists well formed, the
lookups by key, domain and MX host, and prefilling an account."""

from __future__ import annotations

import re

import pytest

from a5wizard.model import GlobalAccount, UserAccount
from a5wizard.providers import (
    MAIN_PROVIDER_KEYS,
    PROVIDERS,
    apply_provider,
    get_provider,
    provider_for_domain,
    provider_for_mx,
)
from a5wizard.validation import errors, validate_account

URL = re.compile(r"https://[^\s]+")


def test_catalogue_order_and_main_keys() -> None:
    assert list(PROVIDERS) == [
        "gmail",
        "office365",
        "other",
        "outlook",
        "yahoo",
        "aol",
        "icloud",
        "zoho",
        "fastmail",
    ]
    assert MAIN_PROVIDER_KEYS == ("gmail", "office365", "other")


@pytest.mark.parametrize("key", list(PROVIDERS))
def test_every_provider_is_complete(key: str) -> None:
    provider = PROVIDERS[key]
    assert provider.key == key
    assert provider.name and provider.username_hint and provider.password_hint
    assert provider.limits and provider.checklist
    assert 1 <= provider.port <= 65535
    if key != "other":
        assert provider.server and provider.secure
        expected_tls = "ssl" if provider.port == 465 else "starttls"
        assert provider.tls == expected_tls


def test_checklist_ids_are_unique_and_prefixed() -> None:
    ids = [item.id for p in PROVIDERS.values() for item in p.checklist]
    assert len(ids) == len(set(ids))
    for provider in PROVIDERS.values():
        prefix = "m365" if provider.key == "office365" else provider.key
        for item in provider.checklist:
            assert item.id.startswith(prefix + "-")
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", item.id)
            assert item.text.strip() and item.why.strip()
            if item.url is not None:
                assert URL.fullmatch(item.url), item.url


def test_gmail_checklist_two_step_then_app_password() -> None:
    gmail = PROVIDERS["gmail"]
    ids = [item.id for item in gmail.checklist]
    assert ids.index("gmail-2sv") < ids.index("gmail-app-password")
    two_step = gmail.checklist_item("gmail-2sv")
    assert two_step is not None and "phone" in two_step.text
    assert two_step.url == "https://myaccount.google.com/signinoptions/twosv"
    app = gmail.checklist_item("gmail-app-password")
    assert app is not None and '"Artsystem5"' in app.text
    assert app.url == "https://myaccount.google.com/apppasswords"
    assert gmail.password_kind == "app_password"
    assert gmail.username_rule == "full_address"
    assert gmail.max_message_mb == 25


def test_office365_checklist_covers_auth_mfa_reply_to_limits_retirement() -> None:
    m365 = PROVIDERS["office365"]
    ids = [item.id for item in m365.checklist]
    assert ids == [
        "m365-smtp-auth",
        "m365-security-defaults",
        "m365-reply-to",
        "m365-limits",
        "m365-basic-auth-retirement",
    ]
    smtp_auth = m365.checklist_item("m365-smtp-auth")
    assert smtp_auth is not None
    assert "Authenticated SMTP" in smtp_auth.text
    assert "Set-CASMailbox" in smtp_auth.text
    limits = m365.checklist_item("m365-limits")
    assert limits is not None and "30 messages a minute" in limits.text
    assert "10,000 recipients a day" in limits.text
    retirement = m365.checklist_item("m365-basic-auth-retirement")
    assert retirement is not None
    assert "end of December 2026" in retirement.text
    assert "switch it back on" in retirement.text and "OAuth2" in retirement.text
    assert (m365.server, m365.port, m365.tls) == ("smtp.office365.com", 587, "starttls")


def test_other_checklist_gathers_settings_relay_and_limits() -> None:
    other = PROVIDERS["other"]
    text = " ".join(item.text for item in other.checklist)
    for word in ("server", "port", "security", "username", "password", "relay"):
        assert word in text
    assert other.checklist_item("other-limits") is not None
    assert other.server == "" and other.username_rule == "any"


def test_outlook_says_password_sign_in_no_longer_works() -> None:
    outlook = PROVIDERS["outlook"]
    assert outlook.password_kind == "oauth2_only"
    assert "no longer works" in outlook.password_hint.lower() + (
        outlook.checklist[0].text.lower()
    )


def test_unknown_key_falls_back_to_other() -> None:
    assert get_provider("gmail") is PROVIDERS["gmail"]
    assert get_provider("no-such-provider") is PROVIDERS["other"]


@pytest.mark.parametrize(
    ("domain", "key"),
    [
        ("gmail.com", "gmail"),
        ("GoogleMail.com.", "gmail"),
        ("hotmail.co.uk", "outlook"),
        ("outlook.com", "outlook"),
        ("live.com", "outlook"),
        ("msn.com", "outlook"),
        ("yahoo.fr", "yahoo"),
        ("aol.com", "aol"),
        ("me.com", "icloud"),
        ("mac.com", "icloud"),
        ("zohomail.eu", "zoho"),
        ("fastmail.fm", "fastmail"),
    ],
)
def test_provider_for_domain(domain: str, key: str) -> None:
    provider = provider_for_domain(domain)
    assert provider is not None and provider.key == key


def test_provider_for_domain_unknown() -> None:
    assert provider_for_domain("gallery-example.com") is None
    assert provider_for_domain("notgmail.com") is None


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("aspmx.l.google.com", "gmail"),
        ("alt1.aspmx.l.google.com.", "gmail"),
        ("gallery-com.mail.protection.outlook.com", "office365"),
        ("hotmail-com.olc.protection.outlook.com", "outlook"),
        ("mx.zoho.eu", "zoho"),
        ("in1-smtp.messagingengine.com", "fastmail"),
        ("mta5.am0.yahoodns.net", "yahoo"),
    ],
)
def test_provider_for_mx(host: str, key: str) -> None:
    provider = provider_for_mx(host)
    assert provider is not None and provider.key == key


def test_provider_for_mx_respects_label_boundaries() -> None:
    assert provider_for_mx("mx.notgoogle.com") is None
    assert provider_for_mx("mail.example.org") is None


def test_apply_provider_prefills_and_passes_validation() -> None:
    account = GlobalAccount(username="gallery@gmail.com", reply_to="gallery@gmail.com")
    apply_provider(account, PROVIDERS["gmail"])
    assert (account.provider, account.server, account.port) == (
        "gmail",
        "smtp.gmail.com",
        587,
    )
    assert account.secure and account.tls == "starttls"
    assert errors(validate_account(account)) == []


def test_apply_other_keeps_a_hand_typed_server() -> None:
    account = UserAccount(server="mail.gallery.local", port=25, secure=False)
    apply_provider(account, PROVIDERS["other"])
    assert account.provider == "other"
    assert (account.server, account.port, account.secure) == (
        "mail.gallery.local",
        25,
        False,
    )


def test_apply_other_clears_a_preset_server() -> None:
    account = UserAccount()
    apply_provider(account, PROVIDERS["fastmail"])
    assert (account.server, account.port, account.tls) == (
        "smtp.fastmail.com",
        465,
        "ssl",
    )
    apply_provider(account, PROVIDERS["other"])
    assert account.server == "" and account.port == 587 and account.tls is None
