"""The wizard on its sandbox: a whole journey to a message seen in the mailbox,
failure playback leading to its diagnosis, and the report for support saved
from the failure view without the password in it."""

from __future__ import annotations

import base64
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from a5wizard.accounts import save_account
from a5wizard.check.diagnoses import CATALOGUE
from a5wizard.draft import Draft
from a5wizard.model import GlobalAccount
from a5wizard.sandbox import SCENARIOS, Sandbox, get_scenario
from a5wizard.secret import Secret
from screens.account import AccountScreen
from screens.checklist import ChecklistScreen
from screens.home import HomeScreen
from screens.mailbox import MailboxScreen
from screens.playback import PlaybackScreen
from screens.provider import ProviderScreen
from screens.review import ReviewScreen
from screens.sandbox_view import SANDBOX_CHOICE
from screens.saved import SavedScreen
from screens.scope import ScopeScreen
from screens.test_send import TestSendScreen
from tests.conftest import CANARY
from tests.fixtures_app import (
    BCC,
    SANDBOX_PASSWORD,
    SIZE,
    send_direct,
    settle,
    type_into,
    wait_until,
)


def mark_of(pilot: Pilot) -> str:
    """The mode mark in the header of the screen in front."""
    return str(pilot.app.screen.query_one("#mark", Static).content)


def text_of(pilot: Pilot, selector: str) -> str:
    """The text of a Static on the screen in front."""
    return str(pilot.app.screen.query_one(selector, Static).content)


def sandbox_draft(sandbox: Sandbox) -> Draft:
    """The global account as the Sandbox choice fills it, password typed."""
    draft = Draft()
    draft.choose_scope("global")
    draft.choose_provider("other", choice=SANDBOX_CHOICE, fill=sandbox.prefill)
    draft.set_text("password", SANDBOX_PASSWORD)
    draft.checklist_skipped = True
    draft.store_kind = "keyring"
    return draft


async def test_sandbox_journey_to_the_mailbox(
    make_app, sandbox, isolated_env, memory_keyring
):
    app = make_app(sandbox=sandbox)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ScopeScreen)
        assert mark_of(pilot) == "SANDBOX"
        panel = text_of(pilot, "#sandbox-panel")
        assert SANDBOX_PASSWORD in panel and f"port {sandbox.port}" in panel
        await pilot.press("enter")

        assert isinstance(app.screen, ProviderScreen)
        assert mark_of(pilot) == "SANDBOX"
        await pilot.press("enter")
        assert app.draft.account.server == sandbox.host
        assert app.draft.account.port == sandbox.port
        assert app.draft.account.username == sandbox.username

        assert isinstance(app.screen, ChecklistScreen)
        app.screen.query_one("#skip").focus()
        await pilot.press("space")
        await pilot.click("#next")
        await pilot.pause()

        assert isinstance(app.screen, AccountScreen)
        assert app.focused is app.screen.query_one("#password")
        await type_into(pilot, "password", SANDBOX_PASSWORD)
        await type_into(pilot, "bcc", BCC)
        await pilot.click("#next")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "memory" in text_of(pilot, "#store")
        await pilot.click("#next")
        await settle(pilot)

        assert isinstance(app.screen, TestSendScreen)
        await pilot.click("#run")
        await settle(pilot)
        assert app.draft.last_result is not None and app.draft.last_result.ok
        assert "F3" in text_of(pilot, "#verdict")

        await pilot.press("f3")
        await wait_until(pilot, lambda: len(sandbox.messages()) == 1)
        await settle(pilot)
        assert isinstance(app.screen, MailboxScreen)
        assert mark_of(pilot) == "SANDBOX"
        listed = app.screen.query_one("#messages", OptionList)
        assert listed.option_count == 1
        entry = str(listed.get_option_at_index(0).prompt)
        assert f"{BCC} (hidden copy)" in entry
        shown = text_of(pilot, "#message-text")
        assert f"Hidden copy: {BCC}" in shown
        headers = shown.split("Headers")[1].split("Body")[0]
        assert BCC not in headers and sandbox.username in headers
        assert SANDBOX_PASSWORD not in shown

        await pilot.press("escape")
        assert isinstance(app.screen, TestSendScreen)
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, SavedScreen)
        assert "in memory" in text_of(pilot, "#saved")

    [message] = sandbox.messages()
    assert message.rcpt_tos == (sandbox.username, BCC)
    stored = sandbox.store.get("global")
    assert stored is not None and stored.reveal() == SANDBOX_PASSWORD
    assert sandbox.username in sandbox.config.read_text()
    assert memory_keyring.entries == {}
    config_home = isolated_env / ".config"
    assert not [p for p in config_home.rglob("*") if p.is_file()]


async def test_mailbox_refreshes_when_a_message_arrives(make_app, sandbox):
    app = make_app(sandbox=sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        assert isinstance(app.screen, MailboxScreen)
        assert "No message yet" in text_of(pilot, "#mailbox-summary")
        await send_direct(sandbox, "Opening on Friday")
        listed = app.screen.query_one("#messages", OptionList)
        await wait_until(pilot, lambda: listed.option_count == 1)
        assert "Opening on Friday" in str(listed.get_option_at_index(0).prompt)
        assert "1 message received" in text_of(pilot, "#mailbox-summary")
        await pilot.press("f3")
        assert isinstance(app.screen, ScopeScreen)


async def test_failure_playback_shows_the_diagnosis(make_app, sandbox):
    scenario = get_scenario("m365-smtp-auth-disabled")
    app = make_app(sandbox=sandbox)
    async with app.run_test(size=SIZE) as pilot:
        app.start(sandbox_draft(sandbox), "test")
        await settle(pilot)
        await pilot.press("f4")
        assert isinstance(app.screen, PlaybackScreen)
        row = 1 + SCENARIOS.index(scenario)
        await pilot.press(*["down"] * row, "enter")
        await pilot.pause()
        assert isinstance(app.screen, TestSendScreen)
        assert sandbox.scenario is scenario
        assert mark_of(pilot) == f"SANDBOX · playing: {scenario.title}"

        await pilot.click("#run")
        await settle(pilot)
        result = app.draft.last_result
        assert result is not None and not result.ok
        assert result.diagnosis is not None
        assert result.diagnosis.key == "m365_smtp_auth_disabled"
        assert CATALOGUE["m365_smtp_auth_disabled"].title in text_of(pilot, "#verdict")

        await pilot.press("f4")
        assert isinstance(app.screen, PlaybackScreen)
        await pilot.press("home", "enter")
        await pilot.pause()
        assert sandbox.scenario is None
        assert mark_of(pilot) == "SANDBOX"
        await pilot.click("#run")
        await settle(pilot)
        assert app.draft.last_result is not None and app.draft.last_result.ok


def secret_forms(secret: str) -> list[str]:
    """The secret and the base64 an AUTH PLAIN or LOGIN would carry."""
    plain_auth = f"\0office@galerie.example\0{secret}".encode()
    return [
        secret,
        base64.b64encode(secret.encode()).decode(),
        base64.b64encode(plain_auth).decode(),
    ]


async def test_report_for_support_holds_no_password(
    make_app, make_server, config_path, isolated_env
):
    server = make_server(username="office@galerie.example", password="Right-pass-1")
    account = GlobalAccount(
        server=server.host,
        port=server.port,
        username="office@galerie.example",
        reply_to="office@galerie.example",
        cafile=str(server.ca_file),
    )
    save_account(config_path, "global", account, Secret(CANARY))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query("#sandbox-panel")
        await pilot.click("#test")
        await settle(pilot)
        assert isinstance(app.screen, TestSendScreen)
        report = app.screen.query_one("#report")
        assert not report.display
        await pilot.click("#run")
        await settle(pilot)
        assert app.draft.last_result is not None and not app.draft.last_result.ok
        assert report.display
        await pilot.click("#report")
        await settle(pilot)
        note = text_of(pilot, "#report-note")
    assert server.auth_attempts and not server.auth_attempts[-1].success
    assert "Report for support saved: ~/" in note
    shown = note.split("saved: ")[1].split("\n")[0]
    path = Path(shown.replace("~", str(isolated_env), 1))
    text = path.read_text()
    assert "a5wizard support report" in text
    assert "office@galerie.example" in text
    assert "AUTH" in text  # the failed check's transcript is in it
    for form in secret_forms(CANARY):
        assert form not in text
