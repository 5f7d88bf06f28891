"""Step: everything entered, the password masked, and where the password will
be kept; without a usable keyring, the owner-only file is offered."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Checkbox, Static

from screens.base import WizardScreen
from screens.sandbox_view import SANDBOX_CHOICE, SANDBOX_NAME
from screens.widgets import (
    ActionBar,
    FieldMessage,
    Note,
    StatusLine,
    TickBox,
    plain,
    rows_table,
)

if TYPE_CHECKING:
    from a5wizard.secret_store import KeyringStatus

FILE_RISK = (
    "Risk: anyone who can read your files (your user, an administrator or a "
    "backup) can read the password in it."
)


class ReviewScreen(WizardScreen):
    """Check the values before testing them; choose where the password goes."""

    STEP: ClassVar[str] = "review"
    HELP = (
        "Review: every value you entered, in the order of Artsystem5's form. The "
        "password is never shown. Escape goes back to change something.\n\n"
        "The password is kept apart from the config: in the system keyring when "
        "one is usable, otherwise, only if you agree, in a file beside the config "
        "that only your user can read.\n\n"
        "Next runs a live test; nothing is saved yet."
    )

    def compose(self) -> ComposeResult:
        """The values, then the password store (found out in the background)."""
        draft = self.draft
        rows = draft.form_rows(for_form=False)
        provider = draft.provider.name
        if self.wizard.sandbox is not None and draft.provider_choice == SANDBOX_CHOICE:
            provider = SANDBOX_NAME
        rows.insert(0, ("Provider", provider))
        rows.insert(3, ("Encryption", draft.account.security_label()))
        if draft.account.cafile:
            rows.append(("CA file", draft.account.cafile))
        yield from self.compose_frame()
        with VerticalScroll():
            yield Note(plain(f"For {draft.form_name()}."))
            yield Static(rows_table(rows), id="values")
            yield Static("Finding the password store…", id="store")
            yield TickBox(
                "Keep the password in an owner-only file instead",
                value=draft.store_kind == "file",
                id="use-file",
            )
            yield FieldMessage(id="use-file-message")
        with ActionBar():
            yield StatusLine(id="status")
            yield Button("Next", id="next", variant="primary")

    def on_mount(self) -> None:
        """Find the password store without holding up the screen."""
        super().on_mount()
        self.query_one("#use-file").display = False
        self.query_one("#next").focus()
        if self.wizard.sandbox is not None:
            self.draft.store_kind = self.wizard.settings.secret_store
            self.query_one("#store", Static).update(
                "Password stored in: memory, for this sandbox run only."
            )
            return
        if self.wizard.settings.secret_store == "file":
            self.draft.store_kind = "file"
            self._show_store()
            return
        self.find_keyring()

    @work(thread=True, exclusive=True, group="keyring")
    def find_keyring(self) -> None:
        """Probe the system keyring in a thread (it can be slow or hang)."""
        from a5wizard.secret_store import probe_keyring

        status = probe_keyring()
        self.app.call_from_thread(self._keyring_found, status)

    def _keyring_found(self, status: KeyringStatus) -> None:
        if status.usable and self.draft.store_kind is None:
            self.draft.store_kind = "keyring"
        self._show_store(status)

    def _show_store(self, status: KeyringStatus | None = None) -> None:
        from a5wizard.secret_store import secrets_file_path

        store = self.query_one("#store", Static)
        use_file = self.query_one("#use-file", Checkbox)
        file_path = self.wizard.show_path(secrets_file_path(self.wizard.config))
        if status is None:
            store.update(plain(f"Password stored in: owner-only file {file_path}"))
            return
        if status.usable:
            store.update(
                plain(f"Password stored in: system keyring ({status.backend})")
            )
            return
        store.update(
            plain(
                f"No system keyring can hold the password here: {status.reason}\n"
                f"It can go in an owner-only file instead: {file_path}\n{FILE_RISK}"
            )
        )
        use_file.display = True
        use_file.focus()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Agree (or not) to the owner-only file."""
        event.stop()
        self.draft.store_kind = "file" if event.value else None
        self.query_one("#status", StatusLine).say("")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Next once the password has somewhere to go."""
        event.stop()
        if self.draft.store_kind is None:
            self.query_one("#status", StatusLine).say(
                "Choose the owner-only file, or set up a keyring, to go on."
                if self.query_one("#use-file").display
                else "Still looking for the keyring; try again in a moment."
            )
            return
        self.wizard.go_next("review")
