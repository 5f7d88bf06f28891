"""The overview when a config exists: the global account, each user and the
account their mail goes through, and what can be done with them."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from a5wizard.model import GLOBAL, Account, UserAccount
from a5wizard.text import clean
from screens.base import WizardScreen
from screens.sandbox_view import sandbox_panel
from screens.widgets import ActionBar, MarkedOptionList, Note, StatusLine, plain

if TYPE_CHECKING:
    from a5wizard.last_checks import LastCheck

ADD_GLOBAL = "add-global"


def check_words(check: LastCheck | None) -> Content:
    """The last check in a few words: passed or failed, and when."""
    if check is None:
        return Content("never tested")
    when = check.when.replace("T", " ")[:16]
    if check.ok:
        return Content.assemble(("✔ passed", "$text-success"), f" {when}")
    return Content.assemble(
        ("✘ failed", "$text-error"), f" {when}: ", plain(check.summary)
    )


def account_words(account: Account) -> Content:
    """Server and username of an account."""
    return plain(f"{account.server}:{account.port} as {account.username}")


class HomeScreen(WizardScreen):
    """Every account at a glance; set up, edit, test or remove."""

    STEP: ClassVar[str] = "home"
    HELP = (
        "Home: the accounts in this config. The global account sends the mail of "
        "every user without an account of their own; each listed user sends "
        "through their own.\n\n"
        "Move through the list with Up and Down, then: Edit changes the "
        "highlighted account, Test runs a live check of it, Remove deletes a "
        "user's own account (the user then falls back to the global one), and "
        "Add user sets up an account for another user."
    )

    def compose(self) -> ComposeResult:
        """The list of accounts and the actions."""
        yield from self.compose_frame()
        with VerticalScroll():
            yield from sandbox_panel(self.wizard.sandbox)
            yield Static(plain(f"Config: {self.wizard.show_path(self.wizard.config)}"))
            yield MarkedOptionList(*self._options(), id="accounts")
            yield Note(
                "A user's own account wins; users without one send through the "
                "global account."
            )
        with ActionBar():
            yield StatusLine(id="status")
            yield Button("Edit", id="edit", variant="primary")
            yield Button("Test", id="test")
            yield Button("Remove", id="remove")
            yield Button("Add user", id="add-user")

    def _options(self) -> list[Option]:
        from a5wizard.last_checks import load_last_checks

        settings = self.wizard.settings
        checks = load_last_checks(self.wizard.config)
        options: list[Option] = []
        if settings.global_account is None:
            options.append(
                Option(
                    Content.assemble(
                        ("Global account", "bold"),
                        ": not set up; users without their own account cannot send.",
                    ),
                    id=ADD_GLOBAL,
                )
            )
        else:
            options.append(self._option(GLOBAL, settings.global_account, checks))
        for name, account in sorted(settings.users.items()):
            options.append(self._option(name, account, checks))
        return options

    @staticmethod
    def _option(key: str, account: Account, checks: dict[str, LastCheck]) -> Option:
        title = "Global account" if key == GLOBAL else f"User {key}"
        through = (
            "" if not isinstance(account, UserAccount) else " sends through own account"
        )
        text = Content.assemble(
            (clean(title), "bold"),
            through,
            "\n  ",
            account_words(account),
            " · ",
            check_words(checks.get(key)),
        )
        return Option(text, id=key)

    def on_mount(self) -> None:
        """Focus the list on the first account."""
        super().on_mount()
        accounts = self.query_one("#accounts", OptionList)
        accounts.highlighted = 0
        accounts.focus()
        self._update_buttons()

    def on_option_list_option_highlighted(
        self, event: OptionList.OptionHighlighted
    ) -> None:
        """Enable the actions that fit the highlighted account."""
        event.stop()
        self._update_buttons()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an account edits it."""
        event.stop()
        self._edit(str(event.option.id))

    def _highlighted(self) -> str:
        option = self.query_one("#accounts", OptionList).highlighted_option
        return str(option.id) if option is not None else GLOBAL

    def _update_buttons(self) -> None:
        key = self._highlighted()
        self.query_one("#edit", Button).label = (
            "Set up" if key == ADD_GLOBAL else "Edit"
        )
        self.query_one("#test", Button).disabled = key == ADD_GLOBAL
        self.query_one("#remove", Button).disabled = key in (GLOBAL, ADD_GLOBAL)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Run the chosen action on the highlighted account."""
        from a5wizard.draft import Draft

        event.stop()
        key = self._highlighted()
        if event.button.id == "edit":
            self._edit(key)
        elif event.button.id == "test":
            draft = Draft.for_existing(self.wizard.settings, key)
            draft.test_only = True
            self.wizard.start(draft, "test")
        elif event.button.id == "remove":
            self.wizard.confirm(
                f"Remove user {key}'s own account and its password? Their mail "
                "will go through the global account.",
                "Remove",
                lambda: self.remove_user(key),
            )
        elif event.button.id == "add-user":
            self.wizard.start(Draft(scope="individual", account=UserAccount()), "user")

    def _edit(self, key: str) -> None:
        from a5wizard.draft import Draft

        if key == ADD_GLOBAL:
            draft = Draft()
            draft.choose_scope("global")
            draft.changed = False
            self.wizard.start(draft, "provider")
            return
        self.wizard.start(Draft.for_existing(self.wizard.settings, key), "account")

    @work(thread=True, exclusive=True, group="remove")
    def remove_user(self, name: str) -> None:
        """Remove the user's account and password through the accounts service."""
        from a5wizard.accounts import UnknownUser, remove_user
        from a5wizard.secret_store import SecretStoreError

        try:
            remove_user(self.wizard.config, name, store=self.wizard.secret_store)
        except (UnknownUser, SecretStoreError, OSError) as error:
            self.app.call_from_thread(self._say, str(error))
            return
        self.app.call_from_thread(self._removed, name)

    def _say(self, message: str) -> None:
        self.query_one("#status", StatusLine).say(message)

    def _removed(self, name: str) -> None:
        self.wizard.reload_settings()
        accounts = self.query_one("#accounts", OptionList)
        accounts.clear_options()
        accounts.add_options(self._options())
        accounts.highlighted = 0
        self._update_buttons()
        self.query_one("#status", StatusLine).say(f"Removed user {name}.", "fine")
