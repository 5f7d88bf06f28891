"""Turning whatever ends a check (a server reply, a network or TLS error, or a
refusal of our own) into a Failure the diagnosis catalogue can match."""

from __future__ import annotations

import errno
import socket
import ssl

from aiosmtplib import (
    SMTPConnectTimeoutError,
    SMTPResponseException,
    SMTPServerDisconnected,
    SMTPTimeoutError,
)

from a5wizard.check.steps import Failure, FailureKind, Phase
from a5wizard.text import clean

X509_V_ERR_CERT_HAS_EXPIRED = 10
X509_V_ERR_HOSTNAME_MISMATCH = 62
X509_V_ERR_IP_ADDRESS_MISMATCH = 64

_UNREACHABLE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}


class CheckStopped(Exception):
    """A check stopped on purpose, before the server could refuse anything."""

    kind = FailureKind.OTHER


class StartTlsNotOffered(CheckStopped):
    """Secure Connection is on but the server's EHLO does not offer STARTTLS."""

    kind = FailureKind.STARTTLS_NOT_OFFERED


class AuthNotOffered(CheckStopped):
    """The server's EHLO does not offer AUTH at all."""

    kind = FailureKind.AUTH_NOT_OFFERED


class AuthMechanismUnsupported(CheckStopped):
    """AUTH is offered, but with no mechanism this authenticator can use."""

    kind = FailureKind.AUTH_MECHANISM


class PlaintextRefused(CheckStopped):
    """We refuse to send a password over an unencrypted connection."""

    kind = FailureKind.PLAINTEXT_REFUSED


class PasswordNotText(CheckStopped):
    """The stored password holds bytes that are not UTF-8: it cannot be sent."""


class CafileError(CheckStopped):
    """The account's extra CA file cannot be read."""

    kind = FailureKind.TLS_OTHER


class GreetingTimeout(CheckStopped):
    """The server accepted the connection but never greeted within the limit."""

    kind = FailureKind.NO_GREETING


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and its causes, outermost first (aiosmtplib wraps errors)."""
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _first(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """The first exception of a type in the cause chain, if any."""
    return next((item for item in _chain(exc) if isinstance(item, kind)), None)


def _tls_kind(error: ssl.SSLError) -> FailureKind:
    """Which TLS failure an ssl error is."""
    if isinstance(error, ssl.SSLCertVerificationError):
        code = error.verify_code
        if code == X509_V_ERR_CERT_HAS_EXPIRED:
            return FailureKind.CERT_EXPIRED
        message = str(error.verify_message or "").lower()
        if code in (X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH) or (
            "mismatch" in message
        ):
            return FailureKind.CERT_HOSTNAME
        return FailureKind.CERT_UNTRUSTED
    if error.reason == "WRONG_VERSION_NUMBER" or "WRONG_VERSION_NUMBER" in str(error):
        return FailureKind.TLS_WRONG_VERSION
    return FailureKind.TLS_OTHER


def _os_kind(error: OSError) -> FailureKind:
    """Which transport failure an operating-system error is."""
    if isinstance(error, socket.gaierror):
        return FailureKind.NAME_NOT_FOUND
    if isinstance(error, ConnectionRefusedError):
        return FailureKind.REFUSED
    if isinstance(error, TimeoutError):
        return FailureKind.TIMEOUT
    if error.errno in _UNREACHABLE:
        return FailureKind.UNREACHABLE
    if isinstance(error, ConnectionError):
        return FailureKind.DISCONNECTED
    return FailureKind.OTHER


def _text(exc: BaseException) -> str:
    """The human part of an error, cleaned of control characters."""
    if isinstance(exc, ssl.SSLCertVerificationError) and exc.verify_message:
        return clean(f"certificate verify failed: {exc.verify_message}")
    if isinstance(exc, socket.gaierror):
        return clean(exc.strerror or str(exc))
    return clean(str(exc) or type(exc).__name__)


def failure_from(exc: BaseException, phase: Phase) -> Failure:
    """Map any exception met during a phase to a Failure (never raises)."""
    if isinstance(exc, CheckStopped):
        return Failure(phase, exc.kind, None, clean(str(exc)))
    if isinstance(exc, SMTPResponseException) and exc.code >= 0:
        return Failure(phase, FailureKind.REPLY, exc.code, clean(exc.message))
    tls_error = _first(exc, ssl.SSLError)
    if tls_error is not None and isinstance(tls_error, ssl.SSLError):
        return Failure(phase, _tls_kind(tls_error), None, _text(tls_error))
    if isinstance(exc, SMTPConnectTimeoutError):
        # Our own TCP connect ran before aiosmtplib's: a connect timeout from it
        # means the server accepted the connection and then stayed silent.
        return Failure(phase, FailureKind.NO_GREETING, None, _text(exc))
    if isinstance(exc, SMTPTimeoutError | TimeoutError):
        return Failure(phase, FailureKind.TIMEOUT, None, _text(exc))
    if isinstance(exc, SMTPServerDisconnected):
        return Failure(phase, FailureKind.DISCONNECTED, None, _text(exc))
    os_error = _first(exc, OSError)
    if os_error is not None and isinstance(os_error, OSError):
        kind = _os_kind(os_error)
        if kind is not FailureKind.OTHER:
            return Failure(phase, kind, None, _text(os_error))
    return Failure(phase, FailureKind.OTHER, None, _text(exc))
