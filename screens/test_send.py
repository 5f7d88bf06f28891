"""Step: a live test of the account: where the test message goes, send or
only sign in, then each step as it happens and, on failure, the diagnosis."""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, RadioSet, Static

from a5wizard.check.steps import CheckResult, CheckStep
from a5wizard.draft import parse_revisit
from a5wizard.last_checks import record_check
from screens.base import WizardScreen
from screens.check_view import StepLog, fix_label, verdict
from screens.checklist import item_widget_id
from screens.support_report import ReportNote
from screens.transcript import TranscriptScreen
from screens.widgets import ActionBar, Choice, StatusLine

if TYPE_CHECKING:
    from a5wizard.check.runner import CheckRequest


class TestSendScreen(WizardScreen):
    """Run the live check and show how it goes."""

    STEP: ClassVar[str] = "test"
    __test__ = False  # not a pytest test class, despite its name
    HELP = (
        "Test send: a real check against the mail server with the values you "
        "entered. 'Send a test message' sends one short message to the address "
        "given (the reply-to address unless you change it). 'Only sign in' stops "
        "before anything is sent.\n\n"
        "Each step shows a tick or a cross and how long it took. Ctrl+X cancels a "
        "running check. When a step fails, the wizard explains why and how to fix "
        "it; the Fix button takes you straight to the field or checklist item to "
        "change, keeping everything else. Ctrl+T shows the transcript, the full "
        "conversation with the server with the password hidden.\n\n"
        "Save keeps the account. You can also save without a successful test.\n\n"
        "After a failure, Report (Ctrl+E) writes a report for support: versions, "
        "the config and the last checks and transcripts, with every password "
        "removed. The wizard says where the file is."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+x", "cancel_check", "Cancel check"),
        Binding("ctrl+t", "transcript", "Transcript"),
        Binding("ctrl+e", "report", "Report"),
    ]

    def __init__(self, focus: str | None = None) -> None:
        super().__init__(focus)
        self.steps = StepLog()
        self.result: CheckResult | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        """Recipient and mode, then the steps and the verdict as they come."""
        draft = self.draft
        yield from self.compose_frame()
        with VerticalScroll(id="check"):
            with Horizontal(classes="field"):
                yield Label("Send the test to", classes="label")
                yield Input(
                    value=draft.recipient or draft.default_recipient(), id="recipient"
                )
            with RadioSet(id="mode"):
                yield Choice("Send a test message", value=draft.send_test, id="send")
                yield Choice(
                    "Only sign in; send nothing",
                    value=not draft.send_test,
                    id="no-send",
                )
            yield Static(id="steps")
            yield Static(id="verdict")
            yield ReportNote(id="report-note")
        with ActionBar():
            yield StatusLine(id="status")
            yield Button("Test", id="run", variant="primary")
            yield Button("Fix", id="fix")
            yield Button("Report", id="report")
            if draft.test_only:
                yield Button("Done", id="done")
            else:
                yield Button("Save untested", id="save")

    def on_mount(self) -> None:
        """Start with the Test button focused; show the last result if any."""
        super().on_mount()
        self.query_one("#fix").display = False
        self.query_one("#report").display = False
        self.query_one("#run", Button).focus()
        if self.draft.last_result is not None:
            for step in self.draft.last_result.steps:
                self.steps.add(step)
            self.show_result(self.draft.last_result)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Remember the recipient."""
        event.stop()
        self.draft.recipient = event.value

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """Remember send or no-send."""
        event.stop()
        self.draft.send_test = event.pressed.id == "send"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Test, fix, save or finish."""
        event.stop()
        button = event.button.id
        if button == "run":
            self.start_check()
        elif button == "fix":
            self.jump_to_fix()
        elif button == "done":
            self.wizard.go_home()
        elif button == "save":
            self.save()
        elif button == "report":
            self.action_report()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Cancel only while a check runs, Transcript only when there is one."""
        if action == "cancel_check":
            return self.running
        if action == "transcript":
            return self.result is not None and self.result.transcript_path is not None
        if action == "report":
            return self.failed
        return True

    @property
    def failed(self) -> bool:
        """True when the last check ended in a failure."""
        return self.result is not None and not self.result.ok

    def start_check(self) -> None:
        """Begin a check with what was entered."""
        recipient = self.query_one("#recipient", Input).value.strip()
        if not recipient:
            self.query_one("#status", StatusLine).say("Enter where the test goes.")
            self.query_one("#recipient", Input).focus()
            return
        self.steps = StepLog()
        self.result = None
        self.query_one("#steps", Static).update("")
        self.query_one("#verdict", Static).update("")
        self.query_one("#report-note", Static).update("")
        self.query_one("#fix").display = False
        self.query_one("#report").display = False
        self._set_running(True)
        self.run_the_check(recipient, "send" if self.draft.send_test else "no-send")

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.query_one("#run", Button).disabled = running
        status = self.query_one("#status", StatusLine)
        if running:
            status.say("Checking… (Ctrl+X cancels)", "busy")
        self.refresh_bindings()

    @work(exclusive=True, group="check")
    async def run_the_check(self, recipient: str, mode: str) -> None:
        """Run the check in the background, showing each step as it happens."""
        from a5wizard.check.runner import run_check

        try:
            request = await self._request(recipient, mode)
        except (OSError, ValueError, LookupError) as error:
            self._stopped(str(error))
            return
        try:
            async for update in run_check(request):
                if isinstance(update, CheckStep):
                    self.show_step(update)
                else:
                    self.show_result(update)
                    await self._record(update)
        except asyncio.CancelledError:
            # Leaving the step also cancels the check; then there is nothing to tell.
            if self.query("#run"):
                self._stopped("Check cancelled. Press Test to run it again.")
            raise
        except ValueError as error:
            self._stopped(str(error))

    async def _request(self, recipient: str, mode: str) -> CheckRequest:
        from a5wizard.accounts import load_password
        from a5wizard.check.auth import PasswordAuth
        from a5wizard.check.runner import CheckRequest
        from a5wizard.model import GlobalAccount
        from a5wizard.secret_store import SecretStoreError

        draft = self.draft
        needs_stored = draft.password is None and draft.stored_password is None
        if needs_stored and draft.has_stored_password:
            settings, config = self.wizard.settings, self.wizard.config
            try:
                draft.stored_password = await asyncio.to_thread(
                    partial(load_password, store=self.wizard.secret_store),
                    config,
                    settings,
                    draft.key,
                )
            except SecretStoreError as error:
                raise LookupError(str(error)) from None
        password = draft.password_for_check()
        if password is None:
            raise LookupError("No password: enter it on the Account step.")
        global_account = self.wizard.settings.global_account
        if isinstance(draft.account, GlobalAccount):
            global_account = draft.account
        return CheckRequest(
            account_key=draft.key,
            account=draft.account,
            authenticator=PasswordAuth(draft.account.username, password),
            recipient=recipient,
            mode="no-send" if mode == "no-send" else "send",
            global_account=global_account,
            transcript_dir=self.wizard.transcript_folder(),
        )

    def show_step(self, step: CheckStep) -> None:
        """Show a step as it starts or ends."""
        self.steps.add(step)
        self.query_one("#steps", Static).update(self.steps.render())

    def show_result(self, result: CheckResult) -> None:
        """Show the verdict; on failure the diagnosis and the way to the fix."""
        self.result = result
        self.draft.last_result = result
        self.query_one("#steps", Static).update(self.steps.render())
        verdict_widget = self.query_one("#verdict", Static)
        verdict_widget.update(verdict(result, sandbox=self.wizard.sandbox is not None))
        self._set_running(False)
        self.query_one("#run", Button).label = (
            "Retry" if not result.ok else "Test again"
        )
        status = self.query_one("#status", StatusLine)
        fix = self.query_one("#fix", Button)
        revisit = result.diagnosis.revisit if result.diagnosis else None
        label = fix_label(revisit)
        fix.display = label is not None and not result.ok
        self.query_one("#report").display = not result.ok
        if label is not None:
            fix.label = label
        save = self.query("#save")
        if save:
            save.first(Button).label = "Save" if result.ok else "Save untested"
        if result.ok:
            status.say("The test passed.", "fine")
            (save.first() if save else self.query_one("#done")).focus()
        else:
            status.say("The test failed; see below.")
            (fix if fix.display else self.query_one("#run")).focus()
            verdict_widget.scroll_visible(animate=False, top=True)

    def _stopped(self, message: str) -> None:
        self._set_running(False)
        self.query_one("#status", StatusLine).say(message)

    async def _record(self, result: CheckResult) -> None:
        """Keep the outcome as the account's last check when it tested saved values
        (in a thread: it writes a file beside the config)."""
        draft = self.draft
        if not draft.existing or draft.changed:
            return
        check = self.wizard.last_check(result)
        try:
            await asyncio.to_thread(record_check, self.wizard.config, draft.key, check)
        except OSError as error:
            self.query_one("#status", StatusLine).say(
                f"The result was not kept for Home: {error.strerror or error}"
            )

    def action_cancel_check(self) -> None:
        """Stop the running check."""
        self.workers.cancel_group(self, "check")

    def action_transcript(self) -> None:
        """Show the last check's transcript."""
        if self.result is None or self.result.transcript_path is None:
            return
        path = Path(self.result.transcript_path)
        self.app.push_screen(TranscriptScreen(path, self.wizard.show_path(path)))

    def action_report(self) -> None:
        """Write a report for support (after a failure) and say where it is."""
        if not self.failed:
            return
        self.query_one("#report", Button).disabled = True
        self.query_one("#status", StatusLine).say("Writing the report…", "busy")
        self.query_one(ReportNote).write(self.wizard)

    def on_report_note_done(self, event: ReportNote.Done) -> None:
        """The report is written (or not): say so and allow another."""
        event.stop()
        self.query_one("#report", Button).disabled = False
        status = self.query_one("#status", StatusLine)
        if event.ok:
            status.say("Report saved; see below.", "fine")
        else:
            status.say("The report was not saved.")

    def jump_to_fix(self) -> None:
        """Go straight to the field, checklist item or provider to change."""
        result = self.result
        if result is None or result.diagnosis is None:
            return
        place = parse_revisit(result.diagnosis.revisit)
        if place is None:
            return
        self.draft.test_only = False
        focus = place.target
        if place.step == "checklist" and place.target:
            focus = item_widget_id(place.target)
        self.wizard.go_to(place.step, focus=focus)

    def save(self) -> None:
        """Save: straight after a passed test, else only when the person agrees."""
        if self.result is not None and self.result.ok:
            self.wizard.go_next("test")
            return
        self.wizard.confirm(
            "Save without a successful test? Artsystem5 may not be able to send "
            "mail with these values.",
            "Save untested",
            lambda: self.wizard.go_next("test"),
        )
