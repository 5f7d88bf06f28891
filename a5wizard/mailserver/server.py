"""A real SMTP server on 127.0.0.1 (aiosmtpd) whose behaviour can be set: TLS
mode, certificate, AUTH, injected failure replies. Used by the tests and by
the sandbox; it records what it receives but never a password."""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from a5wizard.mailserver.behaviour import AuthAttempt, Behaviour, ReceivedMessage
from a5wizard.mailserver.certs import LocalCA
from a5wizard.mailserver.lifecycle import StartStop
from a5wizard.mailserver.listening import accept_waiting, open_listening_socket
from a5wizard.mailserver.loop_thread import LoopThread
from a5wizard.mailserver.session import BehaviourHandler, RecordingSMTP

__all__ = ["AuthAttempt", "Behaviour", "LocalMailServer", "ReceivedMessage"]

LOOPBACK = "127.0.0.1"
SERVER_NAME = "sandbox.a5wizard.test"
IDENT = "a5wizard local mail server"


class LocalMailServer(StartStop):
    """An aiosmtpd server on a free loopback port, run on its own thread."""

    host = LOOPBACK

    def __init__(
        self,
        behaviour: Behaviour | None = None,
        ca: LocalCA | None = None,
        *,
        on_receive: Callable[[ReceivedMessage], None] | None = None,
    ) -> None:
        self._behaviour = behaviour or Behaviour()
        self.ca = ca or LocalCA()
        self.port = 0
        self.received: list[ReceivedMessage] = []
        self.auth_attempts: list[AuthAttempt] = []
        self.commands: list[str] = []
        self.errors: list[str] = []
        self._on_receive = on_receive
        self._loop_thread = LoopThread("a5wizard-mail-server")
        self._listening: socket.socket | None = None
        self._accepted: set[socket.socket] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._sessions: set[RecordingSMTP] = set()
        self._folder: Path | None = None
        self._ca_file: Path | None = None
        self._lock = threading.Lock()

    @property
    def behaviour(self) -> Behaviour:
        """The behaviour new connections get."""
        return self._behaviour

    @property
    def ca_file(self) -> Path:
        """PEM file of the CA a client must trust (exists while running)."""
        if self._ca_file is None:
            raise RuntimeError("the local mail server is not running")
        return self._ca_file

    def start(self) -> LocalMailServer:
        """Listen on a free loopback port; returns self."""
        if self.running:
            raise RuntimeError("the local mail server is already running")
        self._folder = Path(tempfile.mkdtemp(prefix="a5wizard-mail-"))
        self._ca_file = self.ca.write_ca_file(self._folder)
        self._listening = open_listening_socket(self.host)
        self.port = self._listening.getsockname()[1]
        self._loop_thread.start()
        self._loop_thread.run(self._start_accepting())
        return self

    def stop(self) -> None:
        """Close the port and every open connection, then end the thread."""
        if self._loop_thread.running:
            try:
                self._loop_thread.run(self._close())
            finally:
                self._loop_thread.stop()
        for connection in [self._listening, *self._accepted]:
            if connection is not None:
                connection.close()
        self._listening = None
        self._accepted.clear()
        self._sessions.clear()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        self._folder = None
        self._ca_file = None

    @property
    def running(self) -> bool:
        """True between start() and stop()."""
        return self._listening is not None

    def set_behaviour(self, behaviour: Behaviour) -> None:
        """Answer new connections with this behaviour (open ones keep theirs)."""
        self._behaviour = behaviour

    def record_command(self, verb: str) -> None:
        """Note a command verb the client sent."""
        with self._lock:
            self.commands.append(verb)

    def record_auth(self, attempt: AuthAttempt) -> None:
        """Note an AUTH attempt (the password is never part of it)."""
        with self._lock:
            self.auth_attempts.append(attempt)

    def record_message(self, message: ReceivedMessage) -> None:
        """Keep an accepted message and call on_receive (on the server's thread)."""
        with self._lock:
            self.received.append(message)
        if self._on_receive is not None:
            self._on_receive(message)

    def record_error(self, error: BaseException) -> None:
        """Note a failed connection (say a refused certificate) without logging."""
        with self._lock:
            self.errors.append(f"{type(error).__name__}: {error}")

    def session_closed(self, session: RecordingSMTP) -> None:
        """Forget a finished connection."""
        self._sessions.discard(session)

    def __repr__(self) -> str:
        state = f"port {self.port}" if self.running else "stopped"
        return f"<LocalMailServer {self.host} {state} {self._behaviour!r}>"

    async def _start_accepting(self) -> None:
        assert self._listening is not None
        loop = asyncio.get_running_loop()
        loop.add_reader(self._listening.fileno(), self._accept, loop)

    def _accept(self, loop: asyncio.AbstractEventLoop) -> None:
        # Accepting by hand (not loop.create_server) lets the TLS mode follow
        # set_behaviour per connection, and lets stop() close a connection that
        # is still in its TLS handshake.
        assert self._listening is not None
        self._accepted = {c for c in self._accepted if c.fileno() != -1}
        for connection in accept_waiting(self._listening):
            self._accepted.add(connection)
            task = loop.create_task(self._open_session(connection, self._behaviour))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _open_session(
        self, connection: socket.socket, behaviour: Behaviour
    ) -> None:
        implicit = behaviour.tls == "ssl"
        context = self.ca.server_context(behaviour.cert) if implicit else None
        loop = asyncio.get_running_loop()
        try:
            await loop.connect_accepted_socket(
                lambda: self._new_session(behaviour), connection, ssl=context
            )
        except OSError as error:
            # The client refused our certificate or went away mid-handshake.
            self.record_error(error)
            connection.close()

    async def _close(self) -> None:
        if self._listening is not None:
            asyncio.get_running_loop().remove_reader(self._listening.fileno())
        for session in list(self._sessions):
            if session.transport is not None:
                session.transport.abort()
        # Let the aborted transports run connection_lost and close their sockets.
        for _ in range(3):
            await asyncio.sleep(0)

    def _new_session(self, behaviour: Behaviour) -> RecordingSMTP:
        tls_context = self._starttls_context(behaviour)
        handler = BehaviourHandler(behaviour, self)
        session = RecordingSMTP(
            handler,
            self,
            hostname=SERVER_NAME,
            ident=IDENT,
            data_size_limit=behaviour.max_message_size,
            tls_context=tls_context,
            # Over STARTTLS, AUTH waits for TLS; otherwise (implicit TLS, none, or
            # STARTTLS stripped like a man in the middle) AUTH is offered at once.
            auth_require_tls=tls_context is not None,
            authenticator=handler.check_credentials,
            auth_exclude_mechanism=() if behaviour.offer_auth else ("PLAIN", "LOGIN"),
            loop=asyncio.get_running_loop(),
        )
        self._sessions.add(session)
        return session

    def _starttls_context(self, behaviour: Behaviour) -> ssl.SSLContext | None:
        if behaviour.tls != "starttls" or not behaviour.offer_starttls:
            return None
        return self.ca.server_context(behaviour.cert)
