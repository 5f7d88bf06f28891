"""Fixtures and helpers for driving the wizard in tests: an app factory with its
config in the test's home (or on a sandbox), a fixed clock and steady cursors."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aiosmtplib
import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from a5wizard.draft import Draft
from a5wizard.sandbox import Sandbox
from screens.app import WizardApp

FIXED_NOW = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
"""The wizard's clock in tests: last checks are stamped with this time."""

SIZE = (80, 24)

BCC = "archive@sandbox.a5wizard.test"
RECIPIENT = "someone@galerie.example"

WAIT_LIMIT = 10.0
"""Seconds wait_until allows before the test fails."""

SANDBOX_PASSWORD = "test-pass-word-sbx7"
"""The sandbox's password in tests (it is random in real runs)."""

MakeApp = Callable[..., WizardApp]


@pytest.fixture
def config_path(isolated_env: Path) -> Path:
    """Where the wizard's config lives in a test: the default place in the test home."""
    return isolated_env / ".config" / "a5wizard" / "config.yaml"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A running sandbox with a known password and the fixed clock."""
    with Sandbox(password=SANDBOX_PASSWORD, clock=lambda: FIXED_NOW) as practice:
        yield practice


@pytest.fixture
def make_app(config_path: Path) -> MakeApp:
    """Factory: make_app(config=None, sandbox=None) -> a WizardApp for tests; on
    a sandbox, the app uses the sandbox's config."""

    def make(config: Path | None = None, sandbox: Sandbox | None = None) -> WizardApp:
        if config is None:
            config = sandbox.config if sandbox is not None else config_path
        return WizardApp(
            config,
            sandbox=sandbox,
            clock=lambda: FIXED_NOW,
            cursor_blink=False,
        )

    return make


async def settle(pilot: Pilot) -> None:
    """Let every worker finish and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    for screen in pilot.app.screen_stack:
        await screen.workers.wait_for_complete()
    await pilot.pause()


async def type_into(pilot: Pilot, field_id: str, text: str) -> None:
    """Focus a field, clear it with keys, and paste text into it (as a terminal
    delivers a paste: one event), which is much faster than key by key."""
    field = pilot.app.screen.query_one(f"#{field_id}", Input)
    field.focus()
    await pilot.pause()
    field.action_select_all()
    await pilot.press("backspace")
    if text:
        field.post_message(events.Paste(text))
    await pilot.pause()


async def wait_until(pilot: Pilot, condition: Callable[[], bool]) -> None:
    """Let the app run until condition holds (a message from another thread)."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + WAIT_LIMIT
    while not condition():
        assert loop.time() < give_up, "the condition never came true"
        await pilot.pause()


async def send_direct(sandbox: Sandbox, subject: str) -> None:
    """Send a message to the sandbox as any mail program would, BCC included."""
    message = EmailMessage()
    message["From"] = sandbox.username
    message["To"] = RECIPIENT
    message["Subject"] = subject
    message["Date"] = "Sat, 14 Mar 2026 09:30:00 +0000"
    message["Message-ID"] = "<snapshot-1@sandbox.a5wizard.test>"
    message.set_content("Hello from the gallery.\nSecond line of the body.\n")
    trust = ssl.create_default_context(cafile=str(sandbox.ca_file))
    await aiosmtplib.send(
        message,
        hostname=sandbox.host,
        port=sandbox.port,
        username=sandbox.username,
        password=sandbox.password,
        start_tls=True,
        tls_context=trust,
        recipients=[RECIPIENT, BCC],
        timeout=5,
    )


def draft_for(server: Any, *, provider: str = "other", password: str = "pw") -> Draft:
    """A global draft pointing at a local server, as if typed in."""
    draft = Draft()
    draft.choose_scope("global")
    draft.choose_provider(provider)
    for name, value in {
        "server": server.host,
        "port": str(server.port),
        "username": "gallery",
        "reply_to": "gallery@galerie.example",
        "cafile": str(getattr(server, "ca_file", "")),
        "password": password,
    }.items():
        draft.set_text(name, value)
    draft.checklist_skipped = True
    return draft
