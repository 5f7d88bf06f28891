"""One SMTP conversation of the local mail server: aiosmtpd's protocol plus a
handler that applies the behaviour (injected replies, AUTH rules) and records
what the client did."""

from __future__ import annotations

import asyncio
import functools
import hmac
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiosmtpd.smtp import (
    MISSING,
    SMTP,
    AuthResult,
    Envelope,
    LoginPassword,
    Session,
)

from a5wizard.mailserver.behaviour import AuthAttempt, Behaviour, ReceivedMessage

AUTH_REQUIRED = "530 5.7.0 Authentication required"


class Recorder(Protocol):
    """Where a session reports what it saw."""

    def record_command(self, verb: str) -> None:
        """Note one SMTP command verb the client sent."""

    def record_auth(self, attempt: AuthAttempt) -> None:
        """Note one AUTH attempt and whether it was accepted."""

    def record_message(self, message: ReceivedMessage) -> None:
        """Keep a message the server accepted."""

    def record_error(self, error: BaseException) -> None:
        """Note an error raised inside the server."""

    def session_closed(self, session: RecordingSMTP) -> None:
        """Forget a session whose connection has closed."""


class QuietSession(Session):
    """aiosmtpd's session without the deprecation warning it logs on every AUTH."""

    @property
    def login_data(self) -> Any:
        """The legacy login data (here the username) of an authenticated session."""
        return self._login_data

    @login_data.setter
    def login_data(self, value: Any) -> None:
        self._login_data = value


class RecordingSMTP(SMTP):
    """aiosmtpd's SMTP protocol that reports every command verb it receives."""

    def __init__(self, handler: Any, recorder: Recorder, **options: Any) -> None:
        super().__init__(handler, **options)
        self._recorder = recorder
        # aiosmtpd has no per-command hook, so wrap its table of command methods.
        self._smtp_methods = {
            verb: self._recording(verb, method)
            for verb, method in self._smtp_methods.items()
        }

    def _recording(
        self, verb: str, method: Callable[[str | None], Awaitable[None]]
    ) -> Callable[[str | None], Awaitable[None]]:
        @functools.wraps(method)
        async def recorded(arg: str | None) -> None:
            self._recorder.record_command(verb)
            await method(arg)

        return recorded

    def _create_session(self) -> Session:
        return QuietSession(self.loop)

    def connection_lost(self, error: Exception | None) -> None:
        """Forget the session once its connection is gone."""
        super().connection_lost(error)
        self._recorder.session_closed(self)


class BehaviourHandler:
    """aiosmtpd handler hooks that answer as the behaviour says."""

    def __init__(self, behaviour: Behaviour, recorder: Recorder) -> None:
        self.behaviour = behaviour
        self._recorder = recorder

    async def handle_EHLO(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        """Advertise the extensions; drop AUTH when the behaviour hides it."""
        session.host_name = hostname
        if self.behaviour.offer_auth:
            return responses
        return [line for line in responses if not line[4:].startswith("AUTH")]

    async def handle_MAIL(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        mail_options: list[str],
    ) -> Any:
        """Refuse the sender when told to, or when AUTH is offered but not done."""
        if "mail" in self.behaviour.replies:
            return self.behaviour.replies["mail"]
        if self.behaviour.offer_auth and not session.authenticated:
            return AUTH_REQUIRED
        return MISSING

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> Any:
        """Refuse every recipient when told to."""
        return self.behaviour.replies.get("rcpt", MISSING)

    async def handle_DATA(
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        """Keep the message, refuse it, or hang up without a reply."""
        if self.behaviour.drop_after_data:
            assert server.transport is not None
            server.transport.abort()
            # connection_lost cancels this session's task; wait for that.
            await asyncio.get_running_loop().create_future()
        if "data" in self.behaviour.replies:
            return self.behaviour.replies["data"]
        self._recorder.record_message(
            ReceivedMessage(
                mail_from=envelope.mail_from or "",
                rcpt_tos=list(envelope.rcpt_tos),
                content=bytes(envelope.original_content or b""),
            )
        )
        return "250 2.0.0 OK: message accepted"

    async def handle_exception(self, error: Exception) -> str:
        """Note a failed session (often a refused certificate) instead of logging."""
        self._recorder.record_error(error)
        return f"500 5.3.0 Local mail server error ({type(error).__name__})"

    def check_credentials(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        mechanism: str,
        auth_data: Any,
    ) -> AuthResult:
        """aiosmtpd authenticator: compare, record (never the password), reply."""
        assert isinstance(auth_data, LoginPassword)
        username = auth_data.login.decode("utf-8", errors="replace")
        forced = self.behaviour.replies.get("auth")
        success = forced is None and _credentials_match(self.behaviour, auth_data)
        self._recorder.record_auth(AuthAttempt(mechanism, username, success))
        if success:
            return AuthResult(success=True, auth_data=username)
        # handled=False with a message makes aiosmtpd send exactly that line.
        return AuthResult(
            success=False,
            handled=False,
            message=forced or "535 5.7.8 Authentication credentials invalid",
        )


def _credentials_match(behaviour: Behaviour, given: LoginPassword) -> bool:
    """Constant-time comparison of the given username and password."""
    user_ok = hmac.compare_digest(given.login, behaviour.username.encode("utf-8"))
    password_ok = hmac.compare_digest(
        given.password, behaviour.password.encode("utf-8")
    )
    return user_ok and password_ok
