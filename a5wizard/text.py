"""Making untrusted text (server replies, user input) safe to print or log."""

from __future__ import annotations

import re

_ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])"
)
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """Remove terminal escapes and control characters from untrusted text."""
    text = _ANSI.sub("", text)
    if keep_newlines:
        text = text.replace("\r\n", "\n")
        return "\n".join(_CONTROL.sub("", line) for line in text.split("\n"))
    return _CONTROL.sub(
        "", text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    )


def has_control_chars(text: str) -> bool:
    """True when text holds CR, LF, tabs or any other control character."""
    return bool(re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", text))


def is_utf8(text: str) -> bool:
    """True when text encodes as UTF-8 (no stray surrogate from undecodable bytes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
