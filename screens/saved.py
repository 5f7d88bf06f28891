"""Step: save the account, then say what was saved and where, whose mail it
affects, and the values to type into Artsystem5's form."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from a5wizard.model import GLOBAL
from screens.base import WizardScreen
from screens.widgets import ActionBar, StatusLine, plain, rows_table

if TYPE_CHECKING:
    from a5wizard.accounts import SavedAccount


class SavedScreen(WizardScreen):
    """The account is saved: a summary and the values for Artsystem5."""

    STEP: ClassVar[str] = "saved"
    HELP = (
        "Saved: the account is in the config file and its password in the "
        "password store shown. Now type the values listed into Artsystem5, in "
        "the same order as its form. The password is the one you entered; it is "
        "never shown here.\n\n"
        "Home shows every account; Quit ends the wizard."
    )

    def compose(self) -> ComposeResult:
        """A saving note, replaced by the summary once the save is done."""
        yield from self.compose_frame()
        with VerticalScroll():
            yield Static("Saving…", id="saved")
            yield Static(id="affects")
            yield Static(id="form")
        with ActionBar():
            yield StatusLine(id="status")
            yield Button("Home", id="home")
            yield Button("Quit", id="quit", variant="primary")

    def on_mount(self) -> None:
        """Save in the background (the keyring can be slow)."""
        super().on_mount()
        self.query_one("#home").disabled = True
        self.save_account()

    @work(thread=True, exclusive=True, group="save")
    def save_account(self) -> None:
        """Write the password, then the config, through the accounts service."""
        from a5wizard.accounts import AccountProblems, save_account
        from a5wizard.last_checks import record_check
        from a5wizard.secret_store import SecretStoreError

        app, draft = self.wizard, self.draft
        try:
            saved = save_account(
                app.config,
                draft.key,
                draft.account,
                draft.password_to_save(),
                draft.store_kind,
                store=app.secret_store,
            )
        except (AccountProblems, SecretStoreError, OSError) as error:
            app.call_from_thread(self._failed, str(error))
            return
        not_kept = ""
        if draft.last_result is not None:
            check = app.last_check(draft.last_result)
            try:
                record_check(app.config, draft.key, check)
            except OSError as error:
                not_kept = f"The test result was not kept: {error.strerror or error}"
        app.call_from_thread(self._saved, saved, not_kept)

    def _failed(self, reason: str) -> None:
        self.query_one("#saved", Static).update(
            Content.assemble(
                ("✘ Nothing was saved. ", "bold $text-error"),
                plain(reason),
                "\nPress Escape to go back and change something, or Quit.",
            )
        )
        self.query_one("#status", StatusLine).say("Not saved.")

    def _saved(self, saved: SavedAccount, not_kept: str = "") -> None:
        app, draft = self.wizard, self.draft
        draft.changed = False
        app.reload_settings()
        who = (
            "the global account"
            if draft.key == GLOBAL
            else f"user {draft.login}'s account"
        )
        lines = [
            Content.assemble(("✔ Saved ", "bold $text-success"), plain(who), "."),
            plain(f"Settings: {app.show_path(app.config)}"),
        ]
        if saved.password_saved and app.sandbox is not None:
            lines.append(Content("Password: kept in memory until the sandbox ends."))
        elif saved.password_saved:
            lines.append(
                plain(f"Password: in {app.show_path(saved.password_location)}")
            )
        else:
            lines.append(Content("Password: unchanged (the one already saved)."))
        self.query_one("#saved", Static).update(Content("\n").join(lines))
        self.query_one("#affects", Static).update(plain(self._affects()))
        heading = Content.assemble(
            ("Type these into Artsystem5, ", "bold"),
            plain(draft.form_name()).stylize("bold"),
            ":",
        )
        table = rows_table(draft.form_rows(for_form=True))
        self.query_one("#form", Static).update(Content("\n").join([heading, table]))
        self.query_one("#home").disabled = False
        status = self.query_one("#status", StatusLine)
        if not_kept:
            status.say(f"Saved. {not_kept}")
        else:
            status.say("Saved.", "fine")

    def _affects(self) -> str:
        users = sorted(self.wizard.settings.users)
        if self.draft.key != GLOBAL:
            return f"Affects: only the mail of user {self.draft.login}."
        if not users:
            return "Affects: the mail of every user (none has an account of their own)."
        return (
            "Affects: the mail of every user without an account of their own; "
            f"not {', '.join(users)} (they have their own)."
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Home or quit."""
        event.stop()
        if event.button.id == "home":
            self.wizard.go_home()
        else:
            self.wizard.action_quit()

    def action_back(self) -> None:
        """Back goes to the test step only when nothing was saved."""
        if self.draft.changed:
            self.wizard.go_to("test")
        else:
            self.wizard.go_home()
