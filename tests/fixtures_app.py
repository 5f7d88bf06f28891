"""Fixtures and helpers for driving the wizard in tests: an app factory with its
config in the test's home, a fixed clock and steady cursors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from screens.app import WizardApp

FIXED_NOW = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
"""The wizard's clock in tests: last checks are stamped with this time."""

SIZE = (80, 24)

MakeApp = Callable[..., WizardApp]


@pytest.fixture
def config_path(isolated_env: Path) -> Path:
    """Where the wizard's config lives in a test: the default place in the test home."""
    return isolated_env / ".config" / "a5wizard" / "config.yaml"


@pytest.fixture
def make_app(config_path: Path) -> MakeApp:
    """Factory: make_app(config=None, sandbox=False) -> a WizardApp for tests."""

    def make(config: Path | None = None, sandbox: bool = False) -> WizardApp:
        return WizardApp(
            config or config_path,
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
