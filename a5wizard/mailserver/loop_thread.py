"""An asyncio event loop on a thread of its own, so a local server keeps
answering while a test or the wizard waits on its own loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

START_TIMEOUT = 5.0


class LoopThread:
    """Runs coroutines on a private event loop in a background thread."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The running loop; only valid between start() and stop()."""
        if self._loop is None:
            raise RuntimeError(f"{self._name} is not running")
        return self._loop

    @property
    def running(self) -> bool:
        """True between start() and stop()."""
        return self._loop is not None

    def start(self) -> None:
        """Start the loop thread."""
        if self._loop is not None:
            raise RuntimeError(f"{self._name} is already running")
        # A selector loop on every platform: the mail server watches its
        # listening socket with add_reader, which Windows' proactor lacks.
        self._loop = asyncio.SelectorEventLoop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name=self._name, daemon=True
        )
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the loop and wait for its result."""
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        return future.result(START_TIMEOUT)

    def stop(self) -> None:
        """Cancel what is left on the loop, stop it and join the thread."""
        if self._loop is None or self._thread is None:
            return
        loop, thread = self._loop, self._thread
        try:
            self.run(_cancel_other_tasks())
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(START_TIMEOUT)
            loop.close()
            self._loop = None
            self._thread = None


async def _cancel_other_tasks() -> None:
    """Cancel every task on this loop but the caller, and wait for them."""
    current = asyncio.current_task()
    tasks = [task for task in asyncio.all_tasks() if task is not current]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
