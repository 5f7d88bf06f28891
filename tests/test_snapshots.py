"""SVG snapshots of every wizard screen at 80x24, made deterministic: a fixed
clock, steady cursors, paths under the test home shown as ~, fixed step times."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from a5wizard.accounts import save_account
from a5wizard.check.diagnose import diagnose
from a5wizard.check.steps import (
    CheckResult,
    CheckStep,
    Failure,
    FailureKind,
    Outcome,
    Phase,
)
from a5wizard.draft import Draft
from a5wizard.last_checks import LastCheck, record_check
from a5wizard.model import GlobalAccount, UserAccount
from a5wizard.secret import Secret
from screens.confirm import ConfirmScreen
from screens.mailbox import MailboxScreen
from screens.sandbox_view import connection_panel
from screens.test_send import TestSendScreen
from screens.transcript import TranscriptScreen
from tests.fixtures_app import FIXED_NOW, SIZE, send_direct, settle, wait_until


def gmail_draft() -> Draft:
    """A global Gmail account as typed in on the account step."""
    draft = Draft()
    draft.choose_scope("global")
    draft.choose_provider("gmail")
    for name, value in {
        "username": "gallery@gmail.com",
        "reply_to": "gallery@gmail.com",
        "password": "abcd efgh ijkl mnop",
        "from_name": "Galerie Nord",
        "street": "Hafenstrasse 5",
        "city": "Bremen",
        "country": "Germany",
    }.items():
        draft.set_text(name, value)
    draft.checklist_skipped = True
    draft.store_kind = "keyring"
    return draft


def showing(step: str, draft: Draft | None = None):
    """A run_before that puts a draft in the app and opens a step."""

    async def run_before(pilot: Pilot) -> None:
        if draft is not None:
            pilot.app.draft = draft  # type: ignore[attr-defined]
        pilot.app.go_to(step)  # type: ignore[attr-defined]
        await settle(pilot)

    return run_before


def with_accounts(config: Path) -> None:
    """A config with a global account and one user, and their last checks."""
    save_account(
        config,
        "global",
        GlobalAccount(
            provider="gmail",
            server="smtp.gmail.com",
            port=587,
            username="gallery@gmail.com",
            reply_to="gallery@gmail.com",
        ),
        Secret("abcdefghijklmnop"),
    )
    save_account(
        config,
        "anna",
        UserAccount(
            provider="office365",
            server="smtp.office365.com",
            port=587,
            username="anna@galerie.example",
            reply_to="anna@galerie.example",
        ),
        Secret("pw"),
    )
    when = FIXED_NOW.isoformat(timespec="seconds")
    record_check(config, "global", LastCheck(when, True, "send", "sent"))
    record_check(
        config, "anna", LastCheck(when, False, "send", "SMTP AUTH is switched off")
    )


def test_scope(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_home(snap_compare, make_app, config_path):
    with_accounts(config_path)
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_user(snap_compare, make_app, config_path):
    with_accounts(config_path)
    draft = Draft(scope="individual", account=UserAccount())
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=showing("user", draft)
    )


def test_provider(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, press=["enter"])


def test_checklist_office365(snap_compare, make_app):
    assert snap_compare(
        make_app(), terminal_size=SIZE, press=["enter", "down", "enter"]
    )


def test_account_with_problems(snap_compare, make_app):
    draft = gmail_draft()
    draft.set_text("port", "58x")

    async def run_before(pilot: Pilot) -> None:
        await showing("account", draft)(pilot)
        await pilot.click("#next")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_review(snap_compare, make_app):
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=showing("review", gmail_draft())
    )


def shown_result(result: CheckResult):
    """A run_before that opens the test step and shows a finished check's steps
    and verdict (fixed steps and times, so the snapshot is steady)."""

    async def run_before(pilot: Pilot) -> None:
        await showing("test", gmail_draft())(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, TestSendScreen)
        for step in result.steps:
            screen.show_step(step)
        screen.show_result(result)
        await pilot.pause()

    return run_before


OK_STEPS = [
    CheckStep(Phase.CONNECT, Outcome.OK, elapsed=0.05),
    CheckStep(Phase.EHLO, Outcome.OK, elapsed=0.01),
    CheckStep(Phase.STARTTLS, Outcome.OK, elapsed=0.12),
]


def gmail_result(ok: bool, transcript: Path | None = None) -> CheckResult:
    """A finished send check of the Gmail draft: passed, or refused at AUTH."""
    draft = gmail_draft()
    steps = [*OK_STEPS, CheckStep(Phase.AUTH, Outcome.OK, elapsed=0.31)]
    failure = None
    if not ok:
        failure = Failure(
            Phase.AUTH,
            FailureKind.REPLY,
            535,
            "5.7.8 Username and Password not accepted. BadCredentials",
        )
        steps = [
            *OK_STEPS,
            CheckStep(Phase.AUTH, Outcome.FAILED, failure.reply_line(), 0.31),
        ]
    else:
        steps += [
            CheckStep(Phase.MAIL, Outcome.OK, elapsed=0.02),
            CheckStep(Phase.RCPT, Outcome.OK, elapsed=0.02),
            CheckStep(Phase.DATA, Outcome.OK, elapsed=0.18),
        ]
    return CheckResult(
        ok=ok,
        account_key="global",
        mode="send",
        server="smtp.gmail.com",
        port=587,
        security="STARTTLS",
        recipient="gallery@gmail.com",
        steps=steps,
        failure=failure,
        diagnosis=(
            diagnose(failure, provider="gmail", account=draft.account)
            if failure
            else None
        ),
        transcript_path=str(transcript) if transcript else None,
    )


def test_test_send_failure(snap_compare, make_app):
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=shown_result(gmail_result(False))
    )


def test_test_send_passed(snap_compare, make_app):
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=shown_result(gmail_result(True))
    )


TRANSCRIPT_LINES = [
    "a5wizard check 1a2b3c for global, started 2026-03-14T09:30:00+00:00 (times UTC)",
    "09:30:00.050 -- connected to smtp.gmail.com:587",
    "09:30:00.051 S: 220 smtp.gmail.com ESMTP ready",
    "09:30:00.052 C: EHLO galerie.example",
    "09:30:00.060 S: 250-smtp.gmail.com at your service",
    "09:30:00.060 S: 250-STARTTLS",
    "09:30:00.060 S: 250 SMTPUTF8",
    "09:30:00.061 C: STARTTLS",
    "09:30:00.070 S: 220 2.0.0 Ready to start TLS",
    "09:30:00.180 -- TLS 1.3, certificate for smtp.gmail.com verified",
    "09:30:00.190 C: AUTH PLAIN <hidden>",
    "09:30:00.500 S: 535-5.7.8 Username and Password not accepted.",
    "09:30:00.500 S: 535 5.7.8 BadCredentials",
    "09:30:00.510 C: QUIT",
]
"""A saved transcript as the check writes it (fixed times for the snapshot)."""


def test_transcript(snap_compare, make_app, config_path):
    folder = config_path.parent / "transcripts"
    folder.mkdir(parents=True)
    transcript = folder / "20260314T093000Z-global-1a2b3c.txt"
    transcript.write_text("\n".join(TRANSCRIPT_LINES) + "\n", encoding="utf-8")

    async def run_before(pilot: Pilot) -> None:
        await shown_result(gmail_result(False, transcript))(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TranscriptScreen)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_saved(snap_compare, make_app):
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=showing("saved", gmail_draft())
    )


def test_help(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, press=["enter", "f1"])


def test_confirm_quit(snap_compare, make_app):
    async def run_before(pilot: Pilot) -> None:
        await showing("account", gmail_draft())(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


SNAPSHOT_PORT = 40587
"""The sandbox port shown in snapshots (the real one is free when it starts)."""


def test_sandbox_scope(snap_compare, make_app, sandbox):
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        panel = pilot.app.screen.query_one("#sandbox-panel", Static)
        panel.update(connection_panel(sandbox, port=SNAPSHOT_PORT))
        await pilot.pause()

    app = make_app(sandbox=sandbox)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_sandbox_mailbox(snap_compare, make_app, sandbox):
    async def run_before(pilot: Pilot) -> None:
        await send_direct(sandbox, "Opening on Friday")
        await wait_until(pilot, lambda: len(sandbox.messages()) == 1)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MailboxScreen)
        pilot.app.clear_notifications()
        await pilot.pause()

    app = make_app(sandbox=sandbox)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_sandbox_playback(snap_compare, make_app, sandbox):
    sandbox.play("gmail-app-password")
    app = make_app(sandbox=sandbox)
    assert snap_compare(app, terminal_size=SIZE, press=["f4"])
