"""The TLS settings of a check: certificates always verified, host name
included, against the system trust store plus the account's own CA file."""

from __future__ import annotations

import ssl
from pathlib import Path

from a5wizard.check.errors import CafileError


def tls_context(cafile: str | None = None) -> ssl.SSLContext:
    """A verifying client context (SSL_CERT_FILE honoured) plus an extra CA file."""
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    if cafile:
        path = Path(cafile).expanduser()
        try:
            context.load_verify_locations(cafile=str(path))
        except (OSError, ssl.SSLError) as exc:
            raise CafileError(
                f"The CA file {path} could not be read: {exc.strerror or exc}"
            ) from exc
    return context


def describe_tls(ssl_object: ssl.SSLObject | ssl.SSLSocket | None) -> list[str]:
    """Transcript notes about an established TLS session: version, cipher, cert."""
    if ssl_object is None:
        return ["TLS information unavailable"]
    cipher = ssl_object.cipher()
    cipher_name = cipher[0] if cipher else "unknown cipher"
    notes = [f"TLS established: {ssl_object.version()}, {cipher_name}"]
    cert = ssl_object.getpeercert() or {}
    subject = _name(cert.get("subject", ()))
    issuer = _name(cert.get("issuer", ()))
    if subject or issuer:
        notes.append(
            f"certificate subject {subject or '?'}; issuer {issuer or '?'}; "
            f"valid until {cert.get('notAfter', '?')}"
        )
    return notes


def _name(rdns: object) -> str:
    """A certificate name (subject or issuer) as "CN=..., O=..."."""
    parts: list[str] = []
    if isinstance(rdns, tuple):
        for rdn in rdns:
            for key, value in rdn:
                parts.append(f"{key}={value}")
    return ", ".join(parts)
