"""The canary password never leaves the check: not in steps, results, their
JSON, transcript files or exception text, in clear or in any base64 form."""

from __future__ import annotations

import asyncio
import base64
import json
from dataclasses import asdict
from pathlib import Path

import aiosmtplib
import pytest

from a5wizard.check import CheckResult, CheckStep, Phase, check_account, run_check
from a5wizard.check.auth import PasswordAuth
from a5wizard.check.transcript import Transcript
from a5wizard.mailserver import SilentServer
from a5wizard.secret import Secret
from tests.conftest import CANARY
from tests.fixtures_mail import MakeServer
from tests.test_check_send import request_for


def b64(raw: str) -> str:
    """Base64 of text, as AUTH would send it."""
    return base64.b64encode(raw.encode()).decode()


def leaked_forms(username: str) -> list[str]:
    """The canary in clear and in its LOGIN and PLAIN encodings."""
    return [
        CANARY,
        b64(CANARY),
        b64(f"\0{username}\0{CANARY}"),
        b64(f"{username}\0{username}\0{CANARY}"),
    ]


def assert_clean(text: str, username: str) -> None:
    """No form of the canary appears in the text."""
    for form in leaked_forms(username):
        assert form not in text


async def run_collecting(request: object) -> tuple[list[CheckStep], CheckResult]:
    """Steps and result of a check."""
    steps: list[CheckStep] = []
    async for update in run_check(request):  # type: ignore[arg-type]
        if isinstance(update, CheckResult):
            return steps, update
        steps.append(update)
    raise AssertionError("no result")


def everything_visible(steps: list[CheckStep], result: CheckResult) -> str:
    """Steps, result, its JSON and its transcript file as one text."""
    parts = [repr(steps), repr(result), json.dumps(asdict(result), default=str)]
    if result.transcript_path:
        parts.append(Path(result.transcript_path).read_text())
    return "\n".join(parts)


@pytest.mark.parametrize("tls", ["starttls", "ssl", "none"])
async def test_a_successful_check_never_shows_the_password(
    make_server: MakeServer, tmp_path: Path, tls: str
) -> None:
    server = make_server(tls=tls, password=CANARY)
    request = request_for(server, tmp_path, password=CANARY)

    steps, result = await run_collecting(request)

    assert result.ok, result.failure
    assert "AUTH PLAIN <hidden>" in Path(result.transcript_path).read_text()
    assert_clean(everything_visible(steps, result), server.behaviour.username)
    assert_clean(repr(request), server.behaviour.username)


async def test_a_refused_login_never_shows_the_password(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls", password="something-else")
    request = request_for(server, tmp_path, password=CANARY)

    steps, result = await run_collecting(request)

    assert result.failure is not None and result.failure.phase is Phase.AUTH
    assert_clean(everything_visible(steps, result), server.behaviour.username)


async def test_a_server_echoing_the_password_is_redacted(
    make_server: MakeServer, tmp_path: Path
) -> None:
    username = "sandbox@a5wizard.test"
    plain = b64("\0" + username + "\0" + CANARY)
    echo = f"535 5.7.8 Bad {CANARY} {plain}"
    server = make_server(tls="starttls", replies={"auth": echo})
    request = request_for(server, tmp_path, password=CANARY)

    steps, result = await run_collecting(request)

    visible = everything_visible(steps, result)
    assert_clean(visible, username)
    assert "<hidden>" in result.failure.text
    assert_clean(result.diagnosis.explanation, username)


async def test_auth_login_is_hidden_as_well(make_server: MakeServer) -> None:
    server = make_server(tls="none", password=CANARY)
    transcript = Transcript("global", "login")
    smtp = aiosmtplib.SMTP(
        hostname=server.host, port=server.port, start_tls=False, timeout=2
    )
    async with smtp:
        await smtp.ehlo()
        smtp.server_auth_methods = ["login"]  # as a server offering only LOGIN
        auth = PasswordAuth(server.behaviour.username, Secret(CANARY))
        response = await auth.authenticate(smtp, transcript)

    assert response.code == 235
    assert [(a.mechanism, a.success) for a in server.auth_attempts] == [("LOGIN", True)]
    text = transcript.text()
    assert "AUTH LOGIN <hidden>" in text
    assert_clean(text + repr(auth), server.behaviour.username)


async def test_a_cancelled_check_leaks_nothing(
    silent_server: SilentServer, tmp_path: Path
) -> None:
    request = request_for(silent_server, tmp_path, password=CANARY, connect_timeout=30)
    started = asyncio.Event()

    def on_step(step: CheckStep) -> None:
        if step.phase is Phase.CONNECT:
            started.set()

    task = asyncio.create_task(check_account(request, on_step=on_step))
    await asyncio.wait_for(started.wait(), 5)
    task.cancel()

    with pytest.raises(asyncio.CancelledError) as raised:
        await asyncio.wait_for(task, 5)
    assert_clean(repr(raised.value) + str(raised.value), "a@example.com")
    for saved in (tmp_path / "transcripts").iterdir():
        assert_clean(saved.read_text(), "a@example.com")


async def test_bad_input_error_text_never_shows_the_password(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server = make_server(tls="starttls", password=CANARY)
    request = request_for(server, tmp_path, password=CANARY)
    request.recipient = "owner@example.com\r\nBcc: x@example.com"

    with pytest.raises(ValueError) as raised:
        await run_collecting(request)

    assert_clean(str(raised.value) + repr(raised.value), server.behaviour.username)
    assert server.auth_attempts == []


async def test_a_password_that_is_not_utf8_stops_before_auth(
    make_server: MakeServer, tmp_path: Path
) -> None:
    # A secrets file edited by hand can hold "\udcff" (an undecodable byte).
    server = make_server(tls="starttls")
    request = request_for(server, tmp_path, password=CANARY + "\udcff")

    steps, result = await run_collecting(request)

    assert result.failure is not None and result.failure.phase is Phase.AUTH
    assert "not valid UTF-8" in result.failure.text
    assert server.auth_attempts == []
    assert_clean(everything_visible(steps, result), server.behaviour.username)
