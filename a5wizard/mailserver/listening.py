"""Loopback listening sockets that the local servers accept from by hand, so
every accepted connection stays known and stop() can close it."""

from __future__ import annotations

import socket


def open_listening_socket(host: str) -> socket.socket:
    """A non-blocking socket listening on a free port of host."""
    listening = socket.create_server((host, 0), backlog=64)
    listening.setblocking(False)
    return listening


def accept_waiting(listening: socket.socket) -> list[socket.socket]:
    """Accept every connection waiting on a non-blocking listening socket."""
    accepted: list[socket.socket] = []
    while True:
        try:
            connection, _ = listening.accept()
        except (BlockingIOError, InterruptedError):
            return accepted
        connection.setblocking(False)
        # aiosmtpd writes a multi-line reply line by line: without NODELAY,
        # Nagle and delayed ACKs add 40 ms to every EHLO.
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        accepted.append(connection)
