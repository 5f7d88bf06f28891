"""A yes/no question in a small dialog, answered by keyboard or mouse."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens.widgets import plain


class ConfirmScreen(ModalScreen[bool]):
    """Ask before doing something that cannot be undone or loses entries."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Cancel"),
    ]
    HELP = "Choose with Tab and Enter. Escape cancels and nothing happens."

    def __init__(self, question: str, yes: str, no: str = "Cancel") -> None:
        super().__init__()
        self._question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        """The question and two buttons; the safe answer has the focus."""
        with Vertical(id="dialog"):
            yield Static(plain(self._question), id="question")
            with Horizontal(id="answers"):
                yield Button(self._no, id="no")
                yield Button(self._yes, id="yes", variant="error")

    def on_mount(self) -> None:
        """Start on the safe answer."""
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close with the answer chosen."""
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Close with an answer from a key."""
        self.dismiss(yes)
