"""Live checks against real local mail servers: implicit TLS, STARTTLS and
plain loopback, the message as received, no-send mode, concurrency, cancelling."""

from __future__ import annotations

import asyncio
import stat
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from a5wizard.check import (
    CheckRequest,
    CheckResult,
    CheckStep,
    Outcome,
    PasswordAuth,
    Phase,
    check_account,
    check_many,
    run_check,
)
from a5wizard.mailserver import LocalMailServer, SilentServer
from a5wizard.model import GlobalAccount, UserAccount
from a5wizard.secret import Secret
from tests.fixtures_mail import MakeServer

RECIPIENT = "owner@example.com"
BCC = "archive@example.com"


def account_for(
    server: LocalMailServer | SilentServer, /, **changes: Any
) -> GlobalAccount:
    """A global account pointing at a local server, trusting its CA."""
    behaviour = getattr(server, "behaviour", None)
    tls = behaviour.tls if behaviour is not None else "starttls"
    account = GlobalAccount(
        server=server.host,
        port=server.port,
        secure=tls != "none",
        tls="ssl" if tls == "ssl" else "starttls",
        cafile=str(server.ca_file) if behaviour is not None else None,
        username=behaviour.username if behaviour is not None else "a@example.com",
        reply_to="office@galerie.example",
        bcc=BCC,
        from_name="Galerie Test",
        street="Hauptstraße 1",
        city="Wien",
        country="Austria",
    )
    return replace(account, **changes)


def request_for(
    server: LocalMailServer | SilentServer,
    tmp_path: Path,
    *,
    password: str | None = None,
    account: GlobalAccount | None = None,
    **options: Any,
) -> CheckRequest:
    """A check request for a local server with short timeouts."""
    account = account or account_for(server)
    behaviour = getattr(server, "behaviour", None)
    if password is None and behaviour is not None:
        password = behaviour.password
    options.setdefault("connect_timeout", 2.0)
    options.setdefault("reply_timeout", 2.0)
    return CheckRequest(
        account_key="global",
        account=account,
        authenticator=PasswordAuth(account.username, Secret(password or "x")),
        recipient=RECIPIENT,
        global_account=account,
        transcript_dir=tmp_path / "transcripts",
        **options,
    )


async def collect(request: CheckRequest) -> tuple[list[CheckStep], CheckResult]:
    """Every update of a check, then its result."""
    steps: list[CheckStep] = []
    async for update in run_check(request):
        if isinstance(update, CheckResult):
            return steps, update
        steps.append(update)
    raise AssertionError("no result")


def phases(result: CheckResult) -> list[Phase]:
    """The phases of the finished steps."""
    return [step.phase for step in result.steps]


@pytest.mark.parametrize(
    "tls, expected",
    [
        ("starttls", [Phase.CONNECT, Phase.EHLO, Phase.STARTTLS, Phase.EHLO]),
        ("ssl", [Phase.CONNECT, Phase.TLS, Phase.EHLO]),
        ("none", [Phase.CONNECT, Phase.EHLO]),
    ],
)
async def test_send_check_delivers_the_test_message(
    make_server: MakeServer, tmp_path: Path, tls: str, expected: list[Phase]
) -> None:
    server = make_server(tls=tls)

    result = await check_account(request_for(server, tmp_path))

    assert result.ok, result.failure
    assert phases(result) == [
        Phase.RESOLVE,
        *expected,
        Phase.AUTH,
        Phase.MAIL,
        Phase.RCPT,
        Phase.RCPT,
        Phase.DATA,
        Phase.QUIT,
    ]
    assert all(step.outcome is Outcome.OK for step in result.steps)
    assert [a.success for a in server.auth_attempts] == [True]
    (received,) = server.received
    assert received.rcpt_tos == [RECIPIENT, BCC]
    assert received.mail_from == server.behaviour.username
    message = received.message
    assert message["Message-ID"] == result.message_id
    assert message["Subject"].startswith("Artsystem5 test message [")
    assert message["Reply-To"] == "office@galerie.example"
    assert message["To"] == RECIPIENT
    assert "Bcc" not in message
    body = message.get_content()
    assert f"Port:     {server.port}" in body
    assert "Hauptstraße 1" in body


async def test_steps_are_reported_running_then_finished_with_replies(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls")

    steps, result = await collect(request_for(server, tmp_path))

    assert len(steps) == 2 * len(result.steps)
    for running, finished in zip(steps[::2], steps[1::2], strict=True):
        assert running.outcome is Outcome.RUNNING
        assert finished.phase is running.phase
        assert finished.outcome is Outcome.OK
        assert finished.elapsed >= 0
    by_phase = {step.phase: step for step in result.steps}
    assert by_phase[Phase.CONNECT].detail.startswith("220 ")
    assert by_phase[Phase.AUTH].detail.startswith("235")
    assert by_phase[Phase.STARTTLS].detail.startswith("TLS established: TLSv1.")
    assert result.elapsed >= sum(step.elapsed for step in result.steps)


async def test_transcript_file_is_saved_owner_only(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls")

    result = await check_account(request_for(server, tmp_path))

    assert result.transcript_path is not None
    path = Path(result.transcript_path)
    assert path.parent == tmp_path / "transcripts"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    for expected in (
        "C: STARTTLS",
        "-- TLS established",
        "C: AUTH PLAIN <hidden>",
        "C: DATA",
        "S: 250 2.0.0",
        "C: QUIT",
        "S: 221",
    ):
        assert expected in text
    assert "global" in path.name


async def test_transcript_goes_to_the_log_folder_by_default(
    make_server: MakeServer, tmp_path: Path
) -> None:
    from a5wizard.paths import transcript_dir

    server = make_server(tls="starttls")
    request = replace(request_for(server, tmp_path), transcript_dir=None)

    result = await check_account(request)

    assert Path(result.transcript_path).parent == transcript_dir()


async def test_no_send_logs_in_resets_and_delivers_nothing(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="ssl")

    result = await check_account(request_for(server, tmp_path, mode="no-send"))

    assert result.ok, result.failure
    assert phases(result)[-4:] == [Phase.RCPT, Phase.RCPT, Phase.RESET, Phase.QUIT]
    assert server.received == []
    assert "DATA" not in server.commands
    assert server.commands[-2:] == ["RSET", "QUIT"]
    assert result.message_id is None


async def test_a_user_account_without_login_skips_auth(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls", offer_auth=False)
    user = UserAccount(
        server=server.host,
        port=server.port,
        cafile=str(server.ca_file),
        username="alice@galerie.example",
        reply_to="alice@galerie.example",
    )
    request = CheckRequest(
        account_key="alice",
        account=user,
        authenticator=None,
        recipient="alice@galerie.example",
        transcript_dir=tmp_path,
        connect_timeout=2.0,
        reply_timeout=2.0,
    )

    result = await check_account(request)

    assert result.ok, result.failure
    auth = next(step for step in result.steps if step.phase is Phase.AUTH)
    assert auth.outcome is Outcome.SKIPPED
    assert server.auth_attempts == []
    assert "user alice" in server.received[0].message.get_content()


async def test_on_step_sees_every_update(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls")
    seen: list[CheckStep] = []

    result = await check_account(request_for(server, tmp_path), on_step=seen.append)

    assert len(seen) == 2 * len(result.steps)
    assert seen[-1].phase is Phase.QUIT


async def test_check_many_runs_all_and_limits_connections_per_server(
    silent_server: SilentServer, make_server: MakeServer, tmp_path: Path
) -> None:
    good = make_server(tls="starttls")
    silent = [
        request_for(silent_server, tmp_path, connect_timeout=0.3) for _ in range(4)
    ]
    requests = [request_for(good, tmp_path), *silent]

    started = time.perf_counter()
    results = await check_many(requests, per_server=2)
    elapsed = time.perf_counter() - started

    assert [r.ok for r in results] == [True, False, False, False, False]
    assert {r.diagnosis.key for r in results[1:]} == {"no_greeting"}
    assert silent_server.accepted == 4
    # Four silent checks, two at a time: two rounds of the 0.3 s timeout.
    assert 0.6 <= elapsed < 3.0


async def test_cancelling_a_check_closes_the_connection_and_propagates(
    silent_server: SilentServer, tmp_path: Path
) -> None:
    request = request_for(silent_server, tmp_path, connect_timeout=30.0)
    connecting = asyncio.Event()

    def on_step(step: CheckStep) -> None:
        if step.phase is Phase.CONNECT:
            connecting.set()

    task = asyncio.create_task(check_account(request, on_step=on_step))
    await asyncio.wait_for(connecting.wait(), 5)
    await wait_until(lambda: silent_server.open_connections == 1)
    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)
    await wait_until(lambda: silent_server.open_connections == 0)
    (saved,) = (tmp_path / "transcripts").iterdir()
    assert "check cancelled" in saved.read_text()


async def wait_until(condition: Any, limit: float = 5.0) -> None:
    """Yield to the event loop until a condition holds (another thread sets it)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.005)
