"""The local mail server: a real SMTP server on loopback with a throwaway
certificate authority, for the tests and for the sandbox."""

from a5wizard.mailserver.behaviour import (
    SANDBOX_USERNAME,
    AuthAttempt,
    Behaviour,
    ReceivedMessage,
)
from a5wizard.mailserver.certs import LocalCA
from a5wizard.mailserver.server import LocalMailServer
from a5wizard.mailserver.silent import SilentServer

__all__ = [
    "SANDBOX_USERNAME",
    "AuthAttempt",
    "Behaviour",
    "LocalCA",
    "LocalMailServer",
    "ReceivedMessage",
    "SilentServer",
]
