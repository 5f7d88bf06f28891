"""The vocabulary of a live check: its phases, the steps it reports as it goes,
the failure it may end in, the diagnosis of that failure and the final result."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Phase(StrEnum):
    """The stages of an SMTP submission, in the order a check runs them."""

    RESOLVE = "resolve"
    CONNECT = "connect"
    TLS = "tls"
    EHLO = "ehlo"
    STARTTLS = "starttls"
    AUTH = "auth"
    MAIL = "mail"
    RCPT = "rcpt"
    DATA = "data"
    RESET = "reset"
    QUIT = "quit"


PHASE_TITLES: dict[Phase, str] = {
    Phase.RESOLVE: "Find the server",
    Phase.CONNECT: "Connect",
    Phase.TLS: "Secure the connection (TLS)",
    Phase.EHLO: "Greet the server (EHLO)",
    Phase.STARTTLS: "Secure the connection (STARTTLS)",
    Phase.AUTH: "Log in",
    Phase.MAIL: "Sender accepted (MAIL FROM)",
    Phase.RCPT: "Recipient accepted (RCPT TO)",
    Phase.DATA: "Send the message (DATA)",
    Phase.RESET: "Reset without sending",
    Phase.QUIT: "Say goodbye",
}


class Outcome(StrEnum):
    """How a step ended."""

    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


class FailureKind(StrEnum):
    """Transport-level failures that carry no SMTP reply code."""

    REPLY = "reply"  # the server answered with an error reply (code and text)
    NAME_NOT_FOUND = "name_not_found"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    NO_GREETING = "no_greeting"
    TLS_WRONG_VERSION = "tls_wrong_version"  # implicit TLS against a plain port
    CERT_UNTRUSTED = "cert_untrusted"
    CERT_EXPIRED = "cert_expired"
    CERT_HOSTNAME = "cert_hostname"
    TLS_OTHER = "tls_other"
    STARTTLS_NOT_OFFERED = "starttls_not_offered"
    AUTH_NOT_OFFERED = "auth_not_offered"
    AUTH_MECHANISM = "auth_mechanism"  # no mechanism we support is offered
    PLAINTEXT_REFUSED = "plaintext_refused"  # we refused to send a password unencrypted
    DISCONNECTED = "disconnected"
    CANCELLED = "cancelled"
    OTHER = "other"


@dataclass(frozen=True)
class Failure:
    """What went wrong, in the terms the diagnosis catalogue matches on."""

    phase: Phase
    kind: FailureKind
    code: int | None = None
    text: str = ""  # the server's reply or the error's message, already sanitised

    def reply_line(self) -> str:
        """The server reply as one line, or the error text."""
        if self.code is not None:
            return f"{self.code} {self.text}".strip()
        return self.text


@dataclass(frozen=True)
class Diagnosis:
    """A plain-language explanation of a failure and how to fix it."""

    key: str
    title: str
    explanation: str
    fix: tuple[str, ...]
    revisit: str | None = None  # "field:<name>", "checklist:<item id>" or "provider"
    temporary: bool = False


@dataclass
class CheckStep:
    """One step of a running check, as reported to the screen or terminal."""

    phase: Phase
    outcome: Outcome
    detail: str = ""  # server reply or a short note, sanitised
    elapsed: float = 0.0  # seconds spent in this step

    @property
    def title(self) -> str:
        """The step's name for people."""
        return PHASE_TITLES[self.phase]


@dataclass
class CheckResult:
    """The verdict of a check, with its steps and, on failure, the diagnosis."""

    ok: bool
    account_key: str
    mode: str  # "send" or "no-send"
    server: str
    port: int
    security: str
    recipient: str
    steps: list[CheckStep] = field(default_factory=list)
    failure: Failure | None = None
    diagnosis: Diagnosis | None = None
    message_id: str | None = None
    transcript_path: str | None = None
    elapsed: float = 0.0
