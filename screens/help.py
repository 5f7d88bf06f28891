"""Help for the screen in front, shown over it; Escape or F1 closes it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

GENERAL = (
    "Keys everywhere: Tab and Shift+Tab move between fields and buttons, "
    "Enter presses a button, Escape goes back a step keeping what you entered, "
    "F1 shows this help and Ctrl+Q quits (asking first if something is unsaved). "
    "Nothing is written to the config until the last step."
)


class HelpScreen(ModalScreen[None]):
    """What the current step is for and how to use it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("f1", "close", "Close", show=False),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def compose(self) -> ComposeResult:
        """The screen's help, the general keys, and a Close button."""
        with Vertical(id="dialog"):
            with VerticalScroll(id="help-text"):
                yield Static(self._text, markup=False)
                yield Static(GENERAL, markup=False, classes="general")
            yield Button("Close", id="close")

    def on_mount(self) -> None:
        """Focus the Close button so Enter closes."""
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close on the button."""
        event.stop()
        self.dismiss()

    def action_close(self) -> None:
        """Close on a key."""
        self.dismiss()
