"""Untrusted text on the wizard's screens: markup and terminal escapes in a
server's reply or in a login name are shown literally, never interpreted."""

from __future__ import annotations

from a5wizard.accounts import save_account
from a5wizard.model import UserAccount
from a5wizard.secret import Secret
from screens.account import AccountScreen
from screens.confirm import ConfirmScreen
from screens.home import HomeScreen
from screens.review import ReviewScreen
from screens.saved import SavedScreen
from screens.test_send import TestSendScreen
from tests.fixtures_app import SIZE, draft_for, settle

MARKUP = "[bold red]x[/]"
ESCAPE = "\x1b[31m"


def shown(screen, selector: str) -> str:
    """The text a widget shows, as the person reads it."""
    return str(screen.query_one(selector).render())


async def test_server_text_is_shown_literally(make_app, make_server):
    reply = f"535 5.7.8 {MARKUP} no {ESCAPE}red"
    server = make_server(username="gallery", password="pw", replies={"auth": reply})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.draft = draft_for(server)
        app.go_to("test")
        await pilot.pause()
        await pilot.click("#run")
        await settle(pilot)
        assert isinstance(app.screen, TestSendScreen) and app.screen.failed
        for selector in ("#verdict", "#steps"):
            text = shown(app.screen, selector)
            assert f"{MARKUP} no red" in text, selector
            assert "\x1b" not in text, selector


async def test_markup_in_a_login_name_is_shown_literally(
    make_app, make_server, config_path
):
    server = make_server(username="x", password="pw")
    account = UserAccount(
        server=server.host,
        port=server.port,
        username="x",
        reply_to="x@galerie.example",
        cafile=str(server.ca_file),
    )
    save_account(config_path, MARKUP, account, Secret("pw"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        options = app.screen.query_one("#accounts")
        assert f"User {MARKUP}" in str(options.get_option_at_index(1).prompt)
        await pilot.press("down")
        await pilot.click("#remove")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Remove user {MARKUP}'s" in shown(app.screen, "#question")
        await pilot.press("escape")
        await pilot.click("#edit")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert f"(user {MARKUP})" in shown(app.screen, "Note")
        await pilot.click("#next")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert f"(user {MARKUP})" in shown(app.screen, "Note")
        await pilot.click("#next")
        await settle(pilot)
        await pilot.click("#no-send")
        await pilot.click("#run")
        await settle(pilot)
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, SavedScreen)
        assert f"(user {MARKUP}):" in shown(app.screen, "#form")
        assert f"user {MARKUP}'s account" in shown(app.screen, "#saved")
