"""Running a live check of an account: the steps in order, reported as they
happen, ending in a verdict with a diagnosis and a saved transcript."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from aiosmtplib import SMTPException, SMTPResponseException

from a5wizard.check.auth import Authenticator
from a5wizard.check.diagnose import diagnose
from a5wizard.check.errors import failure_from
from a5wizard.check.message import (
    build_test_message,
    envelope_recipients,
    sender_address,
)
from a5wizard.check.session import SmtpSession
from a5wizard.check.steps import CheckResult, CheckStep, Failure, Outcome, Phase
from a5wizard.check.transcript import Transcript
from a5wizard.model import Account, GlobalAccount
from a5wizard.text import clean

CheckMode = Literal["send", "no-send"]
Action = Callable[[], Awaitable[str | None]]  # None: the step was skipped
GOODBYE_TIMEOUT = 5.0


@dataclass
class CheckRequest:
    """What to check: an account, how to log in, where the test goes, limits."""

    account_key: str
    account: Account
    authenticator: Authenticator | None
    recipient: str
    mode: CheckMode = "send"
    global_account: GlobalAccount | None = None
    connect_timeout: float = 10.0
    reply_timeout: float = 30.0
    allow_plaintext: bool = False
    transcript_dir: Path | None = None


class _Check:
    """The state of one running check: its session, transcript and message."""

    def __init__(self, request: CheckRequest) -> None:
        self.request = request
        self.account = request.account
        self.check_id = uuid.uuid4().hex[:8]
        self.transcript = Transcript(request.account_key, self.check_id)
        self.sender = sender_address(request.account)
        self.recipients = envelope_recipients(request.recipient, request.account)
        self.message: EmailMessage | None = None
        if request.mode == "send":
            self.message = build_test_message(
                account_key=request.account_key,
                account=request.account,
                recipient=request.recipient,
                check_id=self.check_id,
                global_account=request.global_account,
            )
        self.session = SmtpSession(
            self.account.server,
            self.account.port,
            self.transcript,
            connect_timeout=request.connect_timeout,
            reply_timeout=request.reply_timeout,
            cafile=self.account.cafile,
        )

    def plan(self) -> Iterator[tuple[Phase, Action]]:
        """The steps of this check in order, as (phase, action) pairs."""
        session, account = self.session, self.account
        implicit = account.secure and account.tls_mode == "ssl"
        yield Phase.RESOLVE, session.resolve
        yield Phase.CONNECT, lambda: session.connect(implicit_tls=implicit)
        if implicit:
            yield Phase.TLS, session.secure_implicit
        yield Phase.EHLO, session.ehlo
        if account.secure and not implicit:
            yield Phase.STARTTLS, session.starttls
            yield Phase.EHLO, session.ehlo
        yield Phase.AUTH, self.authenticate
        addresses = [self.sender, *self.recipients]
        international = not all(address.isascii() for address in addresses)
        yield Phase.MAIL, lambda: session.mail(self.sender, international=international)
        for address in self.recipients:
            yield Phase.RCPT, lambda address=address: session.rcpt(address)
        if self.message is not None:
            yield Phase.DATA, self.send_message
        else:
            yield Phase.RESET, session.rset
        yield Phase.QUIT, self.goodbye

    async def authenticate(self) -> str | None:
        """Log in, unless the account has no login (then the step is skipped)."""
        authenticator = self.request.authenticator
        if authenticator is None:
            self.transcript.note("no login configured: AUTH skipped")
            return None
        if not self.account.secure and self.session.offers("starttls"):
            self.transcript.note("server offers STARTTLS, but Secure Connection is off")
        self.session.require_safe_auth(
            secure=self.account.secure, allow_plaintext=self.request.allow_plaintext
        )
        return await self.session.authenticate(authenticator)

    async def send_message(self) -> str:
        """DATA with the test message."""
        assert self.message is not None
        return await self.session.data(
            self.message.as_bytes(), str(self.message["Message-ID"])
        )

    async def goodbye(self) -> str:
        """QUIT; after the work is done, a server that hangs up is harmless."""
        try:
            return await self.session.quit()
        except SMTPResponseException as exc:
            return f"{exc.code} {exc.message}"
        except (ConnectionError, TimeoutError) as exc:
            self.transcript.note(f"no goodbye from the server ({clean(str(exc))})")
            return "closed by the server without a goodbye"

    async def quit_after_failure(self) -> None:
        """Say goodbye politely after a refusal, without letting it matter."""
        if not self.session.connected:
            return
        try:
            async with asyncio.timeout(GOODBYE_TIMEOUT):
                await self.session.quit()
        except (SMTPException, OSError) as exc:
            self.transcript.note(f"goodbye failed: {clean(str(exc)) or 'no reply'}")

    def failure(self, exc: BaseException, phase: Phase) -> Failure:
        """The failure for an exception, with any credential form hidden."""
        found = failure_from(exc, phase)
        text = self.transcript.redact(found.text)
        self.transcript.note(f"failed at {phase.value}: {found.kind.value}: {text}")
        return Failure(found.phase, found.kind, found.code, text)

    def save_transcript(self) -> str | None:
        """Save the transcript; a folder that cannot be written is noted, not fatal."""
        folder = self.request.transcript_dir
        if folder is None:
            from a5wizard.paths import transcript_dir

            folder = transcript_dir()
        try:
            return str(self.transcript.save(folder))
        except OSError as exc:
            self.transcript.note(f"transcript not saved: {exc.strerror or exc}")
            return None


async def run_check(request: CheckRequest) -> AsyncIterator[CheckStep | CheckResult]:
    """Run a check, yielding each step as it starts and ends, then the result.

    Network and server problems end in a failed result, never an exception.
    A header value with a line break raises ValueError before anything is sent.
    Cancelling closes the connection and propagates.
    """
    check = _Check(request)
    account = request.account
    result = CheckResult(
        ok=False,
        account_key=request.account_key,
        mode=request.mode,
        server=account.server,
        port=account.port,
        security=account.security_label(),
        recipient=request.recipient,
    )
    started = time.perf_counter()
    try:
        for phase, action in check.plan():
            running = CheckStep(phase, Outcome.RUNNING)
            yield running
            step_started = time.perf_counter()
            try:
                detail = await action()
                _raise_if_cancelled()
            except Exception as exc:
                result.failure = check.failure(exc, phase)
                outcome, detail = Outcome.FAILED, result.failure.reply_line()
            else:
                outcome = Outcome.SKIPPED if detail is None else Outcome.OK
            step = CheckStep(
                phase,
                outcome,
                check.transcript.safe(detail or ""),
                time.perf_counter() - step_started,
            )
            result.steps.append(step)
            yield step
            if result.failure is not None:
                break
        if result.failure is not None:
            await check.quit_after_failure()
            result.diagnosis = diagnose(
                result.failure, provider=account.provider, account=account
            )
        else:
            result.ok = True
            if check.message is not None:
                result.message_id = str(check.message["Message-ID"])
    except BaseException as stop:
        cancelled = isinstance(stop, asyncio.CancelledError)
        check.transcript.note("check cancelled" if cancelled else "check stopped")
        check.session.close()
        check.save_transcript()
        raise
    finally:
        check.session.close()
    result.elapsed = time.perf_counter() - started
    result.transcript_path = check.save_transcript()
    yield result


def _raise_if_cancelled() -> None:
    """Honour a cancellation that a library's wait_for swallowed (Python 3.11)."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError()


async def check_account(
    request: CheckRequest, on_step: Callable[[CheckStep], None] | None = None
) -> CheckResult:
    """Run a check to its verdict, passing each step to on_step as it happens."""
    async for update in run_check(request):
        if isinstance(update, CheckResult):
            return update
        if on_step is not None:
            on_step(update)
    raise RuntimeError("a check ended without a result")


async def check_many(
    requests: Iterable[CheckRequest], per_server: int = 3
) -> list[CheckResult]:
    """Check accounts concurrently, at most per_server at once per server host.

    Microsoft 365 allows 3 concurrent connections per mailbox.
    """
    pending = list(requests)
    limits: dict[str, asyncio.Semaphore] = {}
    for request in pending:
        host = request.account.server.strip().lower()
        limits.setdefault(host, asyncio.Semaphore(per_server))

    async def limited(request: CheckRequest) -> CheckResult:
        async with limits[request.account.server.strip().lower()]:
            return await check_account(request)

    return list(await asyncio.gather(*(limited(r) for r in pending)))
