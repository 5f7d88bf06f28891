"""The test step in the wizard: cancelling a check, leaving during one, a result
that cannot be kept, the transcript, and Fix going straight to a checklist item."""

from __future__ import annotations

from a5wizard.accounts import save_account
from a5wizard.last_checks import last_checks_path, load_last_checks
from a5wizard.mailserver import Behaviour
from a5wizard.sandbox import get_scenario
from a5wizard.secret import Secret
from screens.checklist import ChecklistScreen
from screens.review import ReviewScreen
from screens.test_send import TestSendScreen
from screens.transcript import TranscriptScreen
from tests.conftest import CANARY
from tests.fixtures_app import SIZE, draft_for, settle


async def test_cancel_a_running_check(make_app, silent_server):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.draft = draft_for(silent_server)
        app.draft.store_kind = "keyring"
        app.go_to("test")
        await pilot.pause()
        await pilot.click("#run")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TestSendScreen) and screen.running
        assert "⋯" in str(screen.query_one("#steps").content)
        await pilot.press("ctrl+x")
        await settle(pilot)
        assert not screen.running
        assert "cancelled" in str(screen.query_one("#status").content)
        assert not screen.query_one("#run").disabled


async def test_leaving_the_step_during_a_check_cancels_it_quietly(
    make_app, silent_server
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.draft = draft_for(silent_server)
        app.draft.store_kind = "keyring"
        app.go_to("test")
        await pilot.pause()
        await pilot.click("#run")
        await pilot.pause()
        assert isinstance(app.screen, TestSendScreen) and app.screen.running
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.click("#next")
        await pilot.pause()
        assert isinstance(app.screen, TestSendScreen)
        assert not app.screen.running and not app.screen.query_one("#run").disabled


async def test_a_check_result_that_cannot_be_kept_is_reported(
    make_app, make_server, config_path
):
    server = make_server(username="gallery", password="pw")
    account = draft_for(server).account
    save_account(config_path, "global", account, Secret("pw"))
    blocked = last_checks_path(config_path).with_suffix(".json.lock")
    blocked.mkdir()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#test")
        await pilot.pause()
        await pilot.click("#no-send")
        await pilot.click("#run")
        await settle(pilot)
        assert app.draft.last_result is not None and app.draft.last_result.ok
        assert "not kept" in str(app.screen.query_one("#status").content)
        assert not app.screen.query_one("#run").disabled
    assert load_last_checks(config_path) == {}


async def test_transcript_hides_the_password(make_app, make_server):
    server = make_server(username="gallery", password=CANARY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.draft = draft_for(server, password=CANARY)
        app.go_to("test")
        await pilot.pause()
        await pilot.click("#no-send")
        await pilot.click("#run")
        await settle(pilot)
        assert app.draft.last_result is not None and app.draft.last_result.ok
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, TranscriptScreen)
        text = str(app.screen.query_one("#transcript-text Static").content)
        assert "AUTH" in text and CANARY not in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TestSendScreen)


async def test_fix_goes_to_the_checklist_item_then_the_retest_passes(
    make_app, make_server
):
    login = "gallery@galerie.example"
    reply = get_scenario("m365-smtp-auth-disabled").replies["auth"]
    server = make_server(username=login, password="pw", replies={"auth": reply})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.draft = draft_for(server, provider="office365")
        app.draft.set_text("username", login)
        app.draft.checklist_skipped = False
        for item in app.draft.checklist_items():
            app.draft.tick(item.id, True)
        app.draft.store_kind = "keyring"
        app.go_to("test")
        await pilot.pause()
        await pilot.click("#run")
        await settle(pilot)
        assert str(app.screen.query_one("#run").label) == "Retry"
        assert str(app.screen.query_one("#fix").label) == "Fix: checklist"
        await pilot.click("#fix")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert app.focused is app.screen.query_one("#item-m365-smtp-auth")
        assert app.draft.checklist_done
        server.set_behaviour(Behaviour(username=login, password="pw"))
        for step in ("checklist", "account", "review"):
            assert step == app.screen.STEP
            await pilot.click("#next")
            await settle(pilot)
        assert isinstance(app.screen, TestSendScreen)
        await pilot.click("#run")
        await settle(pilot)
        assert app.draft.last_result is not None and app.draft.last_result.ok
    assert [attempt.success for attempt in server.auth_attempts] == [False, True]
