"""Throwaway certificate authority for the local mail server: it signs good,
expired and wrong-name server certificates that only this process trusts."""

from __future__ import annotations

import datetime
import ssl
import threading
from pathlib import Path
from typing import Literal, get_args

import trustme

CertKind = Literal["good", "expired", "wrong_name", "unknown_ca"]
CERT_KINDS: tuple[str, ...] = get_args(CertKind)

OTHER_HOST = "mail.other.invalid"
"""The name on a "wrong_name" certificate: any host but the one dialled."""

CA_FILE_NAME = "a5wizard-local-ca.pem"


class LocalCA:
    """A certificate authority made at run time, plus server TLS contexts."""

    def __init__(self) -> None:
        self._ca = trustme.CA(organization_name="a5wizard local mail server")
        self._stranger: trustme.CA | None = None
        self._contexts: dict[tuple[str, str], ssl.SSLContext] = {}
        self._lock = threading.Lock()

    @property
    def ca_pem(self) -> bytes:
        """The CA certificate (PEM) that a client must trust."""
        return self._ca.cert_pem.bytes()

    def write_ca_file(self, folder: Path) -> Path:
        """Write the CA certificate into folder and return the file's path."""
        path = Path(folder) / CA_FILE_NAME
        path.write_bytes(self.ca_pem)
        return path

    def server_context(
        self, kind: CertKind = "good", host: str = "127.0.0.1"
    ) -> ssl.SSLContext:
        """A server-side TLS context presenting a certificate of the given kind."""
        if kind not in CERT_KINDS:
            raise ValueError(f"unknown certificate kind {kind!r}: use {CERT_KINDS}")
        with self._lock:
            context = self._contexts.get((kind, host))
            if context is None:
                context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                self._issue(kind, host).configure_cert(context)
                self._contexts[(kind, host)] = context
            return context

    def _issue(self, kind: str, host: str) -> trustme.LeafCert:
        names = list(dict.fromkeys((host, "127.0.0.1", "localhost")))
        if kind == "wrong_name":
            return self._ca.issue_cert(OTHER_HOST)
        if kind == "unknown_ca":
            if self._stranger is None:
                self._stranger = trustme.CA(organization_name="an unknown authority")
            return self._stranger.issue_cert(*names)
        if kind == "expired":
            now = datetime.datetime.now(datetime.UTC)
            return self._ca.issue_cert(
                *names,
                not_before=now - datetime.timedelta(days=60),
                not_after=now - datetime.timedelta(days=1),
            )
        return self._ca.issue_cert(*names)
