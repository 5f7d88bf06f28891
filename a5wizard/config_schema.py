"""The config file's schema: turns composed YAML nodes into Settings and
accounts, collecting every problem with its line, column and field."""

from __future__ import annotations

import difflib
import re
from typing import Any, NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode

from a5wizard.model import (
    ACCOUNT_FIELDS,
    GLOBAL,
    GLOBAL_ONLY_FIELDS,
    GlobalAccount,
    Settings,
    UserAccount,
)
from a5wizard.secret import Secret
from a5wizard.text import clean

CONFIG_VERSION = 1
TOP_LEVEL_KEYS = ("version", "secret_store", "global", "users")
USER_KEYS = ACCOUNT_FIELDS
GLOBAL_KEYS = ACCOUNT_FIELDS + GLOBAL_ONLY_FIELDS
PASSWORD_KEY = "password"
TLS_MODES = ("ssl", "starttls")
SECRET_STORES = ("keyring", "file")
MAX_PORT_DIGITS = 6

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _BOOL, _NULL = _TAG + "str", _TAG + "int", _TAG + "bool", _TAG + "null"
_PLAIN_SCALAR_TAGS = {_STR, _INT, _BOOL, _NULL, _TAG + "float", _TAG + "timestamp"}
_TRUE = {"yes", "true", "on", "y"}
_DIGITS = re.compile(r"[0-9]+")
_BOOL_FIELDS = ("secure",)
_INT_FIELDS = ("port",)
_OPTIONAL_FIELDS = ("tls", "cafile")


class ConfigProblem(NamedTuple):
    """One thing wrong with a config file: where it is and what to do."""

    line: int | None
    column: int | None
    field: str | None
    message: str


class _Reader:
    """Walks the node tree once, building accounts and noting every problem."""

    def __init__(self, allow_passwords: bool) -> None:
        self.allow_passwords = allow_passwords
        self.problems: list[ConfigProblem] = []
        self.passwords: dict[str, Secret] = {}

    def problem(self, node: Node | None, field: str | None, message: str) -> None:
        """Note a problem at a node's position."""
        if node is None:
            self.problems.append(ConfigProblem(None, None, field, message))
            return
        mark = node.start_mark
        self.problems.append(
            ConfigProblem(mark.line + 1, mark.column + 1, field, message)
        )

    def entries(
        self, node: Node, field: str | None, allowed: tuple[str, ...]
    ) -> list[tuple[str, Node]]:
        """A mapping's entries with known text keys; others become problems."""
        result: list[tuple[str, Node]] = []
        seen: set[str] = set()
        for key_node, value_node in self.mapping_pairs(node, field):
            key = self.key_text(key_node, field)
            if key is None:
                continue
            path = _join(field, key)
            if key in seen:
                self.problem(key_node, path, f"{key} is given twice; keep one")
                continue
            seen.add(key)
            if key not in allowed:
                self.problem(key_node, path, _unknown_key(key, allowed, field))
                continue
            result.append((key, value_node))
        return result

    def mapping_pairs(self, node: Node, field: str | None) -> list[tuple[Node, Node]]:
        """The key and value nodes of a mapping (a problem if it is not one)."""
        if not isinstance(node, MappingNode):
            what = field or "the config file"
            self.problem(node, field, f"{what} must be a set of 'name: value' lines")
            return []
        return list(node.value)

    def key_text(self, node: Node, field: str | None) -> str | None:
        """A key as text, or None (with a problem) when it is not plain text."""
        if isinstance(node, ScalarNode) and node.tag == _STR:
            return node.value
        if isinstance(node, ScalarNode) and node.tag == _TAG + "merge":
            self.problem(node, field, "merge keys (<<) are not supported here")
            return None
        where = f"in {field}" if field else "at the top level"
        self.problem(node, field, f"every name {where} must be text")
        return None

    def read(self, root: Node | None) -> Settings:
        """Build Settings from the document's root node."""
        settings = Settings()
        if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL):
            return settings
        for key, value in self.entries(root, None, TOP_LEVEL_KEYS):
            if key == "version":
                self.read_version(value)
            elif key == "secret_store":
                store = self.choice(value, key, SECRET_STORES, optional=False)
                if store is not _INVALID:
                    settings.secret_store = store  # type: ignore[assignment]
            elif key == "global":
                settings.global_account = self.read_global(value)
            else:
                settings.users = self.read_users(value)
        return settings

    def read_version(self, node: Node) -> None:
        """Check the format version: only 1 exists."""
        text = _plain_value(node, _INT)
        if text is None or text.strip() != str(CONFIG_VERSION):
            self.problem(
                node,
                "version",
                f"version must be {CONFIG_VERSION} (this a5wizard "
                "reads version 1 files only)",
            )

    def read_global(self, node: Node) -> GlobalAccount | None:
        """The global account, or None when the entry is empty."""
        if _is_null(node):
            return None
        values = self.account_values(node, GLOBAL, GLOBAL_KEYS)
        return GlobalAccount(**values)

    def read_users(self, node: Node) -> dict[str, UserAccount]:
        """Every user's own account, keyed by login name."""
        users: dict[str, UserAccount] = {}
        if _is_null(node):
            return users
        seen: set[str] = set()
        for key_node, value_node in self.mapping_pairs(node, "users"):
            name = self.user_name(key_node)
            if name is None:
                continue
            if name in seen:
                self.problem(
                    key_node, f"users.{name}", f"user {name} is given twice; keep one"
                )
                continue
            seen.add(name)
            values = self.account_values(value_node, name, USER_KEYS)
            users[name] = UserAccount(**values)
        return users

    def user_name(self, node: Node) -> str | None:
        """A user's login name, or None (with a problem) when unusable."""
        if not (isinstance(node, ScalarNode) and node.tag == _STR):
            self.problem(
                node, "users", "user names must be text; put the name in quotes"
            )
            return None
        name = node.value
        if not name.strip():
            self.problem(node, "users", "a user name cannot be empty")
            return None
        if name.strip().casefold() == GLOBAL:
            self.problem(
                node,
                f"users.{name}",
                "'global' is the global account, not a user "
                "name; put its settings under the top-level 'global:' entry",
            )
            return None
        return name

    def account_values(
        self, node: Node, key: str, allowed: tuple[str, ...]
    ) -> dict[str, Any]:
        """Field values of one account mapping (problems noted, fields skipped)."""
        prefix = GLOBAL if key == GLOBAL else f"users.{key}"
        keys = (*allowed, PASSWORD_KEY)
        values: dict[str, Any] = {}
        for name, value in self.entries(node, prefix, keys):
            path = f"{prefix}.{name}"
            if name == PASSWORD_KEY:
                self.read_password(value, key, path)
                continue
            parsed = self.field_value(name, value, path)
            if parsed is not _INVALID:
                values[name] = parsed
        return values

    def field_value(self, name: str, node: Node, path: str) -> Any:
        """One account field's value, or _INVALID after noting a problem."""
        if name in _INT_FIELDS:
            return self.port(node, path)
        if name in _BOOL_FIELDS:
            return self.boolean(node, path, name)
        if name == "tls":
            return self.choice(node, path, TLS_MODES, optional=True)
        if name == "auth":
            text = self.text(node, path, name)
            if text is _INVALID:
                return _INVALID
            return text or "password"
        text = self.text(node, path, name)
        if name in _OPTIONAL_FIELDS and _is_null(node):
            return None
        return text

    def port(self, node: Node, path: str) -> Any:
        """A port number written as plain digits."""
        text = _plain_value(node, _INT)
        if text is None or not _DIGITS.fullmatch(text) or len(text) > MAX_PORT_DIGITS:
            self.problem(
                node,
                path,
                "port must be a whole number such as 587 or 465, without quotes",
            )
            return _INVALID
        return int(text, 10)

    def boolean(self, node: Node, path: str, name: str) -> Any:
        """A yes/no field written as true or false."""
        text = _plain_value(node, _BOOL)
        if text is None:
            self.problem(node, path, f"{name} must be true or false, without quotes")
            return _INVALID
        return text.lower() in _TRUE

    def choice(
        self, node: Node, path: str, options: tuple[str, ...], *, optional: bool
    ) -> Any:
        """One of a fixed set of words (or None when optional and empty)."""
        if optional and _is_null(node):
            return None
        text = _plain_value(node, _STR)
        if text is None or text not in options:
            name = path.rsplit(".", 1)[-1]
            self.problem(node, path, f"{name} must be {' or '.join(options)}")
            return None if optional else _INVALID
        return text

    def text(self, node: Node, path: str, name: str) -> Any:
        """A text field; any plain scalar counts, as written in the file."""
        if _is_null(node):
            return ""
        if not isinstance(node, ScalarNode) or node.tag not in _PLAIN_SCALAR_TAGS:
            self.problem(node, path, f"{name} must be a single line of text")
            return _INVALID
        return node.value

    def read_password(self, node: Node, key: str, path: str) -> None:
        """A password in an apply file, or a problem in the config file."""
        if not self.allow_passwords:
            self.problem(
                node,
                path,
                "passwords never go in the config file; remove this "
                "line and set the password with the wizard or 'a5wizard apply'",
            )
            return
        if not isinstance(node, ScalarNode) or _is_null(node) or not node.value:
            self.problem(node, path, "password must be a non-empty single value")
            return
        self.passwords[key] = Secret(node.value)


_INVALID = object()


def _join(field: str | None, key: str) -> str:
    """A dotted field path."""
    return f"{field}.{key}" if field else key


def _is_null(node: Node) -> bool:
    """True for an empty value (nothing, ~ or null)."""
    return isinstance(node, ScalarNode) and node.tag == _NULL


def _plain_value(node: Node, tag: str) -> str | None:
    """A scalar's text when YAML read it with the given tag, else None."""
    if isinstance(node, ScalarNode) and node.tag == tag:
        return node.value
    return None


def _unknown_key(key: str, allowed: tuple[str, ...], field: str | None) -> str:
    """An 'unknown name' message with a did-you-mean hint."""
    shown = clean(key)[:40]
    where = f"in {field}" if field else "at the top level"
    if field and field != GLOBAL and key in GLOBAL_ONLY_FIELDS:
        return f"{shown} belongs to the global account only, not to a user"
    guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean {guess[0]!r}?" if guess else ""
    return f"unknown name {shown!r} {where}{hint}"


def read_settings(
    root: Node | None, *, allow_passwords: bool
) -> tuple[Settings, dict[str, Secret], list[ConfigProblem]]:
    """Settings, passwords and every problem found in a composed document."""
    reader = _Reader(allow_passwords)
    settings = reader.read(root)
    problems = sorted(reader.problems, key=_position_order)
    return settings, reader.passwords, problems


def _position_order(problem: ConfigProblem) -> tuple[int, int]:
    """Sort key: problems in file order, those without a position last."""
    if problem.line is None:
        return (1 << 30, 0)
    return (problem.line, problem.column or 0)
