"""Every validation rule: required fields, syntax, provider rules, warnings,
control characters, the CA file, login names and whole settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import trustme

from a5wizard.model import GlobalAccount, Settings, UserAccount
from a5wizard.secret import Secret
from a5wizard.validation import (
    Problem,
    errors,
    format_problem,
    normalise_password,
    validate_account,
    validate_login_name,
    validate_settings,
    warnings,
)
from tests.conftest import CANARY


def gmail(**changes: object) -> GlobalAccount:
    """A valid global Gmail account, with some fields changed."""
    account = GlobalAccount(
        provider="gmail",
        server="smtp.gmail.com",
        port=587,
        username="gallery@gmail.com",
        reply_to="gallery@gmail.com",
        from_name="Galerie Nord",
    )
    for name, value in changes.items():
        setattr(account, name, value)
    return account


def office365(**changes: object) -> UserAccount:
    """A valid Office 365 user account, with some fields changed."""
    account = UserAccount(
        provider="office365",
        server="smtp.office365.com",
        port=587,
        username="Info@Gallery.com",
        reply_to="info@gallery.com",
    )
    for name, value in changes.items():
        setattr(account, name, value)
    return account


def other(**changes: object) -> UserAccount:
    """A valid account at an in-house server, with some fields changed."""
    account = UserAccount(
        provider="other",
        server="mail.gallery.example",
        port=465,
        username="alice",
        reply_to="alice@gallery.example",
    )
    for name, value in changes.items():
        setattr(account, name, value)
    return account


def fields(problems: list[Problem]) -> set[str]:
    return {p.field for p in problems}


def test_valid_accounts_have_no_problems() -> None:
    assert validate_account(gmail(), password="abcd efgh ijkl mnop") == []
    assert validate_account(office365(), password="s3cret!") == []
    assert validate_account(other(), password="s3cret!") == []


def test_all_required_fields_reported_at_once() -> None:
    problems = validate_account(UserAccount(port=0))
    assert fields(errors(problems)) == {"server", "username", "reply_to", "port"}
    for problem in problems:
        assert problem.message.endswith(".")


@pytest.mark.parametrize(
    "server",
    [
        "smtp.example.com",
        "localhost",
        "mail",
        "127.0.0.1",
        "::1",
        "2001:db8::25",
        "smtp.example.com.",
        "bücher.example",
        "xn--bcher-kva.example",
    ],
)
def test_good_servers(server: str) -> None:
    assert "server" not in fields(validate_account(other(server=server)))


@pytest.mark.parametrize(
    ("server", "words"),
    [
        (" smtp.example.com", "spaces"),
        ("smtp://smtp.example.com", "smtp://"),
        ("smtp example.com", "no spaces"),
        ("[::1]", "brackets"),
        ("smtp.example.com:587", "Port field"),
        ("-smtp.example.com", "not a valid server name"),
        ("smtp..example.com", "not a valid server name"),
        ("smtp_1.example.com", "not a valid server name"),
        ("a" * 64 + ".example.com", "not a valid server name"),
        ("999.1.1.1", "not a valid one"),
        ("x." * 130 + "com", "253"),
    ],
)
def test_bad_servers(server: str, words: str) -> None:
    problems = [
        p for p in validate_account(other(server=server)) if p.field == "server"
    ]
    assert len(problems) == 1 and problems[0].severity == "error"
    assert words in problems[0].message


@pytest.mark.parametrize("port", [0, -1, 65536, 10**9])
def test_port_out_of_range(port: int) -> None:
    problems = errors(validate_account(other(port=port)))
    assert fields(problems) == {"port"}
    assert "between 1 and 65535" in problems[0].message


@pytest.mark.parametrize("port", ["587", 587.0, True, None])
def test_port_must_be_a_whole_number(port: object) -> None:
    problems = errors(validate_account(other(port=port)))
    assert fields(problems) == {"port"}
    assert "whole number" in problems[0].message


@pytest.mark.parametrize(
    "address",
    ["sandbox@a5wizard.test", "root@localhost", "anna.müller@galerie.de"],
)
def test_addresses_accepted_including_test_domains(address: str) -> None:
    problems = validate_account(other(reply_to=address, bcc=address))
    assert fields(problems) == set()


@pytest.mark.parametrize(
    "address",
    ["gallery", "gallery@", "@gallery.com", "a@b@c.com", "Anna <a@b.com>", "a@b.c_m"],
)
def test_bad_addresses(address: str) -> None:
    problems = errors(validate_account(other(reply_to=address, bcc=address)))
    assert fields(problems) == {"reply_to", "bcc"}
    assert all(p.message.strip() for p in problems)


def test_reply_to_with_spaces_at_the_ends() -> None:
    problems = validate_account(other(reply_to=" alice@gallery.example"))
    assert fields(problems) == {"reply_to"} and "spaces" in problems[0].message


def test_bcc_is_optional_and_may_list_several() -> None:
    assert validate_account(other(bcc="")) == []
    assert validate_account(other(bcc="a@gallery.com, b@gallery.com")) == []
    problems = validate_account(other(bcc="a@gallery.com, nonsense"))
    assert fields(problems) == {"bcc"}


@pytest.mark.parametrize(
    ("name", "limit"), [("from_name", 100), ("street", 200), ("city", 100)]
)
def test_length_caps(name: str, limit: int) -> None:
    assert validate_account(gmail(**{name: "x" * limit})) == []
    problems = validate_account(gmail(**{name: "x" * (limit + 1)}))
    assert fields(problems) == {name}
    assert str(limit) in problems[0].message


def test_country_length_cap() -> None:
    assert fields(validate_account(gmail(country="y" * 101))) == {"country"}


@pytest.mark.parametrize(
    "name",
    [
        "server",
        "username",
        "reply_to",
        "bcc",
        "from_name",
        "street",
        "city",
        "country",
        "cafile",
        "provider",
        "auth",
    ],
)
@pytest.mark.parametrize(
    "bad", ["\r\nBcc: evil@x.com", "\n", "\x00", "\x1b[2J", "\x85"]
)
def test_control_characters_refused_in_every_field(name: str, bad: str) -> None:
    account = gmail()
    setattr(account, name, (getattr(account, name) or "") + bad)
    problems = [p for p in validate_account(account) if p.field == name]
    assert len(problems) == 1 and problems[0].severity == "error"
    assert "control character" in problems[0].message


def test_control_characters_refused_in_the_password() -> None:
    problems = validate_account(other(), password=CANARY + "\r\n")
    assert [(p.field, p.severity) for p in problems] == [("password", "error")]
    assert CANARY not in format_problem(problems[0])


def test_undecodable_password_is_an_error() -> None:
    # A non-UTF-8 byte piped to --password-stdin arrives as a lone surrogate:
    # it could never be sent in AUTH, so it is refused before it is stored.
    problems = validate_account(other(), password=CANARY + "\udcff")
    assert [(p.field, p.severity) for p in problems] == [("password", "error")]
    assert "UTF-8" in problems[0].message
    assert CANARY not in format_problem(problems[0])


def test_overlong_password_is_an_error() -> None:
    assert validate_account(other(), password="a" * 1024) == []
    problems = validate_account(other(), password="a" * 1025)
    assert [(p.field, p.severity) for p in problems] == [("password", "error")]
    assert "longer than 1024" in problems[0].message


def test_empty_new_password_is_an_error() -> None:
    problems = validate_account(other(), password="")
    assert [(p.field, p.severity) for p in problems] == [("password", "error")]


def test_password_with_spaces_at_the_ends_is_a_warning() -> None:
    problems = validate_account(other(), password=" " + CANARY)
    assert [(p.field, p.severity) for p in problems] == [("password", "warning")]
    assert all(CANARY not in p.message for p in problems)


def test_office365_reply_to_must_equal_username() -> None:
    problems = validate_account(office365(reply_to="sales@gallery.com"))
    assert [(p.field, p.severity) for p in problems] == [("reply_to", "error")]
    assert "Info@Gallery.com" in problems[0].message
    assert "Artsystem5 blocks sending" in problems[0].message


def test_office365_blank_username_reported_once() -> None:
    problems = validate_account(office365(username=""))
    assert [(p.field, p.severity) for p in problems] == [("username", "error")]


def test_office365_port_465_refused_with_reason() -> None:
    problems = validate_account(office365(port=465))
    assert [(p.field, p.severity) for p in problems] == [("port", "error")]
    assert "587" in problems[0].message and "25" in problems[0].message


def test_office365_port_25_accepted() -> None:
    assert validate_account(office365(port=25)) == []


def test_gmail_username_must_be_full_address() -> None:
    problems = validate_account(gmail(username="gallery"))
    assert [(p.field, p.severity) for p in errors(problems)] == [("username", "error")]
    assert "full address" in problems[0].message


def test_other_accepts_any_username() -> None:
    assert validate_account(other(username="DOMAIN\\alice")) == []


@pytest.mark.parametrize(
    "password", ["abcdefghijklmnop", "abcd efgh ijkl mnop", "ABCD EFGH IJKL MNOP"]
)
def test_gmail_app_password_accepted(password: str) -> None:
    assert validate_account(gmail(), password=password) == []
    assert len(normalise_password("gmail", password)) == 16


@pytest.mark.parametrize("password", ["MyGooglePassword1", "abcd efgh ijkl", "a" * 17])
def test_gmail_non_app_password_warned(password: str) -> None:
    problems = validate_account(gmail(), password=password)
    assert [(p.field, p.severity) for p in problems] == [("password", "warning")]
    assert "https://myaccount.google.com/apppasswords" in problems[0].message


def test_normalise_password_only_touches_gmail() -> None:
    assert normalise_password("gmail", "abcd efgh ijkl mnop") == "abcdefghijklmnop"
    assert normalise_password("other", "pass word") == "pass word"


def test_gmail_reply_to_other_address_is_a_warning() -> None:
    problems = validate_account(gmail(reply_to="sales@gallery.com"))
    assert [(p.field, p.severity) for p in problems] == [("reply_to", "warning")]


def test_outlook_password_sign_in_is_an_error() -> None:
    account = UserAccount(
        provider="outlook",
        server="smtp-mail.outlook.com",
        username="gallery@hotmail.com",
        reply_to="gallery@hotmail.com",
    )
    problems = validate_account(account)
    assert [(p.field, p.severity) for p in problems] == [("provider", "error")]
    assert "no longer accepts password sign-in" in problems[0].message
    account.auth = "oauth2"
    assert [p.severity for p in validate_account(account)] == ["warning"]


def test_auth_values() -> None:
    assert fields(errors(validate_account(other(auth="kerberos")))) == {"auth"}
    assert fields(errors(validate_account(other(auth="oauth2")))) == {"auth"}
    assert errors(validate_account(gmail(auth="oauth2"))) == []


def test_unknown_provider_is_an_error() -> None:
    problems = validate_account(other(provider="hotmale"))
    assert fields(problems) == {"provider"}
    assert "gmail" in problems[0].message


def test_plain_text_towards_network_server_is_a_warning() -> None:
    problems = validate_account(other(secure=False, port=25))
    assert [(p.field, p.severity) for p in problems] == [("secure", "warning")]
    assert "plain text" in problems[0].message


@pytest.mark.parametrize("server", ["localhost", "127.0.0.1", "::1", "a.localhost"])
def test_plain_text_to_loopback_is_fine(server: str) -> None:
    assert validate_account(other(server=server, secure=False, port=25)) == []


@pytest.mark.parametrize(("tls", "port"), [("starttls", 465), ("ssl", 587)])
def test_unusual_tls_for_port_is_a_warning(tls: str, port: int) -> None:
    problems = validate_account(other(tls=tls, port=port))
    assert [(p.field, p.severity) for p in problems] == [("tls", "warning")]


def test_unknown_tls_mode_is_an_error() -> None:
    assert fields(errors(validate_account(other(tls="tls1.3")))) == {"tls"}


def test_placeholder_account_is_a_warning() -> None:
    account = gmail(username="artsys5info@gmail.com", reply_to="artsys5info@gmail.com")
    problems = validate_account(account)
    assert [(p.field, p.severity) for p in problems] == [("username", "warning")]
    assert "not yet configured" in problems[0].message


def test_changed_preset_server_is_a_warning_only() -> None:
    problems = validate_account(gmail(server="relay.gallery.example"))
    assert [(p.field, p.severity) for p in problems] == [("server", "warning")]
    assert "smtp.gmail.com" in problems[0].message
    assert validate_account(gmail(server="SMTP-RELAY.gmail.com")) == []


def test_cafile_must_exist_and_hold_a_certificate(tmp_path: Path) -> None:
    good = tmp_path / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(good))
    assert validate_account(other(cafile=str(good))) == []

    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    cases = {
        str(tmp_path / "missing.pem"): "no file",
        str(tmp_path): "not a file",
        str(text): "no PEM certificate",
        "  ": "empty",
    }
    for cafile, words in cases.items():
        problems = validate_account(other(cafile=cafile))
        assert fields(problems) == {"cafile"} and words in problems[0].message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_cafile(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(ca))
    ca.chmod(0)
    problems = validate_account(other(cafile=str(ca)))
    assert fields(problems) == {"cafile"} and "cannot be read" in problems[0].message


def test_login_names() -> None:
    assert validate_login_name("alice", ["bob"]) == []
    cases = {
        "": "Enter",
        "   ": "Enter",
        " alice": "spaces",
        "al\nice": "control",
        "x" * 65: "64",
        "Global": "global account",
        "BOB": "already has an account",
    }
    for name, words in cases.items():
        problems = validate_login_name(name, ["bob"])
        assert problems and all(p.field == "login" for p in problems), name
        assert any(words in p.message for p in problems), name


def test_validate_settings_prefixes_fields_and_checks_passwords() -> None:
    settings = Settings(
        global_account=gmail(port=70000),
        users={"alice": office365(reply_to="x@gallery.com"), "global": other()},
        secret_store="cloud",  # type: ignore[arg-type]
    )
    passwords = {"alice": Secret(CANARY + "\n"), "global": Secret("abcdefghijklmnop")}
    problems = validate_settings(settings, passwords)
    assert {"secret_store", "global.port", "users.alice.reply_to"} <= fields(problems)
    assert "users.alice.password" in fields(problems)
    assert "users.global" in fields(problems)
    assert "global.password" not in fields(problems)
    assert all(CANARY not in format_problem(p) for p in problems)


def test_validate_settings_valid_and_empty() -> None:
    assert validate_settings(Settings()) == []
    settings = Settings(global_account=gmail(), users={"bob": other()})
    assert validate_settings(settings) == []


def test_errors_warnings_and_format() -> None:
    problems = [
        Problem("port", "Bad port."),
        Problem("secure", "Careful\x1b[31m.", "warning"),
    ]
    assert errors(problems) == problems[:1]
    assert warnings(problems) == problems[1:]
    assert format_problem(problems[0]) == "error: port: Bad port."
    assert format_problem(problems[1]) == "warning: secure: Careful."
