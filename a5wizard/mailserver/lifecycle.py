"""Context-manager support for the local servers and the sandbox, which all
start with start() and end with stop()."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class StartStop:
    """Use as ``with Thing() as thing:``: start() on entry, stop() on exit."""

    def start(self) -> Self:
        """Start; return self."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop and release everything start() took."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
