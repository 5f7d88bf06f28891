"""Step: choose the scope, the global account (everyone) or one user's own account."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from screens.base import WizardScreen
from screens.sandbox_view import sandbox_panel
from screens.widgets import ActionBar, MarkedOptionList, Note

if TYPE_CHECKING:
    from a5wizard.draft import Scope

CHOICES: dict[str, tuple[str, str]] = {
    "global": (
        "The global account: mail of every user",
        "Typed into Artsystem5 under Settings > Advanced.",
    ),
    "individual": (
        "One user's own account",
        "Typed into Artsystem5 under Settings > User Details for that user.",
    ),
}


class ScopeScreen(WizardScreen):
    """Global or individual: whose mail this account sends."""

    STEP: ClassVar[str] = "scope"
    HELP = (
        "Scope: whose mail goes through the account you are about to set up.\n\n"
        "The global account sends for every user who has no account of their own. "
        "A user's own account always wins over the global one. Most galleries need "
        "only the global account; add a user's own account when that person must "
        "send from their own address.\n\n"
        "Use the arrow keys to pick and Enter to go on."
    )

    def compose(self) -> ComposeResult:
        """The two scopes and the fall-back rule."""
        yield from self.compose_frame()
        with VerticalScroll():
            yield from sandbox_panel(self.wizard.sandbox)
            yield Static("Whose mail should this account send?", classes="question")
            yield MarkedOptionList(
                *(
                    Option(
                        Content.assemble((title, "bold"), "\n", Content(detail)), id=key
                    )
                    for key, (title, detail) in CHOICES.items()
                ),
                id="scopes",
            )
            yield Note(
                "A user's own account wins; every user without one sends through "
                "the global account."
            )
        with ActionBar():
            yield Button("Next", id="next", variant="primary")

    def on_mount(self) -> None:
        """Highlight the scope chosen before, if any."""
        super().on_mount()
        choices = self.query_one("#scopes", OptionList)
        choices.highlighted = 1 if self.draft.scope == "individual" else 0
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a scope chooses it and moves on."""
        event.stop()
        self._choose(str(event.option.id))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Next chooses the highlighted scope."""
        event.stop()
        choices = self.query_one("#scopes", OptionList)
        option = choices.highlighted_option
        if option is not None:
            self._choose(str(option.id))

    def _choose(self, scope: str) -> None:
        chosen: Scope = "individual" if scope == "individual" else "global"
        self.draft.choose_scope(chosen)
        self.wizard.go_next("scope")
