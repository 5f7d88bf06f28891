"""Whole journeys through the wizard at 80x24, each ending in a real check
against a local mail server and a saved account."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.pilot import Pilot
from textual.widgets import Input

from a5wizard.accounts import save_account
from a5wizard.last_checks import load_last_checks
from a5wizard.mailserver import LocalMailServer
from a5wizard.model import UserAccount
from a5wizard.secret import Secret
from a5wizard.secret_store import keyring_service
from screens.account import AccountScreen
from screens.checklist import ChecklistScreen
from screens.home import HomeScreen
from screens.provider import ProviderScreen
from screens.review import ReviewScreen
from screens.saved import SavedScreen
from screens.scope import ScopeScreen
from screens.test_send import TestSendScreen
from screens.user import UserScreen
from tests.fixtures_app import FIXED_NOW, SIZE, settle, type_into

PROVIDER_ROWS = {"gmail": 0, "office365": 1, "other": 2}


async def choose_provider(pilot: Pilot, key: str) -> None:
    """On the provider step, move to a provider with the arrow keys and Enter."""
    assert isinstance(pilot.app.screen, ProviderScreen)
    await pilot.press(*["down"] * PROVIDER_ROWS[key], "enter")
    await pilot.pause()


async def tick_checklist(pilot: Pilot) -> None:
    """Tick every item with Space, moving on with Tab, then press Next."""
    screen = pilot.app.screen
    assert isinstance(screen, ChecklistScreen)
    for _item in screen.draft.checklist_items():
        await pilot.press("space", "tab")
    await pilot.click("#next")
    await pilot.pause()


async def fill_account(pilot: Pilot, server: LocalMailServer, **values: str) -> None:
    """Point the account at the local server and type the other values."""
    assert isinstance(pilot.app.screen, AccountScreen)
    await type_into(pilot, "server", server.host)
    await type_into(pilot, "port", str(server.port))
    await type_into(pilot, "cafile", str(server.ca_file))
    for name, value in values.items():
        await type_into(pilot, name, value)


async def review_test_and_save(pilot: Pilot, *, mode: str = "send") -> None:
    """Next on the account, Next on the review, run the check, then save."""
    app = pilot.app
    await pilot.click("#next")
    await settle(pilot)
    assert isinstance(app.screen, ReviewScreen), app.screen.query_one("#status").content
    await pilot.click("#next")
    await settle(pilot)
    await run_check(pilot, mode=mode)
    assert app.draft.last_result is not None and app.draft.last_result.ok
    await pilot.click("#save")
    await settle(pilot)
    assert isinstance(app.screen, SavedScreen)
    assert "Saved" in str(app.screen.query_one("#status").content)


async def run_check(pilot: Pilot, *, mode: str = "send") -> None:
    """On the test step, choose send or no-send and run the check to its end."""
    screen = pilot.app.screen
    assert isinstance(screen, TestSendScreen)
    if mode == "no-send":
        await pilot.click("#no-send")
    await pilot.click("#run")
    await settle(pilot)


def saved_yaml(config: Path) -> dict:
    """The config as written."""
    return yaml.safe_load(config.read_text())


async def test_global_gmail(make_app, make_server, config_path, memory_keyring):
    server = make_server(username="gallery@gmail.com", password="abcdefghijklmnop")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ScopeScreen)
        await pilot.press("enter")
        await choose_provider(pilot, "gmail")
        assert app.draft.account.server == "smtp.gmail.com"
        await tick_checklist(pilot)
        await fill_account(
            pilot,
            server,
            username="gallery@gmail.com",
            password="abcd efgh ijkl mnop",
            reply_to="gallery@gmail.com",
            from_name="Galerie Nord",
            city="Bremen",
        )
        await review_test_and_save(pilot)
        form = str(app.screen.query_one("#form").content)
        assert form.index("Server") < form.index("Password") < form.index("City")
        assert "(the password you entered)" in form
        assert "abcd" not in form
    assert len(server.received) == 1
    assert server.auth_attempts[-1].success
    entry = saved_yaml(config_path)["global"]
    assert entry["provider"] == "gmail"
    assert entry["username"] == "gallery@gmail.com"
    assert entry["from_name"] == "Galerie Nord"
    assert entry["port"] == server.port
    service = keyring_service(config_path)
    assert memory_keyring.get_password(service, "global") == "abcdefghijklmnop"
    check = load_last_checks(config_path)["global"]
    assert check.ok and check.when == FIXED_NOW.isoformat(timespec="seconds")


async def test_global_office365(make_app, make_server, config_path, memory_keyring):
    server = make_server(username="office@galerie.example", password="Winter-2026!")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await choose_provider(pilot, "office365")
        assert app.draft.account.server == "smtp.office365.com"
        await tick_checklist(pilot)
        screen = app.screen
        assert screen.query_one("#reply_to", Input).disabled
        await fill_account(
            pilot, server, username="office@galerie.example", password="Winter-2026!"
        )
        assert screen.query_one("#reply_to", Input).value == "office@galerie.example"
        await review_test_and_save(pilot)
    entry = saved_yaml(config_path)["global"]
    assert entry["provider"] == "office365"
    assert entry["reply_to"] == entry["username"] == "office@galerie.example"
    message = server.received[-1].message
    assert "office@galerie.example" in message["Reply-To"]
    service = keyring_service(config_path)
    assert memory_keyring.get_password(service, "global") == "Winter-2026!"


async def test_individual_other(make_app, make_server, config_path, memory_keyring):
    server = make_server(username="anna", password="S3cret-anna")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        assert isinstance(app.screen, UserScreen)
        assert app.screen.where() == "Step 2 of 8 — User"
        await type_into(pilot, "login", "anna")
        await pilot.click("#next")
        await pilot.pause()
        await choose_provider(pilot, "other")
        await tick_checklist(pilot)
        await fill_account(
            pilot,
            server,
            username="anna",
            password="S3cret-anna",
            reply_to="anna@galerie.example",
        )
        await review_test_and_save(pilot, mode="no-send")
        affects = str(app.screen.query_one("#affects").content)
        assert "only the mail of user anna" in affects
    assert server.received == []
    users = saved_yaml(config_path)["users"]
    assert users["anna"]["server"] == "127.0.0.1"
    assert users["anna"]["cafile"] == str(server.ca_file)
    assert "global" not in saved_yaml(config_path)
    service = keyring_service(config_path)
    assert memory_keyring.get_password(service, "anna") == "S3cret-anna"


def existing_user(config: Path, server: LocalMailServer, name: str, password: str):
    """Save a user account that points at the local server, as a past run would."""
    account = UserAccount(
        server=server.host,
        port=server.port,
        username=name,
        reply_to=f"{name}@galerie.example",
        cafile=str(server.ca_file),
    )
    save_account(config, name, account, Secret(password))


async def test_edit_existing_user(make_app, make_server, config_path, memory_keyring):
    server = make_server(username="ben", password="Ben-pass-1")
    existing_user(config_path, server, "ben", "Ben-pass-1")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.query_one("#username", Input).value == "ben"
        assert app.screen.query_one("#password", Input).value == ""
        await type_into(pilot, "bcc", "archive@galerie.example")
        await review_test_and_save(pilot)
        assert "unchanged" in str(app.screen.query_one("#saved").content)
    assert server.auth_attempts[-1].username == "ben"
    assert "archive@galerie.example" in server.received[-1].rcpt_tos
    assert saved_yaml(config_path)["users"]["ben"]["bcc"] == "archive@galerie.example"
    service = keyring_service(config_path)
    assert memory_keyring.get_password(service, "ben") == "Ben-pass-1"


async def test_remove_user_then_test_global(
    make_app, make_server, config_path, memory_keyring
):
    server = make_server(username="gallery", password="Global-pass")
    existing_user(config_path, server, "carla", "Carla-pass")
    global_account = UserAccount(
        server=server.host,
        port=server.port,
        username="gallery",
        reply_to="gallery@galerie.example",
        cafile=str(server.ca_file),
    )
    save_account(config_path, "global", global_account, Secret("Global-pass"))
    service = keyring_service(config_path)
    assert memory_keyring.get_password(service, "carla") == "Carla-pass"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        await pilot.click("#remove")
        await pilot.click("#yes")
        await settle(pilot)
        assert "Removed user carla" in str(app.screen.query_one("#status").content)
        await pilot.click("#test")
        await settle(pilot)
        await run_check(pilot, mode="no-send")
        assert app.draft.last_result is not None and app.draft.last_result.ok
        await pilot.click("#done")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert "carla" not in (saved_yaml(config_path).get("users") or {})
    assert memory_keyring.get_password(service, "carla") is None
    assert memory_keyring.get_password(service, "global") == "Global-pass"
    assert load_last_checks(config_path)["global"].ok


async def test_wrong_password_diagnosis_fix_and_save(
    make_app, make_server, config_path, memory_keyring
):
    server = make_server(username="dora", password="Right-pass")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await choose_provider(pilot, "other")
        await tick_checklist(pilot)
        await fill_account(
            pilot,
            server,
            username="dora",
            password="Wrong-pass",
            reply_to="dora@galerie.example",
        )
        await pilot.click("#next")
        await settle(pilot)
        await pilot.click("#next")
        await settle(pilot)
        await run_check(pilot)
        result = app.draft.last_result
        assert result is not None and not result.ok
        assert result.diagnosis is not None
        verdict = str(app.screen.query_one("#verdict").content)
        assert result.diagnosis.title in verdict and "1. " in verdict
        assert app.screen.query_one("#fix").display
        await pilot.click("#fix")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.focused is app.screen.query_one("#password", Input)
        assert app.screen.query_one("#username", Input).value == "dora"
        assert app.screen.query_one("#cafile", Input).value == str(server.ca_file)
        await type_into(pilot, "password", "Right-pass")
        await review_test_and_save(pilot)
    assert [a.success for a in server.auth_attempts] == [False, True]
    assert saved_yaml(config_path)["global"]["username"] == "dora"
    service = keyring_service(config_path)
    assert memory_keyring.get_password(service, "global") == "Right-pass"
