"""Small widgets every wizard screen shares: the step header, the action bar and
text built safely from untrusted values (server replies, what people type)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.containers import Horizontal
from textual.content import Content
from textual.style import Style
from textual.visual import VisualType
from textual.widgets import Checkbox, OptionList, RadioButton, Static
from textual.widgets.option_list import Option

from a5wizard.text import clean


def plain(text: str) -> Content:
    """Untrusted text, cleaned of control characters and shown literally."""
    return Content(clean(text))


def link(url: str) -> Content:
    """A URL printed in full that is also a terminal hyperlink where supported."""
    safe = clean(url)
    return Content(safe).stylize(Style(link=safe))


def rows_table(rows: list[tuple[str, str]], width: int = 20) -> Content:
    """Label and value pairs, one a line, labels padded to line up."""
    lines = [
        Content.assemble((f"{label}:".ljust(width), "bold"), plain(value))
        for label, value in rows
    ]
    return Content("\n").join(lines)


class StepHeader(Horizontal):
    """The top line: where the person is in the journey, and the mode mark."""

    DEFAULT_CSS = """
    StepHeader {
        dock: top;
        height: 1;
        background: $primary;
        color: $text;
    }
    StepHeader #where { width: auto; padding: 0 1; text-style: bold; }
    StepHeader #spacer { width: 1fr; }
    StepHeader #mark {
        width: auto;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $warning;
        color: $text;
        text-style: bold;
    }
    StepHeader #mark.-empty { display: none; }
    """

    def __init__(self, where: str, mark: str = "") -> None:
        super().__init__()
        self._where = where
        self._mark = mark

    def compose(self):  # type: ignore[no-untyped-def]
        """The position text on the left, the mark (e.g. SANDBOX) on the right."""
        yield Static(self._where, id="where", markup=False)
        yield Static(id="spacer")
        yield Static(
            self._mark, id="mark", markup=False, classes="" if self._mark else "-empty"
        )

    def set_mark(self, mark: str) -> None:
        """Show a new mode mark (e.g. when the sandbox plays a failure)."""
        self._mark = mark
        shown = self.query_one("#mark", Static)
        shown.update(mark)
        shown.set_class(not mark, "-empty")


class ActionBar(Horizontal):
    """The screen's buttons, under the scrolling body so they are always visible."""

    DEFAULT_CSS = """
    ActionBar {
        height: 3;
        width: 100%;
        align-horizontal: right;
        padding: 0 1;
    }
    ActionBar Button { margin-left: 1; min-width: 8; }
    """


class StatusLine(Static):
    """A short message at the left of the action bar, e.g. why Next refuses;
    errors are bold in the full foreground, never dimmer than the hints."""

    DEFAULT_CSS = """
    StatusLine {
        width: 1fr;
        height: 3;
        content-align: left middle;
        color: $foreground;
        text-style: bold;
    }
    StatusLine.-fine { color: $text-success; }
    StatusLine.-busy { color: $text; text-style: none; }
    """

    MARKS: ClassVar[dict[str, str]] = {
        "error": "[$text-error]✘[/] ",
        "fine": "[$text-success]✔[/] ",
    }
    """What each kind of message starts with, so they differ without colour."""

    def say(self, message: str, kind: str = "error") -> None:
        """Show a message; kind is "error", "fine" or "busy"."""
        mark = Content.from_markup(self.MARKS.get(kind, "") if message else "")
        self.update(mark + plain(message))
        self.set_class(kind == "fine", "-fine")
        self.set_class(kind == "busy", "-busy")


class Note(Static):
    """A line of guidance text, dimmed but legible without colour."""

    DEFAULT_CSS = """
    Note { color: $text-muted; margin: 0 0 1 0; }
    """


class FieldMessage(Static):
    """An error or warning shown right under its field; empty means hidden.
    Errors are bold in the full foreground (never dimmer than the hints), with
    the mark in the error colour."""

    DEFAULT_CSS = """
    FieldMessage { display: none; margin: 0 0 0 22; }
    FieldMessage.-error { display: block; color: $foreground; text-style: bold; }
    FieldMessage.-warning { display: block; color: $text-warning; }
    """

    def show(self, message: str, severity: str) -> None:
        """Show one message; severity is "error" or "warning"."""
        prefix = "[$text-error]✘[/] " if severity == "error" else "! "
        self.update(Content.from_markup(prefix) + plain(message))
        self.set_class(severity == "error", "-error")
        self.set_class(severity != "error", "-warning")

    def clear(self) -> None:
        """Hide the message."""
        self.update("")
        self.remove_class("-error", "-warning")


class TickBox(Checkbox):
    """A checkbox whose mark is blank when unticked, so the state reads without
    colour (the stock one shows a dimmed X either way)."""

    MARK = "X"

    def __init__(self, label: str, value: bool = False, **options: Any) -> None:
        super().__init__(label, value, **options)
        self._set_mark(value)

    def watch_value(self) -> None:
        """Show the mark for the new value, then react as the stock widget does."""
        self._set_mark(self.value)
        super().watch_value()

    def _set_mark(self, value: bool) -> None:
        self.BUTTON_INNER = self.MARK if value else " "


class Choice(RadioButton):
    """A radio button whose dot shows only when chosen, legible without colour."""

    def __init__(self, label: str, value: bool = False, **options: Any) -> None:
        super().__init__(label, value, **options)
        self._set_mark(value)

    def watch_value(self) -> None:
        """Show the dot for the new value, then react as the stock widget does."""
        self._set_mark(self.value)
        super().watch_value()

    def _set_mark(self, value: bool) -> None:
        self.BUTTON_INNER = "●" if value else " "


class MarkedOptionList(OptionList):
    """An option list whose highlighted option starts with a mark, so the
    choice stays visible without colour when the list is not focused."""

    MARK = "▶ "

    def __init__(self, *options: Option | None, **settings: Any) -> None:
        self._unmarked: dict[Option, VisualType] = {}
        super().__init__(*options, **settings)

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Move the mark to the new highlight, then react as the stock widget does."""
        self._mark(highlighted)
        super().watch_highlighted(highlighted)

    def _mark(self, highlighted: int | None) -> None:
        for index, option in enumerate(self.options):
            prompt = self._unmarked.setdefault(option, option.prompt)
            mark = self.MARK if index == highlighted else " " * len(self.MARK)
            self.replace_option_prompt_at_index(index, marked(prompt, mark))


def marked(prompt: VisualType, mark: str) -> Content:
    """A prompt with a mark before its first line and the others lined up."""
    text = prompt if isinstance(prompt, Content) else Content(str(prompt))
    indent = Content(" " * len(mark))
    lines = text.split("\n", allow_blank=True)
    return Content("\n").join(
        [Content(mark) + lines[0], *(indent + line for line in lines[1:])]
    )
