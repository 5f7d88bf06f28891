"""How a check logs in: pluggable authenticators. A password makes exactly one
AUTH attempt (PLAIN, else LOGIN) and never shows the password in the transcript."""

from __future__ import annotations

import base64
from typing import Protocol

from aiosmtplib import SMTP, SMTPAuthenticationError
from aiosmtplib.response import SMTPResponse

from a5wizard.check.errors import (
    AuthMechanismUnsupported,
    AuthNotOffered,
    PasswordNotText,
)
from a5wizard.check.transcript import HIDDEN, Transcript, credential_forms
from a5wizard.secret import Secret
from a5wizard.text import is_utf8

AUTH_OK = 235
AUTH_CONTINUE = 334


class Authenticator(Protocol):
    """A way of logging in to an SMTP server during a check."""

    name: str

    async def authenticate(self, smtp: SMTP, transcript: Transcript) -> SMTPResponse:
        """Log in once on a connected, greeted session; raise on refusal."""
        ...


def _encode(raw: str) -> bytes:
    """Base64 of text as UTF-8, the encoding SMTP AUTH uses."""
    return base64.b64encode(raw.encode("utf-8"))


async def _command(smtp: SMTP, transcript: Transcript, *parts: bytes) -> SMTPResponse:
    """Send one AUTH line (already logged by the caller) and log the reply."""
    response = await smtp.execute_command(*parts)
    transcript.server(response.code, response.message)
    return response


class PasswordAuth:
    """Log in with a username and password: one attempt, PLAIN else LOGIN."""

    name = "password"

    def __init__(self, username: str, password: Secret) -> None:
        self.username = username
        self.password = password

    def __repr__(self) -> str:
        return f"PasswordAuth(username={self.username!r}, password=<hidden>)"

    def mechanism(self, smtp: SMTP) -> str:
        """The mechanism to use given the server's EHLO: PLAIN, else LOGIN."""
        if not smtp.supports_extension("auth"):
            raise AuthNotOffered("The server does not offer AUTH (login) at all.")
        offered = [method.upper() for method in smtp.server_auth_methods]
        for mechanism in ("PLAIN", "LOGIN"):
            if mechanism in offered:
                return mechanism
        shown = ", ".join(offered) or "none"
        raise AuthMechanismUnsupported(
            f"The server offers only these login methods: {shown}; "
            "a password login needs PLAIN or LOGIN."
        )

    async def authenticate(self, smtp: SMTP, transcript: Transcript) -> SMTPResponse:
        """Make one AUTH attempt; raise SMTPAuthenticationError when refused."""
        secret = self.password.reveal()
        transcript.hide(*credential_forms(self.username, secret))
        if not is_utf8(secret):
            raise PasswordNotText(
                "The stored password is not valid UTF-8 text, so it cannot be "
                "sent; enter it again."
            )
        mechanism = self.mechanism(smtp)
        if mechanism == "PLAIN":
            response = await self._plain(smtp, transcript, secret)
        else:
            response = await self._login(smtp, transcript, secret)
        if response.code != AUTH_OK:
            raise SMTPAuthenticationError(response.code, response.message)
        return response

    async def _plain(
        self, smtp: SMTP, transcript: Transcript, secret: str
    ) -> SMTPResponse:
        """AUTH PLAIN with the initial response: one round trip."""
        transcript.client(f"AUTH PLAIN {HIDDEN}")
        token = _encode(f"\0{self.username}\0{secret}")
        return await _command(smtp, transcript, b"AUTH", b"PLAIN", token)

    async def _login(
        self, smtp: SMTP, transcript: Transcript, secret: str
    ) -> SMTPResponse:
        """AUTH LOGIN with the username as initial response, then the password."""
        transcript.client(f"AUTH LOGIN {HIDDEN}")
        user = _encode(self.username)
        response = await _command(smtp, transcript, b"AUTH", b"LOGIN", user)
        if response.code != AUTH_CONTINUE:
            return response
        transcript.client(HIDDEN)
        return await _command(smtp, transcript, _encode(secret))
