"""Step (one user only): pick a user who already has an account, or type the
Artsystem5 login name of a new one."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from a5wizard.draft import Draft
from a5wizard.model import UserAccount
from a5wizard.validation import errors, validate_login_name
from screens.base import WizardScreen
from screens.widgets import ActionBar, FieldMessage, Note, plain


class UserScreen(WizardScreen):
    """Whose own account this is."""

    STEP: ClassVar[str] = "user"
    HELP = (
        "User: the Artsystem5 login name of the person whose mail this account "
        "sends, exactly as they sign in to Artsystem5.\n\n"
        "Pick a user from the list to change their account, or type a new login "
        "name. A name can be used once; 'global' is reserved for the global account."
    )

    def compose(self) -> ComposeResult:
        """Existing users (if any) and a field for a new login name."""
        users = sorted(self.wizard.settings.users)
        yield from self.compose_frame()
        with VerticalScroll():
            if users:
                yield Static("Change the account of a user:", classes="question")
                yield OptionList(
                    *(Option(plain(name), id=name) for name in users), id="users"
                )
            yield Static("Or add a new user:", classes="question")
            with Horizontal(classes="field"):
                yield Label("Login name", classes="label")
                yield Input(
                    value="" if self.draft.login in users else self.draft.login,
                    placeholder="as typed when signing in to Artsystem5",
                    id="login",
                )
            yield FieldMessage(id="login-message")
            yield Note("Only this user's mail will go through the new account.")
        with ActionBar():
            yield Button("Next", id="next", variant="primary")

    def on_mount(self) -> None:
        """Start in the field for a new name unless users exist."""
        super().on_mount()
        if self.focus_requested():
            return
        found = self.query("#users")
        if found and self.draft.login in self.wizard.settings.users:
            users = found.first(OptionList)
            users.highlighted = sorted(self.wizard.settings.users).index(
                self.draft.login
            )
            users.focus()
        else:
            self.query_one("#login", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Check the name as it is typed."""
        self._show_problems(event.value, quiet_when_empty=True)

    def _show_problems(self, name: str, *, quiet_when_empty: bool = False) -> bool:
        message = self.query_one("#login-message", FieldMessage)
        problems = validate_login_name(name, self.wizard.settings.users)
        if not problems or (quiet_when_empty and not name):
            message.clear()
            return not problems
        message.show(problems[0].message, problems[0].severity)
        return not errors(problems)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Choosing a listed user opens that user's account."""
        event.stop()
        name = str(event.option.id)
        if not (self.draft.existing and self.draft.login == name):
            self.wizard.draft = Draft.for_existing(self.wizard.settings, name)
        self.wizard.go_next("user")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Next takes the typed name, when it is a valid new one."""
        event.stop()
        name = self.query_one("#login", Input).value
        if not self._show_problems(name):
            self.query_one("#login", Input).focus()
            return
        if self.draft.existing:
            self.wizard.draft = Draft(scope="individual", account=UserAccount())
        self.draft.choose_login(name)
        self.wizard.go_next("user")
