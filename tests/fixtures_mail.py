"""Fixtures for the local mail server: a shared CA, a server factory that
takes Behaviour fields, and a server that never greets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from a5wizard.mailserver import Behaviour, LocalCA, LocalMailServer, SilentServer

MakeServer = Callable[..., LocalMailServer]


@pytest.fixture(scope="session")
def local_ca() -> LocalCA:
    """One throwaway certificate authority for the whole test session."""
    return LocalCA()


@pytest.fixture
def make_server(local_ca: LocalCA) -> Iterator[MakeServer]:
    """Factory: make_server(**Behaviour fields) -> a started LocalMailServer."""
    servers: list[LocalMailServer] = []

    def make(**fields: Any) -> LocalMailServer:
        server = LocalMailServer(Behaviour(**fields), local_ca).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    """A started server that accepts connections and never sends a greeting."""
    server = SilentServer().start()
    yield server
    server.stop()
