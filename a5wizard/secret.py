"""A password or token held in memory so that printing, logging or raising it
never shows its value."""

from __future__ import annotations


class Secret:
    """A secret string whose repr and str are always ``<hidden>``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself: use only where it goes to the server or the store."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __repr__(self) -> str:
        return "Secret(<hidden>)"

    def __str__(self) -> str:
        return "<hidden>"

    def __reduce__(self) -> object:
        raise TypeError("a Secret cannot be pickled")
