"""Reading the config file: the example, round trips, field order and every
schema error with its file, line, column and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from a5wizard import config_file
from a5wizard.config_file import (
    GLOBAL_FORM_ORDER,
    ConfigError,
    dump_settings,
    load_settings,
    parse_settings,
)
from a5wizard.model import GLOBAL, GlobalAccount, Settings, UserAccount
from a5wizard.secret import Secret
from tests.conftest import CANARY
from tests.fixtures_config import EXAMPLE_CONFIG


def parse_error(text: str) -> ConfigError:
    """The ConfigError that parsing text raises."""
    with pytest.raises(ConfigError) as caught:
        parse_settings(text, "config.yaml")
    return caught.value


def test_missing_file_means_nothing_configured(config_path: Path) -> None:
    assert load_settings(config_path) == Settings()


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file_gives_empty_settings(write_config, text: str) -> None:
    assert load_settings(write_config(text)) == Settings()


def test_example_has_a_gmail_global_account_and_two_users(
    example_settings: Settings,
) -> None:
    assert example_settings.global_account is not None
    assert example_settings.global_account.provider == "gmail"
    assert example_settings.global_account.server == "smtp.gmail.com"
    assert {u.provider for u in example_settings.users.values()} == {
        "office365",
        "other",
    }


def test_example_round_trips(example_settings: Settings) -> None:
    text = dump_settings(example_settings)
    assert parse_settings(text, "dumped")[0] == example_settings
    assert dump_settings(parse_settings(text, "dumped")[0]) == text


def test_example_documents_every_field() -> None:
    lines = EXAMPLE_CONFIG.read_text(encoding="utf-8").splitlines()
    prose = " ".join(
        line.lower()
        for line in lines
        if line.lstrip().startswith("#") and not re.match(r"\s*# \w+:", line)
    )
    keys = {
        match.group(1)
        for line in lines
        if (match := re.match(r"\s*(?:# )?(\w+):", line))
    }
    for name in ("version", "secret_store", "global", "users", *GLOBAL_FORM_ORDER):
        assert name in keys, f"{name} has no line in the example"
        assert re.search(rf"\b{name}\b", prose), f"{name} has no comment"


def test_dump_follows_the_artsystem5_form_order() -> None:
    account = GlobalAccount(
        server="smtp.example.com", tls="ssl", cafile="/ca.pem", auth="oauth2"
    )
    settings = Settings(global_account=account, users={"bo": UserAccount()})
    document = yaml.safe_load(dump_settings(settings))
    assert list(document) == ["version", "secret_store", "global", "users"]
    assert list(document["global"]) == list(GLOBAL_FORM_ORDER)
    assert list(document["users"]["bo"]) == [
        "provider",
        "server",
        "port",
        "secure",
        "username",
        "reply_to",
        "bcc",
    ]


def test_dump_header_says_where_passwords_are() -> None:
    header = dump_settings(Settings()).split("\n\n")[0]
    assert all(line.startswith("#") for line in header.splitlines())
    assert "Passwords are never stored in this file" in header
    assert "keyring" in header and "secrets.yaml" in header


def test_tricky_text_values_round_trip() -> None:
    tricky = ["yes", "NO", "null", "~", "0587", "1:30", "#x", "a: b", "'q'", " x "]
    users = {
        value: UserAccount(server=value, username=value, bcc=value)
        for value in [*tricky, "123"]
    }
    settings = Settings(users=users, secret_store="file")
    assert parse_settings(dump_settings(settings), "x")[0] == settings


def test_unquoted_text_keeps_what_was_written() -> None:
    text = "global:\n  country: NO\n  street: 12\n  bcc:\n  city: null\n"
    account = parse_settings(text, "x")[0].global_account
    assert account == GlobalAccount(country="NO", street="12", bcc="", city="")


def test_message_names_file_line_column_and_field() -> None:
    text = "version: 1\nusers:\n  alice:\n    port: '587'\n"
    error = parse_error(text)
    assert str(error) == (
        "config.yaml, line 4, column 11 (users.alice.port): "
        "port must be a whole number such as 587 or 465, without quotes"
    )
    assert (error.path, error.line, error.column) == ("config.yaml", 4, 11)
    assert error.field == "users.alice.port"


def test_all_problems_are_reported_at_once() -> None:
    text = (
        "version: 2\n"
        "secret_store: vault\n"
        "global:\n"
        "  port: 58.7\n"
        "  secure: 'yes'\n"
        "  tls: tls1.3\n"
        "  sever: x\n"
        "users:\n"
        "  global: {}\n"
        "  7: {}\n"
        "  carol:\n"
        "    from_name: Carol\n"
    )
    error = parse_error(text)
    fields = [problem.field for problem in error.problems]
    assert fields == [
        "version",
        "secret_store",
        "global.port",
        "global.secure",
        "global.tls",
        "global.sever",
        "users.global",
        "users",
        "users.carol.from_name",
    ]
    assert [p.line for p in error.problems] == [1, 2, 4, 5, 6, 7, 9, 10, 12]
    assert "did you mean 'server'?" in str(error)
    assert "global account only" in str(error)
    assert len(str(error).splitlines()) == len(error.problems)


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("global:\n  secure: maybe\n", "global.secure", "true or false"),
        ("global:\n  port: 0x24b\n", "global.port", "whole number"),
        ("global:\n  port: [587]\n", "global.port", "whole number"),
        ("global:\n  server: [a, b]\n", "global.server", "single line"),
        ("global:\n  server: !!binary aGk=\n", "global.server", "single line"),
        ("users:\n  'no': {tls: SSL}\n", "users.no.tls", "ssl or starttls"),
        ("users:\n  yes: {}\n", "users", "must be text"),
        ("users:\n  '': {}\n", "users", "cannot be empty"),
        ("users:\n  - alice\n", "users", "'name: value'"),
        ("users:\n  alice: smtp.x\n", "users.alice", "'name: value'"),
        ("- a\n- b\n", None, "'name: value'"),
        ("secret_store: [keyring]\n", "secret_store", "keyring or file"),
        ("version: '1'\n", "version", "version must be 1"),
        ("globl: {}\n", "globl", "did you mean 'global'?"),
        ("users: {a: {}}\nusers: {}\n", "users", "given twice"),
        ("global: {port: 1, port: 2}\n", "global.port", "given twice"),
        ("users: {a: {}, a: {}}\n", "users.a", "given twice"),
        ("global:\n  <<: {port: 1}\n", GLOBAL, "merge keys"),
        ("x: &a {y: *a}\n", "x", "unknown name"),
    ],
)
def test_schema_errors(text: str, field: str | None, words: str) -> None:
    error = parse_error(text)
    assert error.field == field
    assert words in error.message
    assert error.line is not None and error.column is not None


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"global:\n  server: !!python/object/apply:os.mkdir ['{marker}']\n"
    error = parse_error(text)
    assert error.field == "global.server"
    assert not marker.exists()


def test_malformed_yaml_gives_line_and_column() -> None:
    error = parse_error("global:\n  server: smtp.x\n   port: 587\n")
    assert error.message.startswith("not valid YAML")
    assert (error.line, error.column) == (3, 8)
    assert error.field is None


def test_control_characters_are_reported_with_position() -> None:
    error = parse_error("global:\n  server: a\x00b\n")
    assert (error.line, error.column) == (2, 12)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    error = parse_error("[" * 5000 + "]" * 5000)
    assert "not valid YAML" in str(error)


def test_password_in_config_is_refused_without_showing_it() -> None:
    error = parse_error(f"users:\n  alice:\n    password: {CANARY}\n")
    assert error.field == "users.alice.password"
    assert "passwords never go in the config file" in str(error)
    assert CANARY not in str(error) and CANARY not in repr(error)


def test_malformed_yaml_around_a_password_does_not_show_it() -> None:
    error = parse_error(f'global:\n  password: "{CANARY}\n  x: [\n')
    assert CANARY not in str(error)
    error = parse_error(f"global:\n  password: {CANARY}: x\n")
    assert CANARY not in str(error)


def test_apply_files_may_carry_passwords() -> None:
    text = f"global:\n  password: {CANARY}\nusers:\n  bo:\n    password: 0x1F\n"
    settings, passwords = parse_settings(text, "apply.yaml", allow_passwords=True)
    assert passwords == {GLOBAL: Secret(CANARY), "bo": Secret("0x1F")}
    assert CANARY not in dump_settings(settings)
    error = parse_error("global:\n  password:\n")
    assert error.field == "global.password"


def test_empty_password_in_apply_file_is_an_error() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings("global:\n  password: ''\n", "a.yaml", allow_passwords=True)
    assert caught.value.field == "global.password"


def test_non_utf8_file_is_an_error(write_config) -> None:
    path = write_config("")
    path.write_bytes(b"global:\n  city: K\xf6ln\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert "UTF-8" in str(caught.value)
    assert (caught.value.line, caught.value.column) == (2, 10)


def test_byte_order_mark_is_accepted(write_config) -> None:
    path = write_config("")
    path.write_bytes(b"\xef\xbb\xbfsecret_store: file\n")
    assert load_settings(path).secret_store == "file"


def test_directory_instead_of_file_is_an_error(config_path: Path) -> None:
    config_path.mkdir(parents=True)
    with pytest.raises(ConfigError) as caught:
        load_settings(config_path)
    assert str(config_path) in str(caught.value)
    assert "folder" in str(caught.value)


@pytest.mark.parametrize("pure_python", [False, True])
def test_unicode_line_breaks_round_trip(
    pure_python: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if pure_python:
        monkeypatch.setattr(config_file, "_Loader", yaml.SafeLoader)
        monkeypatch.setattr(config_file, "_Dumper", yaml.SafeDumper)
    account = GlobalAccount(country="\x85", city="a\u2028b", street="Köln")
    settings = Settings(global_account=account, users={"zoë": UserAccount()})
    assert parse_settings(dump_settings(settings), "x")[0] == settings
