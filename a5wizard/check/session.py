"""One SMTP conversation of a check, driven command by command with aiosmtplib
so that every exchange lands in the transcript. Each method is one step."""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
import ssl
import time
from collections.abc import Awaitable
from typing import Any

from aiosmtplib import SMTP, SMTPResponseException
from aiosmtplib.response import SMTPResponse

from a5wizard.check.auth import Authenticator
from a5wizard.check.errors import PlaintextRefused, StartTlsNotOffered
from a5wizard.check.tls import describe_tls, tls_context
from a5wizard.check.transcript import Transcript

# family, socket type, protocol and socket address, as getaddrinfo gives them
Address = tuple[socket.AddressFamily, socket.SocketKind, int, Any]


@functools.cache
def _local_name() -> str:
    """This machine's name for EHLO, looked up once per process."""
    name = socket.getfqdn().strip()
    return name if name and not any(c.isspace() for c in name) else "localhost"


async def local_hostname() -> str:
    """This machine's name for EHLO, without blocking the event loop."""
    return await asyncio.to_thread(_local_name)


class SmtpSession:
    """The connection of one check to one server, closed on every way out."""

    def __init__(
        self,
        host: str,
        port: int,
        transcript: Transcript,
        *,
        connect_timeout: float,
        reply_timeout: float,
        cafile: str | None = None,
    ) -> None:
        self.host = host.strip()
        self.port = port
        self.transcript = transcript
        self.connect_timeout = connect_timeout
        self.reply_timeout = reply_timeout
        self.cafile = cafile
        self.smtp: SMTP | None = None
        self.peer: str | None = None
        self._addresses: list[Address] = []
        self._sock: socket.socket | None = None
        self._deadline = 0.0
        self._utf8 = False

    @property
    def connected(self) -> bool:
        """True while the SMTP connection is open."""
        return self.smtp is not None and self.smtp.is_connected

    def offers(self, extension: str) -> bool:
        """True when the last EHLO reply offers an extension."""
        return self.smtp is not None and self.smtp.supports_extension(extension)

    async def resolve(self) -> str:
        """Look the server name up (bounded by the connect timeout)."""
        loop = asyncio.get_running_loop()
        self.transcript.note(f"looking up {self.host}")
        async with asyncio.timeout(self.connect_timeout):
            infos = await loop.getaddrinfo(
                self.host, self.port, type=socket.SOCK_STREAM
            )
        self._addresses = [(f, t, p, addr) for f, t, p, _, addr in infos]
        shown = ", ".join(dict.fromkeys(str(a[3][0]) for a in self._addresses))
        self.transcript.note(f"{self.host} is {shown}")
        return shown

    async def connect(self, *, implicit_tls: bool) -> str:
        """Open TCP; without implicit TLS also wait for the server's greeting."""
        self._deadline = time.monotonic() + self.connect_timeout
        self._sock = await self._open_socket()
        self.peer = str(self._sock.getpeername()[0])
        self.transcript.note(f"connected to {self.peer} port {self.port}")
        if implicit_tls:
            return f"connected to {self.peer} port {self.port}"
        greeting = await self._greet(implicit_tls=False)
        return f"{greeting.code} {greeting.message}"

    async def secure_implicit(self) -> str:
        """TLS handshake on connect (implicit TLS), then the greeting."""
        greeting = await self._greet(implicit_tls=True)
        return self._tls_established(greeting)

    async def _open_socket(self) -> socket.socket:
        """Connect to the first address that answers within the connect timeout."""
        loop = asyncio.get_running_loop()
        last_error: OSError | None = None
        for family, kind, proto, address in self._addresses:
            sock = socket.socket(family, kind, proto)
            sock.setblocking(False)
            try:
                # asyncio.timeout, unlike wait_for on 3.11, never loses a
                # cancellation that arrives as the connection completes.
                async with asyncio.timeout(self._remaining()):
                    await loop.sock_connect(sock, address)
            except TimeoutError:
                sock.close()
                last_error = TimeoutError(
                    f"no answer from {address[0]} port {self.port} within "
                    f"{self.connect_timeout:g} s"
                )
            except OSError as exc:
                sock.close()
                last_error = exc
            except BaseException:
                sock.close()
                raise
            else:
                return sock
        raise last_error or OSError(f"no address found for {self.host}")

    def _remaining(self) -> float:
        """Seconds left of the connect timeout (connect and greeting together)."""
        return max(self._deadline - time.monotonic(), 0.001)

    async def _greet(self, *, implicit_tls: bool) -> SMTPResponse:
        """Hand the socket to aiosmtplib and read the greeting."""
        context = await self._tls_context() if implicit_tls else None
        name = await local_hostname()
        sock, self._sock = self._sock, None
        self.smtp = SMTP(
            hostname=self.host,
            sock=sock,
            local_hostname=name,
            timeout=self.reply_timeout,
            use_tls=implicit_tls,
            start_tls=False,
            tls_context=context,
        )
        if implicit_tls:
            self.transcript.note("starting TLS (implicit)")
        try:
            greeting = await self.smtp.connect(timeout=self._remaining())
        except BaseException:
            # aiosmtplib closes its transport; this also closes the socket when a
            # cancellation came before aiosmtplib could take it over.
            sock.close()
            raise
        self.transcript.server(greeting.code, greeting.message)
        return greeting

    async def _tls_context(self) -> ssl.SSLContext:
        """The verifying TLS context, built off the event loop (it reads files)."""
        return await asyncio.to_thread(tls_context, self.cafile)

    def _tls_established(self, response: SMTPResponse) -> str:
        """Note the TLS version, cipher and certificate; return the step detail."""
        assert self.smtp is not None
        notes = describe_tls(self.smtp.get_transport_info("ssl_object"))
        self.transcript.extend_notes(notes)
        return f"{notes[0]}; {response.code} {response.message}"

    async def _exchange(self, shown: str, pending: Awaitable[SMTPResponse]) -> str:
        """Log a command, await its reply (or refusal), log the reply."""
        self.transcript.client(shown)
        try:
            response = await pending
        except SMTPResponseException as exc:
            self.transcript.server(exc.code, exc.message)
            raise
        self.transcript.server(response.code, response.message)
        return f"{response.code} {response.message}"

    def _client(self) -> SMTP:
        """The connected aiosmtplib client."""
        if self.smtp is None:
            raise ConnectionError("not connected")
        return self.smtp

    async def ehlo(self) -> str:
        """Greet the server with EHLO and learn its extensions."""
        smtp = self._client()
        name = await local_hostname()
        detail = await self._exchange(f"EHLO {name}", smtp.ehlo(hostname=name))
        return detail.split("\n", 1)[0]

    async def starttls(self) -> str:
        """Upgrade to TLS; refuse to go on when STARTTLS is not offered."""
        smtp = self._client()
        if not self.offers("starttls"):
            raise StartTlsNotOffered(
                "Secure Connection is on, but the server does not offer STARTTLS; "
                "stopped before sending the password."
            )
        context = await self._tls_context()
        upgrade = smtp.starttls(tls_context=context, server_hostname=self.host)
        detail = await self._exchange("STARTTLS", upgrade)
        code, _, message = detail.partition(" ")
        return self._tls_established(SMTPResponse(int(code), message))

    def require_safe_auth(self, *, secure: bool, allow_plaintext: bool) -> None:
        """Refuse a plain-text password unless loopback or explicitly allowed."""
        if secure or allow_plaintext or self._peer_is_loopback():
            return
        raise PlaintextRefused(
            "Secure Connection is off: the password would travel unencrypted; "
            "stopped before sending it."
        )

    def _peer_is_loopback(self) -> bool:
        """True when the connected server is this machine."""
        try:
            return self.peer is not None and ipaddress.ip_address(self.peer).is_loopback
        except ValueError:
            return False

    async def authenticate(self, authenticator: Authenticator) -> str:
        """Log in once with the authenticator."""
        smtp = self._client()
        response = await authenticator.authenticate(smtp, self.transcript)
        return f"{response.code} {response.message}"

    async def mail(self, sender: str, *, international: bool = False) -> str:
        """MAIL FROM the sender; SMTPUTF8 when an address needs it and is offered."""
        smtp = self._client()
        self._utf8 = international and self.offers("smtputf8")
        pending = smtp.mail(
            sender,
            options=["SMTPUTF8"] if self._utf8 else None,
            encoding="utf-8" if self._utf8 else "ascii",
        )
        shown = f"MAIL FROM:<{sender}>" + (" SMTPUTF8" if self._utf8 else "")
        return await self._exchange(shown, pending)

    async def rcpt(self, recipient: str) -> str:
        """RCPT TO one recipient."""
        smtp = self._client()
        encoding = "utf-8" if self._utf8 else "ascii"
        pending = smtp.rcpt(recipient, encoding=encoding)
        detail = await self._exchange(f"RCPT TO:<{recipient}>", pending)
        return f"{recipient}: {detail}"

    async def data(self, content: bytes, message_id: str) -> str:
        """DATA with the message content."""
        smtp = self._client()
        self.transcript.note(f"message {message_id}, {len(content)} bytes")
        return await self._exchange("DATA", smtp.data(content))

    async def rset(self) -> str:
        """RSET: forget the transaction so nothing is delivered."""
        smtp = self._client()
        return await self._exchange("RSET", smtp.rset())

    async def quit(self) -> str:
        """QUIT and close."""
        smtp = self._client()
        return await self._exchange("QUIT", smtp.quit())

    def close(self) -> None:
        """Close the connection (or the bare socket) now, without waiting."""
        if self.smtp is not None:
            self.smtp.close()
        if self._sock is not None:
            self._sock.close()
            self._sock = None
