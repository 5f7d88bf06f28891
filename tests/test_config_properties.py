"""Property tests: whatever text the config loader is given it either reads
it or raises ConfigError, and every Settings value survives a round trip."""

from __future__ import annotations

import string

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from a5wizard.config_file import ConfigError, dump_settings, parse_settings
from a5wizard.config_schema import GLOBAL_KEYS, TOP_LEVEL_KEYS
from a5wizard.model import GlobalAccount, Settings, UserAccount
from tests.conftest import CANARY

YAML_PIECES = st.sampled_from(
    [*TOP_LEVEL_KEYS, *GLOBAL_KEYS, "password", ":", " ", "\n", "  ", "- ", "{", "}",
     "[", "]", ",", "'", '"', "&a ", "*a", "!!str ", "!!python/name:os.system",
     "<<", "?", "#", "|", ">", "---", "...", "%YAML 1.1", "~", "587", "yes",
     "0x1F", "1:30", "\t", "\\", "\x00", "\ufeff", "\ud800"]
)  # fmt: skip
YAMLISH = st.lists(st.one_of(YAML_PIECES, st.text(max_size=5)), max_size=40).map(
    "".join
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.one_of(st.sampled_from(GLOBAL_KEYS), SCALARS), inner, max_size=3
        )
    ),
    max_leaves=8,
)
DOCUMENTS = st.dictionaries(
    st.sampled_from(TOP_LEVEL_KEYS),
    st.one_of(
        VALUES,
        st.dictionaries(st.one_of(st.text(max_size=6), SCALARS), VALUES, max_size=3),
    ),
)


def parses_or_config_error(text: str, allow_passwords: bool) -> None:
    """Parse text; ConfigError is the only exception allowed out."""
    try:
        parse_settings(text, "prop.yaml", allow_passwords=allow_passwords)
    except ConfigError as error:
        assert error.problems
        assert str(error).startswith("prop.yaml")


@given(st.text(), st.booleans())
def test_arbitrary_text_never_raises_anything_else(
    text: str, allow_passwords: bool
) -> None:
    parses_or_config_error(text, allow_passwords)


@given(YAMLISH, st.booleans())
def test_yaml_like_text_never_raises_anything_else(
    text: str, allow_passwords: bool
) -> None:
    parses_or_config_error(text, allow_passwords)


@settings(max_examples=200)
@given(DOCUMENTS, st.booleans())
def test_well_formed_yaml_of_any_shape_never_raises_anything_else(
    document: dict, allow_passwords: bool
) -> None:
    parses_or_config_error(yaml.safe_dump(document), allow_passwords)


@given(st.text(), st.text(string.ascii_letters, min_size=1, max_size=12))
def test_errors_never_show_the_password(filler: str, name: str) -> None:
    text = f"users:\n  {name}:\n    password: {CANARY}{filler}\n"
    try:
        parse_settings(text, "prop.yaml")
    except ConfigError as error:
        assert CANARY not in str(error)
    else:
        raise AssertionError("a password in the config file must be refused")


TEXT = st.text(max_size=30)
ACCOUNT_VALUES = {
    "server": TEXT,
    "port": st.integers(0, 999_999),
    "secure": st.booleans(),
    "username": TEXT,
    "reply_to": TEXT,
    "bcc": TEXT,
    "provider": TEXT,
    "tls": st.sampled_from([None, "ssl", "starttls"]),
    "cafile": st.none() | TEXT,
    "auth": st.text(min_size=1, max_size=10),
}
USERS = st.dictionaries(
    TEXT.filter(lambda name: name.strip() and name.strip().casefold() != "global"),
    st.builds(UserAccount, **ACCOUNT_VALUES),
    max_size=3,
)
GLOBALS = st.none() | st.builds(
    GlobalAccount,
    **ACCOUNT_VALUES,
    from_name=TEXT,
    street=TEXT,
    city=TEXT,
    country=TEXT,
)


@given(
    st.builds(
        Settings,
        global_account=GLOBALS,
        users=USERS,
        secret_store=st.sampled_from(["keyring", "file"]),
    )
)
def test_any_settings_round_trip_exactly(value: Settings) -> None:
    text = dump_settings(value)
    assert parse_settings(text, "round.yaml")[0] == value
    assert dump_settings(parse_settings(text, "round.yaml")[0]) == text
