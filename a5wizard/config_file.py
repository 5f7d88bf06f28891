"""Reading and writing the config file: strict schema checks with line and
column, a stable YAML layout, and saves that never lose or half-write it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from a5wizard.atomic import locked, write_atomic
from a5wizard.config_schema import CONFIG_VERSION, ConfigProblem, read_settings
from a5wizard.model import Account, Settings
from a5wizard.secret import Secret
from a5wizard.text import clean

__all__ = [
    "ConfigError",
    "ConfigProblem",
    "dump_settings",
    "load_settings",
    "parse_settings",
    "save_settings",
    "update_settings",
]

FORM_ORDER = (
    "provider", "server", "port", "secure", "tls", "cafile", "auth",
    "username", "reply_to", "bcc",
)  # fmt: skip
"""Account fields in the order of Artsystem5's own settings form."""
GLOBAL_FORM_ORDER = (*FORM_ORDER, "from_name", "street", "city", "country")
_UNICODE_BREAKS = "\x85\u2028\u2029"
_OMITTED_DEFAULTS = {"tls": None, "cafile": None, "auth": "password"}

# libyaml's parser and emitter when installed (several times faster).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

HEADER = """\
# a5wizard configuration: Artsystem5's outgoing email (SMTP) accounts.
# 'global' is Settings > Advanced; each entry under 'users' is one
# Artsystem5 login's own account (Settings > User Details).
#
# Passwords are never stored in this file. With 'secret_store: keyring' they
# live in the system keyring (a service name of their own per config file);
# with 'secret_store: file' in the owner-only file <this file's name without
# .yaml>.secrets.yaml beside it. 'a5wizard show' says where each one is.
"""


class ConfigError(Exception):
    """The config file cannot be read: each problem names file, line and field."""

    def __init__(
        self,
        path: str | Path,
        message: str = "",
        *,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        problems: Sequence[ConfigProblem] = (),
    ) -> None:
        self.path = str(path)
        self.problems = list(problems) or [ConfigProblem(line, column, field, message)]
        first = self.problems[0]
        self.line, self.column, self.field = first.line, first.column, first.field
        self.message = first.message
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(self._describe(p) for p in self.problems)

    def _describe(self, problem: ConfigProblem) -> str:
        """One problem as 'file, line L, column C (field): message'."""
        where = self.path
        if problem.line is not None:
            where += f", line {problem.line}"
            if problem.column is not None:
                where += f", column {problem.column}"
        if problem.field:
            where += f" ({clean(problem.field)})"
        return f"{where}: {problem.message}"


def load_settings(path: Path) -> Settings:
    """Read the config file; a missing file means nothing is configured yet."""
    settings, _ = parse_settings(_read_text(path), str(path))
    return settings


def _read_text(path: Path) -> str:
    """The file's text, or '' when absent; unreadable or non-UTF-8 is an error."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ""
    except IsADirectoryError:
        raise ConfigError(path, "this is a folder, not a config file") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ConfigError(path, f"cannot be read: {reason}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise ConfigError(
            path,
            "the file is not UTF-8 text; save it as UTF-8",
            line=line,
            column=column,
        ) from None


def parse_settings(
    text: str, source: str, *, allow_passwords: bool = False
) -> tuple[Settings, dict[str, Secret]]:
    """Settings (and, for apply files, passwords by account key) from YAML text."""
    root = _compose(text, source)
    settings, passwords, problems = read_settings(root, allow_passwords=allow_passwords)
    if problems:
        raise ConfigError(source, problems=problems)
    return settings, passwords


def _compose(text: str, source: str) -> yaml.Node | None:
    """The document's node tree (safe loader; nothing is constructed)."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        # Only the problem and its position: the snippet could show a password.
        mark = error.problem_mark or error.context_mark
        message = clean(error.problem or error.context or "not valid YAML")
        raise ConfigError(
            source,
            f"not valid YAML: {message}",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        raise ConfigError(
            source,
            "not valid YAML: a control character that YAML does not allow",
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as error:
        raise ConfigError(source, f"not valid YAML: {type(error).__name__}") from None
    except UnicodeEncodeError as error:
        line, column = _position(text, error.start)
        raise ConfigError(
            source,
            "not valid YAML: a character that is not valid Unicode",
            line=line,
            column=column,
        ) from None
    except RecursionError:
        raise ConfigError(source, "not valid YAML: nested too deeply") from None


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def dump_settings(settings: Settings) -> str:
    """The config file's text: header comment, then fields in form order."""
    document: dict[str, Any] = {
        "version": CONFIG_VERSION,
        "secret_store": settings.secret_store,
    }
    if settings.global_account is not None:
        document["global"] = _account_entry(settings.global_account, GLOBAL_FORM_ORDER)
    document["users"] = {
        name: _account_entry(account, FORM_ORDER)
        for name, account in settings.users.items()
    }
    body = yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=not _has_unicode_line_breaks(document),
        default_flow_style=False,
        width=1_000_000,
    )
    return HEADER + "\n" + body


def _has_unicode_line_breaks(value: Any) -> bool:
    """True when some text holds NEL or U+2028/9, which PyYAML's pure-Python
    emitter would fold unless they are escaped."""
    if isinstance(value, dict):
        return any(_has_unicode_line_breaks(v) for v in (*value, *value.values()))
    return isinstance(value, str) and any(c in value for c in _UNICODE_BREAKS)


def _account_entry(account: Account, order: tuple[str, ...]) -> dict[str, Any]:
    """One account's fields, leaving out tls/cafile/auth at their defaults."""
    entry: dict[str, Any] = {}
    for name in order:
        value = getattr(account, name)
        if name in _OMITTED_DEFAULTS and value == _OMITTED_DEFAULTS[name]:
            continue
        entry[name] = value
    return entry


def save_settings(path: Path, settings: Settings) -> None:
    """Write the config atomically (0600), keeping the old one as .bak."""
    with locked(path):
        _write(path, settings)


def update_settings(path: Path, change: Callable[[Settings], None]) -> Settings:
    """Load, change and save the config while holding its lock; return it."""
    with locked(path):
        settings = load_settings(path)
        change(settings)
        _write(path, settings)
        return settings


def _write(path: Path, settings: Settings) -> None:
    """Dump, prove the text reads back the same, then replace the file."""
    try:
        text = dump_settings(settings)
    except UnicodeEncodeError:
        raise ConfigError(
            path, "a field holds a character that is not valid Unicode"
        ) from None
    again, _ = parse_settings(text, f"{path} (about to be saved)")
    if again != settings:
        raise ConfigError(path, "these settings would not read back the same")
    write_atomic(path, text, backup=True)
