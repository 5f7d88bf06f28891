"""The transcript of the last check (what was said to the server and what it
answered, the password hidden), shown over the test screen."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from a5wizard.text import clean
from screens.widgets import plain


def read_transcript(path: Path) -> str:
    """The transcript's text, or why it cannot be shown."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return f"The transcript {path} cannot be read: {error.strerror or error}"


class TranscriptScreen(ModalScreen[None]):
    """Every line of a check's conversation with the server."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
    ]
    HELP = (
        "The transcript: each line the wizard sent (C:) and the server answered "
        "(S:), with notes (--). Passwords are shown as <hidden>. Support may ask "
        "for this file; its path is at the top."
    )

    def __init__(self, path: Path, shown_path: str) -> None:
        super().__init__()
        self._path = path
        self._shown_path = shown_path

    def compose(self) -> ComposeResult:
        """The file's path, its lines, and a Close button."""
        with Vertical(id="dialog"):
            yield Static(plain(f"Transcript: {self._shown_path}"), classes="title")
            with VerticalScroll(id="transcript-text"):
                yield Static("Reading the transcript…", id="lines")
            yield Button("Close", id="close")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        """Focus the text so arrow keys scroll it; read the file in the background."""
        self.query_one("#transcript-text").focus()
        self.load_lines()

    @work(thread=True, exclusive=True, group="transcript")
    def load_lines(self) -> None:
        """Read the transcript in a thread, then show it cleaned of escapes."""
        text = clean(read_transcript(self._path), keep_newlines=True)
        self.app.call_from_thread(self._show_lines, Content(text))

    def _show_lines(self, lines: Content) -> None:
        self.query_one("#lines", Static).update(lines)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close on the button."""
        event.stop()
        self.dismiss()

    def action_close(self) -> None:
        """Close on Escape."""
        self.dismiss()
