"""How the wizard behaves between and within steps: going back keeps entries,
quitting writes nothing, help, validation, the checklist rule and the
password store choice."""

from __future__ import annotations

import subprocess
import sys

import yaml
from textual.widgets import Input

from a5wizard.accounts import save_account
from a5wizard.model import GlobalAccount, UserAccount
from a5wizard.secret import Secret
from a5wizard.secret_store import keyring_service
from screens.account import AccountScreen
from screens.app import STEP_SCREENS, WizardApp, step_screen
from screens.checklist import ChecklistScreen
from screens.confirm import ConfirmScreen
from screens.help import HelpScreen
from screens.provider import ProviderScreen
from screens.review import ReviewScreen
from screens.test_send import TestSendScreen
from tests.cli_runner import REPO_ROOT
from tests.conftest import CANARY
from tests.fixtures_app import SIZE, draft_for, settle, type_into


async def test_back_keeps_every_entry(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        for _ in app.draft.checklist_items():
            await pilot.press("space", "tab")
        await pilot.click("#next")
        await pilot.pause()
        await type_into(pilot, "username", "gallery@gmail.com")
        await type_into(pilot, "password", "abcdefghijklmnop")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProviderScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert app.draft.checklist_done
        await pilot.click("#next")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.query_one("#username", Input).value == "gallery@gmail.com"
        assert app.screen.query_one("#password", Input).value == "abcdefghijklmnop"
        assert app.screen.query_one("#password", Input).password


async def test_quit_midway_leaves_config_unchanged(
    make_app, config_path, memory_keyring
):
    account = UserAccount(
        server="mail.galerie.example", username="eva", reply_to="eva@galerie.example"
    )
    save_account(config_path, "eva", account, Secret(CANARY))
    before = config_path.read_bytes()
    keyring_before = dict(memory_keyring.entries)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        await type_into(pilot, "server", "smtp.other.example")
        await type_into(pilot, "password", "new-password")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
    assert app.return_value == 0
    assert config_path.read_bytes() == before
    assert memory_keyring.entries == keyring_before


async def test_quit_without_changes_asks_nothing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == 0
    assert not app.config.exists()


async def test_f1_shows_help_for_the_current_step(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text Static").content)
        assert text.startswith("Provider:")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProviderScreen)


def test_no_binding_that_tmux_or_screen_takes():
    keys: list[str] = [b.key for b in WizardApp.BINDINGS]  # type: ignore[union-attr]
    for module, name in STEP_SCREENS.values():
        screen = getattr(__import__(module, fromlist=[name]), name)
        keys += [b.key for b in screen.BINDINGS]  # type: ignore[union-attr]
    assert "escape" in keys and "f1" in keys
    assert not {"ctrl+b", "ctrl+a"} & set(keys)


async def test_checklist_needs_ticks_or_an_explicit_skip(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        await pilot.click("#next")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert "Tick every item" in str(app.screen.query_one("#status").content)
        first = app.draft.checklist_items()[0].id
        assert app.focused is app.screen.query_one(f"#item-{first}")
        app.screen.query_one("#skip").focus()
        await pilot.press("space")
        await pilot.pause()
        warning = app.screen.query_one("#skip-message")
        assert "not recommended" in str(warning.content)
        await pilot.click("#next")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)


async def test_account_checks_fields_as_they_are_typed(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.draft.choose_scope("global")
        app.draft.choose_provider("gmail")
        app.go_to("account")
        await pilot.pause()
        screen = app.screen
        await type_into(pilot, "port", "58x")
        port_message = screen.query_one("#port-message")
        assert "whole number" in str(port_message.content)
        assert port_message.has_class("-error")
        await type_into(pilot, "username", "gallery@gmail.com")
        await type_into(pilot, "password", "secret-123")
        password_message = screen.query_one("#password-message")
        assert password_message.has_class("-warning")
        await pilot.click("#next")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert "to correct" in str(screen.query_one("#status").content)
        await type_into(pilot, "port", "587")
        assert not port_message.has_class("-error")
        await type_into(pilot, "reply_to", "gallery@gmail.com")
        await pilot.press("ctrl+r")
        assert not screen.query_one("#password", Input).password
        await pilot.click("#next")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        values = str(app.screen.query_one("#values").content)
        assert "secret-123" not in values and "••••••••" in values


async def test_without_a_keyring_the_file_is_offered(
    make_app, make_server, config_path, no_keyring
):
    server = make_server(username="gallery", password="pw")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.draft = draft_for(server)
        app.go_to("review")
        await settle(pilot)
        screen = app.screen
        assert "owner-only file" in str(screen.query_one("#store").content)
        assert "Risk:" in str(screen.query_one("#store").content)
        await pilot.click("#next")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        screen.query_one("#use-file").focus()
        await pilot.press("space")
        await pilot.click("#next")
        await pilot.pause()
        assert isinstance(app.screen, TestSendScreen), (
            app.draft.store_kind,
            str(screen.query_one("#status").content),
        )
        await pilot.click("#no-send")
        await pilot.click("#run")
        await settle(pilot)
        await pilot.click("#save")
        await settle(pilot)
    saved = yaml.safe_load(config_path.read_text())
    assert saved["secret_store"] == "file"
    secrets_file = config_path.with_name("config.secrets.yaml")
    assert secrets_file.stat().st_mode & 0o077 == 0


def test_every_step_has_help_and_a_screen():
    for step in STEP_SCREENS:
        screen = step_screen(step)
        assert step == screen.STEP and len(screen.HELP) > 80


async def test_saved_global_names_users_it_does_not_affect(
    make_app, make_server, config_path, memory_keyring
):
    server = make_server(username="gallery", password="pw")
    save_account(
        config_path,
        "fred",
        UserAccount(
            server="mail.galerie.example",
            username="fred",
            reply_to="fred@galerie.example",
        ),
        Secret("pw"),
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.draft = draft_for(server, password=CANARY)
        app.draft.store_kind = "keyring"
        app.go_to("saved")
        await settle(pilot)
        for part in ("#saved", "#affects", "#form", "#status"):
            assert CANARY not in str(app.screen.query_one(part).render())
        affects = str(app.screen.query_one("#affects").content)
        assert "every user without an account of their own" in affects
        assert "fred" in affects
    assert isinstance(app.settings.global_account, GlobalAccount)
    service = keyring_service(config_path)
    assert memory_keyring.get_password(service, "global") == CANARY


def test_loading_the_wizard_leaves_the_draft_and_last_checks_for_later() -> None:
    """The first screen comes up without the draft's providers and checks."""
    code = (
        "import sys, screens.app; "
        "print(sorted(m for m in sys.modules if m.startswith('a5wizard')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    ).stdout
    for module in ("a5wizard.draft", "a5wizard.last_checks", "a5wizard.providers"):
        assert f"'{module}'" not in loaded
    assert "'a5wizard.config_file'" in loaded
