"""A server that accepts TCP connections on 127.0.0.1 and never says a word,
to prove that a check against it ends in a timeout, not a hang."""

from __future__ import annotations

import asyncio
import socket

from a5wizard.mailserver.lifecycle import StartStop
from a5wizard.mailserver.listening import accept_waiting, open_listening_socket
from a5wizard.mailserver.loop_thread import LoopThread


class SilentServer(StartStop):
    """Accepts connections and holds them open, never sending a greeting."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self.port = 0
        self.accepted = 0
        self._held: list[socket.socket] = []
        self._listening: socket.socket | None = None
        self._loop_thread = LoopThread("a5wizard-silent-server")

    @property
    def open_connections(self) -> int:
        """How many client connections are being held open right now."""
        return sum(1 for connection in self._held if connection.fileno() != -1)

    def start(self) -> SilentServer:
        """Listen on a free loopback port; returns self."""
        if self._listening is not None:
            raise RuntimeError("the silent server is already running")
        self._listening = open_listening_socket(self.host)
        self.port = self._listening.getsockname()[1]
        self._loop_thread.start()
        self._loop_thread.run(self._watch(True))
        return self

    def stop(self) -> None:
        """Close the port and every held connection, then end the thread."""
        if self._loop_thread.running:
            try:
                self._loop_thread.run(self._watch(False))
            finally:
                self._loop_thread.stop()
        for connection in [*self._held, self._listening]:
            if connection is not None:
                connection.close()
        self._listening = None

    async def _watch(self, on: bool) -> None:
        assert self._listening is not None
        loop = asyncio.get_running_loop()
        if on:
            loop.add_reader(self._listening.fileno(), self._accept)
        else:
            loop.remove_reader(self._listening.fileno())
            for connection in self._held:
                if connection.fileno() != -1:
                    loop.remove_reader(connection.fileno())

    def _accept(self) -> None:
        assert self._listening is not None
        connections = accept_waiting(self._listening)
        self.accepted += len(connections)
        self._held.extend(connections)
        loop = asyncio.get_running_loop()
        for connection in connections:
            loop.add_reader(connection.fileno(), self._drain, connection)

    def _drain(self, connection: socket.socket) -> None:
        """Read and ignore what a client sends; close when the client hangs up."""
        try:
            data = connection.recv(4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            asyncio.get_running_loop().remove_reader(connection.fileno())
            connection.close()
